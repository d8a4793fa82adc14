"""The question log's write on SQLite (issue 23): a question's row must not keep SQLite's single write
lock for the rest of the request, or every other worker's question waits behind the page being
rendered; but a row written in a transaction that has already written stays part of that transaction."""
from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from consult.core.calendar import add_closure
from faq.models import FaqQuestion
from faq.service import answer_question

QUESTION = "how long till i hear back after sending a referal"


def _other_writer(url: str) -> sqlite3.Connection:
    """A second connection, as another gunicorn worker has, that refuses to wait for the write lock."""
    connection = sqlite3.connect(url.removeprefix("sqlite:///"), timeout=0, isolation_level=None)
    connection.execute("PRAGMA busy_timeout=0")
    return connection


@pytest.fixture
def sqlite_only(database_url):
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite's one-writer lock")
    return database_url


def test_a_logged_question_leaves_the_write_lock_free_for_the_rest_of_the_request(seeded, sqlite_only):
    answer = answer_question(QUESTION, db=seeded, channel="web")  # the request goes on (the page renders)
    other = _other_writer(sqlite_only)
    try:
        other.execute("BEGIN IMMEDIATE")  # raised "database is locked" when the row held the lock to the end
        other.execute("ROLLBACK")
        # ... and the row is already there for everyone, with the id the answer names.
        assert other.execute("SELECT id FROM faq_questions").fetchall() == [(answer.question_id,)]
    finally:
        other.close()


def test_a_question_logged_after_other_writes_stays_in_their_transaction(seeded, sqlite_only):
    from datetime import date

    add_closure(db=seeded, day=date(2026, 12, 29), reason="Training day")  # this transaction has written
    answer_question(QUESTION, db=seeded, channel="web")
    other = _other_writer(sqlite_only)
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
    seeded.rollback()  # the closure and the question go together
    assert seeded.scalar(select(func.count(FaqQuestion.id))) == 0
