"""The on-disk cache of the reports' chart images.

Drawing is the dearest step of a report: one chart with Chinese labels takes 0.1-1 s to lay out
and rasterise, while everything else a report computes takes milliseconds. The images
themselves come from :mod:`kaili_analysis.show.charts.images`.

* :func:`cached_svg` / :func:`cached_png` keep every chart's image under a key made of
  everything the image
  depends on: the plot function, its arguments (data frames by content, with their
  ``attrs``), the report language, all of matplotlib's rcParams, the Chinese font file, the
  versions of matplotlib, seaborn, pandas, numpy and Pillow, and the source code of this
  package. If any of them changes, the key changes and the chart is drawn again; a cached
  image is therefore the image the same call would draw now. An argument the key cannot
  describe (an open file, a Matplotlib object …) turns the cache off for that one call.

The cache lives in ``$KAILI_CACHE_DIR/figures`` (default ``~/.cache/kaili-analysis/figures``);
``KAILI_FIGURE_CACHE=off`` turns it off, ``kaili cache clear`` empties it. Writes are atomic
(a temporary file renamed into place), so concurrent reports can share it. Each entry stores
the sha256 of its image after the PNG's end and is verified on every read: an unreadable,
truncated or damaged entry counts as a miss, is deleted and drawn again. When the cache grows past
``KAILI_CACHE_MAX_MB`` (default 200), the least recently used images are deleted.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from kaili_analysis import config
from kaili_analysis.show.charts.images import png, svg
from kaili_analysis.show.theme import find_cjk_font

__all__ = ["CacheInfo", "cache_enabled", "cache_info", "cached_png", "cached_svg", "chart_key",
           "clear_cache"]

#: Bump to invalidate every cached image (a change of the key's recipe).
_KEY_VERSION = b"kaili-figure-3"
_PNG_START = b"\x89PNG\r\n\x1a\n"
_PNG_END = b"IEND\xaeB`\x82"
#: Every cache entry ends with this marker and the sha256 (hex) of the image before it.
_SEAL = b"\nkaili-sha256:"
_SEAL_LEN = len(_SEAL) + 64
_SVG_START = b"<?xml"
_SVG_END = b"</svg>\n"
#: What a whole file of each image format starts and ends with (a cut file does not).
_BOUNDS = {"png": (_PNG_START, _PNG_END), "svg": (_SVG_START, _SVG_END)}
_OFF = {"0", "off", "false", "no"}
#: rcParams that do not change a saved image (the GUI, key bindings, interactive mode …);
#: ``interactive`` flips while a notebook kernel starts, so keying on it would miss.
_NOT_DRAWING = ("backend", "interactive", "keymap.", "toolbar", "tk.", "webagg.",
                "macosx.", "figure.max_open_warning", "figure.raise_window",
                "savefig.directory")

_code_digest: bytes | None = None
_pruned = False


class _NoKey(Exception):
    """An argument the cache key cannot describe: draw without the cache."""


@dataclass(frozen=True)
class CacheInfo:
    """What the figure cache holds."""

    path: Path
    enabled: bool
    entries: int
    bytes: int


def cache_enabled() -> bool:
    """Whether :func:`cached_png` reads and writes the cache (``KAILI_FIGURE_CACHE``)."""
    return os.environ.get(config.FIGURE_CACHE_ENV, "on").strip().lower() not in _OFF


def chart_key(function: Callable[..., Any], args: tuple[Any, ...],
              kwargs: Mapping[str, Any]) -> str | None:
    """The cache key of ``function(*args, **kwargs)``'s image, or ``None`` if it has none.

    Call it with the theme that will draw the chart already applied: the key includes the
    current rcParams.
    """
    # heavy: only when a chart is drawn or saved
    import matplotlib as mpl

    digest = hashlib.blake2b(_KEY_VERSION, digest_size=20)
    digest.update(_environment())
    digest.update(f"{function.__module__}.{function.__qualname__}".encode())
    try:
        _feed(digest, args)
        _feed(digest, dict(kwargs))
    except _NoKey:
        return None
    for name in sorted(mpl.rcParams):
        if not name.startswith(_NOT_DRAWING):
            digest.update(f"{name}={mpl.rcParams[name]!r};".encode())
    return digest.hexdigest()


def cached_png(function: Callable[..., Any], *args: Any, **kwargs: Any) -> bytes:
    """The PNG image of the chart ``function(*args, **kwargs)``, from the cache if drawn before.

    ``function`` returns a matplotlib Axes or Figure (as every function of
    :mod:`kaili_analysis.show.charts` does). On a miss the chart is drawn, stored and closed; on a
    hit ``function`` is not called at all.

    Returns
    -------
    bytes
        The PNG file.
    """
    return _cached("png", function, args, kwargs)


def cached_svg(function: Callable[..., Any], *args: Any, **kwargs: Any) -> bytes:
    """The SVG image (:func:`svg`) of the chart ``function(*args, **kwargs)``, from the
    cache if drawn before; as :func:`cached_png` otherwise.

    Returns
    -------
    bytes
        The SVG file.
    """
    return _cached("svg", function, args, kwargs)


def _cached(fmt: str, function: Callable[..., Any], args: tuple[Any, ...],
            kwargs: Mapping[str, Any]) -> bytes:
    # heavy: only when a chart is drawn or saved
    import matplotlib.pyplot as plt

    key = chart_key(function, args, kwargs) if cache_enabled() else None
    path = _entry(key, fmt) if key else None
    if path is not None:
        data = _read(path)
        if data is not None:
            return data
    obj = function(*args, **kwargs)
    fig = getattr(obj, "figure", obj)
    try:
        data = svg(fig) if fmt == "svg" else png(fig)
    finally:
        plt.close(fig)
    if path is not None:
        _write(path, data)
    return data


def cache_info() -> CacheInfo:
    """Where the figure cache is, whether it is on, how many images and bytes it holds."""
    root = _root()
    files = list(_files(root))
    return CacheInfo(root, cache_enabled(), len(files), sum(size for _, size, _ in files))


def clear_cache() -> int:
    """Delete every cached image; return how many were deleted."""
    count = 0
    for path, _, _ in _files(_root()):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            count += 1
    return count


# -- the key ------------------------------------------------------------------------------


def _environment() -> bytes:
    """Versions, font and package source: what every image depends on."""
    import matplotlib
    import numpy
    import PIL
    import seaborn  # heavy: only when a key is made
    from matplotlib import font_manager

    font = find_cjk_font()
    try:
        font_path = font_manager.findfont(font_manager.FontProperties(family=font),
                                          fallback_to_default=False)
        stat = os.stat(font_path)
        font_id = f"{font}|{font_path}|{stat.st_size}|{stat.st_mtime_ns}"
    except (ValueError, OSError):
        font_id = font
    versions = "|".join(m.__version__ for m in (matplotlib, seaborn, pd, numpy, PIL))
    return f"{versions}|{font_id}|".encode() + _source_digest()


def _source_digest() -> bytes:
    """A digest of this package's source files, computed once per process."""
    global _code_digest
    if _code_digest is None:
        digest = hashlib.blake2b(digest_size=20)
        for path in sorted(config.PACKAGE_DIR.rglob("*.py")):
            digest.update(str(path.relative_to(config.PACKAGE_DIR)).encode())
            digest.update(path.read_bytes())
        _code_digest = digest.digest()
    return _code_digest


def _feed(digest: Any, obj: Any) -> None:
    """Add ``obj`` to ``digest`` by type and content; :class:`_NoKey` if it cannot."""
    # heavy: only when a chart is drawn or saved
    import numpy as np

    if obj is None or isinstance(obj, (bool, int, float, str, bytes)):
        digest.update(f"{type(obj).__name__}:{obj!r};".encode())
    elif isinstance(obj, (list, tuple)):
        digest.update(f"{type(obj).__name__}[{len(obj)}".encode())
        for item in obj:
            _feed(digest, item)
        digest.update(b"]")
    elif isinstance(obj, dict):
        digest.update(f"dict[{len(obj)}".encode())
        try:
            items = sorted(obj.items(), key=lambda kv: repr(kv[0]))
        except TypeError:
            raise _NoKey from None
        for key, value in items:
            _feed(digest, key)
            _feed(digest, value)
        digest.update(b"]")
    elif isinstance(obj, (pd.DataFrame, pd.Series)):
        frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
        digest.update(f"frame{frame.shape};".encode())
        _feed(digest, [str(c) for c in frame.columns])
        _feed(digest, [str(t) for t in frame.dtypes])
        _feed(digest, dict(obj.attrs))
        index = frame.index
        _feed(digest, [index.start, index.stop, index.step] if isinstance(index, pd.RangeIndex)
              else _plain(index.tolist()))
        for _, column in frame.items():  # by content, exactly (a chart's frame is small)
            if isinstance(column.dtype, np.dtype) and column.dtype.kind in "biufcmM":
                digest.update(np.ascontiguousarray(column.to_numpy()).tobytes())
            else:
                _feed(digest, _plain(column.tolist()))
    elif isinstance(obj, np.ndarray) and obj.dtype.kind in "biufcUSM":
        digest.update(f"array{obj.dtype.str}{obj.shape};".encode())
        digest.update(np.ascontiguousarray(obj).tobytes())
    elif isinstance(obj, np.generic):
        _feed(digest, obj.item())
    else:
        raise _NoKey


def _plain(values: list[Any]) -> list[Any]:
    """Cell values with pandas' missing-value markers as ``None``."""
    return [None if v is pd.NA or v is pd.NaT else v for v in values]


# -- the files ----------------------------------------------------------------------------


def _root() -> Path:
    return config.cache_dir() / "figures"


def _entry(key: str, fmt: str = "png") -> Path:
    return _root() / key[:2] / f"{key}.{fmt}"


def _seal(data: bytes) -> bytes:
    """The image followed by a trailer with its sha256 (only :func:`_read` reads entries)."""
    return data + _SEAL + hashlib.sha256(data).hexdigest().encode()


def _unseal(stored: bytes) -> bytes | None:
    """The image of a stored entry if its content hash matches, else ``None``."""
    data, seal, digest = stored[:-_SEAL_LEN], stored[-_SEAL_LEN:-64], stored[-64:]
    if seal != _SEAL or hashlib.sha256(data).hexdigest().encode() != digest:
        return None
    return data


def _read(path: Path) -> bytes | None:
    """A cached image, verified against the content hash stored with it and against the
    bounds of its format; a damaged or truncated entry is deleted (and the chart drawn
    again)."""
    try:
        stored = path.read_bytes()
    except OSError:
        return None
    data = _unseal(stored)
    start, end = _BOUNDS[path.suffix[1:]]
    if data is None or not (data.startswith(start) and data.endswith(end)):
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used: kept longest when the cache is pruned
    return data


def _write(path: Path, data: bytes) -> None:
    """Store ``data`` atomically; a cache that cannot be written is skipped silently."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:8]}.kaili-{os.getpid()}.",
                                   suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(_seal(data))
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    _prune_once()


def _files(root: Path) -> list[tuple[Path, int, float]]:
    out = []
    if not root.is_dir():
        return out
    for sub in os.scandir(root):
        if not sub.is_dir():
            continue
        for entry in os.scandir(sub.path):
            if entry.name.endswith((".png", ".svg")):
                with contextlib.suppress(OSError):
                    stat = entry.stat()
                    out.append((Path(entry.path), stat.st_size, stat.st_mtime))
    return out


def _prune_once() -> None:
    """Once per process: delete the least recently used images beyond the size limit."""
    global _pruned
    if _pruned:
        return
    _pruned = True
    limit = config.cache_max_bytes()
    files = sorted(_files(_root()), key=lambda f: f[2])
    total = sum(size for _, size, _ in files)
    for path, size, _ in files:
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size
