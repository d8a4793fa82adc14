"""The one input of a training booking: which course, checked once whatever the channel."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from consult.workforce.commands import TrainingBookingRequest
from consult.workforce.errors import TrainingError


def test_a_typed_or_pressed_course_number_becomes_the_request():
    assert TrainingBookingRequest.from_choice(" 12 ") == TrainingBookingRequest(course_id=12)


@pytest.mark.parametrize("value", ["", None, "abc", "0", "-3", "1.5", "12a", "99999999999", "2147483648",
                                   "١٢", "1" * 5000])
def test_anything_else_is_no_such_course_not_a_crash(value):
    with pytest.raises(TrainingError) as refused:
        TrainingBookingRequest.from_choice(value)
    assert refused.value.code == "not_found" and str(refused.value) == "No such course."


def test_the_request_holds_only_a_course_in_range_and_never_changes():
    with pytest.raises(ValidationError):
        TrainingBookingRequest(course_id=0)
    with pytest.raises(ValidationError):
        TrainingBookingRequest(course_id=1, user_id=5)  # the delegate is the caller, never a field
    request = TrainingBookingRequest(course_id=3)
    with pytest.raises(ValidationError):
        request.course_id = 4  # type: ignore[misc]
