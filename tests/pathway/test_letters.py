"""The end-of-contact letter as a PDF: opened and its text read; each copy holds only what its
addressee may see; clinicians get any copy, the referrer their own, anyone else 404; audited."""
from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from consult.privacy.audit import AuditEvent
from tests.readiness.test_page import COMPLETE_FORM
from tests.referrals.helpers import submit, triage
from tests.referrals.test_pages import _sign_in

LETTER = ("Thank you for the referral. We offered eight sessions of parent-infant work and the parent "
          "now feels more confident with the baby. We will call the family in six months.")
PARENT_NHS, INFANT_NHS = "999 000 0018", "999 000 0026"


def _closed(client, practitioner, clinician, gp: str | None = "Harbour Street Surgery, Ramsgate") -> str:
    changes = {"parent.gp_practice": gp} if gp else None
    reference = submit(client, practitioner, changes)["reference"]
    triage(client, clinician, reference)
    client.post(f"/api/referrals/{reference}/assessment", json={"date": "2026-11-23"}, headers=clinician.headers)
    client.post(f"/api/referrals/{reference}/intervention-start", json={"date": "2026-11-23"}, headers=clinician.headers)
    closed = client.post(f"/api/referrals/{reference}/close", json={"letter": LETTER}, headers=clinician.headers)
    assert closed.status_code == 200, closed.text
    return reference


def _text(response) -> str:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf" and response.content.startswith(b"%PDF")
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(response.content)).pages)


def _dob(client, clinician, reference) -> tuple[str, str]:
    full = client.get(f"/api/referrals/{reference}", headers=clinician.headers).json()
    return full["parent"]["date_of_birth"], full["parent"]["postcode"]


def test_the_referrer_opens_their_copy_from_the_notice_link_and_it_holds_no_family_identifier(
        client, practitioner, clinician, notices):
    reference = _closed(client, practitioner, clinician)
    dob, postcode = _dob(client, clinician, reference)
    (notice,) = [n for n in notices.sent if n.kind == "end_of_contact"]
    path = notice.link.split("://", 1)[1].split("/", 1)[1]
    assert path == f"referrals/{reference}/letter.pdf"
    _sign_in(client, practitioner)
    text = _text(client.get("/" + path))
    assert reference in text and "eight sessions of parent-infant work" in text and "Dear Ada Invented" in text
    assert "*** *** 0018" in text
    for identifier in (PARENT_NHS, "9990000018", INFANT_NHS, dob, postcode, "Harbour Street Surgery"):
        assert identifier not in text
    # The old address the first notices carried now leads to the same PDF.
    old = client.get(f"/referrals/{reference}/letter", follow_redirects=False)
    assert old.status_code == 303 and old.headers["location"] == f"/referrals/{reference}/letter.pdf"


def test_the_gp_copy_names_the_practice_and_the_nhs_numbers_and_the_family_copy_neither(
        client, practitioner, clinician):
    reference = _closed(client, practitioner, clinician)
    dob, postcode = _dob(client, clinician, reference)
    _sign_in(client, clinician)
    gp = _text(client.get(f"/referrals/{reference}/letter.pdf?to=gp"))
    assert "Harbour Street Surgery, Ramsgate" in gp and PARENT_NHS in gp and INFANT_NHS in gp and dob in gp
    assert postcode not in gp and "ada.invented@nhs.net" not in gp and "01632 960000" not in gp and "Dear Doctor" in gp
    family = _text(client.get(f"/referrals/{reference}/letter.pdf?to=family"))
    assert reference in family and "Dear parent or carer" in family and "eight sessions" in family
    for identifier in (PARENT_NHS, "0018", INFANT_NHS, dob, postcode, "Ada Invented", "Harbour Street"):
        assert identifier not in family


def test_only_clinicians_and_the_referrer_get_a_letter_and_the_referrer_only_their_copy(
        client, practitioner, outsider, clinician, manager):
    reference = _closed(client, practitioner, clinician)
    _sign_in(client, outsider)
    assert client.get(f"/referrals/{reference}/letter.pdf").status_code == 404
    _sign_in(client, practitioner)
    assert client.get(f"/referrals/{reference}/letter.pdf?to=gp").status_code == 404
    assert client.get(f"/referrals/{reference}/letter.pdf?to=family").status_code == 404
    assert client.get(f"/referrals/{reference}/letter.pdf?to=nobody").status_code == 404
    _sign_in(client, manager)
    assert client.get(f"/referrals/{reference}/letter.pdf?to=family").status_code == 200
    client.cookies.clear()
    signed_out = client.get(f"/referrals/{reference}/letter.pdf", follow_redirects=False)
    assert signed_out.status_code in (303, 401) and not signed_out.content.startswith(b"%PDF")


def test_every_download_is_audited_with_who_and_which_copy(client, db, practitioner, clinician):
    reference = _closed(client, practitioner, clinician)
    _sign_in(client, clinician)
    client.get(f"/referrals/{reference}/letter.pdf?to=gp")
    client.get(f"/referrals/{reference}/letter.pdf?to=family")
    _sign_in(client, practitioner)
    client.get(f"/referrals/{reference}/letter.pdf")
    rows = db.scalars(select(AuditEvent).where(AuditEvent.record == reference,
                                               AuditEvent.detail.like("letter PDF%")).order_by(AuditEvent.id)).all()
    assert [(r.actor_id, r.detail) for r in rows] == [
        (clinician.id, "letter PDF downloaded: gp copy"), (clinician.id, "letter PDF downloaded: family copy"),
        (practitioner.id, "letter PDF downloaded: referrer copy")]


def test_an_open_referral_has_no_letter_and_a_gp_copy_needs_a_practice(client, practitioner, clinician):
    open_one = submit(client, practitioner)["reference"]
    no_gp = _closed(client, practitioner, clinician, gp=None)
    _sign_in(client, clinician)
    assert client.get(f"/referrals/{open_one}/letter.pdf").status_code == 409
    assert client.get(f"/referrals/{no_gp}/letter.pdf?to=gp").status_code == 409
    recorded = client.put(f"/api/referrals/{no_gp}/gp-practice", headers=clinician.headers,
                          json={"gp_practice": "Cliff Road Medical Centre, Broadstairs"})
    assert recorded.status_code == 200
    assert "Cliff Road Medical Centre" in _text(client.get(f"/referrals/{no_gp}/letter.pdf?to=gp"))


def test_the_not_eligible_guidance_is_a_letter_too(client, practitioner, clinician):
    reference = submit(client, practitioner)["reference"]
    triage(client, clinician, reference, outcome="not_eligible",
           guidance="The difficulties described are about feeding rather than the relationship.")
    _sign_in(client, practitioner)
    text = _text(client.get(f"/referrals/{reference}/letter.pdf"))
    assert "not eligible" in text and "feeding rather than the relationship" in text and "999" in text


def test_the_referral_pages_link_to_the_letters(client, practitioner, clinician):
    reference = _closed(client, practitioner, clinician)
    _sign_in(client, clinician)
    page = client.get(f"/referrals/{reference}").text
    assert f'href="/referrals/{reference}/letter.pdf?to=gp"' in page
    _sign_in(client, practitioner)
    assert f'href="/referrals/{reference}/letter.pdf"' in client.get(f"/referrals/{reference}").text


def test_a_referral_sent_from_the_web_form_carries_its_gp_practice_to_the_gp_copy(client, practitioner, clinician):
    from tests.referrals.test_pages import _send_form

    token = _sign_in(client, practitioner)
    checked = client.post("/referrals/check", data={"csrf_token": token, **COMPLETE_FORM,
                                                     "parent.gp_practice": "Harbour Street Surgery, Ramsgate"})
    assert '<label for="parent-gp_practice">GP practice (optional)</label>' in checked.text
    fields = _send_form(checked.text)
    assert fields["parent.gp_practice"] == "Harbour Street Surgery, Ramsgate"
    sent = client.post("/referrals/send", data=fields, follow_redirects=False)
    assert sent.status_code == 303, sent.text
    reference = sent.headers["location"].split("/")[2]
    triage(client, clinician, reference)
    closed = client.post(f"/api/referrals/{reference}/close", json={"letter": LETTER}, headers=clinician.headers)
    assert closed.status_code == 200, closed.text
    _sign_in(client, clinician)
    assert "Harbour Street Surgery, Ramsgate" in _text(client.get(f"/referrals/{reference}/letter.pdf?to=gp"))
