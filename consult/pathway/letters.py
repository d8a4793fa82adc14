"""Letters as documents: the end-of-contact letter, or the not-eligible guidance, rendered as a PDF
from one template, addressed to the referrer, the family's GP practice or the family.

Each copy shows only what its addressee may see: the referrer the reference and the masked NHS
number they already see on their referral; the GP practice the parent's and infant's NHS numbers
and dates of birth, which it needs to file the letter in the right record; the family the reference
only (it is their own letter). Who may download which copy is decided here: clinicians any copy,
the referring practitioner their own copy, anyone else "not found". Every download is audited.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from sqlalchemy.orm import Session

from consult import clock, formatting
from consult.auth.models import Role, User
from consult.consultations.errors import WrongState
from consult.pathway.models import ReferralPathway
from consult.privacy.audit import Action, record_event
from consult.profiles import Profile
from consult.referrals import rules
from consult.referrals.errors import ReferralNotFound
from consult.referrals.guidance import Section, not_eligible_guidance
from consult.referrals.models import Referral

ADDRESSEES = ("referrer", "gp", "family")


@dataclass(frozen=True)
class Letter:
    addressee: str
    to_lines: list[str]
    salutation: str
    title: str
    identifiers: list[tuple[str, str]]  # (label, value) shown under the title
    sections: list[Section] = field(default_factory=list)


def may_download(referral: Referral, viewer: User, addressee: str) -> bool:
    if viewer.has_role(Role.clinician):
        return True
    return referral.referrer_id == viewer.id and addressee == "referrer"


def _sections(referral: Referral, profile: Profile) -> tuple[str, list[Section]]:
    if referral.status == "closed" and referral.end_of_contact_letter:
        return "End of contact", [Section("", referral.end_of_contact_letter)]
    if referral.status == "not_eligible":
        return "Outcome of the referral: not eligible", not_eligible_guidance(referral, profile)
    raise WrongState(f"{referral.reference} has no letter yet: it is written when the referral is closed "
                     "or found not eligible")


def compose(*, referral: Referral, addressee: str, gp_practice: str | None, profile: Profile) -> Letter:
    """The letter's words for one addressee (pure: no database, no rendering)."""
    title, sections = _sections(referral, profile)
    reference = ("Our reference", referral.reference)
    if addressee == "referrer":
        to = [referral.referrer_name or "The referring practitioner", referral.referrer_organisation or ""]
        masked = rules.mask_nhs(referral.parent_nhs_number)
        ids = [reference] + ([("Parent's NHS number", masked)] if masked else [])
        salutation = f"Dear {referral.referrer_name}" if referral.referrer_name else "Dear colleague"
    elif addressee == "gp":
        if not gp_practice:
            raise WrongState(f"{referral.reference} has no GP practice recorded, so the GP copy cannot be addressed")
        to = ["The GP", gp_practice]
        ids = [reference, ("Parent's NHS number", rules.format_nhs(referral.parent_nhs_number) or "not held"),
               ("Parent's date of birth", referral.parent_date_of_birth or "not held")]
        if referral.infant_nhs_number:
            ids.append(("Infant's NHS number", rules.format_nhs(referral.infant_nhs_number) or ""))
        if referral.infant_date_of_birth:
            ids.append(("Infant's date of birth", referral.infant_date_of_birth))
        salutation = "Dear Doctor"
    else:
        to = ["The parent or carer"]
        ids = [reference]
        salutation = "Dear parent or carer"
    return Letter(addressee, [line for line in to if line], salutation, title, ids, sections)


# A letter is a document, not a page: its own small Jinja environment (autoescaped), so the domain
# needs nothing of the web shell.
_LETTERS = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=True)
_LETTERS.filters["day"] = formatting.long_date  # the letters' own environment: the same words for dates as the pages


def render_pdf(letter: Letter, *, profile: Profile, today: date) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment and most requests never need it

    html = _LETTERS.get_template("pathway/letter.html").render(letter=letter, profile=profile, today=today)
    pdf: bytes = HTML(string=html).write_pdf()  # weasyprint has no type hints
    return pdf


def letter_pdf(*, db: Session, referral: Referral, viewer: User, addressee: str, profile: Profile) -> bytes:
    """The PDF for `addressee`, audited; ReferralNotFound for anyone who may not have this copy."""
    if addressee not in ADDRESSEES or not may_download(referral, viewer, addressee):
        raise ReferralNotFound(referral.reference)
    row = db.get(ReferralPathway, referral.id)
    letter = compose(referral=referral, addressee=addressee, gp_practice=row.gp_practice if row else None,
                     profile=profile)
    record_event(db=db, actor=viewer, action=Action.export, record=referral.reference,
                 detail=f"letter PDF downloaded: {addressee} copy")
    return render_pdf(letter, profile=profile, today=clock.today_local())


def set_gp_practice(*, db: Session, referral: Referral, practice: str, actor: User) -> None:
    from consult.pathway.caseload import pathway_row

    pathway_row(db=db, referral=referral).gp_practice = practice.strip()[:200] or None
    record_event(db=db, actor=actor, action=Action.update, record=referral.reference, detail="GP practice recorded")
    db.flush()
