"""A kernel "zygote" for batches: one warm process that forks a fresh kernel per report.

Starting a kernel and importing pandas/matplotlib/seaborn/kaili_analysis in it costs 1.5-2 s
of CPU per report. In a batch, ONE zygote process (this Python, ``python -m
kaili_analysis.render.zygote SOCKET``) pays that once: it imports ipykernel and the report
libraries and loads the curated tables, then waits on a Unix socket. For each report a
worker allocates a connection file and asks the zygote to fork; the child becomes an
ordinary ipykernel on those ports, with the zygote's clean state (copy-on-write), so every
report still starts from a fresh interpreter state - nothing one report sets (globals,
rcParams, seaborn themes) exists in the next one's process.

The zygote ignores Ctrl-C (its owner handles it), reaps its children automatically, exits
when its owner process goes away, and its kernels exit when the zygote goes away.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from kaili_analysis.errors import RenderError
from kaili_analysis.render.execute import (
    INLINE_FIGURE_ARGS,
    KERNEL_NAME,
    KernelPool,
    _kernel_env,
    private_channels,
)
from kaili_analysis.render.lifecycle import die_with_parent

__all__ = ["Zygote", "ZygotePool"]

_KERNEL_ARGS = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR",
                *INLINE_FIGURE_ARGS]


# --- the zygote process -----------------------------------------------------------------

def _recv_line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


def _child(request: dict[str, Any], start_cwd: str) -> None:
    """In the forked child: become an ipykernel (never returns)."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel must wait for subprocesses
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        # a session of its own, like kernels jupyter_client starts: a Ctrl-C in the terminal
        # goes to kaili, which cancels the run, and never fails the cell being executed
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        cwd = request["cwd"]
        os.chdir(cwd)
        if sys.path and sys.path[0] == start_cwd:
            sys.path[0] = cwd
        parent = str(os.getppid())  # the kernel exits when the zygote goes away

        die_with_parent(int(parent))
        os.environ["JPY_PARENT_PID"] = parent
        # the Jupyter stack is heavy: only when a notebook runs or is exported
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        app.initialize(["-f", request["connection_file"], f"--IPKernelApp.parent_handle={parent}",
                        *_KERNEL_ARGS])
        app.start()
        code = 0
    finally:
        os._exit(code)


def serve(path: str, owner: int | None = None) -> None:
    """Run the zygote: import, warm up, then fork a kernel per request on ``path``.

    ``owner`` is the pid of the process that started it: if that process is already gone
    (killed while this one started), the zygote exits at once instead of serving nobody.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    owner = os.getppid() if owner is None else owner

    die_with_parent(owner)  # its kernels follow it (they watch the zygote)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(64)
    # warm up before the first request is read (clients queue on the socket meanwhile)
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    import ipykernel.kernelapp  # noqa: F401

    # the warm-up loads pandas, matplotlib and the data: only here, once this process is
    # bound to its owner, never in a process that merely imports this module
    from kaili_analysis.render import _warm  # noqa: F401

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped automatically
    server.settimeout(0.5)
    start_cwd = os.getcwd()
    while os.getppid() == owner:
        try:
            conn, _ = server.accept()
        except TimeoutError:
            continue
        with conn:
            conn.settimeout(10)
            try:
                request = json.loads(_recv_line(conn) or b"{}")
            except (OSError, ValueError):
                continue
            if request.get("cmd") == "quit":
                break
            pid = os.fork()
            if pid == 0:
                server.close()
                conn.close()
                _child(request, start_cwd)
            with contextlib.suppress(OSError):
                conn.sendall(json.dumps({"pid": pid}).encode() + b"\n")
    server.close()


# --- the client side --------------------------------------------------------------------

class Zygote:
    """Start a zygote process whose forks run in ``cwd`` by default."""

    def __init__(self, cwd: str | os.PathLike[str]) -> None:

        self.cwd = str(cwd)
        self._dir = tempfile.mkdtemp(prefix=f"kaili-zygote-{os.getpid()}-")
        self.path = os.path.join(self._dir, "zygote.sock")
        env = _kernel_env()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kaili_analysis.render.zygote", self.path, str(os.getpid())],
            cwd=self.cwd,
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)

    def discard(self) -> None:
        """Kill the zygote at once and remove its socket (when a run is cancelled)."""
        with contextlib.suppress(OSError):
            self.proc.kill()
        shutil.rmtree(self._dir, ignore_errors=True)

    def close(self) -> None:
        """Stop the zygote (kernels it forked and that are still running exit with it)."""
        with contextlib.suppress(OSError):
            _request(self.path, {"cmd": "quit"}, timeout=2)
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self._dir, ignore_errors=True)


def _request(path: str, payload: dict[str, Any], timeout: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    refused = 0
    while True:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(max(0.1, deadline - time.monotonic()))
            sock.connect(path)
            sock.sendall(json.dumps(payload).encode() + b"\n")
            reply = _recv_line(sock)
            return json.loads(reply) if reply else {}
        except FileNotFoundError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)  # the zygote has not bound its socket yet
        except ConnectionRefusedError:
            refused += 1
            if refused > 50:  # bound but never listening: the zygote is gone
                raise
            time.sleep(0.02)
        finally:
            sock.close()


def _forked_manager_class() -> type:
    # the Jupyter stack is heavy: only when a notebook runs or is exported
    from jupyter_client.manager import AsyncKernelManager

    class ForkedKernelManager(AsyncKernelManager):
        """A kernel forked by the zygote: alive-checked, interrupted and killed by pid."""

        pid: int | None = None

        @property
        def has_kernel(self) -> bool:
            return self.pid is not None

        async def _async_is_alive(self) -> bool:
            if self.pid is None:
                return False
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return False
            return True

        async def _async_interrupt_kernel(self) -> None:
            if self.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGINT)

        async def _async_shutdown_kernel(self, now: bool = False,
                                         restart: bool = False) -> None:
            if self.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
                self.pid = None
            await self._async_cleanup_resources()

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            self.cleanup_connection_file()
            self.cleanup_ipc_files()

        # the public names (nbclient and the kernel client call both spellings)
        is_alive = _async_is_alive
        interrupt_kernel = _async_interrupt_kernel
        shutdown_kernel = _async_shutdown_kernel
        cleanup_resources = _async_cleanup_resources

    return ForkedKernelManager


class ZygotePool(KernelPool):
    """A :class:`~.execute.KernelPool` whose kernels are forked by the zygote at ``path``."""

    def __init__(self, path: str, zygote: Zygote | None = None) -> None:
        super().__init__()
        self.path = path
        self._zygote = zygote
        self._cls: type | None = None

    def _start(self, cwd: str) -> Any:
        if self._cls is None:
            self._cls = _forked_manager_class()
        km = self._cls(kernel_name=KERNEL_NAME, **private_channels())
        km.connection_file = str(Path(tempfile.gettempdir()) /
                                 f"kaili-kernel-{os.getpid()}-{id(km):x}.json")
        km.write_connection_file()
        try:
            reply = _request(self.path, {"cwd": cwd, "connection_file": km.connection_file})
        except OSError as exc:
            km.cleanup_connection_file()
            raise RenderError(f"the kernel zygote is not answering ({exc})") from None
        if not reply.get("pid"):
            km.cleanup_connection_file()
            raise RenderError("the kernel zygote did not start a kernel")
        km.pid = int(reply["pid"])
        return km

    def close(self) -> None:
        """Stop the kernel started ahead, and the zygote if this pool owns it."""
        super().close()
        if self._zygote is not None:
            self._zygote.close()
            self._zygote = None


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else None)
