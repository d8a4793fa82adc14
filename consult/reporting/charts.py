"""Server-rendered SVG charts (pygal) for the dashboard and the annual statement.

Each chart is returned as a data: URI for an <img>: the page's Content-Security-Policy allows
`img-src 'self' data:`, an SVG shown as an image never runs script, and pygal's inline config
script is stripped anyway. Each chart carries its figures as a table too, so a screen reader
(or a printout in black and white) loses nothing.
"""
from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pygal
from pygal.style import Style

from consult.reporting.labels import label
from consult.reporting.periods import month_label

# High-contrast palette that stays distinguishable in greyscale print (NHS blue first).
PALETTE = ("#005eb8", "#ffb81c", "#007f3b", "#d5281b", "#330072", "#41b6e6", "#7c2855", "#425563",
           "#ed8b00", "#00a499", "#aeb7bd", "#003087")
_STYLE = dict(
    background="#ffffff", plot_background="#ffffff", foreground="#0b0c0c", foreground_strong="#0b0c0c",
    foreground_subtle="#d8dde0", opacity=".95", opacity_hover="1",
    font_family="system-ui, Arial, sans-serif", label_font_size=15, major_label_font_size=15,
    legend_font_size=15, title_font_size=16, value_font_size=14, tooltip_font_size=12,
)
STYLE = Style(colors=PALETTE, **_STYLE)
LEGEND_COLUMNS = 3
_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL)


@dataclass
class Chart:
    key: str
    title: str
    src: str  # data:image/svg+xml;base64,...
    alt: str
    headers: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)
    empty: bool = False  # nothing recorded: the page says so in words instead of an empty frame


def _options(**extra) -> dict:
    return {**dict(style=STYLE, disable_xml_declaration=True, js=[], width=900, height=380, legend_at_bottom=True,
                   legend_at_bottom_columns=LEGEND_COLUMNS, legend_box_size=18, print_values=False, margin=14,
                   margin_bottom=40, truncate_legend=34,
                   truncate_label=-1), **extra}


def _legend_height(entries: int) -> int:
    """Room for the legend below the plot (with margin_bottom: pygal places the last legend row
    partly outside its own height when fonts are larger than its default)."""
    return 36 * -(-entries // LEGEND_COLUMNS)


def _uri(chart) -> str:
    svg = _SCRIPT.sub("", chart.render(is_unicode=True))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


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
    cls = {"bar": pygal.StackedBar if stacked else pygal.Bar, "line": pygal.Line}[kind]
    chart = cls(**_options(x_label_rotation=0 if len(months) <= 13 else 40, range=(0, 100) if unit == "%" else None,
                           height=360 + _legend_height(len(names)), show_legend=len(names) > 1,
                           style=STYLE if colours is PALETTE else Style(colors=colours, **_STYLE),
                           **_whole_numbers(series, months, stacked)))
    chart.x_labels = [x_label(m) for m in months]
    for name in names:
        chart.add(name, [series[name].get(m) for m in months])
    rows = [[x_label(m), *[_fmt(series[n].get(m)) for n in names]] for m in months]
    alt = f"{title}, by {per.lower()} from {x_label(months[0])} to {x_label(months[-1])}." if months else title
    empty = not any(v for s in series.values() for v in s.values())
    return Chart(key, title, _uri(chart), alt, [per, *names], rows, empty)


def weekly(key: str, title: str, weeks: list[str], series: dict[str, dict[str, float | int | None]], **options) -> Chart:
    """Week-by-week series keyed by the week's Monday ("2026-11-23"), labelled "23 Nov"."""
    return monthly(key, title, weeks, series, x_label=week_label, per="Week beginning", **options)


def week_label(monday: str) -> str:
    year, month, day = monday.split("-")
    return f"{int(day)} {month_label(f'{year}-{month}').split()[0]}"


def mix(key: str, title: str, counts: dict[str, int], *, kind: str) -> Chart:
    """A horizontal bar per category (outcome, THRIVE level, cluster...)."""
    # The counts are printed on the bars, so the value axis would only crowd the chart.
    chart = pygal.HorizontalBar(**_options(show_legend=False, print_values=True, width=600, show_x_labels=False,
                                           height=90 + 44 * max(1, len(counts))))
    chart.x_labels = [label(kind, c) if kind else c for c in counts]
    chart.add(title, list(counts.values()))
    total = sum(counts.values())
    rows = [[label(kind, c) if kind else c, n] for c, n in counts.items()]
    top = max(counts, key=counts.get) if total else None  # type: ignore[arg-type]
    alt = f"{title}: {total} in all" + (f"; most often {label(kind, top) if kind else top} ({counts[top]})." if top else ".")
    return Chart(key, title, _uri(chart), alt, ["Category", "Count"], rows, total == 0)


def paired(key: str, title: str, categories: list[str], series: dict[str, dict[str, int]]) -> Chart:
    """Grouped bars for two or three series over the same categories (confidence before/after)."""
    chart = pygal.Bar(**_options(width=600, height=340 + _legend_height(len(series))))
    chart.x_labels = categories
    for name, values in series.items():
        chart.add(name, [values.get(c, 0) for c in categories])
    rows = [[c, *[series[n].get(c, 0) for n in series]] for c in categories]
    empty = not any(v for values in series.values() for v in values.values())
    return Chart(key, title, _uri(chart), f"{title}, side by side for each score.", ["Score", *series], rows, empty)


def before_after(key: str, title: str, *, before: float, after: float, maximum: int, pairs: int,
                 better: str) -> Chart:
    """Two bars, the mean score at assessment (above) and at the end of intervention, drawn on the
    measure's whole scale (0 to its maximum) so a change looks as large as it is, no larger. Each
    stage is its own series so each gets its colour and a value printed in a colour it can be
    read against. (pygal counts the other stage's empty slot as zero; print_zeroes=False, which
    compares the printed text with "0", keeps it from printing there, at the cost of a true mean
    of 0 being read from the figures table instead.)"""
    stages = ("At assessment", "At the end")
    chart = pygal.HorizontalStackedBar(**_options(
        # explicit_size: printed at its own 600 x 200, not stretched across the page (print CSS width: auto).
        width=600, height=200, explicit_size=True, margin_bottom=14, show_legend=False, range=(0, maximum),
        y_labels=[{"label": str(n), "value": n} for n in range(0, maximum + 1, 5 if maximum <= 60 else 60)],
        print_values=True, print_zeroes=False, value_formatter=lambda v: f"{v:.1f}" if v else "0",
        style=Style(colors=PALETTE[:2], value_colors=("#ffffff", "#0b0c0c"), **_STYLE)))
    chart.x_labels = stages[::-1]  # pygal draws the first label at the bottom
    chart.add(stages[0], [None, before])
    chart.add(stages[1], [after, None])
    alt = (f"{title}: mean {before:.1f} at assessment and {after:.1f} at the end of intervention, on a scale of 0 "
           f"to {maximum} where {better} is better, over {pairs} families with both scores.")
    rows = [[stages[0], f"{before:.1f}"], ["At the end of intervention", f"{after:.1f}"],
            ["Families with both scores", pairs]]
    return Chart(key, title, _uri(chart), alt, ["", "Mean score"], rows)  # type: ignore[arg-type]


def _whole_numbers(series: dict[str, dict[str, float | int | None]], months: list[str], stacked: bool) -> dict:
    """A count axis marked 0, 1, 2 ... when counts are small: pygal would otherwise mark 0.2, 0.4 ...
    as if a fifth of a referral could arrive."""
    values = [v for s in series.values() for v in s.values() if v is not None]
    if not values or not all(isinstance(v, int) for v in values):
        return {}
    top = max((sum(s.get(m) or 0 for s in series.values()) for m in months), default=0) if stacked else max(values)
    return {"y_labels": list(range(0, top + 1))} if 0 < top <= 10 else {}  # type: ignore[arg-type]


def _fmt(value):
    return "" if value is None else value
