"""The framework's floor: a bare FastAPI app whose /healthz does what ours does (one `SELECT 1`
through a SQLAlchemy session on the same database), with no middleware, templates or domains.
benchmarks/http_wrk.py serves it beside the real service, with the same server and workers.

`POST /log` is the floor of a call that must write: it validates a JSON question and commits one
row (the FAQ logs every question it is asked, durably, before it answers), with nothing else: no
search, middleware or answer. Whatever our FAQ answer costs above it is ours to remove; what it
costs against our /healthz is the database's and the framework's."""
from __future__ import annotations

import os
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, create_engine, event, insert, text
from sqlalchemy.orm import sessionmaker

engine = create_engine(os.environ["DATABASE_URL"], pool_pre_ping=True)
if engine.dialect.name == "sqlite":  # as consult/db.py sets them: a fair write
    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        for pragma in ("journal_mode=WAL", "busy_timeout=30000", "synchronous=NORMAL"):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()
Session = sessionmaker(engine)
metadata = MetaData()
questions = Table("floor_questions", metadata, Column("id", Integer, primary_key=True),
                  Column("asked_at", DateTime(timezone=True)), Column("text", String(1000)))
metadata.create_all(engine)
app = FastAPI()


class Question(BaseModel):
    question: str = Field(min_length=1, max_length=1000)


@app.get("/healthz")
def healthz() -> JSONResponse:
    with Session() as db:
        db.execute(text("SELECT 1"))
    return JSONResponse({"status": "ok", "database": "ok"})


@app.post("/log")
def log(body: Question) -> JSONResponse:
    with Session() as db:
        row_id = db.execute(insert(questions).returning(questions.c.id),
                            {"asked_at": datetime.now(UTC), "text": body.question}).scalar_one()
        db.commit()
    return JSONResponse({"question_id": row_id})
