"""FAQ evaluation: accuracy and in-process latency of faq.service.answer_question.

Two question sets:
- the shared dev list, ../shared/data/faq-dev-questions.jsonl: right when an in-scope question
  is answered and the answer contains the expected fact (`must_match`, regex alternatives,
  case-insensitive), and when an out-of-scope question is declined;
- our own realistic rephrasings, benchmarks/data/faq-rephrasings.jsonl and -more.jsonl (typos, text-speak, no
  question mark, long rambling questions, off-topic ones): right when the expected entry is
  answered, or when an off-topic question (entry_id null) is declined. Wrong answers are
  counted apart from declines, because a wrong answer costs more than an honest "I don't know";
- the held-out set, benchmarks/data/faq-heldout.jsonl, scored the same way: written before the
  engine was retuned and never used for tuning or calibration, so it measures generalisation.

Also the cost of building the index (loading the embedding model, embedding every entry, and
rebuilding after one entry changes) and the in-process latency of a question, as wall-clock time
and as the thread's CPU time (on a shared, loaded machine the wall-clock tail is mostly waiting
for a core).

    python benchmarks/faq_eval.py [--profile kent] [--dev PATH] [--tuning-only]
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
# The shared folder sits beside the project checkout (or beside the folder of worktrees).
DEV = next((p / "shared" / "data" / "faq-dev-questions.jsonl" for p in (ROOT.parent, ROOT.parent.parent)
            if (p / "shared" / "data" / "faq-dev-questions.jsonl").exists()),
           ROOT.parent / "shared" / "data" / "faq-dev-questions.jsonl")
OWN = Path(__file__).parent / "data" / "faq-rephrasings.jsonl"
# 158 more of our own questions (issue 22, third pass), kept apart so the first 224 stay comparable.
MORE = Path(__file__).parent / "data" / "faq-rephrasings-more.jsonl"
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
    counts = {"right": 0, "wrong_answer": 0, "declined_in_scope": 0, "answered_off_topic": 0, "off_topic": 0,
              # The "did you mean" band (issue 22, fourth pass): declined, the best entry offered by name.
              # Not answers: an offer of the right entry is not counted as right, nor one to an off-topic
              # question as answered; they are reported apart.
              "offered_right": 0, "offered_wrong": 0, "offered_off_topic": 0}
    failures = []
    for row in rows:
        got = answer(row["question"])
        expected = row["entry_id"]
        if getattr(got, "offered", False):  # absent before the fourth pass: no offers
            first = got.suggestions[0].entry_id
            counts["offered_off_topic" if expected is None else "offered_right" if first == expected
                   else "offered_wrong"] += 1
        if expected is None:
            counts["off_topic"] += 1
            key = "right" if not got.answered else "answered_off_topic"
        elif got.answered:
            key = "right" if got.entry_id == expected else "wrong_answer"
        else:
            key = "declined_in_scope"
        counts[key] += 1
        if key != "right":
            shown = got.entry_id or (f"offer {got.suggestions[0].entry_id}" if getattr(got, "offered", False)
                                     else got.reason)
            failures.append(f"[{key}] {row['question'][:70]} -> {shown} ({got.score:.2f})")
    return {"n": len(rows), **counts, "failures": failures}


def rank_one(rows: list[dict], index) -> dict:
    """Retrieval alone, whatever the confidence: how often each half, and the hybrid, ranks the
    expected entry first for an in-scope question (tells a retrieval loss from a cautious decision)."""
    import numpy as np

    counts = {"n": 0, "bm25": 0, "dense": 0, "hybrid": 0}
    for row in rows:
        if row["entry_id"] is None:
            continue
        counts["n"] += 1
        scored, _ = index._score(row["question"])
        if scored is None:
            continue
        scores = scored[-1]
        for name, values in (("bm25", scores.bm25), ("dense", scores.dense), ("hybrid", scores.fused)):
            counts[name] += index.entries[int(np.argmax(values))].id == row["entry_id"]
    return counts


def latency(questions: list[str], answer, rounds: int = 20) -> dict:
    times, cpu = [], []
    for _ in range(rounds):
        for q in questions:
            start, start_cpu = time.perf_counter(), time.thread_time()
            answer(q)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    cpu.sort()
    return {"calls": len(times), "p50": statistics.median(times), "p95": times[int(0.95 * len(times)) - 1],
            "max": times[-1], "cpu_p50": statistics.median(cpu), "cpu_p95": cpu[int(0.95 * len(cpu)) - 1]}


def build_cost() -> dict:
    """Milliseconds to load the embedding model, to build the index from cold (every entry's texts
    embedded), and to rebuild it after one entry gains a phrasing (only that text embedded)."""
    from dataclasses import replace

    from consult.profiles import active_profile
    from faq import service
    from faq.content import load_files

    out = {}
    try:
        from faq import dense, embedding
    except ImportError:  # the engine before the hybrid: BM25 only
        dense = embedding = None
    if embedding is not None:
        start = time.perf_counter()
        embedding.StaticEmbedder()  # a fresh load from the package (the service keeps one per process)
        out["model_load"] = (time.perf_counter() - start) * 1000
        dense._cache.clear()
    entries = list(load_files())
    start = time.perf_counter()
    service.build_index(entries, active_profile())
    out["cold_build"] = (time.perf_counter() - start) * 1000
    edited = [replace(entries[0], phrasings=(*entries[0].phrasings, "a brand new way of asking this"))] + entries[1:]
    start = time.perf_counter()
    index = service.build_index(edited, active_profile())
    out["rebuild_one_entry"] = (time.perf_counter() - start) * 1000
    out["embedded_on_rebuild"] = getattr(index, "embedded", 0)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default=os.environ.get("SERVICE_PROFILE", "kent"))
    parser.add_argument("--dev", type=Path, default=DEV)
    # While tuning: score only the dev list and the tuning sets (the held-out set is neither
    # scored nor timed), so the held-out set is read only for the final figures.
    parser.add_argument("--tuning-only", action="store_true")
    args = parser.parse_args()
    os.environ["SERVICE_PROFILE"] = args.profile
    from faq.service import answer_question, current_index

    start = time.perf_counter()
    index = current_index()
    build_ms = (time.perf_counter() - start) * 1000
    print(f"profile {args.profile}: {len(index.entries)} entries, index built in {build_ms:.0f} ms (with imports of content)")
    cost = build_cost()
    print("index build: " + ", ".join(f"{k} {v:.0f}" + ("" if k == "embedded_on_rebuild" else " ms") for k, v in cost.items()))

    dev = evaluate_dev(_rows(args.dev), answer_question)
    print(f"\ndev list: {dev['right']}/{dev['n']} right ({100 * dev['right'] / dev['n']:.1f}%)")
    for line in dev["failures"]:
        print("  ", line)

    sets = (("tuning set, first 224", (OWN,)), ("tuning set, 158 added in issue 22's third pass", (MORE,)),
            ("tuning set, all", (OWN, MORE))) + (() if args.tuning_only else (("held-out set", (HELDOUT,)),))
    for label, paths in sets:
        rows = [r for path in paths for r in _rows(path)]
        own = evaluate_own(rows, answer_question)
        print(f"\n{label}: {own['right']}/{own['n']} right ({100 * own['right'] / own['n']:.1f}%); "
              f"wrong answers {own['wrong_answer']}, in-scope declined {own['declined_in_scope']}, "
              f"off-topic answered {own['answered_off_topic']}")
        in_scope, off = own["n"] - own["off_topic"], own["off_topic"]
        right_in = in_scope - own["wrong_answer"] - own["declined_in_scope"]
        print(f"  goals: right in scope {right_in}/{in_scope} ({100 * right_in / in_scope:.1f}%, goal 95%), "
              f"off-topic declined {off - own['answered_off_topic']}/{off} "
              f"({100 * (off - own['answered_off_topic']) / off:.1f}%, goal 95%), "
              f"confident wrong {own['wrong_answer'] + own['answered_off_topic']} (goal 0 on held-out)")
        print(f"  did-you-mean offers (declined, not counted as right): right entry offered first "
              f"{own['offered_right']}/{in_scope} in scope, wrong entry offered {own['offered_wrong']}, "
              f"off-topic given an offer {own['offered_off_topic']}/{off}")
        ranks = rank_one(rows, index)
        print(f"  ranked first (in scope, whatever the confidence): BM25 {ranks['bm25']}, dense {ranks['dense']}, "
              f"hybrid {ranks['hybrid']} of {ranks['n']}")
        # The held-out set measures and never teaches: only its aggregates are printed.
        if HELDOUT not in paths and len(paths) == 1:
            for line in own["failures"]:
                print("  ", line)

    if args.tuning_only:
        return
    questions = [r["question"] for path in (OWN, MORE, HELDOUT) for r in _rows(path)]
    # The machine is shared: the load average says how much of the wall-clock tail is waiting for a core.
    load_before = os.getloadavg()[0]
    lat = latency(questions, answer_question)
    print(f"\nload average (1 min) before / after the latency run: {load_before:.1f} / {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    print(f"latency in-process (answer_question without database, {lat['calls']} calls): "
          f"p50 {lat['p50']:.2f} ms, p95 {lat['p95']:.2f} ms, max {lat['max']:.2f} ms; "
          f"CPU time p50 {lat['cpu_p50']:.2f} ms, p95 {lat['cpu_p95']:.2f} ms")


if __name__ == "__main__":
    main()
