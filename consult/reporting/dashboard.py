"""What the dashboard and the annual statement show for a period: the figures from every
provider and the charts drawn from SQL series. One function, so both pages agree."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from consult.reporting import activity, charts, queries
from consult.reporting.figures import period_figures
from consult.reporting.labels import BOOKING_STATUSES
from consult.reporting.periods import Period


@dataclass
class Dashboard:
    period: Period
    figures: dict
    charts: list[charts.Chart]

    def chart(self, key: str) -> charts.Chart | None:
        return next((c for c in self.charts if c.key == key), None)


def build(*, db: Session, period: Period) -> Dashboard:
    figures = period_figures(db=db, period=period)
    months = period.months()
    targets = queries.targets_by_month(db=db, period=period)
    bookings = activity.bookings_by_month(db=db, period=period)
    confidence = queries.confidence_distribution(db=db, period=period)
    drawn = [
        charts.monthly("demand_district", "Consultations per month by district", months,
                       queries.demand_by_month(db=db, period=period, by="district"), stacked=True),
        charts.monthly("demand_role", "Consultations per month by practitioner role", months,
                       queries.demand_by_month(db=db, period=period, by="role"), stacked=True),
        charts.monthly("targets", "Acknowledged and advised within the time limit (%)", months, {
            "Acknowledged within target": {m: v["acknowledged"] for m, v in targets.items()},
            "Advised within target": {m: v["advised"] for m, v in targets.items()},
        }, kind="line", unit="%"),
        charts.monthly("median_hours", "Median working hours from request to advice", months,
                       {"Median working hours": queries.median_hours_by_month(db=db, period=period)}),
        charts.mix("outcomes", "Outcome (recommendation) of advised consultations", figures["by_outcome"], kind="outcome"),
        charts.mix("thrive", "THRIVE level", figures["by_thrive"], kind="thrive"),
        charts.paired("confidence", "Practitioners' confidence before and after advice (1 low, 5 high)",
                      [str(n) for n in range(1, 6)],
                      {"Before": confidence["before"], "After": confidence["after"]}),
        charts.monthly("faq", "FAQ questions asked and not answered", months,
                       {"Asked": (faq := activity.faq_by_month(db=db, period=period))["asked"],
                        "Not answered": faq["unanswered"]}),
        charts.monthly("bookings", "Triage bookings by what happened", months,
                       {BOOKING_STATUSES.get(s, s): v for s, v in bookings.items()}, stacked=True),
        charts.monthly("shortfall", "Days with no triage slot free within the time limit", months,
                       {"Days with a shortfall": activity.shortfall_by_month(db=db, period=period)}),
    ]
    if any(figures["by_cluster"].values()):
        drawn.insert(6, charts.mix("clusters", "Cluster (where the four domains were scored)",
                                   {f"Cluster {k}": v for k, v in figures["by_cluster"].items()}, kind=""))
    return Dashboard(period, figures, drawn)
