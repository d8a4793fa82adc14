"""The did-not-attend decision in the clinicians' combined queue (consult/queue.py).

Once the did-not-attend policy has asked the family's clinician to decide whether to close, a line
stands in the queue until the decision is made (or the referral closes): it links to the
referral's appointments page, where the clinician keeps the family open or closes. The decision
is due `pathway.did_not_attend_decision_working_days` after the policy asked, counted in working
hours like every other line; it is due soon from the last working day before. The line names the
reference and district only. Declared in the pathway's contract as a `QueueSource`.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from consult.consultations import rules as clock_rules
from consult.pathway.appointments import reviews_waiting
from consult.profiles import active_profile
from consult.queue import QueueItem, QueueSource, item_line
from consult.workdays import WorkingCalendar

LABEL, ACTION, DIGEST_WORDS = "Missed appointments: decide", "Decide", "did-not-attend decision"


def decision_due(calendar: WorkingCalendar, asked_at: datetime, working_days: int) -> tuple[datetime, datetime]:
    """(due soon from, due by) for a decision asked for at `asked_at`."""
    due_by = calendar.add_working_days_in_hours(asked_at, working_days)
    return calendar.add_working_days_in_hours(asked_at, working_days - 1), due_by


def queue_items(*, db: Session, calendar: WorkingCalendar, now: datetime, viewer: object = None) -> list[QueueItem]:
    """A line per referral whose did-not-attend decision is waiting (no person named: not an audited read)."""
    days = active_profile().pathway.did_not_attend_decision_working_days
    items = []
    for referral, asked_at, holder_id in reviews_waiting(db=db):
        due_soon_at, due_by = decision_due(calendar, asked_at, days)
        state = clock_rules.clock_state(now=now, status="acknowledged", due_soon_at=due_soon_at, respond_by=due_by)
        left = clock_rules.describe_time_left(clock_rules.time_left(calendar, now=now, respond_by=due_by))
        items.append(QueueItem("did_not_attend", referral.reference, f"/referrals/{referral.reference}/appointments#review",
                               referral.district, state, left, due_by, asked_at, label=LABEL, action=ACTION,
                               digest_words=DIGEST_WORDS, show_due=True,
                               order=clock_rules.queue_order("routine", due_by),
                               owner_id=holder_id))  # the queue's clinician filter finds it under its holder
    return sorted(items, key=QueueItem.sort_key)


def digest_lines(items: Sequence[QueueItem]) -> list[str]:
    if not items:
        return []
    return [f"Did-not-attend decisions waiting: {len(items)}.", *(item_line(i) for i in items[:20])]


SOURCE = QueueSource(name="pathway", items=queue_items, digest=digest_lines)
