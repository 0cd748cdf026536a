"""The claim ledger: every audit finding as a machine-readable claim with where it stands.

A claim is one finding of :func:`~kaili_analysis.analysis.audit.run_audit` as a plain dict that JSON
can carry: its ``id``, ``check``, ``subject``, ``group``, ``verdict``, the ``stated`` and
``computed`` figures (value and unit, a computed range as ``low``/``high``), the
``difference``, the ``tolerance``, the ``explanation`` (a key of the word catalogue and its
values; ``kaili data export`` adds the sentences as ``explanation_zh`` and
``explanation_en``), and its
``evidence``: each record it rests on with the record's quote and the quote's locator in the
raw article (``char_start``, ``char_end``, ``paragraph``, ``line``; see
:mod:`kaili_analysis.data.locators`). Numbers the finding does not have are ``null``.

The ledger (:func:`claim_ledger`) wraps the claims with what they depend on: the data
version, the article's file and hash, and the audit's settings. ``kaili data export`` writes
it as ``claims.json``; its JSON Schema ships with the package (:data:`SCHEMA_PATH`).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

import pandas as pd

from kaili_analysis.data.frames import require_columns
from kaili_analysis.data.loaders import article_info, load_indicators
from kaili_analysis.errors import ParameterError

__all__ = ["LEDGER_VERSION", "SCHEMA_PATH", "claim_ledger", "claims", "ledger_schema"]

#: Version of the ledger's layout (bumped when a field changes meaning or goes away).
LEDGER_VERSION = 2
#: The JSON Schema of :func:`claim_ledger`, shipped as package data.
SCHEMA_PATH: Path = Path(__file__).resolve().parent / "claims.schema.json"

_EVIDENCE_COLUMNS = ("id", "quote", "char_start", "char_end", "paragraph", "line")
_FINDING_COLUMNS = ("id", "check", "subject", "group", "group_zh", "group_en", "verdict",
                    "indicator_ids", "stated", "stated_unit", "stated_qualifier", "computed",
                    "computed_low", "computed_high", "computed_unit", "computed_qualifier",
                    "difference", "tolerance", "tolerance_unit", "explanation_key",
                    "explanation_values")


def _num(value: Any) -> float | None:
    """A finite float, or None for a missing number (JSON has no NaN)."""
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _evidence(ids: str, records: dict[str, dict[str, Any]], claim_id: str) -> list[dict]:
    out = []
    for rid in dict.fromkeys(i for i in str(ids).split(";") if i):
        rec = records.get(rid)
        if rec is None:
            raise ParameterError(f"finding {claim_id!r} cites record {rid!r}, which is not in "
                                 "indicators; pass the indicators the findings were made from")
        out.append({"record_id": rid, "quote": rec["quote"],
                    **{k: int(rec[k]) for k in _EVIDENCE_COLUMNS[2:]}})
    return out


def _claim(row: dict[str, Any], records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "check": row["check"],
        "subject": row["subject"],
        "group": row["group"],
        "group_zh": row["group_zh"],
        "group_en": row["group_en"],
        "verdict": row["verdict"],
        "stated": {"value": _num(row["stated"]), "unit": row["stated_unit"],
                   "qualifier": row["stated_qualifier"]},
        "computed": {"value": _num(row["computed"]), "low": _num(row["computed_low"]),
                     "high": _num(row["computed_high"]), "unit": row["computed_unit"],
                     "qualifier": row["computed_qualifier"]},
        "difference": _num(row["difference"]),
        "tolerance": {"value": _num(row["tolerance"]), "unit": row["tolerance_unit"]},
        "explanation": {"key": row["explanation_key"], "values": row["explanation_values"]},
        "evidence": _evidence(row["indicator_ids"], records, row["id"]),
    }


def claim_ledger(
    findings: pd.DataFrame | None = None,
    *,
    indicators: pd.DataFrame | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Every audit finding as a claim, with the data it was made from.

    Parameters
    ----------
    findings
        :func:`~kaili_analysis.analysis.audit.run_audit` (default: the audit with its default
        settings of the data in ``data_dir``).
    indicators
        The records the findings cite, with their quotes and locators (default:
        :func:`~kaili_analysis.load_indicators` of ``data_dir``).
    data_dir
        Another copy of the data directory.

    Returns
    -------
    dict
        ``ledger_version``, ``data_version``, ``article`` (file, title, sha256),
        ``settings`` (tolerance_pp, price_pp, base_year of the audit) and ``claims`` (the
        list of :func:`claims`), ready for :func:`json.dumps`.

    Raises
    ------
    ParameterError
        If ``findings`` or ``indicators`` lacks a column, or a finding cites a record that
        ``indicators`` does not hold.
    """
    if findings is None:
        # the audit package imports this module: its function is looked up when it is called
        from kaili_analysis.analysis.audit import run_audit

        findings = run_audit(data_dir=data_dir)
    ind = indicators if indicators is not None else load_indicators(data_dir)
    for name, frame, need, source in (
            ("findings", findings, _FINDING_COLUMNS, "run_audit"),
            ("indicators", ind, _EVIDENCE_COLUMNS, "load_indicators")):
        require_columns(frame, name, need, expected=f"the output of {source}()")
    records = {r["id"]: r for r in ind[list(_EVIDENCE_COLUMNS)].to_dict("records")}
    info = article_info(data_dir)
    settings = findings.attrs
    return {
        "ledger_version": LEDGER_VERSION,
        "data_version": str(settings.get("data_version") or ind.attrs.get("data_version", "")),
        "article": {"file": info.get("file", ""), "title": info.get("title", ""),
                    "sha256": info.get("sha256", "")},
        "settings": {k: _num(settings[k]) if k != "base_year" else int(settings[k])
                     for k in ("tolerance_pp", "price_pp", "base_year") if k in settings},
        "claims": [_claim(row, records) for row in findings.to_dict("records")],
    }


def claims(
    findings: pd.DataFrame | None = None,
    *,
    indicators: pd.DataFrame | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> list[dict[str, Any]]:
    """Every audit finding as a claim: the ``claims`` of :func:`claim_ledger`.

    Parameters
    ----------
    findings, indicators, data_dir
        As for :func:`claim_ledger`.

    Returns
    -------
    list of dict
        One dict per finding, in the audit's order: id, check, subject, group, group_zh,
        group_en, verdict, stated {value, unit, qualifier}, computed {value, low, high,
        unit, qualifier}, difference, tolerance {value, unit}, explanation {key, values},
        evidence [{record_id, quote, char_start, char_end, paragraph, line}]. Rates and
        shares are fractions (unit ``fraction``).

    Raises
    ------
    ParameterError
        As :func:`claim_ledger`.
    """
    return claim_ledger(findings, indicators=indicators, data_dir=data_dir)["claims"]


def ledger_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of :func:`claim_ledger`, read from the package."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
