"""Measure kaili against the plain papermill + nbconvert chain, as whole processes.

Run ``make bench`` (or ``.venv/bin/python benchmarks/bench.py --help``). Every comparison runs
its commands side by side, several rounds, and prints medians and ratios with the machine it
ran on. Nothing here is part of ``make test``; results go into ``benchmarks/README.md``.

Comparisons (the goals of the performance issue):

* ``batch``: ``kaili batch`` (HTML + PDF, the default report set) against the same reports
  rendered one after another with ``papermill`` + ``jupyter nbconvert --to html`` + ``jupyter
  nbconvert --to webpdf``. nbconvert's web PDF only launches a Playwright-managed browser and
  none can be downloaded here, so the plain chain is pointed at Debian's Chromium through a
  temporary ``PLAYWRIGHT_BROWSERS_PATH`` whose entries are links to it (goal: ≥ 5x).
* ``render``: ``kaili render NOTEBOOK --format html`` for each report against the same command
  on a trivial notebook (a parameters cell and one print) (goal: ≤ 1.3x), each report with
  the figure cache warm (a re-render) and off (a first render, every chart drawn).
* ``import``: ``import kaili_analysis; load_indicators()`` against ``import pandas`` (≤ 1.3x).
* ``memory``: the peak resident memory of the whole ``kaili batch`` process tree (< 2 GB).
* ``incremental``: ``kaili batch`` (what ``make reports`` runs) cold, with an empty figure
  cache and an empty output directory, then again with nothing changed, when every output is
  up to date (goals: the second run ≤ 1.5 s; the cold run ≤ 27 s or ≤ 1 s per report).

``kaili batch`` runs with ``--no-figure-cache`` in the batch and memory comparisons, so every
chart is drawn as in the plain chain.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
TRIVIAL = {
    "cells": [
        {"cell_type": "code", "execution_count": None, "id": "params",
         "metadata": {"tags": ["parameters"]}, "outputs": [], "source": ['lang = "zh"']},
        {"cell_type": "code", "execution_count": None, "id": "hello", "metadata": {},
         "outputs": [], "source": ['print("hello", lang)']},
    ],
    "metadata": {"kaili": {"title": {"zh": "空报告", "en": "Trivial"}},
                 "kernelspec": {"display_name": "Python 3", "language": "python",
                                "name": "python3"},
                 "language_info": {"name": "python"}},
    "nbformat": 4, "nbformat_minor": 5,
}


def _run(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> float:
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n"
                         f"{proc.stderr[-2000:]}")
    return elapsed


def _peak_rss(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Run ``cmd``; return (seconds, peak total PSS, peak total RSS) in MB of it and all its
    children. RSS counts a page shared by forked kernels once per process; PSS divides it
    among them, so its sum is the memory the tree really uses."""
    import psutil

    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = peak_rss = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak, peak_rss
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            pss = rss = 0
            try:
                for p in [root, *root.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        info = p.memory_full_info()
                        pss, rss = pss + info.pss, rss + info.rss
            except psutil.Error:
                pass
            peak, peak_rss = max(peak, pss / 2**20), max(peak_rss, rss / 2**20)
            time.sleep(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, err = proc.communicate()
    stop.set()
    thread.join()
    if proc.returncode != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}\n{err.decode()[-2000:]}")
    return time.perf_counter() - start, peak, peak_rss


def _browsers_shim(root: Path) -> dict[str, str]:
    """A PLAYWRIGHT_BROWSERS_PATH whose Chromium entries are links to the installed Chromium."""
    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("KAILI_CHROMIUM") or shutil.which("chromium")
    if not chromium:
        raise SystemExit("the plain chain needs Chromium: apt-get install chromium")
    with sync_playwright() as p:
        expected = Path(p.chromium.executable_path)  # .../chromium-NNNN/chrome-linux64/chrome
    rev = expected.parents[1].name.split("-")[-1]
    for exe in (root / f"chromium-{rev}" / expected.parent.name / expected.name,
                root / f"chromium_headless_shell-{rev}" / "chrome-headless-shell-linux64"
                / "chrome-headless-shell"):
        exe.parent.mkdir(parents=True, exist_ok=True)
        exe.unlink(missing_ok=True)
        exe.symlink_to(chromium)
        (exe.parents[1] / "INSTALLATION_COMPLETE").touch()
    return dict(os.environ, PLAYWRIGHT_BROWSERS_PATH=str(root))


def _jobs() -> list[tuple[str, dict]]:
    from kaili_analysis.render import plan_batch

    return [(job.spec.name, dict(job.params)) for job in plan_batch()]


def _plain_chain(jobs: list[tuple[str, dict]], work: Path, env: dict[str, str]) -> float:
    start = time.perf_counter()
    for i, (name, params) in enumerate(jobs):
        out = work / f"{i:02d}-{name}.ipynb"
        cmd = [str(BIN / "papermill"), str(REPO / "notebooks" / f"{name}.ipynb"), str(out),
               "-k", "python3", "--log-level", "WARNING"]
        for key, value in params.items():
            cmd += ["-p", key, str(value)] if not isinstance(value, dict) else [
                "-y", json.dumps({key: value})]
        _run(cmd, env=env, cwd=REPO / "notebooks")
        _run([str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(out)],
             env=env)
        _run([str(BIN / "jupyter"), "nbconvert", "--to", "webpdf", "--no-input",
              "--WebPDFExporter.disable_sandbox=True", str(out)], env=env)
    return time.perf_counter() - start


def _median_table(rows: list[tuple[str, list[float]]]) -> str:
    width = max(len(name) for name, _ in rows)
    lines = [f"{'command':<{width}}  median s  rounds"]
    for name, times in rows:
        lines.append(f"{name:<{width}}  {statistics.median(times):8.2f}  "
                     + " ".join(f"{t:.2f}" for t in times))
    return "\n".join(lines)


def bench_import(rounds: int) -> list[tuple[str, list[float]]]:
    py = str(BIN / "python")
    pandas = [_run([py, "-c", "import pandas"]) for _ in range(rounds)]
    ours = [_run([py, "-c", "import kaili_analysis as ka; ka.load_indicators()"])
            for _ in range(rounds)]
    return [("python -c 'import pandas'", pandas),
            ("python -c 'import kaili_analysis; load_indicators()'", ours)]


def bench_render(rounds: int, reports: list[str], work: Path) -> list[tuple[str, list[float]]]:
    """Each report twice: with the figure cache warm (the steady state of re-rendering) and
    with it off (a first render: every chart drawn), against the trivial notebook. Rounds
    are interleaved (in a shuffled order), so a slow spell of the machine hits every command
    alike."""
    trivial_dir = work / "trivial"
    trivial_dir.mkdir(exist_ok=True)
    (trivial_dir / "trivial.ipynb").write_text(json.dumps(TRIVIAL), encoding="utf-8")
    kaili = str(BIN / "kaili")
    out = work / "render-out"
    cache = dict(os.environ, KAILI_CACHE_DIR=str(work / "cache"))
    cold = dict(cache, KAILI_FIGURE_CACHE="off")
    commands: list[tuple[str, list[str], dict[str, str]]] = [
        ("kaili render trivial --format html", [kaili, "render", "trivial"],
         dict(cache, KAILI_NOTEBOOKS_DIR=str(trivial_dir)))]
    for name in reports:
        commands.append((f"kaili render {name} --format html", [kaili, "render", name], cache))
        commands.append((f"kaili render {name} --format html, cache off",
                         [kaili, "render", name], cold))
    for _, cmd, env in commands:  # prime the cache (and the OS file cache)
        _run([*cmd, "--format", "html", "--output-dir", str(out), "--force"], env=env)
    times: dict[str, list[float]] = {label: [] for label, _, _ in commands}
    order = random.Random(2026)
    for _ in range(rounds):
        # a new order every round: no command always runs right after a heavy one
        for label, cmd, env in order.sample(commands, len(commands)):
            # --force: the same report again is up to date, and would not be rendered
            times[label].append(_run([*cmd, "--format", "html", "--output-dir", str(out),
                                      "--force"], env=env))
    return list(times.items())


def bench_incremental(rounds: int, cold_rounds: int,
                      work: Path) -> tuple[int, list[tuple[str, list[float]]]]:
    """``kaili batch`` cold (empty figure cache, no outputs) ``cold_rounds`` times, then
    ``rounds`` times again on the first round's outputs with nothing changed."""
    from kaili_analysis.render import plan_batch

    n_reports = len(plan_batch())
    kaili = str(BIN / "kaili")
    cold, again = [], []
    for r in range(cold_rounds):
        env = dict(os.environ, KAILI_CACHE_DIR=str(work / f"incremental-cache-{r}"))
        cmd = [kaili, "batch", "--no-progress", "--output-dir", str(work / f"incremental-{r}")]
        cold.append(_run(cmd, env=env))
        if r == 0:
            first = (cmd, env)
    for _ in range(rounds):
        again.append(_run(first[0], env=first[1]))
    return n_reports, [("kaili batch, cold (empty figure cache, no outputs)", cold),
                       ("kaili batch again, nothing changed", again)]


def _cpu_jiffies() -> tuple[int, int]:
    """(all, stolen) CPU time of this machine so far, in clock ticks (``/proc/stat``)."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0, 0
    return sum(fields[:8]), fields[7] if len(fields) > 7 else 0


def _stolen(since: tuple[int, int]) -> str:
    """How much CPU time the host took from this virtual machine since ``since``: it slows
    every command, the heavier ones more, and moves every ratio."""
    total, steal = (now - then for now, then in zip(_cpu_jiffies(), since, strict=True))
    return f"CPU time stolen by the host meanwhile: {100 * steal / total:.1f} %" if total else ""


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (f"{platform.platform()}; {os.cpu_count()} cores ({cpu}); {mem}; "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the quick comparisons")
    parser.add_argument("--batch-rounds", type=int, default=2,
                        help="rounds of the batch comparison (each plain round takes minutes)")
    parser.add_argument("--cold-rounds", type=int, default=2,
                        help="rounds of the cold batch of the incremental comparison")
    parser.add_argument("--only", choices=["import", "render", "batch", "memory",
                                           "incremental"],
                        action="append", help="run only these comparisons (repeatable); "
                        "memory runs kaili batch alone")
    args = parser.parse_args(argv)
    only = set(args.only or ["import", "render", "incremental", "batch"])
    print(f"machine: {machine()}\n")
    with tempfile.TemporaryDirectory(prefix="kaili-bench-") as tmp:
        work = Path(tmp)
        if "import" in only:
            before = _cpu_jiffies()
            rows = bench_import(args.rounds)
            print(_median_table(rows))
            print(_stolen(before))
            ratio = statistics.median(rows[1][1]) / statistics.median(rows[0][1])
            print(f"ratio import+load / import pandas: {ratio:.2f} (goal <= 1.3)\n")
        if "render" in only:
            from kaili_analysis.render import list_reports

            reports = [spec.name for spec in list_reports()]
            before = _cpu_jiffies()
            rows = bench_render(args.rounds, reports, work)
            print(_median_table(rows))
            print(_stolen(before))
            trivial = rows[0][1]
            base = statistics.median(trivial)
            print("ratios: of the medians, and the median of each round's own ratio (a round "
                  "runs every command once, so a slow spell of the machine hits both sides)")
            for name, times in rows[1:]:
                ratio = statistics.median(times) / base
                paired = statistics.median(t / b for t, b in zip(times, trivial, strict=True))
                if name.endswith("cache off"):  # every chart drawn: reported, not the goal
                    print(f"ratio {name.split()[2]:<16} first render (cache off) / trivial: "
                          f"{ratio:.2f}, per round {paired:.2f} (for reference: see "
                          "benchmarks/README.md)")
                else:
                    print(f"ratio {name.split()[2]:<16} re-render (cache warm)  / trivial: "
                          f"{ratio:.2f}, per round {paired:.2f} (goal <= 1.3)")
            print()
        if "incremental" in only:
            before = _cpu_jiffies()
            n_reports, rows = bench_incremental(max(args.rounds, 5), args.cold_rounds, work)
            print(f"{n_reports} reports, HTML + PDF (make reports runs this command)")
            print(_median_table(rows))
            print(_stolen(before))
            cold, again = (statistics.median(times) for _, times in rows)
            print(f"second run: {again:.2f} s (goal <= 1.5 s); cold run: {cold:.1f} s, "
                  f"{cold / n_reports:.2f} s per report (goal <= 27 s or <= 1 s per report); "
                  f"load average now {os.getloadavg()[0]:.1f}\n")
        if "memory" in only:
            seconds, peak, peak_rss = _peak_rss([str(BIN / "kaili"), "batch", "--format",
                                                 "html,pdf", "--output-dir", str(work / "m"),
                                                 "--no-figure-cache"])
            print(f"kaili batch: {seconds:.1f} s; peak PSS {peak:.0f} MB (goal < 2048 MB); "
                  f"summed RSS {peak_rss:.0f} MB\n")
        if "batch" in only:
            jobs = _jobs()
            env = _browsers_shim(work / "browsers")
            plain, ours, peaks, rss = [], [], [], []
            before = _cpu_jiffies()
            for r in range(args.batch_rounds):
                out = work / f"batch-{r}"
                # every chart drawn, as the plain chain does: the cache would flatter us
                seconds, peak, peak_rss = _peak_rss(
                    [str(BIN / "kaili"), "batch", "--format", "html,pdf", "--output-dir",
                     str(out), "--no-figure-cache"])
                ours.append(seconds)
                peaks.append(peak)
                rss.append(peak_rss)
                chain = work / f"plain-{r}"
                chain.mkdir()
                plain.append(_plain_chain(jobs, chain, env))
            print(f"{len(jobs)} reports, HTML + PDF")
            print(_median_table([("plain papermill + nbconvert html + webpdf", plain),
                                 ("kaili batch --format html,pdf", ours)]))
            print(_stolen(before))
            print(f"speed-up: {statistics.median(plain) / statistics.median(ours):.1f}x "
                  "(goal >= 5x)")
            print(f"peak memory of kaili batch (process tree): {max(peaks):.0f} MB PSS "
                  f"(goal < 2048 MB); summed RSS {max(rss):.0f} MB counts shared pages of "
                  "forked kernels once per process")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
