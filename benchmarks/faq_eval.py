"""FAQ evaluation: accuracy and in-process latency of faq.service.answer_question.

Two question sets:
- the shared dev list, ../shared/data/faq-dev-questions.jsonl: right when an in-scope question
  is answered and the answer contains the expected fact (`must_match`, regex alternatives,
  case-insensitive), and when an out-of-scope question is declined;
- our own realistic rephrasings, benchmarks/data/faq-rephrasings.jsonl (typos, text-speak, no
  question mark, long rambling questions, off-topic ones): right when the expected entry is
  answered, or when an off-topic question (entry_id null) is declined. Wrong answers are
  counted apart from declines, because a wrong answer costs more than an honest "I don't know";
- the held-out set, benchmarks/data/faq-heldout.jsonl, scored the same way: written before the
  engine was retuned and never used for tuning or calibration, so it measures generalisation.

    python benchmarks/faq_eval.py [--profile kent] [--dev PATH]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEV = ROOT.parent / "shared" / "data" / "faq-dev-questions.jsonl"
OWN = Path(__file__).parent / "data" / "faq-rephrasings.jsonl"
HELDOUT = Path(__file__).parent / "data" / "faq-heldout.jsonl"


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def evaluate_dev(rows: list[dict], answer) -> dict:
    right, failures = 0, []
    for row in rows:
        got = answer(row["question"])
        if row["answered"]:
            ok = got.answered and all(re.search(p, got.answer or "", re.I) for p in row["must_match"])
        else:
            ok = not got.answered
        right += ok
        if not ok:
            failures.append(f"{row['question']} -> {got.entry_id or got.reason} ({got.score:.2f})")
    return {"n": len(rows), "right": right, "failures": failures}


def evaluate_own(rows: list[dict], answer) -> dict:
    counts = {"right": 0, "wrong_answer": 0, "declined_in_scope": 0, "answered_off_topic": 0}
    failures = []
    for row in rows:
        got = answer(row["question"])
        expected = row["entry_id"]
        if expected is None:
            key = "right" if not got.answered else "answered_off_topic"
        elif got.answered:
            key = "right" if got.entry_id == expected else "wrong_answer"
        else:
            key = "declined_in_scope"
        counts[key] += 1
        if key != "right":
            failures.append(f"[{key}] {row['question'][:70]} -> {got.entry_id or got.reason} ({got.score:.2f})")
    return {"n": len(rows), **counts, "failures": failures}


def latency(questions: list[str], answer, rounds: int = 20) -> dict:
    times = []
    for _ in range(rounds):
        for q in questions:
            start = time.perf_counter()
            answer(q)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"calls": len(times), "p50": statistics.median(times), "p95": times[int(0.95 * len(times)) - 1],
            "max": times[-1]}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default=os.environ.get("SERVICE_PROFILE", "kent"))
    parser.add_argument("--dev", type=Path, default=DEV)
    args = parser.parse_args()
    os.environ["SERVICE_PROFILE"] = args.profile
    from faq.service import answer_question, current_index

    start = time.perf_counter()
    index = current_index()
    build_ms = (time.perf_counter() - start) * 1000
    print(f"profile {args.profile}: {len(index.entries)} entries, index built in {build_ms:.0f} ms (with imports of content)")

    dev = evaluate_dev(_rows(args.dev), answer_question)
    print(f"\ndev list: {dev['right']}/{dev['n']} right ({100 * dev['right'] / dev['n']:.1f}%)")
    for line in dev["failures"]:
        print("  ", line)

    for label, path in (("tuning set (own rephrasings)", OWN), ("held-out set", HELDOUT)):
        own = evaluate_own(_rows(path), answer_question)
        print(f"\n{label}: {own['right']}/{own['n']} right ({100 * own['right'] / own['n']:.1f}%); "
              f"wrong answers {own['wrong_answer']}, in-scope declined {own['declined_in_scope']}, "
              f"off-topic answered {own['answered_off_topic']}")
        for line in own["failures"]:
            print("  ", line)

    questions = [r["question"] for path in (OWN, HELDOUT) for r in _rows(path)]
    lat = latency(questions, answer_question)
    print(f"\nlatency in-process (answer_question without database, {lat['calls']} calls): "
          f"p50 {lat['p50']:.2f} ms, p95 {lat['p95']:.2f} ms, max {lat['max']:.2f} ms")


if __name__ == "__main__":
    main()
