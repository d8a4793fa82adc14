"""The families' feedback page (/feedback, short link /f): no sign-in, one question and an
optional comment, a plain form that works without JavaScript on a phone. And the printable card
with a QR code for clinicians to hand to families at the end of contact."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse

from consult.deps import ClinicianPage, SessionDep
from consult.profiles import active_profile
from consult.settings import get_settings
from consult.voice import feedback, labels
from consult.voice.errors import InvalidInput
from consult.voice.routes import FEEDBACK_LIMIT
from consult.web import render, verify_csrf

router = APIRouter(include_in_schema=False)
SHORT_LINK = "/f"


def _private(response: HTMLResponse) -> HTMLResponse:
    # Nothing cached: a shared family phone should not show the last person's comment.
    response.headers["Cache-Control"] = "no-store"
    return response


def _form(request: Request, values: dict[str, str], errors: dict[str, str], status_code: int = 200) -> HTMLResponse:
    return _private(render(request, "voice/feedback.html", {
        "values": values, "errors": errors, "ratings": labels.RATINGS,
        "question": active_profile().voice.feedback_question, "max_comment": feedback.MAX_COMMENT,
    }, status_code=status_code))


@router.get(SHORT_LINK)
def short_link() -> RedirectResponse:
    return RedirectResponse("/feedback", status_code=303)


@router.get("/feedback")
def feedback_page(request: Request) -> HTMLResponse:
    return _form(request, {}, {})


# The same count as the API's: one family, one limit, whichever door they use.
@router.post("/feedback", dependencies=[Depends(verify_csrf), Depends(FEEDBACK_LIMIT)])
def send_feedback(request: Request, db: SessionDep, rating: Annotated[str, Form()] = "",
                  comment: Annotated[str, Form()] = "") -> Response:
    values = {"rating": rating, "comment": comment}
    if rating not in labels.RATINGS:
        return _form(request, values, {"rating": "Choose one answer to the question."}, status_code=422)
    try:
        feedback.record_feedback(db=db, rating=rating, comment=comment)
    except InvalidInput as exc:
        return _form(request, values, {exc.field: exc.message}, status_code=422)
    return RedirectResponse("/feedback/thanks", status_code=303)


@router.get("/feedback/thanks")
def thanks(request: Request) -> HTMLResponse:
    return _private(render(request, "voice/feedback_thanks.html", {}))


def short_url() -> str:
    return get_settings().base_url.rstrip("/") + SHORT_LINK


@router.get("/feedback/qr.svg")
def qr_code() -> Response:
    return Response(feedback.qr_svg(short_url()), media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=3600"})


@router.get("/feedback/card")
def card(request: Request, user: ClinicianPage) -> HTMLResponse:
    return render(request, "voice/feedback_card.html", {"short_url": short_url(), "qr": feedback.qr_svg(short_url()),
                                                        "question": active_profile().voice.feedback_question})
