"""Claiming a call-back (issue 21's small gaps): the clinician who claims it holds it, so the queue
shows it under their name and its clinician filter finds it there; one nobody has claimed is under
"Not yet taken" with a Claim button. Two clinicians claiming at once: one holds it, the other is told."""
from __future__ import annotations

import re

from consult.auth.models import User
from consult.db import session_scope
from consult.telephony import calls as telephony_calls
from consult.telephony.errors import Conflict
from tests.racing import race_each
from tests.telephony.conftest import CALLER, calls
from tests.telephony.test_queue_and_pages import sign_in


def _missed(twilio, db) -> int:
    """A call nobody could answer (nobody on duty): a call-back to make."""
    twilio.call("CA900", caller=CALLER)
    (call,) = calls(db)
    assert call.callback_due is not None
    return call.id


def _row(page: str, reference: str) -> str:
    return re.search(rf'<tr class="state-[a-z_]+">\s*<td><a href="[^"]+"><span class="ref">{reference}</span>.*?</tr>',
                     page, re.S).group(0)


def _listed(client, reference: str, clinician: str) -> bool:
    return f'<span class="ref">{reference}</span>' in client.get(f"/consultations?clinician={clinician}").text


def test_a_claimed_call_back_shows_and_filters_under_its_clinician(twilio, db, clinician, second_clinician):
    call_id = _missed(twilio, db)
    reference = f"CALL-{call_id:06d}"
    token = sign_in(twilio.client, clinician)
    assert _listed(twilio.client, reference, "none") and not _listed(twilio.client, reference, str(clinician.id))
    row = _row(twilio.client.get("/consultations").text, reference)
    assert f'action="/telephony/calls/{call_id}/claim"' in row and ">Claim<" in row

    claimed = twilio.client.post(f"/telephony/calls/{call_id}/claim", data={"csrf_token": token})
    assert claimed.status_code == 200 and f"You have claimed the call-back for {reference}" in claimed.text
    assert "Claimed by Priya Castell (you)." in claimed.text
    assert _listed(twilio.client, reference, str(clinician.id))
    assert not _listed(twilio.client, reference, "none") and not _listed(twilio.client, reference, str(second_clinician.id))
    row = _row(twilio.client.get("/consultations").text, reference)
    assert "Priya Castell (you)" in row and "/claim" not in row

    # A colleague who tries next is told who has it, and the claim stays where it was.
    token = sign_in(twilio.client, second_clinician)
    late = twilio.client.post(f"/telephony/calls/{call_id}/claim", data={"csrf_token": token})
    assert "already been claimed by Priya Castell" in late.text
    (stored,) = calls(db)
    assert stored.callback_claimed_by_id == clinician.id

    # Once the call-back is made it leaves the queue, and it cannot be claimed any more.
    done = twilio.client.post(f"/telephony/calls/{call_id}/callback", data={"csrf_token": token, "outcome": "spoke"})
    assert done.status_code == 200 and reference not in twilio.client.get("/consultations").text
    after = twilio.client.post(f"/telephony/calls/{call_id}/claim", data={"csrf_token": token})
    assert "has no call-back waiting to be made" in after.text


def test_a_claim_needs_the_csrf_token_and_a_clinician(twilio, db, clinician, practitioner):
    call_id = _missed(twilio, db)
    sign_in(twilio.client, clinician)
    assert twilio.client.post(f"/telephony/calls/{call_id}/claim", data={}).status_code in (400, 403)
    token = sign_in(twilio.client, practitioner)
    assert twilio.client.post(f"/telephony/calls/{call_id}/claim", data={"csrf_token": token}).status_code == 403
    (stored,) = calls(db)
    assert stored.callback_claimed_by_id is None


ATTEMPTS = 8


def test_two_clinicians_claiming_one_call_back_at_once_one_holds_it(twilio, db, clinician, second_clinician):
    call_id = _missed(twilio, db)
    ids = (clinician.id, second_clinician.id)

    def claim(i: int):
        with session_scope() as session:
            try:
                telephony_calls.claim_callback(db=session, call_id=call_id, clinician=session.get(User, ids[i % 2]))
                return ids[i % 2]
            except Conflict:
                return "refused"

    results = race_each(ATTEMPTS, claim)
    winners = {r for r in results if r != "refused"}
    assert len(winners) == 1, results  # a clinician claiming their own again is told nothing new
    assert results.count("refused") == ATTEMPTS // 2
    db.expire_all()
    (stored,) = calls(db)
    assert stored.callback_claimed_by_id == winners.pop()


def test_the_call_page_offers_the_claim_while_nobody_holds_it(twilio, db, clinician):
    call_id = _missed(twilio, db)
    sign_in(twilio.client, clinician)
    page = twilio.client.get(f"/telephony/calls/{call_id}").text
    assert "Nobody has claimed this call-back yet." in page and f'action="/telephony/calls/{call_id}/claim"' in page
