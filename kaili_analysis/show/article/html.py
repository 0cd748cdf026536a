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
in the report's language. Every value is escaped on its way into the page.
"""

from __future__ import annotations

import pandas as pd

from kaili_analysis.config import check_lang
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.escape import escape_html as _esc
from kaili_analysis.show.links import overview_href, record_anchor
from kaili_analysis.show.words.catalogue import label
from kaili_analysis.show.words.findings import explanation

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




def _words(zh: str, en: str, lang: str) -> str:
    return zh if lang == "zh" else en


def _require(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in getattr(frame, "columns", ())]
    if missing:
        raise ParameterError(f"{name} is missing column(s) {', '.join(missing)}; expected the "
                             "output of kaili_analysis.show.article.view")


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
    _require(counts, "counts", ["status", "name", "n"])
    items, colon = [], _words("：", ": ", lang)
    for row in counts.to_dict("records"):
        if row["status"] == "uncovered" and not row["n"]:
            continue  # nothing to explain
        sample = _SAMPLE.get(row["status"], "0")
        items.append(f'<li><span class="ka-tok {_CLASS.get(row["status"], "")}" lang="zh">'
                     f'{_esc(sample)}</span> {_esc(row["name"])}{colon}<strong>{int(row["n"])}'
                     "</strong></li>")
    total = int(counts["n"].sum())
    words = _words(
        f"全文共有{total}个数字（与完整性核对的计数相同）。把鼠标停在数字上可看到其含义；"
        "数据记录链接到概览报告中列出它的那一行，存疑的记录后面的上标编号指向文末的核查说明。",
        f"The article holds {total} numeric tokens in all (the completeness check's count). "
        "Hover over a number to see what it is; a record links to the row of the overview "
        "that lists it, and the superscript number after a questioned record leads to the "
        "audit's note at the end.", lang)
    return f'<ul class="ka-legend">{"".join(items)}</ul><p>{_esc(words)}</p>'


def _mark(tok: dict, text: str, notes: dict[str, int], lang: str) -> str:
    status = tok["status"]
    title = f' title="{_esc(tok["title"])}"'
    if status in ("record", "flagged"):
        ids = tok["record_ids"].split(";")
        anchors = set(filter(None, tok["anchor_ids"].split(";")))
        extra = "".join(f'<span id="{record_anchor(rid)}" data-record="{_esc(rid)}"></span>'
                        for rid in ids[1:] if rid in anchors)
        own = f' id="{record_anchor(ids[0])}"' if ids[0] in anchors else ""
        verdict = f" ka-{_esc(tok['verdict'])}" if tok["verdict"] else ""
        mark = (f'{extra}<a class="ka-tok {_CLASS[status]}{verdict}"{own} '
                f'data-record="{_esc(ids[0])}" href="{_esc(overview_href(ids[0], lang))}"'
                f"{title}>{_esc(text)}</a>")
        numbers = sorted({notes[f] for f in tok["finding_ids"].split(";") if f in notes})
        if numbers:
            refs = ",".join(f'<a href="#ka-note-{n}">{n}</a>' for n in numbers)
            mark += f'<sup class="ka-note">{refs}</sup>'
        return mark
    if status == "excluded":
        return (f'<span class="ka-tok ka-ex" data-excluded="{_esc(tok["category"])}"'
                f"{title}>{_esc(text)}</span>")
    return f'<span class="ka-tok ka-un"{title}>{_esc(text)}</span>'


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
    _require(paragraphs, "paragraphs", ["paragraph", "text", "role"])
    _require(tokens, "tokens", ["paragraph", "start", "end", "status", "record_ids",
                                "anchor_ids", "finding_ids", "verdict", "category", "title"])
    numbers = ({} if notes is None else
               dict(zip(notes["id"], notes["note"], strict=True)))
    by_para: dict[int, list[dict]] = {}
    for tok in tokens.sort_values(["paragraph", "start"]).to_dict("records"):
        by_para.setdefault(int(tok["paragraph"]), []).append(tok)
    out = []
    for para in paragraphs.to_dict("records"):
        text, pos, parts = para["text"], 0, []
        for tok in by_para.get(int(para["paragraph"]), []):
            start, end = int(tok["start"]), int(tok["end"])
            if not pos <= start < end <= len(text):
                raise ParameterError(f"token {tok.get('token', '')!r} at [{start}, {end}) of "
                                     f"paragraph {para['paragraph']} overlaps another or lies "
                                     "outside the paragraph; pass tokens of the same article")
            parts.append(_esc(text[pos:start]))
            parts.append(_mark(tok, text[start:end], numbers, lang))
            pos = end
        parts.append(_esc(text[pos:]))
        tag = "h3" if para["role"] == "heading" else "p"
        cls = ' class="ka-h"' if tag == "h3" else ""
        out.append(f'<{tag} id="ka-p{int(para["paragraph"])}"{cls}>{"".join(parts)}</{tag}>')
    return (f"<style>{ARTICLE_CSS}</style>"
            f'<div class="ka-article" lang="zh">{"".join(out)}</div>')


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
    _require(notes, "notes", ["note", "check", "verdict", "indicator_ids", "explanation_key",
                              "explanation_values"])
    items = []
    for row in notes.to_dict("records"):
        back = " ".join(f'<a class="ka-back" href="#{record_anchor(rid)}">↑{_esc(rid)}</a>'
                        for rid in row["indicator_ids"].split(";"))
        items.append(
            f'<li id="ka-note-{int(row["note"])}"><strong>'
            f'{_esc(label("verdict", row["verdict"], lang))}</strong> '
            f'({_esc(label("check", row["check"], lang))}). '
            f'{_esc(explanation(row, lang))} {back}</li>')
    return f'<ol class="ka-notes">{"".join(items)}</ol>'
