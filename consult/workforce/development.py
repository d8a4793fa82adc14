"""A practitioner's development record (for their infant mental health portfolio) and the short
status the web and Slack show: their group, next session, training places.

Consultations are read, never written, from the consultation domain's tables.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from consult import clock
from consult.auth.models import User
from consult.consultations.models import Consultation, ConsultationConcern, ConsultationFeedback
from consult.workforce import supervision, training
from consult.workforce.models import Attendance, BookingStatus
from consult.workforce.rules import local_text, mean_change


@dataclass
class ConfidencePoint:
    at: datetime
    source: str  # "consultation" or "training"
    label: str
    before: int
    after: int


@dataclass
class DevelopmentRecord:
    user: User
    consultations: list[dict[str, Any]] = field(default_factory=list)
    supervision: list[dict[str, Any]] = field(default_factory=list)
    training: list[dict[str, Any]] = field(default_factory=list)
    confidence: list[ConfidencePoint] = field(default_factory=list)

    @property
    def supervision_attended(self) -> int:
        return sum(1 for s in self.supervision if s["attendance"] == Attendance.attended.value)

    @property
    def training_completed(self) -> int:
        return sum(1 for t in self.training if t["outcome"] == "completed")

    @property
    def confidence_change(self) -> float | None:
        return mean_change((p.before, p.after) for p in self.confidence)


def _consultations(db: Session, user: User) -> list[dict[str, Any]]:
    adviser = aliased(User)
    rows = db.execute(
        select(Consultation, adviser.name, ConsultationFeedback)
        .outerjoin(adviser, adviser.id == Consultation.advised_by_id)
        .outerjoin(ConsultationFeedback, ConsultationFeedback.consultation_id == Consultation.id)
        .where(Consultation.practitioner_id == user.id).order_by(Consultation.received_at.desc())
    ).all()
    concerns: dict[int, list[str]] = {}
    ids = [c.id for c, _, _ in rows]
    if ids:
        for cid, code in db.execute(select(ConsultationConcern.consultation_id, ConsultationConcern.code)
                                    .where(ConsultationConcern.consultation_id.in_(ids))).all():
            concerns.setdefault(cid, []).append(code)
    return [{
        "reference": c.reference, "received_at": c.received_at, "channel": c.channel, "status": c.status,
        "concerns": sorted(concerns.get(c.id, [])), "advised_at": c.advised_at, "advised_by": adviser_name,
        "advice": c.advice, "recommendation": c.recommendation, "thrive": c.thrive,
        "confidence_before": fb.confidence_before if fb else None, "confidence_after": fb.confidence_after if fb else None,
        "feedback_at": fb.given_at if fb else None,
    } for c, adviser_name, fb in rows]


def development_record(*, db: Session, user: User) -> DevelopmentRecord:
    record = DevelopmentRecord(user=user, consultations=_consultations(db, user))
    for session, status in supervision.attendance_history(db=db, user=user):
        record.supervision.append({"starts_at": session.starts_at, "group": session.group.name,
                                   "supervisor": session.supervisor.name if session.supervisor else None,
                                   "attendance": status.value})
    for booking in training.bookings_for(db=db, user=user):
        if booking.status != BookingStatus.booked:
            continue
        sessions = booking.course.sessions
        record.training.append({
            "reference": booking.reference, "course": booking.course.title,
            "first_day": sessions[0].starts_at if sessions else None, "last_day": sessions[-1].starts_at if sessions else None,
            "outcome": training.outcome(booking),
            "days_attended": sum(1 for a in booking.attendance if a.status == Attendance.attended), "days": len(sessions),
        })
        if booking.feedback is not None:
            fb = booking.feedback
            record.confidence.append(ConfidencePoint(fb.submitted_at, "training", booking.course.title,
                                                     fb.confidence_before, fb.confidence_after))
    for c in record.consultations:
        if c["feedback_at"] is not None:
            record.confidence.append(ConfidencePoint(c["feedback_at"], "consultation", c["reference"],
                                                     c["confidence_before"], c["confidence_after"]))
    record.confidence.sort(key=lambda p: p.at)
    return record


def _date(value: datetime | None) -> str:
    return local_text(value, fmt="%Y-%m-%d") if value else ""


def record_csv(record: DevelopmentRecord) -> str:
    """One row per activity. Advice text stays out: exports carry no free text that might name a family."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["activity", "date", "reference_or_group", "detail", "outcome", "confidence_before", "confidence_after"])
    for c in record.consultations:
        writer.writerow(["consultation", _date(c["received_at"]), c["reference"], " ".join(c["concerns"]),
                         c["recommendation"] or c["status"], c["confidence_before"] or "", c["confidence_after"] or ""])
    for s in record.supervision:
        writer.writerow(["group supervision", _date(s["starts_at"]), s["group"], s["supervisor"] or "", s["attendance"], "", ""])
    for t in record.training:
        writer.writerow(["training", _date(t["first_day"]), t["reference"], t["course"], t["outcome"], "", ""])
    for p in record.confidence:
        if p.source == "training":
            writer.writerow(["training feedback", _date(p.at), p.label, "", "", p.before, p.after])
    return out.getvalue()


def practitioner_summary(*, db: Session, user: User) -> dict[str, Any]:
    """What a practitioner needs at a glance (web home and Slack `/pimh status`).

    Returns {"group": {...}|None, "next_session": {...}|None, "supervision_attended_12_months": int,
    "training": [{reference, course, status, position, starts_at}], "lines": [plain-text lines]}.
    """
    membership = supervision.current_membership(db=db, user=user)
    group = nxt = None
    if membership is not None:
        g = membership.group
        group = {"id": g.id, "name": g.name, "district": g.district, "location": g.location,
                 "supervisor": g.supervisor.name if g.supervisor else None, "member_role": membership.member_role}
        session = supervision.next_session(db=db, group_id=g.id)
        if session is not None:
            nxt = {"id": session.id, "starts_at": session.starts_at.isoformat(), "ends_at": session.ends_at.isoformat(),
                   "location": g.location}
    year_ago = clock.now() - timedelta(days=365)
    attended = sum(1 for _, status in supervision.attendance_history(db=db, user=user, since=year_ago)
                   if status == Attendance.attended)
    now = clock.now()
    places = []
    for booking in training.bookings_for(db=db, user=user):
        sessions = booking.course.sessions
        if booking.status not in training.LIVE or not sessions or sessions[-1].ends_at < now:
            continue
        places.append({"reference": booking.reference, "course": booking.course.title, "status": booking.status.value,
                       "position": training.waiting_position(db=db, booking=booking),
                       "starts_at": sessions[0].starts_at.isoformat()})
    lines = []
    if group:
        when = local_text(datetime.fromisoformat(nxt["starts_at"])) if nxt else "not yet scheduled"  # type: ignore[arg-type]
        lines.append(f"Supervision group: {group['name']}. Next session: {when}.")
    else:
        lines.append("You are not in a supervision group.")
    lines.append(f"Group supervision sessions attended in the last 12 months: {attended}.")
    for p in places:
        state = "place booked" if p["status"] == "booked" else f"waiting list, position {p['position']}"
        lines.append(f"Training: {p['course']} from {local_text(datetime.fromisoformat(p['starts_at']))} ({state}, {p['reference']}).")  # type: ignore[arg-type]
    return {"group": group, "next_session": nxt, "supervision_attended_12_months": attended, "training": places, "lines": lines}
