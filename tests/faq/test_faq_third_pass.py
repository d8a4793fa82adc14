"""Issue 22, third pass: 158 more of our own questions in the tuning set, and the content gaps they
showed filled with phrasings in our own words. Scored on the tuning set only (the held-out set
measures and never teaches), so a change that loses these answers, or answers off-topic questions
it declined, shows here."""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from faq.service import answer_question, current_index

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
MORE = BENCHMARKS / "data" / "faq-rephrasings-more.jsonl"


def _rows() -> list[dict]:
    return [json.loads(line) for line in MORE.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_added_questions_are_new_wordings_not_copies_of_the_first_tuning_set():
    first = {json.loads(line)["question"].lower() for line in (BENCHMARKS / "data" / "faq-rephrasings.jsonl")
             .read_text(encoding="utf-8").splitlines() if line.strip()}
    rows = _rows()
    assert len(rows) >= 100
    assert not {r["question"].lower() for r in rows} & first
    assert sum(r["entry_id"] is None for r in rows) >= 30  # close-to-domain off-topic ones too


def test_the_added_questions_are_answered_without_more_confident_mistakes(files_index):
    # files_index: the content files' index, not one an earlier test in this process built from a
    # database where a manager had edited an entry (the counts are exact: one phrasing can move them).
    rows = _rows()
    in_scope = [r for r in rows if r["entry_id"]]
    answers = {r["question"]: answer_question(r["question"]) for r in rows}
    right = sum(answers[r["question"]].answered and answers[r["question"]].entry_id == r["entry_id"] for r in in_scope)
    wrong = sum(answers[r["question"]].answered and answers[r["question"]].entry_id != r["entry_id"] for r in rows)
    # Before the third pass's phrasings: 86/123 right in scope and 7 confident wrong (2 wrong entries,
    # 5 off-topic answered); after: 104/123 and 6 (1 + 5). Fourth pass (re-fitted confidence with the
    # phrasing-neighbour vote, five gap phrasings): 107/123 and 6. Fifth pass (172 phrasings written
    # from the entries' answers, not from these questions, and the confidence re-fitted): 109/123 and
    # 4 (1 wrong entry + 3 off-topic answered).
    assert right >= 109, right
    assert wrong <= 4, wrong


@pytest.mark.parametrize("question, entry_id", [
    ("are u open on boxing day", "bank-holidays"),
    ("whats the process to refer a family", "how-to-refer"),
    ("can you work with a dad who is struggling to bond", "dads-partners"),
    ("need to move my triage appointment to another day", "cancel-booking"),
    ("what happens if mum doesnt turn up to her appointment", "did-not-attend"),
    ("will the family have to travel to a clinic", "appointment-locations"),
    # Fourth pass: the right entry was third (0.37, supervision-groups first) before a phrasing on what
    # the therapy looks like in practice.
    ("what does the parent infant work with a family look like", "interventions"),
])
def test_a_content_gap_found_on_the_tuning_set_is_now_answered(question, entry_id):
    # Each was declined before (confidence 0.02-0.38): no phrasing said it that way.
    answer = answer_question(question)
    assert answer.answered and answer.entry_id == entry_id, (answer.reason, answer.entry_id, answer.score)


def test_a_triage_slot_no_longer_goes_to_the_cancel_entry():
    # Found on the added questions: "get a triage slot" was answered with cancel-booking (0.98).
    answer = answer_question("how do i get a triage slot")
    assert answer.entry_id != "cancel-booking"
    assert answer.answered and answer.entry_id == "booking-triage", (answer.reason, answer.entry_id, answer.score)


def _faq_eval():
    spec = importlib.util.spec_from_file_location("faq_eval", BENCHMARKS / "faq_eval.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("faq_eval", module)
    spec.loader.exec_module(module)
    return module


def test_rank_one_counts_how_often_each_half_and_the_hybrid_put_the_expected_entry_first():
    rank_one = _faq_eval().rank_one
    rows = [{"question": "how do i book a triage slot", "entry_id": "booking-triage"},
            {"question": "how do i book a triage slot", "entry_id": "phq-9"},
            {"question": "recipe for banana bread", "entry_id": None}]
    counts = rank_one(rows, current_index())
    assert counts == {"n": 2, "bm25": 1, "dense": 1, "hybrid": 1}
