"""Loaders of the curated tables, validated on load and cached.

>>> import kaili_analysis as ka
>>> ind = ka.load_indicators()          # every quantitative statement of the article
>>> ind.loc[ind["concept"] == "forest_coverage", ["value", "unit", "quote"]]  # doctest: +SKIP

Each loader reads ``data/`` (or the directory given by ``data_dir`` or ``KAILI_DATA_DIR``):
the files ``datapackage.json`` names, where it names them. It checks the raw article against
the sha256 the descriptor records, validates the table against its schema and against the
article (every quote occurs in it exactly once, every value is written in its quote, units
are known and base values agree), and returns a fresh copy of a cached DataFrame. The cache
key holds the path, size and sha256 of each file the descriptor names (about 0.2 ms for the
whole data directory), so any edited or renamed file - the raw article included - is read
and checked again.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from kaili_analysis import config
from kaili_analysis.data import provenance
from kaili_analysis.data.article_checks import check_table, join_table, with_locators
from kaili_analysis.data.frozen import FrozenDict
from kaili_analysis.data.schema import (
    LINE,
    check_foreign_keys,
    read_datapackage,
    read_table,
    resource,
    resource_file,
    table_names,
)
from kaili_analysis.data.version import (
    article_metadata_file,
    data_files,
    data_version,
    version_of,
)
from kaili_analysis.errors import (
    DataValidationError,
    ParameterError,
    RawDataChangedError,
)

__all__ = [
    "article_info",
    "clear_cache",
    "data_version",
    "load_article",
    "load_exclusions",
    "load_glossary",
    "load_indicators",
    "load_projects",
    "load_sections",
    "load_table",
    "load_targets",
]


def _stamp(path: Path) -> tuple[str, int, str]:
    """The file's path, size and content hash: a cache key that sees every edit, also one
    that keeps the size and restores the modification time."""
    try:
        data = path.read_bytes()
    except OSError:
        return (str(path), -1, "")
    return (str(path), len(data), hashlib.sha256(data).hexdigest())


def _fingerprint(root: Path) -> tuple[tuple[str, int, str], ...]:
    """The stamps of the files the descriptor names (the descriptor first): the cache key
    follows the files actually read, whatever their names."""
    return tuple(_stamp(p) for p in data_files(root))


def _root(data_dir: str | os.PathLike[str] | None) -> Path:
    root = config.data_dir(data_dir)
    if not root.is_dir():
        raise DataValidationError(
            f"data directory {str(root)!r} does not exist; pass data_dir= or set "
            f"{config.DATA_DIR_ENV} to a copy of the repository's data/ folder"
        )
    return root


def load_article(data_dir: str | os.PathLike[str] | None = None) -> str:
    """Return the raw article's text after checking its sha256.

    Parameters
    ----------
    data_dir
        Another copy of the data directory; default the repository's ``data/``.

    Returns
    -------
    str
        The article exactly as received (not normalised).

    Raises
    ------
    RawDataChangedError
        If the file's sha256 differs from the one recorded in ``raw/article.json``.
    DataValidationError
        If the article or its metadata is missing or unreadable.
    """
    root = _root(data_dir)
    return _cached(_fingerprint(root))["article"]


def load_sections(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return the article's sections in reading order (id, order, title_zh, title_en, heading)."""
    return _table("sections", data_dir)


def load_indicators(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return every quantitative statement of the article, one row each.

    Parameters
    ----------
    data_dir
        Another copy of the data directory; default the repository's ``data/``.

    Returns
    -------
    pandas.DataFrame
        Columns id, section, topic, concept, indicator_zh, indicator_en, value_text, value,
        unit, value_base, unit_base, qualifier, period, kind, quote, note, and the quote's
        locator in the raw article: char_start, char_end, paragraph, line
        (:data:`.locators.LOCATOR_FIELDS`, computed from the quote and the article at load).
        ``attrs`` carry the source file, the data version and each column's description
        (``descriptions``, a read-only dict shared by every copy of the frame).

    Raises
    ------
    DataValidationError
        If a file is malformed; the message names the file, line and column.
    """
    return _table("indicators", data_dir)


def load_targets(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return the goals for 2021-2025 / 2025, joined with their target records.

    Returns
    -------
    pandas.DataFrame
        The columns of ``targets_2025.csv`` plus, from the goal's own indicator record,
        indicator_zh, indicator_en, value, unit, value_base, unit_base, qualifier, period
        and kind (empty for qualitative goals), then the locator of the goal's quote
        (char_start, char_end, paragraph, line).
    """
    return _table("targets_2025", data_dir)


def load_projects(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return the 2022 livelihood projects, one row per quantified commitment.

    Returns
    -------
    pandas.DataFrame
        The columns of ``projects_2022.csv`` plus the commitment's indicator_zh,
        indicator_en, value, unit, value_base, unit_base, qualifier and quote, and the
        quote's locator (char_start, char_end, paragraph, line).
    """
    return _table("projects_2022", data_dir)


def load_exclusions(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return the numeric tokens of the article that are deliberately not records.

    The columns of ``exclusions.csv`` plus the excluded token's own locator in the raw article
    (char_start, char_end, paragraph, line; :func:`.locators.locate_exclusions`).
    """
    return _table("exclusions", data_dir)


def load_table(name: str, data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return any curated table by its name in ``datapackage.json``, as its own ``load_*``
    function does (validated, joined, with locators).

    Raises
    ------
    ParameterError
        If ``name`` is not a table of the descriptor.
    """
    tables = _cached(_fingerprint(_root(data_dir)))["tables"]
    if name not in tables:
        raise ParameterError(f"load_table: name must be a curated table ({', '.join(tables)}), "
                             f"got {name!r}")
    return _table(name, data_dir)


def load_glossary(data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Return the glossary: each Chinese statistical term the package translates (term_zh),
    its one English rendering (term_en) and a note; both columns are unique."""
    return _table("glossary", data_dir)


def article_info(data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return the raw article's metadata (title, publisher, covers …) after checking the
    article's hash, with its ``file`` name and ``sha256`` from ``datapackage.json``."""
    found = _cached(_fingerprint(_root(data_dir)))
    return {**json.loads(found["metadata"]), "file": found["file"], "sha256": found["sha256"]}


def clear_cache() -> None:
    """Forget every cached table (the next load reads and validates the files again)."""
    _cached.cache_clear()


def _table(name: str, data_dir: str | os.PathLike[str] | None) -> pd.DataFrame:
    root = _root(data_dir)
    frame = _cached(_fingerprint(root))["tables"][name]
    out = frame.copy()
    # a fresh attrs dict per call; its values are strings and read-only FrozenDicts
    out.attrs = dict(frame.attrs)
    return out


@lru_cache(maxsize=8)
def _cached(fingerprint: tuple[tuple[str, int, str], ...]) -> dict[str, Any]:
    descriptor = Path(fingerprint[0][0])
    root = descriptor.parent
    pkg = read_datapackage(descriptor)
    raw, article, sha256 = _read_article(root, pkg)
    norm = provenance.normalize(article)
    tables: dict[str, pd.DataFrame] = {}
    sources: dict[str, Path] = {}
    for name in table_names(pkg):
        res = resource(pkg, name, table=True, path=descriptor)
        path = sources[name] = resource_file(root, pkg, name, descriptor=descriptor)
        frame = read_table(path, res["schema"])
        check_foreign_keys(frame, res["schema"], tables, path)
        check_table(name, frame, norm, tables, path)
        tables[name] = frame
    version = version_of(root, pkg)
    public = {}
    for name, frame in tables.items():
        res = resource(pkg, name)
        out = join_table(name, frame.drop(columns=LINE), tables)
        descriptions = {f["name"]: f.get("description", "") for f in res["schema"]["fields"]}
        out = with_locators(out, name, article, descriptions)
        out.attrs = {
            "resource": name,
            "source": str(sources[name]),
            "data_version": version,
            "descriptions": FrozenDict(descriptions),
        }
        public[name] = out
    meta = article_metadata_file(raw)
    return {"article": article, "tables": public, "version": version, "file": raw.name,
            "sha256": sha256, "metadata": _read_metadata(meta)}


def _read_article(root: Path, pkg: dict[str, Any]) -> tuple[Path, str, str]:
    """The article's file, its text and its sha256, checked against the one hash recorded
    for it: the ``article`` resource's ``hash`` in ``datapackage.json``."""
    descriptor = root / config.DATAPACKAGE_FILE
    raw = resource_file(root, pkg, config.ARTICLE_RESOURCE, descriptor=descriptor)
    declared = resource(pkg, config.ARTICLE_RESOURCE).get("hash")
    algorithm, _, expected = str(declared or "").lower().rpartition(":")
    if algorithm not in ("", "sha256") or len(expected) != 64:
        raise DataValidationError(
            f"the article resource needs a 'hash' of the form sha256:<64 hex digits>, got "
            f"{declared!r}", path=descriptor, column="hash")
    if not raw.is_file():
        raise DataValidationError("the raw article is missing (the article resource's path "
                                  "in datapackage.json names no file)", path=raw)
    data = raw.read_bytes()
    actual = hashlib.sha256(data).hexdigest()
    if actual != expected:
        raise RawDataChangedError(
            f"sha256 is {actual}, but datapackage.json records {expected}; raw data is never "
            "edited: restore the original file (git checkout data/raw)",
            path=raw,
        )
    try:
        return raw, data.decode("utf-8"), actual
    except UnicodeDecodeError as exc:
        raise DataValidationError(f"not UTF-8 text: {exc}", path=raw) from None


def _read_metadata(path: Path) -> str:
    """The article's metadata file as text, checked to hold a JSON object."""
    if not path.is_file():
        raise DataValidationError("the raw article's metadata file is missing", path=path)
    try:
        text = path.read_text(encoding="utf-8")
        if not isinstance(json.loads(text), dict):
            raise ValueError("not an object")
    except (UnicodeDecodeError, ValueError) as exc:
        raise DataValidationError(f"expected a JSON object ({exc})", path=path) from None
    return text
