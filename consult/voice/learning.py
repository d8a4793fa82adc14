"""Keeps each learning need's theme as the advice is recorded.

The consultations package stores the practitioner's learning need as words, and its retention
purge clears them; a quarter's return must not change when that happens. So whenever a flush
writes a new learning need on an advised consultation, its theme (by rules.theme_for over the
profile's themes) is written to learning_need_themes on the same connection, in the same
transaction. The consultations package knows nothing of this.
"""
from __future__ import annotations

from sqlalchemy import delete, event, insert, inspect
from sqlalchemy.orm import Session

from consult.consultations.models import Consultation
from consult.profiles import active_profile
from consult.voice import rules
from consult.voice.models import LearningNeedTheme


def themes() -> dict[str, tuple[str, ...]]:
    return {code: theme.keywords for code, theme in active_profile().voice.learning_themes.items()}


@event.listens_for(Session, "after_flush")
def _keep_themes(session: Session, _context) -> None:
    noted = []
    for obj in (*session.new, *session.dirty):
        if not isinstance(obj, Consultation) or obj.advised_at is None or not (obj.learning_needs or "").strip():
            continue
        attrs = inspect(obj).attrs
        # Either may be written first (an autoflush can fall between them): act when the pair is complete.
        if not (attrs.learning_needs.history.has_changes() or attrs.advised_at.history.has_changes()):
            continue
        noted.append({"consultation_id": obj.id, "advised_at": obj.advised_at,
                      "theme": rules.theme_for(obj.learning_needs, themes())})
    if noted:
        connection = session.connection()  # core statements: no autoflush inside the flush
        connection.execute(delete(LearningNeedTheme).where(
            LearningNeedTheme.consultation_id.in_([n["consultation_id"] for n in noted])))
        connection.execute(insert(LearningNeedTheme), noted)
