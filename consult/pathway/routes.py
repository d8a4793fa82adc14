"""JSON API for the family's pathway (api.md "The family's pathway"). Thin: parse, call, shape.
Mounted before consult.referrals.routes so /api/referrals/waiting is not read as a reference."""
from __future__ import annotations

from typing import Any, Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, StrictInt

from consult import clock
from consult.core.types import BoundedInstant, DbId, Reference
from consult.deps import ClinicianApi, ManagerApi, ProfileDep, SessionDep
from consult.pathway import appointments, caseload, letters, outcomes, schemas, waiting
from consult.pathway.calendar import clinician_calendar
from consult.pathway.models import FamilyAppointment
from consult.referrals import service as referrals

router = APIRouter(tags=["pathway"])


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AppointmentIn(_In):
    starts: BoundedInstant
    kind: Literal["assessment", "intervention", "review"]
    method: Literal["home_visit", "clinic", "video", "phone"]
    place: str | None = Field(default=None, max_length=200)
    minutes: StrictInt | None = Field(default=None, ge=15, le=240)


class AttendanceIn(_In):
    outcome: Literal["attended", "did_not_attend", "cancelled_by_family", "cancelled_by_service"]


class DecisionIn(_In):
    decision: Literal["keep_open", "close"]


class OutcomesIn(_In):
    stage: Literal["referral", "assessment", "end_of_intervention"]
    scores: dict[str, StrictInt | None] = Field(max_length=10)
    # The age interval (months) of the ASQ:SE-2 questionnaire, needed with an "asqse2" total.
    asqse2_interval_months: StrictInt | None = None


class GpPracticeIn(_In):
    gp_practice: str = Field(min_length=2, max_length=200)


class AllocationIn(_In):
    clinician_id: StrictInt
    # The holder the caller saw; when given, a re-allocation by someone else meanwhile is a 409.
    expected_clinician_id: StrictInt | None = None


def appointment_view(a: FamilyAppointment) -> dict[str, Any]:
    return {"id": a.id, "kind": a.kind, "method": a.method, "place": a.place, "session": a.session_label,
            "starts": a.starts_at.isoformat(), "ends": a.ends_at.isoformat(), "status": a.status,
            "clinician_id": a.clinician_id}


@router.get("/api/referrals/waiting", response_model=schemas.WaitingListOut)
def waiting_list(db: SessionDep, user: ClinicianApi, profile: ProfileDep, response: Response) -> schemas.WaitingListOut:
    response.headers["Cache-Control"] = "no-store"
    return schemas.WaitingListOut.model_validate(waiting.waiting_list(db=db, now=clock.now(), profile=profile))


@router.get("/api/referrals/outcomes.csv")
def outcome_dataset(db: SessionDep, user: ManagerApi) -> Response:
    """The pseudonymised record-level outcome dataset (manager only; every download audited)."""
    import csv
    import io

    header, rows = outcomes.dataset(db=db, actor=user)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="pimh-outcome-dataset.csv"', "Cache-Control": "no-store"})


@router.post("/api/referrals/{reference}/outcomes", status_code=201, response_model=schemas.OutcomesOut)
def record_outcomes(reference: Reference, body: OutcomesIn, db: SessionDep, user: ClinicianApi) -> schemas.OutcomesOut:
    """Totals of the extra outcome measures at one stage: {"stage", "scores": {"hads_anxiety": 12, ...}},
    with "asqse2_interval_months" when an "asqse2" total is given."""
    referral = referrals.get_referral(db=db, reference=reference)
    outcomes.record(db=db, referral=referral, stage=body.stage, scores=body.scores, clinician=user,
                    asqse2_interval_months=body.asqse2_interval_months)
    return schemas.OutcomesOut(reference=referral.reference, outcomes=outcomes.for_referral(db=db, referral=referral))


@router.post("/api/referrals/{reference}/appointments", status_code=201, response_model=schemas.AppointmentOut)
def book(reference: Reference, body: AppointmentIn, db: SessionDep, user: ClinicianApi,
         profile: ProfileDep) -> schemas.AppointmentOut:
    referral = referrals.get_referral(db=db, reference=reference)
    appointment = appointments.book(db=db, referral=referral, clinician=user, starts=body.starts, kind=body.kind,
                                    method=body.method, place=body.place, minutes=body.minutes, profile=profile)
    return schemas.AppointmentOut.model_validate({"id": appointment.id, **appointment_view(appointment)})


@router.get("/api/referrals/{reference}/appointments", response_model=schemas.AppointmentsOut)
def list_appointments(reference: Reference, db: SessionDep, user: ClinicianApi) -> schemas.AppointmentsOut:
    referral = referrals.get_referral(db=db, reference=reference)
    return schemas.AppointmentsOut.model_validate({
        "appointments": [appointment_view(a) for a in appointments.for_referral(db=db, referral=referral)],
        "did_not_attend_review": appointments.review_pending(db=db, referral=referral)})


@router.post("/api/referrals/{reference}/appointments/{appointment_id}/attendance",
             response_model=schemas.AttendanceOut)
def attendance(reference: Reference, appointment_id: DbId, body: AttendanceIn, db: SessionDep, user: ClinicianApi,
               profile: ProfileDep) -> schemas.AttendanceOut:
    referral = referrals.get_referral(db=db, reference=reference)
    found = appointments.get_appointment(db=db, referral=referral, appointment_id=appointment_id)
    done = appointments.record_attendance(db=db, referral=referral, appointment=found, outcome=body.outcome,
                                          clinician=user, profile=profile)
    return schemas.AttendanceOut.model_validate(
        {**appointment_view(done), "did_not_attend_review": appointments.review_pending(db=db, referral=referral)})


@router.post("/api/referrals/{reference}/did-not-attend-decision", response_model=schemas.DecisionOut)
def decision(reference: Reference, body: DecisionIn, db: SessionDep, user: ClinicianApi) -> schemas.DecisionOut:
    referral = referrals.get_referral(db=db, reference=reference)
    appointments.decide_review(db=db, referral=referral, clinician=user, keep_open=body.decision == "keep_open")
    return schemas.DecisionOut(reference=referral.reference, decision=body.decision)


@router.post("/api/referrals/{reference}/allocation", response_model=schemas.AllocationOut)
def allocate(reference: Reference, body: AllocationIn, db: SessionDep, user: ClinicianApi) -> schemas.AllocationOut:
    referral = referrals.get_referral(db=db, reference=reference)
    expected = (body.expected_clinician_id if "expected_clinician_id" in body.model_fields_set
                else caseload.ANY_HOLDER)
    holder = caseload.allocate(db=db, referral=referral, clinician_id=body.clinician_id, actor=user,
                               expected=expected)
    return schemas.AllocationOut(reference=referral.reference,
                                 allocated_to=schemas.HolderOut(id=holder.id, name=holder.name))


@router.get("/api/caseload", response_model=schemas.CaseloadOut)
def caseload_list(db: SessionDep, user: ClinicianApi) -> schemas.CaseloadOut:
    return schemas.CaseloadOut.model_validate({"clinicians": caseload.caseload(db=db)})


@router.get("/api/caseload/calendar.ics")
def my_calendar(db: SessionDep, user: ClinicianApi, profile: ProfileDep) -> Response:
    """The signed-in clinician's own family appointments, to import or subscribe to."""
    return Response(clinician_calendar(db=db, clinician=user, profile=profile), media_type="text/calendar; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="family-appointments.ics"',
                             "Cache-Control": "no-store"})


@router.put("/api/referrals/{reference}/gp-practice", response_model=schemas.GpPracticeOut)
def gp_practice(reference: Reference, body: GpPracticeIn, db: SessionDep, user: ClinicianApi) -> schemas.GpPracticeOut:
    """Record or correct the family's GP practice (where the GP copy of the letter goes)."""
    referral = referrals.get_referral(db=db, reference=reference)
    letters.set_gp_practice(db=db, referral=referral, practice=body.gp_practice, actor=user)
    return schemas.GpPracticeOut(reference=referral.reference, gp_practice=body.gp_practice.strip())
