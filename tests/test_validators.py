"""Report parameter checks that run before a kernel starts."""

from __future__ import annotations

import pytest

import kaili_analysis as ka
from kaili_analysis import validators
from kaili_analysis.errors import ParameterError


def test_targets_report() -> None:
    validators.targets_report({"lang": "en", "base_year": 2020, "target_year": 2030})
    goal = ka.load_targets()["id"].iloc[0]
    validators.targets_report({"scenario_rates": {goal: 0.05}})
    with pytest.raises(ParameterError, match="target_year must be after base_year"):
        validators.targets_report({"base_year": 2020, "target_year": 2019})
    with pytest.raises(ParameterError, match="scenario key 'gdp' is not a goal"):
        validators.targets_report({"scenario_rates": {"gdp": 0.05}})


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
