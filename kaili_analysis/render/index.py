"""The batch index page: every report of a batch with its parameters, links and status.

The page is the template ``index_page.html.j2`` (:mod:`kaili_analysis.show.templates`,
autoescape on: every title, value and error is shown as text); its words are the catalogue's
``index.*`` entries, each shown in Chinese and in English.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from kaili_analysis.render._files import write_atomic
from kaili_analysis.render.csp import csp_meta
from kaili_analysis.render.export import format_value
from kaili_analysis.render.report import JobResult
from kaili_analysis.show.templates import render_template
from kaili_analysis.show.words.catalogue import text

__all__ = ["write_index"]

_WORDS = ("title", "head_report", "head_parameters", "head_status", "ok", "failed")


def _both(key: str, joiner: str = " ", **values: Any) -> str:
    """The entry ``index.<key>`` in Chinese, then in English."""
    return joiner.join(text(f"index.{key}", lang, **values) for lang in ("zh", "en"))


def _row(res: JobResult) -> dict[str, Any]:
    failed = res.failed_notebook
    return {
        "ok": res.ok, "slug": res.slug, "title": res.title, "notebook": res.notebook,
        "params": [(name, format_value(value)) for name, value in res.values.items()],
        "html": quote(res.html.name) if res.html is not None else "",
        "pdf": quote(res.pdf.name) if res.pdf is not None else "",
        "error": res.error or "",
        "failed_notebook": quote(f"{failed.parent.name}/{failed.name}") if failed else "",
    }


def write_index(output_dir: Path, results: Sequence[JobResult]) -> Path:
    """Write ``output_dir/index.html`` and return its path.

    The page is self-contained, runs no script and carries the package's
    Content-Security-Policy; every value from the results is shown as text. The file is left
    untouched when it already holds exactly this page.

    Parameters
    ----------
    output_dir
        The batch's output folder (it exists).
    results
        One :class:`~kaili_analysis.render.report.JobResult` per report, in the order shown.

    Returns
    -------
    pathlib.Path
        ``output_dir / "index.html"``.
    """
    page = render_template(
        "index_page.html.j2",
        csp_meta=Markup(csp_meta()),  # a template's output: the policy is escaped there
        words={key: _both(key) for key in _WORDS},
        summary=_both("summary", " / ", n=len(results),
                      n_failed=sum(not r.ok for r in results)),
        rows=[_row(r) for r in results])
    path = output_dir / "index.html"
    with contextlib.suppress(OSError):
        if path.read_bytes() == page.encode("utf-8"):
            return path  # up to date: the page is the one it would write
    return write_atomic(path, page)
