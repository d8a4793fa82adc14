"""Issue 23: start-up pays only for what the first answers need. The libraries below load on first
use (the FAQ index a second after start-up, bank holidays with the first calendar, Slack only when
configured, PDF, telephony and the scheduler in their own commands, calendar invites with the first
invite, rate limiting with the first limited request), so importing and building the web app must
not import them: one top-level import would put its cost back on every start. `pimh serve` on an
up-to-date SQLite database checks its migrations without Alembic."""
from __future__ import annotations

import json
import os
import subprocess
import sys

DEFERRED = (
    "numpy", "bm25s", "faq.index", "faq.dense", "faq.embedding",  # the FAQ index (built behind start-up)
    "holidays",  # bank holidays, first read by a page's working calendar
    "markdown",  # FAQ answers' HTML, first rendered by the index build
    "slack_bolt", "slack_sdk",  # only when Slack is configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)
    "twilio", "weasyprint", "apscheduler", "alembic",
    "icalendar",  # a booking's invite (booking/ics.py)
    "limits",  # rate limits: the first limited request with RATE_LIMITS on (consult/ratelimit.py)
)

_BUILD_THE_APP = (
    "import json, sys\n"
    "from consult.app import create_app\n"
    "create_app()\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def test_building_the_web_app_imports_none_of_the_libraries_it_defers(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path}/imports.db", RATE_LIMITS="off")
    done = subprocess.run([sys.executable, "-c", _BUILD_THE_APP], env=env, cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "consult.app" in loaded and "faq.service" in loaded  # the app (and the FAQ's service) really were built
    assert sorted(m for m in DEFERRED if m in loaded) == []


_CHECK_MIGRATIONS = (
    "import json, sys\n"
    "from consult.migrate import upgrade\n"
    "upgrade(sys.argv[1])\n"
    "print(json.dumps(sorted(sys.modules)))\n"
)


def test_starting_on_an_up_to_date_database_imports_no_alembic(database_url, tmp_path):
    done = subprocess.run([sys.executable, "-c", _CHECK_MIGRATIONS, database_url], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = set(json.loads(done.stdout.strip().splitlines()[-1]))
    assert "consult.migrate" in loaded and "alembic" not in loaded


_PRELOAD = (
    "import gc, json, threading\n"
    "from consult.app import app_factory\n"
    "app_factory()\n"
    "import consult.db\n"
    "print(json.dumps({'threads': [t.name for t in threading.enumerate()], 'engines': len(consult.db._engines),\n"
    "                  'frozen': gc.get_freeze_count(), 'collecting': gc.isenabled()}))\n"
)


def test_the_app_gunicorn_preloads_opens_no_connection_and_starts_no_thread_before_the_workers_fork(tmp_path):
    """The Procfile's gunicorn builds the app in its master process (--preload) and forks the workers
    from it: a connection or a thread made while building would be shared by, or missing from, them."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path}/preload.db", "RATE_LIMITS": "off",
           "SLACK_BOT_TOKEN": "xoxb-preload", "SLACK_SIGNING_SECRET": "preload-secret"}  # Slack's app is built too
    done = subprocess.run([sys.executable, "-c", _PRELOAD], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    built = json.loads(done.stdout.strip().splitlines()[-1])
    assert built["threads"] == ["MainThread"] and built["engines"] == 0
    # What the build made is frozen out of the collector's reach (consult/boot.py), and it collects again.
    assert built["frozen"] > 10_000 and built["collecting"] is True
