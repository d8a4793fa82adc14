"""`pimh chat`: the bot's conversation in the terminal, no Slack needed.

The same services and the same words as in Slack (bot.conversation for questions, the
consultation, booking and readiness services for the rest); only the transport differs. The
terminal is treated as the web channel for consultations: it is a local stand-in for it.
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from bot.conversation import reply_to
from bot.people import DETAILS, needs_details, save_details
from bot.replies import HELP, hours_lines, when
from bot.views.consultations import CONCERN_LABELS, CONTACT_LABELS
from consult import clock
from consult.auth.models import Role, User
from consult.auth.service import add_user, find_user_by_email
from consult.db import session_scope
from consult.profiles import active_profile

Ask = Callable[[str], str]
Say = Callable[[str], None]
_PROMPTS = {"job_role": "Your role (e.g. Health visitor)", "organisation": "Your organisation",
            "organisation_type": "Your service", "district": "The district you mostly work in"}


class Chat:
    def __init__(self, ask: Ask = input, say: Say = print) -> None:
        self.ask, self.say = ask, say
        self.user_id: int | None = None
        self.last_question = ""

    # -- the loop -------------------------------------------------------------------------------
    def run(self) -> None:
        profile = active_profile()
        self.say(f"{profile.service_short_name} chat. Ask a question, or type one of: "
                 "consult, book, check, training, status, hours, help, quit.")
        while True:
            try:
                text = self.ask("> ").strip()
            except (EOFError, KeyboardInterrupt):
                self.say("")
                return
            if text.lower() in ("quit", "exit", "bye"):
                self.say("Goodbye.")
                return
            if text:
                self.handle(text)

    def handle(self, text: str) -> None:
        verb = text.lower().removeprefix("/pimh ").strip()
        action = {"help": self.help, "hours": self.hours, "consult": self.consult, "book": self.book,
                  "check": self.check, "status": self.status, "training": self.training}.get(verb)
        action() if action else self.question(text)

    def help(self) -> None:
        for usage, what in HELP:
            self.say(f"  {usage.removeprefix('/pimh ')}: {what}")

    def hours(self) -> None:
        with session_scope() as db:
            for line in hours_lines(db):
                self.say(line)

    # -- questions ------------------------------------------------------------------------------
    def question(self, text: str) -> None:
        with session_scope() as db:
            user = db.get(User, self.user_id) if self.user_id else None
            reply = reply_to(db=db, text=text, user=user, channel="terminal chat", log_as="chat")
        for line in reply.lines:
            self.say(line)
        if reply.answered:
            self.say(f"\n{reply.title}\n{reply.answer}\n(From the service's FAQ.)")
        elif not reply.risk:
            self.last_question = reply.question
            if reply.offered:
                self.say(f"Did you mean: {reply.suggestions[0].title} (the closest answer the FAQ has; I'm not sure)")
            self.say("I'm not confident I know the answer to that. Type `consult` to ask a clinician; "
                     "I'll carry your question over.")
            if reply.closed_note:
                self.say(reply.closed_note)

    # -- who is talking -------------------------------------------------------------------------
    def _me(self, db: Session) -> User:
        user = db.get(User, self.user_id) if self.user_id else None
        while user is None:
            email = self.ask("Your work email: ").strip().lower()
            user = find_user_by_email(db=db, email=email) if email else None
            if user is None and email:
                user = add_user(db=db, name=self.ask("Your name: ").strip() or email, email=email, role=Role.practitioner)
        if needs_details(user):
            profile = active_profile()
            self.say(f"Districts: {', '.join(profile.districts)}. Services: {', '.join(profile.referral_sources)}.")
            save_details(db=db, user=user, details={f: self.ask(f"{_PROMPTS[f]}: ") for f in DETAILS})
        self.user_id = user.id
        return user

    def _choose(self, prompt: str, options: list[tuple[str, str]], default: str | None = None) -> str:
        for i, (_, label) in enumerate(options, 1):
            self.say(f"  {i}. {label}")
        picked = self.ask(f"{prompt}{f' [{default}]' if default else ''}: ").strip()
        if not picked and default:
            return default
        if picked.isdigit() and 1 <= int(picked) <= len(options):
            return options[int(picked) - 1][0]
        return picked

    def _yes(self, prompt: str) -> bool:
        return self.ask(f"{prompt} (y/n): ").strip().lower().startswith("y")

    # -- a consultation -------------------------------------------------------------------------
    def consult(self) -> None:
        from consult.consultations.commands import ConsultationRequest
        from consult.consultations.errors import ConsultationError
        from consult.consultations.service import create_consultation

        profile = active_profile()
        try:
            with session_scope() as db:
                user = self._me(db)
                self.say("Describe the situation without naming the family (no names, NHS numbers or dates of birth).")
                summary = self.ask(f"What would you like advice on?{' [your question]' if self.last_question else ''}: ").strip()
                picked = self.ask("Concerns (numbers, comma-separated; "
                                  + "; ".join(f"{i}. {label}" for i, label in enumerate(CONCERN_LABELS.values(), 1)) + "): ")
                codes = list(CONCERN_LABELS)
                concerns = [codes[int(n) - 1] for n in picked.replace(" ", "").split(",") if n.isdigit() and 0 < int(n) <= len(codes)]
                age = self.ask("Baby's age in months (empty during pregnancy): ").strip()
                contact = self._choose("How should the clinician contact you", list(CONTACT_LABELS.items()), "chat")
                phone = self.ask("Your call-back number: ").strip() if contact == "phone" else None
                request = ConsultationRequest(
                    channel="web", summary=summary or self.last_question,
                    district=self._choose("District where the family lives", [(d, d) for d in profile.districts], user.district),
                    concerns=tuple(concerns), infant_age_months=int(age) if age.isdigit() else None, antenatal=not age,
                    urgency="urgent" if self._yes("Is it urgent?") else "routine", preferred_contact=contact,
                    callback_phone=phone, consent_confirmed=self._yes("Does the parent know you are seeking advice and agree?"),
                )
                c = create_consultation(db=db, practitioner=user, request=request)
                reference, respond_by = c.reference, c.respond_by
        except ConsultationError as exc:
            # The message alone: the practitioner reads words, not the field's code name.
            self.say(f"That was not sent: {exc.message}")
            return
        self.last_question = ""
        self.say(f"Thank you: your request is {reference}. A clinician will respond by {when(respond_by)}.")

    # -- booking --------------------------------------------------------------------------------
    def book(self) -> None:
        from booking.commands import BookingRequest, PractitionerDetails
        from booking.present import METHOD_LABELS, how
        from booking.present import when as booking_when
        from booking.service import BookingError, book, list_free_slots
        from bot.views.booking import SHOWN, slot_label

        profile = active_profile()
        with session_scope() as db:
            user = self._me(db)
            slots = list_free_slots(db=db, profile=profile, start=clock.today_local(), days=profile.booking.horizon_days)[:SHOWN]
            if not slots:
                self.say("There are no free triage times in the next few weeks; type `consult` to ask a clinician instead.")
                return
            # Ask once: inside the generator the question would be asked again for every slot passed over.
            picked = self._choose("Choose a time", [(s.id, slot_label(profile, s)) for s in slots])
            slot = next((s for s in slots if s.id == picked), None)
            if slot is None:
                self.say("That was not one of the times.")
                return
            method = self._choose("How would you like to talk", [(m, METHOD_LABELS[m]) for m in slot.methods], slot.methods[0])
            details = PractitionerDetails(name=user.name, email=user.email or "", role=user.job_role or "",
                                          organisation=user.organisation or "", district=user.district or "",
                                          phone=self.ask("Your phone number: ").strip() or None if method == "phone" else None)
            try:
                request = BookingRequest(
                    slot_id=slot.id, method=method, practitioner=details, summary=self.ask("What would you like to discuss? "),
                    consent_confirmed=self._yes("Does the family know you are discussing their situation?"))
                made = book(db=db, profile=profile, request=request, user_id=user.id)
            except BookingError as exc:
                self.say(f"Not booked: {exc.message}")
                return
            self.say(f"Booked ({made.reference}): {booking_when(profile, made)}. {how(profile, made).sentence}")

    # -- status and training ----------------------------------------------------------------------
    def status(self) -> None:
        from bot.handlers.status import upcoming_triage
        from bot.views.status import STATUS_WORDS
        from consult.consultations.service import list_for_viewer
        from consult.workforce.development import practitioner_summary

        with session_scope() as db:
            user = self._me(db)
            for c in list_for_viewer(db=db, viewer=user, status="open"):
                self.say(f"Request {c.reference}: {STATUS_WORDS.get(c.status, c.status)}, respond by {when(c.respond_by)}.")
            for b in upcoming_triage(db, user):
                self.say(f"Triage booking {b.reference}: {when(b.starts_at)}.")
            for line in practitioner_summary(db=db, user=user)["lines"]:
                self.say(line)

    def training(self) -> None:
        from bot.training_words import (
            NO_COURSES,
            booked_sentence,
            cancelled_sentence,
            course_line,
            my_places,
            open_courses,
            refused_sentence,
        )
        from consult.workforce import training
        from consult.workforce.commands import TrainingBookingRequest

        with session_scope() as db:
            user = self._me(db)
            courses, mine = open_courses(db=db), my_places(db=db, user=user)
            for course in courses:
                self.say(course_line(course) + (f" ({mine[course['id']]})" if course["id"] in mine else ""))
            if not courses:
                self.say(NO_COURSES)
            picked = self._choose("Number to book, a TRN- reference to cancel, or Enter to leave",
                                  [(str(c["id"]), c["title"]) for c in courses]) if courses or mine else ""
            try:
                if picked.upper().startswith("TRN-"):
                    self.say(cancelled_sentence(*training.cancel(db=db, reference=picked, actor=user)))
                elif picked.isdigit() and picked in {str(c["id"]) for c in courses}:
                    booking = training.book(db=db, request=TrainingBookingRequest.from_choice(picked), user=user)
                    self.say(booked_sentence(booking, training.waiting_position(db=db, booking=booking)))
                elif picked:
                    self.say("That was not one of the courses.")
            except training.TrainingError as exc:
                self.say(refused_sentence(exc, status_command="status"))

    # -- readiness check ------------------------------------------------------------------------
    def check(self) -> None:
        from consult.readiness.schemas import Referral
        from consult.readiness.service import check_referral

        profile = active_profile()
        self.say("Nothing you type here is stored.")
        source = self._choose("Who is referring", [(c, s.label) for c, s in profile.referral_sources.items()])
        born = self.ask("Baby's date of birth, YYYY-MM-DD (empty during pregnancy): ").strip()
        due = "" if born else self.ask("Expected due date, YYYY-MM-DD: ").strip()
        codes = list(CONCERN_LABELS)
        picked = self.ask("Concerns (numbers, comma-separated; " + "; ".join(f"{i}. {label}" for i, label in enumerate(CONCERN_LABELS.values(), 1)) + "): ")  # noqa: E501
        try:
            referral = Referral.model_validate({
                "referrer": {"source": source},
                "consent": {"informed_consent_to_referral": self._yes("Informed consent to the referral?"),
                            "data_linkage_consent": self._yes("Consent to data linkage?")},
                "parent": {"nhs_number": self.ask("Parent's NHS number: ").strip() or None,
                           "district": self.ask("District where the family lives: ").strip()},
                "infant": {"nhs_number": self.ask("Baby's NHS number (empty if not born): ").strip() or None,
                           "date_of_birth": born or None, "expected_due_date": due or None},
                "concerns": [codes[int(n) - 1] for n in picked.replace(" ", "").split(",") if n.isdigit() and 0 < int(n) <= len(codes)],
                "description": self.ask("How is the relationship affected? "),
                "safeguarding": {"child_protection_investigation": self._yes("Is a child protection investigation under way?")},
            })
        except ValueError:
            self.say("Dates need to be written YYYY-MM-DD; please start the check again.")
            return
        result = check_referral(referral=referral, profile=profile)
        marks = {"ok": "[ok]", "warning": "[!]", "problem": "[x]"}
        for item in result.items:
            self.say(f"{marks[item.status]} {item.title}")
            for finding in item.outcome.problems + item.outcome.warnings:
                self.say(f"      {finding.message}")
        self.say("Ready to refer." if result.ready else f"{len(result.problems)} thing(s) to sort out first.")
        if result.guidance:
            self.say(result.guidance)


def run_chat(ask: Ask = input, say: Say = print) -> None:
    from consult.settings import get_settings
    from faq.service import startup as load_faq

    settings = get_settings()
    if settings.is_sqlite:  # as `pimh serve` does: a fresh checkout works at once
        from consult.migrate import upgrade

        upgrade(settings.database_url)
    stop_faq = load_faq()
    try:
        Chat(ask, say).run()
    finally:
        stop_faq()
