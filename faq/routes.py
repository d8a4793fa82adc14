"""FAQ JSON API (no authentication): the answer endpoint in api.md and answer feedback."""
from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Response, status
from pydantic import BaseModel, Field, field_validator

from consult.core.types import DbId
from consult.deps import SessionDep
from consult.ratelimit import rate_limit
from consult.threads import in_worker_thread
from faq.feedback import record_feedback
from faq.service import MAX_QUESTION_LENGTH, UnknownEntry, draft_answer, log_draft_offloading

router = APIRouter(tags=["faq"])


class QuestionIn(BaseModel):
    question: str = Field(min_length=1, max_length=MAX_QUESTION_LENGTH)

    @field_validator("question")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        # Only spaces is no question: answering would log a blank row in the unanswered list.
        if not value.strip():
            raise ValueError("Write a question: it cannot be only spaces or blank lines.")
        return value


class SuggestionOut(BaseModel):
    entry_id: str
    title: str


class AnswerOut(BaseModel):
    answered: bool
    entry_id: str | None
    title: str | None
    answer: str | None
    score: float
    suggestions: list[SuggestionOut]
    source: str | None = Field(description="Where the answer comes from")
    reason: str = Field(description="answered, low_confidence, ambiguous, no_match or risk")
    risk: bool = Field(description="The question mentions risk to a baby or parent: route to a clinician or safeguarding")
    risk_guidance: str | None
    question_id: int | None = Field(description="Send with feedback on the answer")


_ANSWER = AnswerOut.__pydantic_serializer__


class FeedbackIn(BaseModel):
    entry_id: str = Field(min_length=1, max_length=80)
    helpful: bool
    question_id: DbId | None = None


@router.post("/api/faq/answer", response_model=AnswerOut,
             dependencies=[Depends(rate_limit("faq-answer", "60/minute"))])
async def answer(body: QuestionIn) -> Response:
    """Answer a question from the FAQ, or decline (`answered` false) so the caller offers a consultation."""
    # The search on the event loop (CPU only), and the log row's INSERT (made only if the draft's index
    # is still current) without a worker thread where the database allows (consult.db_now); before the
    # index is first built, or when the draft is stale, the question is answered in a worker thread
    # (which may build the index).
    draft = draft_answer(body.question)
    found = await log_draft_offloading(body.question, draft, channel="api", offload=in_worker_thread)
    # Encoded by the response model's own serializer, as FastAPI would (the same bytes).
    return Response(_ANSWER.to_json(AnswerOut.model_validate(found.as_api())), media_type="application/json")


class FeedbackOut(BaseModel):
    status: str = Field(description='"recorded"')


@router.post("/api/faq/feedback", status_code=status.HTTP_201_CREATED, response_model=FeedbackOut,
             dependencies=[Depends(rate_limit("faq-feedback", "30/minute"))])
def feedback(body: FeedbackIn, db: SessionDep) -> dict[str, str]:
    """Record whether an answer helped."""
    try:
        record_feedback(db=db, entry_id=body.entry_id, helpful=body.helpful, question_id=body.question_id,
                        channel="api")
    except UnknownEntry:
        raise HTTPException(status.HTTP_404_NOT_FOUND, "No FAQ entry has that id.") from None
    return {"status": "recorded"}
