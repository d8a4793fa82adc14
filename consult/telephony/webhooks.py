"""The provider's webhooks: thin transport over the telephony service.

Each request is checked against the provider's signature for BASE_URL + path (+ query) before
anything is read into the database; a missing or bad signature is a 403 and nothing is recorded.
With TELEPHONY_PROVIDER unset the paths answer 404, as if the line did not exist.
"""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Response

from consult import clock
from consult.deps import SessionDep
from consult.ratelimit import rate_limit
from consult.settings import get_settings
from consult.telephony import service
from consult.telephony.provider import Answer, ProviderNotConfigured, TelephonyProvider, provider_for

router = APIRouter(include_in_schema=False)
SIGNATURE_HEADERS = {"twilio": "X-Twilio-Signature"}


async def _verified(request: Request, name: str) -> tuple[TelephonyProvider, dict[str, str]]:
    """An async dependency: the form is read and the signature checked on the event loop, with no
    database; the endpoints themselves are plain functions, so their (blocking) database work runs
    in the thread pool and one webhook waiting for a lock never stalls the others."""
    try:
        provider = provider_for(name)
    except ProviderNotConfigured:
        raise HTTPException(404, "No telephone line is configured here.") from None
    form = await request.form()
    params = {k: v for k, v in form.items() if isinstance(v, str)}
    url = get_settings().base_url.rstrip("/") + request.url.path
    if request.url.query:
        url += "?" + request.url.query
    if not provider.verify(url=url, params=params, signature=request.headers.get(SIGNATURE_HEADERS[name])):
        raise HTTPException(403, "The request is not signed by the telephone provider.")
    if not params.get("CallSid"):
        raise HTTPException(400, "CallSid is missing.")
    return provider, params


def _reply(provider: TelephonyProvider, answer: Answer) -> Response:
    body, content_type = provider.render(answer)
    return Response(body, media_type=content_type)


Verified = Annotated[tuple[TelephonyProvider, dict[str, str]], Depends(_verified)]
# Public, so limited like every public POST; generous, since every call comes from the provider's
# few addresses (a busy hour of the line is a few dozen webhooks). A flood of unsigned posts gets 429.
Limited = [Depends(rate_limit("telephony-webhook", "600/minute"))]


@router.post("/telephony/{name}/voice", dependencies=Limited)
def voice(verified: Verified, db: SessionDep) -> Response:
    provider, params = verified
    answer = service.incoming_call(db=db, provider=provider.name, event=provider.parse(params), now=clock.now())
    return _reply(provider, answer)


@router.post("/telephony/{name}/status", dependencies=Limited)
def status(verified: Verified, db: SessionDep, attempt: int | None = None) -> Response:
    """The status callback, and each <Dial>'s action (with ?attempt=n), which answers what comes next."""
    provider, params = verified
    event, now = provider.parse(params), clock.now()
    if attempt is not None:
        return _reply(provider, service.dial_result(db=db, provider=provider.name, event=event,
                                                   attempt=max(1, min(attempt, 20)), now=now))
    service.status_update(db=db, provider=provider.name, event=event, now=now)
    return _reply(provider, Answer(()))


@router.post("/telephony/{name}/keypad", dependencies=Limited)
def keypad(verified: Verified, db: SessionDep) -> Response:
    provider, params = verified
    answer = service.keypad(db=db, provider=provider.name, event=provider.parse(params), now=clock.now())
    return _reply(provider, answer)
