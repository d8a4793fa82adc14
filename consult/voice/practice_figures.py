"""Report figures about practice that were recorded and reported nowhere: practitioners' learning
needs noted at advice, counted by the profile's themes, and interpreter use on referrals.

A learning need counts under the first theme whose words it contains (rules.theme_for), or
"other", in the period its advice was given. The theme is kept when the advice is recorded
(consult.voice.learning), so the count stays after the retention purge clears the words; a need
recorded by a process that did not load that listener is counted from its words, by the same
rule in SQL, until it is kept.
"""
from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select
from sqlalchemy.orm import QueryableAttribute, Session

from consult.clock import LONDON
from consult.consultations.models import Consultation
from consult.profiles import active_profile
from consult.referrals.models import Referral
from consult.voice.models import LearningNeedTheme


def _theme_case(column: QueryableAttribute[str | None], themes: dict[str, tuple[str, ...]]) -> ColumnElement[str]:
    """rules.theme_for in SQL: the first theme any of whose words the text contains, else "other"."""
    lowered = func.lower(column)
    whens = [(or_(*[lowered.contains(k, autoescape=True) for k in keywords]), literal(code))
             for code, keywords in themes.items()]
    return case(*whens, else_=literal("other")) if whens else literal("other")


def _not_yet_kept(db: Session, lo: datetime, hi: datetime, themes: dict[str, tuple[str, ...]]) -> dict[str, int]:
    theme = _theme_case(Consultation.learning_needs, themes).label("theme")
    kept = select(LearningNeedTheme.consultation_id)
    return dict(db.execute(select(theme, func.count()).where(
        Consultation.advised_at >= lo, Consultation.advised_at < hi, Consultation.learning_needs.is_not(None),
        func.trim(Consultation.learning_needs) != "", Consultation.id.not_in(kept)).group_by(theme)).all())


def practice_figures(*, db: Session, start: date, end: date) -> dict[str, Any]:
    lo, hi = (datetime.combine(d, time(0), LONDON) for d in (start, end))
    profile_themes = {code: t.keywords for code, t in active_profile().voice.learning_themes.items()}
    found = dict(db.execute(select(LearningNeedTheme.theme, func.count()).where(
        LearningNeedTheme.advised_at >= lo, LearningNeedTheme.advised_at < hi).group_by(LearningNeedTheme.theme)).all())
    for code, n in _not_yet_kept(db, lo, hi, profile_themes).items():
        found[code] = found.get(code, 0) + n
    codes = [*profile_themes, "other"]
    by_theme = {code: int(found.pop(code, 0)) for code in codes}
    by_theme.update({code: int(n) for code, n in sorted(found.items())})  # themes since taken out of the profile
    received = and_(Referral.received_on >= start, Referral.received_on < end)
    referrals, interpreter = db.execute(select(
        func.count(Referral.id), func.sum(case((Referral.interpreter_required.is_(True), 1), else_=0)),
    ).where(received)).one()
    return {
        "learning_needs_recorded": sum(by_theme.values()),
        "learning_needs_by_theme": by_theme,
        "referrals_interpreter_required": int(interpreter or 0),  # type: ignore[call-overload]
        "referrals_interpreter_required_pct": round(100 * int(interpreter or 0) / referrals, 1) if referrals else None,  # type: ignore[call-overload]
    }
