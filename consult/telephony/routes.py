"""JSON API of the line (api.md "Telephone line"): the calls, recording a call-back, and the
caller's own work phone. Thin: parse, call one service function, answer."""
from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, Field

from consult import clock
from consult.deps import ClinicianApi, PractitionerApi, SessionDep
from consult.telephony import calls, numbers
from consult.telephony.errors import Conflict, InvalidInput, NotFound

router = APIRouter(tags=["telephony"])


# -- answers (so /openapi.json documents each) --
class CallerOut(BaseModel):
    matched: bool
    name: str | None


class CallOut(BaseModel):
    id: int
    started_at: str
    status: str
    caller: CallerOut
    callback_due: str | None
    consultation_reference: str | None


class CallsOut(BaseModel):
    calls: list[CallOut]


class CallbackOut(BaseModel):
    id: int
    called_back_at: str | None
    within_target: bool | None


class WorkPhoneOut(BaseModel):
    work_phone: str | None


@router.get("/api/telephony/calls", response_model=CallsOut)
def list_calls(db: SessionDep, user: ClinicianApi,
               status: Literal["ringing", "answered", "missed", "voicemail", "out_of_hours"] | None = None) -> CallsOut:
    return CallsOut.model_validate({"calls": [view.as_api() for view in calls.list_calls(db=db, viewer=user, status=status)]})


class CallbackIn(BaseModel):
    outcome: Literal["spoke", "no_answer", "left_message", "not_needed"]


@router.post("/api/telephony/calls/{call_id}/callback", response_model=CallbackOut)
def record_callback(call_id: int, body: CallbackIn, db: SessionDep, user: ClinicianApi) -> CallbackOut:
    try:
        call = calls.record_callback(db=db, call_id=call_id, clinician=user, outcome=body.outcome, now=clock.now())
    except NotFound as exc:
        raise HTTPException(404, str(exc)) from None
    except Conflict as exc:
        raise HTTPException(409, str(exc)) from None
    return CallbackOut(id=call.id, called_back_at=call.called_back_at.isoformat() if call.called_back_at else None,
                       within_target=call.callback_within_target)


class WorkPhoneIn(BaseModel):
    work_phone: str | None = Field(default=None, max_length=40)


@router.get("/api/account/work-phone", response_model=WorkPhoneOut)
def get_work_phone(db: SessionDep, user: PractitionerApi) -> WorkPhoneOut:
    return WorkPhoneOut(work_phone=numbers.work_phone(db=db, user_id=user.id))


@router.put("/api/account/work-phone", response_model=WorkPhoneOut)
def put_work_phone(body: WorkPhoneIn, db: SessionDep, user: PractitionerApi) -> WorkPhoneOut:
    try:
        saved = numbers.set_work_phone(db=db, user=user, number=body.work_phone, actor=user)
    except InvalidInput as exc:
        raise HTTPException(422, [{"loc": ["body", "work_phone"], "msg": exc.message, "type": "value_error"}]) from None
    return WorkPhoneOut(work_phone=saved)
