"""Referrals share the clinicians' queue, escalations and digest with consultations (frozen clock)."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from consult.clock import LONDON
from consult.jobs import run_job
from consult.privacy.audit import AuditEvent
from consult.referrals.models import Referral
from tests.consultations.test_pages import _request, _sign_in
from tests.referrals.helpers import PARENT_NHS_DIGITS, submit, triage


def _at(day: int, hour: int) -> datetime:
    return datetime(2026, 11, day, hour, 0, tzinfo=LONDON)


def _referral(db, reference: str) -> Referral:
    db.expire_all()
    return db.scalar(select(Referral).where(Referral.reference == reference))


def _three_in_a_row(client, db, clock, practitioner):
    """A consultation at 10:00, a referral at 11:00, a consultation at 12:00 (Monday)."""
    first = _request(db, practitioner).reference
    clock.set(_at(23, 11))
    referral = submit(client, practitioner)["reference"]
    clock.set(_at(23, 12))
    last = _request(db, practitioner).reference
    return first, referral, last


def test_a_referral_awaiting_triage_sits_among_consultations_by_time_left(client, db, clock, practitioner, clinician):
    first, referral, last = _three_in_a_row(client, db, clock, practitioner)
    clock.set(_at(24, 15))  # Tuesday 15:00: all three are past their due-soon point
    _sign_in(client, clinician)
    page = client.get("/consultations").text
    assert page.index(first) < page.index(referral) < page.index(last)
    assert f'href="/referrals/{referral}"' in page and "Referral to triage" in page
    assert "3 open requests" in page and "Due soon" in page


def test_a_due_follow_up_call_shows_in_the_queue(client, db, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference)
    referral = _referral(db, reference)
    referral.follow_up_on = date(2026, 11, 20)  # due since last Friday
    db.commit()
    _sign_in(client, clinician)
    page = client.get("/consultations").text
    assert "Follow-up call" in page and "due since 20 November 2026" in page and reference in page


def test_the_escalation_job_reminds_about_a_referral_once_and_names_no_family(
        client, db, clock, practitioner, clinician, manager, notices):
    _first, reference, _last = _three_in_a_row(client, db, clock, practitioner)
    notices.sent.clear()
    clock.set(_at(24, 15))
    assert run_job("consultations.escalate")["escalations"] > 0
    about = [n for n in notices.sent if n.reference == reference]
    # The triage channel and the only clinician (nobody is on the rota, so every clinician hears).
    assert [n.recipient.name if n.recipient else "triage" for n in about] == ["triage", clinician.name]
    assert all("due soon" in n.text and n.data["district"] in n.text for n in about)
    assert all(PARENT_NHS_DIGITS not in n.text + str(n.data) for n in about)
    assert run_job("consultations.escalate")["escalations"] == 0  # the second run sends nothing
    assert _referral(db, reference).due_soon_escalated_at is not None

    clock.set(_at(25, 11))  # Wednesday 11:00: past triage_by, so the manager hears too
    run_job("consultations.escalate")
    overdue = [n for n in notices.sent if n.reference == reference and "passed its triage time limit" in n.text]
    assert manager.name in {n.recipient.name for n in overdue if n.recipient}
    run_job("consultations.escalate")
    assert len([n for n in notices.sent if n.reference == reference]) == len(about) + len(overdue)
    events = [e.kind for e in _referral(db, reference).events]
    assert events.count("escalated_due_soon") == 1 and events.count("escalated_overdue") == 1
    audited = db.execute(select(AuditEvent.actor_label, AuditEvent.detail).where(
        AuditEvent.record == reference, AuditEvent.actor_label == "escalation job").order_by(AuditEvent.id)).all()
    assert [tuple(row) for row in audited] == [("escalation job", "escalated: due soon"),
                                               ("escalation job", "escalated: overdue")]


def test_the_morning_digest_lists_the_referral_with_its_time_left(client, db, clock, practitioner, clinician, notices):
    reference = submit(client, practitioner)["reference"]
    notices.sent.clear()
    clock.set(_at(24, 9))
    assert run_job("consultations.digest")["digests"] > 0
    digest = next(n for n in notices.sent if n.kind == "digest")
    assert f"{reference} · referral to triage" in digest.text and "1 waiting for triage" in digest.text
    assert PARENT_NHS_DIGITS not in digest.text
