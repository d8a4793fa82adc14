"""What a FAQ question's parts cost in CPU, run back to back ("hot") and with a pause before each
call, as a server's requests come ("cold"). In a tight loop a search or a database trip stays in the
CPU's caches; in a server other work runs between two questions, and on a shared machine the cold
figure is the one the server pays (issue 23: the FAQ's search cost 1.5 ms of CPU in the server and
0.5 ms in a loop).

Usage: python benchmarks/faq_cold_costs.py [--calls N] [--pause-ms P]

Each row is CPU time of this thread (time.thread_time_ns) per call, on a fresh SQLite database
migrated and seeded in a temporary folder. Nothing is asserted: the figures are for docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTION = "how long till i hear back after sending a referal"


def cpu_us(call: Callable[[], object], *, calls: int, pause: float) -> float:
    call()
    spent = 0
    for _ in range(calls):
        if pause:
            time.sleep(pause)
        started = time.thread_time_ns()
        call()
        spent += time.thread_time_ns() - started
    return spent / calls / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=400)
    parser.add_argument("--pause-ms", type=float, default=3.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pimh-cold-") as folder:
        os.environ.update({"DATABASE_URL": f"sqlite:///{folder}/cold.db", "ENVIRONMENT": "development"})
        cli = [sys.executable, "-m", "consult.cli"]
        for verb in (["db", "upgrade"], ["seed-demo"]):
            subprocess.run([*cli, *verb], cwd=folder, check=True, capture_output=True)
        sys.path.insert(0, str(ROOT))
        from consult.db import get_engine, session_scope
        from consult.logs import configure_logging
        from consult.settings import get_settings
        from faq import service

        # As served: JSON log lines, each question's written, here to nowhere rather than the terminal.
        os.environ["LOG_FORMAT"] = "json"
        configure_logging(get_settings())
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115  (for the rest of this process)
        with session_scope() as db:
            service.current_index(db=db)
        draft = service.draft_answer(QUESTION)
        engine = get_engine()

        def in_session() -> None:
            with session_scope() as db:
                service.settle_answer(QUESTION, draft, db=db, channel="api")

        def empty_session() -> None:
            with session_scope() as db:
                db.connection()

        rows = [
            ("the search (draft_answer)", lambda: service.draft_answer(QUESTION)),
            ("an ORM session, no SQL", empty_session),
            ("a pooled connection, no SQL", lambda: engine.raw_connection().close()),
            ("the log row in a session (settle_answer)", in_session),
            ("the log row on its own connection (log_draft)",
             lambda: service.log_draft(QUESTION, draft, channel="api")),
        ]
        print(f"| part | hot, us of CPU | after a {args.pause_ms:g} ms pause, us of CPU |\n|---|---|---|")
        for name, call in rows:
            hot = cpu_us(call, calls=args.calls, pause=0)
            cold = cpu_us(call, calls=args.calls, pause=args.pause_ms / 1000)
            print(f"| {name} | {hot:,.0f} | {cold:,.0f} |", flush=True)


if __name__ == "__main__":
    main()
