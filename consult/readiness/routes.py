"""POST /api/referrals/readiness: no sign-in, nothing stored (api.md)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from consult.deps import ProfileDep
from consult.ratelimit import rate_limit
from consult.readiness.schemas import ReadinessRequest, ReadinessResponse
from consult.readiness.service import check_referral

router = APIRouter(tags=["referrals"])


@router.post(
    "/api/referrals/readiness",
    response_model=ReadinessResponse,
    dependencies=[Depends(rate_limit("readiness", "120/minute"))],
)
def readiness(body: ReadinessRequest, profile: ProfileDep, response: Response) -> ReadinessResponse:
    """Check a draft referral item by item: `ready` is true exactly when `problems` is empty."""
    # The body may hold NHS numbers: no cache anywhere may keep the answer.
    response.headers["Cache-Control"] = "no-store"
    result = check_referral(referral=body, profile=profile, as_of=body.as_of)
    return ReadinessResponse(ready=result.ready, problems=list(result.problems), warnings=list(result.warnings),
                             guidance=result.guidance)
