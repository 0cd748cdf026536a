"""Batch rendering: many reports in parallel worker processes, one browser, one index page.

Without a configuration file a batch renders every report notebook times its own batch
matrix (``kaili.batch.matrix`` in the notebook metadata; default ``{"lang": ["zh", "en"]}``).

A TOML batch file (``kaili batch --config FILE``) lists the reports instead::

    # one report with its default parameters
    [[report]]
    notebook = "overview"

    # one report with other parameters
    [[report]]
    notebook = "overview"
    parameters = { lang = "en" }

    # fixed parameters times every combination of a matrix: one per section with figures
    [[report]]
    notebook = "section_profile"
    parameters = { lang = "en" }
    matrix = { section = "@sections_with_figures" }

    # any notebook, by its path (relative to the batch file)
    [[report]]
    notebook = "analyses/my_analysis.ipynb"

Keys of a ``[[report]]`` entry: ``notebook`` (a report name, a path to a ``.ipynb`` file
relative to the batch file, or ``"*"`` for every report),
``parameters`` (a table of values) and ``matrix`` (a table of lists of values, or
``"@sections"``-style names of value lists; or the string ``"default"`` for the notebook's
own batch matrix). An entry without ``matrix`` is one report. Values are checked exactly
as ``kaili render -p`` checks them; a report that appears twice is rendered once.

Two different reports never share an output file: a batch in which two notebooks would write
the same file (two notebooks of one name in two folders, a notebook named like another
report's output, a notebook named ``index`` whose page would be the index page) is refused
before any kernel starts, naming both.

How it runs: each of N worker processes keeps a pool of one pre-started kernel that has
already imported pandas/matplotlib/seaborn/kaili_analysis; a report takes the waiting kernel
and the next one starts at once. Every report gets a fresh kernel (nothing leaks between
reports). Workers export HTML in-process with one reused exporter; the parent process
prints every PDF with one browser while the workers go on, and writes ``index.html``.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
import sys
import threading
import time
import tomllib
from collections.abc import Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.errors import ExecutionError, KailiError, ParameterError, RenderError
from kaili_analysis.render.choices import resolve_choices
from kaili_analysis.render.lifecycle import cancelled, die_with_parent, watch_output
from kaili_analysis.render.notebooks import ReportSpec, list_reports, resolve_notebook
from kaili_analysis.render.pdf import PdfPrinter, find_chromium
from kaili_analysis.render.preflight import check_environment, check_output_dir, check_timeout
from kaili_analysis.render.report import (
    FORMATS,
    Job,
    JobResult,
    check_formats,
    data_version,
    plan_job,
    run_job,
)
from kaili_analysis.render.uptodate import Inputs, OutputPlan, plan_outputs, record
from kaili_analysis.render.zygote import Zygote, ZygotePool

__all__ = ["BatchResult", "check_outputs", "distinct_outputs", "expand_matrix",
           "load_batch_config", "plan_batch", "run_batch"]

_ENTRY_KEYS = {"notebook", "parameters", "matrix"}
#: The stem of the batch's index page (``index.html``, :func:`.index.write_index`).
_INDEX_STEM = "index"


@dataclass
class BatchResult:
    """The reports of a batch in plan order, and the index page."""

    results: list[JobResult]
    index: Path | None
    seconds: float

    @property
    def failed(self) -> list[JobResult]:
        return [r for r in self.results if not r.ok]

    @property
    def up_to_date(self) -> list[JobResult]:
        """The reports whose every output matched its record (nothing made)."""
        return [r for r in self.results if r.up_to_date]

    @property
    def rendered(self) -> list[JobResult]:
        """The reports made (all or some of their outputs) in this batch."""
        return [r for r in self.results if r.ok and not r.up_to_date]


def expand_matrix(matrix: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Every combination of the matrix's values (``"@name"`` lists resolved), in order."""
    names, columns = [], []
    for name, values in matrix.items():
        if isinstance(values, str):
            try:
                values = resolve_choices(values) if values.startswith("@") else None
            except RenderError as exc:  # a batch file naming an unknown list: bad input
                raise ParameterError(f"matrix entry {name!r}: {exc}") from None
        if not isinstance(values, list | tuple) or not values:
            raise ParameterError(f"matrix entry {name!r} must be a non-empty list of values "
                                 "or an '@name' list")
        names.append(name)
        columns.append(list(values))
    return [dict(zip(names, combo, strict=True)) for combo in itertools.product(*columns)]


def _entry_jobs(spec: ReportSpec, entry: Mapping[str, Any]) -> list[dict[str, Any]]:
    fixed = dict(entry.get("parameters") or {})
    matrix = entry.get("matrix")
    if matrix is None:
        return [fixed]
    if matrix == "default":
        matrix = spec.matrix
    if not isinstance(matrix, Mapping):
        raise ParameterError("matrix must be a table or \"default\"")
    return [{**fixed, **row} for row in expand_matrix(matrix)]


def load_batch_config(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Read a TOML batch file; return its ``[[report]]`` entries (checked for shape)."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ParameterError(f"cannot read batch file {str(path)!r}: {exc.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ParameterError(f"{path.name}: not valid TOML ({exc})") from None
    extra = set(data) - {"report"}
    if extra:
        raise ParameterError(f"{path.name}: unknown key {sorted(extra)[0]!r}; a batch file "
                             "has [[report]] entries only")
    entries = data.get("report")
    if not isinstance(entries, list) or not entries:
        raise ParameterError(f"{path.name}: no [[report]] entries")
    for number, entry in enumerate(entries, 1):
        unknown = set(entry) - _ENTRY_KEYS
        if unknown:
            raise ParameterError(f"{path.name}: report #{number}: unknown key "
                                 f"{sorted(unknown)[0]!r} (keys: notebook, parameters, matrix)")
        if not isinstance(entry.get("notebook"), str):
            raise ParameterError(f"{path.name}: report #{number}: notebook = \"name\" (or a "
                                 "path to a .ipynb file) is missing")
        if not isinstance(entry.get("parameters", {}), dict):
            raise ParameterError(f"{path.name}: report #{number}: parameters must be a table")
    return entries


def plan_batch(config_path: str | os.PathLike[str] | None = None,
               notebooks_dir: str | os.PathLike[str] | None = None) -> list[Job]:
    """The jobs of a batch: from a TOML file, or every report times its batch matrix.

    Every parameter set is validated here, before anything executes; duplicates (same
    notebook, same slug) are dropped, and two reports that would write one file are refused
    (:func:`distinct_outputs`).
    """
    if config_path is None:
        pairs = [(spec, {"matrix": "default"}) for spec in list_reports(notebooks_dir, strict=True)]
        where = "report"
    else:
        entries = load_batch_config(config_path)
        pairs = []
        for entry in entries:
            if entry["notebook"] == "*":
                pairs += [(spec, entry) for spec in list_reports(notebooks_dir, strict=True)]
            else:
                pairs.append((resolve_notebook(entry["notebook"], notebooks_dir,
                                               base=Path(config_path).parent), entry))
        where = Path(config_path).name
    jobs: list[Job] = []
    for spec, entry in pairs:
        try:
            jobs += [plan_job(spec, given) for given in _entry_jobs(spec, entry)]
        except ParameterError as exc:
            raise ParameterError(f"{where} {spec.name!r}: {exc}") from None
    if not jobs:
        raise ParameterError("nothing to render: no report notebooks found")
    return distinct_outputs(jobs)


def _described(job: Job) -> str:
    """A job as a message names it: its notebook file and the parameters it is given."""
    given = ", ".join(f"{name}={value!r}" for name, value in job.params.items())
    return f"{job.spec.path}" + (f" with {given}" if given else "")


def distinct_outputs(jobs: Sequence[Job]) -> list[Job]:
    """``jobs`` without repeats, once it is sure that no two write the same file.

    A job that appears again (the same notebook, the same output name) is dropped. Output
    names are compared without case, as a case-insensitive file system would.

    Parameters
    ----------
    jobs
        The planned jobs, in order.

    Returns
    -------
    list of Job
        The first job of each output name, in order.

    Raises
    ------
    ParameterError
        If a job's output would be the index page (``index.html``), or two jobs of different
        notebooks would write the same output file; the message names both.
    """
    seen: dict[str, Job] = {}
    for job in jobs:
        key = job.slug.casefold()
        if key == _INDEX_STEM:
            raise ParameterError(
                f"{_described(job)} would write {job.slug}.html, the batch's index page; "
                "rename the notebook")
        other = seen.setdefault(key, job)
        if other is not job and other.spec.path.resolve() != job.spec.path.resolve():
            raise ParameterError(
                f"two reports would write the same file {job.slug}.html: "
                f"{_described(other)} and {_described(job)}; rename one of the notebooks")
    return list(seen.values())


# --- worker processes -----------------------------------------------------------------

_WORKER: dict[str, Any] = {}


def _prepare_export() -> None:
    """Import papermill/nbconvert and compile the export templates (once per process)."""
    if "export" not in _WORKER:
        # loads jinja2 and nbconvert: only when needed
        from kaili_analysis.render.export import HtmlExport

        export = HtmlExport()
        export.warm_up()
        import papermill  # noqa: F401

        _WORKER["export"] = export


def _init_worker(zygote_path: str, cwd: str, parent: int) -> None:
    # only in a batch worker
    from multiprocessing.util import Finalize


    die_with_parent(parent)  # a killed batch (kill -9) leaves no worker behind
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler (forked)
    _prepare_export()  # inherited from the parent when forked
    pool = ZygotePool(zygote_path)
    Finalize(pool, pool.close, exitpriority=10)
    _WORKER["pool"] = pool
    pool.prestart(cwd)


def _work(job: Job, output_dir: Path, version: str, keep_html: bool, prefetch: bool,
          timeout: float | None) -> JobResult:
    start = time.perf_counter()
    try:
        km = _WORKER["pool"].take(job.spec.path.parent, prefetch=prefetch)
        return run_job(job, km=km, export=_WORKER["export"], output_dir=output_dir,
                       data_version=version, keep_html=keep_html, timeout=timeout)
    except Exception as exc:
        failed = exc.failed_path if isinstance(exc, ExecutionError) else None
        message = str(exc) if isinstance(exc, KailiError) else f"{type(exc).__name__}: {exc}"
        return JobResult(job.slug, job.spec.name, job.title, dict(job.values),
                         dict(job.params), ok=False, failed_notebook=failed, error=message,
                         seconds=time.perf_counter() - start)


def _context() -> multiprocessing.context.BaseContext:
    # fork is cheapest (workers inherit the parent's imports) but only safe without threads
    if "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def check_outputs(jobs: Sequence[Job], *, formats: str | Sequence[str] = FORMATS,
                  output_dir: str | os.PathLike[str] | None = None,
                  force: bool = False) -> list[OutputPlan]:
    """What a batch would make: per job, its stale outputs and why (nothing is written).

    Raises :class:`BrowserNotFoundError` when PDF output is asked for and no browser is found
    (the browser's version is part of a PDF's key), and :class:`ParameterError` when two
    jobs would write one file (:func:`distinct_outputs`).
    """

    jobs = distinct_outputs(jobs)  # two reports never write one file
    formats = check_formats(formats)
    executable = find_chromium() if "pdf" in formats else None
    out = Path(output_dir) if output_dir is not None else config.REPORTS_DIR
    return plan_outputs(jobs, formats, out, inputs=Inputs(browser=executable), force=force)


def run_batch(jobs: Sequence[Job], *, n_jobs: int | None = None,
              formats: str | Sequence[str] = FORMATS,
              output_dir: str | os.PathLike[str] | None = None,
              timeout: float | None = None, progress: bool = True,
              force: bool = False) -> BatchResult:
    """Render the outputs of ``jobs`` that are not up to date, then write ``index.html``.

    An output whose record matches everything it depends on (:mod:`.uptodate`) is kept as
    it is, unless ``force``; a stale PDF whose HTML is up to date is printed from that HTML
    without running the notebook. The rest runs in ``n_jobs`` worker processes.

    A failing report does not stop the others; it is marked in the index and in
    :attr:`BatchResult.failed`. Raises :class:`BrowserNotFoundError` before anything
    executes when PDF output is asked for and no browser is found, and
    :class:`ParameterError` when two jobs would write one file.
    """
    from kaili_analysis.render.index import write_index  # loads jinja2: only when needed

    check_environment()
    jobs = distinct_outputs(jobs)  # before anything is made: two reports never write one file
    timeout = check_timeout(timeout)
    formats = check_formats(formats)
    executable = find_chromium() if "pdf" in formats else None
    out = check_output_dir(output_dir if output_dir is not None else config.REPORTS_DIR)
    watch_output(out)  # stale temporary files of killed runs go; cancelled runs clean up
    start = time.perf_counter()
    plans = check_outputs(jobs, formats=formats, output_dir=out, force=force)
    results: list[JobResult | None] = [
        _up_to_date(plan) if plan.up_to_date else None for plan in plans]
    if not all(plan.up_to_date for plan in plans):
        _render(plans, results, n_jobs=n_jobs, formats=formats, out=out,
                executable=executable, timeout=timeout, progress=progress)
    final = [r for r in results if r is not None]
    index = write_index(out, final)
    return BatchResult(final, index, time.perf_counter() - start)


def _up_to_date(plan: OutputPlan) -> JobResult:
    job = plan.job
    return JobResult(job.slug, job.spec.name, job.title, dict(job.values), dict(job.params),
                     html=plan.paths.get("html"), pdf=plan.paths.get("pdf"), up_to_date=True)


def _render(plans: Sequence[OutputPlan], results: list[JobResult | None], *,
            n_jobs: int | None, formats: tuple[str, ...], out: Path,
            executable: str | None, timeout: float | None, progress: bool) -> None:
    """Execute the plans that need it and print their PDFs; fill ``results`` in place."""
    # only when a progress bar is shown
    from tqdm import tqdm


    run = [i for i, plan in enumerate(plans) if plan.needs_execution]
    reprint = [i for i, plan in enumerate(plans) if not plan.up_to_date
               and not plan.needs_execution]
    keep_html = "html" in formats
    executor = printer = zygote = None
    pending: dict[Future, tuple[str, int]] = {}
    try:
        if run:
            cwd = str(plans[run[0]].job.spec.path.parent)
            zygote = Zygote(cwd)  # warms up while the rest starts
            workers = max(1, min(n_jobs or os.cpu_count() or 1, len(run)))
            context = _context()
            if context.get_start_method() == "fork":
                _prepare_export()  # once here, while the zygote warms up; workers inherit it
            executor = ProcessPoolExecutor(workers, mp_context=context,
                                           initializer=_init_worker,
                                           initargs=(zygote.path, cwd, os.getpid()))
            executor.submit(int)  # starts (forks) the workers now; threads may start after
        if executable and any("pdf" in plans[i].reasons for i in run + reprint):
            printer = PdfPrinter(executable)
            printer.start()
        if run:
            version = data_version()  # while the workers get their first kernel
            for n, i in enumerate(run):
                fut = executor.submit(_work, plans[i].job, out, version, keep_html,
                                      n + workers < len(run), timeout)
                pending[fut] = ("html", i)
        for i in reprint:
            results[i] = res = _up_to_date(plans[i])
            res.up_to_date, res.pdf = False, None
            pending[printer.submit(plans[i].paths["html"], plans[i].paths["pdf"])] = ("pdf", i)
        bar = tqdm(total=len(run) + len(reprint), unit="report", desc="kaili batch",
                   file=sys.stderr, disable=not progress, dynamic_ncols=True)
        with bar:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    kind, i = pending.pop(fut)
                    plan = plans[i]
                    if kind == "html":
                        results[i] = res = _html_done(fut, plan.job)
                        if res.ok and keep_html:
                            record(res.html, plan.parts["html"])
                        if res.ok and "pdf" in plan.reasons and printer is not None:
                            pending[printer.submit(res.html, plan.paths["pdf"])] = ("pdf", i)
                            continue
                        if res.ok and "pdf" in formats:
                            res.pdf = plan.paths["pdf"]  # up to date already
                    else:
                        _pdf_done(fut, results[i], keep_html)
                        if results[i].ok and results[i].pdf is not None:
                            record(results[i].pdf, plan.parts["pdf"])
                    bar.update(1)
                    if progress and not results[i].ok:
                        bar.write(f"kaili: {results[i].error}", file=sys.stderr)
    except BaseException:
        if executor is not None:
            executor.shutdown(wait=False, cancel_futures=True)
        raise
    finally:
        if cancelled():  # every child is gone already (lifecycle): do not wait for them
            if zygote is not None:
                zygote.discard()
        else:
            if printer is not None:
                printer.close()
            if executor is not None:
                executor.shutdown(wait=True)
            if zygote is not None:
                zygote.close()
        _WORKER.clear()


def _html_done(fut: Future, job: Job) -> JobResult:
    try:
        return fut.result()
    except Exception as exc:
        return JobResult(job.slug, job.spec.name, job.title, dict(job.values), dict(job.params),
                         ok=False, error=f"worker failed: {type(exc).__name__}: {exc}")


def _pdf_done(fut: Future, res: JobResult, keep_html: bool) -> None:
    try:
        res.pdf = fut.result()
    except KailiError as exc:
        res.ok, res.error = False, str(exc)
    finally:
        if not keep_html and res.html is not None:
            res.html.unlink(missing_ok=True)
            res.html = None
