"""FAQ entries as data: parsing the Markdown files and filling in profile values.

An entry's title, phrasings, body and source line are Jinja templates (sandboxed, strict):
anything a commissioner may change (ages, districts, time limits, hours) is a placeholder
filled from the active service profile at render time, never written into the text.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml  # type: ignore[import-untyped]
from jinja2 import StrictUndefined, Template, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from consult.profiles import Profile

CONTENT_DIR = Path(__file__).parent / "content"
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                 "nineteen", "twenty"]
_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
             "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
             "seventeenth", "eighteenth"]
_DAY_NAMES = {"mon": "Monday", "tue": "Tuesday", "wed": "Wednesday", "thu": "Thursday", "fri": "Friday",
              "sat": "Saturday", "sun": "Sunday"}


class ContentError(ValueError):
    """An entry file or edited entry is malformed; `field` names the offending part."""

    def __init__(self, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class EntrySource:
    """One entry as written (templates not yet filled in)."""

    id: str
    title: str
    phrasings: tuple[str, ...]
    tags: tuple[str, ...]
    owner: str
    last_reviewed: date
    source: str
    body: str


@dataclass(frozen=True)
class RenderedEntry:
    """One entry with the active profile's values filled in: what people read and what is indexed."""

    id: str
    title: str
    phrasings: tuple[str, ...]
    tags: tuple[str, ...]
    source: str
    answer: str  # Markdown, plain words


# --- parsing ----------------------------------------------------------------------------------
# libyaml's safe loader when PyYAML was built with it (the same documents, a tenth of the time:
# every entry is parsed as the app starts), else PyYAML's own safe loader.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_entry(text: str, *, filename: str = "<entry>") -> EntrySource:
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.S)
    if not match:
        raise ContentError(f"{filename}: needs YAML front matter between '---' lines", "front_matter")
    try:
        meta = yaml.load(match.group(1), Loader=_SAFE_LOADER) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{filename}: front matter is not valid YAML ({exc})", "front_matter") from None
    missing = [k for k in ("id", "title", "phrasings", "tags", "owner", "last_reviewed", "source") if k not in meta]
    if missing:
        raise ContentError(f"{filename}: front matter is missing {', '.join(missing)}", "front_matter")
    reviewed = meta["last_reviewed"]
    if not isinstance(reviewed, date):
        reviewed = date.fromisoformat(str(reviewed))
    return make_entry(
        id=str(meta["id"]), title=str(meta["title"]), phrasings=[str(p) for p in meta["phrasings"] or []],
        tags=[str(t) for t in meta["tags"] or []], owner=str(meta["owner"]), last_reviewed=reviewed,
        source=str(meta["source"]), body=match.group(2).strip(),
    )


def make_entry(*, id: str, title: str, phrasings: list[str], tags: list[str], owner: str,
               last_reviewed: date, source: str, body: str) -> EntrySource:
    if not ID_PATTERN.match(id):
        raise ContentError("id must be lower-case words joined by hyphens, e.g. response-times", "id")
    if not title.strip():
        raise ContentError("the title cannot be empty", "title")
    if not body.strip():
        raise ContentError("the answer cannot be empty", "body")
    if not source.strip():
        raise ContentError("say where the answer comes from", "source")
    return EntrySource(
        id=id, title=title.strip(), phrasings=tuple(p.strip() for p in phrasings if p.strip()),
        tags=tuple(t.strip().lower() for t in tags if t.strip()), owner=owner.strip(),
        last_reviewed=last_reviewed, source=source.strip(), body=body.strip(),
    )


@lru_cache
def load_files(directory: Path = CONTENT_DIR) -> tuple[EntrySource, ...]:
    """Every entry file, parsed once per process (files only change with a release)."""
    entries = [parse_entry(p.read_text(encoding="utf-8"), filename=p.name) for p in sorted(directory.glob("*.md"))]
    ids = [e.id for e in entries]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise ContentError(f"duplicate FAQ ids: {', '.join(sorted(duplicates))}", "id")
    return tuple(entries)


# --- profile values ---------------------------------------------------------------------------
def _words(value: Any) -> str:
    n = int(value)
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else str(n)


def _ordinal(value: Any) -> str:
    n = int(value)
    if 0 <= n < len(_ORDINALS):
        return _ORDINALS[n]
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def join_and(items: list[str] | tuple[str, ...]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _clock(value: time) -> str:
    suffix = "am" if value.hour < 12 else "pm"
    hour = value.hour % 12 or 12
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def _days_text(days: tuple[str, ...]) -> str:
    order = list(_DAY_NAMES)
    idx = sorted(order.index(d) for d in days)
    if len(idx) > 2 and idx == list(range(idx[0], idx[-1] + 1)):
        return f"{_DAY_NAMES[order[idx[0]]]} to {_DAY_NAMES[order[idx[-1]]]}"
    return join_and([_DAY_NAMES[order[i]] for i in idx])


def _phone_line_text(profile: Profile) -> str:
    """The line's number (PHONE_LINE_NUMBER) in a sentence, or nothing when the service has no line."""
    from consult.telephony.rules import line_number_text

    number = line_number_text()
    if not number:
        return ""
    return (f"The line's number is **{number}**; if nobody can answer, press 1 to ask for a call back within "
            f"{profile.telephony.callback_working_hours:g} working hours.")


def profile_context(profile: Profile) -> dict[str, Any]:
    """The names an entry may use: the profile's own fields plus ready-made phrases."""
    ctx: dict[str, Any] = {name: getattr(profile, name) for name in type(profile).model_fields}
    sessions = [f"{s.label.rstrip('.')} ({_clock(s.starts)}-{_clock(s.ends)})" for s in profile.extra_sessions]
    sources = profile.referral_sources
    supervision = profile.supervision
    ctx.update(
        districts_text=join_and(profile.districts),
        district_count=len(profile.districts),
        office_days_text=_days_text(profile.office_hours.days),
        opens_text=_clock(profile.office_hours.opens),
        closes_text=_clock(profile.office_hours.closes),
        extra_sessions_text="; ".join(sessions),
        enabled_sources_text=join_and([s.label for s in sources.values() if s.enabled]),
        phased_sources_text=join_and([s.label.lower() for s in sources.values() if not s.enabled]),
        out_of_area_names=join_and(list(profile.contacts.out_of_area)) or "other areas",
        out_of_area_text=" ".join(profile.contacts.out_of_area.values()),
        family_hubs_text=join_and([h.name for h in profile.booking.family_hubs]),
        email_domains_text=join_and([f"@{d}" for d in profile.booking.allowed_email_domains]),
        supervision_places=supervision.groups_per_district * supervision.members_per_group * len(profile.districts),
        supervision_roles_text=join_and([r.lower() if not r.isupper() else r for r in supervision.member_roles]),
        phone_line_text=_phone_line_text(profile),
    )
    return ctx


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    # Sandboxed because managers edit entries on the web; strict so a misspelt placeholder
    # is refused when the entry is saved instead of silently rendering as nothing.
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters.update(words=_words, ordinal=_ordinal, join_and=join_and)
    return env


@lru_cache(maxsize=4096)
def _compiled(text: str) -> Template:
    return _environment().from_string(text)


def fill(text: str, context: dict[str, Any], *, field: str = "body") -> str:
    if "{" not in text:  # most phrasings have no placeholder: skip the template engine
        return text.strip()
    try:
        return _compiled(text).render(context).strip()
    except TemplateError as exc:
        raise ContentError(f"{field}: {exc}", field) from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise ContentError(f"{field}: {exc}", field) from None


@lru_cache(maxsize=1024)
def markdown_to_html(text: str) -> str:
    # Imported here: first needed by the index build, behind start-up.
    import markdown as markdown_lib  # type: ignore[import-untyped]

    # Escape first: entries are edited on the web and raw HTML must not reach the page.
    return markdown_lib.markdown(  # type: ignore[no-any-return]  # markdown has no type hints: it returns str
        html.escape(text, quote=False), extensions=["sane_lists"])


def render_entry(entry: EntrySource, profile: Profile, *, context: dict[str, Any] | None = None) -> RenderedEntry:
    ctx = context if context is not None else profile_context(profile)
    answer = fill(entry.body, ctx, field="body")
    return RenderedEntry(
        id=entry.id,
        title=fill(entry.title, ctx, field="title"),
        phrasings=tuple(fill(p, ctx, field="phrasings") for p in entry.phrasings),
        tags=entry.tags,
        source=fill(entry.source, ctx, field="source"),
        answer=answer,
    )


def plain_text(markdown_text: str) -> str:
    """Markdown without its markup, for chat and for indexing."""
    text = re.sub(r"\*\*(.{1,200}?)\*\*", r"\1", markdown_text)  # bounded: "**" never closed would be quadratic
    text = re.sub(r"`([^`]*)`", r"\1", text)
    return re.sub(r"^[ \t]{0,20}[-*][ \t]{1,20}", "• ", text, flags=re.M)  # not \s*: it crosses lines
