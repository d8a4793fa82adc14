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
    # Issue 21 changed the history to a working service's: old referrals asked for more information were
    # decided, so "more_information" is no longer left standing (see the test below for what is).
    assert {"acknowledged", "not_eligible", "in_intervention", "closed", "withdrawn"} <= statuses
    referrals = list(db.scalars(select(Referral)))
    assert all(nhs_number.is_valid(r.parent_nhs_number) and r.parent_nhs_number.startswith("999") for r in referrals)
    assert all(r.received_at < before for r in referrals)
    assert min(r.received_at for r in referrals) < before - timedelta(days=270), "the history spans most of a year"
    closed = next(r for r in referrals if r.status == "closed")
    kinds = [e.kind for e in db.scalars(select(ReferralEvent).where(ReferralEvent.referral_id == closed.id).order_by(ReferralEvent.at))]
    assert kinds[:7] == ["received", "acknowledged", "triaged", "allocated", "assessed", "intervention_started", "closed"]
    assert kinds[7:] in ([], ["follow_up_call"])
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


def test_the_demo_history_looks_like_a_working_services_with_nothing_long_overdue(db, clock):
    """Issue 21: demo referrals from months ago showed "overdue by 1863 working hours". A working
    service triages within its limit, chases more information and decides, assesses, closes and
    makes the six-month call when due; only recent referrals are still waiting at a stage."""
    team.seed(db, SeedOptions())
    demo.seed(db, SeedOptions())
    db.commit()
    now, today = clock.now(), clock.now().date()
    referrals = list(db.scalars(select(Referral)))
    waiting_for_triage = [r for r in referrals if r.status in ("acknowledged", "more_information")]
    assert waiting_for_triage, "the clinicians' queue still has referrals to triage"
    assert all(r.triage_by > now for r in waiting_for_triage), "none is past its triage time limit"
    assert not [r for r in referrals if r.follow_up_on and r.follow_up_on < today and r.follow_up_done_at is None]
    assert any(r.follow_up_done_at for r in referrals), "calls that came due were made"
    old = [r for r in referrals if r.received_at < now - timedelta(days=90)]
    assert old and all(r.status in ("not_eligible", "in_intervention", "closed", "withdrawn") for r in old)
