"""Block Kit for "where are my things": `/pimh status` and the App Home tab."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from booking.models import Booking
from booking.present import METHOD_LABELS
from bot.replies import when
from bot.views import Block, context, divider, header, section
from consult.consultations.models import Consultation

STATUS_WORDS = {"acknowledged": "waiting for a clinician", "claimed": "a clinician is working on it",
                "advised": "advice given", "closed": "closed", "withdrawn": "withdrawn"}


def practitioner_blocks(requests: Sequence[Consultation], bookings: Sequence[Booking]) -> list[Block]:
    blocks: list[Block] = [header("Your open requests")]
    if requests:
        blocks += [section(f"*{c.reference}* · {STATUS_WORDS.get(c.status, c.status)} · respond by {when(c.respond_by)}")
                   for c in requests]
    else:
        blocks.append(context("No open consultation requests. `/pimh consult` asks a clinician for advice."))
    blocks += [divider(), header("Your triage bookings")]
    if bookings:
        blocks += [section(f"*{b.reference}* · {when(b.starts_at)} · {METHOD_LABELS.get(b.method, b.method)}") for b in bookings]
    else:
        blocks.append(context("No triage discussions booked. `/pimh book` shows the next free times."))
    return blocks


def queue_blocks(queue: Sequence[tuple[Consultation, str]], now: datetime) -> list[Block]:
    """`queue` pairs each open request with its time left in words, urgent first."""
    blocks: list[Block] = [header("Consultation queue")]
    if not queue:
        return blocks + [context("Nothing is waiting. New requests appear in the triage channel.")]
    for c, left in queue:
        urgent = " · *URGENT*" if c.urgency == "urgent" else ""
        blocks.append(section(f"*{c.reference}*{urgent} · {c.district} · {STATUS_WORDS.get(c.status, c.status)} · {left}"))
    return blocks
