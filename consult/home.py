"""The home page's panels: each person's open work, contributed by the domains that own it.

A domain declares panel functions in its contract (`home=(home.my_requests,)`); each is called as
`fn(*, db, viewer, now, calendar)` and returns a `HomePanel`, or None when the panel is not for this
person (a practitioner's requests mean nothing to a manager). The core lays the panels out in
`order` and knows no domain. A panel's lines never name a family: references, roles, times and
districts only, as on the clinicians' queue.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

HomePanelProvider = Callable[..., "HomePanel | None"]


@dataclass(frozen=True)
class HomeLine:
    text: str  # what it is, e.g. "Consultation request · Thanet"
    link: str | None = None
    reference: str | None = None  # shown first, as one unbroken word
    note: str = ""  # quieter words after: when, how long left
    state: str | None = None  # a clock state for the tag: on_track, due_soon, overdue


@dataclass(frozen=True)
class HomeFigure:
    label: str
    value: int
    link: str | None = None
    state: str | None = None  # "overdue" draws attention to a count above nought


@dataclass(frozen=True)
class HomePanel:
    title: str
    lines: tuple[HomeLine, ...] = ()
    empty: str = ""  # said when there are no lines and no figures
    more: tuple[str, str] | None = None  # (href, words): the full list
    figures: tuple[HomeFigure, ...] = ()
    links: tuple[tuple[str, str], ...] = ()  # (href, words), e.g. the reports
    order: int = 50  # smaller first
    lines_total: int | None = None  # when the lines are the first few of more


def panels_for(*, db: Session, viewer: Any, now: datetime, calendar: Any) -> list[HomePanel]:
    """The installed domains' panels for `viewer`, in order."""
    from consult.contract import installed

    found = (provider(db=db, viewer=viewer, now=now, calendar=calendar) for provider in installed().home)
    return sorted((panel for panel in found if panel is not None), key=lambda panel: panel.order)
