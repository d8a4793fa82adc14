"""Which consultation timeline events go to the audit log, and with what words.

The timeline (`consultation_events`) is for the people working a request; the audit log is the
service's append-only account of who created, read and changed which record. Every change goes
through `service.add_event`, which calls `audit_change` here, so the web, API, Slack, chat, the
booking package and the jobs are all covered without each transport remembering to.

Details are fixed words from this table, never the timeline's own detail (that can hold a
colleague's name or a closing reason typed by a clinician).
"""
from __future__ import annotations

from sqlalchemy.orm import Session

from consult.auth.models import User
from consult.consultations.models import Consultation
from consult.privacy.audit import Action, record_event

# kind -> (action, detail). Kinds left out on purpose: "acknowledged" and "offered" happen by
# rule in the same instant as "received" (its create event covers them), and "slack_message"
# relays a message the service does not keep, so nothing in the record changes.
AUDITED_KINDS: dict[str, tuple[Action, str]] = {
    "received": (Action.create, "consultation request received"),
    "claimed": (Action.update, "claimed"),
    "handed_over": (Action.update, "handed over to another clinician"),
    "advised": (Action.update, "advice recorded"),
    "call_logged": (Action.update, "call logged with its advice"),
    "closed": (Action.update, "closed"),
    "withdrawn": (Action.update, "withdrawn"),
    "feedback": (Action.update, "feedback given"),
    "booked": (Action.update, "joined to a triage booking"),
    "booking_cancelled": (Action.update, "its triage booking cancelled"),
    "booking_moved": (Action.update, "its triage booking moved"),
    "escalated_due_soon": (Action.update, "escalated: due soon"),
    "escalated_overdue": (Action.update, "escalated: overdue"),
}


def audit_change(*, db: Session, consultation: Consultation, kind: str, actor: User | None, system: str) -> None:
    """One audit event for a timeline event of an audited kind; `system` names what acted when no user did."""
    audited = AUDITED_KINDS.get(kind)
    if audited is None:
        return
    action, detail = audited
    if kind == "closed" and consultation.closed_without_advice:
        detail = "closed without advice"
    record_event(db=db, actor=actor or system, action=action, record=consultation.reference, detail=detail)


def audit_read(*, db: Session, consultation: Consultation, viewer: User, detail: str) -> None:
    """A colleague opened the request's identifiable fields (summary, call-back number, the practitioner's
    contact details). The practitioner reading their own request is not audited, as for referrals."""
    if viewer.id != consultation.practitioner_id:
        record_event(db=db, actor=viewer, action=Action.read, record=consultation.reference, detail=detail)
