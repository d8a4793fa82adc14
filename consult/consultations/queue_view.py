"""Which lines of the clinicians' queue a page shows: filters by kind, district and clinician, a
search by reference, and paging. Pure: the page hands in plain rows and the query string's values.

Every filter is a GET parameter, so a filtered page is a link to bookmark or share, and it works
without JavaScript. A value the page never offers (a made-up kind, a page that is not a number) is
refused with a message naming the field, never ignored.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from consult.consultations.errors import InvalidInput
from consult.core.types import parse_id
from consult.paging import page_count

PAGE_SIZE = 25
SEARCH_MAX = 40  # a reference is at most 24 characters; anything longer cannot match one
UNCLAIMED = "none"  # the clinician filter's value for lines nobody has claimed
CONSULTATION = "consultation"


@dataclass(frozen=True)
class QueueFilter:
    kind: str = ""
    district: str = ""
    clinician: str = ""  # "", UNCLAIMED, or a clinician's id
    q: str = ""
    page: int = 1

    @property
    def active(self) -> bool:
        return bool(self.kind or self.district or self.clinician or self.q)

    def query(self, **change: Any) -> str:
        """The query string for this filter with `change` applied (empty values left out)."""
        from urllib.parse import urlencode

        values = {"kind": self.kind, "district": self.district, "clinician": self.clinician, "q": self.q,
                  "page": self.page, **change}
        return urlencode({k: v for k, v in values.items() if v and not (k == "page" and v == 1)})


def parse_filter(params: Mapping[str, str], *, districts: Collection[str], clinician_ids: Collection[int]) -> QueueFilter:
    kind = (params.get("kind") or "").strip()
    # Any well-formed kind: one with nothing open today (a bookmarked "call-backs") shows an empty list.
    if kind and not (len(kind) <= 30 and kind.replace("_", "").isalpha() and kind.islower()):
        raise InvalidInput("kind", "choose a kind of work from the list")
    district = (params.get("district") or "").strip()
    if district and district not in districts:
        raise InvalidInput("district", "choose a district from the list")
    clinician = (params.get("clinician") or "").strip()
    if clinician and clinician != UNCLAIMED and parse_id(clinician) not in clinician_ids:
        raise InvalidInput("clinician", "choose a clinician from the list")
    q = (params.get("q") or "").strip()
    if len(q) > SEARCH_MAX:
        raise InvalidInput("q", f"a reference is at most {SEARCH_MAX} characters: search for part of one")
    raw_page = (params.get("page") or "1").strip()
    page = parse_id(raw_page)
    if page is None:
        raise InvalidInput("page", "the page must be a whole number from 1")
    return QueueFilter(kind=kind, district=district, clinician=clinician, q=q, page=page)


def matches(row: Mapping[str, Any], f: QueueFilter) -> bool:
    """`row` has kind, reference, district and owner_id (the claiming clinician, or None)."""
    if f.kind and row["kind"] != f.kind:
        return False
    if f.district and row["district"] != f.district:
        return False
    if f.clinician == UNCLAIMED and row["owner_id"] is not None:
        return False
    if f.clinician and f.clinician != UNCLAIMED and row["owner_id"] != int(f.clinician):
        return False
    # A plain substring, case-insensitive: no pattern is built from what was typed.
    return not f.q or f.q.casefold() in row["reference"].casefold()


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    number: int  # 1-based, never past the last page
    pages: int
    total: int
    first: int  # the position of the first row shown (1-based; 0 when there are none)

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def page_of(rows: Sequence[Any], number: int, size: int = PAGE_SIZE) -> Page:
    """Page `number` of `rows`; a number past the end shows the last page (a list that shrank
    since the link was made should not look empty)."""
    pages = page_count(len(rows), size)
    number = min(max(number, 1), pages)
    start = (number - 1) * size
    shown = list(rows[start:start + size])
    return Page(rows=shown, number=number, pages=pages, total=len(rows), first=start + 1 if shown else 0)
