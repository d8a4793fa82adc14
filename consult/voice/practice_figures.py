"""Report figures about practice that were recorded and reported nowhere: practitioners' learning
needs noted at advice, counted by the profile's themes, and interpreter use on referrals.

A learning need counts under the first theme whose words it contains (rules.theme_for), or
"other", in the period its advice was given. The theme is kept when the advice is recorded
(consult.voice.learning), so the count stays after the retention purge clears the words.
"""
from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from consult.clock import LONDON
from consult.profiles import active_profile
from consult.referrals.models import Referral
from consult.voice.models import LearningNeedTheme


def practice_figures(*, db: Session, start: date, end: date) -> dict:
    lo, hi = (datetime.combine(d, time(0), LONDON) for d in (start, end))
    found = dict(db.execute(select(LearningNeedTheme.theme, func.count()).where(
        LearningNeedTheme.advised_at >= lo, LearningNeedTheme.advised_at < hi).group_by(LearningNeedTheme.theme)).all())
    codes = [*active_profile().voice.learning_themes, "other"]
    by_theme = {code: int(found.pop(code, 0)) for code in codes}
    by_theme.update({code: int(n) for code, n in sorted(found.items())})  # themes since taken out of the profile
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
