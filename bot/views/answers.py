"""How a reply to a question looks in Slack: the answer with "did this help?" buttons, or an
honest "I don't know" with a button that carries the question into a consultation request."""
from __future__ import annotations

import json
import re

from bot.conversation import Reply
from bot.views import Block, actions, button, context, divider, header, lines, section

ASK_CONSULTATION = "pimh_consult_from_question"
HELPFUL, NOT_HELPFUL, SHOW_ENTRY = "pimh_faq_helpful", "pimh_faq_not_helpful", "pimh_faq_show"

_BOLD = re.compile(r"\*\*(.{1,200}?)\*\*")  # bounded, like every pattern on text we did not write
_LINK = re.compile(r"\[([^\]]{1,200})\]\(([^)\s]{1,500})\)")


def mrkdwn(markdown: str) -> str:
    """The FAQ's Markdown in Slack's dialect (bold and links differ)."""
    return _LINK.sub(r"<\2|\1>", _BOLD.sub(r"*\1*", markdown))


def reply_blocks(reply: Reply) -> list[Block]:
    blocks: list[Block] = lines(reply.lines)
    if reply.risk:
        return blocks
    if reply.answered and reply.answer:
        blocks += [header(reply.title or "Answer"), section(mrkdwn(reply.answer)),
                   context("From the service's FAQ. It gives general information, not advice about a particular family."),
                   actions(button("Helpful", HELPFUL, _carry(reply), style="primary"),
                           button("Not helpful", NOT_HELPFUL, _carry(reply)),
                           block_id="faq_feedback")]
        return blocks
    if reply.offered:
        offer, others = reply.suggestions[0], reply.suggestions[1:3]
        blocks.append(section(f"Did you mean: *{offer.title}* It is the closest answer the FAQ has, but I'm not sure "
                              "it is what you asked. If not, a clinician from the team can advise you."))
        blocks.append(actions(button(offer.title, SHOW_ENTRY, offer.entry_id),
                              *[button(s.title, SHOW_ENTRY, s.entry_id) for s in others]))
    else:
        blocks.append(section("I'm not confident I know the answer to that, and I'd rather not guess. "
                              "A clinician from the team can advise you."))
    if reply.suggestions and not reply.offered:
        blocks.append(context("These FAQ entries might be close:"))
        blocks.append(actions(*[button(s.title, SHOW_ENTRY, s.entry_id) for s in reply.suggestions[:3]]))
    if reply.closed_note:
        blocks.append(context(reply.closed_note))
    blocks += [divider(), actions(button("Request a consultation", ASK_CONSULTATION, reply.question[:1900], style="primary"))]
    return blocks


def _carry(reply: Reply) -> str:
    return json.dumps({"entry_id": reply.entry_id, "question_id": reply.question_id, "question": reply.question[:1500]})


def reply_text(reply: Reply) -> str:
    """The notification text (phones, screen readers) that goes with the blocks."""
    if reply.risk:
        return "If someone is in immediate danger call 999. " + " ".join(reply.lines[:1])
    if reply.answered:
        return reply.title or "Here is what the FAQ says"
    return "I don't know the answer to that; you can ask a clinician."
