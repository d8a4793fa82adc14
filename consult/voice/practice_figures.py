"""Report figures about practice that were recorded and reported nowhere: practitioners' learning
needs noted at advice, counted by the profile's themes, and interpreter use on referrals.

A learning need is free text (String, not encrypted: it names a topic, never a family); it counts
under the first theme whose words it contains, as rules.theme_for says, with the same CASE in SQL,
or under "other". It counts in the period the advice was given.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session

from consult.clock import LONDON
from consult.consultations.models import Consultation
from consult.profiles import active_profile
from consult.referrals.models import Referral


def _theme_case(column, themes: dict[str, tuple[str, ...]]):
    lowered = func.lower(column)
    whens = [(or_(*[lowered.contains(k, autoescape=True) for k in keywords]), literal(code))
             for code, keywords in themes.items()]
    return case(*whens, else_=literal("other")) if whens else literal("other")


def practice_figures(*, db: Session, start: date, end: date) -> dict:
    themes = {code: theme.keywords for code, theme in active_profile().voice.learning_themes.items()}
    lo, hi = (datetime.combine(d, time(0), LONDON) for d in (start, end))
    noted = and_(Consultation.advised_at >= lo, Consultation.advised_at < hi,
                 Consultation.learning_needs.is_not(None), func.trim(Consultation.learning_needs) != "")
    theme = _theme_case(Consultation.learning_needs, themes).label("theme")
    found = dict(db.execute(select(theme, func.count()).where(noted).group_by(theme)).all())
    by_theme = {code: int(found.get(code, 0)) for code in (*themes, "other")}
    received = and_(Referral.received_on >= start, Referral.received_on < end)
    referrals, interpreter = db.execute(select(
        func.count(Referral.id), func.sum(case((Referral.interpreter_required.is_(True), 1), else_=0)),
    ).where(received)).one()
    return {
        "learning_needs_recorded": sum(by_theme.values()),
        "learning_needs_by_theme": by_theme,
        "referrals_interpreter_required": int(interpreter or 0),
        "referrals_interpreter_required_pct": round(100 * int(interpreter or 0) / referrals, 1) if referrals else None,
    }
