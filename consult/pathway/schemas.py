"""What the pathway JSON routes answer (api.md "The family's pathway"). Nothing here names a
family: references, districts, dates, appointment places and clinicians only."""
from __future__ import annotations

from pydantic import Field

from consult.core.answers import Answer


class WaitingFamilyOut(Answer):
    reference: str
    district: str
    waiting_since: str
    working_days_waited: int
    due: str
    state: str = Field(description="on_track, due_soon or overdue")
    time_left: str
    allocated_to: str | None


class StageOut(Answer):
    count: int
    longest_working_days: int
    families: list[WaitingFamilyOut] = Field(description="least working time left first")


class StagesOut(Answer):
    triage: StageOut
    assessment: StageOut
    intervention: StageOut


class WaitingListOut(Answer):
    as_of: str
    stages: StagesOut


class OutcomesOut(Answer):
    reference: str
    outcomes: dict[str, dict[str, int]] = Field(
        description="{stage: {measure: total}}; an ASQ:SE-2 total with its asqse2_interval_months beside it")


class AppointmentOut(Answer):
    id: int
    kind: str
    method: str
    place: str | None
    session: str | None = Field(description="the extra (evening or Saturday) session, if one")
    starts: str
    ends: str
    status: str
    clinician_id: int


class AppointmentsOut(Answer):
    appointments: list[AppointmentOut]
    did_not_attend_review: bool


class AttendanceOut(AppointmentOut):
    did_not_attend_review: bool


class DecisionOut(Answer):
    reference: str
    decision: str


class HolderOut(Answer):
    id: int
    name: str


class AllocationOut(Answer):
    reference: str
    allocated_to: HolderOut


class ClinicianLoadOut(Answer):
    id: int
    name: str
    open_referrals: int
    open_consultations: int


class CaseloadOut(Answer):
    clinicians: list[ClinicianLoadOut] = Field(description="most loaded first")


class GpPracticeOut(Answer):
    reference: str
    gp_practice: str
