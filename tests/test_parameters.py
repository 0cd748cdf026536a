"""Report parameter checks that run before a kernel starts."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.analysis import parameters as validators
from kaili_analysis.errors import DataValidationError, ParameterError


def test_targets_report() -> None:
    validators.targets_report({"lang": "en", "base_year": 2020, "horizon": 2030})
    validators.targets_report({"base_year": 2015, "horizon": 2023})
    validators.targets_report({"scenario_rates": {"gdp_growth": 0.05}})
    with pytest.raises(ParameterError, match="horizon must be an integer year after base_year"):
        validators.targets_report({"base_year": 2020, "horizon": 2019})
    with pytest.raises(ParameterError, match="before the goals' year 2025"):
        validators.targets_report({"base_year": 2025, "horizon": 2030})
    with pytest.raises(ParameterError, match="scenario key 'gdp' is not a goal that can be "
                                             "projected"):
        validators.targets_report({"scenario_rates": {"gdp": 0.05}})
    with pytest.raises(ParameterError, match=r"cpi_increase is a limit \(at most\)"):
        validators.targets_report({"scenario_rates": {"cpi_increase": 0.01}})


def test_section_report() -> None:
    first = ka.load_sections()["id"].iloc[0]
    validators.section_report({"section": first})
    with pytest.raises(ParameterError, match=r"section must be one of .* got 'nowhere'"):
        validators.section_report({"section": "nowhere"})


def test_audit_report() -> None:
    validators.audit_report({"tolerance_pp": 1})
    with pytest.raises(ParameterError, match="tolerance_pp must be"):
        validators.audit_report({"tolerance_pp": -1})


def test_lang_is_checked_everywhere() -> None:
    for check in (validators.targets_report, validators.audit_report,
                  validators.section_report, validators.livelihood_report):
        with pytest.raises(ParameterError, match="lang must be one of zh, en, got 'fr'"):
            check({"lang": "fr", "section": "poverty"})


def test_pick_sections() -> None:
    known = ["a", "b", "c"]
    assert validators.pick_sections("all", known) == known
    assert validators.pick_sections("", known) == known
    assert validators.pick_sections(" c, a", known) == ["c", "a"]
    assert validators.pick_sections(["b"], known) == ["b"]
    with pytest.raises(ParameterError, match="ids from a, b, c, got 'd'"):
        validators.pick_sections("a,d", known)
    with pytest.raises(ParameterError, match="sections must be 'all' or a comma-separated"):
        validators.pick_sections(3, known)


def test_section_ids_match_the_loaded_table() -> None:
    assert validators.section_ids() == list(ka.load_sections()["id"])


def test_column_values_names_a_missing_file_or_column(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(config.DATA_DIR_ENV, str(tmp_path))
    with pytest.raises(DataValidationError, match="descriptor is missing") as info:
        validators.section_ids()
    assert info.value.path == tmp_path / config.DATAPACKAGE_FILE
    shutil.copy(config.DEFAULT_DATA_DIR / config.DATAPACKAGE_FILE, tmp_path)
    with pytest.raises(DataValidationError, match="the table sections not found") as info:
        validators.section_ids()
    assert info.value.path == tmp_path / "sections.csv"
    (tmp_path / "sections.csv").write_text("name,order\nx,1\n", "utf-8")
    with pytest.raises(DataValidationError, match="no column 'id'") as info:
        validators.section_ids()
    assert info.value.line == 1 and info.value.column == "id"


def test_checks_before_the_kernel_do_not_import_pandas() -> None:
    """The render command validates every report's defaults without pandas or matplotlib
    (papermill, which reads the parameters cells, brings numpy)."""
    code = ("import sys; from kaili_analysis.render.notebooks import list_reports\n"
            "from kaili_analysis.render.params import validate_parameters\n"
            "for spec in list_reports(): validate_parameters(spec, {})\n"
            "validate_parameters(next(s for s in list_reports() if s.name == 'overview'), "
            "{'sections': 'industry,poverty'})\n"
            "print(sorted(m for m in ('pandas', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"
