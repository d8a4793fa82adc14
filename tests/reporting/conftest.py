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


@pytest.fixture
def referral_quarter(db, practitioner):
    """Referrals around 2026Q3, figures worked by hand in test_referral_outcomes.py. Six
    interventions end in the quarter with scores at both stages, but scores are optional:
    MORS-SF has 6 pairs, PHQ-9 5 (one end score not taken) and GAD-7 4 (two missing)."""
    p, d = practitioner.id, date
    h.referral(db, p, received=d(2026, 7, 6), outcome="eligible", started=d(2026, 7, 27), started_within=True,
               closed=d(2026, 9, 14), before={"phq9": 15, "gad7": 12, "warmth": 14, "invasion": 20},
               after={"phq9": 8, "gad7": 7, "warmth": 24, "invasion": 12})
    h.referral(db, p, received=d(2026, 7, 8), outcome="eligible", started=d(2026, 7, 29), started_within=False,
               closed=d(2026, 9, 15), before={"phq9": 12, "gad7": 10, "warmth": 18, "invasion": 16},
               after={"phq9": 10, "gad7": 9, "warmth": 22, "invasion": 15})
    h.referral(db, p, received=d(2026, 7, 20), source="midwifery", outcome="not_eligible", triaged_within=False)
    h.referral(db, p, received=d(2026, 8, 3), source="midwifery", outcome="eligible", started=d(2026, 8, 20),
               started_within=True, closed=d(2026, 9, 21),
               before={"phq9": 20, "gad7": 15, "warmth": 10, "invasion": 24},
               after={"phq9": 11, "gad7": 8, "warmth": 19, "invasion": 14})
    h.referral(db, p, received=d(2026, 8, 5), outcome="not_eligible")
    h.referral(db, p, received=d(2026, 8, 17), source="family_hub", outcome="eligible", started=d(2026, 9, 1),
               started_within=True, closed=d(2026, 9, 28), before={"phq9": 9, "gad7": 6, "warmth": 20, "invasion": 12},
               after={"phq9": 9, "gad7": 8, "warmth": 21, "invasion": 13})
    h.referral(db, p, received=d(2026, 9, 2))  # waiting for triage
    h.referral(db, p, received=d(2026, 9, 7), source="early_help", outcome="more_information")
    # Received in Q2, ended in Q3: their scores count in Q3, their referral and start in Q2.
    h.referral(db, p, received=d(2026, 5, 11), outcome="eligible", started=d(2026, 6, 1), started_within=True,
               closed=d(2026, 7, 20), before={"phq9": 17, "warmth": 16, "invasion": 18},
               after={"phq9": 6, "gad7": 5, "warmth": 27, "invasion": 9})
    h.referral(db, p, received=d(2026, 5, 18), source="midwifery", outcome="eligible", started=d(2026, 6, 8),
               started_within=True, closed=d(2026, 8, 10), before={"phq9": 11, "gad7": 9, "warmth": 13, "invasion": 21},
               after={"warmth": 20, "invasion": 17})
    # Received in Q2, started in Q3 (late), ended in Q4: only its start counts in Q3.
    h.referral(db, p, received=d(2026, 6, 15), outcome="eligible", started=d(2026, 7, 6), started_within=False,
               closed=d(2026, 10, 5), before={"phq9": 27, "gad7": 21, "warmth": 0, "invasion": 35},
               after={"phq9": 0, "gad7": 0, "warmth": 35, "invasion": 0})
    h.referral(db, p, received=d(2026, 6, 30), source="midwifery", outcome="not_eligible")  # Q2
    h.referral(db, p, received=d(2026, 10, 1))  # Q4
    db.commit()
