"""HTML export without nbconvert's BeautifulSoup pass: the same page, alt texts, focusable
outputs, scoped table heads and named tables; the title block's sentence on what differs from
the defaults. No kernel: the notebooks are built by hand."""

from __future__ import annotations

import base64
import io

import nbformat
import pytest
from bs4 import BeautifulSoup
from PIL import Image

from kaili_analysis.render import export

NBCONVERT_ALT = "No description has been provided for this image"


def _png(size: int = 4) -> str:
    raw = io.BytesIO()
    Image.new("RGB", (size, size), "red").save(raw, "png")
    return base64.b64encode(raw.getvalue()).decode("ascii")


@pytest.fixture
def notebook():
    v4 = nbformat.v4
    cells = [v4.new_markdown_cell("# 标题 Title\n\n## Second & third", id="md")]
    code = v4.new_code_cell("print('x')", id="code")
    code.outputs = [
        v4.new_output("stream", text="x <b>not bold</b>\n"),
        v4.new_output("display_data", data={"image/png": _png(), "text/plain": "chart"},
                      metadata={"image/png": {"alt": "凯里市 GDP \"quoted\" <tag>"}}),
        v4.new_output("display_data", data={"image/png": _png(6), "text/plain": "chart"},
                      metadata={"image/png": {"width": 30, "height": 20, "unconfined": True,
                                              "needs_background": "light"}}),
        v4.new_output("display_data", data={"image/jpeg": _png(), "text/plain": "photo"}),
        v4.new_output("display_data",
                      data={"text/html": "<table><tr><td>&nbsp;1 &lt; 2</td></tr></table>"}),
    ]
    cells.append(code)
    nb = v4.new_notebook(cells=cells)
    nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    return nb


def _convert(exporter, nb, lang="en", show_code=True):
    return exporter(nbformat.from_dict(nb), title="T", lang=lang, parameters={"lang": lang},
                    data_version="v1", show_code=show_code)


def _alts_and_tree(page: str) -> tuple[list[str | None], str]:
    soup = BeautifulSoup(page, "html.parser")
    alts = [img.attrs.pop("alt", None) for img in soup.find_all("img")]
    return alts, str(soup)


def test_page_matches_nbconvert_except_the_alt_of_images_without_one(notebook, monkeypatch):
    ours = _convert(export.HtmlExport(), notebook)
    from nbconvert import HTMLExporter

    monkeypatch.setattr(export, "_exporter_class", lambda: HTMLExporter)
    stock = _convert(export.HtmlExport(), notebook)
    our_alts, our_tree = _alts_and_tree(ours)
    stock_alts, stock_tree = _alts_and_tree(stock)
    assert our_tree == stock_tree  # same elements, attributes (tabindex too) and text
    chart_alt = '凯里市 GDP "quoted" <tag>'
    assert stock_alts == [chart_alt, NBCONVERT_ALT, NBCONVERT_ALT]
    assert our_alts == [chart_alt, export.LABELS["en"]["image"], export.LABELS["en"]["image"]]
    assert 'alt="凯里市 GDP &quot;quoted&quot; &lt;tag&gt;"' in ours  # escaped in the page


def test_our_export_never_reparses_the_page(notebook, monkeypatch):
    import nbconvert.exporters.html as nbconvert_html

    exporter = export.HtmlExport()

    def refuse(*_args, **_kwargs):
        raise AssertionError("BeautifulSoup was called")

    monkeypatch.setattr(nbconvert_html, "BeautifulSoup", refuse)
    page = _convert(exporter, notebook, lang="zh")
    assert page.count('tabindex="0"') == 7  # 5 outputs, the code and the markdown input
    assert f'alt="{export.LABELS["zh"]["image"]}"' in page


def test_png_metadata_sizes_and_classes_reach_the_image(notebook):
    page = _convert(export.HtmlExport(), notebook, show_code=False)
    soup = BeautifulSoup(page, "html.parser")
    sized = soup.find_all("img")[1]
    assert (sized["width"], sized["height"]) == ("30", "20")
    assert sized["class"] == ["unconfined", "jp-needs-light-background"]


def test_one_exporter_keeps_the_markdown_of_the_page_language_only():
    """Markdown cells tagged lang-zh / lang-en: one exporter, pages in both languages in turn,
    each without the other's cells; untagged cells stay in both."""
    v4 = nbformat.v4

    def markdown(source: str, cell_id: str, tags: list[str]):
        cell = v4.new_markdown_cell(source, id=cell_id)
        cell.metadata["tags"] = tags
        return cell

    nb = v4.new_notebook(cells=[
        markdown("## 目标一览", "h-zh", ["lang-zh"]),
        markdown("## The goals at a glance", "h-en", ["lang-en"]),
        markdown("Both: 凯里 Kaili", "both", []),
        markdown("一段说明。", "p-zh", ["lang-zh", "remove-output"]),
    ])
    exporter = export.HtmlExport()
    pages = {lang: _convert(exporter, nb, lang=lang, show_code=False)
             for lang in ("zh", "en", "zh")}  # the zh page again, after the en page
    for lang, other in (("zh", "en"), ("en", "zh")):
        text = BeautifulSoup(pages[lang], "html.parser").get_text()
        assert "Both: 凯里 Kaili" in text
        mine = {"zh": ["目标一览", "一段说明。"], "en": ["The goals at a glance"]}
        assert all(words in text for words in mine[lang]), lang
        assert not any(words in text for words in mine[other]), lang
    # the table of contents lists the page's own heading only
    assert '<li class="kaili-toc__h2"><a href="#%E7%9B%AE' in pages["zh"]
    assert "glance</a></li>" in pages["en"] and "glance" not in pages["zh"]
    assert export.remove_cell_tags("en") >= {"lang-zh", "parameters", "injected-parameters"}
    assert "lang-en" not in export.remove_cell_tags("en")


def test_finish_page_adds_once_and_leaves_existing_attributes():
    page = ('<img src="a.png"><img alt="kept" src="b.png">'
            '<div class="jp-OutputArea-output x" tabindex="-1"></div>'
            '<div class="jp-OutputArea-output"></div><div class="jp-OutputArea"></div>')
    done = export.finish_page(page, 'no "alt"')
    assert done.count('alt="no &#34;alt&#34;"') == 1 and 'alt="kept"' in done
    assert 'tabindex="-1"' in done and done.count('tabindex="0"') == 1
    assert export.finish_page(done, "again") == done


def test_finish_page_reads_alt_as_an_attribute_and_leaves_raw_text_alone():
    page = ('<img data-alt="x" src="a.png"><img src="b.png" alt = "spaced">'
            "<style>p::after { content: '&#20940;' }</style><p>&#20940;</p>"
            "<SCRIPT>var s = '&#20940;';</SCRIPT>")
    done = export.finish_page(page, "none")
    assert done.startswith('<img alt="none" data-alt="x" src="a.png"><img src="b.png" alt')
    assert "content: '&#20940;'" in done and "<p>凌</p>" in done
    assert "var s = '&#20940;';</SCRIPT>" in done


def test_finish_page_writes_non_ascii_characters_not_references():
    page = "<h2>&#20940;&#x51EF; &#38;&#60;&#39; &#x85; &#xD800; &#1114112;</h2>"
    kept = "&#38;&#60;&#39; &#x85; &#xD800; &#1114112;"  # markup, C1, surrogate, too big
    assert export.finish_page(page, "") == f"<h2>凌凯 {kept}</h2>"


def test_an_svg_chart_is_an_image_with_its_alt_and_its_markup_stays_inside_it():
    v4 = nbformat.v4
    svg = ('<?xml version="1.0" encoding="utf-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
           'width="20pt" height="10pt"><style>*{stroke: red}</style>'
           '<text x="1" y="9">凯里 &lt;chart&gt;</text></svg>\n')
    code = v4.new_code_cell("chart", id="c")
    code.outputs = [v4.new_output("display_data",
                                  data={"image/svg+xml": svg, "text/plain": "chart"},
                                  metadata={"image/svg+xml": {"alt": 'GDP "2020" <b>'}})]
    nb = v4.new_notebook(cells=[code])
    page = _convert(export.HtmlExport(), nb, show_code=False)
    soup = BeautifulSoup(page, "html.parser")
    (img,) = soup.select(".jp-RenderedSVG img")
    assert img["alt"] == 'GDP "2020" <b>'
    assert img["src"] == "data:image/svg+xml;base64," + base64.b64encode(
        svg.encode()).decode()
    assert "stroke: red" not in page  # the chart's own style cannot reach the page


def test_the_contents_list_the_headings_once_escaped():
    page = ('<!-- kaili-toc --><h1 id="a&amp;b">Growth &amp; jobs<a class="anchor-link" '
            'href="#a&amp;b">¶</a></h1><h2 id="x">  </h2><h3 id="c">凯里 <em>2025</em></h3>')
    done = export.add_toc(page, '<script>"Contents"</script>')
    toc = done.split("<h1")[0]
    assert toc == (
        '<nav class="kaili-toc" aria-label="&lt;script&gt;&#34;Contents&#34;&lt;/script&gt;">'
        '<p class="kaili-toc__label">&lt;script&gt;&#34;Contents&#34;&lt;/script&gt;</p><ol>\n'
        '<li class="kaili-toc__h1"><a href="#a&amp;b">Growth &amp; jobs</a></li>\n'
        '<li class="kaili-toc__h3"><a href="#c">凯里 2025</a></li>\n</ol></nav>')
    assert export.add_toc("<!-- kaili-toc --><p>no headings</p>", "x") == "<p>no headings</p>"


def _title_block(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser").find("header", class_="kaili-title")


def _run_with(nb, injected, title=None):
    """``nb`` as the runner leaves it: papermill's record of the injected values."""
    nb = nbformat.from_dict(nb)
    nb.metadata["papermill"] = {"parameters": dict(injected)}
    if title is not None:
        nb.metadata["kaili"] = {"title": title}
    return nb


def test_the_title_block_is_silent_where_only_the_language_differs(notebook):
    exporter = export.HtmlExport()
    for lang in ("zh", "en"):
        values = {"lang": lang, "base_year": 2020, "horizon": 2025, "scenario_rates": {},
                  "actuals_csv": ""}
        nb = _run_with(notebook, {"lang": lang} if lang == "en" else {})
        page = exporter(nb, title="T", lang=lang, parameters=values, data_version="v1")
        block = _title_block(page)
        assert block.find(class_="kaili-title__settings") is None
        assert "base_year" not in block.get_text() and "2025" not in block.get_text()
        assert "v1" in block.get_text()  # the data version stays


def test_the_title_block_says_what_differs_in_the_report_language(notebook):
    exporter = export.HtmlExport()
    injected = {"lang": "en", "base_year": 2019, "horizon": 2030,
                "scenario_rates": {"gdp_growth": 0.08},
                "actuals_csv": "/home/someone/data/actuals 2023.csv"}
    values = {**injected, "lang": "en"}
    en = exporter(_run_with(notebook, injected), title="T", lang="en", parameters=values,
                  data_version="v1")
    said = _title_block(en).find(class_="kaili-title__settings").get_text()
    assert said == ("This report differs from the defaults: base year 2019; paths to 2030; "
                    "scenario rates gdp_growth 8.00%; actual figures from actuals 2023.csv.")
    assert "/home/someone" not in en  # a file by its name, not where it lies
    zh_values = {**values, "lang": "zh"}
    zh = exporter(_run_with(notebook, {k: v for k, v in injected.items() if k != "lang"}),
                  title="T", lang="zh", parameters=zh_values, data_version="v1")
    said = _title_block(zh).find(class_="kaili-title__settings").get_text()
    assert said.startswith("本报告与默认设置不同：") and said.endswith("。")
    assert "基准年为2019年" in said and "预测路径至2030年" in said
    assert "English" not in said and "lang" not in said


def test_the_title_block_escapes_every_value_it_says(notebook):
    evil = '<script>alert("x")</script>&amp;'
    injected = {"sections": evil, "note": evil}
    page = export.HtmlExport()(_run_with(notebook, injected), title="T", lang="en",
                               parameters={"lang": "en", **injected}, data_version="v1")
    assert "<script>alert" not in page
    said = _title_block(page).find(class_="kaili-title__settings").get_text()
    assert said.count(evil) == 2  # the reader sees the value as it came, as text
    assert "note " + evil in said  # a parameter without a phrase of its own: name and value


def test_a_parameter_the_title_names_is_not_said_again(notebook):
    title = {"en": "One section in depth: {section_label}", "zh": "章节详解：{section_label}"}
    nb = _run_with(notebook, {"section": "agriculture"}, title=title)
    page = export.HtmlExport()(nb, title="One section in depth: Agriculture", lang="zh",
                               parameters={"lang": "zh", "section": "agriculture"},
                               data_version="v1")
    assert _title_block(page).find(class_="kaili-title__settings") is None


def test_two_exports_of_a_run_with_settings_are_identical(notebook):
    injected = {"horizon": 2030, "tolerance_pp": 1.5}
    runs = [export.HtmlExport()(_run_with(notebook, injected), title="T", lang="en",
                                parameters={"lang": "en", **injected}, data_version="v1")
            for _ in range(2)]
    assert runs[0] == runs[1]
    assert "a tolerance of 1.5 percentage points" in runs[0]


@pytest.mark.parametrize(("name", "value", "shown"), [
    ("actuals_csv", "C:/x/y/act.csv", "act.csv"),
    ("progress_csv", "progress.csv", "progress.csv"),
    ("horizon", 2030, "2030"),
    ("tolerance_pp", 0.25, "0.25"),
    ("scenario_rates", {"a": 0.05, "b": 0.1}, "a 5.00%, b 10.00%"),
    ("flag", True, "true"),
])
def test_setting_value_shows_files_by_name_rates_as_percent_and_years_plainly(name, value,
                                                                               shown):
    assert export.setting_value(name, value) == shown


def test_table_heads_get_a_scope_and_tables_the_name_of_the_heading_above():
    page = ('<h2 id="Goals-&amp;-paths">Goals &amp; paths</h2>'
            '<table class="dataframe"><thead><tr><th></th><th>value</th></tr></thead>'
            '<tbody><tr><th>gdp</th><td>1</td></tr></tbody></table>'
            '<table aria-label="own"><thead><tr><th scope="colgroup">x</th></tr></thead></table>'
            '<table><caption>Its own</caption><tr><td>1</td></tr></table>')
    out = BeautifulSoup(export.finish_page(page, "img"), "html.parser")
    first, second, third = out.find_all("table")
    assert first["aria-labelledby"] == "Goals-&-paths"
    assert out.find(id=first["aria-labelledby"]).get_text() == "Goals & paths"
    assert [th["scope"] for th in first.find_all("th")] == ["col", "col", "row"]
    assert "aria-labelledby" not in second.attrs and second.th["scope"] == "colgroup"
    assert "aria-labelledby" not in third.attrs  # a caption names it


def test_a_table_is_not_named_by_a_heading_whose_id_is_not_unique_or_inside_a_script():
    page = ('<h2 id="same">A</h2><p id="same">B</p><table><tr><td>1</td></tr></table>'
            '<script>var t = "<h2 id=\\"x\\"></h2><table><thead><th>";</script>'
            '<table><tr><td>2</td></tr></table>')
    out = export.finish_page(page, "img")
    assert "aria-labelledby" not in out
    assert '<script>var t = "<h2 id=\\"x\\"></h2><table><thead><th>";</script>' in out
    assert export.finish_page(out, "img") == out  # a second pass changes nothing
