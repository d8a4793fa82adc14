"""Turning questions into search terms the way practitioners actually write them.

Pure functions: British/US spellings, the field's abbreviations, text-speak, a few synonyms
and a light stemmer, so that "how long b4 a HV referal is acknowleged" and "How long until
a health visitor's referral is acknowledged?" end up as the same terms.
"""
from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

# Written forms that must be joined before splitting into words ("PHQ-9", "MORS SF").
_JOINED = [
    (re.compile(r"\bphq[\s-]?9\b"), " phq9 "),
    (re.compile(r"\bgad[\s-]?7\b"), " gad7 "),
    (re.compile(r"\bmors[\s-]?sf\b"), " morssf "),
    (re.compile(r"\basq\s{0,3}:?\s{0,3}se(?:[\s-]?2)?\b"), " asqse "),  # bounded: two \s* around ":?" is quadratic
    (re.compile(r"\bi[\s-]thrive\b"), " thrive "),
    (re.compile(r"\ba\s?&\s?g\b"), " advice guidance "),
    (re.compile(r"\bdc\s?:\s?0[\s-]5\b"), " dc05 "),
    (re.compile(r"\bself[\s-]?refer\w{0,20}"), " selfrefer "),
    (re.compile(r"\bco[\s-]parent"), " coparent"),
]
# Text each pattern above cannot match without (its literal part), checked first: most questions
# contain none of them, and a substring test is far cheaper than a regex pass (issue 23).
_JOINED_NEEDS = ("phq", "gad", "mors", "asq", "thrive", "&", "dc", "self", "parent")

# The field's abbreviations: the abbreviation stays and its words are added beside it.
ABBREVIATIONS: dict[str, str] = {
    "hv": "health visitor", "hvs": "health visitor", "pir": "parent infant relationship",
    "pimh": "parent infant mental health", "pimhs": "parent infant mental health service",
    "pnmh": "perinatal mental health", "pmh": "perinatal mental health", "fpp": "family partnership programme",
    "kmpt": "perinatal mental health trust", "cos": "circle security", "vig": "video interaction guidance",
    "dna": "did not attend", "dnas": "did not attend", "morssf": "mors mothers object relations scale short form",
    "mors": "mothers object relations scale", "phq9": "phq depression questionnaire",
    "phq": "depression questionnaire", "gad7": "gad anxiety questionnaire", "gad": "anxiety",
    "bsl": "british sign language interpreter", "icb": "integrated care board", "kcc": "county council",
    "scr": "shared care record", "kmcr": "shared care record", "la": "local authority",
    "imh": "infant mental health", "aimh": "infant mental health", "imhrr": "infant mental health recognition register",
    "camhs": "child adolescent mental health", "cp": "child protection", "cpp": "child protection plan",
    "cin": "child need", "mash": "safeguarding hub", "dob": "date birth", "edd": "expected due date",
    "adbb": "alarm distress baby scale", "pios": "parent infant observation scale",
    "asqse": "social emotional development", "kips": "parent child interaction", "dc05": "adaptive functioning",
    "ooa": "out area", "ooh": "out hours", "f2f": "face face", "eh": "early help", "fh": "family hub",
    "fhs": "family hub", "mw": "midwife", "sw": "social worker", "bh": "bank holiday", "gp": "doctor",
    "dhsc": "department health social care", "gdpr": "data protection", "kpi": "performance report",
    "kpis": "performance report", "cbt": "therapy", "pip": "parent infant", "ack": "acknowledge",
    "selfrefer": "self refer", "appt": "appointment", "appts": "appointment", "ref": "refer", "refs": "refer", "info": "information",
}

# Text-speak and informal forms, replaced outright.
TEXT_SPEAK: dict[str, str] = {
    "u": "you", "ur": "your", "r": "are", "pls": "please", "plz": "please", "b4": "before", "2day": "today",
    "wat": "what", "wot": "what", "wht": "what", "cn": "can", "ppl": "people", "thx": "thanks", "ty": "thanks",
    "coz": "because", "cuz": "because", "bc": "because", "bcos": "because", "abt": "about", "wiv": "with",
    "yr": "year", "yrs": "years", "yo": "years", "mth": "month", "mths": "months", "mnths": "months",
    "mo": "month", "mos": "months", "wk": "week", "wks": "weeks", "hr": "hour", "hrs": "hours",
    "dunno": "know", "wanna": "want", "gonna": "going", "bby": "baby", "bubba": "baby", "lo": "baby",
    "txt": "text", "tmrw": "tomorrow", "asap": "urgent", "bf": "breastfeeding", "nite": "night",
    "eve": "evening", "hols": "holidays", "hol": "holiday", "sat": "saturday", "sats": "saturday",
}

# US spellings and words, mapped to British ones before stemming.
US_TO_UK: dict[str, str] = {
    "mom": "mum", "moms": "mums", "mommy": "mum", "mama": "mum", "pediatric": "paediatric",
    "pediatrician": "paediatrician", "behavior": "behaviour", "behaviors": "behaviours", "behavioral": "behavioural",
    "counseling": "counselling", "counselor": "counsellor", "program": "programme", "programs": "programmes",
    "center": "centre", "centers": "centres", "fetal": "foetal", "color": "colour", "labor": "labour",
    "favor": "favour", "enroll": "enrol", "license": "licence", "canceled": "cancelled", "canceling": "cancelling",
    "practicing": "practising", "judgment": "judgement", "neighbor": "neighbour", "traveling": "travelling",
    "specialty": "speciality", "prenatal": "antenatal", "fulfill": "fulfil", "anesthetic": "anaesthetic",
    "caregiver": "carer", "caregivers": "carers",
}

# Words that mean the same thing here, folded onto one form (applied to corpus and queries alike).
SYNONYMS: dict[str, str] = {
    "mother": "mum", "mothers": "mum", "mummy": "mum", "mam": "mum", "maternal": "mum",
    "daddy": "dad", "paternal": "dad",
    "newborn": "baby", "newborns": "baby", "phoning": "phone",
    "referral": "refer", "referrals": "refer", "referrer": "refer", "referrers": "refer", "referring": "refer",
    "referred": "refer", "refers": "refer", "translation": "interpreter",
    "interpretation": "interpreter", "interpreting": "interpreter",
    "virtually": "online", "remote": "online", "skype": "online",
    "eligibility": "eligible", "qualify": "eligible", "older": "age", "aged": "age",
    "closing": "close", "midwifery": "midwife", "herself": "self", "themself": "self", "myself": "self",
    "finish": "close", "finishes": "close",
    "daily": "day", "everyday": "day", "therapies": "intervention", "treatments": "intervention",
}

STOPWORDS = frozenset("""
a an the is are was were be been being am do does did doing have has had i me my we our us you your yours he
him his she her they them their it its this that these those there here of to in on at by for with from as or
and but if so than then too very can cannot could would should will shall may might must what which about into
out up down over just also any some all such own same only please hi hello thanks thank hey im ive id dont
cant wont isnt arent doesnt didnt youre theyre whats hows theres okay ok really actually basically like
quick question wondering wonder know tell let lets want wanted wants anyone someone something thing things
one yes currently still ever even much many whether would's
""".split())

_WORD = re.compile(r"[a-z0-9]+")

# What the asker wants to DO, by the written forms of the verb (not stemmed: "booking" the noun is
# not "book" the action). BM25 rates these low because many entries use them, yet they decide the
# answer: "how do i book a triage slot" is not answered by the cancel entry, "can family hub staff
# refer" not by the supervision entry, "how do I become a foster carer" not by the entry that sees
# foster carers. An entry that never uses the action in any form is ranked down and loses confidence.
# Only unambiguous verbs: "move" and "change" also describe families ("moved out of the county").
_ACTION_FORMS: dict[str, tuple[str, ...]] = {
    "book": ("book", "books", "booked"),
    "cancel": ("cancel", "cancels", "cancelled", "canceled", "cancelling", "canceling", "cancellation", "cancle", "reschedule",
               "rescheduled", "rescheduling", "rearrange", "rearranged", "postpone", "rebook"),
    "refer": ("refer", "refers", "referred", "referring", "referral", "referrals", "referal", "referals", "ref",
              "refs", "selfrefer"),
    "join": ("join", "joins", "joined", "joining"),
    "become": ("become", "becomes", "becoming", "became"),
    "apply": ("apply", "applies", "applied", "applying", "application"),
    "claim": ("claim", "claims", "claimed", "claiming"),
    "reset": ("reset", "resets", "resetting"),
    "renew": ("renew", "renews", "renewed", "renewing", "renewal"),
}
ACTIONS: dict[str, str] = {form: action for action, forms in _ACTION_FORMS.items() for form in forms}
# Nouns name a topic rather than ask to act ("what happens to my referral over a bank holiday"):
# they count when an entry mentions an action, never as the action a question asks for.
ACTION_NOUNS = frozenset({"referral", "referrals", "referal", "referals", "ref", "refs", "cancellation",
                          "application", "renewal"})


def _american_suffix(word: str) -> str:
    # -ize/-yze endings are the common US forms of British -ise/-yse words; a few real -ize
    # words are left alone.
    if word in {"size", "sizes", "prize", "prizes", "seize", "capsize"}:
        return word
    for us, uk in (("ization", "isation"), ("izations", "isations"), ("izing", "ising"), ("ized", "ised"),
                   ("izes", "ises"), ("ize", "ise"), ("yzing", "ysing"), ("yzed", "ysed"), ("yze", "yse")):
        if word.endswith(us) and len(word) > len(us) + 2:
            return word[: -len(us)] + uk
    return word


def stem(word: str) -> str:
    """A light suffix stripper: consistent, not linguistically perfect (it runs on both sides)."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, keep in (("ational", 4), ("ation", 4), ("ations", 4), ("ments", 4), ("ment", 4), ("ness", 4),
                         ("ingly", 4), ("edly", 4), ("ings", 4), ("ing", 3), ("ies", 3), ("ied", 3),
                         ("ed", 3), ("ly", 4), ("es", 4), ("s", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= keep:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                break
            base = word[: -len(suffix)]
            if suffix in ("ies", "ied"):
                base += "y"
            elif suffix in ("ing", "ed", "ings") and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]
            word = base
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def raw_words(text: str) -> list[str]:
    """Lower-cased words as written, with multi-part forms ("PHQ-9") joined."""
    text = text.lower().replace("\u2019", "'").replace("'s ", " ").replace("'", "")
    for needs, (pattern, replacement) in zip(_JOINED_NEEDS, _JOINED, strict=True):
        if needs in text:
            text = pattern.sub(replacement, text)
    return _WORD.findall(text)


@lru_cache(maxsize=16384)
def canonical(raw: str) -> tuple[str, ...]:
    """One written word as its canonical words: text-speak, US→UK, synonyms, abbreviations expanded."""
    word = TEXT_SPEAK.get(raw, raw)
    word = US_TO_UK.get(word, word)
    word = _american_suffix(word)
    out: list[str] = []
    for part in word.split():
        out.append(SYNONYMS.get(part, part))
        if part in ABBREVIATIONS:
            out.extend(SYNONYMS.get(w, w) for w in ABBREVIATIONS[part].split())
    return tuple(w for w in out if w and w not in STOPWORDS)


# symspellpy's English frequency list (82,765 words, the intersection of Google Books n-grams with
# SCOWL, so common misspellings such as "referal" are not in it), found without importing the package.
_WORD_LIST = Path("frequency_dictionary_en_82_765.txt")


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """A real English word list: a word in it is not a typo, whatever entry word it is close to
    (without it "contract" was corrected to "contact" and "pension" to "person")."""
    spec = importlib.util.find_spec("symspellpy")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the symspellpy package is not installed (pip install -e .)")
    path = Path(next(iter(spec.submodule_search_locations))) / _WORD_LIST
    with path.open(encoding="utf-8") as f:
        return frozenset(line.split(" ", 1)[0] for line in f if line.strip())


def is_known_form(raw: str) -> bool:
    """Words that are not misspellings, so the spelling corrector leaves them alone: English words
    and the forms the normaliser itself knows."""
    return (raw in STOPWORDS or raw in TEXT_SPEAK or raw in US_TO_UK or raw in SYNONYMS or raw in ABBREVIATIONS
            or raw in english_words())


@lru_cache(maxsize=16384)
def readable(raw: str) -> str:
    """One written word as the embedding model should read it: text-speak and US forms replaced,
    an abbreviation followed by its words ("hv" -> "hv health visitor"). No stemming or synonym
    folding: the model knows that "mother" and "mum" are close by itself."""
    word = US_TO_UK.get(TEXT_SPEAK.get(raw, raw), TEXT_SPEAK.get(raw, raw))
    return f"{word} {ABBREVIATIONS[word]}" if word in ABBREVIATIONS else word


@lru_cache(maxsize=16384)
def stemmed_terms(raw: str) -> tuple[str, ...]:
    return tuple(stem(w) for w in canonical(raw))


def terms(text: str) -> list[str]:
    """Search terms for a text (no spelling correction: that needs the index's vocabulary)."""
    return [t for raw in raw_words(text) for t in stemmed_terms(raw)]


def asked_action(word: str) -> str | None:
    """The action a question's (spelling-corrected) word asks for, if any."""
    return None if word in ACTION_NOUNS else ACTIONS.get(word)
