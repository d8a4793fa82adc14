"""Small builders shared by the workforce tests (real database, no mocks)."""
from __future__ import annotations

from datetime import datetime, timedelta

from consult.auth.models import Role
from consult.auth.service import add_user, create_token
from consult.clock import LONDON

DAY_ONE = datetime(2026, 12, 9, 9, 30, tzinfo=LONDON)


def course_body(capacity: int = 2, start: datetime = DAY_ONE, title: str = "Level 2 Attachment and Parent Infant Relationships") -> dict:
    day_two = start + timedelta(days=7)
    return {"title": title, "capacity": capacity, "sessions": [
        {"title": "Day 1: attachment", "start": start.isoformat(), "end": (start + timedelta(hours=7)).isoformat(),
         "venue": "Canterbury Family Hub, training room"},
        {"title": "Day 2: parent-infant relationships", "start": day_two.isoformat(),
         "end": (day_two + timedelta(hours=7)).isoformat(), "venue": "Canterbury Family Hub, training room"},
    ]}


def delegates(db, n: int, prefix: str = "delegate") -> list[tuple[int, dict]]:
    """n invented practitioners with tokens: [(user id, auth headers)]."""
    people = []
    for i in range(n):
        user = add_user(db=db, name=f"Test Delegate {prefix} {i}", email=f"{prefix}{i}@nhs.net", role=Role.practitioner,
                        job_role="Senior Family Hub practitioner", district="Dover")
        people.append((user.id, {"Authorization": f"Bearer {create_token(db=db, user=user)}"}))
    db.commit()
    return people
