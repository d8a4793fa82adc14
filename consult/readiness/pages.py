"""/referrals/check: the readiness check as a web form. Works without JavaScript, stores nothing.

`?draft=` opens it with the answers from a clean Slack check (consult.readiness.drafts), so the
practitioner adds only the family's details, which Slack never asks for; `origin=slack` then rides
along in hidden fields to the "Send referral" step so the referral records where it started."""
from __future__ import annotations

from collections import defaultdict
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse

from consult import clock
from consult.auth.models import User
from consult.deps import OptionalWebUser, ProfileDep
from consult.profiles import Profile
from consult.ratelimit import rate_limit
from consult.readiness.drafts import LIFETIME, SealInvalid, open_draft
from consult.readiness.forms import ParsedForm, field_id, parse_form
from consult.readiness.results import Readiness
from consult.readiness.schemas import Finding
from consult.readiness.service import check_referral
from consult.readiness.wording import CONCERNS
from consult.web import FormDep, render, verify_csrf

router = APIRouter(include_in_schema=False)
SLACK = "slack"  # the only origin the form carries; anything else is the web form's own


def _render(request: Request, profile: Profile, parsed: ParsedForm | None, result: Readiness | None, *,
            origin: str | None = None, draft: str | None = None, signin_url: str | None = None) -> HTMLResponse:
    by_field: dict[str, dict[str, list[Finding]]] = defaultdict(lambda: {"problems": [], "warnings": []})
    if result is not None:
        for f in result.problems:
            by_field[f.field]["problems"].append(f)
        for f in result.warnings:
            by_field[f.field]["warnings"].append(f)
    response = render(request, "readiness/check.html", {
        "values": parsed.values if parsed else {},
        "chosen_concerns": set(parsed.concerns) if parsed else set(),
        "input_errors": parsed.errors if parsed else {},
        "result": result,
        "by_field": by_field,
        "field_id": field_id,
        "concerns": CONCERNS,
        "sources": profile.referral_sources,
        "today": clock.today_local(),
        "origin": origin,
        "draft": draft,  # "carried" or "expired" when opened from a Slack link
        "signin_url": signin_url,
        "draft_hours": int(LIFETIME.total_seconds() // 3600),
    })
    # The page may carry NHS numbers and dates of birth: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response


def _with_referrer(parsed: ParsedForm | None, user: User | None, profile: Profile) -> ParsedForm | None:
    """A signed-in practitioner's own details fill the referrer's boxes they have not filled."""
    if user is None:
        return parsed
    own = {"referrer.name": user.name, "referrer.email": user.email, "referrer.role": user.job_role,
           "referrer.organisation": user.organisation,
           "referrer.source": user.organisation_type if user.organisation_type in profile.referral_sources else None}
    base = parsed or ParsedForm({}, [], {}, None)
    values = {**{k: v for k, v in own.items() if v}, **{k: v for k, v in base.values.items() if v}}
    return ParsedForm(values, base.concerns, base.errors, base.request)


@router.get("/referrals/check")
def check_page(request: Request, profile: ProfileDep, user: OptionalWebUser, draft: str | None = None) -> HTMLResponse:
    if draft is None:
        return _render(request, profile, _with_referrer(None, user, profile), None)
    try:
        carried = open_draft(draft)
    except SealInvalid:  # expired, altered or cut short: the same advice either way
        return _render(request, profile, _with_referrer(None, user, profile), None, draft="expired")
    parsed = _with_referrer(ParsedForm(carried.values, carried.concerns, {}, None), user, profile)
    # After signing in, come back to this same link so the answers are carried over again.
    back = "/signin?" + urlencode({"next": f"/referrals/check?draft={quote(draft, safe='')}"})
    return _render(request, profile, parsed, None, origin=SLACK, draft="carried", signin_url=back)


@router.post("/referrals/check", dependencies=[Depends(verify_csrf), Depends(rate_limit("readiness", "120/minute"))])
def check_submitted(request: Request, profile: ProfileDep, form: FormDep) -> HTMLResponse:
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    concerns = [value for value in form.getlist("concerns") if isinstance(value, str)]
    parsed = parse_form(fields, concerns)
    result = check_referral(referral=parsed.request, profile=profile) if parsed.request else None
    return _render(request, profile, parsed, result, origin=SLACK if fields.get("origin") == SLACK else None)
