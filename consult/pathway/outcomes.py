"""Outcome measures beyond MORS-SF, PHQ-9 and GAD-7 (City Birth Trauma Scale, Alarm Distress Baby
Scale, HADS anxiety and depression, PIOS, ASQ:SE-2 with its age interval) recorded as totals at the
same stages; their paired change;
and the pseudonymised record-level outcome dataset for the local authority's digital lead (§16.3).

The dataset names no family: each row is a keyed pseudonym of the reference (the same family gets
the same pseudonym in every export, so the digital lead can follow changes, but cannot go back to
the reference without the service's key), the district, the month received, THRIVE, cluster,
status and the scores. No NHS number, date of birth, postcode, referrer or free text.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from consult import clock
from consult.auth.models import Role, User
from consult.clock import LONDON
from consult.consultations.errors import InvalidInput, NotAllowed, WrongState
from consult.pathway.models import ASQSE2, ASQSE2_INTERVALS, MEASURES, SCORE_STAGES, OutcomeScore
from consult.privacy.audit import Action, record_event
from consult.privacy.crypto import blind_index
from consult.referrals.models import Referral, ReferralScore

CORE = (("mors_warmth", "mors_warmth"), ("mors_invasion", "mors_invasion"), ("phq9_total", "phq9_total"),
        ("phq9_item9", "phq9_item9"), ("gad7_total", "gad7_total"))


def _interval(given: dict[str, int], interval_months: int | None) -> int | None:
    """An ASQ:SE-2 total needs the age interval of its questionnaire; nothing else takes one."""
    field = "asqse2_interval_months"
    intervals = ", ".join(map(str, ASQSE2_INTERVALS))
    if ASQSE2 not in given:
        if interval_months is not None:
            raise InvalidInput(field, "give the age interval only with an ASQ:SE-2 total")
        return None
    if isinstance(interval_months, bool) or interval_months not in ASQSE2_INTERVALS:
        raise InvalidInput(field, f"give the ASQ:SE-2 questionnaire's age interval in months: one of {intervals}")
    return interval_months


def record(*, db: Session, referral: Referral, stage: str, scores: dict[str, int | None], clinician: User,
           asqse2_interval_months: int | None = None) -> list[OutcomeScore]:
    if not clinician.has_role(Role.clinician):
        raise NotAllowed("only clinicians record outcome measures")
    if stage not in SCORE_STAGES:
        raise InvalidInput("stage", f"must be one of: {', '.join(SCORE_STAGES)}")
    given = {m: v for m, v in scores.items() if v is not None}
    if not given:
        raise InvalidInput("scores", "give at least one score")
    for measure, total in given.items():
        if measure not in MEASURES:
            raise InvalidInput(f"scores.{measure}", f"unknown measure; use one of: {', '.join(MEASURES)}")
        label, low, high, _ = MEASURES[measure]
        if isinstance(total, bool) or not isinstance(total, int) or not low <= total <= high:
            raise InvalidInput(f"scores.{measure}", f"the {label} is a whole number from {low} to {high}")
    interval = _interval(given, asqse2_interval_months)
    taken = set(db.scalars(select(OutcomeScore.measure).where(
        OutcomeScore.referral_id == referral.id, OutcomeScore.stage == stage, OutcomeScore.measure.in_(given))))
    if taken:
        raise WrongState(f"{', '.join(sorted(taken))} at {stage.replace('_', ' ')} already recorded for {referral.reference}")
    rows = [OutcomeScore(referral_id=referral.id, stage=stage, measure=m, total=v, recorded_at=clock.now(),
                         recorded_by_id=clinician.id, age_interval_months=interval if m == ASQSE2 else None)
            for m, v in given.items()]
    db.add_all(rows)
    db.flush()  # the unique index turns a simultaneous second recording into an IntegrityError, not a duplicate
    record_event(db=db, actor=clinician, action=Action.update, record=referral.reference,
                 detail=f"outcome measures at {stage}: {', '.join(sorted(given))}")
    return rows


def for_referral(*, db: Session, referral: Referral) -> dict[str, dict[str, int]]:
    """{stage: {measure: total}}; an ASQ:SE-2 total comes with `asqse2_interval_months` beside it."""
    out: dict[str, dict[str, int]] = {}
    for row in db.scalars(select(OutcomeScore).where(OutcomeScore.referral_id == referral.id)):
        out.setdefault(row.stage, {})[row.measure] = row.total
        if row.age_interval_months is not None:
            out[row.stage][f"{row.measure}_interval_months"] = row.age_interval_months
    return out


def paired_change(*, db: Session, lo: datetime, hi: datetime, threshold: int) -> dict[str, int | float | None]:
    """Per measure, for referrals closed in [lo, hi): pairs (assessment and end of intervention),
    means at each and the mean change; means withheld (None) under the small-count threshold.
    ASQ:SE-2 pairs whatever the two age intervals: the generic specification reads a fall in the
    score as an improvement, regardless of the cut-off (the dataset keeps each interval)."""
    before, after = aliased(OutcomeScore), aliased(OutcomeScore)
    rows = db.execute(
        select(before.measure, func.count(), func.avg(before.total), func.avg(after.total),
               func.avg(after.total - before.total))
        .join(after, and_(after.referral_id == before.referral_id, after.measure == before.measure,
                          after.stage == "end_of_intervention"))
        .join(Referral, Referral.id == before.referral_id)
        .where(before.stage == "assessment", Referral.closed_at >= lo, Referral.closed_at < hi)
        .group_by(before.measure)).all()
    found: dict[str, tuple[Any, ...]] = {measure: (pairs, b, a, c) for measure, pairs, b, a, c in rows}  # type: ignore[misc]
    out: dict[str, int | float | None] = {}
    for measure in MEASURES:
        pairs, *means = found.get(measure, (0, None, None, None))
        out[f"{measure}_pairs"] = int(pairs)
        for suffix, value in zip(("before_mean", "after_mean", "change"), means, strict=False):
            out[f"{measure}_{suffix}"] = round(float(value), 2) if pairs >= threshold and value is not None else None
    return out


def pseudonym(reference: str) -> str:
    return "P-" + blind_index("outcome-dataset:" + reference)[:12]


def dataset(*, db: Session, actor: User) -> tuple[list[str], list[list[object]]]:
    """(header, rows): one row per referral with any score; audited as an export."""
    columns = ["pseudonym", "district", "received_month", "status", "thrive", "cluster"]
    stages = ("referral", "assessment", "end_of_intervention")
    measures = [name for name, _ in CORE] + list(MEASURES) + [f"{ASQSE2}_interval_months"]
    columns += [f"{stage}_{m}" for stage in stages for m in measures]
    extra: dict[int, dict[str, int]] = {}
    for referral_id, stage, measure, total, interval in db.execute(
            select(OutcomeScore.referral_id, OutcomeScore.stage, OutcomeScore.measure, OutcomeScore.total,
                   OutcomeScore.age_interval_months)):
        extra.setdefault(referral_id, {})[f"{stage}_{measure}"] = total
        if interval is not None:
            extra[referral_id][f"{stage}_{measure}_interval_months"] = interval
    core: dict[int, dict[str, int | None]] = {}
    for score in db.scalars(select(ReferralScore)):
        core.setdefault(score.referral_id, {}).update(
            {f"{score.stage}_{name}": getattr(score, column) for name, column in CORE})
    out: list[list[object]] = []
    for r in db.scalars(select(Referral).where(Referral.id.in_(set(extra) | set(core))).order_by(Referral.id)):
        values = {**core.get(r.id, {}), **extra.get(r.id, {})}
        out.append([pseudonym(r.reference), r.district, r.received_at.astimezone(LONDON).strftime("%Y-%m"), r.status,
                    r.thrive or "", r.cluster or ""] + [values.get(c, "") if values.get(c) is not None else ""
                                                        for c in columns[6:]])
    record_event(db=db, actor=actor, action=Action.export, record="referrals:outcome-dataset",
                 detail=f"pseudonymised outcome dataset, {len(out)} referrals")
    return columns, out


__all__ = ["MEASURES", "dataset", "for_referral", "paired_change", "record"]
