"""Atomic file writes: a unique temporary file in the target directory, then os.replace.

The temporary file's name carries this process's id (:func:`.lifecycle.temp_prefix`), so a
later run can tell a leftover of a killed process from a file being written right now.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from kaili_analysis.errors import RenderError
from kaili_analysis.render.lifecycle import temp_prefix

__all__ = ["atomic_path", "write_atomic"]


@contextlib.contextmanager
def atomic_path(final: str | os.PathLike[str]) -> Iterator[Path]:
    """Yield a fresh temporary path next to ``final``; on success move it onto ``final``.

    The temporary name is unique (two writers never share it) and hidden (leading dot);
    on an exception it is removed and ``final`` is left untouched.

    Raises
    ------
    RenderError
        If the file cannot be written (disk full, read-only, no permission): one line naming
        the file and the reason.
    """
    final = Path(final)
    tmp = ""
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(final.stem),
                                   suffix=f".tmp{final.suffix}", dir=final.parent)
        os.close(fd)
        yield Path(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)
    except OSError as exc:
        raise RenderError(f"cannot write {final}: {exc.strerror or exc}") from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_atomic(final: str | os.PathLike[str], data: str | bytes) -> Path:
    """Write ``data`` (text is UTF-8) to ``final`` atomically and return its path."""
    with atomic_path(final) as tmp:
        tmp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return Path(final)
