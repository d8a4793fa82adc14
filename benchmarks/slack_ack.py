"""How fast the Slack endpoint acknowledges under a burst: 20 concurrent signed slash commands.

Slack gives an app 3 seconds to acknowledge. The real service runs in its own process with a
fake Slack Web API (bot.testing.FakeSlack) in this one; every command is correctly signed.
Usage: python benchmarks/slack_ack.py
"""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from harness import measure, median, report, running_service  # noqa: E402

from bot.testing import FakeSlack, command_body, signed_headers, slack_user  # noqa: E402

SECRET = "benchmark-signing-secret"
USER = "U-BENCH"
BURST = 20
COMMANDS = ["ask how long until a referral is acknowledged", "hours", "status", "ask do you see dads"]


def _command(client: httpx.Client, fake: FakeSlack, text: str, n: int) -> httpx.Response:
    body = command_body(text, user_id=USER, response_url=fake.response_url(f"bench-{n}"))
    return client.post("/slack/events", content=body, headers=signed_headers(body, SECRET))


def burst(service, fake: FakeSlack, rounds: int = 5) -> tuple[list[float], list[float], int]:
    """`rounds` bursts of BURST simultaneous commands: ack latencies, time until every lazy reply, errors."""
    acks: list[float] = []
    completions: list[float] = []
    errors = 0
    for r in range(rounds):
        fake.reset()
        gate = threading.Barrier(BURST)
        lock = threading.Lock()

        def one(n: int) -> None:
            nonlocal errors
            with httpx.Client(base_url=service.base_url, timeout=30) as client:
                gate.wait()  # noqa: B023
                started = time.perf_counter()
                response = _command(client, fake, COMMANDS[n % len(COMMANDS)], r * BURST + n)  # noqa: B023
                with lock:  # noqa: B023
                    acks.append((time.perf_counter() - started) * 1000)
                    errors += response.status_code != 200

        started = time.perf_counter()
        threads = [threading.Thread(target=one, args=(n,)) for n in range(BURST)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        # "hours" answers inside the ack; the others reply later through response_url.
        lazy = sum(1 for n in range(BURST) if COMMANDS[n % len(COMMANDS)] != "hours")
        deadline = time.monotonic() + 30
        while sum(1 for c in fake.calls if c.method.startswith("response/bench")) < lazy and time.monotonic() < deadline:
            time.sleep(0.01)
        completions.append((time.perf_counter() - started) * 1000)
    return acks, completions, errors


if __name__ == "__main__":
    fake = FakeSlack(users={USER: slack_user(USER, name="Jo Pellow", email="jo.pellow@demo.nhs.net")}).start()
    env = {"SLACK_BOT_TOKEN": "xoxb-benchmark", "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": fake.url,
           "SLACK_TRIAGE_CHANNEL": "C-BENCH"}
    with running_service(env=env) as service:
        base = measure("GET /healthz", service, lambda c: c.get("/healthz"), concurrency=BURST)
        help_cmd = measure("/pimh help (answered in ack)", service, lambda c: _command(c, fake, "help", 0),
                           concurrency=BURST)
        ask_cmd = measure("/pimh ask (lazy FAQ answer)", service, lambda c: _command(c, fake, COMMANDS[0], 0),
                          concurrency=BURST)
        report([base, help_cmd, ask_cmd], baseline=base)
        acks, completions, errors = burst(service, fake)
    fake.stop()
    ordered = sorted(acks)
    print(f"\n{len(acks)} commands in bursts of {BURST}: ack p50 {median(acks):.0f} ms, "
          f"p95 {ordered[int(0.95 * len(ordered)) - 1]:.0f} ms, max {ordered[-1]:.0f} ms "
          f"({ordered[-1] / 3000:.0%} of Slack's 3 s), errors {errors}")
    print(f"every lazy reply posted within: median {median(completions):.0f} ms, max {max(completions):.0f} ms per burst")
