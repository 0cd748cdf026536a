"""The data files and the version string of the curated data, computed without pandas.

``datapackage.json`` is the one list of the data files: the article (resource ``article``,
its path and its sha256) and the curated tables, in its order. :func:`data_files` names them;
:func:`data_version` is ``<package version>+<hash>``, where the hash is the first 8 hex digits
of the sha256 over the descriptor and the tables in the descriptor's order, so any edit to the
data shows in the title block of a report. It only reads and hashes the files (the ``kaili``
command needs the string before the report's kernel validates the data); the loaders stamp
the same string on every table they validate.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kaili_analysis import __version__, config
from kaili_analysis.data.schema import read_datapackage, resource_file, table_names
from kaili_analysis.errors import DataValidationError

__all__ = ["article_metadata_file", "data_files", "data_version", "version_of"]


def article_metadata_file(article: Path) -> Path:
    """The article's metadata (title, byline, publisher …): ``article.json`` beside it."""
    return article.parent / config.ARTICLE_METADATA


def data_files(root: Path) -> list[Path]:
    """The files of the data directory ``root`` that every load reads: the descriptor, the
    raw article's metadata and the article, and the curated tables in the descriptor's order
    (whether or not they exist).

    A descriptor that cannot be read, or a resource whose path is unusable, leaves out what
    it cannot name (the loaders then say what is wrong).
    """
    descriptor = root / config.DATAPACKAGE_FILE
    try:
        pkg = read_datapackage(descriptor)
    except DataValidationError:
        return [descriptor]
    files = [descriptor]
    for name in [config.ARTICLE_RESOURCE, *table_names(pkg)]:
        try:
            path = resource_file(root, pkg, name)
        except DataValidationError:
            continue
        files += [article_metadata_file(path), path] if name == config.ARTICLE_RESOURCE \
            else [path]
    return files


def version_of(root: Path, pkg: Mapping[str, Any]) -> str:
    """The version string of the data in ``root`` described by the descriptor ``pkg``.

    Raises
    ------
    DataValidationError
        If the descriptor lists no usable path for a table, or a file cannot be read.
    """
    descriptor = root / config.DATAPACKAGE_FILE
    try:
        digest = hashlib.sha256(descriptor.read_bytes())
        for name in table_names(pkg):
            digest.update(resource_file(root, pkg, name, descriptor=descriptor).read_bytes())
    except OSError as exc:
        raise DataValidationError(f"cannot read a data file: {exc}", path=root) from None
    return f"{__version__}+{digest.hexdigest()[:8]}"


def data_version(data_dir: str | os.PathLike[str] | None = None) -> str:
    """The version string of the curated data: ``<package version>+<hash>``, from the files
    alone (nothing validated; the loaders validate).

    Parameters
    ----------
    data_dir
        Another copy of the data directory; default :func:`kaili_analysis.config.data_dir`.

    Raises
    ------
    DataValidationError
        If the descriptor or a table cannot be read.
    """
    root = config.data_dir(data_dir)
    return version_of(root, read_datapackage(root / config.DATAPACKAGE_FILE))
