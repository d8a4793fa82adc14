"""Who holds each line of the clinicians' queue (issue 21's small gaps): the clinician filter finds a
referral under the clinician who asked for more information and a follow-up call under the clinician
who closed the family's referral; a new referral is nobody's, so it is under "Not yet taken" and the
Clinician column says so."""
from __future__ import annotations

import re
from datetime import datetime

from consult.clock import LONDON
from tests.consultations.test_pages import _sign_in
from tests.referrals.helpers import submit, triage
from tests.referrals.test_follow_up_pages import _closed

MORE_INFORMATION = "More information needed: please tell us how long the difficulties have lasted."


def _clinician_cell(page: str, reference: str) -> str:
    """The Clinician cell of the row whose first link names `reference`."""
    row = re.search(rf'<tr class="state-[a-z_]+">\s*<td><a href="[^"]+"><span class="ref">{reference}</span>.*?</tr>',
                    page, re.S).group(0)
    return re.findall(r"<td>(.*?)</td>", row, re.S)[4]


def _listed(client, reference: str, clinician: str) -> bool:
    return f'<span class="ref">{reference}</span>' in client.get(f"/consultations?clinician={clinician}").text


def test_a_new_referral_is_nobodys_until_a_clinician_asks_for_more_information(
        client, practitioner, clinician, second_clinician):
    reference = submit(client, practitioner)["reference"]
    _sign_in(client, clinician)
    assert _listed(client, reference, "none") and not _listed(client, reference, str(clinician.id))
    page = client.get("/consultations").text
    assert "Not yet taken" in _clinician_cell(page, reference)
    assert '<option value="none">Not yet taken</option>' in page

    triage(client, clinician, reference, outcome="more_information", guidance=MORE_INFORMATION)
    # Still waiting for triage, now with the clinician who asked: theirs, and no longer "not yet taken".
    assert _listed(client, reference, str(clinician.id))
    assert not _listed(client, reference, "none") and not _listed(client, reference, str(second_clinician.id))
    cell = _clinician_cell(client.get("/consultations").text, reference)
    assert "Priya Castell (you)" in cell and "Not yet taken" not in cell
    assert f'href="/referrals/{reference}">Triage' in cell  # the line's own link stays beside the name


def test_a_follow_up_call_is_under_the_clinician_who_closed_the_referral(
        client, clock, practitioner, clinician, second_clinician):
    reference = _closed(client, practitioner, clinician)
    clock.set(datetime(2027, 5, 24, 9, 30, tzinfo=LONDON))  # the call fell due the day before
    _sign_in(client, second_clinician)
    assert _listed(client, reference, str(clinician.id))
    assert not _listed(client, reference, str(second_clinician.id)) and not _listed(client, reference, "none")
    cell = _clinician_cell(client.get("/consultations?kind=follow_up").text, reference)
    assert cell.strip().startswith("Priya Castell") and "(you)" not in cell
