"""Nobody books under another person's email (issue 16, item 3).

An account's email needs that account's sign-in; a signed-in practitioner's booking is theirs; a
new email's booking stands on its own until the emailed link is followed by its owner signed in;
a clinician or manager is never a consultation's practitioner; a wrong and a missing
consultation reference get the same answer.
"""
from __future__ import annotations

import re

from sqlalchemy import func, select

from tests.booking.conftest import booking_body, first_slot

NEW = {"email": "sam.newton@nhs.net", "name": "Sam Newton"}


def _book(client, slot_id, headers=None, **overrides):
    return client.post("/api/triage/bookings", json=booking_body(slot_id, **overrides), headers=headers or {})


def _bookings(db) -> int:
    from booking.models import Booking

    return db.scalar(select(func.count(Booking.id)))


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _sign_in(client, persona) -> None:
    token = _csrf(client.get("/signin").text)
    done = client.post("/signin", data={"csrf_token": token, "email": persona.email, "password": persona.password,
                                        "next": "/"}, follow_redirects=False)
    assert done.status_code == 303


def test_an_accounts_email_without_its_sign_in_is_refused_with_401_and_nothing_is_stored(client, db, rota, practitioner):
    slot = first_slot(client)
    refused = _book(client, slot["id"])  # Jo's email, no sign-in
    assert refused.status_code == 401
    assert "Sign in" in refused.json()["detail"] and "Nothing has been booked" in refused.json()["detail"]
    assert _bookings(db) == 0
    assert slot["id"] in [s["id"] for s in client.get("/api/triage/slots").json()["slots"]]
    assert client.get("/api/consultations", headers=practitioner.headers).json()["consultations"] == []
    # A token that is not valid is refused too, rather than treated as nobody.
    forged = _book(client, slot["id"], headers={"Authorization": "Bearer pimh_not-a-token"})
    assert forged.status_code == 401 and _bookings(db) == 0


def test_a_signed_in_practitioners_booking_is_theirs_whatever_email_is_typed(client, db, rota, practitioner, outsider):
    slot = first_slot(client)
    # Jo signs in with her token and types Nell's address: the booking is still Jo's, made with Jo's address.
    made = _book(client, slot["id"], headers=practitioner.headers, email=outsider.email)
    assert made.status_code == 201, made.text
    mine = client.get("/api/consultations", headers=practitioner.headers).json()["consultations"]
    assert [c["reference"] for c in mine] == [made.json()["consultation_reference"]]
    assert client.get("/api/consultations", headers=outsider.headers).json()["consultations"] == []
    from booking.models import Booking

    stored = db.scalar(select(Booking))
    assert (stored.user_id, stored.practitioner_email) == (practitioner.id, practitioner.email)


def test_a_clinicians_or_managers_email_never_becomes_a_consultations_practitioner(client, db, rota, clinician, manager):
    from consult.consultations.models import Consultation

    slot = first_slot(client)
    for staff in (clinician, manager):
        assert _book(client, slot["id"], email=staff.email, name=staff.name).status_code == 401
        signed_in = _book(client, slot["id"], headers=staff.headers, email=staff.email, name=staff.name)
        assert signed_in.status_code == 403 and "cannot book" in signed_in.json()["detail"]
    assert _bookings(db) == 0
    assert db.scalar(select(func.count(Consultation.id))) == 0


def test_a_new_emails_booking_stands_on_its_own_with_its_consultation_and_makes_no_account(client, db, rota, clinician):
    from consult.auth.service import find_user_by_email

    made = _book(client, first_slot(client)["id"], **NEW)
    assert made.status_code == 201, made.text
    reference = made.json()["consultation_reference"]
    consultation = client.get(f"/api/consultations/{reference}", headers=clinician.headers).json()
    assert consultation["status"] == "claimed" and consultation["channel"] == "phone"
    assert consultation["practitioner"]["name"] == NEW["name"] and consultation["practitioner"]["email"] == NEW["email"]
    assert find_user_by_email(db=db, email=NEW["email"]) is None  # no account anyone could sign in to
    from consult.auth.models import User

    assert db.scalar(select(func.count(User.id)).where(User.name == NEW["name"])) == 0
    # A second booking from the same new address opens its own request; it joins nothing.
    again = _book(client, first_slot(client)["id"], **NEW)
    assert again.status_code == 201 and again.json()["consultation_reference"] != reference


def test_a_wrong_and_a_missing_consultation_reference_get_the_same_answer(client, db, rota, practitioner, outsider):
    from tests.consultations.test_api import REQUEST

    jos = client.post("/api/consultations", json=REQUEST, headers=practitioner.headers).json()["reference"]
    slot = first_slot(client)["id"]
    answers = [
        _book(client, slot, headers=outsider.headers, consultation_reference=jos),  # someone else's, signed in
        _book(client, slot, headers=outsider.headers, consultation_reference="PIMH-2026-09999"),  # none such
        _book(client, slot, consultation_reference=jos, **NEW),  # someone else's, from a new email
        _book(client, slot, consultation_reference="PIMH-2026-09999", **NEW),
    ]
    assert {(a.status_code, a.text) for a in answers} == {(answers[0].status_code, answers[0].text)}
    assert answers[0].status_code == 422
    assert answers[0].json()["detail"][0]["loc"] == ["body", "consultation_reference"]
    assert _bookings(db) == 0
    # Jo, signed in, joins her own open request.
    joined = _book(client, slot, headers=practitioner.headers, consultation_reference=jos.lower())
    assert joined.status_code == 201 and joined.json()["consultation_reference"] == jos


def test_a_stand_alone_booking_joins_the_account_when_its_owner_follows_the_emailed_link(client, db, rota, outsider):
    from consult.auth.models import Role
    from consult.auth.service import add_user, create_token
    from tests.conftest import PASSWORD, Persona

    made = _book(client, first_slot(client)["id"], **NEW).json()
    manage = made["cancel_url"].replace("/api/triage/bookings/", "/book/manage/").replace("/cancel?", "?")
    manage = manage.replace("http://127.0.0.1:8000", "")
    # Later Sam gets an account with that address (a manager adds it).
    sam = add_user(db=db, name=NEW["name"], email=NEW["email"], role=Role.practitioner, password=PASSWORD)
    sam_token = create_token(db=db, user=sam)
    db.commit()
    sam_headers = {"Authorization": f"Bearer {sam_token}"}
    assert client.get("/api/consultations", headers=sam_headers).json()["consultations"] == []
    # Someone else signed in who holds the link does not take it over.
    _sign_in(client, outsider)
    page = client.get(manage)
    assert page.status_code == 200 and 'id="join-account"' in page.text
    assert client.get("/api/consultations", headers=outsider.headers).json()["consultations"] == []
    client.cookies.clear()
    # Sam follows the link signed in: the booking and its consultation are now Sam's.
    _sign_in(client, Persona(sam.id, sam.name, NEW["email"], "practitioner", sam_token, PASSWORD))
    page = client.get(manage)
    assert page.status_code == 200 and "are now in your account" in page.text and 'id="join-account"' not in page.text
    mine = client.get("/api/consultations", headers=sam_headers).json()["consultations"]
    assert [c["reference"] for c in mine] == [made["consultation_reference"]]


def test_the_booking_form_asks_an_accounts_owner_to_sign_in_and_books_a_signed_in_user_as_themselves(client, db, rota, practitioner):
    from booking.models import Booking

    slot = first_slot(client)["id"]
    form = client.get(f"/book/slot/{slot}")
    assert 'id="sign-in-first"' in form.text and f'href="/signin?next=/book/slot/{slot}"' in form.text
    assert 'id="consultation_reference"' not in form.text  # only a signed-in practitioner has requests to join
    data = {"name": "Jo Pellow", "email": practitioner.email, "phone": "01632 960123", "role": "Health visitor",
            "organisation": "Community health trust", "district": "Thanet", "consent": "yes", "method": "phone",
            "summary": "Mother describes feeling detached from her four month old and is worried about it."}
    refused = client.post(f"/book/slot/{slot}", data={**data, "csrf_token": _csrf(form.text)})
    assert refused.status_code == 401 and "An account already uses this email address" in refused.text
    assert _bookings(db) == 0
    _sign_in(client, practitioner)
    form = client.get(f"/book/slot/{slot}")
    assert 'id="signed-in-as"' in form.text and "readonly" in form.text
    done = client.post(f"/book/slot/{slot}", data={**data, "email": "someone.else@nhs.net", "csrf_token": _csrf(form.text)},
                       follow_redirects=False)
    assert done.status_code == 303, done.text
    stored = db.scalar(select(Booking))
    assert (stored.user_id, stored.practitioner_email) == (practitioner.id, practitioner.email)
