"""Helpers for consultation tests: a notifier that records what would have been sent."""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from consult import notify


class RecordingNotifier:
    name = "recording"

    def __init__(self) -> None:
        self.sent: list[notify.Notice] = []

    def send(self, notice: notify.Notice) -> bool:
        self.sent.append(notice)
        return True

    def kinds(self) -> list[str]:
        return [n.kind for n in self.sent]

    def to(self, name: str) -> list[notify.Notice]:
        return [n for n in self.sent if n.recipient and n.recipient.name == name]


@pytest.fixture
def notices() -> Iterator[RecordingNotifier]:
    recorder = RecordingNotifier()
    notify.register_notifier(recorder)
    yield recorder
    notify.unregister_notifier(recorder.name)
