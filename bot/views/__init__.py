"""Block Kit builders shared by every feature, and the reader for submitted modal values."""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, cast

Block = dict[str, Any]
Option = tuple[str, str]  # (value, label)

# Slack's limits: plain-text labels and option texts 75 characters, section text 3000.
_LABEL = 75
_SECTION = 2900


def plain(text: str, limit: int = _LABEL) -> dict[str, Any]:
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def section(text: str) -> Block:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:_SECTION] or " "}}


def context(text: str) -> Block:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": text[:_SECTION]}]}


def header(text: str) -> Block:
    return {"type": "header", "text": plain(text, 150)}


def divider() -> Block:
    return {"type": "divider"}


def button(text: str, action_id: str, value: str = "", *, style: str | None = None) -> dict[str, Any]:
    element = {"type": "button", "text": plain(text), "action_id": action_id, "value": value[:2000]}
    if style:
        element["style"] = style
    return element


def actions(*elements: dict[str, Any], block_id: str | None = None) -> Block:
    block: Block = {"type": "actions", "elements": list(elements)}
    if block_id:
        block["block_id"] = block_id
    return block


def lines(items: Iterable[str]) -> list[Block]:
    return [section(line) for line in items if line]


def options(items: Sequence[Option]) -> list[dict[str, Any]]:
    return [{"text": plain(label), "value": value} for value, label in items]


def _input(block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str | None = None) -> Block:
    block: Block = {"type": "input", "block_id": block_id, "label": plain(label), "element": element, "optional": optional}
    if hint:
        block["hint"] = plain(hint, 150)
    return block


def text_input(block_id: str, label: str, *, multiline: bool = False, optional: bool = False,
               initial: str | None = None, max_length: int = 3000, hint: str | None = None,
               placeholder: str | None = None) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": multiline,
                               "max_length": max_length}
    if initial:
        element["initial_value"] = initial
    if placeholder:
        element["placeholder"] = plain(placeholder, 150)
    return _input(block_id, label, element, optional=optional, hint=hint)


def select(block_id: str, label: str, items: Sequence[Option], *, optional: bool = False,
           initial: str | None = None, hint: str | None = None) -> Block:
    element: dict[str, Any] = {"type": "static_select", "action_id": "value", "options": options(items)}
    chosen = [o for o in element["options"] if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return _input(block_id, label, element, optional=optional, hint=hint)


def radios(block_id: str, label: str, items: Sequence[Option], *, initial: str | None = None,
           optional: bool = False) -> Block:
    element: dict[str, Any] = {"type": "radio_buttons", "action_id": "value", "options": options(items)}
    chosen = [o for o in element["options"] if o["value"] == initial]
    if chosen:
        element["initial_option"] = chosen[0]
    return _input(block_id, label, element, optional=optional)


def checkboxes(block_id: str, label: str, items: Sequence[Option], *, optional: bool = False,
               hint: str | None = None) -> Block:
    return _input(block_id, label, {"type": "checkboxes", "action_id": "value", "options": options(items)},
                  optional=optional, hint=hint)


def number(block_id: str, label: str, *, minimum: int = 0, maximum: int = 100, optional: bool = True,
           hint: str | None = None) -> Block:
    element = {"type": "number_input", "action_id": "value", "is_decimal_allowed": False,
               "min_value": str(minimum), "max_value": str(maximum)}
    return _input(block_id, label, element, optional=optional, hint=hint)


def datepicker(block_id: str, label: str, *, optional: bool = True, hint: str | None = None) -> Block:
    return _input(block_id, label, {"type": "datepicker", "action_id": "value"}, optional=optional, hint=hint)


def modal(callback_id: str, title: str, blocks: list[Block], *, submit: str | None = "Send",
          metadata: dict[str, Any] | None = None) -> dict[str, Any]:
    view: dict[str, Any] = {"type": "modal", "callback_id": callback_id, "title": plain(title, 24),
                            "close": plain("Cancel"), "blocks": blocks,
                            "private_metadata": json.dumps(metadata or {})[:3000]}
    if submit:
        view["submit"] = plain(submit, 24)
    return view


def submitted(view: dict[str, Any]) -> dict[str, Any]:
    """{block_id: value} from view.state.values: text, the chosen option, a list for checkboxes."""
    found: dict[str, Any] = {}
    for block_id, elements in (view.get("state") or {}).get("values", {}).items():
        for element in elements.values():
            kind = element.get("type")
            if kind == "checkboxes":
                found[block_id] = [o["value"] for o in element.get("selected_options") or []]
            elif kind in ("static_select", "radio_buttons"):
                found[block_id] = (element.get("selected_option") or {}).get("value")
            elif kind == "datepicker":
                found[block_id] = element.get("selected_date")
            else:
                found[block_id] = element.get("value")
    return found


def metadata(view: dict[str, Any]) -> dict[str, Any]:
    try:
        # The metadata is ours: written by json.dumps of a dict when the modal was opened.
        return cast(dict[str, Any], json.loads(view.get("private_metadata") or "{}"))
    except ValueError:
        return {}
