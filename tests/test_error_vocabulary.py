"""One error vocabulary (issue 17 item 2): every domain's refusals are the core's four kinds, and
no JSON route maps them to HTTP by hand (the one handler in consult/core/http_errors.py does)."""
from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from booking.rota import RotaError
from booking.service import BookingNotFound, ChangeRefused, InvalidBooking, SlotUnavailable
from consult.consultations.errors import InvalidInput, NotAllowed, NotFound, WrongState
from consult.core import errors as core
from consult.referrals.errors import ReferralNotFound, Refused
from consult.reporting.periods import PeriodError
from consult.workforce.supervision import SupervisionError
from consult.workforce.training import TrainingError

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(("error", "kind"), [
    (NotFound("PIMH-2026-00001"), core.NotFound), (NotAllowed("no"), core.NotAllowed),
    (WrongState("claimed"), core.Conflict), (InvalidInput("district", "unknown"), core.Invalid),
    (ReferralNotFound("REF-2026-00001"), core.NotFound), (Refused([]), core.Invalid),
    (BookingNotFound("gone", code="not_found"), core.NotFound), (SlotUnavailable("taken", code="taken"), core.Conflict),
    (ChangeRefused("cut-off", code="cut_off"), core.Conflict), (InvalidBooking("bad", code="x", field="slot_id"), core.Invalid),
    (RotaError("backwards"), core.Invalid), (PeriodError("2026Q9"), core.Invalid),
    (TrainingError("not_found", "No such course."), core.NotFound), (TrainingError("full", "Full."), core.Conflict),
    (TrainingError("duplicate", "Already."), core.Conflict), (TrainingError("invalid", "Bad."), core.Invalid),
    (SupervisionError("invalid", "Choose.", "supervisor_id"), core.Invalid),
    (SupervisionError("not_found", "No such group."), core.NotFound),
])
def test_every_domain_error_is_one_of_the_four_kinds(error, kind):
    assert isinstance(error, kind)
    assert error.message and str(error)


def test_a_coded_error_is_still_caught_by_its_own_name():
    with pytest.raises(TrainingError) as caught:
        raise TrainingError("full", "The course is full.")
    assert caught.value.code == "full" and str(caught.value) == "The course is full."


def _route_modules() -> list[Path]:
    return sorted(p for p in (ROOT / "consult").rglob("routes.py")) + [ROOT / "booking" / "routes.py", ROOT / "faq" / "routes.py"]


def test_no_json_route_catches_a_domain_error_to_map_it_by_hand():
    offenders = []
    for path in _route_modules():
        module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ExceptHandler) and node.type is not None:
                names = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
                for name in names:
                    caught = getattr(module, getattr(name, "id", ""), None)
                    if isinstance(caught, type) and issubclass(caught, core.DomainError):
                        offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} catches {caught.__name__}")
    assert offenders == []
