"""Paths and constants in one place."""

from __future__ import annotations

import os
from pathlib import Path

from kaili_analysis.errors import ParameterError

#: The installed package's directory.
PACKAGE_DIR: Path = Path(__file__).resolve().parent
#: The repository root when the package is used from a checkout (an editable install);
#: for an installed wheel it is merely the ``site-packages`` directory.
REPO_ROOT: Path = PACKAGE_DIR.parent
#: Where a wheel carries the repository's ``data/`` and ``notebooks/`` (copied in at build
#: time by ``setup.py``; absent in a checkout, which reads its own directories in place).
BUNDLE_DIR: Path = PACKAGE_DIR / "_bundle"

#: Environment variable that points the loaders at another copy of ``data/``.
DATA_DIR_ENV = "KAILI_DATA_DIR"
#: Environment variable that names a Chromium executable for PDF printing.
CHROMIUM_ENV = "KAILI_CHROMIUM"
#: Environment variables of the on-disk cache (chart images, see :mod:`.figures`): its
#: directory, ``off`` to turn the figure cache off, and its size limit in MB.
CACHE_DIR_ENV = "KAILI_CACHE_DIR"
FIGURE_CACHE_ENV = "KAILI_FIGURE_CACHE"
CACHE_MAX_MB_ENV = "KAILI_CACHE_MAX_MB"
DEFAULT_CACHE_MAX_MB = 200
#: The largest size limit accepted (in MB, 1 PB): a finite number the limit can be turned into.
CACHE_MAX_MB_LIMIT = 10**9


def _shipped(name: str) -> Path:
    """The wheel's copy of the repository directory ``name``, else the checkout's own."""
    bundled = BUNDLE_DIR / name
    return bundled if bundled.is_dir() else REPO_ROOT / name


#: The curated data directory: the one inside an installed wheel, else the checkout's ``data/``.
DEFAULT_DATA_DIR: Path = _shipped("data")
#: Report notebooks: the ones inside an installed wheel, else the checkout's ``notebooks/``.
NOTEBOOKS_DIR: Path = _shipped("notebooks")
#: Default output directory of rendered reports and exported data: ``reports`` in the current
#: directory when a command runs (a relative path, resolved against the working directory),
#: whether the package was installed from a wheel or is used from a checkout.
REPORTS_DIR: Path = Path("reports")
#: nbconvert templates shipped with the package.
TEMPLATES_DIR: Path = PACKAGE_DIR / "render" / "templates"

#: The data package descriptor of a data directory: the one list of its files (the article
#: included), their paths, the article's sha256 and every table's schema, in load order.
DATAPACKAGE_FILE = "datapackage.json"
#: The descriptor's resource that is the raw article.
ARTICLE_RESOURCE = "article"
#: The article's metadata (title, byline, publisher …), the file of this name beside it.
ARTICLE_METADATA = "article.json"

#: Report languages.
LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"


def check_lang(lang: str) -> str:
    """Return ``lang`` if it is a report language.

    Raises
    ------
    ParameterError
        If ``lang`` is not one of :data:`LANGS`.
    """
    if lang not in LANGS:
        raise ParameterError(f"lang must be one of {', '.join(LANGS)}, got {lang!r}")
    return lang


#: Plan periods the article talks about.
PLAN_13_START, PLAN_13_END = 2016, 2020
PLAN_14_START, PLAN_14_END = 2021, 2025

#: The longest cell time limit ``--timeout`` accepts, in seconds (a week).
MAX_TIMEOUT_S = 7 * 24 * 3600
#: How long the PDF printer waits for one page to load and print before it gives up, in s.
PRINT_TIMEOUT_S = 60.0

#: Limits of a CSV file a user supplies (progress, actual figures): its size in bytes, the
#: characters of one cell, and of one number (a longer "number" is refused, not parsed).
USER_CSV_MAX_BYTES = 5 * 2**20
USER_CSV_MAX_CELL = 500
USER_CSV_MAX_NUMBER = 32

#: The rates (percent a year) the what-if panel of the targets report accepts, and the
#: relative tolerance within which a projection counts as reaching its goal (a plan rate
#: shown to four decimals of a percent reaches the goal it was computed for).
WHATIF_RATE_MIN_PCT, WHATIF_RATE_MAX_PCT = -50.0, 100.0
WHATIF_TOLERANCE = 1e-5


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the data directory to use.

    Parameters
    ----------
    override
        An explicit directory; wins over the ``KAILI_DATA_DIR`` environment variable,
        which wins over :data:`DEFAULT_DATA_DIR` (the data shipped with the package).

    Returns
    -------
    Path
        The resolved directory (not checked for existence here).
    """
    if override is not None:
        return Path(override).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_DATA_DIR


def cache_dir() -> Path:
    """The cache directory: ``$KAILI_CACHE_DIR``, else ``$XDG_CACHE_HOME/kaili-analysis``,
    else ``~/.cache/kaili-analysis`` (not created here)."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".cache"
    return base / "kaili-analysis"


def cache_max_bytes() -> int:
    """The cache's size limit from ``KAILI_CACHE_MAX_MB`` (default 200 MB).

    Raises
    ------
    ParameterError
        If the variable is set to anything but a number from 0 to :data:`CACHE_MAX_MB_LIMIT`
        (``nan``, ``inf`` and ``1e308`` included).
    """
    raw = os.environ.get(CACHE_MAX_MB_ENV, "").strip()
    if not raw:
        return DEFAULT_CACHE_MAX_MB * 2**20
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = -1.0
    if not 0 <= megabytes <= CACHE_MAX_MB_LIMIT:  # also refuses nan and inf
        raise ParameterError(f"{CACHE_MAX_MB_ENV} must be a number of megabytes from 0 to "
                             f"{CACHE_MAX_MB_LIMIT:,}, got {raw!r}; unset it for the default "
                             f"of {DEFAULT_CACHE_MAX_MB}")
    return int(megabytes * 2**20)
