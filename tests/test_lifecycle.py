"""Interruptions and leftovers (kaili_analysis.render.lifecycle), with real signals.

``kaili batch`` and ``kaili render`` run as programs in a session of their own; the tests send
what a terminal sends on Ctrl-C (SIGINT to the whole process group), what a service manager
sends (SIGTERM to the program) and ``kill -9``. Every process the run started carries a marker
in its environment, so "every child process gone" is checked over all processes of the
machine, whatever they were re-parented to.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil
import pytest

from kaili_analysis.render import lifecycle

HOSTILE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "hostile_notebooks"
KAILI = [sys.executable, "-m", "kaili_analysis"]


def _marked(mark: str) -> list[int]:
    found = []
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/environ", "rb") as fh:
                if f"KAILI_TEST_MARK={mark}".encode() in fh.read().split(b"\0"):
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


def _wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"timed out waiting for {what}")


def _start(args: list[str], mark: str, **sleep: float) -> subprocess.Popen:
    env = {**os.environ, "KAILI_TEST_MARK": mark,
           **{f"KAILI_TEST_SLEEP_{k[-1]}": str(v) for k, v in sleep.items()}}
    return subprocess.Popen([*KAILI, *args, "--notebooks-dir", str(HOSTILE_NOTEBOOKS)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def _kernels(mark: str, program: int) -> list[int]:
    """Marked processes running a report kernel: the ones in a session of their own, besides
    the ``kaili`` program itself."""
    out = []
    for pid in _marked(mark):
        if pid == program:
            continue
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                stat = fh.read().decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2:].split()  # state, ppid, pgrp, session ...
        if fields[3] == str(pid):  # a session of its own: what kernels get
            out.append(pid)
    return out


def _hidden(directory: Path) -> list[str]:
    """Hidden files and folders under ``directory``, except the folder of the outputs'
    records (:data:`kaili_analysis.render.uptodate.RECORD_DIR`; a temporary file inside it
    still counts)."""
    from kaili_analysis.render.uptodate import RECORD_DIR

    return sorted(p.name for p in directory.rglob(".*") if p != directory / RECORD_DIR)


def _stale_tmp(pids: list[int]) -> list[str]:
    names = os.listdir(tempfile.gettempdir())
    return [n for n in names for pid in pids
            if n.startswith((f"kaili-{pid}-", f"kaili-kernel-{pid}-", f"kaili-zygote-{pid}-"))]


def _stopped(proc: subprocess.Popen, sig: int, *, group: bool,
             twice: bool = False) -> tuple[int, float, str]:
    start = time.monotonic()
    for _ in range(2 if twice else 1):  # an impatient second Ctrl-C changes nothing
        if group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        time.sleep(0.05)
    _, err = proc.communicate(timeout=30)
    return proc.returncode, time.monotonic() - start, err


@pytest.mark.slow
@pytest.mark.pdf
def test_ctrl_c_stops_a_batch_at_once_and_leaves_nothing(tmp_path: Path,
                                                         chromium_path: str) -> None:
    """Part 1 (the default) is printed to PDF, part 2 sleeps in its kernel when Ctrl-C
    comes."""
    out = tmp_path / "out"
    (out / "_failed").mkdir(parents=True)
    earlier = out / "slow__lang-en__part-2.html"
    earlier.write_bytes(b"<p>an earlier render</p>")
    (out / "_failed" / "old.ipynb").write_text("{}")
    mark = uuid.uuid4().hex
    proc = _start(["batch", "--output-dir", str(out), "--no-progress", "--jobs", "2"],
                  mark, part2=120)
    _wait_for(lambda: (out / "slow__lang-en.pdf").exists() or proc.poll() is not None,
              120, "part 1's PDF")
    assert proc.poll() is None, proc.communicate()
    started = _marked(mark)
    code, seconds, err = _stopped(proc, signal.SIGINT, group=True, twice=True)
    assert code == lifecycle.EXIT_INTERRUPTED and seconds < 5, (code, seconds, err)
    assert err == "kaili: interrupted\n"
    _wait_for(lambda: not _marked(mark), 3, "every child process to go")
    assert _hidden(out) == [] and _stale_tmp(started) == []
    assert sorted(p.name for p in (out / "_failed").iterdir()) == ["old.ipynb"]
    assert earlier.read_bytes() == b"<p>an earlier render</p>"  # the cancelled report's
    assert (out / "slow__lang-en.html").stat().st_size > 1000


@pytest.mark.slow
def test_kill_9_then_a_render_sweeps_then_sigterm_keeps_its_output(tmp_path: Path) -> None:
    """``kill -9`` of a batch: its workers, zygote and kernels go by themselves; the next
    render in that folder removes the killed run's leftovers (not a live process's file);
    SIGTERM of a later render of the same report keeps that render's page as it was."""
    out = tmp_path / "out"
    mark = uuid.uuid4().hex
    proc = _start(["batch", "--output-dir", str(out), "--no-progress", "--jobs", "2",
                   "--format", "html"], mark, part1=120, part2=120)
    _wait_for(lambda: len(_kernels(mark, proc.pid)) >= 2 or proc.poll() is not None, 90,
              "two kernels")
    started = _marked(mark)
    proc.kill()
    proc.communicate(timeout=10)
    _wait_for(lambda: not _marked(mark), 5, "the workers, the zygote and the kernels to go")
    dead = proc.pid
    (out / f".slow__lang-en.kaili-{dead}.x1.tmp.html").write_text("partial")
    (out / "_failed").mkdir(exist_ok=True)
    (out / "_failed" / f".slow.kaili-{dead}.x2.tmp.ipynb").write_text("partial")
    sock = Path(tempfile.gettempdir()) / f"kaili-{dead}-0123456789ab-1"
    sock.write_text("")
    live = out / f".other.kaili-{os.getpid()}.x3.tmp.html"  # a running process's file
    live.write_text("in progress")

    args = ["render", "slow", "--lang", "en", "--format", "html", "--output-dir", str(out)]
    again = subprocess.run([*KAILI, *args, "--notebooks-dir", str(HOSTILE_NOTEBOOKS)],
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert _hidden(out) == [live.name] and not sock.exists()
    assert _stale_tmp([*started, dead]) == []
    live.unlink()

    page = out / "slow__lang-en.html"
    before = page.read_bytes()
    mark = uuid.uuid4().hex
    proc = _start([*args, "--force"], mark, part1=120)  # the page is up to date: run it anyway
    _wait_for(lambda: _kernels(mark, proc.pid) or proc.poll() is not None, 60, "the kernel")
    started = _marked(mark)
    code, seconds, err = _stopped(proc, signal.SIGTERM, group=False)
    assert code == lifecycle.EXIT_INTERRUPTED and seconds < 5, (code, seconds, err)
    assert err == "kaili: interrupted\n"
    _wait_for(lambda: not _marked(mark), 3, "every child process to go")
    assert page.read_bytes() == before
    assert _hidden(out) == [] and sorted(p.name for p in (out / "_failed").iterdir()) == []
    assert _stale_tmp(started) == []


def test_sweep_removes_only_files_of_dead_processes(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    mine = os.getpid()
    names = [f".r.kaili-{dead.pid}.a.tmp.html", f".r.kaili-{mine}.b.tmp.html",
             f".r.{dead.pid}.c.tmp.html", "r.html", f"kaili-{dead.pid}.html"]
    for name in names:
        (tmp_path / name).write_text("x")
    assert lifecycle.sweep_stale([tmp_path]) >= 1
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(names[1:])


def test_descendants_follow_the_process_tree() -> None:
    child = subprocess.Popen([sys.executable, "-c",
                              "import subprocess, sys; subprocess.run(['sleep', '30'])"])
    try:
        (grandchild,) = _wait_for(lambda: lifecycle.descendants(child.pid), 10, "the grandchild")
        tree = lifecycle.descendants()
        assert tree.index(child.pid) < tree.index(grandchild)  # parents first
        left = lifecycle.descendants(exclude=[child.pid])
        assert child.pid not in left and grandchild not in left
    finally:
        for pid in lifecycle.descendants(child.pid):
            os.kill(pid, signal.SIGKILL)
        child.kill()
        child.wait()


def test_process_trees_and_liveness_need_no_proc_listing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ``/proc`` cannot be listed (other systems have none), the tree below a process
    is still found, checked and killed, through psutil's portable process calls."""
    scandir = os.scandir

    def no_proc(path=".") -> object:
        if os.fspath(path).rstrip("/") == "/proc":
            raise PermissionError(13, "listing refused", "/proc")
        return scandir(path)

    monkeypatch.setattr(os, "scandir", no_proc)
    monkeypatch.setitem(lifecycle._state, "before", frozenset(lifecycle.descendants()))
    monkeypatch.setitem(lifecycle._state, "killed", set())
    child = subprocess.Popen([sys.executable, "-c",
                              "import subprocess; subprocess.run(['sleep', '30'])"])
    try:
        (grandchild,) = _wait_for(lambda: lifecycle.descendants(child.pid), 10, "the grandchild")
        assert lifecycle._alive(grandchild)
        assert lifecycle.kill_descendants() == 2
        assert child.wait(timeout=5) == -signal.SIGKILL
        _wait_for(lambda: lifecycle.descendants(child.pid) == [] and not any(
            p.pid == grandchild and p.status() != "zombie" for p in psutil.process_iter()),
            5, "the grandchild to go")
    finally:
        child.kill()
        child.wait()


def test_a_zygote_whose_owner_died_while_it_started_exits_at_once(tmp_path: Path) -> None:
    """A batch killed while its kernel zygote was still starting: the zygote, now a child of
    another process, does not serve anybody forever but exits before its warm-up."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a pid that no longer runs: the owner that died
    started = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "kaili_analysis.render.zygote",
                           str(tmp_path / "z.sock"), str(gone.pid)],
                          capture_output=True, timeout=60)
    assert proc.returncode == lifecycle.EXIT_INTERRUPTED
    assert time.monotonic() - started < 10  # no warm-up (pandas, matplotlib, the data)
    assert not (tmp_path / "z.sock").exists()
