"""How long redact() and redact_people() take as the input grows, on the shapes that used to
make a pattern backtrack (issue 16 item 1) and on ordinary text.

    python benchmarks/redact_scaling.py [--sizes 1000,10000,100000,1000000] [--budget 20]

Each line is one input shape at one size: the best of three calls in milliseconds and the time
per thousand characters. Linear patterns keep ms per 1k characters roughly flat as the size grows
tenfold; a quadratic one multiplies it by ten. A shape whose previous size already took longer
than `--budget` seconds is not run at the larger sizes (it would take hours), and says so.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from consult.privacy.redact import redact, redact_people  # noqa: E402

ORDINARY = ("Mother of a four month old feels detached; health visitor rang 07700 900123 on 02/03/2026 "
            "and emailed jo.pellow@demo.nhs.net about CT1 1AA. ")

# Each shape: what it stresses, and how to build it at n characters.
SHAPES: dict[str, Callable[[int], str]] = {
    "letters (email local part)": lambda n: "a" * n,
    "letters then @ (email domain)": lambda n: "a@" + "b" * (n - 2),
    "digits (number, phone, NHS)": lambda n: "1" * n,
    "spaces after 'born'": lambda n: "born" + " " * (n - 5) + "x",
    "ordinary text": lambda n: (ORDINARY * (n // len(ORDINARY) + 1))[:n],
}


def best_of(func: Callable[[str], str], text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        func(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--budget", type=float, default=20.0, help="seconds one call may take before larger sizes are skipped")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"{'function':<14} {'shape':<32} {'chars':>9} {'ms':>10} {'ms/1k chars':>12}")
    for name, func in (("redact", redact), ("redact_people", redact_people)):
        for shape, build in SHAPES.items():
            over_budget = False
            for size in sizes:
                if over_budget:
                    print(f"{name:<14} {shape:<32} {size:>9} {'skipped':>10} {'(over budget)':>12}")
                    continue
                seconds = best_of(func, build(size), repeat=1 if size >= 100_000 else 3)
                print(f"{name:<14} {shape:<32} {size:>9} {seconds * 1000:>10.1f} {seconds * 1e6 / size:>12.3f}", flush=True)
                over_budget = seconds > args.budget / 10
    return None


if __name__ == "__main__":
    main()
