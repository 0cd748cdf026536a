"""HTML export: nbconvert with the ``kaili`` template, code and parameter cells removed.

The exporter object is built once per process and reused. The page it writes is one
self-contained file: images are embedded, and nothing (script, style, font) is fetched from
the network. ``<html lang>`` is ``zh`` for Chinese reports and ``en`` otherwise.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

from .. import config

__all__ = ["LABELS", "HtmlExport", "add_toc", "format_value"]

#: Cells with one of these tags are dropped from the HTML.
REMOVE_CELL_TAGS = frozenset({"injected-parameters", "parameters", "remove-cell",
                              "remove_cell"})
REMOVE_OUTPUT_TAGS = frozenset({"remove-output", "remove_output"})
#: Title-block words per report language.
LABELS: dict[str, dict[str, str]] = {
    "zh": {"parameters": "参数", "data_version": "数据版本", "contents": "目录", "colon": "："},
    "en": {"parameters": "Parameters", "data_version": "Data version", "contents": "Contents",
           "colon": ": "},
}
_TOC_MARK = "<!-- kaili-toc -->"
_HEADING = re.compile(r'<h([1-3]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def format_value(value: Any) -> str:
    """A parameter value as shown in the title block (not escaped yet)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def add_toc(page: str, label: str) -> str:
    """Replace the template's TOC marker by a list of the page's h1-h3 headings."""
    items = []
    for level, anchor, inner in _HEADING.findall(page):
        text = _TAG.sub("", _ANCHOR.sub("", inner)).strip()
        if text:
            items.append(f'<li class="kaili-toc__h{level}"><a href="#{anchor}">{text}</a></li>')
    toc = ""
    if items:
        toc = (f'<nav class="kaili-toc" aria-label="{html.escape(label)}">'
               f'<p class="kaili-toc__label">{html.escape(label)}</p><ol>\n'
               + "\n".join(items) + "\n</ol></nav>")
    return page.replace(_TOC_MARK, toc, 1)


class HtmlExport:
    """A reusable notebook -> HTML converter (one nbconvert exporter per process)."""

    def __init__(self) -> None:
        from nbconvert import HTMLExporter
        from nbconvert.preprocessors import TagRemovePreprocessor
        from traitlets.config import Config

        cfg = Config()
        cfg.TagRemovePreprocessor.enabled = True
        cfg.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
        cfg.TagRemovePreprocessor.remove_all_outputs_tags = set(REMOVE_OUTPUT_TAGS)
        self._exporter = HTMLExporter(
            config=cfg, template_name="kaili",
            extra_template_basedirs=[str(config.TEMPLATES_DIR)],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
            embed_images=True)
        self._exporter.register_preprocessor(TagRemovePreprocessor(config=cfg), enabled=True)

    def __call__(self, nb: Any, *, title: str, lang: str, parameters: Mapping[str, Any],
                 data_version: str, show_code: bool = False) -> str:
        """Return the report page of an executed notebook (code shown only if asked)."""
        lang = lang if lang in LABELS else "en"
        labels = LABELS[lang]
        self._exporter.language_code = "zh" if lang == "zh" else "en"
        self._exporter.exclude_input = not show_code
        nb.metadata["title"] = title
        resources = {
            "metadata": {"name": title},
            "kaili": {
                "title": title, "lang": lang, "labels": labels, "data_version": data_version,
                "parameters": [{"name": k, "value": format_value(v)}
                               for k, v in parameters.items()],
            },
        }
        page, _ = self._exporter.from_notebook_node(nb, resources=resources)
        return add_toc(page, labels["contents"])

    def warm_up(self) -> None:
        """Convert a tiny notebook, so templates are compiled (and the code highlighter is
        imported) before the first report."""
        import nbformat

        cell = nbformat.v4.new_code_cell("x", id="warm")
        cell.outputs = [nbformat.v4.new_output("stream", text="x"),
                        nbformat.v4.new_output("display_data", data={"text/html": "<b>x</b>"})]
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x", id="m"), cell])
        # the language an executed report notebook carries, so the same lexer is loaded
        nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
        self(nb, title="x", lang="en", parameters={}, data_version="", show_code=True)
