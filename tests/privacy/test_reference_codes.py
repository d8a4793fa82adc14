"""Random booking references never read as an identifier, or redaction would mask them in logs and the audit trail."""
from __future__ import annotations

import pytest

from booking import service as booking_service
from consult.core import references
from consult.privacy.redact import contains_identifier, redact
from consult.workforce import training


def test_a_reference_that_reads_as_a_postcode_would_be_masked():
    assert redact("given the place freed by TRN-PA42VM") == "given the place freed by TRN-[postcode]"


@pytest.mark.parametrize(("module", "prefix"), [(training, "TRN-"), (booking_service, "TB-")])
def test_a_code_that_reads_as_a_postcode_is_drawn_again(db, monkeypatch, module, prefix):
    drawn = iter("PA42VM" + "KXRTWQ")  # the first draw reads as a postcode, the second does not

    # Both modules draw through the one generator (consult/core/references.py).
    monkeypatch.setattr(references.secrets, "choice", lambda _alphabet: next(drawn))
    reference = module.new_reference(db)
    assert reference == f"{prefix}KXRTWQ"
    assert not contains_identifier(reference)
