"""The article report's HTML: the article's paragraphs with every numeric token marked.

Three fragments, each a self-contained piece of HTML with no script: :func:`legend_html`
(what the marks mean and how many tokens have each), :func:`article_html` (the text) and
:func:`notes_html` (the audit's questions the flagged numbers point to). Marks:

* a record's number is ``<a class="ka-tok ka-rec" id="rec-<id>" data-record="<id>">``,
  linked to its row in the overview and titled with the indicator, the value in base units,
  the kind and the period; a number that states two records holds the second anchor in an
  empty ``<span data-record>`` just before it;
* a flagged record's number is marked ``ka-flag`` too, with a note number after it;
* an excluded token is ``<span class="ka-tok ka-ex" data-excluded="<category>">``, titled
  with its reason; an unaccounted one is ``ka-un``.

The text keeps its language (``lang="zh"``) in an English report; everything around it is
in the report's language. The HTML comes from the templates ``article_legend.html.j2``,
``article_text.html.j2`` and ``article_notes.html.j2`` (:mod:`kaili_analysis.show.templates`,
autoescape on: every value is shown as text); the words from the catalogue
(``article.view.*``, ``label.status.*``).
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from kaili_analysis.config import check_lang
from kaili_analysis.data.frames import require_columns
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.links import overview_href, record_anchor
from kaili_analysis.show.templates import render_template
from kaili_analysis.show.words.catalogue import label, text
from kaili_analysis.show.words.findings import explanation

#: What the article view's functions expect their frames to be.
_VIEW = "the output of kaili_analysis.show.article.view"

__all__ = ["ARTICLE_CSS", "article_html", "legend_html", "notes_html"]

#: The marks' style (inline in the page: the report needs no file beside it).
ARTICLE_CSS = """
.ka-article{max-width:46em;line-height:1.9;font-size:1.02rem}
.ka-article p{margin:0 0 .9em;text-indent:2em}
.ka-article h3.ka-h{font-size:1.1rem;margin:1.6em 0 .6em;text-indent:0}
.ka-tok{border-radius:3px;padding:0 .12em;text-decoration:none;color:inherit}
a.ka-tok{cursor:help}
.ka-rec{background:#dbeafe;border-bottom:2px solid #2563eb}
.ka-flag{background:#fde2c8;border-bottom:2px solid #c2410c}
.ka-flag.ka-inconsistent{background:#fecaca;border-bottom-color:#b91c1c}
.ka-ex{color:#57534e;border-bottom:1px dashed #a8a29e}
.ka-un{outline:2px solid #7c3aed}
.ka-note{font-size:.7em;vertical-align:super;line-height:0;margin-left:.1em}
.ka-note a{color:#c2410c;text-decoration:none}
.ka-legend{display:flex;flex-wrap:wrap;gap:.4em 1.6em;padding:.6em 0;margin:0;list-style:none}
.ka-legend li{white-space:nowrap;list-style:none;margin:0}
.ka-notes li{margin-bottom:.5em}
.ka-back{font-size:.85em;margin-left:.3em}
@media print{.ka-article{max-width:none}a.ka-tok{cursor:auto}}
"""

_CLASS = {"record": "ka-rec", "flagged": "ka-rec ka-flag", "excluded": "ka-ex",
          "uncovered": "ka-un"}
_SAMPLE = {"record": "38.13", "flagged": "6", "excluded": "十三五", "uncovered": "?"}





def legend_html(counts: pd.DataFrame, lang: str) -> str:
    """The legend: a sample of each mark, its name and how many tokens carry it, and the total.

    Parameters
    ----------
    counts
        :func:`.article.status_counts`.
    lang
        The report's language.

    Returns
    -------
    str
        A ``<ul>`` and a sentence with the total (the completeness check's token count).

    Raises
    ------
    ParameterError
        If ``counts`` lacks a column or ``lang`` is unknown.
    """
    check_lang(lang)
    require_columns(counts, "counts", ["status", "name", "n"], expected=_VIEW)
    items = [{"cls": _CLASS.get(row["status"], ""), "sample": _SAMPLE.get(row["status"], "0"),
              "name": row["name"] + text("article.view.colon", lang),
              "n": int(row["n"])}
             for row in counts.to_dict("records")
             if row["status"] != "uncovered" or row["n"]]  # no unaccounted token: no line
    total = text("article.view.total", lang, n=int(counts["n"].sum()))
    return render_template("article_legend.html.j2", items=items, total=total)


def _mark(tok: dict, token: str, notes: dict[str, int], lang: str) -> dict:
    """What the template needs to mark one token (see the module's docstring)."""
    status = tok["status"]
    mark = {"status": status, "text": token, "title": tok["title"]}
    if status in ("record", "flagged"):
        ids = tok["record_ids"].split(";")
        anchors = set(filter(None, tok["anchor_ids"].split(";")))
        verdict = f" ka-{tok['verdict']}" if tok["verdict"] else ""
        mark.update(
            extra=[{"id": rid, "anchor": record_anchor(rid)} for rid in ids[1:]
                   if rid in anchors],
            own=record_anchor(ids[0]) if ids[0] in anchors else "",
            cls=_CLASS[status] + verdict, record=ids[0], href=overview_href(ids[0], lang),
            notes=sorted({notes[f] for f in tok["finding_ids"].split(";") if f in notes}))
    elif status == "excluded":
        mark["category"] = tok["category"]
    return mark


def article_html(paragraphs: pd.DataFrame, tokens: pd.DataFrame, lang: str,
                 notes: pd.DataFrame | None = None) -> str:
    """The article's text with every numeric token marked.

    Parameters
    ----------
    paragraphs
        :func:`.article.article_paragraphs` (``text`` and ``role`` per paragraph).
    tokens
        :func:`.article.article_tokens` of the same article.
    lang
        The report's language (marks' titles and links); the text stays as written.
    notes
        :func:`.article.flagged_findings`: each flagged number gets its notes' numbers.

    Returns
    -------
    str
        ``<div class="ka-article" lang="zh">`` with one ``<p>`` (or ``<h3>`` for a heading)
        per paragraph.

    Raises
    ------
    ParameterError
        If a table lacks a column, a token lies outside its paragraph or tokens overlap.
    """
    check_lang(lang)
    require_columns(paragraphs, "paragraphs", ["paragraph", "text", "role"], expected=_VIEW)
    require_columns(tokens, "tokens", ["paragraph", "start", "end", "status", "record_ids",
                                       "anchor_ids", "finding_ids", "verdict", "category",
                                       "title"], expected=_VIEW)
    numbers = ({} if notes is None else
               dict(zip(notes["id"], notes["note"], strict=True)))
    by_para: dict[int, list[dict]] = {}
    for tok in tokens.sort_values(["paragraph", "start"]).to_dict("records"):
        by_para.setdefault(int(tok["paragraph"]), []).append(tok)
    out = []
    for para in paragraphs.to_dict("records"):
        words, pos, parts = para["text"], 0, []
        for tok in by_para.get(int(para["paragraph"]), []):
            start, end = int(tok["start"]), int(tok["end"])
            if not pos <= start < end <= len(words):
                raise ParameterError(f"token {tok.get('token', '')!r} at [{start}, {end}) of "
                                     f"paragraph {para['paragraph']} overlaps another or lies "
                                     "outside the paragraph; pass tokens of the same article")
            parts.append({"status": "", "text": words[pos:start]})
            parts.append(_mark(tok, words[start:end], numbers, lang))
            pos = end
        parts.append({"status": "", "text": words[pos:]})
        out.append({"tag": "h3" if para["role"] == "heading" else "p",
                    "number": int(para["paragraph"]), "parts": parts})
    return render_template("article_text.html.j2", paragraphs=out,
                           css=Markup(ARTICLE_CSS))  # the package's own style sheet


def notes_html(notes: pd.DataFrame, lang: str) -> str:
    """The audit's questions that flagged numbers point to, numbered.

    Parameters
    ----------
    notes
        :func:`.article.flagged_findings`.
    lang
        The report's language.

    Returns
    -------
    str
        An ``<ol>``: per note its verdict, check and explanation, and links back to the
        numbers in the text it concerns.

    Raises
    ------
    ParameterError
        If ``notes`` lacks a column of :func:`.article.flagged_findings`.
    """
    check_lang(lang)
    require_columns(notes, "notes", ["note", "check", "verdict", "indicator_ids",
                                     "explanation_key", "explanation_values"], expected=_VIEW)
    items = [{"number": int(row["note"]), "verdict": label("verdict", row["verdict"], lang),
              "check": label("check", row["check"], lang),
              "explanation": explanation(row, lang),
              "back": [{"id": rid, "anchor": record_anchor(rid)}
                       for rid in row["indicator_ids"].split(";")]}
             for row in notes.to_dict("records")]
    return render_template("article_notes.html.j2", notes=items)
