from __future__ import annotations

import json

from typer.testing import CliRunner

from consult.cli import app

runner = CliRunner()


def test_pimh_report_quarterly_prints_the_json_figures(database_url, quarter_data):
    result = runner.invoke(app, ["report", "quarterly", "--quarter", "2026Q3"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert figures["consultations"] == 6 and figures["advised_within_target_pct"] == 60.0


def test_pimh_report_quarterly_prints_the_suppressed_csv(database_url, quarter_data):
    result = runner.invoke(app, ["report", "quarterly", "--quarter", "2026Q3", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "by_district,Thanet,<5" in result.stdout and "summary,consultations,6" in result.stdout


def test_pimh_report_quarterly_refuses_a_bad_quarter_or_format(database_url):
    assert runner.invoke(app, ["report", "quarterly", "--quarter", "2026-3"]).exit_code == 2
    assert runner.invoke(app, ["report", "quarterly", "--quarter", "2026Q3", "--format", "xml"]).exit_code == 2
