"""The referral demo seeder: a year of referrals at every stage, added once, invented families only."""
from __future__ import annotations

from datetime import timedelta

import nhs_number
from sqlalchemy import func, select

from consult.core import demo as team
from consult.referrals import demo
from consult.referrals.models import Referral, ReferralEvent
from consult.seeding import SeedOptions, seeders


def test_seed_demo_adds_referrals_at_every_stage_once_and_a_second_run_adds_nothing(db, clock):
    team.seed(db, SeedOptions())
    before = clock.now()
    first = demo.seed(db, SeedOptions())
    db.commit()
    added = db.scalar(select(func.count()).select_from(Referral))
    assert 30 <= added <= 60 and f"{added} added" in first
    assert clock.now() == before, "the seeder puts the test's clock back"
    statuses = set(db.scalars(select(Referral.status)))
    assert {"acknowledged", "eligible", "not_eligible", "more_information", "assessed", "in_intervention", "closed"} <= statuses
    referrals = list(db.scalars(select(Referral)))
    assert all(nhs_number.is_valid(r.parent_nhs_number) and r.parent_nhs_number.startswith("999") for r in referrals)
    assert all(r.received_at < before for r in referrals)
    assert min(r.received_at for r in referrals) < before - timedelta(days=270), "the history spans most of a year"
    closed = next(r for r in referrals if r.status == "closed")
    kinds = [e.kind for e in db.scalars(select(ReferralEvent).where(ReferralEvent.referral_id == closed.id).order_by(ReferralEvent.at))]
    assert kinds == ["received", "acknowledged", "triaged", "allocated", "assessed", "intervention_started", "closed"]
    assert "none added" in demo.seed(db, SeedOptions())
    assert db.scalar(select(func.count()).select_from(Referral)) == added


def test_the_referral_seeder_is_registered_after_the_team():
    order = [domain for domain, _seed in seeders()]
    assert order.index("referrals") > order.index("core")


def test_demo_families_have_screening_scores_at_assessment_and_at_the_end(db, clock):
    from consult.referrals.models import ReferralScore

    team.seed(db, SeedOptions())
    demo.seed(db, SeedOptions())
    closed = list(db.scalars(select(Referral).where(Referral.status == "closed")))
    assert closed
    for referral in closed:
        stages = {s.stage: s for s in referral.scores}
        assert {"assessment", "end_of_intervention"} <= set(stages)
        assert 0 <= stages["end_of_intervention"].phq9_total <= 27
    assert db.scalar(select(func.count()).select_from(ReferralScore).where(ReferralScore.stage == "assessment")) >= len(closed)
