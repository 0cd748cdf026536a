"""Checks of options and environment variables, made once, before any kernel starts.

Everything a render depends on from outside is checked here, so a bad value is one line
(``kaili: error: ...``, exit 2) and never a traceback half way through a report:

* :func:`check_timeout` - ``--timeout``: positive, finite, at most a week;
* :func:`check_output_dir` - ``--output-dir``: a directory that exists or can be made and
  that a file can be written in (tried, not guessed from permission bits);
* :func:`check_environment` - the ``KAILI_*`` variables: directories made absolute (so the
  report kernels, which run in the notebooks' directory, see the same ones), values checked.
"""

from __future__ import annotations

import contextlib
import math
import os
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.errors import ParameterError
from kaili_analysis.render.notebooks import NOTEBOOKS_DIR_ENV

__all__ = ["FIGURE_CACHE_VALUES", "check_environment", "check_output_dir", "check_timeout"]

#: The values ``KAILI_FIGURE_CACHE`` may take (case-insensitive).
FIGURE_CACHE_VALUES = ("on", "off", "1", "0", "true", "false", "yes", "no")


def check_timeout(value: Any, *, name: str = "--timeout") -> int | None:
    """A cell time limit in whole seconds, or ``None`` for no limit.

    Parameters
    ----------
    value
        ``None`` (no limit) or a number of seconds; fractions are rounded up (the kernel
        client counts whole seconds).
    name
        The option's name, for the message.

    Raises
    ------
    ParameterError
        If the value is not a number, not finite, not positive, or above
        :data:`~kaili_analysis.config.MAX_TIMEOUT_S`.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ParameterError(f"{name} must be a number of seconds, got {value!r}")
    try:
        seconds = float(value)
    except ValueError:
        raise ParameterError(f"{name} must be a number of seconds, got {value!r}") from None
    if not 0 < seconds <= config.MAX_TIMEOUT_S:  # also refuses nan and inf
        raise ParameterError(f"{name} must be a number of seconds > 0 and <= "
                             f"{config.MAX_TIMEOUT_S} (a week), got {value!r}; leave it out "
                             "for no limit")
    return math.ceil(seconds)


def _probe(directory: Path) -> None:
    """Create and delete a file in ``directory`` (raises OSError if that fails)."""
    probe = directory / f".kaili-{os.getpid()}.probe.tmp"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, b"x")
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(probe)


def check_output_dir(path: str | os.PathLike[str], *, name: str = "--output-dir") -> Path:
    """The output directory as an absolute path, created if missing, proven writable.

    Parameters
    ----------
    path
        The directory (relative paths are resolved against the working directory).
    name
        The option's name, for the message.

    Returns
    -------
    Path
        The absolute directory.

    Raises
    ------
    ParameterError
        If the path is a file, lies under a file, is a dangling symbolic link, cannot be
        created, or no file can be written in it (read-only, full, no permission).
    """
    raw = os.fspath(path)
    if not raw or "\0" in raw:
        raise ParameterError(f"{name} must be a directory path, got {raw!r}")
    target = Path(os.path.abspath(os.path.expanduser(raw)))
    shown = f"{name} {raw!r}"
    try:
        if target.is_symlink() and not target.exists():
            raise ParameterError(f"{shown} is a symbolic link to {os.readlink(target)!r}, "
                                 "which does not exist; give a directory")
        if target.exists() and not target.is_dir():
            raise ParameterError(f"{shown} is a file, not a directory; give a directory")
        parent = target
        while not parent.exists() and parent != parent.parent:
            parent = parent.parent
        if not parent.is_dir():
            raise ParameterError(f"{shown} lies under {str(parent)!r}, which is a file; "
                                 "give a directory")
        target.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(f"{shown} cannot be created: {exc.strerror or exc}") from None
    try:
        _probe(target)
    except OSError as exc:
        raise ParameterError(f"{shown} is not writable: {exc.strerror or exc}; give a "
                             "directory you can write to") from None
    return target


def _absolute_dir(env: str, *, must_exist: bool) -> None:
    raw = os.environ.get(env, "")
    if not raw.strip():
        return
    if "\0" in raw:
        raise ParameterError(f"{env} must be a directory path, got {raw!r}")
    path = Path(os.path.abspath(os.path.expanduser(raw)))
    if must_exist and not path.is_dir():
        what = "is not a directory" if path.exists() else "does not exist"
        raise ParameterError(f"{env}={raw!r} {what} (resolved against {os.getcwd()}); set "
                             "it to a directory or unset it")
    if path.exists() and not path.is_dir():
        raise ParameterError(f"{env}={raw!r} is a file, not a directory; set it to a "
                             "directory or unset it")
    os.environ[env] = str(path)


def check_environment() -> None:
    """Check the ``KAILI_*`` variables and make their directories absolute in ``os.environ``.

    Report kernels inherit the environment and run in the notebooks' directory, so a
    relative directory would name another place there; it is resolved here, once, against
    the caller's working directory.

    Raises
    ------
    ParameterError
        ``KAILI_DATA_DIR`` or ``KAILI_NOTEBOOKS_DIR`` not an existing directory;
        ``KAILI_CACHE_DIR`` a file; ``KAILI_FIGURE_CACHE`` not one of
        :data:`FIGURE_CACHE_VALUES`; ``KAILI_CACHE_MAX_MB`` not a number of megabytes.
    """
    _absolute_dir(config.DATA_DIR_ENV, must_exist=True)
    _absolute_dir(NOTEBOOKS_DIR_ENV, must_exist=True)
    _absolute_dir(config.CACHE_DIR_ENV, must_exist=False)
    flag = os.environ.get(config.FIGURE_CACHE_ENV)
    if flag is not None and flag.strip().lower() not in FIGURE_CACHE_VALUES:
        raise ParameterError(f"{config.FIGURE_CACHE_ENV} must be on or off, got {flag!r}")
    config.cache_max_bytes()
