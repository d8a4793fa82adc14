"""The one-off "about you" modal that completes a practitioner's details."""
from __future__ import annotations

from typing import Any

from bot.views import modal, section, select, text_input
from consult.auth.models import User
from consult.profiles import Profile

CALLBACK = "pimh_about_you"


def about_you_modal(profile: Profile, user: User, *, then: str | None = None, carry: dict[str, Any] | None = None) -> dict[str, Any]:
    sources = [(code, source.label) for code, source in profile.referral_sources.items()]
    sources.append(("other", "Another service"))
    districts = [(d, d) for d in profile.districts] + [("outside_area", f"Outside {profile.area_name}")]
    blocks = [
        section(f"Before we start, {user.name.split()[0]}: a few details about your work. "
                "I ask only once; they go on every request you make so the team knows who is asking."),
        text_input("job_role", "Your role", initial=user.job_role, max_length=120, placeholder="e.g. Health visitor"),
        text_input("organisation", "Your organisation", initial=user.organisation, max_length=200),
        select("organisation_type", "Which service you work in", sources, initial=user.organisation_type),
        select("district", "The district you mostly work in", districts, initial=user.district),
    ]
    return modal(CALLBACK, "About you", blocks, submit="Save", metadata={"then": then, "carry": carry or {}})
