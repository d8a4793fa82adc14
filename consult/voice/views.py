"""How complaints are shown: plain dicts for the JSON API and the pages (managers only)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from consult.auth.models import User
from consult.voice import rules
from consult.voice.models import Complaint


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def state(c: Complaint, now: datetime) -> str:
    return rules.acknowledgement_state(now=now, status=c.status, due_soon_at=c.ack_due_soon_at,
                                       deadline=c.ack_deadline_at)


def created(c: Complaint) -> dict[str, str]:
    return {"id": c.reference, "status": c.status, "acknowledge_by": c.acknowledge_by.isoformat()}


def summary(c: Complaint, now: datetime) -> dict[str, Any]:
    return {"id": c.reference, "status": c.status, "source": c.source, "about": c.about,
            "received_on": c.received_on.isoformat(), "acknowledge_by": c.acknowledge_by.isoformat(),
            "acknowledgement_state": state(c, now), "acknowledged_on": _iso(c.acknowledged_on),
            "acknowledged_within_target": c.acknowledged_within_target, "outcome": c.outcome,
            "closed_on": _iso(c.closed_on), "reference": c.related_reference}


def names(db: Session, ids: Iterable[int | None]) -> dict[int | None, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return dict(db.execute(select(User.id, User.name).where(User.id.in_(wanted))).all())


def full(db: Session, c: Complaint, now: datetime) -> dict[str, Any]:
    who = names(db, [c.recorded_by_id, *(e.actor_id for e in c.events)])
    return {**summary(c, now), "summary": c.summary, "response": c.response, "related_kind": c.related_kind,
            "recorded_by": who.get(c.recorded_by_id), "recorded_at": _iso(c.recorded_at),
            "timeline": [{"at": e.at.isoformat(), "kind": e.kind, "actor": who.get(e.actor_id, "PIMH Consult"),
                          "detail": e.detail} for e in c.events]}
