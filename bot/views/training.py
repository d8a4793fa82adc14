"""Block Kit for training and supervision: `/pimh training` (open courses with a Book button each)
and the part of `/pimh status` and App Home that shows a practitioner's group, next session and
training places (each with a Cancel button)."""
from __future__ import annotations

from typing import Any

from bot.training_words import NO_COURSES, course_details
from bot.views import Block, button, context, header, plain, section

BOOK_COURSE, CANCEL_TRAINING = "pimh_training_book", "pimh_training_cancel"


def _with_button(text: str, element: dict[str, Any]) -> Block:
    block = section(text)
    block["accessory"] = element
    return block


def courses_blocks(courses: list[dict[str, Any]], mine: dict[int, str]) -> list[Block]:
    """`mine` maps course id to how the user stands on it (no Book button for those)."""
    blocks: list[Block] = [header("Training courses")]
    if not courses:
        return blocks + [context(NO_COURSES + " `/pimh status` shows any places you already have.")]
    for course in courses:
        text = f"*{course['title']}*\n{course_details(course)}"
        if course["id"] in mine:
            standing = mine[course["id"]]
            blocks.append(section(f"{text}\n:white_check_mark: {standing[:1].upper()}{standing[1:]}."))
            continue
        label = "Book a place" if course["places_left"] else "Join the waiting list"
        blocks.append(_with_button(text, button(label, f"{BOOK_COURSE}:{course['id']}", str(course["id"]),
                                                style="primary" if course["places_left"] else None)))
    blocks.append(context("Both days are in person. Cancel from `/pimh status` if you can no longer come, "
                          "so the next person on the waiting list gets your place."))
    return blocks


def _cancel_button(reference: str, course: str) -> dict[str, Any]:
    element = button("Cancel", f"{CANCEL_TRAINING}:{reference}", reference)
    element["confirm"] = {"title": plain("Cancel this place?"), "text": plain(f"{course} ({reference})", 300),
                          "confirm": plain("Cancel it"), "deny": plain("Keep it")}
    return element


def development_blocks(summary: dict[str, Any]) -> list[Block]:
    """practitioner_summary's sentences; the one naming a training booking carries its Cancel button."""
    blocks: list[Block] = [header("Supervision and training")]
    places = summary.get("training") or []
    for line in summary.get("lines") or []:
        place = next((p for p in places if p["reference"] in line), None)
        blocks.append(_with_button(line, _cancel_button(place["reference"], place["course"])) if place else section(line))
    if not places:
        blocks.append(context("No training places booked. `/pimh training` lists the courses open for booking."))
    return blocks
