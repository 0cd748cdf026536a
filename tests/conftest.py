"""Shared test fixtures.

Tools outside Python (Chromium, the CJK fonts, poppler's pdftotext/pdftoppm) are looked up here.
Locally a missing tool skips the tests that need it; with ``CI=true`` it fails them, because CI
must prove the PDF and browser paths (``make test`` installs the tools there). axe-core (npm),
the accessibility checker, is looked up the same way, in ``.venv/axe`` (``KAILI_AXE_DIR``).

The whole report set is rendered once per test run (:func:`rendered`), for the notebook tests
and the accessibility tests alike, whichever xdist worker asks first.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

#: The raw article's file name (the article resource of data/datapackage.json).
ARTICLE_FILE = "000_25d5770c5c2caf2a.txt"

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REPO_ROOT = Path(__file__).resolve().parents[1]
#: Where .ci/system-deps.sh installs npm's axe-core (``KAILI_AXE_DIR`` elsewhere).
AXE_DIR_ENV = "KAILI_AXE_DIR"

#: Outside text that would run or load something if it reached a page unescaped.
HOSTILE = "<img src=https://evil.example/x.png onerror=alert(1)>"
HOSTILE_NAME = "<img src=x onerror=alert(2)>"  # a file name (no slash)


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


@pytest.fixture(scope="session")
def axe_js() -> Path:
    """axe-core's ``axe.min.js``, as ``.ci/system-deps.sh`` installs it (npm)."""
    folder = Path(os.environ.get(AXE_DIR_ENV) or REPO_ROOT / ".venv" / "axe")
    path = folder / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        _missing(f"axe-core ({path})", "run bash .ci/system-deps.sh, which installs npm's "
                 f"axe-core into .venv/axe, or set {AXE_DIR_ENV} to its --prefix folder")
    return path


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run that every xdist worker sees."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _only_one_at_a_time(lock: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``lock`` (a file), across the xdist workers of the run."""
    import fcntl  # POSIX only, as the rest of the browser and PDF tests

    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _write_once(path: Path, content: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with _only_one_at_a_time(path.parent / ".lock"):
        if not path.exists():
            path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def progress_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A progress file whose name and as_of cell are hostile markup."""
    from kaili_analysis import load_projects

    projects = load_projects()
    first, second = projects.iloc[0], projects.iloc[1]
    return _write_once(_shared_dir(tmp_path_factory) / "progress" / f"{HOSTILE_NAME}.csv",
                       f"id,actual,as_of\n{first['id']},{first['value']},2022-12-31\n"
                       f"{second['id']},{second['value'] / 2},{HOSTILE}\n")


@pytest.fixture(scope="session")
def actuals_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Made-up actual figures (a fixture, not statistics)."""
    return _write_once(_shared_dir(tmp_path_factory) / "actuals" / "actuals.csv",
                       "id,year,value,unit,source\n"
                       "built_up_area_2025,2022,80,平方公里,fixture figure A\n"
                       "agri_output_end,2021,400000,万元,fixture figure B\n"
                       "gdp_growth,2021,8,%,fixture figure C\n")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory, chromium_path: str, pdftotext: str,
             progress_csv: Path, actuals_csv: Path) -> dict[str, Path]:
    """Render the whole set once per test run: defaults in zh and en, and non-default
    parameters (HTML and PDF, and the index). Report slug -> its HTML file."""
    from kaili_analysis.render import plan_batch, run_batch

    shared = _shared_dir(tmp_path_factory)
    record = shared / "rendered.json"
    with _only_one_at_a_time(shared / "rendered.lock"):
        if record.exists():
            return {slug: Path(path) for slug, path in
                    json.loads(record.read_text("utf-8")).items()}
        out = shared / "reports"
        out.mkdir(exist_ok=True)
        toml = shared / "batch.toml"
        toml.write_text(
            '[[report]]\nnotebook = "*"\nmatrix = { lang = ["zh", "en"] }\n'
            '[[report]]\nnotebook = "targets_2025"\n'
            "parameters = { lang = \"en\", horizon = 2030, "
            f'scenario_rates = {{ built_up_area_2025 = 0.03 }}, actuals_csv = "{actuals_csv}" }}\n'
            '[[report]]\nnotebook = "claims_audit"\nparameters = { tolerance_pp = 1.0 }\n'
            '[[report]]\nnotebook = "section_profile"\nparameters = { section = "poverty" }\n'
            '[[report]]\nnotebook = "overview"\n'
            'parameters = { lang = "en", sections = "outlook" }\n'
            '[[report]]\nnotebook = "livelihood_2022"\n'
            # relative to the working directory (the kernel runs in notebooks/: resolved first)
            f'parameters = {{ lang = "en", progress_csv = "{os.path.relpath(progress_csv)}" }}\n',
            encoding="utf-8")
        jobs = plan_batch(toml)
        result = run_batch(jobs, n_jobs=2, formats="html,pdf", output_dir=out, progress=False,
                           timeout=600)
        assert not result.failed, [(r.slug, r.error) for r in result.failed]
        pages = {r.slug: Path(r.html) for r in result.results}
        record.write_text(json.dumps({k: str(v) for k, v in pages.items()}), "utf-8")
        return pages


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
