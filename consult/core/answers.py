"""The base for JSON answers (response models), so /openapi.json documents what each route returns.

A response model filters what it does not name; `extra="forbid"` turns that into a loud failure
instead, so a field added to a view but not to its model breaks the route's tests rather than
vanishing from the answer. Numbers that may be whole or not are `Number`, because a plain
`float` would turn 3 into 3.0 and change the answer's text.
"""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict

Number = int | float


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
