"""The consistency audit of the article's figures: findings per check, by verdict.
"""

from __future__ import annotations

import pandas as pd
import seaborn as sns
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from kaili_analysis.analysis.audit import CLAIM_VERDICTS, GOAL_VERDICTS
from kaili_analysis.errors import ParameterError
from kaili_analysis.show import theme
from kaili_analysis.show.charts._common import (
    _cap,
    _height,
    _new_axes,
    _require,
    _rows,
    _start,
    _text,
    _wrap,
)
from kaili_analysis.show.words import catalogue
from kaili_analysis.show.words.catalogue import label

_VERDICTS = CLAIM_VERDICTS + GOAL_VERDICTS


@theme.styled
def audit_summary(
    findings: pd.DataFrame,
    *,
    ax: Axes | None = None,
    lang: str = "zh",
    title: str | None = None,
) -> Axes:
    """Number of audit findings per check, stacked by verdict.

    Parameters
    ----------
    findings
        :func:`~kaili_analysis.run_audit`: columns check and verdict (others ignored).
    ax, lang, title
        An Axes to draw into; ``zh`` / ``en``; default title ``chart.audit_title``
        of the word catalogue.

    Returns
    -------
    matplotlib.axes.Axes
        One horizontal bar per check (in the findings' order; y tick labels are the i18n
        check words), one segment per verdict from the most serious (inconsistent) to
        consistent, in fixed colours (:data:`kaili_analysis.show.theme.VERDICT_COLORS`), each
        labelled with its count. Pass the claims (``subject == "claim"``) to leave the
        forward goals out.
    """
    _start(lang)
    _require(findings, "findings", ("check", "verdict"), "the output of run_audit()")
    checks = list(dict.fromkeys(_text(c) for c in findings["check"]))
    verdicts = [v for v in _VERDICTS if v in set(findings["verdict"])]
    verdicts += [v for v in dict.fromkeys(_text(v) for v in findings["verdict"])
                 if v not in verdicts]
    try:
        check_names = [_wrap(_cap(label("check", c, lang)), lang, 14 if lang == "zh" else 26)
                       for c in checks]
        verdict_names = {v: label("verdict", v, lang) for v in verdicts}
    except ParameterError as exc:
        raise ParameterError(f"findings: {exc}") from None
    tidy = pd.DataFrame({"row": findings["check"].map(_text).map(checks.index),
                         "verdict": findings["verdict"].map(_text).map(verdict_names)})
    names = [verdict_names[v] for v in verdicts]
    ax = _new_axes(ax, 7.2, _height(check_names, extra=1.9))
    # findings counted per check; seaborn stacks the last hue level first, so the most
    # serious verdict stands on the left
    sns.histplot(tidy, y="row", hue="verdict", hue_order=names[::-1],
                 palette={verdict_names[v]: theme.VERDICT_COLORS.get(v, "#777777")
                          for v in verdicts},
                 multiple="stack", discrete=True, shrink=0.6, edgecolor="white", alpha=1,
                 ax=ax)
    bars = list(ax.containers)  # one per verdict, in the order of ``verdicts``
    for container in bars:
        ax.bar_label(container, labels=[str(round(p.get_width())) if p.get_width() else ""
                                        for p in container],
                     label_type="center", color="white", fontsize=10, fontweight="bold")
    totals = tidy["row"].value_counts().reindex(range(len(checks)), fill_value=0)
    for pos, total in totals.items():
        ax.text(total + 0.2, pos, f"{total}", va="center", fontsize=10, color="#333333")
    _rows(ax, check_names, 0.6)
    ax.set_xlim(0, totals.max() * 1.12 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(catalogue.text("chart.findings_axis", lang))
    ax.grid(axis="y", visible=False)
    ncol = len(verdicts) if len(verdicts) <= 3 else 2
    ax.legend(bars, [_cap(n) for n in names], loc="lower left", bbox_to_anchor=(0, 1.0),
              ncol=ncol, frameon=False,
              borderaxespad=0.2, handlelength=1.2)
    rows = -(-len(verdicts) // ncol)
    text = catalogue.text("chart.audit_title", lang) if title is None else title
    if text:  # above the legend, however many rows it has
        ax.set_title(text, pad=12 + 18 * rows)
    return ax
