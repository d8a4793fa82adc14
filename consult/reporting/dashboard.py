"""What the dashboard and the annual statement show for a period: the figures from every
provider and the charts drawn from SQL series. One function, so both pages agree.

Consultation and referral figures and series arrive through the provider registries in
consult.reporting.figures; this module knows their names, never the consultations or referrals package.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from consult.profiles import active_profile
from consult.reporting import charts
from consult.reporting.figures import period_figures, period_series
from consult.reporting.labels import BOOKING_STATUSES, MEASURES, Measure, label
from consult.reporting.periods import Period

DECLINED = "Declined at triage"
DECLINED_COLOUR = "#d5281b"  # the palette's red, kept for declined referrals only


@dataclass(frozen=True)
class ScreeningRow:
    """One measure's paired change. Means are None when withheld (pairs under the threshold)."""
    measure: Measure
    pairs: int
    before: float | None
    after: float | None
    change: float | None

    @property
    def shown(self) -> bool:
        return self.change is not None

    @property
    def change_words(self) -> str:
        """"down 5.8 (better)": the direction in words, so nobody has to remember which way is good."""
        if self.change is None:
            return ""
        if round(self.change, 1) == 0:
            return "no change"
        if self.measure.lower_is_better is None:  # the tool's direction is not stated: the number only
            return f"{'down' if self.change < 0 else 'up'} {abs(self.change):.1f}"
        improved = (self.change < 0) == self.measure.lower_is_better
        return f"{'down' if self.change < 0 else 'up'} {abs(self.change):.1f} ({'better' if improved else 'worse'})"


@dataclass
class Dashboard:
    period: Period
    figures: dict[str, Any]
    charts: list[charts.Chart]
    screening: list[ScreeningRow] = field(default_factory=list)
    threshold: int = 5

    def chart(self, key: str) -> charts.Chart | None:  # type: ignore[name-defined]
        return next((c for c in self.charts if c.key == key), None)


def screening_rows(figures: dict[str, Any]) -> list[ScreeningRow]:
    """The measures the referral provider reported (none when referrals are not deployed)."""
    return [ScreeningRow(m, figures[f"{m.key}_pairs"], figures[f"{m.key}_before_mean"], figures[f"{m.key}_after_mean"],
                         figures[f"{m.key}_change"]) for m in MEASURES if f"{m.key}_pairs" in figures]


def _referral_charts(months: list[str], series: dict[str, Any], rows: list[ScreeningRow]) -> list[charts.Chart]:
    drawn = []
    if "referrals_by_source" in series:
        by_source = {label("organisation_type", s): v for s, v in series["referrals_by_source"].items()}
        drawn.append(charts.monthly("referrals", "Referrals received per month by source, declined at triage on top",
                                    months, {**by_source, DECLINED: series["referrals_declined"]}, stacked=True,
                                    last=(DECLINED, DECLINED_COLOUR)))
    for key, title in (("waits_median", "Median wait in working days, by the month the wait ended"),
                       ("waits_p90", "90th percentile wait in working days (9 in 10 families waited no longer)")):
        if series.get(key):  # months with fewer families than the threshold are already left out
            drawn.append(charts.monthly(key, title, months, series[key], kind="line", unit=" days"))
    for row in rows:
        # Never drawn from fewer pairs than the threshold (the figures withhold those means), nor for a
        # measure whose better direction is not stated (the table shows its numbers).
        if row.shown and row.measure.lower_is_better is not None:
            m = row.measure
            drawn.append(charts.before_after(f"screening_{m.key}", f"{m.name} ({m.about}): {m.better.lower()} is better",
                                             before=row.before, after=row.after, maximum=m.maximum, pairs=row.pairs,  # type: ignore[arg-type]
                                             better=m.better.lower()))
    return drawn


def _telephone_charts(period: Period, series: dict[str, Any], figures: dict[str, Any]) -> list[charts.Chart]:
    """Calls per week by what happened, and the median time to call back (the line's series);
    none in a period without calls (a service without the line, or before it opened)."""
    if "calls_by_week" not in series or not figures.get("calls_received"):
        return []
    weeks = period.weeks()
    calls = series["calls_by_week"]
    return [
        charts.weekly("calls", "Calls to the telephone line per week: answered, missed and while closed", weeks,
                      {"Answered": calls["answered"], "Missed": calls["missed"], "Line closed": calls["out_of_hours"]},
                      stacked=True),
        charts.weekly("callback_time", "Median working hours from a missed call to the call-back, by week of the call",
                      weeks, {"Median working hours": series["callback_hours_by_week"]}),
    ]


def build(*, db: Session, period: Period) -> Dashboard:
    figures = period_figures(db=db, period=period)
    months = period.months()
    # Every domain's month-by-month figures come only through the series its contract declares.
    series = period_series(db=db, period=period)
    targets = series["consultation_targets"]
    bookings = series.get("bookings_by_status", {})
    faq = series.get("faq_by_month", {"asked": {}, "unanswered": {}})
    confidence = series["consultation_confidence"]
    drawn = [
        charts.monthly("demand_district", "Consultations per month by district", months,
                       series["consultations_by_district"], stacked=True),
        charts.monthly("demand_role", "Consultations per month by practitioner role", months,
                       series["consultations_by_role"], stacked=True),
        charts.monthly("targets", "Acknowledged and advised within the time limit (%)", months, {
            "Acknowledged within target": targets["acknowledged"],
            "Advised within target": targets["advised"],
        }, kind="line", unit="%"),
        charts.monthly("median_hours", "Median working hours from request to advice", months,
                       {"Median working hours": series["consultation_median_hours"]}),
        charts.mix("outcomes", "Outcome (recommendation) of advised consultations", figures["by_outcome"], kind="outcome"),
        charts.mix("thrive", "THRIVE level", figures["by_thrive"], kind="thrive"),
        charts.paired("confidence", "Practitioners' confidence before and after advice (1 low, 5 high)",
                      [str(n) for n in range(1, 6)],
                      {"Before": confidence["before"], "After": confidence["after"]}),
        charts.monthly("faq", "FAQ questions asked and not answered", months,
                       {"Asked": faq["asked"],
                        "Not answered": faq["unanswered"]}),
        charts.monthly("bookings", "Triage bookings by what happened", months,
                       {BOOKING_STATUSES.get(s, s): v for s, v in bookings.items()}, stacked=True),
        charts.monthly("shortfall", "Days with no triage slot free within the time limit", months,
                       {"Days with a shortfall": series.get("shortfall_days", {})}),
    ]
    if any(figures["by_cluster"].values()):
        drawn.insert(6, charts.mix("clusters", "Cluster (where the four domains were scored)",
                                   {f"Cluster {k}": v for k, v in figures["by_cluster"].items()}, kind=""))
    rows = screening_rows(figures)
    drawn += _referral_charts(months, series, rows) + _telephone_charts(period, series, figures)
    return Dashboard(period, figures, drawn, rows, active_profile().reporting.small_count_threshold)
