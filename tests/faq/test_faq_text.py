"""How questions become search terms: US spellings fold onto British ones, the field's
abbreviations carry their words, and entry files must have all their front matter."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from faq import text as faq_text
from faq.content import ContentError, parse_entry
from faq.service import answer_question
from faq.text import terms


@pytest.mark.parametrize(("us", "uk"), [
    ("behavior", "behaviour"), ("pediatric", "paediatric"), ("counseling", "counselling"), ("program", "programme"),
    ("organization", "organisation"), ("recognized", "recognised"), ("analyze", "analyse"), ("mom", "mum"),
    ("prenatal", "antenatal"), ("canceled", "cancelled"),
])
def test_us_spellings_give_the_same_terms_as_british_ones(us, uk):
    assert terms(us) == terms(uk)


@pytest.mark.parametrize(("abbreviation", "words"), [
    ("HV", "health visitor"), ("PIR", "parent infant relationship"), ("PIMH", "parent infant mental health"),
    ("PNMH", "perinatal mental health"), ("FPP", "family partnership programme"), ("CoS", "circle of security"),
    ("VIG", "video interaction guidance"), ("DNA", "did not attend"), ("BSL", "British sign language"),
])
def test_abbreviations_carry_the_words_they_stand_for(abbreviation, words):
    assert set(terms(words)) <= set(terms(abbreviation))


@pytest.mark.parametrize(("question", "entry_id"), [
    ("is CoS offered", "interventions"),
    ("can an HV refer", "who-can-refer"),
    ("can a caregiver who isnt the mom be seen", "dads-partners"),
    ("is the PIMH team part of KMPT", "perinatal-mental-health"),
])
def test_abbreviated_and_american_questions_find_their_entry(question, entry_id):
    answer = answer_question(question)
    assert answer.answered and answer.entry_id == entry_id, (answer.reason, answer.suggestions)


def test_an_entry_file_without_its_review_date_and_owner_is_refused_naming_them():
    text = "---\nid: parking\ntitle: Where can I park?\nphrasings: []\ntags: [site]\nsource: Estates\n---\nBehind the hub."
    with pytest.raises(ContentError, match="parking.md: front matter is missing owner, last_reviewed"):
        parse_entry(text, filename="parking.md")


def test_the_minimum_description_length_in_how_to_refer_comes_from_the_profile():
    from consult.profiles import load_profile
    from faq.content import load_files, profile_context, render_entry

    kent = load_profile("kent")
    stricter = kent.model_copy(update={"referral_check": kent.referral_check.model_copy(update={"description_min_words": 25})})
    entry = next(e for e in load_files() if e.id == "how-to-refer")
    assert "at least 15 words" in render_entry(entry, kent, context=profile_context(kent)).answer
    assert "at least 25 words" in render_entry(entry, stricter, context=profile_context(stricter)).answer


def test_only_verbs_ask_for_an_action():
    from faq.text import asked_action

    assert asked_action("book") == "book" and asked_action("reschedule") == "cancel"
    assert asked_action("refer") == "refer" and asked_action("referring") == "refer"
    # "what happens to my referral over a bank holiday" names a topic, it asks nobody to refer.
    assert asked_action("referral") is None and asked_action("booking") is None


def _raw_words_unguarded(text: str) -> list[str]:
    # raw_words as it was before each pattern was guarded by its literal part (issue 23).
    text = text.lower().replace("\u2019", "'").replace("'s ", " ").replace("'", "")
    for pattern, replacement in faq_text._JOINED:
        text = pattern.sub(replacement, text)
    return faq_text._WORD.findall(text)


def test_each_joined_form_is_guarded_by_a_literal_its_pattern_needs():
    assert len(faq_text._JOINED_NEEDS) == len(faq_text._JOINED)
    for needs, (pattern, _) in zip(faq_text._JOINED_NEEDS, faq_text._JOINED, strict=True):
        assert needs in pattern.pattern


_fragments = st.sampled_from(["PHQ-9", "phq 9", "GAD7", "gad-7", "MORS SF", "mors-sf", "ASQ:SE-2", "asq se", "i-thrive",
                              "I Thrive", "A&G", "a & g", "DC:0-5", "dc 0-5", "self-referral", "selfrefer", "co-parent",
                              "co parenting", "health visitor's", "don\u2019t", "9", "&", "-", " ", "dc", "self", "parent"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_fragments, st.text(max_size=6)), max_size=10))
def test_guarded_joining_splits_words_as_the_unguarded_did(parts):
    text = " ".join(parts)
    assert faq_text.raw_words(text) == _raw_words_unguarded(text)
