"""What the core package contributes: home, /healthz and /api/me, closures and the worker lease, the
demo team, and the shared page templates (base.html, message.html)."""
from __future__ import annotations

from pathlib import Path

from consult.contract import DomainContract
from consult.core import demo, models, routes

CONTRACT = DomainContract(
    name="core",
    routers=(routes.router,),
    models=(models,),
    seeder=demo.seed,  # first: every other seeder needs the team
    templates=Path(__file__).resolve().parent.parent / "templates",
)
