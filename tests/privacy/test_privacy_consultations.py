"""Consultation requests in the retention purge, subject access and erasure."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import bindparam, select, text
from typer.testing import CliRunner

from consult.cli import app as cli
from consult.consultations.models import Consultation, ConsultationEvent
from consult.consultations.retention import PURGED, PURGED_TEXT
from consult.privacy.audit import search
from consult.privacy.crypto import decrypt
from consult.privacy.retention import run_purge
from consult.privacy.subject_access import Subject, erase_subject, export_subject
from consult.reporting.figures import quarterly_report
from consult.reporting.periods import quarter
from tests.consultations.test_api import ADVICE, REQUEST

from .test_privacy_workforce import supervise, train

QUESTION = REQUEST["question"]  # "...feels nothing when she holds the baby..."
THEIR_QUESTION = "Father says his eight month old son goes rigid and silent whenever he is picked up at nursery."
COMMENT = "Just what I needed before the next visit, thank you"
STATISTICS = ("received_on", "received_month", "status", "channel", "district", "practitioner_role", "organisation_type",
              "recommendation", "thrive", "cluster", "score_severity", "score_relationship", "score_protection",
              "score_parent_mental_health", "working_hours_to_advice", "advised_within_target",
              "acknowledged_within_target", "advised_at", "closed_at", "closed_without_advice")


def ask(client, persona, **changes) -> str:
    response = client.post("/api/consultations", json={**REQUEST, **changes}, headers=persona.headers)
    assert response.status_code == 201, response.text
    return response.json()["reference"]


def advise(client, reference, clinician) -> None:
    assert client.post(f"/api/consultations/{reference}/advice", json=ADVICE, headers=clinician.headers).status_code == 200


def feedback(client, reference, persona, comment=COMMENT) -> None:
    given = client.post(f"/api/consultations/{reference}/feedback", headers=persona.headers,
                        json={"helpfulness": 5, "confidence_before": 2, "confidence_after": 4, "comment": comment})
    assert given.status_code == 201, given.text


def row(db, reference) -> Consultation:
    db.expire_all()
    return db.scalar(select(Consultation).where(Consultation.reference == reference))


def timeline(db, reference) -> list[tuple]:
    return [(e.id, e.at, e.kind, e.actor_name, e.detail) for e in row(db, reference).events]


def raw_words(db, references) -> str:
    """Every stored value of the requests, their feedback and timelines, encrypted ones decrypted."""
    values = []
    for sql in ("SELECT c.* FROM consultations c",
                "SELECT f.* FROM consultation_feedback f JOIN consultations c ON c.id = f.consultation_id",
                "SELECT e.* FROM consultation_events e JOIN consultations c ON c.id = e.consultation_id"):
        query = text(sql + " WHERE c.reference IN :refs").bindparams(bindparam("refs", expanding=True))
        for record in db.execute(query, {"refs": list(references)}):
            values += [decrypt(v) if isinstance(v, str) and v.startswith("gAAAA") else str(v) for v in record]
    return " | ".join(values)


def test_the_purge_clears_ended_requests_after_the_retention_period_and_the_quarterly_return_stays(
        client, db, clock, practitioner, clinician):
    advised = ask(client, practitioner)
    advise(client, advised, clinician)
    feedback(client, advised, practitioner)
    client.post(f"/api/consultations/{advised}/close", headers=clinician.headers)
    closed = ask(client, practitioner)
    reason = {"reason": "Duplicate: Jo Pellow rang the line about the same family"}
    assert client.post(f"/api/consultations/{closed}/close", json=reason, headers=clinician.headers).status_code == 200
    withdrawn = ask(client, practitioner)
    client.post(f"/api/consultations/{withdrawn}/withdraw", headers=practitioner.headers)
    still_open = ask(client, practitioner)
    recent = ask(client, practitioner)
    clock.advance(timedelta(days=10))
    advise(client, recent, clinician)  # its last contact is ten days later than the others'
    ended = (advised, closed, withdrawn)
    statistics = {r: tuple(getattr(row(db, r), name) for name in STATISTICS) for r in ended}
    timelines = {r: timeline(db, r) for r in ended}

    clock.advance(timedelta(days=365 * 8 + 2 - 10 - 1))  # 22 Nov 2034: eight years less a day
    assert run_purge(db=db)["consultations"] == 0 and row(db, advised).summary == QUESTION
    clock.advance(timedelta(days=2))
    before = quarterly_report(db=db, period=quarter("2026Q4"))
    assert run_purge(db=db)["consultations"] == 3
    db.commit()

    after = quarterly_report(db=db, period=quarter("2026Q4"))
    assert after == before
    assert (before["consultations"], before["withdrawn"], before["open"], before["feedback_forms"]) == (5, 1, 1, 1)
    for reference in ended:
        c = row(db, reference)
        assert tuple(getattr(c, name) for name in STATISTICS) == statistics[reference]
        assert (c.practitioner_name, c.practitioner_email, c.organisation, c.summary) == (PURGED, None, None, PURGED_TEXT)
        assert (c.callback_phone, c.callback_window, c.learning_needs, c.practitioner_slack_id) == (None, None, None, None)
        # The timeline keeps its lines, times and order; only the practitioner's name and the reason go.
        assert [e[:3] for e in timeline(db, reference)] == [e[:3] for e in timelines[reference]]
        stored = raw_words(db, [reference])
        for words in ("Jo Pellow", "jo.pellow", "feels nothing", "joint visit", "07700", "weekday mornings",
                      COMMENT, "rang the line", "Observing parent-infant", "Community health trust"):
            assert words not in stored, words
        events = search(db=db, record=reference).rows
        assert [(e.action, e.actor) for e in events if e.action == "purge"] == [("purge", "retention job")]
    a = row(db, advised)
    assert a.advice == PURGED_TEXT and a.feedback.comment is None and a.feedback.helpfulness == 5
    assert "Priya Castell" in [e[3] for e in timeline(db, advised)]  # the clinician acted as staff: kept
    assert [e[4] for e in timeline(db, closed) if e[2] == "closed"] == [""]
    for untouched in (still_open, recent):
        assert row(db, untouched).summary == QUESTION and row(db, untouched).practitioner_name == "Jo Pellow"

    assert run_purge(db=db)["consultations"] == 0  # idempotent: nothing counted or audited twice
    assert len([e for e in search(db=db, record=advised).rows if e.action == "purge"]) == 1
    purged = search(db=db, record="retention:consultations").rows
    assert [e.detail for e in purged] == ["3 record(s) older than 8 years purged"]


def test_the_export_holds_the_persons_requests_and_training_and_nothing_of_anyone_else(
        client, db, clock, practitioner, outsider, clinician, manager):
    mine = ask(client, practitioner)
    theirs = ask(client, outsider, question=THEIR_QUESTION, callback_phone="07700 900456")
    for reference, persona in ((mine, practitioner), (theirs, outsider)):
        advise(client, reference, clinician)
        feedback(client, reference, persona, comment=f"Comment from {persona.name}")
    supervise(db, practitioner, clinician)
    refs = train(db, clock, manager, [(practitioner, "Useful"), (outsider, "Too long a drive")])

    data = export_subject(db=db, subject=Subject(email=practitioner.email))["data"]
    asked = data["consultations"]["asked"]
    assert [c["reference"] for c in asked] == [mine] and data["consultations"]["handled"] == []
    assert (asked[0]["summary"], asked[0]["callback_phone"], asked[0]["status"]) == (QUESTION, "07700 900123", "advised")
    assert asked[0]["advice"] == ADVICE["advice"] and asked[0]["feedback"]["comment"] == "Comment from Jo Pellow"
    assert asked[0]["recorded_as"]["email"] == practitioner.email and asked[0]["channel"] == "web"
    assert [b["reference"] for b in data["workforce"]["training_bookings"]] == [refs[practitioner.id]]
    dumped = json.dumps(data)
    for other in (theirs, THEIR_QUESTION, "900456", "Nell Outram", "nell.outram", refs[outsider.id], "Too long a drive",
                  "Priya Castell", "Helen Marsh"):
        assert other not in dumped, other

    # A clinician's export lists what they did on others' requests, without the requests' words.
    handled = export_subject(db=db, subject=Subject(email=clinician.email))["data"]["consultations"]
    assert handled["asked"] == []
    assert [(h["reference"], h["step"]) for h in handled["handled"]] == [
        (mine, "claimed"), (mine, "advised"), (theirs, "claimed"), (theirs, "advised")]
    assert QUESTION not in json.dumps(handled)


def test_erasure_anonymises_the_person_on_requests_and_timelines_and_keeps_the_case_record(
        client, db, practitioner, outsider, clinician, second_clinician):
    mine = ask(client, practitioner)
    client.post(f"/api/consultations/{mine}/claim", headers=clinician.headers)
    handover = client.post(f"/api/consultations/{mine}/handover", json={"to": second_clinician.id},
                           headers=clinician.headers)
    assert handover.status_code == 200, handover.text
    advise(client, mine, second_clinician)
    feedback(client, mine, practitioner)
    theirs = ask(client, outsider, question=THEIR_QUESTION)
    statistics = tuple(getattr(row(db, mine), name) for name in STATISTICS)

    changed = erase_subject(db=db, subject=Subject(email=practitioner.email))
    db.commit()
    assert changed["consultations"] == 3 and changed["accounts"] == 1  # the request and the two lines they acted on
    c = row(db, mine)
    erased = f"Erased user {practitioner.id}"
    assert (c.practitioner_name, c.practitioner_email, c.callback_phone, c.callback_window) == (erased, None, None, None)
    assert (c.organisation, c.learning_needs, c.feedback.comment) == (None, None, None)
    assert tuple(getattr(c, name) for name in STATISTICS) == statistics
    assert c.summary == QUESTION and c.advice == ADVICE["advice"]  # the case record stays (docs/security.md)
    stored = raw_words(db, [mine])
    for words in ("Jo Pellow", "jo.pellow", "07700", COMMENT, "weekday mornings", "Community health trust"):
        assert words not in stored, words
    assert db.execute(text("SELECT callback_phone FROM consultations WHERE reference = :r"), {"r": mine}).scalar() is None
    assert [e.actor for e in search(db=db, record=mine).rows if e.action == "purge"] == ["erasure request"]
    assert row(db, theirs).practitioner_name == "Nell Outram" and row(db, theirs).summary == THEIR_QUESTION
    assert export_subject(db=db, subject=Subject(email=practitioner.email))["data"] == {}
    assert erase_subject(db=db, subject=Subject(email=practitioner.email)) == {
        "booking": 0, "complaints_and_feedback": 0, "pathway": 0, "referrals": 0, "consultations": 0, "workforce": 0,
        "telephone_line": 0, "accounts": 0}

    # A clinician who asks is taken off the timelines too, including lines that name them.
    assert erase_subject(db=db, subject=Subject(email=second_clinician.email))["consultations"] == 2
    db.commit()
    lines = timeline(db, mine)
    gone = f"Erased user {second_clinician.id}"
    assert [(kind, actor, detail) for _, _, kind, actor, detail in lines if kind in ("handed_over", "advised")] == [
        ("handed_over", "Priya Castell", f"to {gone}"),
        ("advised", gone, "Referral for parent-infant relationship intervention advised (THRIVE: Getting help)")]
    assert "Tomasz Wren" not in raw_words(db, [mine, theirs])
    assert [e[:3] for e in lines] == [e[:3] for e in sorted(lines)]  # order kept


def test_the_privacy_commands_include_consultations_and_training(database_url, client, db, clock, practitioner, manager):
    mine = ask(client, practitioner)
    refs = train(db, clock, manager, [(practitioner, "Useful")])
    exported = CliRunner().invoke(cli, ["privacy", "export", "--email", practitioner.email])
    assert exported.exit_code == 0, exported.output
    assert mine in exported.output and refs[practitioner.id] in exported.output
    erased = CliRunner().invoke(cli, ["privacy", "erase", "--email", practitioner.email, "--yes"])
    assert erased.exit_code == 0, erased.output
    assert erased.output.splitlines() == ["booking: 0 record(s) erased", "complaints_and_feedback: 0 record(s) erased",
                                          "pathway: 0 record(s) erased",
                                          "referrals: 0 record(s) erased",
                                          "consultations: 2 record(s) erased", "workforce: 1 record(s) erased",
                                          "telephone_line: 0 record(s) erased", "accounts: 1 record(s) erased"]
    db.expire_all()
    assert db.scalar(select(ConsultationEvent.actor_name).where(ConsultationEvent.kind == "received")) \
        == f"Erased user {practitioner.id}"
