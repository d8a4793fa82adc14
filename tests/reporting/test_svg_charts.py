"""consult/reporting/svg.py and charts.py: small inline drawings the page's CSP allows, to scale."""
from __future__ import annotations

import re

import pytest

from consult.reporting import charts, svg


@pytest.mark.parametrize(("top", "whole", "ticks"), [
    (3, True, [0, 1, 2, 3]), (7, True, [0, 2, 4, 6, 8]), (38, True, [0, 10, 20, 30, 40]),
    (100, False, [0, 25, 50, 75, 100]), (0.9, False, [0, 0.25, 0.5, 0.75, 1.0]), (0, True, [0, 1]),
])
def test_the_axis_has_a_few_round_ticks_covering_the_largest_value(top, whole, ticks):
    assert svg.nice_ticks(top, whole=whole) == ticks


def _heights(drawing: str, colour: str) -> list[float]:
    group = re.search(rf'<g fill="{colour}">(.*?)</g>', drawing).group(1)
    return [float(h) for h in re.findall(r'height="([0-9.]+)"', group)]


def test_stacked_bars_are_drawn_to_scale_with_presentation_attributes_only():
    drawing = svg.bars("Requests", ["Jan", "Feb"], [("Thanet", "#005eb8", [10, 20]), ("Dover", "#ffb81c", [10, None])],
                       stacked=True, whole=True)
    assert "<style" not in drawing and "style=" not in drawing and "<script" not in drawing
    thanet, dover = _heights(drawing, "#005eb8"), _heights(drawing, "#ffb81c")
    assert thanet[1] == pytest.approx(2 * thanet[0], rel=0.01) and dover == pytest.approx([thanet[0]], rel=0.01)
    assert "<title>Thanet</title>" in drawing and 'aria-label="Requests"' in drawing


def test_a_line_breaks_where_a_month_has_no_value():
    drawing = svg.lines("Waits", ["Jan", "Feb", "Mar", "Apr"], [("Median", "#005eb8", [3.0, 4.0, None, 5.0])])
    assert drawing.count("<polyline") == 1 and drawing.count("<circle") == 3


def test_an_outcome_mix_is_a_bar_list_with_words_and_counts_beside_the_bars():
    chart = charts.mix("outcomes", "Outcome", {"universal_targeted_offer": 30, "safeguarding_route": 10},
                       kind="outcome")
    assert [(b.label, b.value) for b in chart.bars] == [("Universal or targeted offer", "30 (75%)"),
                                                       ("Safeguarding route", "10 (25%)")]
    widths = [float(re.findall(r'<rect width="([0-9.]+)"', str(b.meter))[1]) for b in chart.bars]
    assert widths == [100.0, pytest.approx(33.33, abs=0.01)]  # to the scale of the largest


def test_a_monthly_chart_carries_an_html_legend_and_its_figures():
    chart = charts.monthly("demand", "Requests", ["2026-01", "2026-02"],
                           {"Thanet": {"2026-01": 2, "2026-02": 1}, "Dover": {"2026-01": 1}}, stacked=True)
    assert [name for name, _ in chart.legend] == ["Thanet", "Dover"]
    assert chart.rows == [["Jan 26", 2, 1], ["Feb 26", 1, ""]]
    assert str(chart.svg).startswith('<svg class="chart-svg"')
