"""Builds the demo history as plain row dicts (see demo.py for how they are inserted).

Speed matters (100,000 rows in seconds), so the random, categorical part of each request (channel,
outcome, scores, feedback, how long it took) is drawn from a pool of pre-made case profiles that
follow the weights in demo_data; each row then only picks a profile, a practitioner, a clinician
and a receipt time, and adds working minutes to precomputed openings.
"""
from __future__ import annotations

import math
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from consult import clock
from consult.auth.models import User
from consult.clock import LONDON
from consult.consultations import demo_data as data
from consult.consultations.labels import CHANNELS
from consult.consultations.models import CALL_CHANNELS
from consult.profiles import Profile

SYSTEM = "PIMH Consult"
GROWTH = 1.4  # demand grows over the 18 months: CDF x**GROWTH
PROFILES = 2000
DOMAINS = ("severity", "relationship", "protection", "parent_mental_health")
THRIVE_CENTRE = {"thriving": 1, "getting_advice": 2, "getting_help": 3, "getting_more_help": 4,
                 "getting_risk_support": 5}


Row = dict[str, Any]  # one row for a bulk INSERT, or one case profile
Person = tuple[Any, ...]  # (user id, name, ...): a clinician, or a practitioner with their role and organisation


def _expand(pairs: Iterable[tuple[Any, ...]]) -> tuple[Any, ...]:
    """Weighted choices as a flat tuple, so picking one is a single rng.choice."""
    return tuple(item for pair in pairs for item in [pair[0]] * pair[-1])


def case_profiles(rng: random.Random, *, derive_cluster: Callable[[Row], int | None], summaries: int, advice: int,
                  day_minutes: int, upper_age_months: int, count: int = PROFILES) -> list[Row]:
    """The categorical half of a request, drawn once per profile from the demo weights."""
    channels = _expand(data.CHANNELS)
    contacts = _expand((("chat", 45), ("phone", 35), ("video", 10), ("email", 10)))
    recommendations, thrives = _expand(data.RECOMMENDATIONS), _expand(data.THRIVE)
    out = []
    for _ in range(count):
        channel = rng.choice(channels)
        call = channel in CALL_CHANNELS
        contact = {"phone": "phone", "video": "video", "in_person": "chat"}.get(channel) or rng.choice(contacts)
        antenatal = rng.random() < 0.12
        claim = 0 if call else rng.randrange(10, 360, 5)
        advise = 0 if call else min(max(claim + 20, int(rng.lognormvariate(math.log(8 * 60), 0.6))), 5 * day_minutes)
        thrive = rng.choice(thrives)
        scores = None
        if rng.random() < 0.35:
            scores = {d: max(1, min(6, THRIVE_CENTRE[thrive] + rng.choice((-1, 0, 0, 1)))) for d in DOMAINS}
        before = rng.choice(_expand(((1, 15), (2, 40), (3, 35), (4, 10))))
        after = min(5, before + rng.choice(_expand(((0, 25), (1, 50), (2, 25)))))
        out.append({
            "channel": channel, "call": call, "contact": contact, "antenatal": antenatal,
            "infant_age_months": None if antenatal else min(int(rng.expovariate(1 / 7)), upper_age_months - 1),
            "urgency": "urgent" if rng.random() < 0.09 else "routine", "consent": rng.random() < 0.95,
            "summary": rng.randrange(summaries), "advice": rng.randrange(advice),
            "own_district": rng.random() < 0.7, "withdrawn": not call and rng.random() < 0.02,
            "claim_minutes": claim, "advice_minutes": advise, "recommendation": rng.choice(recommendations),
            "thrive": thrive, "scores": scores, "cluster": derive_cluster(scores) if scores else None,
            "learning_needs": rng.choice(data.LEARNING_NEEDS) if rng.random() < 0.45 else None,
            "feedback": rng.random() < 0.45, "helpfulness": rng.choice(_expand(((2, 5), (3, 15), (4, 40), (5, 40)))),
            "before": before, "after": after, "feedback_hours": rng.randrange(2, 96),
            "closes": rng.random() < 0.9, "close_minutes": 5 if call else rng.randrange(60, 4320, 30),
            "window": rng.choice(data.CALLBACK_WINDOWS),
        })
    return out


@dataclass
class HistoryBuilder:
    rng: random.Random
    fast: Any  # demo.FastWorkingClock
    profile: Profile
    practitioners: list[User]
    clinicians: list[User]
    summaries: list[tuple[str, tuple[str, ...]]]  # (ciphertext, concern codes)
    advice: list[str]  # ciphertexts
    phone: str  # ciphertext
    derive_cluster: Callable[[Row], int | None]
    start_id: int
    counters: dict[tuple[str, int], int] = field(default_factory=dict)
    recent: bool = False  # build open requests from the last few days instead of history

    def __post_init__(self) -> None:
        self.now = clock.now()
        self.first_day = self.fast.days[0]
        self.span_days = (clock.today_local() - self.first_day).days
        limits = self.profile.time_limits
        self.allowed = self.fast.day_minutes * limits.advise_working_days
        self.due_soon = int(self.allowed * limits.due_soon_fraction)
        self.districts = _expand([(d, data.DISTRICT_WEIGHTS.get(d, 5)) for d in self.profile.districts])
        # Plain tuples: ORM attribute access per row costs more than building the row.
        self.people = [(u.id, u.name, u.email, u.job_role, u.organisation, u.organisation_type, u.district)
                       for u in self.practitioners]
        self.staff = [(u.id, u.name) for u in self.clinicians]
        self.cases = case_profiles(self.rng, derive_cluster=self.derive_cluster, summaries=len(self.summaries),
                                   advice=len(self.advice), day_minutes=self.fast.day_minutes,
                                   upper_age_months=self.profile.infant.upper_age_years * 12)

    def _received(self, k: int, total: int, call: bool) -> tuple[datetime, int, int]:
        """Receipt (UTC) and where its working clock starts (day index, minutes after opening)."""
        rng, fast = self.rng, self.fast
        position = ((k + rng.random()) / total) ** (1 / GROWTH)
        if self.recent:  # the last three days, so the queue has work in every state
            position = 1 - rng.random() * 3 / self.span_days
        day = self.first_day + timedelta(days=min(int(position * self.span_days), self.span_days))
        if call or rng.random() >= 0.08:
            i = fast.index.get(day)
            while i is None:
                day += timedelta(days=1)
                i = fast.index.get(day)
            offset = rng.randrange(0, fast.day_minutes - 15, 5)
            received = fast.add_at(i, offset, 0)
        else:  # evenings, early mornings and weekends happen on Slack and the web
            minute = rng.choice((7 * 60 + 30, 18 * 60, 19 * 60 + 45, 21 * 60))
            local = datetime(day.year, day.month, day.day, minute // 60, minute % 60, tzinfo=LONDON)
            received = local.astimezone(UTC)
            i, offset = fast.start_of(local)
        if received > self.now - timedelta(minutes=5):
            local = (self.now - timedelta(minutes=rng.randrange(5, 240, 5))).astimezone(LONDON).replace(second=0, microsecond=0)
            received = local.astimezone(UTC)
            i, offset = fast.start_of(local)
        return received, i, offset

    def _reference(self, year: int) -> str:
        key = ("PIMH", year)
        self.counters[key] = number = self.counters.get(key, 0) + 1
        return f"PIMH-{year}-{number:05d}"

    def _row(self, cid: int, k: int, total: int, out: dict[str, list[Row]]) -> None:
        rng, fast = self.rng, self.fast
        case = rng.choice(self.cases)
        call, channel = case["call"], case["channel"]
        who = rng.choice(self.people)
        clinician = rng.choice(self.staff)
        received, i, offset = self._received(k, total, call)
        local = received.astimezone(LONDON)
        summary, concerns = self.summaries[case["summary"]]
        phone_back = case["contact"] == "phone" and not call
        row = {
            "id": cid, "reference": self._reference(local.year), "channel": channel, "status": "acknowledged",
            "logged_call": call, "booking_reference": None,
            "practitioner_id": who[0], "practitioner_name": who[1], "practitioner_email": who[2],
            "practitioner_role": who[3], "organisation": who[4], "organisation_type": who[5],
            "practitioner_slack_id": None, "summary": summary,
            "district": who[6] if case["own_district"] and who[6] else rng.choice(self.districts),
            "infant_age_months": case["infant_age_months"], "antenatal": case["antenatal"],
            "urgency": case["urgency"], "preferred_contact": case["contact"],
            "callback_phone": self.phone if phone_back else None,
            "callback_window": case["window"] if phone_back else None, "consent_confirmed": case["consent"],
            "received_at": received, "received_on": local.date(), "received_month": f"{local:%Y-%m}",
            "acknowledged_at": received, "working_hours_to_acknowledge": 0.0, "acknowledged_within_target": True,
            "due_soon_at": fast.add_at(i, offset, self.due_soon), "respond_by": fast.add_at(i, offset, self.allowed),
            "offered_to_id": None if call else clinician[0], "offered_at": None if call else received,
            "claimed_by_id": None, "claimed_at": None, "advised_by_id": None, "advised_at": None, "advice": None,
            "working_hours_to_advice": None, "advised_within_target": None, "recommendation": None, "thrive": None,
            "score_severity": None, "score_relationship": None, "score_protection": None,
            "score_parent_mental_health": None, "cluster": None, "learning_needs": None,
            "closed_at": None, "closed_by_id": None, "closed_without_advice": False,
            "due_soon_escalated_at": None, "overdue_escalated_at": None, "feedback_prompted_at": None,
            "created_at": received,
        }
        out["consultations"].append(row)
        out["concerns"] += [{"consultation_id": cid, "code": c} for c in concerns]
        events = out["events"]
        # History skips the "acknowledged" line live requests have: it is always the receipt time.
        by = (CHANNELS.get(channel) or channel).lower()
        events.append(self._event(cid, received, "received", clinician if call else who, f"by {by}"))
        if case["withdrawn"]:
            row.update(status="withdrawn", closed_at=received + timedelta(hours=3))
            events.append(self._event(cid, row["closed_at"], "withdrawn", who, ""))
            return
        claimed_at = fast.add_at(i, offset, case["claim_minutes"])
        advised_at = fast.add_at(i, offset, case["advice_minutes"])
        if call:
            claimed_at = advised_at = received
        if claimed_at > self.now or (self.recent and rng.random() < 0.5):
            return
        row.update(status="claimed", claimed_by_id=clinician[0], claimed_at=claimed_at)
        events.append(self._event(cid, claimed_at, "claimed", clinician, ""))
        if advised_at > self.now or self.recent:
            return
        self._advised(row, case, clinician, advised_at, events)
        if case["feedback"] and advised_at + timedelta(days=1) < self.now:
            given = min(advised_at + timedelta(hours=case["feedback_hours"]), self.now)
            out["feedback"].append({"consultation_id": cid, "given_at": given, "helpfulness": case["helpfulness"],
                                    "confidence_before": case["before"], "confidence_after": case["after"],
                                    "confidence_change": case["after"] - case["before"], "comment": None})
            events.append(self._event(cid, given, "feedback", who, ""))
        closed_at = advised_at + timedelta(minutes=case["close_minutes"])
        if case["closes"] and closed_at <= self.now:
            row.update(status="closed", closed_at=closed_at, closed_by_id=clinician[0])
            events.append(self._event(cid, closed_at, "closed", clinician, ""))

    def _advised(self, row: Row, case: Row, clinician: Person, advised_at: datetime, events: list[Row]) -> None:
        scores = case["scores"] or {}
        row.update(
            status="advised", advised_by_id=clinician[0], advised_at=advised_at, advice=self.advice[case["advice"]],
            working_hours_to_advice=round(case["advice_minutes"] / 60, 2),
            advised_within_target=advised_at <= row["respond_by"], feedback_prompted_at=advised_at + timedelta(hours=1),
            recommendation=case["recommendation"], thrive=case["thrive"], learning_needs=case["learning_needs"],
            score_severity=scores.get("severity"), score_relationship=scores.get("relationship"),
            score_protection=scores.get("protection"), score_parent_mental_health=scores.get("parent_mental_health"),
            cluster=case["cluster"],
        )
        events.append(self._event(row["id"], advised_at, "call_logged" if case["call"] else "advised", clinician, ""))

    @staticmethod
    def _event(cid: int, at: datetime, kind: str, actor: Person | None, detail: str) -> Row:
        return {"consultation_id": cid, "at": at, "kind": kind, "actor_id": actor[0] if actor else None,
                "actor_name": actor[1] if actor else SYSTEM, "detail": detail}

    def build(self, size: int, done: int, total: int) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = {"consultations": [], "concerns": [], "events": [], "feedback": []}
        for k in range(done, done + size):
            self._row(self.start_id + k, k, total, out)
        return out
