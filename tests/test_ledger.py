"""The claim ledger: every finding as a claim with its evidence located in the raw article,
written by ``kaili data export`` and valid against the schema the package ships."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import jsonschema
import pytest

import kaili_analysis as ka
from kaili_analysis.analysis.audit.ledger import SCHEMA_PATH, claim_ledger, ledger_schema
from kaili_analysis.cli import main
from kaili_analysis.data.provenance import normalize
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.words.findings import phrase


@pytest.fixture(scope="module")
def ledger() -> dict:
    return claim_ledger()


def _validator() -> jsonschema.protocols.Validator:
    schema = ledger_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_schema_ships_inside_the_package() -> None:
    assert SCHEMA_PATH.is_file()
    assert SCHEMA_PATH.parent == Path(ka.__file__).parent / "analysis" / "audit"
    assert ledger_schema()["$schema"].endswith("2020-12/schema")


def test_export_writes_a_ledger_valid_against_the_schema(tmp_path: Path) -> None:
    assert main(["data", "export", "--format", "csv", "--output-dir", str(tmp_path)]) == 0
    written = json.loads((tmp_path / "claims.json").read_text("utf-8"))
    errors = sorted(_validator().iter_errors(written), key=str)
    assert not errors, errors[0].message
    # the file writes each explanation out in both languages for its readers
    for claim in written["claims"]:
        for lang in ("zh", "en"):
            assert claim.pop(f"explanation_{lang}") == phrase(claim["explanation"], lang)
    # otherwise the library returns the same claims as the file holds
    assert written["claims"] == json.loads(json.dumps(ka.claims()))


def test_every_finding_is_a_claim_in_the_audit_order(ledger: dict) -> None:
    findings = ka.run_audit()
    assert [c["id"] for c in ledger["claims"]] == findings["id"].tolist()
    for claim, row in zip(ledger["claims"], findings.to_dict("records"), strict=True):
        assert claim["verdict"] == row["verdict"] and claim["check"] == row["check"]
        assert [e["record_id"] for e in claim["evidence"]] == row["indicator_ids"].split(";")
        for key in ("stated", "computed", "tolerance"):
            value = claim[key]["value"]
            assert (value is None) == math.isnan(row[key])
            if value is not None:
                assert value == pytest.approx(row[key])
    assert ledger["settings"] == {"tolerance_pp": 0.5, "price_pp": 3.0, "base_year": 2020}
    assert ledger["data_version"] == ka.data_version()


def test_evidence_offsets_point_at_the_quote_in_the_raw_article(ledger: dict) -> None:
    raw = ka.load_article()
    lines = raw.splitlines()
    n = 0
    for claim in ledger["claims"]:
        for ev in claim["evidence"]:
            words = raw[ev["char_start"]:ev["char_end"]]
            assert normalize(words) == ev["quote"]
            assert normalize(words[:1]) in normalize(lines[ev["line"] - 1])
            n += 1
    assert n >= len(ledger["claims"])


def test_a_settings_change_reaches_the_ledger() -> None:
    strict = claim_ledger(ka.run_audit(tolerance_pp=0.0))
    assert strict["settings"]["tolerance_pp"] == 0.0
    tolerances = {c["tolerance"]["value"] for c in strict["claims"] if c["tolerance"]["unit"]}
    assert 0.5 not in tolerances


def test_the_schema_refuses_broken_ledgers(ledger: dict) -> None:
    validator = _validator()
    assert validator.is_valid(ledger)
    broken = []
    for edit in (
        lambda d: d["claims"][0].pop("evidence"),
        lambda d: d["claims"][0].update(verdict="probably fine"),
        lambda d: d["claims"][0]["evidence"].clear(),
        lambda d: d["claims"][0]["evidence"][0].update(char_start=-1),
        lambda d: d["claims"][0]["stated"].update(value="6"),
        lambda d: d["claims"][0].update(extra=1),
        lambda d: d.pop("data_version"),
    ):
        copy_ = copy.deepcopy(ledger)
        edit(copy_)
        broken.append(validator.is_valid(copy_))
    assert broken == [False] * 7


def test_a_finding_citing_an_unknown_record_is_refused(ledger: dict) -> None:
    findings = ka.run_audit()
    findings.loc[0, "indicator_ids"] = "no_such_record"
    with pytest.raises(ParameterError, match="no_such_record"):
        claim_ledger(findings)


def test_findings_without_the_audit_columns_are_refused() -> None:
    with pytest.raises(ParameterError, match="missing column"):
        claim_ledger(ka.run_audit().drop(columns=["verdict"]))
    with pytest.raises(ParameterError, match="indicators is missing column"):
        claim_ledger(indicators=ka.load_indicators().drop(columns=["char_start"]))


def test_schema_enums_follow_the_audit_vocabulary() -> None:
    """A verdict or check added to the audit must be added to the shipped schema too."""
    from kaili_analysis.analysis.audit import CHECKS
    from kaili_analysis.analysis.audit._base import CLAIM_VERDICTS, GOAL_VERDICTS

    claim = ledger_schema()["$defs"]["claim"]["properties"]
    assert claim["verdict"]["enum"] == [*CLAIM_VERDICTS, *GOAL_VERDICTS]
    assert claim["check"]["enum"] == list(CHECKS)
