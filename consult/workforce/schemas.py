"""What the training and supervision JSON routes answer (api.md "Training and supervision").

Times are ISO 8601 strings; dates are YYYY-MM-DD.
"""
from __future__ import annotations

from pydantic import Field

from consult.core.answers import Answer


class CourseSessionOut(Answer):
    id: int
    title: str
    start: str
    end: str
    venue: str


class CourseOut(Answer):
    id: int
    title: str
    description: str
    capacity: int
    places_left: int
    booked: int
    waiting_list: int
    started: bool
    sessions: list[CourseSessionOut]


class CoursesOut(Answer):
    courses: list[CourseOut]


class CourseRefOut(Answer):
    id: int
    title: str


class BookedSessionOut(CourseSessionOut):
    attendance: str | None = Field(description="attended, apologies or did_not_attend; null until marked")


class BookingOut(Answer):
    """One delegate's place; `position` only while on the waiting list."""
    reference: str
    status: str
    approval: str
    position: int | None = Field(default=None, description="place on the waiting list (absent otherwise)")
    course: CourseRefOut
    sessions: list[BookedSessionOut]
    outcome: str | None
    feedback_given: bool
    started: bool
    created_at: str


class BookingChangedOut(BookingOut):
    place_passed_on: bool = Field(description="whether the released place went to the first on the waiting list")


class DelegateOut(BookingOut):
    name: str
    job_role: str | None
    district: str | None


class DelegatesOut(Answer):
    delegates: list[DelegateOut]


class TrainingFeedbackOut(Answer):
    reference: str
    confidence_change: int


class GroupSummaryOut(Answer):
    id: int
    name: str
    district: str
    members: int
    next_session: str | None
    supervisor: str | None


class GroupsOut(Answer):
    groups: list[GroupSummaryOut]


class MemberOut(Answer):
    membership_id: int
    user_id: int
    name: str
    member_role: str
    joined_on: str
    left_on: str | None


class GroupSessionOut(Answer):
    id: int
    start: str
    end: str
    status: str
    attendance: dict[str, str] = Field(description="each marked member's user id to their attendance")


class GroupOut(Answer):
    id: int
    name: str
    district: str
    supervisor: str | None
    supervisor_id: int | None
    location: str
    weekday: str
    week_of_month: int
    starts: str
    minutes: int
    members: list[MemberOut]
    sessions: list[GroupSessionOut]


class MemberAttendanceOut(Answer):
    session_id: int
    user_id: int
    status: str


class MyGroupOut(Answer):
    id: int
    name: str
    district: str
    location: str
    supervisor: str | None
    member_role: str


class NextSessionOut(Answer):
    id: int
    starts_at: str
    ends_at: str
    location: str


class MyTrainingOut(Answer):
    reference: str
    course: str
    status: str
    position: int | None
    starts_at: str


class MySupervisionOut(Answer):
    """A practitioner's supervision and training at a glance (also the web home and Slack `/pimh status`)."""
    group: MyGroupOut | None
    next_session: NextSessionOut | None
    supervision_attended_12_months: int
    training: list[MyTrainingOut]
    lines: list[str]
