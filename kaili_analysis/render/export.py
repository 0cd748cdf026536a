"""HTML export: nbconvert with the ``kaili`` template, code and parameter cells removed.

A report notebook carries its Markdown in both languages, each cell tagged with its language
(``lang-zh``, ``lang-en``); the page of one language drops the other language's cells with
nbconvert's ``TagRemovePreprocessor``. Cells without a language tag are kept in every page.

The exporter object is built once per process and reused. The page it writes is one
self-contained file: images are embedded, and nothing (script, style, font) is fetched from
the network. ``<html lang>`` is ``zh`` for Chinese reports and ``en`` otherwise.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

from kaili_analysis import config
from kaili_analysis.render.csp import csp_meta
from kaili_analysis.show.escape import escape_html
from kaili_analysis.show.templates import render_template
from kaili_analysis.show.words.catalogue import has, text
from kaili_analysis.show.words.formats import fmt_number, fmt_rates, join_words

__all__ = ["LABELS", "LANG_TAG", "HtmlExport", "add_toc", "finish_page", "format_value",
           "remove_cell_tags", "setting_value", "settings_sentence"]

#: The tag of a cell written in one report language: ``lang-zh``, ``lang-en``.
LANG_TAG = "lang-{lang}"
#: Cells with one of these tags are dropped from the HTML.
REMOVE_CELL_TAGS = frozenset({"injected-parameters", "parameters", "remove-cell",
                              "remove_cell"})
REMOVE_OUTPUT_TAGS = frozenset({"remove-output", "remove_output"})
#: Title-block words per report language, from the catalogue (``export.<word>``).
LABELS: dict[str, dict[str, str]] = {
    lang: {word: text(f"export.{word}", lang)
           for word in ("data_version", "contents", "colon", "image")}
    for lang in config.LANGS
}
#: Parameters a title block never names: the page is in its language.
UNSAID_PARAMETERS = frozenset({"lang"})
#: A parameter whose name ends so holds a file, named in the title block by its file name.
FILE_SUFFIXES = ("_csv", "_file", "_path")
_TOC_MARK = "<!-- kaili-toc -->"
_HEADING = re.compile(r'<h([1-3]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
_IMG_NO_ALT = re.compile(r"<img\b(?![^>]*\salt\s*=)")
_RAW_TEXT = re.compile(r"(<(script|style)\b.*?</\2\s*>)", re.S | re.I)
_HEADING_OR_TABLE = re.compile(r'<h[1-6]\b[^>]*?\sid="(?P<id>[^"]+)"|<table\b(?P<attrs>[^>]*)>'
                               r"(?P<caption>\s*<caption\b)?")
_SECTION = re.compile(r"<(thead|tbody)\b.*?</\1\s*>", re.S)
_TH_NO_SCOPE = re.compile(r"<th\b(?![^>]*\sscope\s*=)")
_ID = re.compile(r'\sid="([^"]+)"')
_TITLE_FIELD = re.compile(r"\{(\w+)")
_FOCUSABLE = re.compile(r'(<div class="[^"]*\bjp-(?:OutputArea-output|Cell-inputWrapper)\b[^"]*")'
                        r"(?![^>]*\btabindex=)")


def format_value(value: Any) -> str:
    """A parameter value as shown in the title block (not escaped yet)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def setting_value(name: str, value: Any) -> str:
    """A parameter value as the title block's sentence says it (not escaped yet).

    A file (a name ending in one of :data:`FILE_SUFFIXES`) by its file name, a mapping of
    numbers as rates (``fmt_rates``: 'gdp_growth 8.00%'), a whole number as written (a
    year), another number with ``fmt_number``, anything else as :func:`format_value` shows it.

    >>> setting_value("actuals_csv", "/home/me/data/actuals.csv")
    'actuals.csv'
    >>> setting_value("horizon", 2030)
    '2030'
    """
    if isinstance(value, str) and name.endswith(FILE_SUFFIXES):
        return PurePath(value).name or value
    if (isinstance(value, Mapping) and value
            and all(isinstance(v, int | float) and not isinstance(v, bool)
                    for v in value.values())):
        return fmt_rates({str(k): float(v) for k, v in value.items()})
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return fmt_number(value)
    return format_value(value)


def settings_sentence(changed: Mapping[str, Any], lang: str, *,
                      named: Iterable[str] = ()) -> str:
    """The title block's sentence on what differs from a notebook's defaults, or ``""``.

    Parameters
    ----------
    changed
        The parameters whose values differ from the notebook's defaults, by name, in the
        order the sentence says them.
    lang
        The report language (``zh`` or ``en``); the language itself is never said.
    named
        Parameters the report title already names (a section report's section): not said
        again.

    Returns
    -------
    str
        One sentence (``export.settings``), each setting a phrase of its own
        (``export.setting.<name>``, another parameter ``export.any_setting``); empty where
        nothing else differs. The text is not escaped yet.
    """
    skip = UNSAID_PARAMETERS | set(named)
    phrases = []
    for name in changed:
        if name in skip:
            continue
        value = setting_value(name, changed[name])
        key = f"export.setting.{name}"
        phrases.append(text(key, lang, value=value) if has(key)
                       else text("export.any_setting", lang, name=name, value=value))
    if not phrases:
        return ""
    return text("export.settings", lang, settings=join_words(phrases, lang, style="clauses"))


def _changed(nb: Any, values: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """The values that differ from the notebook's defaults, and the parameters its title
    names.

    The differing ones are those injected into the run, as papermill records them in the
    executed notebook (``metadata.papermill.parameters``); the title's are the ``{name}``
    and ``{name_label}`` fields of the notebook's titles (``metadata.kaili.title``).
    """
    meta = nb.metadata
    injected = (meta.get("papermill") or {}).get("parameters") or {}
    # in the notebook's order of its parameters (the order of ``values``)
    names = [name for name in values if name in injected]
    names += [name for name in injected if name not in values]
    changed = {name: values.get(name, injected[name]) for name in names}
    titles = (meta.get("kaili") or {}).get("title") or {}
    titles = titles.values() if isinstance(titles, Mapping) else [titles]
    fields = {field.removesuffix("_label")
              for title in titles if isinstance(title, str)
              for field in _TITLE_FIELD.findall(title)}
    return changed, fields


def _char(match: re.Match[str]) -> str:
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    if code < 0xA0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return match.group(0)  # markup characters, controls and non-characters stay escaped
    return chr(code)


def finish_page(page: str, image_label: str) -> str:
    """What nbconvert's HTML exporter does after templating, without re-parsing the page.

    Every ``<img>`` without ``alt`` gets ``image_label``; outputs and cell inputs become
    focusable (``tabindex="0"``, so a wide table can be scrolled with the keyboard); a table
    head without a ``scope`` gets one (``col`` in ``<thead>``, ``row`` in ``<tbody>``), and a
    table without a caption is named by the heading above it (``aria-labelledby``); and
    numeric references to non-ASCII characters (nbconvert's heading filter writes
    ``&#20940;`` for 凌) become the characters, so Chinese headings stay readable in the
    page source and in the table of contents (not inside ``<script>`` or ``<style>``, whose
    text is raw).
    """
    start = render_template("img_alt.html.j2", label=image_label)
    page = _IMG_NO_ALT.sub(lambda _: start, page)
    page = _FOCUSABLE.sub(r'\1 tabindex="0"', page)
    # scripts and styles are raw text, where a reference is not decoded: leave them as written
    parts = _RAW_TEXT.split(page)
    text_parts = list(range(0, len(parts), 3))
    for i in text_parts:
        parts[i] = _scope_heads(_CHAR_REF.sub(_char, parts[i]))
    _name_tables(parts, text_parts)
    return "".join(part for i, part in enumerate(parts) if i % 3 != 2)


def _scope_heads(page: str) -> str:
    """Give every table head without a ``scope`` one: a column head in ``<thead>``, a row
    head in ``<tbody>`` (a DataFrame's index, as pandas writes it)."""
    def scoped(match: re.Match[str]) -> str:
        scope = ' scope="col"' if match.group(1) == "thead" else ' scope="row"'
        return _TH_NO_SCOPE.sub(lambda _: "<th" + scope, match.group(0))

    return _SECTION.sub(scoped, page)


def _name_tables(parts: list[str], text_parts: list[int]) -> None:
    """Name each table without a caption or a name of its own by the heading above it
    (``aria-labelledby``), where that heading's id is the page's only element with it."""
    ids: dict[str, int] = {}
    for i in text_parts:
        for found in _ID.findall(parts[i]):
            ids[found] = ids.get(found, 0) + 1
    heading = None

    def named(match: re.Match[str]) -> str:
        nonlocal heading
        if match.group("id") is not None:
            heading = match.group("id")
            return match.group(0)
        attrs = match.group("attrs")
        if (heading is None or ids.get(heading) != 1 or match.group("caption")
                or "aria-label" in attrs):
            return match.group(0)
        # the id as the page holds it, read back to text and escaped again for the attribute
        start = Markup('<table aria-labelledby="{}"').format(html.unescape(heading))
        return match.group(0).replace("<table", start, 1)

    for i in text_parts:
        parts[i] = _HEADING_OR_TABLE.sub(named, parts[i])


def add_toc(page: str, label: str) -> str:
    """Replace the template's TOC marker by a list of the page's h1-h3 headings.

    The list is the template ``toc.html.j2``; a heading's anchor and text are taken from the
    page as they stand there (already HTML: the text with its tags removed), so they are not
    escaped a second time; ``label`` is.
    """
    items = []
    for level, anchor, inner in _HEADING.findall(page):
        heading = _TAG.sub("", _ANCHOR.sub("", inner)).strip()
        if heading:
            items.append({"level": level, "anchor": Markup(anchor), "text": Markup(heading)})
    toc = render_template("toc.html.j2", label=label, items=items)
    return page.replace(_TOC_MARK, toc, 1)


class HtmlExport:
    """A reusable notebook -> HTML converter (one nbconvert exporter per process)."""

    def __init__(self) -> None:
        # nbconvert and its traitlets are heavy: imported when the first exporter is built
        from nbconvert.preprocessors import TagRemovePreprocessor
        from traitlets.config import Config

        cfg = Config()
        cfg.TagRemovePreprocessor.enabled = True
        cfg.TagRemovePreprocessor.remove_cell_tags = set(REMOVE_CELL_TAGS)
        cfg.TagRemovePreprocessor.remove_all_outputs_tags = set(REMOVE_OUTPUT_TAGS)
        self._exporter = _exporter_class()(
            config=cfg, template_name="kaili",
            extra_template_basedirs=[str(config.TEMPLATES_DIR)],
            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
            embed_images=True)
        # outside values in the template (title, parameters) go through the one escape
        self._exporter.register_filter("kaili_escape", escape_html)
        self._remover = TagRemovePreprocessor(config=cfg)
        self._exporter.register_preprocessor(self._remover, enabled=True)

    def __call__(self, nb: Any, *, title: str, lang: str, parameters: Mapping[str, Any],
                 data_version: str, show_code: bool = False) -> str:
        """Return the report page of an executed notebook (code shown only if asked)."""
        lang = lang if lang in LABELS else "en"
        labels = LABELS[lang]
        self._exporter.language_code = "zh" if lang == "zh" else "en"
        self._exporter.exclude_input = not show_code
        self._remover.remove_cell_tags = remove_cell_tags(lang)
        changed, named = _changed(nb, parameters)
        nb.metadata["title"] = title
        resources = {
            "metadata": {"name": title},
            "kaili": {
                "title": title, "lang": lang, "labels": labels, "data_version": data_version,
                "csp": csp_meta(),
                "settings": settings_sentence(changed, lang, named=named),
            },
        }
        page, _ = self._exporter.from_notebook_node(nb, resources=resources)
        return add_toc(finish_page(page, labels["image"]), labels["contents"])

    def warm_up(self) -> None:
        """Convert a tiny notebook, so templates are compiled (and the code highlighter is
        imported) before the first report."""
        import nbformat  # heavy (jsonschema): only the warm-up builds a notebook here

        cell = nbformat.v4.new_code_cell("x", id="warm")
        cell.outputs = [nbformat.v4.new_output("stream", text="x"),
                        nbformat.v4.new_output("display_data", data={"text/html": "<b>x</b>"})]
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# x", id="m"), cell])
        # the language an executed report notebook carries, so the same lexer is loaded
        nb.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
        self(nb, title="x", lang="en", parameters={}, data_version="", show_code=True)


def remove_cell_tags(lang: str) -> set[str]:
    """The tags of the cells the ``lang`` page drops: code set-up and parameters, and the
    Markdown written in the other report languages.

    >>> sorted(remove_cell_tags("zh"))[:2]
    ['injected-parameters', 'lang-en']
    """
    others = {LANG_TAG.format(lang=other) for other in config.LANGS if other != lang}
    return set(REMOVE_CELL_TAGS) | others


def _exporter_class() -> type:
    """nbconvert's HTML exporter without its closing BeautifulSoup pass.

    After templating, ``HTMLExporter`` parses the whole page with BeautifulSoup to add
    ``alt`` texts and ``tabindex`` attributes, then serialises it again: 0.2-0.3 s for a
    report with a dozen charts, more than the templating itself. The ``kaili`` template
    writes each chart's ``alt`` from its output metadata and :func:`finish_page` does the
    rest with two substitutions; the filters are registered as ``HTMLExporter`` does.
    """
    # nbconvert is heavy: imported when the first exporter is built
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class KailiHTMLExporter(HTMLExporter):
        def from_notebook_node(self, nb: Any, resources: Any = None, **kw: Any) -> Any:
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name"))
            self.register_filter("highlight_code", self.filters.get("highlight_code")
                                 or Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return KailiHTMLExporter
