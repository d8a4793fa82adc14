"""What the bot says to a free-text message, whatever the transport (Slack DM, mention,
`/pimh ask`, the terminal chat). The order matters and is the same everywhere:

1. Identifiers: never echoed; only the redacted text is used or kept; the person is told.
2. Immediate risk: the safeguarding route and emergency numbers at once, the duty clinician
   flagged through the notifiers; the FAQ is never asked.
3. Otherwise the FAQ answers, or declines and offers a consultation with the question carried over.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.replies import IDENTIFIER_WARNING, next_open_sentence, safety_lines
from consult import clock, notify
from consult.auth.models import User
from consult.consultations.rota import duty_day, duty_for
from consult.core.calendar import calendar_for
from consult.notify import Notice, Recipient
from consult.privacy.redact import contains_identifier, redact
from consult.safety import mentions_immediate_risk


@dataclass
class Suggestion:
    entry_id: str
    title: str


@dataclass
class Reply:
    question: str  # redacted: safe to show back, store and carry into a consultation request
    identifier_warning: bool = False
    risk: bool = False
    answered: bool = False
    entry_id: str | None = None
    title: str | None = None
    answer: str | None = None
    question_id: int | None = None  # the FAQ's log row, so feedback joins the question
    lines: list[str] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    offered: bool = False  # declined, but suggestions[0] is offered by name ("did you mean ...?")
    closed_note: str | None = None

    @property
    def offers_consultation(self) -> bool:
        return not self.answered and not self.risk


def reply_to(*, db: Session, text: str, user: User | None, channel: str, log_as: str = "slack") -> Reply:
    question = redact(text.strip())
    reply = Reply(question=question, identifier_warning=contains_identifier(text))
    if reply.identifier_warning:
        reply.lines.append(IDENTIFIER_WARNING)
    if mentions_immediate_risk(text):
        reply.risk = True
        reply.lines += safety_lines(db)
        flag_risk(db=db, user=user, channel=channel)
        return reply
    _ask_faq(db, reply, log_as)
    if not reply.answered:
        reply.closed_note = next_open_sentence(db)
    return reply


def _ask_faq(db: Session, reply: Reply, log_as: str) -> None:
    from faq.service import answer_question

    found = answer_question(reply.question, db=db, channel=log_as)
    reply.answered = bool(found.answered)
    reply.entry_id, reply.title, reply.answer = found.entry_id, found.title, found.answer
    reply.question_id = found.question_id
    reply.suggestions = [Suggestion(s.entry_id, s.title) for s in found.suggestions]
    reply.offered = found.offered and bool(reply.suggestions)
    if found.risk and found.risk_guidance:
        # Risk talked about in general terms: a person answers, with the contacts meanwhile.
        reply.lines.append("Questions about risk are for a clinician rather than the FAQ. " + found.risk_guidance)


def flag_risk(*, db: Session, user: User | None, channel: str) -> None:
    """Tell the triage channel and today's duty clinicians that someone may be at immediate risk.

    The message itself is not passed on (it may name the family): the clinician contacts the
    practitioner directly."""
    calendar = calendar_for(db)
    who = f"{user.name} ({user.job_role or 'role not given'}, {user.district or 'district not given'})" if user else "Someone"
    slack = f" <@{user.slack_user_id}>" if user and user.slack_user_id else ""
    text = (f"Possible immediate risk: {who}{slack} has just described a situation that may put a parent or baby "
            f"at immediate risk, by {channel}. They have been given the emergency and safeguarding contacts. "
            "Please contact them now.")
    data = {"practitioner": user.name if user else None, "slack_user_id": user.slack_user_id if user else None,
            "email": user.email if user else None}
    notify.queue(db, Notice("risk_alert", "Possible immediate risk: please contact the practitioner now", text,
                            audience="triage", data=data))
    for clinician in duty_for(db=db, day=duty_day(calendar, clock.now())):
        notify.queue(db, Notice("risk_alert", "Possible immediate risk: please contact the practitioner now", text,
                                Recipient.for_user(clinician), data=data))
