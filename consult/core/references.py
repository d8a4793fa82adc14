"""The one generator of random booking references (triage bookings "TB-…", training places "TRN-…").

One alphabet for every reference people read aloud or type from a letter: no 0/O, 1/I/L to
misread on the phone. A random code can read as a postcode ("PA42VM"); redaction would then mask
it in logs and the audit trail, so such a draw is thrown away and drawn again.
"""
from __future__ import annotations

import secrets
from collections.abc import Callable

from consult.privacy.redact import contains_identifier

REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
REFERENCE_LENGTH = 6


def random_reference(prefix: str, *, taken: Callable[[str], bool],
                     draw: Callable[[str], str] | None = None) -> str:
    """`prefix` + six characters of the alphabet, not reading as an identifier and not `taken`.
    `draw` picks one character (secrets.choice, looked up at each call; tests pass a fixed sequence)."""
    draw = draw or secrets.choice
    while True:
        reference = prefix + "".join(draw(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        if contains_identifier(reference):
            continue
        if not taken(reference):
            return reference
