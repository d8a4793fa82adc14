"""Slot generation: wall-clock times across the clocks changing, bank holidays, sessions, exceptions."""
from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from booking.availability import OneOff, WeeklyRule, service_windows, week_of_month
from booking.slots import _wall_instant, _wall_steps, generate_slots, parse_slot_id, slot_id, slots_on
from consult.profiles import load_profile
from consult.workdays import WorkingCalendar
from tests.booking.conftest import booking_body

KENT = load_profile("kent")
LONDON = ZoneInfo("Europe/London")
EVERY_DAY = [WeeklyRule(7, d, time(9), time(17), ("phone", "video")) for d in range(5)] + [
    WeeklyRule(7, 1, time(17, 30), time(19, 30), ("phone",)),
    WeeklyRule(7, 5, time(9, 30), time(12, 30), ("phone",)),
]
CALENDAR = WorkingCalendar(KENT)


def _closed(day: date) -> bool:
    return CALENDAR.bank_holiday_name(day) is not None


def _slots(start: date, days: int, rules=EVERY_DAY, one_offs=()):
    return generate_slots(start=start, days=days, profile=KENT, rules=list(rules), one_offs=list(one_offs), closed=_closed)


def test_slots_keep_their_wall_clock_time_when_the_clocks_go_forward_over_easter():
    # Sunday 28 March 2027: London moves from GMT to BST, between Good Friday and Easter Monday.
    slots = _slots(date(2027, 3, 25), 6)
    days = {s.start.astimezone(LONDON).date() for s in slots}
    assert date(2027, 3, 26) not in days and date(2027, 3, 29) not in days  # bank holidays
    thursday = [s for s in slots if s.start.astimezone(LONDON).date() == date(2027, 3, 25)]
    tuesday = [s for s in slots if s.start.astimezone(LONDON).date() == date(2027, 3, 30)]
    assert thursday[0].start == datetime(2027, 3, 25, 9, 0, tzinfo=UTC)
    assert tuesday[0].start == datetime(2027, 3, 30, 8, 0, tzinfo=UTC)  # 09:00 BST
    assert tuesday[0].start.astimezone(LONDON).time() == time(9)
    assert tuesday[-1].start.astimezone(LONDON).time() == time(19)  # the evening session
    assert len(thursday) == 16 and len(tuesday) == 20


def test_slots_keep_their_wall_clock_time_when_the_clocks_go_back():
    # Sunday 31 October 2027: back to GMT.
    slots = _slots(date(2027, 10, 29), 4)
    friday = [s for s in slots if s.start.astimezone(LONDON).date() == date(2027, 10, 29)]
    monday = [s for s in slots if s.start.astimezone(LONDON).date() == date(2027, 11, 1)]
    assert friday[0].start == datetime(2027, 10, 29, 8, 0, tzinfo=UTC)
    assert monday[0].start == datetime(2027, 11, 1, 9, 0, tzinfo=UTC)
    assert all(s.end - s.start == timedelta(minutes=30) for s in friday + monday)


def test_a_local_time_the_clocks_skip_is_never_a_slot():
    assert _wall_instant(datetime(2027, 3, 28, 1, 30), LONDON) is None
    assert _wall_instant(datetime(2027, 3, 28, 2, 30), LONDON) is not None


def test_steps_across_a_clock_change_keep_their_length_and_skip_missing_times():
    length = timedelta(minutes=30)
    spring = list(_wall_steps(datetime(2027, 3, 28, 0, 0), datetime(2027, 3, 28, 3, 0), length, LONDON))
    assert [s.astimezone(LONDON).strftime("%H:%M") for s, _ in spring] == ["00:00", "02:00", "02:30"]
    autumn = list(_wall_steps(datetime(2027, 10, 31, 0, 0), datetime(2027, 10, 31, 3, 0), length, LONDON))
    assert all(end - start == length for start, end in autumn) and len(autumn) == 5


def test_bank_holidays_have_no_slots_even_for_evening_sessions():
    slots = _slots(date(2026, 12, 21), 14)
    days = {s.start.astimezone(LONDON).date() for s in slots}
    # Christmas Day (Fri), Boxing Day substitute (Mon 28 Dec), New Year's Day (Fri 1 Jan 2027).
    assert date(2026, 12, 25) not in days and date(2026, 12, 28) not in days and date(2027, 1, 1) not in days
    assert {date(2026, 12, 24), date(2026, 12, 29), date(2026, 12, 31)} <= days
    # Tuesday 29 December still has its evening session; the first Saturday of January has its morning one.
    assert any(s.start.astimezone(LONDON) == datetime(2026, 12, 29, 19, 0, tzinfo=LONDON) for s in slots)
    assert date(2027, 1, 2) in days


def test_saturday_sessions_run_only_on_the_weeks_the_profile_names():
    assert week_of_month(date(2026, 12, 5)) == 1 and week_of_month(date(2026, 12, 12)) == 2
    assert service_windows(KENT, date(2026, 12, 5)) == [(time(9, 30), time(12, 30))]
    assert service_windows(KENT, date(2026, 12, 12)) == []
    saturdays = {s.start.astimezone(LONDON).date() for s in _slots(date(2026, 11, 28), 36) if s.start.astimezone(LONDON).weekday() == 5}
    assert saturdays == {date(2026, 12, 5), date(2027, 1, 2)}


def test_a_rota_window_outside_the_services_hours_is_clipped():
    early = [WeeklyRule(7, 0, time(7), time(10), ("phone",))]
    slots = _slots(date(2026, 11, 30), 1, rules=early)
    assert [s.start.astimezone(LONDON).time() for s in slots] == [time(9), time(9, 30)]


def test_exceptions_remove_a_window_or_a_day_and_add_extra_windows():
    monday = date(2026, 11, 30)
    one_offs = [
        OneOff(7, monday, "away", time(10), time(16)),
        OneOff(7, date(2026, 12, 1), "away"),
        OneOff(8, monday, "extra", time(13), time(14), ("video",)),
    ]
    slots = _slots(monday, 2, one_offs=one_offs)
    mine = [s.start.astimezone(LONDON).time() for s in slots if s.clinician_id == 7]
    assert mine == [time(9), time(9, 30), time(16), time(16, 30)]
    assert [(s.clinician_id, s.methods) for s in slots if s.clinician_id == 8] == [(8, ("video",)), (8, ("video",))]


def test_overlapping_rota_rows_do_not_make_a_slot_twice():
    rules = [WeeklyRule(7, 0, time(9), time(12), ("phone",)), WeeklyRule(7, 0, time(11), time(13), ("phone",))]
    slots = slots_on(date(2026, 11, 30), profile=KENT, rules=rules, one_offs=[], closed=_closed)
    assert len(slots) == len({s.id for s in slots}) == 8


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2029, 12, 31)))
def test_every_slot_starts_on_the_local_half_hour_inside_the_services_hours_and_its_id_round_trips(day):
    for slot in _slots(day, 3):
        local_start, local_end = slot.start.astimezone(LONDON), slot.end.astimezone(LONDON)
        assert local_start.minute in (0, 30) and local_end - local_start == timedelta(minutes=30)
        windows = service_windows(KENT, local_start.date())
        assert any(opens <= local_start.time() and local_end.time() <= closes for opens, closes in windows)
        assert not _closed(local_start.date())
        assert parse_slot_id(slot.id) == (slot.clinician_id, slot.start)


def test_slot_ids_that_do_not_parse_are_rejected():
    assert parse_slot_id("7-20261324T0900Z") is None
    assert parse_slot_id("seven-20261124T0900Z") is None
    assert parse_slot_id("") is None
    assert slot_id(7, datetime(2026, 11, 24, 9, 0, tzinfo=LONDON)) == "7-20261124T0900Z"


def test_the_api_serves_summer_slots_with_the_summer_offset(client, rota, clock):
    clock.set(datetime(2027, 3, 25, 10, 0, tzinfo=LONDON))
    slots = client.get("/api/triage/slots", params={"start": "2027-03-25", "days": 6}).json()["slots"]
    assert not [s for s in slots if s["start"][:10] in ("2027-03-26", "2027-03-29")]
    tuesday = [s for s in slots if s["start"].startswith("2027-03-30")]
    assert tuesday[0]["start"] == "2027-03-30T09:00:00+01:00" and tuesday[0]["id"].endswith("-20270330T0800Z")
    thursday = [s for s in slots if s["start"].startswith("2027-03-25")]
    assert thursday[0]["start"] == "2027-03-25T12:00:00+00:00"
    booked = client.post("/api/triage/bookings", json=booking_body(tuesday[0]["id"]))
    assert booked.status_code == 201 and booked.json()["start"] == "2027-03-30T09:00:00+01:00"


def test_the_api_offers_nothing_on_bank_holidays(client, rota, clock):
    clock.set(datetime(2026, 12, 21, 10, 0, tzinfo=LONDON))
    days = {s["start"][:10] for s in client.get("/api/triage/slots", params={"days": 14}).json()["slots"]}
    assert "2026-12-25" not in days and "2026-12-28" not in days and "2026-12-24" in days
