"""What the service manager does with the FAQ: edit entries, read the unanswered log and the
feedback, teach the FAQ a practitioner's wording in one click, and the counts the quarterly
report needs."""
from __future__ import annotations

import re
from dataclasses import dataclass

import structlog
from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from consult import clock
from consult.db import get_or_raise
from consult.privacy.redact import strip_placeholders
from consult.profiles import available_profiles, load_profile
from faq.content import ContentError, RenderedEntry, make_entry, profile_context, render_entry
from faq.models import FaqEntry, FaqFeedback, FaqQuestion
from faq.service import UnknownEntry, current_index

log = structlog.get_logger(__name__)
# How many entries each unanswered question offers, closest first.
CLOSEST = 3
MAX_PHRASING_LENGTH = 300
# Phrasings are Jinja templates (profile values): a practitioner's braces must never become one.
_TEMPLATE_MARKS = re.compile(r"[{}%#]")
_SPACES = re.compile(r"\s{1,1000}")


class UnknownQuestion(LookupError):
    pass


class PhrasingExists(ValueError):
    """The entry already has this wording (someone else clicked first): nothing changes."""


@dataclass(frozen=True)
class LearnItem:
    """One question the FAQ did not answer well, with the entries that might have answered it."""

    question: FaqQuestion
    closest: tuple[RenderedEntry, ...]
    can_add: bool  # not for risk questions: those always go to a person


@dataclass(frozen=True)
class FeedbackCount:
    helpful: int = 0
    not_helpful: int = 0


def list_entries(*, db: Session) -> list[FaqEntry]:
    return list(db.scalars(select(FaqEntry).order_by(FaqEntry.title)))


def get_entry(*, db: Session, entry_id: str) -> FaqEntry:
    return get_or_raise(db, FaqEntry, UnknownEntry(entry_id), id=entry_id)


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
    """Questions the FAQ declined and answers the practitioner said did not help, newest first."""
    query = select(FaqQuestion).where(or_(FaqQuestion.answered.is_(False), FaqQuestion.not_helpful.is_(True))) \
        .order_by(FaqQuestion.asked_at.desc(), FaqQuestion.id.desc())
    return list(db.scalars(query.limit(limit)))


def feedback_counts(*, db: Session) -> dict[str, FeedbackCount]:
    rows = db.execute(
        select(FaqFeedback.entry_id,
               func.sum(case((FaqFeedback.helpful.is_(True), 1), else_=0)),
               func.sum(case((FaqFeedback.helpful.is_(False), 1), else_=0)))
        .group_by(FaqFeedback.entry_id)
    ).all()
    return {entry_id: FeedbackCount(int(yes or 0), int(no or 0)) for entry_id, yes, no in rows}  # type: ignore[call-overload,misc]


# --- the manager's loop: a practitioner's wording becomes a phrasing ------------------------------
def phrasing_from(text: str) -> str:
    """A redacted question as an entry phrasing: placeholders ("[name]") and template marks gone."""
    cleaned = _TEMPLATE_MARKS.sub(" ", strip_placeholders(text or ""))
    return _SPACES.sub(" ", cleaned).strip()[:MAX_PHRASING_LENGTH]


def _same(a: str, b: str) -> bool:
    return a.casefold().strip(" ?.!") == b.casefold().strip(" ?.!")


def learning_queue(*, db: Session, limit: int = 100) -> list[LearnItem]:
    """Unanswered and "did not help" questions, newest first, each with its closest entries.
    A question already added as a phrasing of some entry has been dealt with and leaves the list."""
    index = current_index(db=db)
    taught = [p for e in index.entries for p in e.phrasings]
    items = []
    for row in unanswered(db=db, limit=limit):
        wording = phrasing_from(row.text_redacted or "")
        if not wording or any(_same(wording, p) for p in taught):
            continue
        items.append(LearnItem(row, tuple(index.closest(wording, CLOSEST)), can_add=not row.risk))
    return items


def add_phrasing(*, db: Session, question_id: int, entry_id: str, editor_id: int | None) -> FaqEntry:
    """Add a logged question, as written (redacted), to an entry's phrasings and rebuild the index,
    so the next practitioner who asks it that way gets that entry. The entry row is locked, so of
    two managers adding the same wording at once one adds it and the other gets PhrasingExists."""
    question = db.get(FaqQuestion, question_id)
    if question is None or question.text_redacted is None:
        raise UnknownQuestion(question_id)
    if question.risk:
        raise ContentError("a question that mentions risk is always handed to a person", "question")
    wording = phrasing_from(question.text_redacted)
    if not wording:
        raise ContentError("nothing is left of this question once names and numbers are removed", "question")
    row = db.scalars(select(FaqEntry).where(FaqEntry.id == entry_id).with_for_update()
                      .execution_options(populate_existing=True)).one_or_none()
    if row is None:
        raise UnknownEntry(entry_id)
    if any(_same(wording, p) for p in (row.title, *(row.phrasings or ()))):
        raise PhrasingExists(wording)
    row.phrasings = [*(row.phrasings or ()), wording]
    row.updated_at, row.updated_by_id, row.revision = clock.now(), editor_id, row.revision + 1
    db.flush()
    current_index(db=db, force=True)  # live at once: only the changed entry's texts are embedded again
    log.info("faq_phrasing_added", entry_id=entry_id, question_id=question_id, revision=row.revision)
    return row
