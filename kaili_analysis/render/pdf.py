"""PDF printing with an installed Chromium, driven by Playwright; never a browser download.

The browser is found by :func:`find_chromium`: ``$KAILI_CHROMIUM``, else ``chromium`` /
``chromium-browser`` / ``google-chrome`` on ``PATH``, else a browser Playwright installed
earlier. A :class:`PdfPrinter` starts ONE browser from a background thread (so it launches
while notebooks execute) and prints every PDF of a render or a batch with it, a few pages at
a time: A4, backgrounds, page numbers. Pages are loaded from ``file://`` URLs with the
network switched off, so nothing can make the print wait for a CDN, and loading plus printing
one page is bounded by :data:`~kaili_analysis.config.PRINT_TIMEOUT_S` (a page script that
never yields fails that PDF, not the batch).
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import os
import queue
import shutil
import threading
from concurrent.futures import Future, InvalidStateError
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.errors import BrowserNotFoundError, RenderError
from kaili_analysis.render._files import atomic_path

__all__ = ["CHROMIUM_ARGS", "PdfPrinter", "find_chromium"]

#: Command-line switches of the printing browser.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-dev-shm-usage"]
_NAMES = ("chromium", "chromium-browser", "google-chrome")
_HOW = ("install one (Debian/Ubuntu: apt-get install chromium) or set KAILI_CHROMIUM to a "
        "Chromium executable, or render with --format html")
_FOOTER = ('<div style="font-size:7pt;color:#666;width:100%;text-align:center;">'
           '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


def _playwright_browsers() -> list[str]:
    root = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or str(Path.home() / ".cache/ms-playwright")
    patterns = ["chromium-*/chrome-linux*/chrome", "chromium_headless_shell-*/chrome-linux*/"
                "headless_shell", "chromium-*/chrome-mac*/Chromium.app/Contents/MacOS/Chromium",
                "chromium-*/chrome-win*/chrome.exe"]
    found = [p for pat in patterns for p in glob.glob(os.path.join(root, pat))]
    return sorted(found, reverse=True)


def find_chromium() -> str:
    """The Chromium executable to print with.

    Raises
    ------
    BrowserNotFoundError
        If ``KAILI_CHROMIUM`` names no executable file, or no browser is found; the message
        says how to install one.
    """
    env = os.environ.get(config.CHROMIUM_ENV)
    if env:
        path = shutil.which(env) or env
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return path
        raise BrowserNotFoundError(
            f"{config.CHROMIUM_ENV}={env!r} is not an executable file; {_HOW}")
    for name in _NAMES:
        path = shutil.which(name)
        if path:
            return path
    for path in _playwright_browsers():
        if os.access(path, os.X_OK):
            return path
    raise BrowserNotFoundError(f"no Chromium found for PDF output; {_HOW}")


class PdfPrinter:
    """One headless Chromium, driven from its own thread, printing HTML files to PDF.

    Up to ``pages`` documents print at once (each page renders in its own browser process,
    so prints use several cores). Use as a context manager; :meth:`submit` returns a
    future per PDF.
    """

    def __init__(self, executable: str | None = None, *, pages: int | None = None) -> None:
        self.executable = executable or find_chromium()
        self.pages = max(1, pages or min(4, os.cpu_count() or 1))
        self._jobs: queue.Queue[tuple[Path, Path, Future] | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="kaili-pdf", daemon=True)
        self._started = False
        self._futures: set[Future] = set()  # every future not yet resolved

    def __enter__(self) -> PdfPrinter:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Launch the browser in the background (returns at once)."""
        if not self._started:
            self._started = True
            self._thread.start()

    def submit(self, html_path: str | os.PathLike[str],
               pdf_path: str | os.PathLike[str]) -> Future:
        """Queue ``html_path`` for printing to ``pdf_path`` (written atomically)."""
        self.start()
        future: Future = Future()
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        self._jobs.put((Path(html_path), Path(pdf_path), future))
        return future

    def print(self, html_path: str | os.PathLike[str], pdf_path: str | os.PathLike[str]) -> Path:
        """Print one file and wait for it."""
        return self.submit(html_path, pdf_path).result()

    def close(self) -> None:
        """Finish the queued PDFs and stop the browser."""
        if self._started and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join()

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except Exception as exc:  # the browser did not start or died: fail what is left
            err = RenderError(f"Chromium ({self.executable}) failed: {_first_line(exc)}")
            # a job may have been taken off the queue when the loop broke: fail it too, so
            # nobody waits for a PDF that will never come
            for future in list(self._futures):
                self._fail(future, err)
            while (job := self._jobs.get()) is not None:
                self._fail(job[2], err)

    @staticmethod
    def _fail(future: Future, err: Exception) -> None:
        with contextlib.suppress(InvalidStateError):
            if not future.done():
                future.set_exception(err)

    async def _main(self) -> None:
        # heavy: only when a PDF is printed
        from playwright.async_api import async_playwright

        loop = asyncio.get_running_loop()
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=self.executable,
                                               args=CHROMIUM_ARGS, headless=True)
            context = await browser.new_context(offline=True)
            idle: asyncio.Queue = asyncio.Queue()
            for _ in range(self.pages):
                idle.put_nowait(None)  # a slot; its page is made on first use
            running: set[asyncio.Task] = set()
            while (job := await loop.run_in_executor(None, self._jobs.get)) is not None:
                page = await idle.get()
                task = asyncio.create_task(self._print_one(context, page, idle, *job))
                running.add(task)
                task.add_done_callback(running.discard)
            await asyncio.gather(*running)
            await context.close()
            await browser.close()

    @staticmethod
    async def _print_one(context: Any, page: Any, idle: asyncio.Queue, html_path: Path,
                         pdf_path: Path, future: Future) -> None:
        if not future.set_running_or_notify_cancel():
            idle.put_nowait(page)
            return
        limit = config.PRINT_TIMEOUT_S
        try:
            page = page or await context.new_page()  # reused: each print loads a new document
            # bounded: a page whose script never yields cannot hold the print (or the batch)
            await asyncio.wait_for(_print_page(page, html_path, pdf_path), limit)
            future.set_result(pdf_path)
        except Exception as exc:
            reason = (f"the page did not load and print within {limit:g} s"
                      if isinstance(exc, TimeoutError) else _first_line(exc))
            future.set_exception(RenderError(f"printing {pdf_path.name} failed: {reason}"))
            if page is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(page.close(run_before_unload=False), 10)
            page = None  # a fresh page for the next document
        finally:
            if not future.done():  # cancelled: the browser went away
                future.set_exception(RenderError(f"printing {pdf_path.name} was interrupted"))
        idle.put_nowait(page)


async def _print_page(page: Any, html_path: Path, pdf_path: Path) -> None:
    """Load ``html_path`` in ``page`` and print it to ``pdf_path`` (atomically)."""
    await page.goto(html_path.resolve().as_uri(), wait_until="load")
    with atomic_path(pdf_path) as tmp:
        await page.pdf(path=str(tmp), format="A4", print_background=True,
                       prefer_css_page_size=True, display_header_footer=True,
                       header_template="<span></span>", footer_template=_FOOTER,
                       margin={"top": "15mm", "bottom": "16mm", "left": "12mm",
                               "right": "12mm"})


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
