"""What the service manager does with the FAQ: edit entries, read the unanswered log and the
feedback, and the counts the quarterly report needs."""
from __future__ import annotations

from dataclasses import dataclass
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from consult import clock
from consult.profiles import available_profiles, load_profile
from faq.content import ContentError, make_entry, profile_context, render_entry
from faq.models import FaqEntry, FaqFeedback, FaqQuestion
from faq.service import UnknownEntry, current_index


@dataclass(frozen=True)
class FeedbackCount:
    helpful: int = 0
    not_helpful: int = 0


def list_entries(*, db: Session) -> list[FaqEntry]:
    return list(db.scalars(select(FaqEntry).order_by(FaqEntry.title)))


def get_entry(*, db: Session, entry_id: str) -> FaqEntry:
    row = db.get(FaqEntry, entry_id)
    if row is None:
        raise UnknownEntry(entry_id)
    return row


def split_lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def update_entry(*, db: Session, entry_id: str, title: str, phrasings: list[str], tags: list[str], owner: str,
                 source: str, body: str, editor_id: int | None) -> FaqEntry:
    """Save a manager's edit and rebuild the index. Raises ContentError naming the bad field.

    The edit is rendered against every service profile before it is saved, so a misspelt
    placeholder is caught here rather than breaking the FAQ in another area."""
    row = get_entry(db=db, entry_id=entry_id)
    entry = make_entry(id=entry_id, title=title, phrasings=phrasings, tags=tags, owner=owner or "Service manager",
                       last_reviewed=clock.today_local(), source=source, body=body)
    if len(entry.title) > 300 or len(entry.source) > 500:
        raise ContentError("keep the title under 300 and the source under 500 characters",
                           "title" if len(entry.title) > 300 else "source")
    for name in available_profiles():
        profile = load_profile(name)
        render_entry(entry, profile, context=profile_context(profile))
    row.title, row.phrasings, row.tags = entry.title, list(entry.phrasings), list(entry.tags)
    row.owner, row.source, row.body, row.last_reviewed = entry.owner, entry.source, entry.body, entry.last_reviewed
    row.updated_at, row.updated_by_id, row.revision = clock.now(), editor_id, row.revision + 1
    db.flush()
    current_index(db=db, force=True)  # rebuild now, so the next question sees the edit
    return row


def unanswered(*, db: Session, limit: int = 200) -> list[FaqQuestion]:
    query = select(FaqQuestion).where(FaqQuestion.answered.is_(False)).order_by(FaqQuestion.asked_at.desc(),
                                                                                FaqQuestion.id.desc())
    return list(db.scalars(query.limit(limit)))


def feedback_counts(*, db: Session) -> dict[str, FeedbackCount]:
    rows = db.execute(
        select(FaqFeedback.entry_id,
               func.sum(case((FaqFeedback.helpful.is_(True), 1), else_=0)),
               func.sum(case((FaqFeedback.helpful.is_(False), 1), else_=0)))
        .group_by(FaqFeedback.entry_id)
    ).all()
    return {entry_id: FeedbackCount(int(yes or 0), int(no or 0)) for entry_id, yes, no in rows}
