"""Which hand-written list entries in faq/text.py the hybrid still needs: each entry of
ABBREVIATIONS, TEXT_SPEAK, US_TO_UK and SYNONYMS is removed in turn, the index rebuilt, and the
tuning set (benchmarks/data/faq-rephrasings.jsonl) and the shared dev list scored with the current
calibration. Never the held-out set: this is a tuning decision.

An entry that no question or entry text uses cannot be measured, and is reported as such.

    python benchmarks/faq_lists.py [--only SYNONYMS]
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from faq_eval import DEV, OWN, _rows  # noqa: E402

from consult.profiles import active_profile  # noqa: E402
from faq import text  # noqa: E402
from faq.content import load_files  # noqa: E402
from faq.service import build_index  # noqa: E402

LISTS = ("ABBREVIATIONS", "TEXT_SPEAK", "US_TO_UK", "SYNONYMS")


def _clear_caches() -> None:
    for cached in (text.canonical, text.readable, text.stemmed_terms):
        cached.cache_clear()


def score(entries, tuning: list[dict], dev: list[dict]) -> tuple[int, int, int]:
    """(tuning right, tuning wrong answers, dev right) with the lists as they are now."""
    _clear_caches()
    index = build_index(entries, active_profile())
    right = wrong = 0
    for row in tuning:
        match = index.search(row["question"])
        got = match.best.entry.id if match.answered and match.best else None
        right += got == row["entry_id"]
        wrong += got is not None and got != row["entry_id"]
    dev_right = 0
    for row in dev:
        match = index.search(row["question"])
        if row["answered"]:
            dev_right += bool(match.answered and all(re.search(p, match.best.entry.answer, re.I)
                                                     for p in row["must_match"]))
        else:
            dev_right += not match.answered
    return right, wrong, dev_right


def used_words(entries, questions: list[str]) -> set[str]:
    corpus = questions + [" ".join((e.title, *e.phrasings, e.body)) for e in entries]
    return {w for t in corpus for w in text.raw_words(t)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", choices=LISTS)
    args = parser.parse_args()
    tuning, dev = _rows(OWN), _rows(DEV)
    entries = list(load_files())
    words = used_words(entries, [r["question"] for r in tuning + dev])
    base = score(entries, tuning, dev)
    print(f"with every list: tuning right {base[0]}, wrong {base[1]}; dev right {base[2]}")
    results: dict[str, dict[str, list]] = {}
    for name in (args.only,) if args.only else LISTS:
        table: dict[str, str] = getattr(text, name)
        out = results.setdefault(name, {"unused": [], "not_needed": [], "needed": []})
        for key in list(table):
            if key not in words:  # no question or entry writes it: removing it changes nothing here
                out["unused"].append(key)
                continue
            value = table.pop(key)
            try:
                got = score(entries, tuning, dev)
            finally:
                table[key] = value
            needed = got[0] < base[0] or got[1] > base[1] or got[2] < base[2]
            out["needed" if needed else "not_needed"].append([key, got])
            print(f"{name} {key!r}: {'NEEDED' if needed else 'not needed'} {got}", flush=True)
    _clear_caches()
    print(json.dumps(results))


if __name__ == "__main__":
    main()
