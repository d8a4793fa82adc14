"""The slots API's answer, encoded once and kept until the rota, a booking or a clinician's name changes.

Validating and encoding every slot of the fortnight through the response model on each request cost
more than the rest of the call (issue 23). Each free slot's JSON object is now encoded once, by the
response model's own pydantic serializer (so the bytes are those FastAPI would send), and kept
beside the free slots (booking/slot_cache.py, under both counters). Only the clock moves between
two requests that share them: the bookable ones are those far enough ahead and within the horizon,
a run of the list (it is in start order), found by bisection and joined.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.orm import Session

from booking import rota, schemas, slot_cache
from booking.slots import earliest_bookable, latest_bookable, unbooked
from consult.profiles import Profile

_SLOT = schemas.SlotOut.__pydantic_serializer__


@dataclass(frozen=True)
class _Encoded:
    starts: tuple[datetime, ...]  # of the unbooked slots, in order
    objects: tuple[bytes, ...]  # each one's JSON object, as the response model writes it


def slots_json(*, db: Session, profile: Profile, start: date, days: int, method: str | None, now: datetime) -> bytes:
    """`{"slots": [...]}`: the free slots of the local days [start, start + days) bookable at `now`."""
    def encode() -> tuple[Profile, _Encoded]:
        every = rota.all_slots(db=db, profile=profile, start=start, days=days)
        busy = rota.taken(db=db, start=every[0].start, end=every[-1].end) if every else set()
        free = unbooked(every, taken=busy, method=method)
        names = rota.clinician_names(db=db, ids={s.clinician_id for s in free})
        return profile, _Encoded(
            tuple(s.start for s in free),
            tuple(_SLOT.to_json(schemas.SlotOut(**schemas.slot_out(s, profile, names.get(s.clinician_id)))) for s in free))

    # Kept with the profile object, as rota.all_slots does, so an altered copy never gets another's.
    kept_for, encoded = slot_cache.remembered(db, slot_cache.BOTH, (id(profile), start, days, method), encode)
    if kept_for is not profile:
        encoded = encode()[1]
    first = bisect_left(encoded.starts, earliest_bookable(profile, now))
    last = bisect_left(encoded.starts, latest_bookable(profile, now))
    return b'{"slots":[' + b",".join(encoded.objects[first:last]) + b"]}"
