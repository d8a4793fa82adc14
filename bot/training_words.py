"""Training courses in the bot's words, for Slack and the terminal alike.

Only wording lives here: which courses are open, who gets a place and who waits are
consult.workforce.training's decisions; these functions describe what it decided.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from consult.auth.models import User
from consult.workforce import training
from consult.workforce.models import Approval, BookingStatus, TrainingBooking
from consult.workforce.rules import local_text

NO_COURSES = "No training courses are open for booking at the moment."


def open_courses(*, db: Session) -> list[dict[str, Any]]:
    """Upcoming courses that have not started (the only ones training.book accepts)."""
    return [c for c in training.list_courses(db=db, upcoming_only=True) if not c["started"]]


def my_places(*, db: Session, user: User) -> dict[int, str]:
    """course id -> how the user stands on it, for the courses they are booked on or waiting for."""
    return {b.course_id: place_words(b, training.waiting_position(db=db, booking=b))
            for b in training.bookings_for(db=db, user=user) if b.status in training.LIVE}


def place_words(booking: TrainingBooking, position: int | None) -> str:
    if booking.status == BookingStatus.booked:
        return f"you have a place ({booking.reference})"
    return f"you are on the waiting list, position {position} ({booking.reference})"


def course_line(course: dict[str, Any]) -> str:
    return f"{course['title']}: {course_details(course)}"


def course_details(course: dict[str, Any]) -> str:
    """'Wed 9 Dec and Wed 16 Dec, from 09:30, at Venue. 3 of 12 places left.'"""
    starts = [datetime.fromisoformat(s["start"]) for s in course["sessions"]]
    days = " and ".join(local_text(s, fmt="%a %-d %b") for s in starts)
    venues = sorted({s["venue"] for s in course["sessions"]})
    when = f"{days}, from {local_text(starts[0], fmt='%H:%M')}, at {', '.join(venues)}" if starts else "dates to follow"
    if course["places_left"]:
        places = f"{course['places_left']} of {course['capacity']} places left"
    else:
        places = f"Full: {course['waiting_list']} on the waiting list"
    return f"{when}. {places}."


def booked_sentence(booking: TrainingBooking, position: int | None) -> str:
    title = booking.course.title
    if booking.status == BookingStatus.booked:
        sentence = f"Booked: you have a place on {title}. Your reference is {booking.reference}."
        if booking.approval == Approval.pending:
            sentence += " Your manager confirms you are eligible before the course."
        return sentence
    return (f"{title} is full, so you are on the waiting list, position {position} ({booking.reference}). "
            "If a place comes free it is yours at once and you will be told.")


def cancelled_sentence(booking: TrainingBooking, promoted: TrainingBooking | None) -> str:
    sentence = f"Cancelled {booking.reference}: you are no longer on {booking.course.title}."
    if promoted is not None:
        sentence += " Your place has gone to the next person on the waiting list."
    return sentence


def refused_sentence(error: training.TrainingError, status_command: str = "/pimh status") -> str:
    """The service's reason, plus where to look when the person is already on the course."""
    if error.code == "duplicate":
        return f"Not booked again: {error} `{status_command}` lists your places."
    if error.code == "not_found":
        return "That course or booking no longer exists."
    return f"Not done: {error}"
