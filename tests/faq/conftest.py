"""Fixtures shared by the FAQ tests."""
from __future__ import annotations

import pytest

from faq.seeding import seed_entries


@pytest.fixture
def seeded(db):
    """The content-file entries in the test database, as at start-up."""
    seed_entries(db=db)
    db.commit()
    return db


@pytest.fixture
def files_index(monkeypatch):
    """The index built from the content files for this test, whatever an earlier test in the process
    left in the service (an index built from a database where a manager edited or taught an entry is
    reused by questions asked without a database). The earlier one is put back afterwards."""
    from faq import service

    monkeypatch.setitem(service._state, "built", None)
    return service.current_index()
