"""Shared test fixtures.

Tools outside Python (Chromium, the CJK fonts, poppler's pdftotext/pdftoppm) are looked up here.
Locally a missing tool skips the tests that need it; with ``CI=true`` it fails them, because CI
must prove the PDF and browser paths (``make test`` installs the tools there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

#: The raw article's file name (the article resource of data/datapackage.json).
ARTICLE_FILE = "000_25d5770c5c2caf2a.txt"

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _private_figure_cache(tmp_path_factory: pytest.TempPathFactory):
    """Every test session starts with an empty figure cache of its own (never ~/.cache);
    report kernels started by the tests inherit the variable."""
    from kaili_analysis import config

    old = os.environ.get(config.CACHE_DIR_ENV)
    os.environ[config.CACHE_DIR_ENV] = str(tmp_path_factory.mktemp("kaili-cache"))
    yield
    if old is None:
        os.environ.pop(config.CACHE_DIR_ENV, None)
    else:
        os.environ[config.CACHE_DIR_ENV] = old


def _missing(what: str, how: str) -> None:
    msg = f"{what} is not available ({how})"
    if IN_CI:
        pytest.fail(f"CI requires it: {msg}", pytrace=False)
    pytest.skip(msg)


def require_executable(name: str, package: str) -> str:
    """Return the path of an executable, or skip (locally) / fail (CI) without it."""
    path = shutil.which(name)
    if path is None:
        _missing(f"executable {name!r}", f"install the Debian package {package}")
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """A Chromium executable for PDF printing and browser tests."""
    env = os.environ.get("KAILI_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    _missing("Chromium", "install the Debian package chromium or set KAILI_CHROMIUM")
    return ""  # unreachable


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """The pdftotext executable (poppler-utils)."""
    return require_executable("pdftotext", "poppler-utils")


@pytest.fixture(scope="session")
def pdftoppm() -> str:
    """The pdftoppm executable (poppler-utils)."""
    return require_executable("pdftoppm", "poppler-utils")


@pytest.fixture(scope="session")
def cjk_font() -> str:
    """The family name of an installed Simplified-Chinese font."""
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False
        ).stdout
    except FileNotFoundError:
        out = ""
    families = [f.split(",")[0].strip() for f in out.splitlines() if f.strip()]
    for preferred in ("Noto Sans CJK SC", "Noto Serif CJK SC"):
        if preferred in families:
            return preferred
    if families:
        return families[0]
    _missing("a Simplified Chinese font", "install the Debian package fonts-noto-cjk")
    return ""  # unreachable


def write_data_dir(
    root: Path,
    article: str,
    tables: dict[str, list[dict]],
) -> Path:
    """Write a small, self-consistent data directory: article, its metadata and hash in the
    descriptor (the repository's schema), and the given tables as CSV files.

    ``tables`` maps a table name (sections, indicators, targets_2025, projects_2022,
    exclusions) to its rows; a table left out is written with its header only.
    """
    import csv
    import hashlib
    import json

    from kaili_analysis import config

    (root / "raw").mkdir(parents=True, exist_ok=True)
    raw = root / "raw" / ARTICLE_FILE
    raw.write_text(article, encoding="utf-8")
    sha = hashlib.sha256(raw.read_bytes()).hexdigest()
    (root / "raw" / config.ARTICLE_METADATA).write_text("{}", "utf-8")
    pkg = json.loads((config.DEFAULT_DATA_DIR / config.DATAPACKAGE_FILE).read_text("utf-8"))
    for res in pkg["resources"]:
        if res["name"] == "article":
            res["hash"] = f"sha256:{sha}"
            continue
        fields = [f["name"] for f in res["schema"]["fields"]]
        with (root / res["path"]).open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fields)
            writer.writeheader()
            for row in tables.get(res["name"], []):
                writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    (root / config.DATAPACKAGE_FILE).write_text(json.dumps(pkg, ensure_ascii=False), "utf-8")
    return root


def indicator(id_: str, concept: str, text: str, unit: str, kind: str, quote: str, *,
              period: str = "", qualifier: str = "eq", unit_base: str | None = None,
              section: str = "preamble", zh: str | None = None, en: str | None = None,
              value: float | None = None) -> dict:
    """One indicators.csv row with the base value computed from the unit."""
    from kaili_analysis.data.provenance import parse_number
    from kaili_analysis.data.units import parse_unit, to_base

    number = parse_number(text) if value is None else value
    return {
        "id": id_, "section": section, "topic": "general", "concept": concept,
        "indicator_zh": zh or concept, "indicator_en": en or concept.replace("_", " "),
        "value_text": text, "value": number, "unit": unit, "value_base": to_base(number, unit),
        "unit_base": unit_base or parse_unit(unit).base, "qualifier": qualifier,
        "period": period, "kind": kind, "quote": quote, "note": "",
    }
