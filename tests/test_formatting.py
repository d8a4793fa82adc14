"""consult/formatting.py: how dates, times, working durations and a baby's age read to people."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from consult import formatting
from consult.clock import LONDON

TODAY = date(2026, 11, 23)


def test_a_date_reads_day_month_year_without_a_leading_zero():
    assert formatting.long_date(date(2026, 12, 1)) == "1 December 2026"
    assert formatting.long_date("1995-04-12") == "12 April 1995"  # the ISO strings the views hold
    assert formatting.short_date(date(2026, 12, 1)) == "1 Dec 2026"
    assert formatting.weekday_date(date(2026, 12, 1)) == "Tuesday 1 December 2026"
    assert formatting.day_and_month(date(2026, 12, 1)) == "Tuesday 1 December"


def test_an_instant_is_shown_in_london_time_across_the_clock_change():
    summer = datetime(2026, 7, 1, 13, 0, tzinfo=UTC)  # 14:00 British Summer Time
    winter = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 14:00 Greenwich Mean Time
    assert formatting.date_time(summer, today=TODAY) == "Wed 1 Jul 14:00"
    assert formatting.date_time(winter, today=TODAY) == "Tue 1 Dec 14:00"
    assert formatting.clock_time(summer) == "14:00"
    # Just before midnight UTC in summer is already the next day in London.
    assert formatting.long_date(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2026"


def test_the_year_is_added_only_when_it_is_not_this_year():
    last_year = datetime(2025, 12, 1, 14, 0, tzinfo=LONDON)
    assert formatting.date_time(last_year, today=TODAY) == "Mon 1 Dec 2025 14:00"
    assert formatting.spoken(last_year, today=TODAY) == "Monday 1 December 2025 at 14:00"
    assert formatting.spoken(datetime(2026, 11, 25, 10, 0, tzinfo=LONDON), today=TODAY) == "Wednesday 25 November at 10:00"
    assert formatting.date_time("2026-11-25T10:00:00+00:00", today=TODAY) == "Wed 25 Nov 10:00"


def test_nothing_known_reads_as_nothing():
    for fn in (formatting.long_date, formatting.short_date, formatting.weekday_date, formatting.clock_time):
        assert fn(None) == "" and fn("") == ""
    assert formatting.date_time(None, today=TODAY) == ""
    assert formatting.working_duration(None, day_hours=8) == ""


@pytest.mark.parametrize(("hours", "words"), [
    (0.0, "under an hour"), (0.4, "under an hour"), (1.0, "1 hour"), (3.4, "3 hours"), (8.0, "1 working day"),
    (11.0, "1 working day 3 hours"), (17.0, "2 working days 1 hour"), (24.0, "3 working days"),
])
def test_working_time_reads_in_working_days_and_hours(hours, words):
    assert formatting.working_duration(hours, day_hours=8) == words


def test_a_shorter_working_day_makes_more_days_of_the_same_hours():
    assert formatting.working_duration(15.0, day_hours=7.5) == "2 working days"


@pytest.mark.parametrize(("born", "due", "words"), [
    (None, "2026-12-14", "due in 3 weeks"),
    (None, "2026-11-30", "due in 7 days"),
    (None, "2026-11-23", "due today"),
    (None, "2026-11-09", "was due 2 weeks ago"),
    ("2026-11-23", None, "born today"),
    ("2026-11-20", None, "3 days old"),
    ("2026-10-26", None, "4 weeks old"),
    ("2026-06-20", None, "5 months old"),
    ("2026-06-24", None, "4 months old"),  # five months on the 24th, not before
    ("2025-09-23", None, "14 months old"),
    ("2024-09-23", None, "2 years 2 months old"),
    ("2026-06-20", "2026-07-01", "5 months old"),  # born: the due date no longer matters
    (None, None, ""),
])
def test_a_babys_age_reads_as_a_clinician_says_it(born, due, words):
    assert formatting.baby_age(born=born, due=due, today=TODAY) == words


def test_a_month_reads_in_full_with_its_year():
    assert formatting.month_year(date(2026, 12, 1)) == "December 2026"
    assert formatting.month_year("2025-04-30") == "April 2025"
    assert formatting.month_year(None) == ""


def test_no_template_gives_a_date_filter_a_format_of_its_own():
    """Every date on a page reads the UK way from consult/formatting.py: the filters take no format
    string (they would refuse one), and no template passes one."""
    import re

    from consult.web import template_dirs

    passed_a_format = re.compile(r"\|\s*(local|day)\s*\(")
    found = [f"{path.name}: {match.group(0)}" for folder in template_dirs() for path in folder.rglob("*.html")
             for match in passed_a_format.finditer(path.read_text())]
    assert found == []
    assert len(template_dirs()) > 5  # every domain's templates were searched, not just the shell
