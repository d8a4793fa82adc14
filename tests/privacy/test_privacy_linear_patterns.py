"""Issue 16 item 1: no pattern run on what people send can backtrack its way into minutes of CPU.

The patterns are checked by their structure (every repeat bounded, or the one digits-run shape
that reads each character once), and redaction is checked on the inputs that used to take
seconds to minutes (`benchmarks/redact_scaling.py` times them by size; the figures are in
docs/benchmarks.md): the right answer comes back. No test here reads a clock.
"""
from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parser

import pytest

from consult.privacy import redact as redaction


def _unbounded_repeats(pattern: re.Pattern[str]) -> list[str]:
    """Every repeat in `pattern` with no upper bound, except a possessive repeat that comes
    straight after a negative lookbehind at the very start (one possible start per run)."""
    found: list[str] = []

    def walk(items, at_start_after_lookbehind: bool = False) -> None:
        previous_was_lookbehind = False
        for index, (op, av) in enumerate(items):
            if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
                low, high, sub = av
                allowed = (op is sre_constants.POSSESSIVE_REPEAT and previous_was_lookbehind and index == 1)
                if high == sre_constants.MAXREPEAT and not allowed:
                    found.append(f"{op} {{{low},}} in {pattern.pattern!r}")
                walk(sub)
            elif op is sre_constants.SUBPATTERN:
                walk(av[-1])
            elif op is sre_constants.BRANCH:
                for branch in av[1]:
                    walk(branch)
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
                walk(av[1])
            elif op is sre_constants.ATOMIC_GROUP:
                walk(av)
            previous_was_lookbehind = op is sre_constants.ASSERT_NOT and av[0] == -1 and index == 0

    walk(sre_parser.parse(pattern.pattern, pattern.flags))
    return found


def _patterns_on_user_text() -> list[re.Pattern[str]]:
    from bot.views import answers
    from consult.readiness import wording
    from consult.reporting import periods
    from faq import text

    identifiers = [pattern for _label, pattern in redaction.PATTERNS]
    people = [redaction._TITLE, redaction._CUED_NAME, redaction._POSSESSIVE_NAME, redaction._ADDRESS,
              redaction._BORN_ON, redaction._PLACEHOLDER]
    others = [wording._AMPERSAND, periods.QUARTER, answers._BOLD, answers._LINK] + [p for p, _ in text._JOINED]
    return identifiers + people + others


def test_the_structure_check_catches_the_patterns_that_used_to_backtrack():
    assert _unbounded_repeats(re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"))  # the old email pattern
    assert _unbounded_repeats(re.compile(r"\s*&\s*"))
    assert not _unbounded_repeats(re.compile(r"(?<![\w-])\d{7,}+(?![\w-])"))


@pytest.mark.parametrize("pattern", _patterns_on_user_text(), ids=lambda p: p.pattern[:40])
def test_every_pattern_run_on_text_people_send_is_bounded(pattern):
    assert _unbounded_repeats(pattern) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("a" * 200_000, "a" * 200_000),                                      # the 9-second email case, larger
    ("a@" + "b" * 100_000, "a@" + "b" * 100_000),                        # an @ with no dot after it
    ("1" * 200_000, "[number]"),                                         # one long run of digits
    ("1" * 100_000 + "x", "1" * 100_000 + "x"),                          # digits glued to a word stay
    ("born" + " " * 50_000 + "x", "born" + " " * 50_000 + "x"),
    ("x" * 100 + "@demo.nhs.net", "x" * 36 + "[email]"),                 # at most 64 before the @
    ("call 07700 900123 or " + "a" * 50_000 + " jo.pellow@demo.nhs.net",
     "call [phone] or " + "a" * 50_000 + " [email]"),
])
def test_redact_gives_the_right_answer_on_inputs_that_used_to_backtrack(text, expected):
    assert redaction.redact(text) == expected


def test_redact_people_still_finds_names_addresses_and_birth_dates():
    text = "Mum is called Jane Smith, born on 3 March 2020, lives at 12 High Street. Dr Jones saw Anna's mum."
    assert redaction.redact_people(text) == (
        "Mum is called [name], [date of birth], lives at [address] [name] saw [name]'s mum.")
    assert redaction.redact_people("mum" + " " * 50_000 + "x") == "mum" + " " * 50_000 + "x"


def test_every_identifier_shape_is_still_masked():
    text = ("jo.pellow@demo.nhs.net 999 000 0018 07700 900123 020 7946 0123 +44 1632 960123 "
            "02/03/2026 2026-03-02 2nd March 2026 CT1 1AA ME14 1XX 12345678")
    assert redaction.redact(text) == ("[email] [nhs number] [phone] [phone] [phone] "
                                      "[date] [date] [date] [postcode] [postcode] [number]")
