"""The outcome measures page: a clinician records the extra measures' totals (CBTS, ADBB, HADS, PIOS,
ASQ:SE-2 with its age interval) at one stage, and sees what is recorded. A plain form that posts and
redirects; a problem is shown beside its box with a summary at the top, and nothing is stored."""
from __future__ import annotations

import re

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from consult.consultations.errors import InvalidInput, NotFound, WrongState
from consult.deps import ClinicianPage, SessionDep
from consult.pathway import outcomes
from consult.pathway.models import ASQSE2, ASQSE2_INTERVALS, MEASURES, SCORE_STAGES
from consult.referrals import service as referrals
from consult.referrals.models import Referral
from consult.web import FormDep, flash, render, verify_csrf

router = APIRouter(include_in_schema=False)
STAGE_WORDS = {"referral": "At referral", "assessment": "At assessment", "end_of_intervention": "At the end of intervention"}
INTERVAL = "asqse2_interval_months"
_WHOLE_NUMBER = re.compile(r"-?[0-9]{1,6}")  # linear: no nested repetition


def _referral(db: Session, reference: str) -> Referral:
    try:
        return referrals.get_referral(db=db, reference=reference)
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None


def _page(request: Request, db: Session, referral: Referral, *, values: dict[str, str] | None = None,
          errors: dict[str, str] | None = None, status_code: int = 200) -> HTMLResponse:
    response = render(request, "pathway/outcomes.html", {
        "r": referral, "recorded": outcomes.for_referral(db=db, referral=referral), "measures": MEASURES,
        "stages": SCORE_STAGES, "stage_words": STAGE_WORDS, "intervals": ASQSE2_INTERVALS, "asqse2": ASQSE2,
        "values": values or {}, "errors": errors or {}}, status_code=status_code)
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/referrals/{reference}/outcomes")
def outcomes_page(reference: str, request: Request, db: SessionDep, user: ClinicianPage) -> HTMLResponse:
    return _page(request, db, _referral(db, reference))


def _parse(form: FormData) -> tuple[dict[str, str], dict[str, int | None], int | None, dict[str, str]]:
    values = {name: str(form.get(name) or "").strip() for name in ("stage", INTERVAL, *MEASURES)}
    errors: dict[str, str] = {}
    scores: dict[str, int | None] = {}
    for measure in MEASURES:
        text = values[measure]
        if text and not _WHOLE_NUMBER.fullmatch(text):
            errors[measure] = "Enter the total as a whole number, or leave it empty if the tool was not used."
        scores[measure] = int(text) if text and measure not in errors else None
    interval = int(values[INTERVAL]) if values[INTERVAL].isdigit() and len(values[INTERVAL]) < 4 else None
    if values[INTERVAL] and interval is None:
        errors[INTERVAL] = "Choose the age interval of the questionnaire."
    if values["stage"] not in SCORE_STAGES:
        errors["stage"] = "Choose the stage these scores belong to."
    return values, scores, interval, errors


def _field(error_field: str) -> str:
    """The box a service finding is about: "scores.pios" is the PIOS box; "scores" the first box."""
    name = error_field.removeprefix("scores.")
    return name if name in (*MEASURES, INTERVAL, "stage") else next(iter(MEASURES))


@router.post("/referrals/{reference}/outcomes", dependencies=[Depends(verify_csrf)])
def outcomes_submit(reference: str, request: Request, db: SessionDep, user: ClinicianPage,
                    form: FormDep) -> Response:
    referral = _referral(db, reference)
    values, scores, interval, errors = _parse(form)
    if not errors:
        try:
            outcomes.record(db=db, referral=referral, stage=values["stage"], scores=scores, clinician=user,
                            asqse2_interval_months=interval)
        except InvalidInput as exc:
            errors[_field(exc.field)] = exc.message[:1].upper() + exc.message[1:] + "."
        except WrongState as exc:
            db.rollback()
            return _page(request, db, referral, values=values, status_code=409,
                         errors={"stage": str(exc)[:1].upper() + str(exc)[1:] + "."})
    if errors:
        db.rollback()
        return _page(request, db, referral, values=values, errors=errors, status_code=422)
    recorded = [MEASURES[m][0] for m, v in scores.items() if v is not None]
    flash(request, f"{STAGE_WORDS[values['stage']]}: recorded {', '.join(recorded)}.")
    return RedirectResponse(f"/referrals/{referral.reference}/outcomes", status_code=303)
