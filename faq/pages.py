"""FAQ web pages: the public search page (works without JavaScript), feedback forms, and the
manager's pages to edit entries and read the unanswered log."""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from consult import clock
from consult.deps import ManagerPage, SessionDep, in_one_trip
from consult.ratelimit import rate_limit
from consult.threads import in_worker_thread
from consult.web import flash, render, render_on_loop, verify_csrf
from faq import manage, repeats
from faq.content import ContentError, RenderedEntry, markdown_to_html
from faq.feedback import record_feedback
from faq.models import FaqEntry
from faq.service import (
    MAX_QUESTION_LENGTH,
    Answer,
    Draft,
    UnknownEntry,
    current_index,
    draft_answer,
    log_draft_offloading,
)

if TYPE_CHECKING:
    from faq.index import FaqIndex  # loads numpy and bm25s: the index is built behind start-up (issue 23)

router = APIRouter(include_in_schema=False)


def consultation_link(question: str) -> str:
    return "/consultations/new?" + urlencode({"question": question[:MAX_QUESTION_LENGTH]})


def _entries_by_tag(index: FaqIndex) -> list[tuple[str, list[RenderedEntry]]]:
    groups: dict[str, list[RenderedEntry]] = {}
    for entry in sorted(index.entries, key=lambda e: e.title):
        groups.setdefault(entry.tags[0] if entry.tags else "other", []).append(entry)
    return sorted(groups.items())


async def _answer_once(request: Request, question: str, draft: Draft | None) -> Answer:
    """The answer, logged once per visitor and question within the repeat window (faq.repeats)."""
    now, key = clock.now(), repeats.question_key(question)
    seen = request.session.get("faq_seen")
    seen = seen if isinstance(seen, dict) else {}
    result = await log_draft_offloading(question, draft, channel="web", offload=in_worker_thread,
                                        repeat_of=repeats.repeat_of(seen, key, now))
    if result.question_id is not None:
        request.session["faq_seen"] = repeats.remember(seen, key, result.question_id, now)
    return result


@router.get("/faq")
async def faq_page(request: Request, q: str = "") -> Response:
    question = q.strip()[:MAX_QUESTION_LENGTH]
    if not question:  # the entries, by tag
        return await in_one_trip(lambda db: render(request, "faq/search.html",
                                                   _page_context("", None, _entries_by_tag(current_index(db=db)))))
    # The search and the page on the event loop (CPU only, as the API does it), and the log row's
    # INSERT without a worker thread where the database allows; a worker thread and an ORM session
    # only if the draft is stale or the visitor repeats the question (faq.service.log_draft_offloading).
    result = await _answer_once(request, question, draft_answer(question))
    return await render_on_loop(request, "faq/search.html", _page_context(question, result, []))


def _page_context(question: str, result: Answer | None, groups: list[tuple[str, list[RenderedEntry]]]) -> dict[str, Any]:
    return {
        "q": question, "result": result,
        "answer_html": markdown_to_html(result.answer) if result and result.answer else None,
        "consult_url": consultation_link(question) if question else "/consultations/new",
        "groups": groups,
    }


@router.get("/faq/entries/{entry_id}")
def entry_page(request: Request, db: SessionDep, entry_id: str, q: str = "") -> Response:
    entry = next((e for e in current_index(db=db).entries if e.id == entry_id), None)
    if entry is None:
        raise HTTPException(404, "There is no FAQ entry at this address.")
    question = q.strip()[:MAX_QUESTION_LENGTH]
    return render(request, "faq/entry.html", {
        "entry": entry, "answer_html": markdown_to_html(entry.answer), "q": question,
        "consult_url": consultation_link(question or entry.title),
    })


@router.post("/faq/feedback", dependencies=[Depends(verify_csrf), Depends(rate_limit("faq-feedback-form", "30/minute"))])
def feedback_form(request: Request, db: SessionDep, entry_id: Annotated[str, Form(max_length=80)],
                  helpful: Annotated[str, Form(pattern="^(yes|no)$")],
                  question_id: Annotated[int | None, Form()] = None, q: Annotated[str, Form(max_length=1000)] = "") -> RedirectResponse:
    try:
        record_feedback(db=db, entry_id=entry_id, helpful=helpful == "yes", question_id=question_id, channel="web",
                        question_text=q)
    except UnknownEntry:
        raise HTTPException(404, "There is no FAQ entry with that id.") from None
    if helpful == "yes":
        flash(request, "Thank you: glad that helped.")
    else:
        flash(request, "Thank you for telling us. A clinician can answer your question directly.", "warning")
    query = f"?{urlencode({'q': q, 'feedback': helpful})}" if q else f"?{urlencode({'feedback': helpful})}"
    return RedirectResponse(f"/faq/entries/{entry_id}{query}", status_code=303)


# --- manager -------------------------------------------------------------------------------------
@router.get("/faq/manage")
def manage_page(request: Request, db: SessionDep, user: ManagerPage) -> Response:
    counts = manage.feedback_counts(db=db)
    return render(request, "faq/manage.html", {
        "entries": manage.list_entries(db=db), "counts": counts, "learn": manage.learning_queue(db=db, limit=100),
    })


@router.post("/faq/manage/questions/{question_id}/phrasing", dependencies=[Depends(verify_csrf)])
def add_phrasing(request: Request, db: SessionDep, user: ManagerPage, question_id: int,
                 entry_id: Annotated[str, Form(max_length=80)]) -> RedirectResponse:
    """One click: the practitioner's (redacted) wording becomes a phrasing of the chosen entry."""
    try:
        row = manage.add_phrasing(db=db, question_id=question_id, entry_id=entry_id, editor_id=user.id)
    except manage.UnknownQuestion:
        raise HTTPException(404, "There is no unanswered question with that id.") from None
    except UnknownEntry:
        raise HTTPException(404, "There is no FAQ entry with that id.") from None
    except manage.PhrasingExists:
        raise HTTPException(409, "That entry already has this wording: someone has just added it.") from None
    except ContentError as exc:
        raise HTTPException(400, str(exc)) from None
    flash(request, f"Added as a way of asking “{row.title}”. The FAQ answers that wording from now on.")
    return RedirectResponse("/faq/manage", status_code=303)


def _edit_context(row: FaqEntry, errors: dict[str, str] | None = None,
                  values: dict[str, str] | None = None) -> dict[str, Any]:
    values = values or {"title": row.title, "phrasings": "\n".join(row.phrasings or []),
                        "tags": ", ".join(row.tags or []), "owner": row.owner, "source": row.source, "body": row.body}
    return {"row": row, "values": values, "errors": errors or {}}


@router.get("/faq/manage/{entry_id}")
def edit_page(request: Request, db: SessionDep, user: ManagerPage, entry_id: str) -> Response:
    try:
        row = manage.get_entry(db=db, entry_id=entry_id)
    except UnknownEntry:
        raise HTTPException(404, "There is no FAQ entry with that id.") from None
    return render(request, "faq/edit.html", _edit_context(row))


@router.post("/faq/manage/{entry_id}", dependencies=[Depends(verify_csrf)])
def save_entry(request: Request, db: SessionDep, user: ManagerPage, entry_id: str,
               title: Annotated[str, Form()] = "", phrasings: Annotated[str, Form()] = "",
               tags: Annotated[str, Form()] = "", owner: Annotated[str, Form()] = "",
               source: Annotated[str, Form()] = "", body: Annotated[str, Form()] = "") -> Response:
    try:
        row = manage.get_entry(db=db, entry_id=entry_id)
    except UnknownEntry:
        raise HTTPException(404, "There is no FAQ entry with that id.") from None
    values = {"title": title, "phrasings": phrasings, "tags": tags, "owner": owner, "source": source, "body": body}
    try:
        manage.update_entry(db=db, entry_id=entry_id, title=title, phrasings=manage.split_lines(phrasings),
                            tags=[t for t in tags.replace("\n", ",").split(",") if t.strip()], owner=owner,
                            source=source, body=body, editor_id=user.id)
    except ContentError as exc:
        db.rollback()
        message = str(exc).split(": ", 1)[-1] if exc.field in values else str(exc)
        field = exc.field if exc.field in values else "body"
        return render(request, "faq/edit.html", _edit_context(row, {field: message}, values), status_code=400)
    flash(request, f"Saved “{title.strip()}”. The FAQ now answers with the new text.")
    return RedirectResponse("/faq/manage", status_code=303)
