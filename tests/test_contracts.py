"""The domain contracts: every package's contributions are declared once, and a wrong one fails loudly."""
from __future__ import annotations

import sys
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from consult import jobs
from consult.contract import ContractError, DomainContract, RetentionPurger, SubjectSource, compose
from consult.domains import COMPOSITION, CONTRACTS
from consult.queue import QueueSource
from consult.referrals import figures as referral_figures
from consult.referrals import routes as referral_routes
from consult.report_log import RecordLog


def test_every_domain_package_declares_one_contract_and_the_root_lists_them_all():
    assert [c.name for c in CONTRACTS] == ["core", "auth", "signin", "booking", "voice", "readiness", "pathway", "referrals",
                                           "consultations", "workforce", "telephony", "reporting", "faq", "bot", "privacy"]
    assert {"booking_reminders", "consultations.digest", "privacy_purge"} <= set(COMPOSITION.jobs)
    assert list(COMPOSITION.sources)[-1] == "accounts", "accounts are erased last"
    assert referral_figures.referral_figures in COMPOSITION.figures
    assert [q.name for q in COMPOSITION.queue] == ["pathway", "referrals", "telephony"]  # pathway: did-not-attend decisions
    assert {"complaints.remind", "telephony.reconcile"} <= set(COMPOSITION.jobs)


def test_a_misspelt_contribution_in_a_contract_module_stops_the_import(tmp_path, monkeypatch):
    package = tmp_path / "misspelt_domain"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "contract.py").write_text(textwrap.dedent("""
        from consult.contract import DomainContract
        from consult.referrals import figures

        CONTRACT = DomainContract(name="misspelt", figures=(figures.referal_figures,))
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(AttributeError, match="referal_figures"):
        __import__("misspelt_domain.contract")
    sys.modules.pop("misspelt_domain.contract", None)
    sys.modules.pop("misspelt_domain", None)


@pytest.mark.parametrize(("contribution", "message"), [
    ({"figures": ("consult.referrals.figures:referral_figures",)}, "figures must be a function"),
    ({"routers": (referral_routes,)}, "routers must be a FastAPI APIRouter"),
    ({"routers": referral_routes.router}, "routers must be a tuple"),
    ({"models": (referral_figures,)}, "at least one table"),
    ({"jobs": (lambda: None,)}, "made with @consult.jobs.scheduled"),
    ({"seeder": "consult.referrals.demo"}, "seeder must be a function"),
    ({"purgers": (lambda db, cutoff: 0,)}, "RetentionPurger"),
    ({"subject_access": ("referrals",)}, "SubjectSource"),
    ({"queue": ("referrals",)}, "QueueSource"),
    ({"record_logs": ("consultations",)}, "record_logs must be a consult.report_log.RecordLog"),
    ({"templates": Path("/nowhere/templates")}, "existing templates folder"),
])
def test_a_contribution_of_the_wrong_kind_is_refused_naming_the_domain(contribution, message):
    with pytest.raises(ContractError, match=message) as refused:
        DomainContract(name="telephone", **contribution)
    assert "telephone" in str(refused.value)


def test_an_unknown_kind_of_contribution_is_refused():
    with pytest.raises(TypeError, match="handlers"):
        DomainContract(name="telephone", handlers=())  # type: ignore[call-arg]


def test_two_domains_claiming_one_job_purger_or_source_name_fail_at_composition():
    job = jobs.scheduled("callbacks", description="call back")(lambda: None)
    purger = RetentionPurger("calls", lambda db, cutoff: 0)
    source = SubjectSource("calls", export=lambda db, s: None, erase=lambda db, s: 0)
    for field, value, kind in (("jobs", job, "job"), ("purgers", purger, "retention purger"),
                               ("subject_access", source, "subject access source")):
        with pytest.raises(ContractError, match=f"{kind} .* both 'line' and 'complaints'"):
            compose([DomainContract(name="line", **{field: (value,)}),
                     DomainContract(name="complaints", **{field: (value,)})])
    with pytest.raises(ContractError, match="domain 'line' is declared by both"):
        compose([DomainContract(name="line"), DomainContract(name="line")])


def test_a_misspelt_seed_after_or_a_circle_fails_at_composition():
    with pytest.raises(ContractError, match="seed_after names 'cor'"):
        compose([DomainContract(name="core"), DomainContract(name="line", seed_after=("cor",))])
    with pytest.raises(ContractError, match="circle"):
        compose([DomainContract(name="a", seed_after=("b",)), DomainContract(name="b", seed_after=("a",))])


def test_the_app_will_not_start_over_a_wrong_composition(database_url):
    from consult.app import create_app

    with pytest.raises(ContractError, match="not a DomainContract"):
        create_app(contracts=[*CONTRACTS, "consult.telephone.contract"])  # type: ignore[list-item]


def test_a_new_domain_adds_its_queue_lines_without_touching_consultations():
    source = QueueSource(name="home_visits", items=lambda **_: [])
    assert [q.name for q in compose([*CONTRACTS, DomainContract(name="home_visits", queue=(source,))]).queue] == [
        "pathway", "referrals", "telephony", "home_visits"]


def test_reporting_gets_the_consultation_log_figures_and_series_from_the_consultations_contract():
    from consult.consultations import report_figures
    from consult.consultations.contract import CONTRACT as consultations
    from consult.reporting.contract import CONTRACT as reporting

    assert report_figures.consultation_figures in consultations.figures
    assert report_figures.consultation_series in consultations.series
    assert [log.name for log in consultations.record_logs] == ["consultations"]
    assert COMPOSITION.record_log("consultations") is consultations.record_logs[0]
    assert reporting.figures == () and reporting.series == ()  # reporting declares no other domain's figures


def _without_record_logs():
    """Every contract as it is, but consultations contributing no record log."""
    return [replace(c, record_logs=()) if c.name == "consultations" else c for c in CONTRACTS]


def _a_log(**changes):
    from consult.consultations import report_log

    parts = {"name": "calls", "page": report_log.log_page, "export": report_log.export_rows,
             "choices": report_log.choices, "codes": report_log.LOG.codes, **changes}
    return RecordLog(**parts)


@pytest.mark.parametrize(("change", "message"), [
    ({"export": "consult.consultations.report_log:export_rows"}, "export must be a function"),
    ({"page": None}, "page must be a function"),
    ({"codes": {"channel": {}, "outcome": {}, "thrive": {}}}, "missing status"),
    ({"codes": "channel,outcome"}, "missing channel, outcome, thrive, status"),
    ({"name": ""}, "needs a name"),
])
def test_a_wrong_record_log_is_refused_when_it_is_made(change, message):
    with pytest.raises(ContractError, match=message):
        _a_log(**change)


def test_a_missing_or_doubly_declared_record_log_fails_loudly():
    log = _a_log()
    with pytest.raises(ContractError, match="record log 'calls' is declared by both 'line' and 'complaints'"):
        compose([DomainContract(name="line", record_logs=(log,)), DomainContract(name="complaints", record_logs=(log,))])
    without = compose(_without_record_logs())
    with pytest.raises(ContractError, match="no domain contributes the record log 'consultations'"):
        without.record_log("consultations")


def test_start_up_stops_without_the_consultation_log_reporting_needs():
    from consult.contract import install
    from consult.reporting import log
    from consult.reporting.contract import CONTRACT as reporting

    assert log.require in reporting.startup  # the web app runs every contract's startup hooks first
    install(compose(_without_record_logs()))
    try:
        with pytest.raises(ContractError, match="no domain contributes the record log 'consultations'"):
            log.require()
    finally:
        install(COMPOSITION)
    log.require()
