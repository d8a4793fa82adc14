"""Consent records, the retention purge and subject access / erasure."""
from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError
from typer.testing import CliRunner

from consult import contract
from consult.auth.models import ApiToken, User
from consult.cli import app as cli
from consult.clock import LONDON
from consult.contract import DomainContract, RetentionPurger, compose
from consult.jobs import run_job
from consult.privacy import retention
from consult.privacy.audit import search
from consult.privacy.consent import consent_history, current_consent, record_consent
from consult.privacy.subject_access import Subject, erase_subject, export_subject

from .helpers import csrf

runner = CliRunner()


# --- consent ---------------------------------------------------------------------------------

def test_consent_records_who_recorded_it_when_and_for_what(db, clock, clinician):
    user = db.get(User, clinician.id)
    row = record_consent(db=db, subject="PIMH-R-0001", purpose="referral", given=True, recorded_by=user,
                         note="verbal consent confirmed by the referring health visitor")
    assert (row.recorded_by_id, row.recorded_at, row.purpose, row.given) == (clinician.id, clock.now(), "referral", True)
    events = search(db=db, record="PIMH-R-0001").rows
    assert [(e.action, e.actor, e.detail) for e in events] == [("create", "Priya Castell", "consent to the referral given")]


def test_a_withdrawal_is_a_new_record_and_the_newest_answer_counts(db, clock, clinician):
    user = db.get(User, clinician.id)
    assert current_consent(db=db, subject="PIMH-R-0002", purpose="data_linkage") is None
    record_consent(db=db, subject="PIMH-R-0002", purpose="data_linkage", given=True, recorded_by=user)
    clock.advance(timedelta(days=10))
    record_consent(db=db, subject="PIMH-R-0002", purpose="data_linkage", given=False, recorded_by=user)
    assert current_consent(db=db, subject="PIMH-R-0002", purpose="data_linkage") is False
    assert current_consent(db=db, subject="PIMH-R-0002", purpose="referral") is None
    assert [r.given for r in consent_history(db=db, subject="PIMH-R-0002")] == [True, False]


def test_consent_purposes_are_limited_in_python_and_in_the_database(db, clinician):
    user = db.get(User, clinician.id)
    with pytest.raises(ValueError):
        record_consent(db=db, subject="X", purpose="marketing", given=True, recorded_by=user)
    with pytest.raises(DBAPIError):
        db.execute(text("INSERT INTO consent_records (subject, purpose, given, recorded_by_id, recorded_at, note) "
                        f"VALUES ('X', 'marketing', true, {clinician.id}, CURRENT_TIMESTAMP, '')"))
    db.rollback()


# --- retention -------------------------------------------------------------------------------

@pytest.fixture
def purgers(monkeypatch):
    """A composition with one purger over a list of dated items, standing in for a package's table."""
    items = [{"at": datetime(2017, 6, 1, tzinfo=LONDON), "name": "old"},
             {"at": datetime(2018, 11, 22, 23, 0, tzinfo=LONDON), "name": "just too old"},
             {"at": datetime(2018, 11, 23, 1, 0, tzinfo=LONDON), "name": "just recent enough"}]
    cutoffs = []

    def purge(db, cutoff):
        cutoffs.append(cutoff)
        count = 0
        for item in items:
            if item["at"] < cutoff and item["name"] is not None:
                item["name"] = None  # anonymised; the item itself (the statistic) stays
                count += 1
        return count

    from consult.privacy.jobs import privacy_purge

    families = DomainContract(name="families", purgers=(RetentionPurger("families", purge),), jobs=(privacy_purge,))
    monkeypatch.setattr(contract, "_installed", compose([families]))
    return items, cutoffs


def test_the_purge_anonymises_what_is_past_the_profiles_retention_period(db, purgers):
    items, cutoffs = purgers
    assert retention.run_purge(db=db) == {"families": 2}
    assert cutoffs == [datetime(2018, 11, 23, tzinfo=LONDON)]  # 8 years (Kent) before today
    assert [i["name"] for i in items] == [None, None, "just recent enough"]
    events = search(db=db, record="retention:families").rows
    assert [(e.action, e.actor) for e in events] == [("purge", "retention job")]
    assert events[0].detail == "2 record(s) older than 8 years purged"


def test_the_scheduled_purge_job_is_idempotent(database_url, db, clock, purgers):
    assert run_job("privacy_purge") == {"families": 2}
    assert run_job("privacy_purge") == {"families": 0}
    assert len(search(db=db, action="purge").rows) == 1  # nothing to report the second time


def test_a_purger_can_keep_data_for_its_own_period(db, purgers, monkeypatch):
    seen = []
    questions = RetentionPurger("questions", lambda db, cutoff: seen.append(cutoff) or 0,
                                keep_for=lambda p: timedelta(days=p.retention.unanswered_question_days))
    monkeypatch.setattr(contract, "_installed", compose([*contract.installed().contracts,
                                                         DomainContract(name="questions", purgers=(questions,))]))
    retention.run_purge(db=db)
    assert seen == [datetime(2025, 11, 23, 10, 0, tzinfo=LONDON)]  # 365 days, from the frozen clock


def test_the_purge_job_is_registered_with_the_worker():
    from consult.jobs import load_jobs

    job = load_jobs()["privacy_purge"]
    assert job.trigger == ("cron", {"hour": 2, "minute": 30})


def test_years_before_copes_with_a_leap_day():
    from datetime import date

    assert retention.years_before(date(2028, 2, 29), 8) == date(2020, 2, 29)
    assert retention.years_before(date(2028, 2, 29), 1) == date(2027, 2, 28)


# --- subject access and erasure -------------------------------------------------------------

def test_a_subject_access_export_holds_the_account_its_tokens_and_activity(client, db, practitioner):
    client.post("/signin", data={"csrf_token": csrf(client), "email": practitioner.email, "password": practitioner.password})
    result = export_subject(db=db, subject=Subject(email="JO.PELLOW@nhs.net "))
    account = result["data"]["accounts"]
    assert account["account"]["name"] == "Jo Pellow" and account["account"]["district"] == "Thanet"
    assert len(account["api_tokens"]) == 1 and practitioner.token not in json.dumps(result)
    assert [a["action"] for a in account["activity"]] == ["sign_in"]
    export = search(db=db, action="export").rows[0]
    assert export.record.startswith("subject:") and "pellow" not in export.record.lower()


def test_erasure_anonymises_the_account_and_shuts_every_door(client, db, practitioner):
    assert erase_subject(db=db, subject=Subject(email=practitioner.email))["accounts"] == 1
    db.commit()
    user = db.get(User, practitioner.id)
    assert (user.name, user.email, user.password_hash, user.active) == (f"Erased user {practitioner.id}", None, None, False)
    assert user.district == "Thanet" and user.job_role == "Health visitor"  # the anonymous statistics keep these
    assert db.scalar(select(ApiToken).where(ApiToken.user_id == user.id)).revoked_at is not None
    assert client.get("/api/me", headers=practitioner.headers).status_code == 401
    assert export_subject(db=db, subject=Subject(email=practitioner.email))["data"] == {}
    assert "accounts 1" in search(db=db, action="purge").rows[0].detail


def test_the_audit_log_names_an_erased_user_by_their_new_name(db, practitioner):
    user = db.get(User, practitioner.id)
    from consult.privacy.audit import record_event

    record_event(db=db, actor=user, action="read", record="PIMH-C-0001")
    erase_subject(db=db, subject=Subject(email=practitioner.email))
    assert search(db=db, record="PIMH-C-0001").rows[0].actor == f"Erased user {practitioner.id}"


def test_the_privacy_commands_export_and_erase_a_named_person(database_url, db, practitioner):
    exported = runner.invoke(cli, ["privacy", "export", "--email", practitioner.email])
    assert exported.exit_code == 0, exported.output
    assert '"name": "Jo Pellow"' in exported.output
    refused = runner.invoke(cli, ["privacy", "erase", "--email", practitioner.email], input="n\n")
    assert refused.exit_code == 1
    erased = runner.invoke(cli, ["privacy", "erase", "--email", practitioner.email, "--yes"])
    assert erased.exit_code == 0 and "accounts: 1 record(s) erased" in erased.output
    assert runner.invoke(cli, ["privacy", "export"]).exit_code == 2  # nobody named


def test_unanswered_faq_question_text_is_cleared_after_its_period_and_the_counts_stay(db, clock):
    from faq.models import FaqQuestion

    def ask(days_ago: int, answered: bool) -> None:
        db.add(FaqQuestion(asked_at=clock.now() - timedelta(days=days_ago), channel="web", answered=answered,
                           reason="answered" if answered else "no_match", score=0.5,
                           text_redacted=None if answered else f"question asked {days_ago} days ago"))

    ask(400, False), ask(366, False), ask(364, False), ask(400, True)
    db.commit()
    assert retention.run_purge(db=db)["faq_questions"] == 2
    kept = db.scalars(select(FaqQuestion.text_redacted).where(FaqQuestion.text_redacted.is_not(None))).all()
    assert kept == ["question asked 364 days ago"]
    assert db.query(FaqQuestion).count() == 4 and db.query(FaqQuestion).filter_by(answered=False).count() == 3
    assert retention.run_purge(db=db)["faq_questions"] == 0
