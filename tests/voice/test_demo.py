"""The demo seeder: complaints at every step, compliments, families' answers and a narrative, once."""
from __future__ import annotations

from sqlalchemy import func, select

from consult.core import demo as team
from consult.domains import COMPOSITION
from consult.seeding import SeedOptions
from consult.voice import demo
from consult.voice.models import Complaint, Compliment, FamilyFeedback, ReportNarrative


def test_seed_demo_adds_complaints_feedback_and_a_narrative_once(db, clock):
    assert ("voice", demo.seed) in COMPOSITION.seeders, "pimh seed-demo runs the voice seeder"
    team.seed(db, SeedOptions())
    before = clock.now()
    summary = demo.seed(db, SeedOptions())
    db.commit()
    assert clock.now() == before, "the seeder puts the test's clock back"
    assert "6 complaints" in summary
    assert set(db.scalars(select(Complaint.status))) == {"received", "investigating", "closed"}
    assert db.scalar(select(func.count()).select_from(Compliment)) == 4
    assert db.scalar(select(func.count()).select_from(FamilyFeedback)) == 60
    assert db.scalar(select(func.count()).select_from(ReportNarrative)) == 1
    assert "already there" in demo.seed(db, SeedOptions())
