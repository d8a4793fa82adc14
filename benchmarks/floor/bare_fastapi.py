"""The framework's floor: a bare FastAPI app whose /healthz does what ours does (one `SELECT 1`
through a SQLAlchemy session on the same database), with no middleware, templates or domains.
benchmarks/http_wrk.py serves it beside the real service, with the same server and workers."""
from __future__ import annotations

import os

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from sqlalchemy import create_engine, text
from sqlalchemy.orm import sessionmaker

engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
Session = sessionmaker(engine)
app = FastAPI()


@app.get("/healthz")
def healthz() -> JSONResponse:
    with Session() as db:
        db.execute(text("SELECT 1"))
    return JSONResponse({"status": "ok", "database": "ok"})
