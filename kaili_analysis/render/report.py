"""One report: plan it (validate, slug), execute and export it, and the single-render API.

Output layout of a report with slug ``S`` in the output directory ``DIR``:

* ``DIR/S.html`` and ``DIR/S.pdf``, each written to a unique temporary file in ``DIR`` and
  moved into place with :func:`os.replace`, so readers never see a partial file and two
  renders of the same report at once cannot corrupt it;
* on a failing cell, no HTML or PDF is written (an older one is left as it was) and the
  executed notebook with the error is kept as ``DIR/_failed/S.ipynb``; a later successful
  render removes it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.data.version import data_version as _data_version
from kaili_analysis.errors import ParameterError, RenderError
from kaili_analysis.render._files import write_atomic
from kaili_analysis.render.choices import report_title
from kaili_analysis.render.execute import KernelPool, execute_notebook, read_notebook
from kaili_analysis.render.lifecycle import cancelled, temp_prefix, watch_output
from kaili_analysis.render.notebooks import ReportSpec, resolve_notebook
from kaili_analysis.render.params import overrides, validate_parameters
from kaili_analysis.render.pdf import PdfPrinter, find_chromium
from kaili_analysis.render.preflight import check_environment, check_output_dir, check_timeout
from kaili_analysis.render.uptodate import Inputs, plan_outputs, record
from kaili_analysis.show.filenames import slugify

__all__ = [
    "FAILED_DIR",
    "FORMATS",
    "Job",
    "JobResult",
    "check_formats",
    "plan_job",
    "render",
    "run_job",
]

FORMATS = ("html", "pdf")
#: Sub-directory of the output directory that keeps failed executed notebooks.
FAILED_DIR = "_failed"


@dataclass(frozen=True)
class Job:
    """A report with validated parameters, ready to execute."""

    spec: ReportSpec
    values: dict[str, Any]  # every parameter's value
    params: dict[str, Any]  # the values that differ from the defaults (injected, in the slug)
    slug: str

    @property
    def lang(self) -> str:
        return str(self.values.get("lang", config.DEFAULT_LANG))

    @property
    def title(self) -> str:
        """The report title; ``{name}`` fields in it are filled with parameter values."""
        return report_title(self.spec, self.values, self.lang)


@dataclass
class JobResult:
    """What rendering one report produced."""

    slug: str
    notebook: str
    title: str
    values: dict[str, Any]
    params: dict[str, Any]
    ok: bool = True
    html: Path | None = None
    pdf: Path | None = None
    failed_notebook: Path | None = None
    error: str | None = None
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    worker: int = field(default_factory=os.getpid)  # the process that executed it
    up_to_date: bool = False  # nothing was made: every output matched its record

    @property
    def paths(self) -> list[Path]:
        return [p for p in (self.html, self.pdf) if p is not None]


def plan_job(spec: ReportSpec, given: Mapping[str, Any]) -> Job:
    """Validate ``given`` against the report and name its output."""
    values = validate_parameters(spec, given)
    params = overrides(spec, values)
    return Job(spec, values, params, slugify(spec.name, params))


def check_formats(formats: str | Sequence[str]) -> tuple[str, ...]:
    """``"html,pdf"`` or a sequence -> a tuple in canonical order; unknown ones refused."""
    items = formats.split(",") if isinstance(formats, str) else list(formats)
    items = [f.strip().lower() for f in items if f.strip()]
    bad = [f for f in items if f not in FORMATS]
    if bad or not items:
        raise ParameterError(f"unknown format {', '.join(bad) or '(none)'}; use html, pdf "
                             "or html,pdf")
    return tuple(f for f in FORMATS if f in items)


def run_job(job: Job, *, km: Any, export: Any, output_dir: Path,
            data_version: str | Callable[[], str], keep_html: bool = True,
            timeout: float | None = None, progress: bool = False,
            log_output: bool = False) -> JobResult:
    """Execute ``job`` in the kernel of ``km`` (consumed) and write its HTML.

    ``data_version`` may be a function, called once the notebook has executed.

    With ``keep_html=False`` (PDF only) the page goes to a hidden temporary file whose path
    is returned as ``result.html``; the caller prints and deletes it. ``progress`` and
    ``log_output`` are passed to :func:`.execute.execute_notebook`.

    Raises
    ------
    ExecutionError
        If a cell raised (the executed notebook is kept under ``_failed/``).
    """

    start = time.perf_counter()
    nb = read_notebook(job.spec.path)
    failed = output_dir / FAILED_DIR / f"{job.slug}.ipynb"
    nb = execute_notebook(nb, name=job.spec.name, km=km, params=job.params,
                          input_path=str(job.spec.path), failed_path=failed, timeout=timeout,
                          progress=progress, log_output=log_output)
    executed = time.perf_counter()
    version = data_version() if callable(data_version) else data_version
    page = export(nb, title=job.title, lang=job.lang, parameters=job.values,
                  data_version=version, show_code=job.spec.show_code)
    if keep_html:
        html = write_atomic(output_dir / f"{job.slug}.html", page)
    else:
        fd, tmp = tempfile.mkstemp(prefix=temp_prefix(job.slug), suffix=".print.html",
                                   dir=output_dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(page)
        except OSError as exc:
            os.unlink(tmp)
            raise RenderError(f"cannot write {tmp}: {exc.strerror or exc}") from None
        html = Path(tmp)
    with contextlib.suppress(FileNotFoundError):
        failed.unlink()
    done = time.perf_counter()
    return JobResult(job.slug, job.spec.name, job.title, dict(job.values), dict(job.params),
                     html=html, seconds=done - start,
                     timings={"execute": executed - start, "export": done - executed})


def data_version() -> str:
    """The curated data's version string for title blocks (from the files, without pandas;
    the report's kernel validates the data when it loads it)."""

    return _data_version()


class _ExportSetup:
    """The exporter and the data version, prepared in a thread while the notebook executes.

    Most of a single render's start-up is importing nbconvert and compiling its templates;
    the notebook's kernel meanwhile runs in its own process. While the main thread waits for
    the kernel, this thread does that work, so a report's cells and the exporter's set-up
    overlap instead of adding up.
    """

    def __init__(self) -> None:
        self._export: Any = None
        self._version = ""
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="kaili-export-setup",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        # loads jinja2 and nbconvert: only when needed
        from kaili_analysis.render.export import HtmlExport

        try:
            self._version = data_version()
            export = HtmlExport()
            export.warm_up()
            self._export = export
        except BaseException as exc:  # re-raised in the main thread by _wait
            self._error = exc

    def _wait(self) -> None:
        self._thread.join()
        if self._error is not None:
            raise self._error

    def version(self) -> str:
        """The data version (waits for the thread)."""
        self._wait()
        return self._version

    def export(self, nb: Any, **kwargs: Any) -> str:
        """Export like :class:`.export.HtmlExport` (waits for the thread)."""
        self._wait()
        return self._export(nb, **kwargs)

    def join(self) -> None:
        """Wait for the thread without raising (cleanup)."""
        self._thread.join()


def render(notebook: str, parameters: Mapping[str, Any] | None = None, *,
           lang: str | None = None, formats: str | Sequence[str] = FORMATS,
           output_dir: str | os.PathLike[str] | None = None,
           notebooks_dir: str | os.PathLike[str] | None = None,
           timeout: float | None = None, progress: bool = False,
           log_output: bool = False, force: bool = False) -> JobResult:
    """Render one report, or any notebook, to ``output_dir`` (default ``reports/``), unless
    it is up to date.

    ``notebook`` is a report name or a path to a ``.ipynb`` file
    (:func:`.notebooks.resolve_notebook`). Parameters are validated and a browser is looked
    up (for PDF) *before* any kernel starts. Outputs whose record matches everything they
    depend on are kept (``result.up_to_date``; see :mod:`.uptodate`) unless ``force``; a
    stale PDF of an up-to-date HTML page is printed from that page without running the
    notebook. The kernel, the browser and the imports of papermill/nbconvert then overlap.
    ``progress`` shows a bar of the cells on stderr; ``log_output`` logs each cell's output
    to the ``papermill`` logger.

    Raises
    ------
    NotebookNotFoundError, ParameterError, BrowserNotFoundError
        Before anything executes: also for a bad ``timeout``, an output directory that cannot
        be made or written, or a bad ``KAILI_*`` variable (:mod:`.preflight`).
    ExecutionError
        If a cell raised.
    """

    check_environment()
    timeout = check_timeout(timeout)
    spec = resolve_notebook(notebook, notebooks_dir)
    given = dict(parameters or {})
    if lang is not None and "lang" not in spec.parameters:
        raise ParameterError(f"--lang: notebook {spec.name!r} has no lang parameter "
                             f"(parameters: {', '.join(spec.parameters) or 'none'})")
    if lang is not None:
        if "lang" in given and str(given["lang"]) != lang:
            raise ParameterError(f"--lang {lang} contradicts -p lang {given['lang']}")
        given["lang"] = lang
    job = plan_job(spec, given)
    formats = check_formats(formats)
    executable = find_chromium() if "pdf" in formats else None
    out = check_output_dir(output_dir if output_dir is not None else config.REPORTS_DIR)
    watch_output(out)  # stale temporary files of killed runs go; cancelled runs clean up

    start = time.perf_counter()
    (plan,) = plan_outputs([job], formats, out, inputs=Inputs(browser=executable), force=force)
    if plan.up_to_date:
        return JobResult(job.slug, spec.name, job.title, dict(job.values), dict(job.params),
                         html=plan.paths.get("html"), pdf=plan.paths.get("pdf"),
                         up_to_date=True, seconds=time.perf_counter() - start)
    if not plan.needs_execution:  # only the PDF is stale: print it from the page
        with PdfPrinter(executable) as printer:
            pdf = printer.print(plan.paths["html"], plan.paths["pdf"])
        record(pdf, plan.parts["pdf"])
        return JobResult(job.slug, spec.name, job.title, dict(job.values), dict(job.params),
                         html=plan.paths["html"], pdf=pdf,
                         seconds=time.perf_counter() - start)
    printing = executable if "pdf" in plan.reasons else None  # else the PDF is up to date
    result = _execute_and_export(job, formats, out, printing, timeout, progress=progress,
                                 log_output=log_output)
    if result.html is not None:
        record(result.html, plan.parts["html"])
    if printing is None and "pdf" in formats:
        result.pdf = plan.paths["pdf"]
    elif result.pdf is not None:
        record(result.pdf, plan.parts["pdf"])
    result.seconds = time.perf_counter() - start
    return result


def _execute_and_export(job: Job, formats: tuple[str, ...], out: Path,
                        executable: str | None, timeout: float | None, *,
                        progress: bool = False, log_output: bool = False) -> JobResult:

    pool = KernelPool()
    km = pool.take(job.spec.path.parent)
    printer = PdfPrinter(executable) if executable else None
    # papermill brings nbformat, nbclient and jupyter_client, which nbconvert imports too:
    # import them here first, so the two threads never import the same module at once
    import papermill  # noqa: F401

    setup = _ExportSetup()  # nbconvert's imports and templates, while the kernel works
    try:
        if printer is not None:
            printer.start()
        result = run_job(job, km=km, export=setup.export, output_dir=out,
                         data_version=setup.version, keep_html="html" in formats,
                         timeout=timeout, progress=progress, log_output=log_output)
        if printer is not None and result.html is not None:
            source = result.html
            try:
                result.pdf = printer.print(source, out / f"{job.slug}.pdf")
            finally:
                if "html" not in formats:
                    source.unlink(missing_ok=True)
                    result.html = None
    finally:
        if not cancelled():  # cancelled: the kernel and browser are gone, threads are daemons
            if printer is not None:
                printer.close()
            pool.close()
            setup.join()
    return result
