"""Which outputs are up to date: a key of everything an output depends on, verified on disk.

Every output a render writes (``S.html``, ``S.pdf``) gets a record next to it,
``DIR/.kaili/<file name>.json``: the digests of what it was made from and the sha256 and
size of the file as written. An output is up to date when its record exists, every part of
the key still matches, and the file on disk still has the recorded hash (an edited or
truncated output is made again). The parts:

``notebook``
    The notebook file's bytes (only this report's outputs change with it).
``parameters``
    Every parameter's value, and the bytes of every file a string value names (a user's
    progress or actuals CSV).
``data``
    The curated data files every report loads (:func:`kaili_analysis.data.version.data_files`).
``package``
    This package's source and package data (templates excepted: their own part).
``templates``
    The nbconvert templates of the HTML page.
``environment``
    Python's version and every installed distribution with its version (the locked
    environment as installed).
``browser`` (PDF only)
    The printing browser's ``--version``.

Nothing here imports pandas, matplotlib, nbconvert or playwright: a batch whose outputs are
all up to date is decided in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.data.version import data_files
from kaili_analysis.errors import RenderError
from kaili_analysis.render._files import write_atomic

__all__ = ["RECORD_DIR", "Inputs", "OutputPlan", "file_digest", "plan_outputs", "record",
           "stale_reason"]

#: Sub-directory of the output directory that keeps one record per output file.
RECORD_DIR = ".kaili"
#: Bump when the recipe of the key changes: every output is then made again.
_KEY_VERSION = "kaili-output-1"
#: The parts of a key, in the order a reason names them.
PARTS = ("notebook", "parameters", "data", "package", "templates", "environment", "browser")
_WORDS = {"notebook": "notebook changed", "parameters": "parameters or a parameter's file "
          "changed", "data": "data changed", "package": "package source changed",
          "templates": "templates changed", "environment": "installed packages changed",
          "browser": "browser changed"}
_SKIP_DIRS = {"__pycache__", "_bundle"}


def file_digest(path: str | os.PathLike[str]) -> str:
    """The sha256 of a file's bytes (hex)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _tree_digest(root: Path, *, skip: Iterable[Path] = ()) -> str:
    """A digest of every file under ``root`` (relative names and bytes), in name order."""
    skipped = {p.resolve() for p in skip}
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS
                             and (here / d).resolve() not in skipped)
        for name in sorted(filenames):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = here / name
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def _environment_digest() -> str:
    """Python's version and the installed distributions (names of ``*.dist-info``)."""
    seen: set[str] = set()
    for entry in sys.path:
        with contextlib.suppress(OSError):
            for name in os.listdir(entry or "."):
                if name.endswith(".dist-info"):
                    seen.add(name.lower())
    text = f"{sys.version}\n{sys.executable}\n" + "\n".join(sorted(seen))
    return hashlib.sha256(text.encode()).hexdigest()


def browser_version(executable: str) -> str:
    """What ``executable --version`` prints, remembered per (path, size, mtime) of the file.

    Raises
    ------
    RenderError
        If the browser cannot be run.
    """
    path = os.path.realpath(executable)
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise RenderError(f"browser {executable!r}: {exc.strerror}") from None
    stamp = f"{path}|{stat.st_size}|{stat.st_mtime_ns}"
    memo = config.cache_dir() / "browser-version.json"
    with contextlib.suppress(OSError, ValueError, AttributeError):
        known = json.loads(memo.read_text(encoding="utf-8"))
        if known.get("stamp") == stamp and isinstance(known.get("version"), str):
            return known["version"]
    try:
        proc = subprocess.run([executable, "--version"], capture_output=True, text=True,
                              timeout=30, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(f"browser {executable!r} does not run: {exc}") from None
    version = proc.stdout.strip() or f"unknown ({stamp})"
    with contextlib.suppress(OSError):
        write_atomic(memo, json.dumps({"stamp": stamp, "version": version}))
    return version


class Inputs:
    """The parts of the key that every output of a run shares, each computed once.

    Parameters
    ----------
    browser
        The printing browser's executable (needed for the key of PDFs only).
    data_dir
        The curated data directory (default: :func:`kaili_analysis.config.data_dir`).
    """

    def __init__(self, *, browser: str | None = None,
                 data_dir: str | os.PathLike[str] | None = None) -> None:
        self.executable = browser
        self.data_dir = data_dir
        self._cache: dict[str, str] = {}

    def _get(self, name: str) -> str:
        if name not in self._cache:
            self._cache[name] = getattr(self, f"_{name}")()
        return self._cache[name]

    def _data(self) -> str:

        digest = hashlib.sha256()
        root = config.data_dir(self.data_dir)
        for path in data_files(root):
            digest.update(str(path.relative_to(root)).encode() + b"\0")
            try:
                digest.update(file_digest(path).encode())
            except OSError:
                digest.update(b"missing")  # the render itself will say what is wrong
        return digest.hexdigest()

    def _package(self) -> str:
        return _tree_digest(config.PACKAGE_DIR, skip=[config.TEMPLATES_DIR])

    def _templates(self) -> str:
        return _tree_digest(config.TEMPLATES_DIR)

    def _environment(self) -> str:
        return _environment_digest()

    def _browser(self) -> str:
        if self.executable is None:
            raise RenderError("the key of a PDF needs the browser that prints it")
        return hashlib.sha256(browser_version(self.executable).encode()).hexdigest()

    def parts(self, notebook: str | os.PathLike[str], values: Mapping[str, Any],
              fmt: str) -> dict[str, str]:
        """The key's parts for one output of the report ``notebook`` with ``values``."""
        parts = {"notebook": file_digest(notebook), "parameters": _parameters(values)}
        for name in ("data", "package", "templates", "environment"):
            parts[name] = self._get(name)
        if fmt == "pdf":
            parts["browser"] = self._get("browser")
        return parts


def _parameters(values: Mapping[str, Any]) -> str:
    """Every value, and the content of each file a string value names."""
    digest = hashlib.sha256(json.dumps(dict(values), sort_keys=True, ensure_ascii=False,
                                       default=repr).encode())
    for name in sorted(values):
        value = values[name]
        if isinstance(value, str) and value and len(value) < 4096:
            with contextlib.suppress(OSError, ValueError):
                if os.path.isfile(value):
                    digest.update(f"\0{name}\0".encode() + file_digest(value).encode())
    return digest.hexdigest()


def key_of(parts: Mapping[str, str]) -> str:
    """The key: one digest over the key recipe's version and every part."""
    text = _KEY_VERSION + "".join(f"\n{k}={parts[k]}" for k in sorted(parts))
    return hashlib.sha256(text.encode()).hexdigest()


def _record_path(output: Path) -> Path:
    return output.parent / RECORD_DIR / f"{output.name}.json"


def record(output: str | os.PathLike[str], parts: Mapping[str, str]) -> None:
    """Remember that ``output`` (as it is on disk now) was made from ``parts``."""
    output = Path(output)
    stat = output.stat()
    entry = {"key": key_of(parts), "parts": dict(parts), "sha256": file_digest(output),
             "bytes": stat.st_size}
    write_atomic(_record_path(output), json.dumps(entry, indent=1, sort_keys=True))


def forget(output: str | os.PathLike[str]) -> None:
    """Drop the record of ``output`` (it is being made again or was removed)."""
    with contextlib.suppress(FileNotFoundError):
        _record_path(Path(output)).unlink()


def stale_reason(output: str | os.PathLike[str], parts: Mapping[str, str]) -> str | None:
    """Why ``output`` must be made again, or ``None`` if it is up to date.

    The reasons: "missing", "no record of how it was made", "edited since it was made"
    (size or sha256 differ from the record), or the changed parts ("notebook changed",
    "data changed" ...).
    """
    output = Path(output)
    try:
        size = output.stat().st_size
    except OSError:
        return "missing"
    try:
        entry = json.loads(_record_path(output).read_text(encoding="utf-8"))
        recorded = entry["parts"]
        if not isinstance(recorded, dict):
            raise TypeError
    except (OSError, ValueError, KeyError, TypeError):
        return "no record of how it was made"
    if entry.get("key") != key_of(parts):
        changed = [_WORDS[p] for p in PARTS if recorded.get(p) != parts.get(p)]
        return ", ".join(changed) or "made by another version of kaili"
    if entry.get("bytes") != size:
        return "edited since it was made"
    try:
        if entry.get("sha256") != file_digest(output):
            return "edited since it was made"
    except OSError:
        return "missing"
    return None


@dataclass
class OutputPlan:
    """What to do with one report's outputs: a reason per stale format, and every key part.

    ``reasons`` maps a format ("html", "pdf") to why it must be made; a format absent from
    it is up to date. ``parts`` maps each asked-for format to the parts of its key.
    """

    job: Any  # report.Job
    paths: dict[str, Path]
    parts: dict[str, dict[str, str]]
    reasons: dict[str, str]

    @property
    def up_to_date(self) -> bool:
        return not self.reasons

    @property
    def needs_execution(self) -> bool:
        """The notebook must run: its HTML is stale, or a stale PDF has no fresh HTML."""
        return "html" in self.reasons or ("pdf" in self.reasons and "html" not in self.paths)

    def describe(self) -> str:
        """One line for ``--dry-run``: the slug, the stale files and why."""
        return "; ".join(f"{self.paths[f].name}: {why}" for f, why in self.reasons.items())


def plan_outputs(jobs: Sequence[Any], formats: Sequence[str], output_dir: Path, *,
                 inputs: Inputs, force: bool = False) -> list[OutputPlan]:
    """Check every output of ``jobs`` in ``formats`` against its record in ``output_dir``.

    With ``force`` every output is stale ("--force").
    """
    plans = []
    for job in jobs:
        paths = {fmt: output_dir / f"{job.slug}.{fmt}" for fmt in formats}
        parts = {fmt: inputs.parts(job.spec.path, job.values, fmt) for fmt in formats}
        reasons: dict[str, str] = {}
        for fmt in formats:
            why = "--force" if force else stale_reason(paths[fmt], parts[fmt])
            if why is not None:
                reasons[fmt] = why
        plans.append(OutputPlan(job, paths, parts, reasons))
    return plans
