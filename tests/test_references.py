"""One reference-code generator, one alphabet, for triage bookings and training places."""
from __future__ import annotations

from booking import service as booking_service
from consult.core.references import REFERENCE_ALPHABET, random_reference
from consult.workforce import training

MISREAD_ON_THE_PHONE = set("0O1IL")


def test_the_alphabet_leaves_out_every_character_misread_on_the_phone():
    assert not MISREAD_ON_THE_PHONE & set(REFERENCE_ALPHABET)
    assert len(set(REFERENCE_ALPHABET)) == len(REFERENCE_ALPHABET) == 31


def test_a_code_that_reads_as_a_postcode_or_is_taken_is_drawn_again():
    picks = iter("PA42VM" + "KD7RQ3" + "W9HXTE")  # a postcode, then a taken code, then a free one

    def draw(alphabet: str) -> str:
        pick = next(picks)
        assert pick in alphabet
        return pick

    assert random_reference("TB-", taken=lambda code: code == "TB-KD7RQ3", draw=draw) == "TB-W9HXTE"


def test_booking_and_training_references_come_from_the_one_alphabet(db):
    # 1,800 characters each: a generator still keeping L (1 in 32) would show one almost surely.
    booking_codes = [booking_service.new_reference(db) for _ in range(300)]
    training_codes = [training.new_reference(db) for _ in range(300)]
    assert {code[:3] for code in booking_codes} == {"TB-"} and {code[:4] for code in training_codes} == {"TRN-"}
    drawn = set("".join(code.split("-", 1)[1] for code in booking_codes + training_codes))
    assert drawn <= set(REFERENCE_ALPHABET)
    assert "L" not in drawn
