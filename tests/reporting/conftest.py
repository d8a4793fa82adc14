from __future__ import annotations

from datetime import date

import pytest

from booking.models import BookingStatus
from tests.reporting import helpers as h


@pytest.fixture
def quarter_data(db, practitioner, clinician, second_clinician):
    """A small 2026Q3 worked by hand (figures in test_figures.py), with rows either side of it."""
    p, c1, c2 = practitioner.id, clinician.id, second_clinician.id
    a = h.consultation(db, p, received=date(2026, 7, 1), district="Thanet", hours=4.0, within=True,
                       outcome="pir_referral_advised", thrive="getting_help", cluster=3, clinician_id=c1)
    b = h.consultation(db, p, received=date(2026, 7, 15), district="Thanet", role="Midwife", organisation_type="midwifery",
                       channel="phone", hours=10.0, within=True, outcome="universal_targeted_offer",
                       thrive="getting_advice", clinician_id=c1)
    h.consultation(db, p, received=date(2026, 8, 3), district="Dover", channel="slack", hours=20.0, within=False,
                   outcome="pir_referral_advised", thrive="getting_more_help", cluster=5, clinician_id=c2)
    h.consultation(db, p, received=date(2026, 8, 20), district="Dover", role=None, organisation_type=None,
                   status="acknowledged")  # open, long past its time limit
    h.consultation(db, p, received=date(2026, 9, 1), district="Swale", status="withdrawn", ack_within=False)
    f = h.consultation(db, p, received=date(2026, 9, 30), district="Swale", status="closed", hours=6.0, within=True,
                       outcome="other_service", thrive="getting_advice", clinician_id=c2)
    g = h.consultation(db, p, received=date(2026, 6, 30), district="Thanet", hours=1.0, within=True,
                       outcome="other_service", thrive="thriving", clinician_id=c1)  # Q2
    h.consultation(db, p, received=date(2026, 10, 1), district="Thanet", hours=2.0, within=True,
                   outcome="other_service", thrive="thriving", clinician_id=c1)  # Q4
    h.feedback(db, a, given=date(2026, 7, 10), before=2, after=4, helpfulness=5)
    h.feedback(db, b, given=date(2026, 8, 1), before=3, after=3, helpfulness=4)
    h.feedback(db, g, given=date(2026, 7, 2), before=1, after=4, helpfulness=3)  # a Q2 request, feedback in Q3
    h.feedback(db, f, given=date(2026, 10, 2), before=1, after=5)  # Q4
    for n, status in enumerate((BookingStatus.attended, BookingStatus.attended, BookingStatus.did_not_attend,
                                BookingStatus.cancelled, BookingStatus.booked)):
        h.booking(db, c1, day=date(2026, 7, 6 + n), status=status)
    h.booking(db, c1, day=date(2026, 10, 5), status=BookingStatus.did_not_attend)  # Q4
    h.shortfall(db, day=date(2026, 7, 6), method="any", occurrences=3)
    h.shortfall(db, day=date(2026, 7, 6), method="phone", occurrences=1)
    h.shortfall(db, day=date(2026, 8, 10), method="any", occurrences=2)
    h.shortfall(db, day=date(2026, 10, 5), method="any", occurrences=9)  # Q4
    for answered in (True, True, True, True, False):
        h.question(db, day=date(2026, 8, 12), answered=answered)
    h.question(db, day=date(2026, 9, 30), answered=False, risk=True)
    h.question(db, day=date(2026, 6, 30), answered=False)  # Q2
    db.commit()
