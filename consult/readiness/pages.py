"""/referrals/check: the readiness check as a web form. Works without JavaScript, stores nothing."""
from __future__ import annotations

from collections import defaultdict

from fastapi import APIRouter, Depends, Request

from consult import clock
from consult.deps import ProfileDep
from consult.profiles import Profile
from consult.ratelimit import rate_limit
from consult.readiness.forms import ParsedForm, field_id, parse_form
from consult.readiness.results import Readiness
from consult.readiness.service import check_referral
from consult.readiness.wording import CONCERNS
from consult.web import render, verify_csrf

router = APIRouter(include_in_schema=False)


def _render(request: Request, profile: Profile, parsed: ParsedForm | None, result: Readiness | None):
    by_field: dict[str, dict[str, list]] = defaultdict(lambda: {"problems": [], "warnings": []})
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
    })
    # The page may carry NHS numbers and dates of birth: no cache may keep it.
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/referrals/check")
def check_page(request: Request, profile: ProfileDep):
    return _render(request, profile, None, None)


@router.post("/referrals/check", dependencies=[Depends(verify_csrf), Depends(rate_limit("readiness", "120/minute"))])
async def check_submitted(request: Request, profile: ProfileDep):
    form = await request.form()
    fields = {key: value for key, value in form.items() if isinstance(value, str)}
    concerns = [value for value in form.getlist("concerns") if isinstance(value, str)]
    parsed = parse_form(fields, concerns)
    result = check_referral(referral=parsed.request, profile=profile) if parsed.request else None
    return _render(request, profile, parsed, result)
