"""Fixtures shared by the FAQ tests."""
from __future__ import annotations

import pytest

from faq.service import seed_entries


@pytest.fixture
def seeded(db):
    """The content-file entries in the test database, as at start-up."""
    seed_entries(db=db)
    db.commit()
    return db
