"""The import contracts in pyproject.toml name their modules one by one (import-linter has no
"every module except the transports"), so a module added later would be checked by nothing.
These tests fail when a new module is in neither list: the author decides, by adding it to the
contract or by giving it a transport's name."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
DOMAIN_CONTRACT = next(c for c in CONTRACTS if c["name"].startswith("The domain"))
CORE_CONTRACT = next(c for c in CONTRACTS if c["name"].startswith("The core"))

# Transports may import FastAPI, Slack or the bot; a domain module must not. The contract module
# names the transports' routers, so it imports them.
TRANSPORT_NAMES = {"routes", "pages", "forms", "contract", "cli", "webhooks", "http_errors", "edge"}
# The composition root: it imports every domain by design.
COMPOSITION_ROOT = {"app", "domains", "cli", "boot", "worker", "apidocs", "models", "seeding"}


def _modules(package: str) -> list[str]:
    folder = ROOT / package.replace(".", "/")
    return sorted(f"{package}.{path.stem}" for path in folder.glob("*.py") if path.stem != "__init__")


def _domain_packages() -> set[str]:
    return {".".join(m.split(".")[:2]) if m.startswith("consult.") else m.split(".")[0]
            for m in DOMAIN_CONTRACT["source_modules"]}


def _is_transport(module: str) -> bool:
    name = module.rsplit(".", 1)[1]
    return name in TRANSPORT_NAMES or name.endswith("_pages")


def test_every_domain_module_is_under_the_domain_contract_or_is_a_transport() -> None:
    listed = set(DOMAIN_CONTRACT["source_modules"])
    packages = _domain_packages()
    assert {"booking", "faq", "consult.consultations", "consult.referrals", "consult.pathway"} <= packages
    unchecked = [m for p in sorted(packages) for m in _modules(p) if m not in listed and not _is_transport(m)]
    assert unchecked == [], (
        f"{unchecked}: add each to the domain contract in pyproject.toml (it must not import FastAPI, "
        "Slack or the bot), or name it as a transport (routes, pages, *_pages, forms, ...)")


def test_the_domain_contract_names_only_modules_that_exist() -> None:
    # A misspelt or deleted module would make the contract check nothing for it.
    missing = [m for m in DOMAIN_CONTRACT["source_modules"] + CORE_CONTRACT["source_modules"]
               if not (ROOT / (m.replace(".", "/") + ".py")).is_file()
               and not (ROOT / m.replace(".", "/") / "__init__.py").is_file()]
    assert missing == []


def test_every_top_level_core_module_is_under_the_core_contract_or_is_the_composition_root() -> None:
    listed = set(CORE_CONTRACT["source_modules"])
    unchecked = [m for m in _modules("consult") if m not in listed and m.rsplit(".", 1)[1] not in COMPOSITION_ROOT]
    assert unchecked == [], f"{unchecked}: add each to the core contract in pyproject.toml, or to COMPOSITION_ROOT here"
