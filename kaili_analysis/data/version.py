"""The version string of the curated data, computed without pandas.

``<package version>+<hash>``: the hash is the first 8 hex digits of the sha256 over
``datapackage.json`` and the curated tables in :data:`kaili_analysis.config.TABLES` order, so
any edit to the data shows in the title block of a report. :func:`data_version` only reads
and hashes the files (the ``kaili`` command needs the string before the report's kernel
validates the data); :func:`kaili_analysis.data.loaders.data_version` gives the same string for
data it has validated.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.errors import DataValidationError

__all__ = ["data_files", "data_version", "version_of"]


def data_files(root: Path) -> list[Path]:
    """The files of the data directory ``root`` that every load reads: the descriptor, the
    raw article and its metadata, and the curated tables (whether or not they exist)."""
    files = [root / config.DATAPACKAGE_FILE, root / config.RAW_SUBDIR / config.RAW_METADATA,
             root / config.RAW_SUBDIR / config.RAW_ARTICLE]
    return files + [root / f"{name}.csv" for name in config.TABLES]


def version_of(root: Path, pkg: Mapping[str, Any]) -> str:
    """The version string of the data in ``root`` described by the descriptor ``pkg``.

    Raises
    ------
    DataValidationError
        If the descriptor lists no path for a table, or a file cannot be read.
    """
    from kaili_analysis import __version__

    descriptor = root / config.DATAPACKAGE_FILE
    paths = {res.get("name"): res.get("path") for res in pkg.get("resources", [])
             if isinstance(res, Mapping)}
    try:
        digest = hashlib.sha256(descriptor.read_bytes())
        for name in config.TABLES:
            if not isinstance(paths.get(name), str):
                raise DataValidationError(f"the descriptor has no path for the table {name!r}",
                                          path=descriptor)
            digest.update((root / paths[name]).read_bytes())
    except OSError as exc:
        raise DataValidationError(f"cannot read a data file: {exc}", path=root) from None
    return f"{__version__}+{digest.hexdigest()[:8]}"


def data_version(data_dir: str | os.PathLike[str] | None = None) -> str:
    """The version string of the curated data, from the files alone (nothing validated).

    Raises
    ------
    DataValidationError
        If the descriptor or a table cannot be read.
    """
    root = config.data_dir(data_dir)
    descriptor = root / config.DATAPACKAGE_FILE
    try:
        pkg = json.loads(descriptor.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataValidationError(f"cannot read the data descriptor: {exc}",
                                  path=descriptor) from None
    if not isinstance(pkg, dict):
        raise DataValidationError("the data descriptor is not a JSON object", path=descriptor)
    return version_of(root, pkg)
