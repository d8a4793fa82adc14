"""Direct model inserts for reporting tests: each row states the figures reports read, so the
expected values can be worked out by hand."""
from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta

from booking.models import Booking, BookingShortfall, BookingStatus
from consult.clock import LONDON
from consult.consultations.models import Consultation, ConsultationFeedback
from faq.models import FaqQuestion

_numbers = itertools.count(1)

# Identifying-looking details the exports must never carry.
SECRET_NAME = "Marigold Quillfeather"
SECRET_EMAIL = "marigold.quillfeather@nhs.net"
SECRET_PHONE = "01632 960 123"
SECRET_SUMMARY = "Baby Zebedee seems withdrawn during feeds and the parent is exhausted"
SECRET_ADVICE = "Suggest the parent joins the watch wait and wonder group next Tuesday"
SECRET_COMMENT = "Really helpful thanks to Dr Flintwick"
# What no report, export or page may carry (the personas' names included).
IDENTIFIERS = (SECRET_NAME, SECRET_EMAIL, SECRET_PHONE, SECRET_SUMMARY, SECRET_ADVICE, SECRET_COMMENT,
               "Marigold", "Quillfeather", "960 123", "Zebedee", "Flintwick", "Priya", "Castell", "Jo Pellow")


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), LONDON)


def consultation(db, practitioner_id: int, *, received: date, district: str = "Thanet", role: str | None = "Health visitor",
                 organisation_type: str | None = "health_visiting", channel: str = "web", status: str = "advised",
                 hours: float | None = None, within: bool | None = None, ack_within: bool = True,
                 outcome: str | None = None, thrive: str | None = None, cluster: int | None = None,
                 clinician_id: int | None = None, urgency: str = "routine") -> Consultation:
    received_at = at(received)
    advised = status in ("advised", "closed") and hours is not None
    row = Consultation(
        reference=f"PIMH-{received.year}-{next(_numbers):05d}", channel=channel, status=status,
        practitioner_id=practitioner_id, practitioner_name=SECRET_NAME, practitioner_email=SECRET_EMAIL,
        practitioner_role=role, organisation="Community health trust", organisation_type=organisation_type,
        summary=SECRET_SUMMARY, district=district, urgency=urgency, preferred_contact="phone",
        callback_phone=SECRET_PHONE, consent_confirmed=True,
        received_at=received_at, received_on=received, received_month=received.strftime("%Y-%m"),
        acknowledged_at=received_at, working_hours_to_acknowledge=0.0, acknowledged_within_target=ack_within,
        due_soon_at=received_at + timedelta(hours=30), respond_by=received_at + timedelta(days=2),
        claimed_by_id=clinician_id, claimed_at=received_at if clinician_id else None,
        advised_by_id=clinician_id if advised else None,
        advised_at=received_at + timedelta(hours=hours or 0) if advised else None,
        advice=SECRET_ADVICE if advised else None, working_hours_to_advice=hours if advised else None,
        advised_within_target=within if advised else None, recommendation=outcome, thrive=thrive, cluster=cluster,
        closed_at=at(received + timedelta(days=5)) if status in ("closed", "withdrawn") else None,
        closed_without_advice=status == "closed" and not advised, logged_call=False,
    )
    db.add(row)
    db.flush()
    return row


def feedback(db, consultation: Consultation, *, given: date, before: int, after: int, helpfulness: int = 4) -> None:
    db.add(ConsultationFeedback(consultation_id=consultation.id, given_at=at(given, 15), helpfulness=helpfulness,
                                confidence_before=before, confidence_after=after, confidence_change=after - before,
                                comment=SECRET_COMMENT))
    db.flush()


def booking(db, clinician_id: int, *, day: date, status: BookingStatus, hour: int = 10) -> Booking:
    n = next(_numbers)
    row = Booking(reference=f"TB-{n:05d}", uid=f"uid-{n}@test", clinician_id=clinician_id, starts_at=at(day, hour),
                  ends_at=at(day, hour) + timedelta(minutes=30), method="phone", status=status,
                  practitioner_name=SECRET_NAME, practitioner_email=SECRET_EMAIL, practitioner_phone=SECRET_PHONE,
                  practitioner_role="Health visitor", organisation="Trust", district="Thanet", summary=SECRET_SUMMARY,
                  consent_confirmed=True)
    db.add(row)
    db.flush()
    return row


def shortfall(db, *, day: date, method: str, occurrences: int) -> None:
    db.add(BookingShortfall(day=day, method=method, occurrences=occurrences, limit_at=at(day, 17),
                            first_seen_at=at(day), last_seen_at=at(day)))
    db.flush()


def question(db, *, day: date, answered: bool, risk: bool = False) -> None:
    db.add(FaqQuestion(asked_at=at(day), channel="web", answered=answered, risk=risk,
                       reason="answered" if answered else ("risk" if risk else "no_match"), score=0.5,
                       text_redacted=None if answered else "how long is the wait"))
    db.flush()


SECRET_NHS_NUMBER = "9990000018"
SECRET_POSTCODE = "CT9 1ZZ"
SECRET_DESCRIPTION = "Parent Marigold says baby Zebedee cries whenever she is held"


def referral(db, referrer_id: int, *, received: date, source: str = "health_visiting", outcome: str | None = None,
             triaged_within: bool = True, started: date | None = None, started_within: bool | None = None,
             closed: date | None = None, before: dict | None = None, after: dict | None = None):
    """A referral as the pathway leaves it, with the flags and dates the reports read stated
    outright. `before`/`after` are screening scores at assessment and at the end of intervention:
    {"phq9": 15, "gad7": 12, "warmth": 14, "invasion": 20}, a missing key being a score not taken."""
    from consult.referrals.models import Referral, ReferralScore

    received_at = at(received)
    status = "closed" if closed else "in_intervention" if started else (outcome or "acknowledged")
    row = Referral(
        reference=f"PIR-{received.year}-{next(_numbers):05d}", status=status, referrer_id=referrer_id,
        referrer_name=SECRET_NAME, referrer_email=SECRET_EMAIL, referrer_phone=SECRET_PHONE, source=source,
        parent_nhs_number=SECRET_NHS_NUMBER, parent_postcode=SECRET_POSTCODE, district="Thanet",
        description=SECRET_DESCRIPTION, received_at=received_at, received_on=received, acknowledged_at=received_at,
        triage_due_soon_at=received_at + timedelta(days=1), triage_by=received_at + timedelta(days=2),
        triaged_at=received_at + timedelta(days=1 if triaged_within else 4) if outcome else None,
        triage_outcome=outcome, triaged_within_target=triaged_within if outcome else None,
        assessment_on=started - timedelta(days=14) if started else None, intervention_started_on=started,
        intervention_started_within_target=started_within, closed_at=at(closed, 15) if closed else None,
    )
    db.add(row)
    db.flush()
    for stage, scores in (("assessment", before), ("end_of_intervention", after)):
        if scores is not None:
            db.add(ReferralScore(referral_id=row.id, stage=stage, recorded_at=received_at,
                                 phq9_total=scores.get("phq9"), gad7_total=scores.get("gad7"),
                                 mors_warmth=scores.get("warmth"), mors_invasion=scores.get("invasion")))
    db.flush()
    return row
