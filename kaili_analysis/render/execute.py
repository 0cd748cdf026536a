"""Notebook execution: papermill in a kernel of *this* Python, from a pool of warm kernels.

The kernel
    Every report runs in a kernel started as ``[sys.executable, "-m", "ipykernel_launcher",
    "-f", "{connection_file}"]`` through a kernel-spec manager that ignores the Jupyter path,
    so a ``python3`` kernelspec of another environment can never be picked up.

The pool
    A :class:`KernelPool` hands out *fresh* kernels, one per report, so nothing a report
    defines or changes (variables, rcParams, a seaborn theme) reaches the next one. A kernel
    is started as a separate process that imports pandas, matplotlib, seaborn and
    kaili_analysis (and loads the curated tables) while it boots (:mod:`._warm`), before it
    answers its first request. ``take(prefetch=True)`` starts the *next* kernel at once, so
    it warms up while the current report executes; batch workers use that.

Execution
    Parameters are injected in a cell tagged ``injected-parameters`` with a fixed cell id and
    ``repr`` values (Chinese stays readable), then papermill executes the notebook through
    the ``kaili`` engine: nbclient with ``record_timing=False`` and an immediate kernel
    shutdown. A failing cell raises :class:`~kaili_analysis.errors.ExecutionError`; the
    executed notebook with papermill's error markers is kept at the given path.
"""

from __future__ import annotations

import contextlib
import logging
import os
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kaili_analysis.errors import ExecutionError, RenderError
from kaili_analysis.render.lifecycle import temp_prefix

__all__ = ["ENGINE", "INLINE_FIGURE_ARGS", "KERNEL_NAME", "KernelPool", "execute_notebook",
           "kernel_argv", "private_channels", "read_notebook"]

#: Name of the pinned kernel (never looked up on the Jupyter path).
KERNEL_NAME = "kaili-python"
#: papermill engine registered by this module.
ENGINE = "kaili"
#: Tag and fixed cell id of the injected parameters cell.
INJECTED_TAG = "injected-parameters"
_WARM_MODULE = "kaili_analysis.render._warm"
#: nbclient's log: silent (a failing or timed-out cell is reported once, as ExecutionError)
_QUIET = logging.getLogger("kaili_analysis.render.nbclient")
_QUIET.addHandler(logging.NullHandler())
_QUIET.propagate = False
#: A figure a report shows through the inline backend (``plt.show()``, a chart left as a
#: cell's value) is a PNG at twice the figure's dpi (220 dpi with the theme: print quality),
#: shown at its normal size. (The library's own charts are SVG, see
#: :mod:`kaili_analysis.show.charts.images`; the inline backend's SVG carries a date and random
#: ids, so pages would differ each time.)
INLINE_FIGURE_ARGS = ["--InlineBackend.figure_formats=retina"]


def kernel_argv(*, warm: bool = True) -> list[str]:
    """The command line of a report kernel: this interpreter, optionally pre-importing."""
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
            "--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR",
            *INLINE_FIGURE_ARGS]
    if warm:
        argv += [f"--IPKernelApp.exec_lines=import {_WARM_MODULE} as _kaili_warm",
                 "--IPKernelApp.exec_lines=del _kaili_warm"]
    return argv


def private_channels() -> dict[str, str]:
    """Kernel-manager settings that give a kernel channels no other process can take.

    With TCP, jupyter_client picks five free ports and releases them before the kernel binds
    them; two kernels started at the same moment by different processes (two renders, test
    workers) can pick the same port, and one kernel then dies before it replies. On POSIX the
    channels are Unix sockets under a unique path instead (``ipc`` transport).
    """
    if os.name != "posix":
        return {}
    base = Path(tempfile.gettempdir()) / f"kaili-{os.getpid()}-{uuid.uuid4().hex[:12]}"
    return {"transport": "ipc", "ip": str(base)}


def _kernel_spec_manager(warm: bool):
    # the Jupyter stack is heavy: only when a notebook runs or is exported
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class PinnedKernelSpecManager(KernelSpecManager):
        """Every kernel name resolves to this Python; the Jupyter path is never read."""

        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(argv=kernel_argv(warm=warm), language="python",
                              display_name=f"Python {sys.version.split()[0]} (kaili)",
                              resource_dir=str(Path(__file__).parent))

        def find_kernel_specs(self) -> dict[str, str]:
            return {KERNEL_NAME: str(Path(__file__).parent)}

    return PinnedKernelSpecManager()


def _kernel_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("PYTHONHASHSEED", "0")  # set/dict-of-str order: reproducible outputs
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # debugger warning on stderr
    env.pop("MPLBACKEND", None)  # let ipykernel pick the inline backend
    return env


class KernelPool:
    """Fresh report kernels, optionally started one report ahead.

    Parameters
    ----------
    warm
        Pre-import the report libraries in each kernel while it boots.
    """

    def __init__(self, *, warm: bool = True) -> None:
        self.warm = warm
        self._next: tuple[Any, str] | None = None

    def _start(self, cwd: str) -> Any:
        # the Jupyter stack is heavy: only when a notebook runs or is exported
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        km = AsyncKernelManager(kernel_name=KERNEL_NAME,
                                kernel_spec_manager=_kernel_spec_manager(self.warm),
                                **private_channels())
        # named after this process, so a run after a kill can remove it (lifecycle)
        km.connection_file = str(Path(tempfile.gettempdir()) /
                                 f"kaili-kernel-{os.getpid()}-{uuid.uuid4().hex[:12]}.json")
        run_sync(km.start_kernel)(cwd=cwd, env=_kernel_env(), stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return km

    def prestart(self, cwd: str | os.PathLike[str]) -> None:
        """Start a kernel for ``cwd`` now (it boots in the background) unless one waits."""
        if self._next is None:
            self._next = (self._start(str(cwd)), str(cwd))

    def take(self, cwd: str | os.PathLike[str], *, prefetch: bool = False) -> Any:
        """A started kernel manager whose kernel runs in ``cwd``; the caller owns it.

        With ``prefetch`` the next kernel is started before returning.
        """
        cwd = str(cwd)
        km = None
        if self._next is not None:
            waiting, waiting_cwd = self._next
            self._next = None
            if waiting_cwd == cwd:
                km = waiting
            else:
                _shutdown(waiting)
        if km is None:
            km = self._start(cwd)
        if prefetch:
            self.prestart(cwd)
        return km

    def close(self) -> None:
        """Stop the kernel that was started ahead, if any."""
        if self._next is not None:
            km, _ = self._next
            self._next = None
            _shutdown(km)


def _shutdown(km: Any) -> None:
    # the Jupyter stack is heavy: only when a notebook runs or is exported
    from jupyter_core.utils import run_sync

    with contextlib.suppress(Exception):  # best effort: the process may already be gone
        run_sync(km.shutdown_kernel)(now=True)


def _register_engine() -> None:
    # the Jupyter stack is heavy: only when a notebook runs or is exported
    from nbclient.exceptions import CellTimeoutError
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class KailiEngine(NBClientEngine):
        """nbclient with a caller-supplied kernel, no timings, immediate shutdown."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False,
                                     stdout_file=None, stderr_file=None, start_timeout=60,
                                     execution_timeout=None, km=None, **kwargs):
            client = PapermillNotebookClient(
                nb_man, km=km, kernel_name=kernel_name, timeout=execution_timeout,
                startup_timeout=start_timeout, log_output=log_output,
                # quiet, unless the caller asked to see the cells' output as it comes
                log=logging.getLogger("papermill") if log_output else _QUIET,
                stdout_file=stdout_file, stderr_file=stderr_file, record_timing=False,
                shutdown_kernel="immediate")
            # The kernel is handed over: the client shuts it down and closes its channels.
            client.owns_km = True
            try:
                return client.execute()
            except CellTimeoutError:
                # a cell that runs too long is a failing cell: an error output, the cell
                # marked failed, the executed notebook returned (and kept by the caller)
                return _mark_timeout(nb_man, execution_timeout)

    papermill_engines.register(ENGINE, KailiEngine)


def _mark_timeout(nb_man: Any, timeout: Any) -> Any:
    """Record a cell time-out in the notebook as papermill records a failing cell."""
    # the Jupyter stack is heavy: only when a notebook runs or is exported
    import nbformat

    started = [i for i, cell in enumerate(nb_man.nb.cells)
               if cell.get("metadata", {}).get("papermill", {}).get("start_time")]
    index = started[-1] if started else 0
    cell = nb_man.nb.cells[index]
    cell.setdefault("outputs", []).append(nbformat.v4.new_output(
        "error", ename="CellTimeoutError",
        evalue=f"the cell ran longer than the time limit of {timeout} s (--timeout)",
        traceback=[]))
    nb_man.cell_exception(cell, cell_index=index)
    return nb_man.nb


def read_notebook(path: str | os.PathLike[str]) -> Any:
    """Read a notebook as nbformat v4.5 with deterministic ids for cells that have none."""
    # the Jupyter stack is heavy: only when a notebook runs or is exported
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    if nb.nbformat_minor < 5:
        nb.nbformat_minor = 5
    for index, cell in enumerate(nb.cells):
        if not cell.get("id"):
            cell["id"] = f"cell-{index}"
    return nb


def inject_parameters(nb: Any, params: Mapping[str, Any]) -> Any:
    """Insert (or replace) the ``injected-parameters`` cell after the ``parameters`` cell."""
    # the Jupyter stack is heavy: only when a notebook runs or is exported
    import nbformat

    cells = [c for c in nb.cells if INJECTED_TAG not in c.metadata.get("tags", [])]
    at = next((i + 1 for i, c in enumerate(cells)
               if "parameters" in c.metadata.get("tags", [])), 0)
    if params:
        source = "# Parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in params.items())
        cell = nbformat.v4.new_code_cell(source=source, id=INJECTED_TAG)
        cell.metadata["tags"] = [INJECTED_TAG]
        cells.insert(at, cell)
    nb.cells = cells
    return nb


def _failed(cell: Any) -> bool:
    if cell.get("metadata", {}).get("papermill", {}).get("exception") is True:
        return True
    return any(out.get("output_type") == "error" for out in cell.get("outputs", []))


def _one_line(text: str, limit: int = 300) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def execute_notebook(nb: Any, *, name: str, km: Any, params: Mapping[str, Any],
                     input_path: str, failed_path: Path,
                     timeout: float | None = None, progress: bool = False,
                     log_output: bool = False) -> Any:
    """Inject ``params`` into ``nb`` and execute it with papermill in the kernel of ``km``.

    ``km`` is consumed: its kernel is shut down when the notebook is done. ``timeout`` (whole
    seconds, see :func:`.preflight.check_timeout`) limits each cell; a cell that runs longer
    fails like a cell that raised. On a failing cell the executed notebook is written
    (atomically) to ``failed_path`` and :class:`ExecutionError` names the notebook, the
    1-based code cell and the exception.
    ``progress`` shows papermill's bar of the cells on stderr; ``log_output`` sends each
    cell's output to the ``papermill`` logger as it comes (the caller adds a handler).
    """
    # the Jupyter stack is heavy: only when a notebook runs or is exported
    import papermill
    from papermill.engines import papermill_engines
    from papermill.exceptions import PapermillExecutionError
    from papermill.execute import raise_for_execution_errors

    if ENGINE not in papermill_engines._engines:
        _register_engine()
    nb = inject_parameters(nb, params)
    nb.metadata["papermill"] = {"parameters": dict(params), "input_path": input_path,
                                "output_path": None, "version": papermill.__version__}
    try:
        nb = papermill_engines.execute_notebook_with_engine(
            ENGINE, nb, kernel_name=KERNEL_NAME, input_path=input_path, output_path=None,
            progress_bar={"desc": name, "file": sys.stderr, "dynamic_ncols": True,
                          "leave": False} if progress else False,
            log_output=log_output, start_timeout=60,
            execution_timeout=timeout, km=km)
    except RuntimeError as exc:  # kernel died or did not start
        _shutdown(km)
        raise RenderError(f"notebook {name!r}: the kernel failed: {_one_line(exc)}") from None
    if not any(_failed(cell) for cell in nb.cells):
        return nb
    numbers, count = [], 0
    for cell in nb.cells:
        if cell.cell_type == "code" and INJECTED_TAG not in cell.metadata.get("tags", []):
            count += 1
        numbers.append(count)
    failed_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(failed_path.stem), suffix=".tmp.ipynb",
                               dir=failed_path.parent)
    os.close(fd)
    try:
        raise_for_execution_errors(nb, tmp)
    except PapermillExecutionError as exc:
        os.chmod(tmp, 0o644)
        os.replace(tmp, failed_path)
        raise ExecutionError(name, cell=numbers[exc.cell_index], ename=exc.ename,
                             evalue=_one_line(exc.evalue), failed_path=failed_path) from None
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return nb
