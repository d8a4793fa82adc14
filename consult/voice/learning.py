"""Keeps each learning need's theme as the advice is recorded.

The consultations package stores the practitioner's learning need as words, and its retention
purge clears them; a quarter's return must not change when that happens. So whenever a flush
writes a new learning need on an advised consultation, its theme (by rules.theme_for over the
profile's themes) is written to learning_need_themes on the same connection, in the same
transaction. Advice is recorded by one conditional UPDATE (consult.core.transitions), which leaves
no attribute history, so the "advised" timeline line added with it is the cue as well as a changed
attribute. The consultations package knows nothing of this.
"""
from __future__ import annotations

from sqlalchemy import delete, event, insert, inspect
from sqlalchemy.orm import Session, UOWTransaction

from consult.consultations.models import Consultation, ConsultationEvent
from consult.profiles import active_profile
from consult.voice import rules
from consult.voice.models import LearningNeedTheme


def themes() -> dict[str, tuple[str, ...]]:
    return {code: theme.keywords for code, theme in active_profile().voice.learning_themes.items()}


@event.listens_for(Session, "after_flush")
def _keep_themes(session: Session, _context: UOWTransaction) -> None:
    advised: dict[int, Consultation] = {}
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Consultation):
            attrs = inspect(obj).attrs
            # Either may be written first (an autoflush can fall between them): act when the pair is complete.
            if attrs.learning_needs.history.has_changes() or attrs.advised_at.history.has_changes():
                advised[obj.id] = obj
        elif isinstance(obj, ConsultationEvent) and obj.kind == "advised":
            with session.no_autoflush:
                consultation = session.get(Consultation, obj.consultation_id)
            if consultation is not None:
                advised[consultation.id] = consultation
    noted = [{"consultation_id": c.id, "advised_at": c.advised_at, "theme": rules.theme_for(c.learning_needs, themes())}
             for c in advised.values() if c.advised_at is not None and (c.learning_needs or "").strip()]
    if noted:
        connection = session.connection()  # core statements: no autoflush inside the flush
        connection.execute(delete(LearningNeedTheme).where(
            LearningNeedTheme.consultation_id.in_([n["consultation_id"] for n in noted])))
        connection.execute(insert(LearningNeedTheme), noted)
