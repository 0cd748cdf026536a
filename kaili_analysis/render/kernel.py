"""The project's Jupyter kernel ``kaili-analysis``: an ipykernel without two log messages of noise.

JupyterLab, VS Code, nbclient and plain papermill start the kernel registered as
``kaili-analysis`` (``make setup`` runs ``python -m kaili_analysis.render.kernel --install
--sys-prefix``). It is the ordinary ipykernel of this Python, launched through this module so
that its log leaves out

* "Kernel is running over TCP without encryption ...", when the kernel listens on the
  loopback interface only (the default of every Jupyter tool; the connection key still signs
  every message). A kernel on another interface keeps the warning;
* "KeyboardInterrupt caught in kernel", which jupyter_client provokes itself: it sends SIGINT
  before every shutdown request, so papermill, nbclient and Lab ended runs with it.

Every other message is kept. ``kaili render`` does not use this kernel spec: it starts its
own kernels of the running Python over private Unix sockets (:mod:`.execute`).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["DISPLAY_NAME", "KERNEL_NAME", "QuietKernelLog", "install", "kernel_argv", "main"]

#: The registered kernel's name (the notebooks name it) and display name.
KERNEL_NAME = "kaili-analysis"
DISPLAY_NAME = "Python 3 (kaili-analysis)"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_MODULE = "kaili_analysis.render.kernel"  # also when this file runs as __main__


class QuietKernelLog(logging.Filter):
    """Drops the two noise messages of a kernel's log (see the module's description).

    Parameters
    ----------
    app
        The kernel application (its ``ip`` says whether the kernel is on loopback only).
    """

    def __init__(self, app: Any) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if message.startswith("KeyboardInterrupt caught in kernel"):
            return False
        return not (message.startswith("Kernel is running over TCP without encryption")
                    and str(getattr(self.app, "ip", "")) in _LOOPBACK)


def kernel_argv() -> list[str]:
    """The command line of the registered kernel: this Python, this module."""
    return [sys.executable, "-Xfrozen_modules=off", "-m", _MODULE, "-f", "{connection_file}"]


def install(*, user: bool = False, prefix: str | None = None) -> Path:
    """Register this Python as the Jupyter kernel ``kaili-analysis``; return its directory.

    Parameters
    ----------
    user
        Install for the current user (``~/.local/share/jupyter``).
    prefix
        Install under this prefix (``sys.prefix`` for the environment itself).
    """
    import tempfile

    # the Jupyter stack is heavy: only when the kernel is installed
    from ipykernel.kernelspec import write_kernel_spec
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory() as tmp:
        source = write_kernel_spec(Path(tmp) / KERNEL_NAME, overrides={
            "argv": kernel_argv(), "display_name": DISPLAY_NAME})
        return Path(KernelSpecManager().install_kernel_spec(
            source, KERNEL_NAME, user=user, prefix=prefix))


def main(argv: Sequence[str] | None = None) -> None:
    """Launch the kernel (``-f CONNECTION_FILE``, as Jupyter does), or with ``--install``
    [``--user`` | ``--sys-prefix``] register it."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--install" in args:
        where = install(user="--user" in args,
                        prefix=sys.prefix if "--sys-prefix" in args else None)
        print(f"installed kernel {KERNEL_NAME!r} in {where}")
        return
    # the Jupyter stack is heavy: only when a notebook runs or is exported
    from ipykernel.kernelapp import IPKernelApp

    app = IPKernelApp.instance()
    app.log.addFilter(QuietKernelLog(app))
    app.initialize(args)
    app.start()


if __name__ == "__main__":
    # as ipykernel_launcher: the working directory is not importable while the kernel loads
    # (IPython puts it back for the user's code)
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    main()
