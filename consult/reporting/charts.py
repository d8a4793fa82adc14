"""The report charts for the dashboard and the annual statement, drawn on the server.

Bars and lines over months or weeks are small inline SVG drawings (consult/reporting/svg.py) with
an HTML legend; counts by category (outcome, THRIVE level, cluster) and the screening means are
HTML bar lists: the label, a bar, the number, in a table that wraps on a phone. Every chart also
carries its figures as a table, so a screen reader (or a black-and-white printout) loses nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from consult.reporting import svg
from consult.reporting.labels import label
from consult.reporting.periods import month_label

# High-contrast palette that stays distinguishable in greyscale print (NHS blue first).
PALETTE = ("#005eb8", "#ffb81c", "#007f3b", "#d5281b", "#330072", "#41b6e6", "#7c2855", "#425563",
           "#ed8b00", "#00a499", "#aeb7bd", "#003087")


@dataclass(frozen=True)
class Bar:
    """One row of an HTML bar list: the words, the number as shown, and the bar drawn to scale."""
    label: str
    value: str
    meter: Markup


@dataclass
class Chart:
    key: str
    title: str
    svg: Markup  # the drawing (empty for a bar list)
    alt: str
    headers: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    empty: bool = False  # nothing recorded: the page says so in words instead of an empty frame
    legend: list[tuple[str, Markup]] = field(default_factory=list)  # (series, its colour swatch)
    bars: list[Bar] = field(default_factory=list)  # a bar list instead of a drawing
    scale: str = ""  # what a bar list's full width means ("0 to 27")


def _swatch(colour: str) -> Markup:
    return Markup(f'<svg class="swatch" viewBox="0 0 10 10" width="14" height="14" aria-hidden="true" '
                  f'focusable="false"><rect width="10" height="10" fill="{colour}"/></svg>')


def monthly(key: str, title: str, months: list[str], series: dict[str, dict[str, float | int | None]], *,
            kind: str = "bar", stacked: bool = False, unit: str = "", max_series: int = 12,
            last: tuple[str, str] | None = None, x_label: Callable[[str], str] = month_label,
            per: str = "Month") -> Chart:
    """One chart of month-by-month series; with more than `max_series` groups, the smallest are
    added together as "Other" so the legend stays readable. `last` = (series, colour) keeps one
    series at the end (the top of a stack) in a colour of its own, e.g. referrals declined."""
    pinned = last[0] if last and last[0] in series else None
    # Largest first; ties by name, so the order (and colours) do not depend on the database's row order.
    names = sorted((s for s in series if s != pinned), key=lambda s: (-sum(v or 0 for v in series[s].values()), s))
    if len(names) > max_series - (pinned is not None):
        cut = max_series - 1 - (pinned is not None)
        keep, rest = names[:cut], names[cut:]
        other = {m: sum(series[s].get(m) or 0 for s in rest) for m in months}
        series = {**{s: series[s] for s in keep}, "Other": other, **({pinned: series[pinned]} if pinned else {})}  # type: ignore[dict-item]
        names = [*keep, "Other"]
    colours = PALETTE
    if pinned:
        names.append(pinned)
        colours = (*[c for c in PALETTE if c != last[1]][:len(names) - 1], last[1])  # type: ignore[assignment,index]
    labels = [x_label(m) for m in months]
    drawn = [(name, colours[i % len(colours)], [series[name].get(m) for m in months]) for i, name in enumerate(names)]
    alt = f"{title}, by {per.lower()} from {x_label(months[0])} to {x_label(months[-1])}." if months else title
    alt_title = alt
    if kind == "line":
        drawing = svg.lines(alt_title, labels, drawn, maximum=100 if unit == "%" else None)
    else:
        drawing = svg.bars(alt_title, labels, drawn, stacked=stacked, whole=_all_whole(series),
                           maximum=100 if unit == "%" else None)
    rows = [[x_label(m), *[_fmt(series[n].get(m)) for n in names]] for m in months]
    empty = not any(v for s in series.values() for v in s.values())
    legend = [(name, _swatch(colour)) for name, colour, _ in drawn] if len(drawn) > 1 else []
    return Chart(key, title, Markup(drawing), alt, [per, *names], rows, empty, legend)


def weekly(key: str, title: str, weeks: list[str], series: dict[str, dict[str, float | int | None]],
           **options: Any) -> Chart:
    """Week-by-week series keyed by the week's Monday ("2026-11-23"), labelled "23 Nov"."""
    return monthly(key, title, weeks, series, x_label=week_label, per="Week beginning", **options)


def week_label(monday: str) -> str:
    year, month, day = monday.split("-")
    return f"{int(day)} {month_label(f'{year}-{month}').split()[0]}"


def mix(key: str, title: str, counts: dict[str, int], *, kind: str) -> Chart:
    """A bar list, one row per category (outcome, THRIVE level, cluster...): the label, its bar
    (to the scale of the largest) and the count with its share, each in its own cell."""
    total = sum(counts.values())
    largest = max(counts.values(), default=0) or 1
    words = {c: label(kind, c) if kind else c for c in counts}
    bars = [Bar(words[c], f"{n} ({round(100 * n / total)}%)" if total else str(n),
                Markup(svg.meter(n / largest, PALETTE[0]))) for c, n in counts.items()]
    rows = [[words[c], n] for c, n in counts.items()]
    top = max(counts, key=counts.get) if total else None  # type: ignore[arg-type]
    alt = f"{title}: {total} in all" + (f"; most often {words[top]} ({counts[top]})." if top else ".")
    return Chart(key, title, Markup(""), alt, ["Category", "Count"], rows, total == 0, bars=bars)


def paired(key: str, title: str, categories: list[str], series: dict[str, dict[str, int]]) -> Chart:
    """Grouped bars for two or three series over the same categories (confidence before/after)."""
    drawn = [(name, PALETTE[i], [values.get(c, 0) for c in categories]) for i, (name, values) in enumerate(series.items())]
    alt = f"{title}, side by side for each score."
    drawing = svg.bars(alt, categories, drawn, stacked=False, whole=True)
    rows = [[c, *[series[n].get(c, 0) for n in series]] for c in categories]
    empty = not any(v for values in series.values() for v in values.values())
    legend = [(name, _swatch(colour)) for name, colour, _ in drawn]
    return Chart(key, title, Markup(drawing), alt, ["Score", *series], rows, empty, legend)


def before_after(key: str, title: str, *, before: float, after: float, maximum: int, pairs: int,
                 better: str) -> Chart:
    """Two bars, the mean score at assessment and at the end of intervention, drawn on the
    measure's whole scale (0 to its maximum) so a change looks as large as it is, no larger."""
    stages = ("At assessment", "At the end of intervention")
    bars = [Bar(stages[0], f"{before:.1f}", Markup(svg.meter(before / maximum, PALETTE[0]))),
            Bar(stages[1], f"{after:.1f}", Markup(svg.meter(after / maximum, PALETTE[1])))]
    alt = (f"{title}: mean {before:.1f} at assessment and {after:.1f} at the end of intervention, on a scale of 0 "
           f"to {maximum} where {better} is better, over {pairs} families with both scores.")
    rows = [[stages[0], f"{before:.1f}"], [stages[1], f"{after:.1f}"], ["Families with both scores", pairs]]
    return Chart(key, title, Markup(""), alt, ["", "Mean score"], rows, bars=bars,  # type: ignore[arg-type]
                 scale=f"Bars are drawn on the whole scale, 0 to {maximum}; {pairs} families with both scores.")


def _all_whole(series: dict[str, dict[str, float | int | None]]) -> bool:
    """Counts get a whole-number axis (0, 1, 2 ...): a fifth of a referral never arrives."""
    return all(isinstance(v, int) for s in series.values() for v in s.values() if v is not None)


def _fmt(value: float | None) -> float | str:
    return "" if value is None else value
