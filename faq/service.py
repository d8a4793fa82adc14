"""The FAQ's service API, shared by the JSON API, the web page, Slack and the terminal chat.

    answer_question(question, *, db=None, channel="api") -> Answer
    draft_answer(question) -> Draft | None; settle_answer(question, draft, *, db, channel) -> Answer
                              (answer_question in two halves: the search, then the database's part)
    log_draft(question, draft, *, channel, repeat_of=None) -> Answer   (settle_answer on a connection of its own)
    await log_draft_offloading(question, draft, *, channel, offload, repeat_of=None) -> Answer
                              (log_draft from an event loop: the row without a worker thread where it can be)
    log_unanswered(*, db, question, channel, reason="low_confidence", score=0.0, entry_id=None) -> int

The index lives in memory, built at start-up from the database (or the content files when no
database is given) with the active profile's values filled in, and rebuilt when an entry changes.
"""
from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import structlog
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from consult import clock
from consult.privacy.redact import redact_people as redact
from consult.privacy.redact import strip_placeholders
from consult.profiles import Profile, active_profile
from consult.settings import get_settings
from faq import question_log
from faq.content import EntrySource, load_files, profile_context, render_entry
from faq.models import FaqEntry, FaqQuestion
from faq.risk import mentions_risk
from faq.seeding import seed_entries

if TYPE_CHECKING:  # faq.index brings numpy and bm25s: imported when the index is first built, off start-up
    from faq.index import FaqIndex, Match

log = structlog.get_logger(__name__)
# How an async caller runs a blocking call in a worker thread: offload(function, *args, **kwargs).
Offload = Callable[..., Awaitable[Any]]
MAX_QUESTION_LENGTH = 1000
BUILD_AFTER_SECONDS = 1.0  # after start-up, before the index is built in the background


class UnknownEntry(LookupError):
    pass


@dataclass(frozen=True)
class Suggestion:
    entry_id: str
    title: str


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    entry_id: str | None
    title: str | None
    answer: str | None  # Markdown in plain words; None when declined
    source: str | None
    score: float  # calibrated confidence 0-1 of the best match
    suggestions: tuple[Suggestion, ...]
    reason: str  # answered | low_confidence | ambiguous | no_match | risk
    risk: bool = False
    risk_guidance: str | None = None
    question_id: int | None = None
    # Declined, but suggestions[0] is offered by name ("did you mean ...?"): the engine's best entry
    # was close to confident (faq.index.OFFER_THRESHOLD). Shown by the page and Slack; the API's
    # fields are unchanged (the offered entry is the first of `suggestions`, as for any decline).
    offered: bool = False

    def as_api(self) -> dict[str, Any]:
        return {
            "answered": self.answered, "entry_id": self.entry_id, "title": self.title, "answer": self.answer,
            "score": round(self.score, 3),
            "suggestions": [{"entry_id": s.entry_id, "title": s.title} for s in self.suggestions],
            "source": self.source, "reason": self.reason, "risk": self.risk, "risk_guidance": self.risk_guidance,
            "question_id": self.question_id,
        }


# --- the in-memory index ------------------------------------------------------------------------
_lock = threading.Lock()


@dataclass(frozen=True)
class _Built:
    """The FaqIndex last built and the key it was built for, replaced together (one assignment), so
    a reader without the lock never pairs an index with another build's key."""

    key: tuple[object, ...]
    index: FaqIndex


_state: dict[str, _Built | None] = {"built": None}


# Built once: constructing a statement and working out its cache key cost more per question than
# running it (issue 23).
_VERSION = select(func.count(FaqEntry.id), func.sum(FaqEntry.revision))


def _version(db: Session) -> tuple[int, int]:
    # On the session's connection: the ORM's execute adds its compile-state work for a plain read.
    count, revisions = db.connection().execute(_VERSION).one()
    return int(count or 0), int(revisions or 0)


def entry_sources(db: Session) -> list[EntrySource]:
    rows = db.scalars(select(FaqEntry).order_by(FaqEntry.id)).all()
    return [_source_of(row) for row in rows]


def _source_of(row: FaqEntry) -> EntrySource:
    return EntrySource(id=row.id, title=row.title, phrasings=tuple(row.phrasings or ()), tags=tuple(row.tags or ()),
                       owner=row.owner, last_reviewed=row.last_reviewed, source=row.source, body=row.body)


def build_index(entries: list[EntrySource], profile: Profile) -> FaqIndex:
    from consult.logs import quieten_debug_loggers
    from faq.index import FaqIndex

    quieten_debug_loggers()  # bm25s, imported just now, sets its own logger to DEBUG
    context = profile_context(profile)
    return FaqIndex([render_entry(e, profile, context=context) for e in entries])


def current_index(*, db: Session | None = None, force: bool = False) -> FaqIndex:
    """The index for the active profile; with `db`, rebuilt if an entry changed (in any process)."""
    profile = active_profile()
    key: tuple[object, ...]
    loader: Callable[[], list[EntrySource]]
    built = _state["built"]
    if db is None:
        if built is not None and built.key[0] == profile.id:
            return built.index
        key, loader = (profile.id, "files"), lambda: list(load_files())
    else:
        count, revisions = _version(db)
        if count == 0:
            key, loader = (profile.id, "files"), lambda: list(load_files())
        else:
            key, loader = (profile.id, "db", count, revisions), lambda: entry_sources(db)
    key = (*key, get_settings().phone_line_number)  # entries name the line's number: a new one rebuilds
    with _lock:
        built = _state["built"]
        if force or built is None or built.key != key:
            built = _state["built"] = _Built(key, build_index(loader(), profile))
            log.info("faq_index_built", entries=len(built.index.entries), profile=profile.id, source=key[1])
        return built.index


def startup() -> Callable[[], None]:
    """STARTUP_HOOK: make sure the entries exist in the database, then build the index once, in
    the background, a second after start-up: building it takes seconds, and the app answers
    everything else meanwhile (a question asked before it is ready waits for it under the index's lock).
    Returns the shutdown step, which cancels the build or waits for it to finish."""
    from consult.db import session_scope

    try:
        with session_scope() as db:
            seed_entries(db=db)
    except Exception as exc:  # a database outage must not stop the app: answer from the files
        log.warning("faq_index_from_files", error_type=type(exc).__name__)
    # Not at once: importing numpy and bm25s and building takes a few seconds of CPU, and on the
    # interpreter's one lock it would hold back the app's first answers (health checks, pages).
    # A question asked before then builds the index itself.
    build = threading.Timer(BUILD_AFTER_SECONDS, _build_at_startup)
    build.name, build.daemon = "faq-index", True
    build.start()
    return lambda: _stop_build(build)


def _stop_build(build: threading.Timer) -> None:
    # A build left running past shutdown would read whatever database and settings are current by
    # then (in the tests, the next test's, halfway through being set up).
    build.cancel()
    build.join()


def _build_at_startup() -> None:
    from consult.db import session_scope

    try:
        with session_scope() as db:
            current_index(db=db)
    except Exception as exc:
        log.warning("faq_index_from_files", error_type=type(exc).__name__)
        current_index()


# --- answering -----------------------------------------------------------------------------------
def answer_question(question: str, *, db: Session | None = None, channel: str = "api",
                    repeat_of: int | None = None, index: FaqIndex | None = None) -> Answer:
    """Answer a practitioner's question, or decline honestly. With `db` the question is logged,
    unless it repeats the logged question `repeat_of` (faq.repeats), which the answer then names.
    `index`: current_index(db=db) if the caller has just read it (a page that also lists entries)."""
    answer = _search(index or current_index(db=db), _clean(question))
    return answer if db is None else _logged(answer, db=db, channel=channel, repeat_of=repeat_of)


@dataclass(frozen=True)
class Draft:
    """An answer worked out from the index in memory before the database has said that index is
    still the current one (settle_answer asks it)."""

    answer: Answer
    index: FaqIndex
    key: tuple[object, ...]  # what the index was built for (faq.service.current_index's key)


def draft_answer(question: str) -> Draft | None:
    """The answer from the index last built, or None when none is built yet. Only CPU work: no
    database, no lock, no waiting on a build. The API works it out before its database trip: in that
    trip's worker thread every numpy call would hand the interpreter's lock to the event loop and wait
    to get it back, which under load cost more than the search itself (issue 23)."""
    built = _state["built"]
    return None if built is None else Draft(_search(built.index, _clean(question)), built.index, built.key)


def settle_answer(question: str, draft: Draft | None, *, db: Session, channel: str, repeat_of: int | None = None,
                  index: FaqIndex | None = None) -> Answer:
    """What answer_question(question, db=db, ...) returns, given `draft` = draft_answer(question):
    the draft's answer, logged, when the index it came from is still current (`index`, or
    current_index(db=db)); otherwise answered here from the current one (no index was built when
    the draft was asked for, or an entry or the profile has changed since, in any process)."""
    if draft is not None and index is None and repeat_of is None:
        logged = _log_if_current(draft, db=db, channel=channel)
        if logged is not None:
            return logged
    current = index or current_index(db=db)
    if draft is None or current is not draft.index:
        return answer_question(question, db=db, channel=channel, repeat_of=repeat_of, index=current)
    return _logged(draft.answer, db=db, channel=channel, repeat_of=repeat_of)


def _search(index: FaqIndex, text: str) -> Answer:
    return _answer_from(text, index.search(strip_placeholders(text)))


def _clean(question: str) -> str:
    return (question or "").strip()[:MAX_QUESTION_LENGTH]


def _logged(answer: Answer, *, db: Session, channel: str, repeat_of: int | None) -> Answer:
    if repeat_of is not None and db.get(FaqQuestion, repeat_of) is not None:
        return _with_question_id(answer, repeat_of)
    return _with_question_id(answer, _log(db=db, answer=answer, channel=channel))


def _answer_from(text: str, match: Match) -> Answer:
    from faq.index import SUGGESTION_MIN_CONFIDENCE

    score = match.best.confidence if match.best else 0.0
    if mentions_risk(text):
        contacts = active_profile().contacts
        related = [c for c in ((match.best,) if match.best else ()) + match.suggestions]
        return Answer(
            question=text, answered=False, entry_id=None, title=None, answer=None, source=None, score=score,
            suggestions=tuple(Suggestion(c.entry.id, c.entry.title) for c in related[:3]), reason="risk", risk=True,
            risk_guidance=f"{contacts.emergency} {contacts.safeguarding}",
        )
    suggestions = tuple(Suggestion(c.entry.id, c.entry.title) for c in match.suggestions)
    if not match.answered:
        if match.best and match.best.confidence >= SUGGESTION_MIN_CONFIDENCE:
            suggestions = (Suggestion(match.best.entry.id, match.best.entry.title),) + suggestions
        return Answer(question=text, answered=False, entry_id=None, title=None, answer=None, source=None,
                      score=score, suggestions=suggestions[:3], reason=match.reason,
                      offered=match.offered and match.best is not None and match.best.confidence >= SUGGESTION_MIN_CONFIDENCE)
    entry = match.best.entry  # type: ignore[union-attr]
    return Answer(question=text, answered=True, entry_id=entry.id, title=entry.title, answer=entry.answer,
                  source=entry.source, score=score, suggestions=suggestions, reason="answered")


def _with_question_id(answer: Answer, question_id: int) -> Answer:
    from dataclasses import replace

    return replace(answer, question_id=question_id)


def _log(*, db: Session, answer: Answer, channel: str) -> int:
    # One INSERT ... RETURNING, built once, its values as parameters: the ORM's add and flush (unit
    # of work, identity map) cost more than the question's search (issue 23).
    return _logged_as(question_log.write(db, _log_values(answer, channel)), answer, channel)


def _log_values(answer: Answer, channel: str) -> dict[str, Any]:
    return {
        "asked_at": clock.now(), "channel": channel, "answered": answer.answered, "reason": answer.reason,
        "risk": answer.risk, "score": min(max(answer.score, 0.0), 1.0), "entry_id": _closest(answer), "not_helpful": False,
        "text_redacted": None if answer.answered else redact(answer.question)[:MAX_QUESTION_LENGTH],
    }


def _closest(answer: Answer) -> str | None:
    return answer.entry_id or (answer.suggestions[0].entry_id if answer.suggestions else None)


def _logged_as(question_id: int, answer: Answer, channel: str) -> int:
    log.info("faq_question", question_id=question_id, channel=channel, answered=answer.answered, reason=answer.reason,
             entry_id=_closest(answer), score=round(answer.score, 3))
    return question_id


def _log_if_current(draft: Draft, *, db: Session, channel: str) -> Answer | None:
    """The draft's answer, logged, if its index is still the current one; else None, with nothing
    logged. One statement: the question's row is inserted only where the entries' count and
    revisions are still those the index was built from (the profile and the line's number are this
    process's own, compared here). It replaces a SELECT of the version and then an INSERT: each
    statement's trip through SQLAlchemy and the driver cost more than the search (issue 23)."""
    version = _current_version(draft)
    if version is None:
        return None
    return _logged_draft(draft, question_log.write_if_current(db, _log_values(draft.answer, channel), version), channel)


def log_draft(question: str, draft: Draft | None, *, channel: str, repeat_of: int | None = None) -> Answer:
    """settle_answer with a connection of its own, for the API and the page: the draft's row inserted
    straight on a pooled connection and committed, with no ORM session (a Session's set-up and end
    cost as much as the insert itself, issue 23); in a session, as settle_answer, when there is no
    draft, it is stale, or the question repeats `repeat_of`."""
    pending = _pending_row(draft, channel, repeat_of)
    if draft is not None and pending is not None:
        logged = _logged_draft(draft, question_log.write_if_current_alone(*pending), channel)
        if logged is not None:
            return logged
    if repeat_of is None:
        draft = None  # none, or stale: answered again below from the current index, not offered to a second INSERT
    from consult.db import session_scope

    with session_scope() as db:
        return settle_answer(question, draft, db=db, channel=channel, repeat_of=repeat_of)


async def log_draft_offloading(question: str, draft: Draft | None, *, channel: str, offload: Offload,
                               repeat_of: int | None = None) -> Answer:
    """log_draft for a caller on an event loop: the draft's INSERT made without a worker thread where
    it can be (question_log.write_if_current_soon), else handed to `offload` (how the caller runs a
    blocking call in a worker thread: consult.threads.in_worker_thread), as is the rest of the
    database's work when the draft is stale or the question a repeat.

    The row's values, the log line and the answer are worked out on the caller's thread. Python
    work in the worker thread contends with the event loop for the interpreter's lock: the one log
    line cost a question about 0.2 ms of server CPU there, against 20 us in a loop (issue 23)."""
    pending = _pending_row(draft, channel, repeat_of)
    if draft is not None and pending is not None:
        logged = _logged_draft(draft, await question_log.write_if_current_soon(*pending, offload=offload), channel)
        if logged is not None:
            return logged
    if repeat_of is None:
        draft = None  # none, or stale: answered again from the current index, in the worker thread
    answer: Answer = await offload(log_draft, question, draft, channel=channel, repeat_of=repeat_of)
    return answer


def _pending_row(draft: Draft | None, channel: str,
                 repeat_of: int | None) -> tuple[dict[str, Any], tuple[object, object]] | None:
    """The draft's row and the entries' version it may be written at (question_log.write_if_current_alone);
    None when it cannot be written straight: no draft, a repeated question, or another profile."""
    if draft is None or repeat_of is not None:
        return None
    version = _current_version(draft)
    return None if version is None else (_log_values(draft.answer, channel), version)


def _current_version(draft: Draft) -> tuple[object, object] | None:
    """The entries' (count, revisions) the draft's index was built from, for the database to compare;
    None if this process's profile or line number has changed since (the rest of the key)."""
    key = draft.key
    if key[0] != active_profile().id or key[-1] != get_settings().phone_line_number:
        return None
    return (key[2], key[3]) if key[1] == "db" else (0, 0)


def _logged_draft(draft: Draft, question_id: int | None, channel: str) -> Answer | None:
    if question_id is None:
        return None
    return _with_question_id(draft.answer, _logged_as(question_id, draft.answer, channel))


def log_unanswered(*, db: Session, question: str, channel: str, reason: str = "low_confidence",
                   score: float = 0.0, entry_id: str | None = None) -> int:
    """Log a question the caller could not answer (the text is redacted before it is stored)."""
    answer = Answer(question=question, answered=False, entry_id=None, title=None, answer=None, source=None,
                    score=score, suggestions=(Suggestion(entry_id, ""),) if entry_id else (), reason=reason,
                    risk=reason == "risk")
    return _log(db=db, answer=answer, channel=channel)
