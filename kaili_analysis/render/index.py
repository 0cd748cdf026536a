"""The batch index page: every report of a batch with its parameters, links and status."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote

from kaili_analysis.render._files import write_atomic
from kaili_analysis.render.csp import csp_meta
from kaili_analysis.render.export import format_value
from kaili_analysis.render.report import JobResult
from kaili_analysis.show.escape import escape_html

__all__ = ["write_index"]

_CSS = """
body { font-family: system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei",
  sans-serif; margin: 2rem auto; max-width: 64rem; padding: 0 1rem; color: #222; }
h1 { color: #1d3d5a; margin-bottom: 0.2rem; }
p.summary { color: #555; margin-top: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem;
  border-bottom: 1px solid #ddd; overflow-wrap: anywhere; }
th { background: #f0f3f6; }
td.params code { font-size: 0.85em; background: #f6f6f6; padding: 0 0.25em; }
tr.failed td { background: #fff2f2; }
.status-ok { color: #1a7f37; }
.status-failed { color: #b3261e; font-weight: 600; }
.error { display: block; color: #b3261e; font-size: 0.85em; margin-top: 0.2rem; }
@page { size: A4; margin: 15mm; }
"""


def _link(path: Path | None, label: str) -> str:
    if path is None:
        return "—"
    return f'<a href="{escape_html(quote(path.name))}">{escape_html(label)}</a>'


def _row(res: JobResult) -> str:
    params = " ".join(f"<code>{escape_html(k)}={escape_html(format_value(v))}</code>"
                      for k, v in res.values.items())
    if res.ok:
        status = '<span class="status-ok">✓ ok</span>'
    else:
        status = '<span class="status-failed">✗ 失败 failed</span>'
        status += f'<span class="error">{escape_html(res.error or "")}</span>'
        if res.failed_notebook is not None:
            href = quote(f"{res.failed_notebook.parent.name}/{res.failed_notebook.name}")
            status += f'<a class="error" href="{escape_html(href)}">{escape_html(href)}</a>'
    return (f'<tr class="{"ok" if res.ok else "failed"}" id="{escape_html(res.slug)}">'
            f"<td>{escape_html(res.title)}<br><small>{escape_html(res.notebook)}</small></td>"
            f'<td class="params">{params}</td>'
            f"<td>{_link(res.html, 'HTML')}</td><td>{_link(res.pdf, 'PDF')}</td>"
            f"<td>{status}</td></tr>")


def write_index(output_dir: Path, results: Sequence[JobResult]) -> Path:
    """Write ``output_dir/index.html`` (self-contained, no scripts, under the package's
    Content-Security-Policy; every value escaped) and return its path.

    The file is left untouched when it already holds exactly this page.
    """
    failed = sum(not r.ok for r in results)
    summary = f"{len(results)} 份报告 reports"
    if failed:
        summary += f" · {failed} 失败 failed"
    rows = "\n".join(_row(r) for r in results)
    page = f"""<!DOCTYPE html>
<html lang="zh">
<head>
{csp_meta()}
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>凯里市报告 Kaili reports</title>
<style>{_CSS}</style>
</head>
<body>
<main>
<h1>凯里市报告 Kaili reports</h1>
<p class="summary">{escape_html(summary)}</p>
<table>
<thead><tr><th>报告 Report</th><th>参数 Parameters</th><th>HTML</th><th>PDF</th>
<th>状态 Status</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
</main>
</body>
</html>
"""
    path = output_dir / "index.html"
    with contextlib.suppress(OSError):
        if path.read_bytes() == page.encode("utf-8"):
            return path  # up to date: the page is the one it would write
    return write_atomic(path, page)
