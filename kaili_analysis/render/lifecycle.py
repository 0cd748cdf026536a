"""Interruptions and leftovers: Ctrl-C and SIGTERM, child processes, temporary files.

Cancelling
    :func:`interruptible` wraps a command (``kaili render``, ``kaili batch``). On the first
    SIGINT or SIGTERM it kills every process this one started since (worker processes,
    kernels, the kernel zygote, the browser and its helpers: the whole tree below it, found
    through psutil on every platform), ignores further signals, and raises
    :class:`KeyboardInterrupt` in the main thread. On the way out it removes the temporary
    files of the run and any ``_failed/`` notebook written after the interruption, so a
    cancelled report leaves nothing, and the outputs of earlier runs (written atomically)
    stay as they were. With ``hard_exit`` a watchdog ends the process with status 130 if the
    cleanup itself hangs.

Leftovers of a killed run
    Every temporary file, socket and connection file the package makes carries the id of the
    process that made it (:func:`temp_prefix`, ``kaili-<pid>``). :func:`sweep_stale` removes
    those whose process no longer runs: in an output directory (and its ``_failed/``), in the
    figure cache and in the system's temporary directory. Renders call it on their output
    directory before they start, so a later run cleans up after a ``kill -9``.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import psutil

from kaili_analysis import config

__all__ = ["CLEANUP_SECONDS", "EXIT_INTERRUPTED", "cancelled", "descendants", "die_with_parent",
           "interruptible", "kill_descendants", "sweep_stale", "temp_prefix", "watch_output"]

#: Exit status of an interrupted command (128 + SIGINT, as shells report Ctrl-C).
EXIT_INTERRUPTED = 130
#: At most this long after a signal the process is gone (``hard_exit``), cleanup or not.
CLEANUP_SECONDS = 4.0
#: ``kaili-<pid>`` in a temporary file's name: the process that made it.
_OWNED_FILE = re.compile(r"^\..*(?:^|\.)kaili-([0-9]+)\.")
_OWNED_TMP = re.compile(r"^kaili-(?:kernel-|zygote-)?([0-9]+)-")
_FAILED_DIR = "_failed"

_state: dict[str, Any] = {"cancelled_at": None, "outputs": set(), "active": False,
                          "before": frozenset(), "killed": set()}


def temp_prefix(stem: str) -> str:
    """The name prefix of a hidden temporary file next to an output: ``.<stem>.kaili-<pid>.``."""
    return f".{stem}.kaili-{os.getpid()}."


def cancelled() -> bool:
    """Whether a signal has cancelled the running command (cleanup must not wait then)."""
    return _state["cancelled_at"] is not None


# --- processes --------------------------------------------------------------------------

def _processes(pid: int | None = None, *,
               exclude: Iterable[int] = ()) -> list[psutil.Process]:
    """Every living process below ``pid`` (default: this process), parents first, without
    the processes of ``exclude`` and everything below them."""
    try:
        tree = psutil.Process(os.getpid() if pid is None else pid).children(recursive=True)
    except psutil.Error:
        return []
    skip = set(exclude)
    out = []
    for proc in tree:  # psutil lists a parent before its children
        if proc.pid in skip:
            with contextlib.suppress(psutil.Error):
                skip.update(c.pid for c in proc.children(recursive=True))
            continue
        if _running(proc):
            out.append(proc)
    return out


def _running(proc: psutil.Process) -> bool:
    """Whether ``proc`` still runs (a zombie has ended: only its exit status is left)."""
    try:
        return proc.is_running() and proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def descendants(pid: int | None = None, *, exclude: Iterable[int] = ()) -> list[int]:
    """Every living process below ``pid`` (default: this process), parents first.

    Processes in ``exclude`` and everything below them are left out.

    Parameters
    ----------
    pid
        The root of the tree (default: this process); a process that does not run has none.
    exclude
        Process ids to leave out, with their own descendants.

    Returns
    -------
    list of int
        The process ids, each parent before its children.
    """
    return [proc.pid for proc in _processes(pid, exclude=exclude)]


def kill_descendants(rounds: int = 3) -> int:
    """SIGKILL every process this one started inside :func:`interruptible` (every process
    below it, outside of it); return how many were signalled.

    The tree is stopped first (SIGSTOP), so nothing forks or is re-parented away while it
    is being collected, then killed; a few rounds catch processes started in between.
    Processes that were already running when the command began are left alone.
    """
    killed: dict[int, psutil.Process] = {}
    for _ in range(rounds):
        procs = [p for p in _processes(exclude=_state["before"]) if p.pid not in killed]
        if not procs:
            break
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for proc in procs:
                # psutil refuses to signal a pid that a new process has taken since
                with contextlib.suppress(psutil.Error):
                    proc.send_signal(sig)
        killed.update((p.pid, p) for p in procs)
    _state["killed"] |= set(killed)
    _wait_gone(list(killed.values()), timeout=1.0)
    return len(killed)


def _wait_gone(procs: list[psutil.Process], *, timeout: float) -> None:
    """Wait until every process of ``procs`` has died (SIGKILL is delivered asynchronously:
    a loaded machine may run a killed process a moment longer)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not any(_running(proc) for proc in procs):
            return
        time.sleep(0.01)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return not cancelled()
    if pid in _state["killed"]:
        return False
    try:
        return _running(psutil.Process(pid))
    except psutil.NoSuchProcess:
        return False
    except psutil.AccessDenied:
        return True


def die_with_parent(parent: int | None = None) -> None:
    """Make this (child) process end when its parent does, even after ``kill -9``.

    Linux: the kernel sends SIGKILL at the parent's death (``PR_SET_PDEATHSIG``); elsewhere
    a daemon thread checks the parent twice a second.

    Parameters
    ----------
    parent
        The expected parent's pid (default: the current parent); if it is already gone,
        this process exits at once.
    """
    expected = os.getppid() if parent is None else parent
    armed = False
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            # Linux only: prctl
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            armed = libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0  # PR_SET_PDEATHSIG = 1
    if os.getppid() != expected:
        os._exit(EXIT_INTERRUPTED)
    if not armed:
        def watch() -> None:
            while os.getppid() == expected:
                time.sleep(0.5)
            os._exit(EXIT_INTERRUPTED)

        threading.Thread(target=watch, daemon=True, name="kaili-parent-watch").start()


# --- leftovers --------------------------------------------------------------------------

def _remove(path: Path) -> bool:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False
    return True


def _owned(directory: Path, pattern: re.Pattern[str]) -> Iterator[tuple[Path, int]]:
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        match = pattern.match(entry.name)
        if match:
            yield Path(entry.path), int(match.group(1))


def _cache_dirs() -> list[Path]:

    root = config.cache_dir() / "figures"
    with contextlib.suppress(OSError):
        return [Path(e.path) for e in os.scandir(root) if e.is_dir()]
    return []


def sweep_stale(directories: Iterable[str | os.PathLike[str]] = ()) -> int:
    """Remove the temporary files of processes that no longer run; return how many.

    Looks in each directory and its ``_failed/`` (hidden files named ``…kaili-<pid>.…``),
    in the figure cache, and in the system temporary directory (``kaili-<pid>-…`` sockets,
    ``kaili-kernel-<pid>-…`` connection files, ``kaili-zygote-<pid>-…`` directories).
    Files of running processes are left alone.
    """
    places = [(Path(d), _OWNED_FILE) for d in directories]
    places += [(Path(d) / _FAILED_DIR, _OWNED_FILE) for d in directories]
    places += [(d, _OWNED_FILE) for d in _cache_dirs()]
    places.append((Path(tempfile.gettempdir()), _OWNED_TMP))
    removed = 0
    alive: dict[int, bool] = {}
    for directory, pattern in places:
        for path, pid in _owned(directory, pattern):
            if pid not in alive:
                alive[pid] = _alive(pid)
            if not alive[pid]:
                removed += _remove(path)
    return removed


def watch_output(directory: str | os.PathLike[str]) -> None:
    """Note an output directory of the running command and sweep its stale temporary files.

    If the command is cancelled, :func:`interruptible` removes the run's own temporary files
    there and the ``_failed/`` notebooks written after the signal.
    """
    path = Path(directory)
    _state["outputs"].add(path)
    sweep_stale([path])


def _cleanup() -> None:
    kill_descendants()
    outputs = list(_state["outputs"])
    sweep_stale(outputs)  # this process counts as gone now: its own files go too
    since = _state["cancelled_at"] or time.time()
    for out in outputs:
        with contextlib.suppress(OSError):
            for entry in os.scandir(out / _FAILED_DIR):
                # a report cancelled while it ran is not a failed report
                if entry.name.endswith(".ipynb") and entry.stat().st_mtime >= since - 1:
                    _remove(Path(entry.path))


# --- signals ----------------------------------------------------------------------------

def _watchdog(seconds: float) -> None:
    time.sleep(seconds)
    with contextlib.suppress(Exception):
        kill_descendants(rounds=1)
        sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


def _on_signal(signum: int, frame: Any, *, hard_exit: bool) -> None:
    if _state["cancelled_at"] is not None:
        return  # a second Ctrl-C: the cleanup is already under way
    _state["cancelled_at"] = time.time()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, signal.SIG_IGN)
    # asyncio's child watcher would warn about every kernel that disappears: one line only
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    if hard_exit:
        threading.Thread(target=_watchdog, args=(CLEANUP_SECONDS,), daemon=True,
                         name="kaili-watchdog").start()
    kill_descendants()
    raise KeyboardInterrupt


@contextlib.contextmanager
def interruptible(*, hard_exit: bool = False) -> Iterator[None]:
    """Run a command so that SIGINT and SIGTERM cancel it cleanly.

    Parameters
    ----------
    hard_exit
        After a signal, end the process with status 130 at the latest
        :data:`CLEANUP_SECONDS` later (for the ``kaili`` program; not for library callers).

    Raises
    ------
    KeyboardInterrupt
        After a signal, once every child process is gone and the run's temporary files and
        cancelled ``_failed/`` notebooks are removed.
    """
    if threading.current_thread() is not threading.main_thread() or _state["active"]:
        yield  # signals can only be handled in the main thread, and once
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum: int, frame: Any) -> None:
        _on_signal(signum, frame, hard_exit=hard_exit)

    _state.update(cancelled_at=None, outputs=set(), active=True,
                  before=frozenset(descendants()), killed=set())
    for sig in previous:
        signal.signal(sig, handler)
    try:
        yield
    except KeyboardInterrupt:
        if _state["cancelled_at"] is None:  # raised without our handler (e.g. a test)
            _state["cancelled_at"] = time.time()
        for sig in previous:
            signal.signal(sig, signal.SIG_IGN)
        _cleanup()
        raise
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old if old is not None else signal.SIG_DFL)
        _state.update(active=False, cancelled_at=None, before=frozenset(), killed=set())
