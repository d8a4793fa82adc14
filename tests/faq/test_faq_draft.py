"""answer_question in two halves (issue 23): the search, worked out from the index in memory with no
database (the API and page do it on the event loop), then the database's half, which checks that index
is still the current one and logs the question. A draft from an index that has since changed must
never be what the practitioner is told."""
from __future__ import annotations

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import structlog
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from consult.threads import in_worker_thread
from faq import manage, service
from faq.models import FaqEntry, FaqQuestion
from faq.service import answer_question, current_index, draft_answer, settle_answer
from tests.conftest import POSTGRES_URL, run_on_a_loop_of_its_own

ANSWERED = "how long till i hear back after sending a referal"
# Declined until a manager teaches it; a wording no other test adds (entry vectors are cached per process).
TAUGHT = "is anybody working in the gap between boxing day and the first of january"


def _teach_the_wording(db):
    """A manager teaches bank-holidays TAUGHT's wording (in this process or, as far as an index knows, another)."""
    row = db.get(FaqEntry, "bank-holidays")
    manage.update_entry(db=db, entry_id="bank-holidays", title=row.title,
                        phrasings=[*row.phrasings, "Is anybody working between Boxing Day and the first of January?"],
                        tags=list(row.tags), owner=row.owner, source=row.source, body=row.body, editor_id=None)


def test_a_settled_draft_is_the_answer_answer_question_gives_and_is_logged(seeded):
    current_index(db=seeded)
    draft = draft_answer(ANSWERED)
    assert draft is not None and draft.index is current_index(db=seeded)

    settled = settle_answer(ANSWERED, draft, db=seeded, channel="api")
    direct = answer_question(ANSWERED, db=seeded, channel="api")
    assert settled.answered and settled.entry_id == "response-times"
    assert (settled.entry_id, settled.reason, settled.score) == (direct.entry_id, direct.reason, direct.score)
    rows = seeded.scalars(select(FaqQuestion).order_by(FaqQuestion.id)).all()
    assert [r.id for r in rows] == [settled.question_id, direct.question_id]
    assert rows[0].entry_id == "response-times" and rows[0].answered and rows[0].channel == "api"


def test_a_draft_from_an_index_that_has_since_changed_is_answered_again(seeded):
    current_index(db=seeded)
    draft = draft_answer(TAUGHT)
    assert draft is not None and not draft.answer.answered

    # Meanwhile (in this process or another) a manager teaches the FAQ that wording.
    _teach_the_wording(seeded)

    settled = settle_answer(TAUGHT, draft, db=seeded, channel="api")
    assert settled.answered and settled.entry_id == "bank-holidays", (settled.reason, settled.score)
    logged = seeded.get(FaqQuestion, settled.question_id)
    assert logged.answered and logged.entry_id == "bank-holidays"
    # The stale draft's conditional row was never written: the question is logged once.
    assert seeded.scalars(select(FaqQuestion.id)).all() == [settled.question_id]


def test_a_draft_is_logged_only_while_the_entries_are_as_its_index_saw_them(seeded):
    current_index(db=seeded)
    draft = draft_answer(ANSWERED)
    assert draft is not None
    assert service._log_if_current(draft, db=seeded, channel="api") is not None
    # Another process's edit bumps a revision; this process's index has not seen it yet.
    seeded.get(FaqEntry, "bank-holidays").revision += 1
    seeded.flush()
    assert service._log_if_current(draft, db=seeded, channel="api") is None
    assert len(seeded.scalars(select(FaqQuestion.id)).all()) == 1


def test_there_is_no_draft_before_the_index_is_first_built(monkeypatch):
    monkeypatch.setitem(service._state, "built", None)
    assert draft_answer(ANSWERED) is None


def test_the_api_and_page_answer_before_the_index_is_built_and_after(client, seeded, monkeypatch):
    monkeypatch.setitem(service._state, "built", None)
    first = client.post("/api/faq/answer", json={"question": ANSWERED})  # the worker thread builds it
    assert first.status_code == 200 and first.json()["entry_id"] == "response-times"
    assert service._state["built"] is not None
    second = client.post("/api/faq/answer", json={"question": ANSWERED})  # drafted, then settled
    assert second.status_code == 200 and second.json()["entry_id"] == "response-times"
    assert second.json()["question_id"] == first.json()["question_id"] + 1
    page = client.get("/faq", params={"q": ANSWERED})
    assert page.status_code == 200 and "2 working days" in page.text


def test_the_api_path_logs_a_draft_on_a_connection_of_its_own_as_the_orm_would(seeded, clock):
    current_index(db=seeded)
    draft = draft_answer(ANSWERED)
    answer = service.log_draft(ANSWERED, draft, channel="api")
    seeded.expire_all()
    row = seeded.get(FaqQuestion, answer.question_id)
    # Committed, and read back through the ORM as written: the time zone-aware timestamp, the booleans.
    assert (row.channel, row.answered, row.reason, row.entry_id, row.risk, row.not_helpful) == (
        "api", True, "answered", "response-times", False, False)
    assert row.asked_at == clock.now() and row.asked_at.tzinfo is not None
    assert row.text_redacted is None and abs(row.score - answer.score) < 1e-9


def test_the_api_path_answers_a_stale_draft_again_and_logs_it_once(seeded):
    current_index(db=seeded)
    draft = draft_answer(TAUGHT)
    _teach_the_wording(seeded)
    seeded.commit()
    answer = service.log_draft(TAUGHT, draft, channel="api")
    assert answer.answered and answer.entry_id == "bank-holidays"
    seeded.expire_all()
    assert seeded.scalars(select(FaqQuestion.id)).all() == [answer.question_id]


def test_a_driver_error_on_the_api_path_is_sqlalchemys_and_the_pool_stays_usable(seeded):
    current_index(db=seeded)
    draft = draft_answer(ANSWERED)
    with pytest.raises(IntegrityError):
        service.log_draft(ANSWERED, draft, channel="fax")  # refused by the channel's check constraint
    for _ in range(3):  # every pooled connection still answers
        assert service.log_draft(ANSWERED, draft, channel="api").question_id is not None
    seeded.expire_all()
    assert len(seeded.scalars(select(FaqQuestion.id)).all()) == 3


class _RecordingOffload:
    """An offload that runs each step in a worker thread, as consult.threads does, and notes which."""

    def __init__(self) -> None:
        self.steps: list[str] = []

    async def __call__(self, step, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.steps.append(step.__name__)
        return await in_worker_thread(step, *args, **kwargs)


def _offloaded(question: str, draft: service.Draft | None, offload: _RecordingOffload,
               logs: list[tuple[str, str]]) -> service.Answer:
    def note_thread(_logger, _method, event_dict):  # type: ignore[no-untyped-def]
        logs.append((event_dict["event"], threading.current_thread().name))
        return event_dict

    async def run() -> service.Answer:
        return await service.log_draft_offloading(question, draft, channel="api", offload=offload)

    structlog.configure(processors=[note_thread, *structlog.get_config()["processors"]])
    try:
        return run_on_a_loop_of_its_own(run())
    finally:
        structlog.configure(processors=structlog.get_config()["processors"][1:])


def test_from_an_event_loop_the_insert_needs_no_worker_thread(seeded, clock):
    current_index(db=seeded)
    offload, logs = _RecordingOffload(), []
    answer = _offloaded(ANSWERED, draft_answer(ANSWERED), offload, logs)
    # No worker thread (consult.db_now): SQLite's INSERT on the loop's thread, PostgreSQL's awaited.
    assert offload.steps == []
    # The log line is written on the event loop's thread, not the worker's (issue 23).
    assert [(event, thread.startswith("event-loop")) for event, thread in logs] == [("faq_question", True)]
    seeded.expire_all()
    row = seeded.get(FaqQuestion, answer.question_id)
    assert (row.channel, row.entry_id, row.answered) == ("api", "response-times", True)


def test_from_an_event_loop_a_stale_draft_is_answered_again_in_the_worker_thread_and_logged_once(seeded):
    current_index(db=seeded)
    draft = draft_answer(TAUGHT)
    _teach_the_wording(seeded)
    seeded.commit()
    offload, logs = _RecordingOffload(), []
    answer = _offloaded(TAUGHT, draft, offload, logs)
    assert offload.steps == ["log_draft"]  # the INSERT, refused on the loop; then answered again
    assert answer.answered and answer.entry_id == "bank-holidays"
    seeded.expire_all()
    assert seeded.scalars(select(FaqQuestion.id)).all() == [answer.question_id]


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's write lock")
def test_from_an_event_loop_a_locked_database_hands_the_insert_to_a_worker_thread_and_nothing_is_lost(seeded, database_url):
    current_index(db=seeded)
    draft = draft_answer(ANSWERED)
    offloaded = threading.Event()

    class _ReleasingOffload(_RecordingOffload):
        async def __call__(self, step, *args, **kwargs):  # type: ignore[no-untyped-def]
            offloaded.set()  # the loop did not wait for the lock: the worker thread will
            return await super().__call__(step, *args, **kwargs)

    blocker = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # another process's write, in progress
    offload = _ReleasingOffload()
    with ThreadPoolExecutor(1) as asker:
        asked = asker.submit(_offloaded, ANSWERED, draft, offload, [])
        assert offloaded.wait(10)
        blocker.execute("COMMIT")
        answer = asked.result(timeout=30)
    blocker.close()
    assert offload.steps == ["write_if_current_alone"]
    seeded.expire_all()
    assert seeded.scalars(select(FaqQuestion.id)).all() == [answer.question_id]
