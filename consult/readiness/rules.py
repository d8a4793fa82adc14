"""Referral-readiness rules: pure functions over a typed referral and the service profile.

Each check item looks at one part of the referral and returns its problems (the referral
cannot go as it is) and warnings (it can, but someone must act or triage must know). Codes
and field names are the public contract in api.md. Messages say what to do next in plain
words and never repeat what the practitioner typed: nothing identifying leaves this module.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import lru_cache

from nhs_number.validate import is_valid as nhs_number_passes_modulus_11

from consult.profiles import Profile
from consult.readiness.dates import birthday, months_between
from consult.readiness.results import CheckItem, Context, Outcome, finding
from consult.readiness.schemas import Finding, Referral
from consult.readiness.wording import (
    CONCERNS,
    SELF_REFERRAL_SOURCES,
    accepted_sources,
    districts_text,
    normalise_code,
    normalise_place,
    ordinal,
)

# Score ranges are properties of the published instruments, not of a commissioner's choice.
SCORE_RANGES: tuple[tuple[str, str, str, int], ...] = (
    ("mors_sf", "warmth", "MORS-SF warmth", 35),
    ("mors_sf", "invasion", "MORS-SF invasion", 35),
    ("phq9", "total", "PHQ-9 total", 27),
    ("phq9", "item9", "PHQ-9 item 9", 3),
    ("gad7", "total", "GAD-7 total", 21),
)
# A due date more than 42 weeks away cannot belong to a current pregnancy: most likely a typo.
LONGEST_PREGNANCY = timedelta(weeks=42)
_DASHES_AND_SPACES = re.compile(r"[\s\-\u2010-\u2015]+")
_TEN_DIGITS = re.compile(r"[0-9]{10}")
_WORD = re.compile(r"[^\W_]", re.UNICODE)


# --- consent -------------------------------------------------------------------------------
def check_consent(referral: Referral, ctx: Context) -> Outcome:
    if referral.consent.informed_consent_to_referral is True:
        return Outcome(note="The parent has given informed consent to the referral.")
    return Outcome(problems=(finding(
        "consent_missing", "consent.informed_consent_to_referral",
        "Ask the parent whether they agree to this referral, explain what the service does and "
        "what will be shared, and only send it once they have given informed consent.",
    ),))


def check_data_linkage(referral: Referral, ctx: Context) -> Outcome:
    if referral.consent.data_linkage_consent is True:
        return Outcome(note="The parent agrees to their details being linked for evaluation.")
    return Outcome(warnings=(finding(
        "data_linkage_consent_missing", "consent.data_linkage_consent",
        "The referral can go without it, but ask the parent whether they agree to their and their "
        "baby's NHS numbers being linked with other health records to evaluate the service. "
        "Record their answer either way; saying no does not affect the help they get.",
    ),))


# --- referrer ------------------------------------------------------------------------------
def check_referrer(referral: Referral, ctx: Context) -> Outcome:
    profile = ctx.profile
    code = normalise_code(referral.referrer.source)
    source = profile.referral_sources.get(code) if code else None
    if source is not None and source.enabled:
        return Outcome(note=f"{source.label} referrals are accepted.")
    who_can = accepted_sources(profile)
    if code in SELF_REFERRAL_SOURCES:
        return Outcome(problems=(finding(
            "self_referral", "referrer.source",
            "The service cannot take referrals from parents, relatives or friends. A professional "
            f"who works with the family ({who_can}) can refer with the parent's consent: suggest the "
            "family talk to their health visitor or Family Hub.",
        ),))
    if source is not None:
        message = (
            f"{source.label}: referrals from this service are not yet accepted. The service is opening to "
            f"referrers in phases and takes them today from {who_can}. Ask a colleague in one of "
            "those services to refer, or book a triage discussion to talk the case through."
        )
    elif code:
        message = (
            f"That referrer service is not one the service recognises. Choose the service you refer "
            f"from; referrals are accepted from {who_can}."
        )
    else:
        message = f"Say which service you are referring from; referrals are accepted from {who_can}."
    return Outcome(problems=(finding("referrer_source_not_accepted", "referrer.source", message),))


# --- NHS numbers ---------------------------------------------------------------------------
def nhs_number_problem(value: str | None, *, field_name: str, whose: str, required: bool, where: str) -> Finding | None:
    """None when the number is fine (or allowed to be absent); else the finding to show."""
    if value is None or not value.strip():
        if not required:
            return None
        return finding("nhs_number_missing", field_name, f"Add {whose} NHS number: {where}")
    digits = _DASHES_AND_SPACES.sub("", value)
    if not _TEN_DIGITS.fullmatch(digits):
        return finding("nhs_number_invalid", field_name,
                  f"{whose.capitalize()} NHS number should be 10 digits (spaces and hyphens are fine). "
                  "Copy it again from the health record.")
    if not nhs_number_passes_modulus_11(digits):
        return finding("nhs_number_invalid", field_name,
                  f"{whose.capitalize()} NHS number fails the check-digit test, so a digit is probably "
                  "wrong or two are swapped. Copy it again from the health record.")
    return None


def check_parent_nhs_number(referral: Referral, ctx: Context) -> Outcome:
    problem = nhs_number_problem(
        referral.parent.nhs_number, field_name="parent.nhs_number", whose="the parent's", required=True,
        where="every referral must carry it so records can be matched. It is on the GP record and "
              "most NHS letters.",
    )
    return Outcome(problems=(problem,)) if problem else Outcome(note="The parent's NHS number is complete and valid.")


def check_infant_nhs_number(referral: Referral, ctx: Context) -> Outcome:
    antenatal = is_antenatal(referral, ctx.as_of)
    problem = nhs_number_problem(
        referral.infant.nhs_number, field_name="infant.nhs_number", whose="the baby's", required=not antenatal,
        where="it is needed once the baby is born and is in the red book (personal child health record). "
              "If the baby is not born yet, give the expected due date instead.",
    )
    if problem:
        return Outcome(problems=(problem,))
    if antenatal and not referral.infant.nhs_number:
        return Outcome(note="Not needed yet: the baby is not born. Add it after the birth.")
    return Outcome(note="The baby's NHS number is complete and valid.")


# --- area ----------------------------------------------------------------------------------
@lru_cache(maxsize=16)
def _places(names: tuple[str, ...]) -> dict[str, str]:
    """Normalised spelling -> the profile's own spelling."""
    return {normalise_place(name): name for name in names}


def check_district(referral: Referral, ctx: Context) -> Outcome:
    profile = ctx.profile
    typed = normalise_place(referral.parent.district)
    district = _places(profile.districts).get(typed)
    if district:
        return Outcome(note=f"{district} is in {profile.area_name}.")
    covered = f"The service covers families living in {districts_text(profile)}."
    if not typed:
        message = f"Say which district the family lives in. {covered}"
    else:
        elsewhere = profile.contacts.out_of_area.get(_places(tuple(profile.contacts.out_of_area)).get(typed, ""))
        if elsewhere:
            message = f"{elsewhere} {covered}"
        else:
            message = (
                f"That district is not one this service covers. {covered} If the family lives elsewhere, "
                "their own area's health visiting or Family Hub service can say what is available locally."
            )
    return Outcome(problems=(finding("outside_area", "parent.district", message),))


# --- infant age ----------------------------------------------------------------------------
def is_antenatal(referral: Referral, as_of: date) -> bool:
    infant = referral.infant
    return infant.date_of_birth is None and infant.expected_due_date is not None and infant.expected_due_date >= as_of


def check_infant_age(referral: Referral, ctx: Context) -> Outcome:
    born, due = referral.infant.date_of_birth, referral.infant.expected_due_date
    years = ctx.profile.infant.upper_age_years
    limit = f"{ordinal(years)} birthday"
    if born is None and due is None:
        return Outcome(problems=(finding(
            "infant_age_unknown", "infant.date_of_birth",
            "Give the baby's date of birth or, in pregnancy, the expected due date: the service "
            f"supports families from pregnancy until the {limit}.",
        ),))
    if born is not None and born > ctx.as_of:
        return Outcome(problems=(finding(
            "infant_date_of_birth_in_future", "infant.date_of_birth",
            "The baby's date of birth is later than the date of this check. Check it; if the baby is not born yet, "
            "leave the date of birth empty and give the expected due date instead.",
        ),))
    if born is None and due >= ctx.as_of:  # type: ignore[operator]
        return Outcome(warnings=(_pregnancy_warning(due, ctx.as_of),))  # type: ignore[arg-type]
    start = born if born is not None else due
    if ctx.as_of >= birthday(start, years):  # type: ignore[arg-type]
        counted_from = "date of birth" if born is not None else "expected due date"
        return Outcome(problems=(finding(
            "infant_too_old", "infant.date_of_birth",
            f"From the {counted_from}, the child has reached their {limit}, and this service is for "
            f"babies until then. {ctx.profile.contacts.universal_offer} Book a triage discussion if you "
            "want to talk through where else to turn.",
        ),))
    if born is None:
        return Outcome(warnings=(finding(
            "expected_due_date_passed", "infant.expected_due_date",
            "The expected due date has passed. If the baby has been born, give the date of birth "
            "and the baby's NHS number instead.",
        ),))
    months = months_between(born, ctx.as_of)
    return Outcome(note=f"The baby is {months} month{'s' * (months != 1)} old; the service is for babies until their {limit}.")


def _pregnancy_warning(due: date, as_of: date) -> Finding:
    if due - as_of > LONGEST_PREGNANCY:
        return finding(
            "expected_due_date_unlikely", "infant.expected_due_date",
            "The expected due date is more than 42 weeks away. Check the year and the month.",
        )
    return finding(
        "antenatal", "infant.expected_due_date",
        "This is an antenatal referral: the baby's NHS number is not needed yet. Tell the service "
        "when the baby is born so the record can be updated with the date of birth and NHS number.",
    )


# --- what the referral is about --------------------------------------------------------------
def check_concerns(referral: Referral, ctx: Context) -> Outcome:
    given = [normalise_code(code) for code in referral.concerns or ()]
    known = [code for code in dict.fromkeys(given) if code in CONCERNS]
    unknown = len([code for code in given if code not in CONCERNS])
    warnings = ()
    if unknown:
        warnings = (finding(  # type: ignore[assignment]
            "concern_code_unknown", "concerns",
            f"{unknown} concern{' was' if unknown == 1 else 's were'} not recognised and left out. "
            "Choose from the listed concerns and describe anything else in the description.",
        ),)
    if not known:
        return Outcome(problems=(finding(
            "no_relationship_concern", "concerns",
            "Choose at least one concern about the relationship between parent and baby, for example that "
            "the parent feels they are not bonding with the baby or that the baby shows signs of distress. "
            "If the difficulty does not affect the relationship with the baby, the family's health visitor "
            "or GP is the better route.",
        ),), warnings=warnings)
    return Outcome(warnings=warnings, note=f"{len(known)} relationship concern{'s' * (len(known) != 1)} chosen.")


def count_words(text: str | None) -> int:
    return sum(1 for token in (text or "").split() if _WORD.search(token))


def check_description(referral: Referral, ctx: Context) -> Outcome:
    needed = ctx.profile.referral_check.description_min_words
    words = count_words(referral.description)
    if words >= needed:
        return Outcome(note=f"The description has {words} words.")
    return Outcome(problems=(finding(
        "description_insufficient", "description",
        f"Describe in at least {needed} words (so far {words}) how the relationship between parent and "
        "baby is affected: what you have seen between them, what the parent has told you, how long it "
        "has been going on and what has been tried. Triage decides on this description.",
    ),))


# --- safeguarding --------------------------------------------------------------------------
def check_safeguarding(referral: Referral, ctx: Context) -> Outcome:
    sg = referral.safeguarding
    route = ctx.profile.contacts.safeguarding
    problems: list[Finding] = []
    warnings: list[Finding] = []
    if sg.child_protection_investigation is True:
        problems.append(finding(
            "child_protection_investigation", "safeguarding.child_protection_investigation",
            "The service does not take referrals while a child protection investigation is under way "
            f"or planned. Work with the family's social worker through the safeguarding route: {route} "
            "You can still book a triage discussion to think the case through without naming the family.",
        ))
    if sg.concerns is True:
        if sg.procedures_followed is not True:
            problems.append(finding(
                "safeguarding_not_actioned", "safeguarding.procedures_followed",
                f"Act on the safeguarding concern before you refer. {route} Then confirm here that "
                "you have followed the procedures.",
            ))
        warnings.append(finding(
            "safeguarding_concern", "safeguarding.concerns",
            "There is a safeguarding concern: say in the description what has been done and who is "
            "involved (for example the safeguarding lead or social worker) so triage can plan safely.",
        ))
    note = "No safeguarding concerns or child protection investigation reported."
    return Outcome(problems=tuple(problems), warnings=tuple(warnings), note=note)


# --- screening -----------------------------------------------------------------------------
def check_screening(referral: Referral, ctx: Context) -> Outcome:
    problems: list[Finding] = []
    warnings: list[Finding] = []
    screening = referral.screening
    for tool, part, name, top in SCORE_RANGES:
        value = getattr(getattr(screening, tool), part)
        if value is not None and not 0 <= value <= top:
            problems.append(finding(
                "score_out_of_range", f"screening.{tool}.{part}",
                f"The {name} score must be between 0 and {top}. Check the score sheet and add it again, "
                "or leave it empty if the tool was not used.",
            ))
    phq9 = screening.phq9
    if phq9.item9 is not None and 1 <= phq9.item9 <= 3:
        warnings.append(finding(
            "self_harm_risk", "screening.phq9.item9",
            "The parent has reported thoughts of being better off dead or of hurting themselves "
            "(PHQ-9 question 9). Ask about these thoughts today, follow your organisation's risk "
            f"procedure and tell the parent's GP. {ctx.profile.contacts.emergency}",
        ))
    if phq9.item9 is not None and phq9.total is not None and 0 <= phq9.item9 <= 3 and 0 <= phq9.total <= 27 \
            and phq9.item9 > phq9.total:
        warnings.append(finding(
            "score_inconsistent", "screening.phq9.total",
            "The PHQ-9 total is lower than its question 9 score, which is part of the total. Check both.",
        ))
    used = any(getattr(getattr(screening, tool), part) is not None for tool, part, _n, _t in SCORE_RANGES)
    note = "Scores are within their ranges." if used else "No scores given; triage may ask for them."
    return Outcome(problems=tuple(problems), warnings=tuple(warnings), note=note)


# --- interpreter ---------------------------------------------------------------------------
def check_interpreter(referral: Referral, ctx: Context) -> Outcome:
    parent = referral.parent
    if parent.interpreter_required is not True:
        return Outcome(note="No interpreter needed.")
    which = "" if (parent.language or "").strip() else " Add the language (or British Sign Language)."
    return Outcome(warnings=(finding(
        "interpreter_required", "parent.interpreter_required",
        "The parent needs an interpreter: the service will book a professional one for every "
        f"contact, so do not rely on family members to interpret.{which}",
    ),))


Check = Callable[[Referral, Context], Outcome]
# Order is the order of the checklist and of the findings.
CHECKS: tuple[tuple[str, str, Check], ...] = (
    ("referrer", "Who is referring", check_referrer),
    ("consent", "Parent's informed consent", check_consent),
    ("data_linkage", "Consent to data linkage", check_data_linkage),
    ("parent_nhs_number", "Parent's NHS number", check_parent_nhs_number),
    ("district", "Lives in the area", check_district),
    ("interpreter", "Interpreter", check_interpreter),
    ("infant_age", "Baby's age", check_infant_age),
    ("infant_nhs_number", "Baby's NHS number", check_infant_nhs_number),
    ("concerns", "Relationship concerns", check_concerns),
    ("description", "Description of the relationship", check_description),
    ("safeguarding", "Safeguarding", check_safeguarding),
    ("screening", "Screening scores", check_screening),
)


def check_items(referral: Referral, *, profile: Profile, as_of: date) -> tuple[CheckItem, ...]:
    ctx = Context(profile=profile, as_of=as_of)
    return tuple(CheckItem(key, title, run(referral, ctx)) for key, title, run in CHECKS)
