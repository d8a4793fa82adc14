"""Managers set up supervision groups and choose or change their supervisor: over the API and on the pages."""
from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from consult.auth.models import User
from consult.clock import LONDON
from consult.workforce import supervision
from consult.workforce.models import SupervisionGroup, SupervisionSession

SWALE = {"name": "Swale supervision group", "district": "Swale", "weekday": "wed", "week_of_month": 3,
         "starts": "14:00", "minutes": 90, "location": "Sittingbourne Family Hub"}


def _sign_in(client, persona) -> str:
    token = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/signin").text).group(1)
    client.post("/signin", data={"csrf_token": token, "email": persona.email, "password": persona.password, "next": "/"})
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get("/supervision").text).group(1)


def _audit(client, manager, group_id) -> list[tuple[str, str]]:
    events = client.get(f"/api/audit?record=supervision-group:{group_id}", headers=manager.headers).json()["events"]
    return [(e["action"], e["actor"]) for e in events]


def test_a_manager_sets_up_a_group_over_the_api_and_its_sessions_follow_its_rule(client, manager, clinician):
    made = client.post("/api/supervision/groups", json=SWALE | {"supervisor_id": clinician.id}, headers=manager.headers)
    assert made.status_code == 201
    group = made.json()
    assert (group["name"], group["district"], group["supervisor"], group["supervisor_id"]) == (
        "Swale supervision group", "Swale", "Priya Castell", clinician.id)
    assert (group["weekday"], group["week_of_month"], group["starts"], group["minutes"]) == ("wed", 3, "14:00", 90)
    # The third Wednesday at 14:00 from today (Monday 23 November) to the three-month horizon.
    assert [s["start"] for s in group["sessions"]] == [
        "2026-12-16T14:00:00+00:00", "2027-01-20T14:00:00+00:00", "2027-02-17T14:00:00+00:00"]
    listed = client.get("/api/supervision/groups", headers=clinician.headers).json()["groups"]
    assert [(g["name"], g["next_session"]) for g in listed] == [("Swale supervision group", "2026-12-16T14:00:00+00:00")]
    assert _audit(client, manager, group["id"]) == [("create", "Helen Marsh")]


def test_the_profile_rule_is_used_when_the_api_gives_none(client, manager):
    group = client.post("/api/supervision/groups", json={"name": "Dover group", "district": "Dover"},
                        headers=manager.headers).json()
    assert (group["weekday"], group["week_of_month"], group["starts"], group["supervisor"]) == ("tue", 2, "10:00", None)
    assert group["sessions"][0]["start"] == "2026-12-08T10:00:00+00:00"


def test_bad_group_input_gets_422_with_a_sentence_and_creates_nothing(client, db, manager, clinician, practitioner, admin):
    assert client.post("/api/supervision/groups", json=SWALE, headers=manager.headers).status_code == 201

    def refused(**changes) -> str:
        response = client.post("/api/supervision/groups", json=SWALE | changes, headers=manager.headers)
        assert response.status_code == 422, changes
        return response.json()["detail"]

    assert refused(name="   ") == "Enter the group's name."
    assert refused(name="SWALE Supervision Group") == (
        "There is already a group called SWALE Supervision Group; choose another name.")
    assert refused(name="Other", supervisor_id=99999) == "There is no PIMHS clinician with that id."
    assert refused(name="Other", supervisor_id=practitioner.id) == "There is no PIMHS clinician with that id."
    assert refused(name="Other", supervisor_id=admin.id) == "There is no PIMHS clinician with that id."
    assert refused(name="Other", district="Narnia") == "Narnia is not one of Kent's districts."
    assert refused(name="Other", weekday="sat") == "Groups meet on a day the service is open."
    assert refused(name="Other", starts="16:30") == "Sessions start and end within office hours (09:00 to 17:00)."
    assert refused(name="", district="", minutes=600) == (
        "Enter the group's name. Choose the group's district. A session lasts from 30 to 240 minutes.")
    assert refused(name="Other", starts="10:00+01:00")[0]["loc"] == ["body", "starts"]
    assert db.scalar(select(func.count()).select_from(SupervisionGroup)) == 1


def test_only_managers_and_admins_set_up_groups_or_change_supervisors(client, manager, admin, clinician, practitioner):
    for persona in (clinician, practitioner):
        assert client.post("/api/supervision/groups", json=SWALE, headers=persona.headers).status_code == 403
    assert client.post("/api/supervision/groups", json=SWALE, headers={}).status_code == 401
    made = client.post("/api/supervision/groups", json=SWALE, headers=admin.headers)
    assert made.status_code == 201
    path = f"/api/supervision/groups/{made.json()['id']}"
    assert client.patch(path, json={"supervisor_id": clinician.id}, headers=clinician.headers).status_code == 403
    assert client.patch(path, json={"supervisor_id": clinician.id}, headers=manager.headers).status_code == 200


def test_changing_the_supervisor_moves_the_sessions_to_come_and_keeps_those_held(
        client, db, manager, clinician, second_clinician, practitioner):
    group = supervision.create_group(db=db, name="Thanet supervision group", district="Thanet",
                                     supervisor=db.get(User, clinician.id))
    supervision.generate_sessions(db=db, group=group, start=date(2026, 10, 1), end=date(2027, 2, 1))
    db.commit()
    path = f"/api/supervision/groups/{group.id}"
    changed = client.patch(path, json={"supervisor_id": second_clinician.id}, headers=manager.headers)
    assert changed.status_code == 200 and changed.json()["supervisor"] == "Tomasz Wren"
    db.expire_all()
    led_by = {s.starts_at.astimezone(LONDON).date(): s.supervisor_id
              for s in db.scalars(select(SupervisionSession).order_by(SupervisionSession.starts_at))}
    assert led_by == {date(2026, 10, 13): clinician.id, date(2026, 11, 10): clinician.id,
                      date(2026, 12, 8): second_clinician.id, date(2027, 1, 12): second_clinician.id}
    # The member's view names the new supervisor for the next session.
    assert client.get(path, headers=clinician.headers).json()["supervisor"] == "Tomasz Wren"

    unchanged = client.patch(path, json={"supervisor_id": second_clinician.id}, headers=manager.headers)
    assert unchanged.status_code == 200
    cleared = client.patch(path, json={"supervisor_id": None}, headers=manager.headers).json()
    assert (cleared["supervisor"], cleared["supervisor_id"]) == (None, None)
    wrong = client.patch(path, json={"supervisor_id": practitioner.id}, headers=manager.headers)
    assert wrong.status_code == 422 and wrong.json()["detail"] == "There is no PIMHS clinician with that id."
    assert client.patch(path, json={}, headers=manager.headers).status_code == 422
    assert client.patch("/api/supervision/groups/99999", json={"supervisor_id": None}, headers=manager.headers).status_code == 404
    # One event per real change (saving the same supervisor again is not one), newest first.
    assert _audit(client, manager, group.id) == [("update", "Helen Marsh"), ("update", "Helen Marsh"), ("create", "system")]


def test_a_manager_sets_up_a_group_on_the_page_with_each_error_beside_its_field(client, db, manager, clinician):
    supervision.create_group(db=db, name="Swale supervision group", district="Swale")
    db.commit()
    csrf = _sign_in(client, manager)
    assert '<a href="/supervision/groups/new">Set up a supervision group</a>' in client.get("/supervision").text
    form = client.get("/supervision/groups/new").text
    # The profile's rule is offered: the second Tuesday at 10:00 for 90 minutes; no weekend days.
    assert '<option value="1" selected>Tuesday</option>' in form and '<option value="2" selected>Second</option>' in form
    assert 'value="10:00"' in form and "Saturday" not in form
    assert f'<option value="{clinician.id}">Priya Castell (Specialist practitioner)</option>' in form

    base = {"csrf_token": csrf, "district": "Swale", "supervisor_id": "", "week_of_month": "2", "weekday": "1",
            "starts": "10:00", "minutes": "90", "location": ""}
    assert client.post("/supervision/groups", data=base | {"csrf_token": "wrong", "name": "X"}).status_code == 400
    bad = client.post("/supervision/groups", data=base | {"name": "swale supervision group", "starts": "16:00"})
    assert bad.status_code == 422 and "error-summary" in bad.text
    assert '<li><a href="#name">There is already a group called swale supervision group; choose another name.</a></li>' in bad.text
    assert '<p class="error-message" id="starts-error">Sessions start and end within office hours (09:00 to 17:00).</p>' in bad.text
    assert 'value="swale supervision group"' in bad.text  # what was typed is kept
    missing = client.post("/supervision/groups", data=base | {"name": "", "district": "", "starts": ""})
    assert missing.status_code == 422
    assert 'id="starts-error">Enter the start time, for example 10:00.' in missing.text

    made = client.post("/supervision/groups", data=base | {"name": "Sheppey supervision group",
                                                            "supervisor_id": str(clinician.id), "location": "Sheerness"})
    assert made.status_code == 200 and "Sheppey supervision group is set up and its sessions are scheduled." in made.text
    assert "Tue 8 Dec 10:00" in made.text and "Priya Castell" in made.text
    group = db.scalars(select(SupervisionGroup).where(SupervisionGroup.name == "Sheppey supervision group")).one()
    assert (group.supervisor_id, group.location, len(group.sessions)) == (clinician.id, "Sheerness", 3)


def test_a_manager_changes_the_supervisor_on_the_group_page(client, db, manager, clinician, second_clinician, admin):
    group = supervision.create_group(db=db, name="Thanet supervision group", district="Thanet",
                                     supervisor=db.get(User, clinician.id))
    db.commit()
    csrf = _sign_in(client, clinician)
    page = client.get(f"/supervision/groups/{group.id}").text
    assert "Choose the supervisor" not in page  # clinicians see who leads, managers choose
    assert client.post(f"/supervision/groups/{group.id}/supervisor",
                       data={"csrf_token": csrf, "supervisor_id": str(second_clinician.id)}).status_code == 403
    client.cookies.clear()
    csrf = _sign_in(client, manager)
    page = client.get(f"/supervision/groups/{group.id}").text
    assert f'<option value="{clinician.id}" selected>Priya Castell' in page and "Sam Admin" not in page
    wrong = client.post(f"/supervision/groups/{group.id}/supervisor", data={"csrf_token": csrf, "supervisor_id": str(admin.id)})
    assert wrong.status_code == 422 and '<li><a href="#supervisor_id">There is no PIMHS clinician with that id.</a></li>' in wrong.text
    done = client.post(f"/supervision/groups/{group.id}/supervisor",
                       data={"csrf_token": csrf, "supervisor_id": str(second_clinician.id)})
    assert "Tomasz Wren now leads Thanet supervision group" in done.text
    assert "<dt>Supervisor</dt><dd>Tomasz Wren</dd>" in done.text
    tbc = client.post(f"/supervision/groups/{group.id}/supervisor", data={"csrf_token": csrf, "supervisor_id": ""})
    assert "<dt>Supervisor</dt><dd>To be confirmed</dd>" in tbc.text
    assert client.get("/supervision/groups/new").status_code == 200
    client.cookies.clear()
    _sign_in(client, clinician)
    assert client.get("/supervision/groups/new").status_code == 403
