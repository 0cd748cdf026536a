"""Single renders through the Python API: real papermill runs, real nbconvert, real Chromium.

The expensive renders happen once per module (fixtures below) and are shared by the tests.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kaili_analysis import config
from kaili_analysis.errors import BrowserNotFoundError, DataValidationError, ExecutionError
from kaili_analysis.render import PdfPrinter, render
from kaili_analysis.render import execute as execute_mod

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bogus_jupyter_path(tmp_path_factory) -> Path:
    """A JUPYTER_PATH whose python3 kernelspec would fail if it were ever used."""
    root = tmp_path_factory.mktemp("jupyter")
    spec = root / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": ["/nonexistent/python3", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Bogus Python 3", "language": "python"}), "utf-8")
    return root


@pytest.fixture(scope="module")
def html_zh(tmp_path_factory, bogus_jupyter_path):
    """hello with its defaults (zh), rendered while a bogus python3 kernelspec is first on
    the Jupyter path."""
    out = tmp_path_factory.mktemp("zh")
    saved = {k: os.environ.get(k) for k in ("JUPYTER_PATH", "JUPYTER_DATA_DIR")}
    os.environ["JUPYTER_PATH"] = os.environ["JUPYTER_DATA_DIR"] = str(bogus_jupyter_path)
    try:
        result = render("hello", formats="html", output_dir=out, notebooks_dir=FIXTURES)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return result


@pytest.fixture(scope="module")
def html_en(tmp_path_factory):
    out = tmp_path_factory.mktemp("en")
    return render("hello", {"n": "5", "title": "<script>alert('x')</script> 凯里"}, lang="en",
                  formats="html", output_dir=out, notebooks_dir=FIXTURES)


def page(result) -> str:
    return result.html.read_text("utf-8")


def test_render_writes_the_slugged_html(html_zh, html_en):
    assert html_zh.ok and html_zh.html.name == "hello.html" and html_zh.pdf is None
    assert html_en.html.name.startswith("hello__lang-en__n-5__title-")
    assert sorted(p.name for p in html_zh.html.parent.iterdir()) == [".kaili", "hello.html"]


def test_kernel_is_this_python_despite_a_bogus_kernelspec(html_zh):
    # the bogus spec would have failed to start; the report printed from our kernel
    assert "KAILI-ZH-OK" in page(html_zh)
    argv = execute_mod.kernel_argv()
    assert argv[:3] == [sys.executable, "-m", "ipykernel_launcher"]


def test_html_hides_code_prompts_and_parameter_cells(html_zh):
    html = page(html_zh)
    assert "plt.rcParams" not in html and "import pandas" not in html  # no code
    assert "In&nbsp;[" not in html  # no prompts
    assert 'class="jp-InputPrompt' not in html and 'class="jp-OutputPrompt' not in html
    assert "injected-parameters" not in html and "# Parameters" not in html
    assert 'cell-id=params"' not in html  # the parameters cell itself is dropped too
    assert "凯里市中文文本 KAILI-ZH-OK" in html  # outputs are kept


def test_html_is_self_contained(html_zh):
    html = page(html_zh)
    assert re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)=[\"']?(https?:)?//",
                     html) is None
    assert re.search(r"@import|url\(\s*['\"]?(https?:)?//", html) is None
    assert "require.js" not in html and "MathJax" not in html and "mermaid" not in html
    assert html.count("data:image/png;base64,") >= 1  # the chart is embedded


def test_title_block_toc_and_lang(html_zh, html_en):
    zh, en = page(html_zh), page(html_en)
    assert '<html lang="zh">' in zh and '<html lang="en">' in en
    assert '<h1 class="kaili-title__name">你好报告</h1>' in zh
    assert '<h1 class="kaili-title__name">Hello report</h1>' in en
    assert "<title>你好报告</title>" in zh
    from kaili_analysis.data.loaders import data_version

    assert f"数据版本：<code>{data_version()}</code>" in zh
    assert "Data version: <code>" in en
    # the title block says in words what differs from the defaults (not the language)
    assert 'class="kaili-title__settings"' not in zh
    assert "This report differs from the defaults: n 5; title " in en and "lang en" not in en
    toc = re.search(r'<nav class="kaili-toc".*?</nav>', zh, re.S).group(0)
    assert ">目录<" in toc and ">Contents<" in en
    for heading in ("你好，凯里 Hello Kaili", "图表 Chart", "表格 Table", "宽表 Wide table"):
        assert heading in toc
    for anchor in re.findall(r'href="#([^"]+)"', toc):
        assert f'id="{anchor}"' in zh  # every TOC link has its target


def test_parameter_values_are_escaped(html_en):
    html = page(html_en)
    assert "<script>alert" not in html
    assert "title &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; 凯里." in html
    assert "<script" not in html  # the template itself has no scripts either


def test_rerender_is_byte_identical(html_zh, tmp_path):
    again = render("hello", formats="html", output_dir=tmp_path, notebooks_dir=FIXTURES)
    assert again.html.read_bytes() == html_zh.html.read_bytes()


def test_injected_parameters_stay_readable(tmp_path):
    nb = execute_mod.inject_parameters(execute_mod.read_notebook(FIXTURES / "hello.ipynb"),
                                       {"title": "凯里市", "n": 4})
    cell = nb.cells[2]
    assert cell.id == "injected-parameters" and cell.metadata.tags == ["injected-parameters"]
    assert cell.source == "# Parameters\ntitle = '凯里市'\nn = 4\n"


def test_a_failing_cell_names_notebook_cell_and_error(tmp_path):
    with pytest.raises(ExecutionError) as info:
        render("fails", formats="html", output_dir=tmp_path, notebooks_dir=FIXTURES)
    err = info.value
    assert (err.notebook, err.cell, err.ename) == ("fails", 3, "ValueError")
    assert "notebook 'fails' failed in cell 3: ValueError: boom: 故障 in the third cell" in str(err)
    kept = tmp_path / "_failed" / "fails.ipynb"
    assert err.failed_path == kept
    nb = json.loads(kept.read_text("utf-8"))
    assert any(o.get("ename") == "ValueError" for c in nb["cells"] for o in c.get("outputs", []))
    assert [p.name for p in tmp_path.iterdir()] == ["_failed"]  # no HTML, no temp files


def test_missing_browser_stops_before_executing(tmp_path, monkeypatch):
    monkeypatch.setenv(config.CHROMIUM_ENV, str(tmp_path / "no-such-chromium"))
    monkeypatch.setattr(execute_mod.KernelPool, "take", pytest.fail)  # must not be reached
    with pytest.raises(BrowserNotFoundError, match="apt-get install chromium"):
        render("hello", formats="html,pdf", output_dir=tmp_path / "out", notebooks_dir=FIXTURES)
    monkeypatch.delenv(config.CHROMIUM_ENV)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path))
    with pytest.raises(BrowserNotFoundError, match="KAILI_CHROMIUM"):
        render("hello", formats="pdf", output_dir=tmp_path / "out", notebooks_dir=FIXTURES)
    assert not (tmp_path / "out").exists()


def test_an_export_setup_error_reaches_the_caller_and_writes_nothing(tmp_path, monkeypatch):
    """The exporter is prepared in a thread while the notebook runs; its failure is raised
    in the caller's thread once the notebook has executed, and no page is written."""
    from kaili_analysis.render import report as report_mod

    def broken() -> str:
        raise DataValidationError("the descriptor is unreadable (test)")

    monkeypatch.setattr(report_mod, "data_version", broken)
    with pytest.raises(DataValidationError, match=r"unreadable \(test\)"):
        render("hello", formats="html", output_dir=tmp_path / "out", notebooks_dir=FIXTURES)
    assert not list((tmp_path / "out").glob("*.html"))


# --- PDF and browser ------------------------------------------------------------------

@pytest.fixture(scope="module")
def pdfs(html_zh, html_en, chromium_path):
    """Both pages printed by one browser."""
    with PdfPrinter(chromium_path) as printer:
        futures = [printer.submit(r.html, r.html.with_suffix(".pdf")) for r in (html_zh, html_en)]
        return [f.result() for f in futures]


@pytest.mark.pdf
@pytest.mark.browser
def test_pdf_has_real_chinese_and_english_text(pdfs, pdftotext, cjk_font):
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF")
        text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "凯里市中文文本" in text and "English text KAILI-EN-OK" in text
        assert "你好，凯里" in text
    info = subprocess.run(["pdfinfo", str(pdfs[0])], capture_output=True, text=True).stdout
    assert "A4" in info


@pytest.mark.pdf
@pytest.mark.browser
def test_pdf_page_renders(pdfs, pdftoppm, tmp_path):
    subprocess.run([pdftoppm, "-r", "40", "-png", "-f", "1", "-l", "1", str(pdfs[0]),
                    str(tmp_path / "p")], check=True)
    png = next(tmp_path.glob("p*.png"))
    assert png.stat().st_size > 5000


@pytest.mark.browser
def test_page_in_a_browser_is_quiet_offline_and_titled(html_zh, chromium_path):
    from playwright.sync_api import sync_playwright

    requests, errors = [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path,
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            page_ = browser.new_page()
            page_.on("request", lambda r: requests.append(r.url))
            page_.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page_.on("pageerror", lambda e: errors.append(str(e)))
            page_.goto(html_zh.html.resolve().as_uri(), wait_until="networkidle")
            assert page_.title() == "你好报告"
            assert page_.locator("h1.kaili-title__name").is_visible()
            assert page_.locator("nav.kaili-toc a").count() == 4
        finally:
            browser.close()
    assert errors == []
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_kernels_talk_over_private_unix_sockets(tmp_path):
    """No TCP ports to race for: two renders (or test workers) starting kernels at the same
    moment cannot pick the same channel, and the sockets are removed afterwards."""
    import glob

    from jupyter_core.utils import run_sync

    first, second = execute_mod.private_channels(), execute_mod.private_channels()
    assert first["transport"] == "ipc" and first["ip"] != second["ip"]
    km = execute_mod.KernelPool(warm=False).take(tmp_path)
    try:
        info = json.loads(Path(km.connection_file).read_text("utf-8"))
        assert info["transport"] == "ipc" and info["ip"] == km.ip
        client = km.client()
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)  # the kernel answers on those sockets
        client.stop_channels()
        assert glob.glob(f"{km.ip}-*")
    finally:
        execute_mod._shutdown(km)
    assert not glob.glob(f"{km.ip}-*")
