"""Every test that drives Chromium carries the `browser` marker, so `pytest -m "not browser"` is a fast
lane that never starts a browser (tests/conftest.py marks each test whose fixtures include `browser`)."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent
LAUNCHES = ("sync_playwright()", "async_playwright()", "chromium.launch", "executable_path")
DRIVES = ("goto", "wait_for_url", "screenshot", "get_by_role")  # Playwright Page methods (httpx has none of them)


def _functions(tree: ast.Module) -> list[ast.FunctionDef]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]


def _is_fixture(function: ast.FunctionDef) -> bool:
    return any("fixture" in ast.unparse(decorator) for decorator in function.decorator_list)


def _params(function: ast.FunctionDef) -> set[str]:
    return {a.arg for a in (*function.args.posonlyargs, *function.args.args, *function.args.kwonlyargs)}


def _fixtures(paths: list[Path]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in paths:
        for function in _functions(ast.parse(path.read_text())):
            if _is_fixture(function):
                found.setdefault(function.name, set()).update(_params(function))
    return found


def _closure(names: set[str], fixtures: dict[str, set[str]]) -> set[str]:
    seen, waiting = set(), list(names)
    while waiting:
        name = waiting.pop()
        if name not in seen:
            seen.add(name)
            waiting.extend(fixtures.get(name, ()))
    return seen


def _drives_a_page(function: ast.FunctionDef, fixtures: dict[str, set[str]]) -> bool:
    """It asks for a Playwright page, or calls a Page method on whatever it has (`live_server` alone is
    not a browser: the race tests send HTTP requests to it)."""
    if "page" in _closure(_params(function), fixtures):
        return True
    return any(isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in DRIVES
               for node in ast.walk(function))


def test_only_the_browser_fixture_launches_chromium():
    launching = [str(p.relative_to(TESTS)) for p in TESTS.rglob("*.py")
                 if p.name != "conftest.py" and p != Path(__file__) and any(s in p.read_text() for s in LAUNCHES)]
    assert launching == [], "launch Chromium only through the `browser` fixture, which carries the marker"


def test_every_test_that_drives_a_page_asks_for_the_browser_fixture():
    conftests = sorted(TESTS.rglob("conftest.py"))
    unmarked = []
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text())
        fixtures = _fixtures([*(c for c in conftests if c.parent in path.parents), path])
        for function in _functions(tree):
            if function.name.startswith("test_") and _drives_a_page(function, fixtures):
                if "browser" not in _closure(_params(function), fixtures):
                    unmarked.append(f"{path.relative_to(TESTS)}::{function.name}")
    assert unmarked == []


def test_the_fast_lane_leaves_out_every_browser_test():
    """Collected for real: the browser tests of one file are all deselected by -m "not browser"."""
    def collected(marker: str) -> list[str]:
        run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                              "-p", "no:xdist", "-m", marker, str(TESTS / "reporting" / "test_browser.py")],
                             capture_output=True, text=True, cwd=TESTS.parent, check=False)
        return [line for line in run.stdout.splitlines() if "::" in line]

    assert collected("browser"), "the browser tests were not collected at all"
    assert collected("not browser") == []
