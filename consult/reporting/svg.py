"""Small inline SVG drawings for the report charts: bars and lines over months, weeks or scores.

Written by hand instead of by a charting library because the page's Content-Security-Policy
(`style-src 'self'`) refuses <style> inside inline SVG, and because a library's SVG is mostly
style sheet: these use presentation attributes only (fill, stroke, font-size), so a twelve-month
stacked chart is a few kilobytes. Labels, the legend and the figures are HTML around the drawing
(consult/reporting/templates/reporting/_macros.html), where they wrap instead of being clipped.
Pure functions: numbers in, markup out.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from html import escape

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 44
FONT = 'font-family="system-ui, Arial, sans-serif" font-size="14" fill="#0b0c0c"'
GRID = "#d8dde0"


def nice_ticks(top: float, *, whole: bool) -> list[float]:
    """Four or five evenly spaced ticks from 0 to at least `top`, on round steps (1, 2, 5 x 10^n)."""
    if top <= 0:
        return [0, 1] if whole else [0, 1.0]
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if whole:
        step = max(1, math.ceil(step))
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 6) for i in range(count + 1)]


def _number(value: float) -> str:
    return f"{value:g}" if value < 10_000 else f"{value:,.0f}"


def _axis(ticks: list[float], scale: Callable[[float], float], width: int) -> list[str]:
    parts = []
    for t in ticks:
        y = scale(t)
        parts.append(f'<line x1="{LEFT}" x2="{width - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 5:.1f}" text-anchor="end" {FONT}>{_number(t)}</text>')
    return parts


def _x_labels(labels: Sequence[str], centre: Callable[[int], float], width: int) -> list[str]:
    """Every label when they fit, else every second or third (the table has them all)."""
    room = (width - LEFT - RIGHT) / max(1, len(labels))
    longest = max((len(lab) for lab in labels), default=1) * 8 + 6
    every = max(1, math.ceil(longest / room))
    out = []
    for i, lab in enumerate(labels):
        if i % every == 0:
            out.append(f'<text x="{centre(i):.1f}" y="{HEIGHT - BOTTOM + 20}" text-anchor="middle" {FONT}>'
                       f'{escape(lab)}</text>')
    return out


def _frame(title: str, body: list[str], width: int = WIDTH) -> str:
    return (f'<svg class="chart-svg" viewBox="0 0 {width} {HEIGHT}" width="{width}" height="{HEIGHT}" '
            f'role="img" aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg">{"".join(body)}</svg>')


def bars(title: str, labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[float | None]]], *,
         stacked: bool, whole: bool, maximum: float | None = None) -> str:
    """Vertical bars for each label, one colour per series (name, colour, values), stacked or side by side."""
    n = max(1, len(labels))
    totals = [sum((s[2][i] or 0) for s in series) for i in range(len(labels))]
    top = maximum if maximum is not None else max(
        [*(totals if stacked else [v or 0 for s in series for v in s[2]]), 0])
    ticks = nice_ticks(top, whole=whole)
    high = ticks[-1] or 1
    plot_h = HEIGHT - TOP - BOTTOM

    def scale(v: float) -> float:
        return TOP + plot_h * (1 - v / high)

    band = (WIDTH - LEFT - RIGHT) / n
    body = _axis(ticks, scale, WIDTH)
    bar_w = band * (0.7 if stacked else 0.8 / max(1, len(series)))
    base = [0.0] * len(labels)
    for k, (name, colour, values) in enumerate(series):
        rects = []
        for i, v in enumerate(values):
            if not v:
                continue
            bottom = base[i] if stacked else 0.0
            x = LEFT + band * i + (band * 0.15 if stacked else band * 0.1 + bar_w * k)
            y0, y1 = scale(bottom + v), scale(bottom)
            rects.append(f'<rect x="{x:.1f}" y="{y0:.1f}" width="{bar_w:.1f}" height="{max(y1 - y0, 0.5):.1f}"/>')
            if stacked:
                base[i] += v
        body.append(f'<g fill="{colour}"><title>{escape(name)}</title>{"".join(rects)}</g>')
    body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{scale(0):.1f}" y2="{scale(0):.1f}" stroke="#0b0c0c"/>')
    body += _x_labels(labels, lambda i: LEFT + band * (i + 0.5), WIDTH)
    return _frame(title, body)


def lines(title: str, labels: Sequence[str], series: Sequence[tuple[str, str, Sequence[float | None]]], *,
          maximum: float | None = None) -> str:
    """A line per series with a dot at each value; a missing value breaks the line."""
    values = [v for s in series for v in s[2] if v is not None]
    ticks = nice_ticks(maximum if maximum is not None else max([*values, 0]), whole=False)
    high = ticks[-1] or 1
    plot_h = HEIGHT - TOP - BOTTOM
    band = (WIDTH - LEFT - RIGHT) / max(1, len(labels))

    def scale(v: float) -> float:
        return TOP + plot_h * (1 - v / high)

    body = _axis(ticks, scale, WIDTH)
    for name, colour, points in series:
        runs: list[list[str]] = [[]]
        dots = []
        for i, v in enumerate(points):
            if v is None:
                runs.append([])
                continue
            x, y = LEFT + band * (i + 0.5), scale(v)
            runs[-1].append(f"{x:.1f},{y:.1f}")
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4"/>')
        paths = "".join(f'<polyline points="{" ".join(r)}" fill="none" stroke="{colour}" stroke-width="3"/>'
                        for r in runs if len(r) > 1)
        body.append(f'<g fill="{colour}"><title>{escape(name)}</title>{paths}{"".join(dots)}</g>')
    body.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{scale(0):.1f}" y2="{scale(0):.1f}" stroke="#0b0c0c"/>')
    body += _x_labels(labels, lambda i: LEFT + band * (i + 0.5), WIDTH)
    return _frame(title, body)


def meter(fraction: float, colour: str) -> str:
    """One horizontal bar filling `fraction` of its row, for the HTML bar lists (labels and numbers sit
    outside it, in the table, so a long label never squeezes the bar and a number never covers it)."""
    width = max(0.0, min(1.0, fraction)) * 100
    return (f'<svg class="bar-meter" viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" '
            f'focusable="false" xmlns="http://www.w3.org/2000/svg"><rect width="100" height="10" fill="#f0f4f5"/>'
            f'<rect width="{width:.2f}" height="10" fill="{colour}"/></svg>')
