"""The new figures in the quarterly return, its CSV, the dashboard and the annual statement,
against a hand-counted fixture in 2026Q4 (the suite's clock stands on Monday 23 November 2026)."""
from __future__ import annotations

from datetime import datetime

from consult.clock import LONDON
from tests.consultations.test_api import ADVICE, REQUEST
from tests.referrals.helpers import submit
from tests.voice.helpers import complaint_body, sign_in

RESPONSE = "We apologised and explained what the service will change."
# (received_on, source, acknowledged on, closed with) for each complaint.
COMPLAINTS = (
    ("2026-10-05", "parent", "2026-10-06", "upheld"),         # A: acknowledged within 3 working days
    ("2026-10-12", "carer", "2026-10-20", "partly_upheld"),   # B: acknowledged late (due 15 Oct)
    ("2026-11-02", "practitioner", "2026-11-05", None),       # C: acknowledged on its last day
    ("2026-11-09", "parent", None, None),                     # D: waiting past 12 Nov: counts as missed
    ("2026-11-20", "other", None, None),                      # E: waiting, still in time (due 25 Nov)
    ("2026-11-16", "parent", None, "withdrawn"),              # F: withdrawn before acknowledgement
    ("2026-09-30", "parent", "2026-10-01", "not_upheld"),     # G: received in Q3, closed in Q4
)
RATINGS = ["very_good"] * 4 + ["good"] * 2 + ["neither", "poor", "dont_know", "dont_know"]
LEARNING = ("Observing parent-infant interaction", "Using the MORS-SF", "Writing clearer referral letters", None)


def _fixture(client, clock, practitioner, clinician, manager) -> None:
    for received, source, acknowledged, outcome in COMPLAINTS:
        ref = client.post("/api/complaints", json=complaint_body(received_on=received, source=source),
                          headers=manager.headers).json()["id"]
        if acknowledged:
            client.post(f"/api/complaints/{ref}/acknowledge", json={"on": acknowledged}, headers=manager.headers)
        if outcome:
            closed = client.post(f"/api/complaints/{ref}/close", json={"outcome": outcome, "response": RESPONSE},
                                 headers=manager.headers)
            assert closed.status_code == 200, closed.text
    for day in ("2026-10-01", "2026-11-02", "2026-11-23", "2026-09-15"):
        client.post("/api/compliments", headers=clinician.headers, json={
            "received_on": day, "source": "parent", "about": "Home visits", "summary": "Thank you for the visits."})
    for rating in RATINGS:
        assert client.post("/api/feedback/family", json={"rating": rating}).status_code == 201
    for learning in LEARNING:
        reference = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
        client.post(f"/api/consultations/{reference}/claim", headers=clinician.headers)
        advised = client.post(f"/api/consultations/{reference}/advice", json={**ADVICE, "learning_needs": learning},
                              headers=clinician.headers)
        assert advised.status_code == 200, advised.text
    submit(client, practitioner, {"parent.interpreter_required": True, "parent.language": "Polish"})
    submit(client, practitioner, {"parent.interpreter_required": True, "parent.language": "Romanian"})
    submit(client, practitioner)
    clock.set(datetime(2026, 9, 30, 12, 0, tzinfo=LONDON))  # one answer in the quarter before
    client.post("/api/feedback/family", json={"rating": "very_poor"})
    clock.set(datetime(2026, 11, 23, 15, 0, tzinfo=LONDON))


def test_the_quarterly_return_counts_complaints_compliments_feedback_learning_and_interpreters(
        client, clock, practitioner, clinician, manager):
    _fixture(client, clock, practitioner, clinician, manager)
    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    assert report["complaints_received"] == 6                       # A-F; G was received in Q3
    assert report["complaints_acknowledged"] == 3                   # A, B, C
    assert report["complaints_open_past_acknowledgement"] == 1      # D
    assert report["complaints_acknowledged_within_target_pct"] == 50.0  # A and C of A, B, C, D
    assert report["complaints_closed"] == 4                         # A, B, F and G closed today
    assert report["complaints_upheld"] == 1 and report["complaints_partly_upheld"] == 1
    assert report["complaints_by_outcome"] == {"upheld": 1, "partly_upheld": 1, "not_upheld": 1, "withdrawn": 1}
    assert report["complaints_by_source"] == {"practitioner": 1, "parent": 3, "carer": 1, "other": 1}
    assert report["compliments_received"] == 3
    assert report["family_feedback_responses"] == 10
    assert report["family_feedback_rated"] == 8
    assert report["family_feedback_positive_pct"] == 75.0           # 6 of the 8 who gave a rating
    assert report["learning_needs_recorded"] == 3
    assert report["learning_needs_by_theme"]["observing_interaction"] == 1
    assert report["learning_needs_by_theme"]["screening_tools"] == 1
    assert report["learning_needs_by_theme"]["other"] == 1
    assert sum(report["learning_needs_by_theme"].values()) == 3
    assert report["referrals_interpreter_required"] == 2
    assert report["referrals_interpreter_required_pct"] == 66.7
    assert report["narrative"] is None
    q3 = client.get("/api/reports/quarterly?quarter=2026Q3", headers=manager.headers).json()
    assert (q3["complaints_received"], q3["compliments_received"], q3["family_feedback_responses"]) == (1, 1, 1)
    assert q3["family_feedback_positive_pct"] == 0.0

    csv = client.get("/api/reports/quarterly.csv?quarter=2026Q4&suppress=true", headers=manager.headers).text
    assert "summary,complaints_received,6\r\n" in csv
    assert "summary,complaints_upheld,<5\r\n" in csv
    assert "summary,complaints_acknowledged_within_target_pct,[c]\r\n" in csv  # over 4 complaints
    assert "summary,family_feedback_positive_pct,75\r\n" in csv
    assert "learning_needs_by_theme,observing_interaction,<5\r\n" in csv
    assert "summary,referrals_interpreter_required_pct,[c]\r\n" in csv


def test_the_narrative_is_saved_by_a_manager_and_travels_with_the_return(client, manager, clinician):
    text = "We opened evening sessions. A mother, Mrs Jenner, said it helped; call 07700 900123."
    saved = client.put("/api/reports/narrative?quarter=2026Q4", json={"text": text}, headers=manager.headers)
    assert saved.status_code == 200
    assert saved.json()["updated_by"] == "Helen Marsh" and saved.json()["quarter"] == "2026Q4"
    assert client.put("/api/reports/narrative?quarter=2026Q4", json={"text": "x"}, headers=clinician.headers).status_code == 403
    assert client.put("/api/reports/narrative?quarter=2026Q5", json={"text": "x"}, headers=manager.headers).status_code == 422
    report = client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()
    assert report["narrative"].startswith("We opened evening sessions.")
    assert "Jenner" not in report["narrative"] and "07700" not in report["narrative"]  # redacted where it is shown
    csv = client.get("/api/reports/quarterly.csv?quarter=2026Q4", headers=manager.headers).text
    assert 'summary,narrative,"We opened evening sessions.' in csv and "Jenner" not in csv
    assert client.get("/api/reports/quarterly?quarter=2026Q3", headers=manager.headers).json()["narrative"] is None


def test_the_dashboard_and_annual_statement_open_with_the_narrative_and_show_the_figures(
        client, clock, practitioner, clinician, manager):
    _fixture(client, clock, practitioner, clinician, manager)
    sign_in(client, manager)
    page = client.get("/reports/narrative?quarter=2026Q4")
    assert page.status_code == 200 and "Nothing written for 2026Q4 yet." in page.text
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    saved = client.post("/reports/narrative", data={"csrf_token": token, "quarter": "2026Q4",
                                                    "text": "Families asked for evening sessions, so we started two."})
    assert saved.status_code == 200 and "Last saved by Helen Marsh" in saved.text
    # The year 2026-27 so far also holds the very poor answer of 30 September: 6 of 9.
    for path, first, positive in (("/reports/dashboard?quarter=2026Q4", "At a glance", "75.0%"),
                                  ("/reports/annual?year=2026", "Outputs", "66.7%")):
        html = client.get(path).text
        assert html.index("Families asked for evening sessions") < html.index(first)
        assert "answers to the Friends and Family Test" in html and f'<span class="stat">{positive}</span> said very good' in html
        assert "Observing parent-infant interaction" in html
    assert client.get("/reports/dashboard?quarter=2026Q3").text.count("Families asked for evening sessions") == 0


def test_a_learning_need_is_counted_by_its_theme_even_after_its_words_are_purged(client, db, practitioner, clinician,
                                                                                   manager):
    from sqlalchemy import text

    reference = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    client.post(f"/api/consultations/{reference}/claim", headers=clinician.headers)
    client.post(f"/api/consultations/{reference}/advice", json={**ADVICE, "learning_needs": "Working with interpreters"},
                headers=clinician.headers)
    def figures():
        return client.get("/api/reports/quarterly?quarter=2026Q4", headers=manager.headers).json()

    assert figures()["learning_needs_by_theme"]["fathers_and_diversity"] == 1
    db.execute(text("UPDATE consultations SET learning_needs = NULL"))  # as the retention purge does
    db.commit()
    assert figures()["learning_needs_by_theme"]["fathers_and_diversity"] == 1
    db.execute(text("DELETE FROM learning_need_themes"))  # a need kept by no listener: counted from its words
    db.execute(text("UPDATE consultations SET learning_needs = 'Using the MORS-SF'"))
    db.commit()
    assert figures()["learning_needs_by_theme"]["screening_tools"] == 1 and figures()["learning_needs_recorded"] == 1
