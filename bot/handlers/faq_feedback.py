""""Helpful / not helpful" under an FAQ answer, and opening a suggested entry. Feedback is the
FAQ service's; a "not helpful" also offers a clinician, with the question carried over."""
from __future__ import annotations

import json
from typing import Any

from slack_bolt import App, Respond

from bot.views import actions, button, context, header, section
from bot.views.answers import ASK_CONSULTATION, HELPFUL, NOT_HELPFUL, SHOW_ENTRY, mrkdwn
from consult.db import session_scope


def _feedback(body: dict[str, Any], respond: Respond) -> None:
    from faq.feedback import record_feedback
    from faq.service import UnknownEntry

    action = body["actions"][0]
    carried = json.loads(action.get("value") or "{}")
    helpful = action["action_id"] == HELPFUL
    try:
        with session_scope() as db:
            record_feedback(db=db, entry_id=carried.get("entry_id") or "", helpful=helpful,
                            question_id=carried.get("question_id"), channel="slack")
    except UnknownEntry:
        pass  # the entry was removed since; the thank-you still stands
    if helpful:
        respond(text="Thank you, glad that helped.", response_type="ephemeral", replace_original=False)
        return
    respond(text="Sorry that didn't help. A clinician can advise you.", response_type="ephemeral", replace_original=False,
            blocks=[section("Sorry that didn't help. A clinician from the team can advise you on this."),
                    actions(button("Request a consultation", ASK_CONSULTATION, (carried.get("question") or "")[:1900],
                                   style="primary"))])


def _show_entry(body: dict[str, Any], respond: Respond) -> None:
    from faq.service import current_index

    entry_id = body["actions"][0].get("value") or ""
    entry = next((e for e in current_index().entries if e.id == entry_id), None)
    if entry is None:
        respond(text="That entry is no longer in the FAQ.", response_type="ephemeral", replace_original=False)
        return
    respond(text=entry.title, response_type="ephemeral", replace_original=False,
            blocks=[header(entry.title), section(mrkdwn(entry.answer)), context("From the service's FAQ.")])


def register(app: App) -> None:
    app.action(HELPFUL)(ack=lambda ack: ack(), lazy=[_feedback])
    app.action(NOT_HELPFUL)(ack=lambda ack: ack(), lazy=[_feedback])
    app.action(SHOW_ENTRY)(ack=lambda ack: ack(), lazy=[_show_entry])
