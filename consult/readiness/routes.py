"""POST /api/referrals/readiness: no sign-in, nothing stored (api.md)."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from consult.deps import ProfileDep
from consult.ratelimit import rate_limit
from consult.readiness.schemas import ReadinessRequest, ReadinessResponse
from consult.readiness.service import check_referral

router = APIRouter(tags=["referrals"])
_ANSWER = ReadinessResponse.__pydantic_serializer__


@router.post(
    "/api/referrals/readiness",
    response_model=ReadinessResponse,
    dependencies=[Depends(rate_limit("readiness", "120/minute"))],
)
async def readiness(body: ReadinessRequest, profile: ProfileDep) -> Response:
    """Check a draft referral item by item: `ready` is true exactly when `problems` is empty."""
    # Async: the check reads nothing and waits for nothing (a fraction of a millisecond of rules), so
    # it runs on the event loop rather than paying a trip through the threadpool (issue 23). The
    # answer is encoded by the response model's own serializer, as FastAPI would (the same bytes).
    result = check_referral(referral=body, profile=profile, as_of=body.as_of)
    answer = ReadinessResponse(ready=result.ready, problems=list(result.problems), warnings=list(result.warnings),
                               guidance=result.guidance)
    # The body may hold NHS numbers: no cache anywhere may keep the answer.
    return Response(_ANSWER.to_json(answer), media_type="application/json", headers={"Cache-Control": "no-store"})
