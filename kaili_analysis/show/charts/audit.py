"""The consistency audit of the article's figures: findings per check, by verdict.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
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
    _start,
    _text,
    _w,
    _wrap,
)
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
        An Axes to draw into; ``zh`` / ``en``; default title "数据一致性核查结果".

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
    counts = (findings.assign(check=findings["check"].map(_text),
                              verdict=findings["verdict"].map(_text))
              .groupby(["check", "verdict"]).size().unstack(fill_value=0)
              .reindex(index=checks, columns=verdicts, fill_value=0))

    ax = _new_axes(ax, 7.2, _height(check_names, extra=1.9))
    y = np.arange(len(checks))
    left = np.zeros(len(checks))
    for verdict in verdicts:
        part = counts[verdict].to_numpy(dtype=float)
        bars = ax.barh(y, part, left=left, height=0.6, label=_cap(verdict_names[verdict]),
                       color=theme.VERDICT_COLORS.get(verdict, "#777777"), edgecolor="white")
        ax.bar_label(bars, labels=[str(int(v)) if v else "" for v in part],
                     label_type="center", color="white", fontsize=10, fontweight="bold")
        left += part
    for pos, total in zip(y, left, strict=True):
        ax.text(total + 0.2, pos, f"{int(total)}", va="center", fontsize=10, color="#333333")
    ax.set_yticks(y, check_names)
    ax.invert_yaxis()
    ax.set_xlim(0, left.max() * 1.12 + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(_w("findings_axis", lang))
    ax.grid(axis="y", visible=False)
    ncol = len(verdicts) if len(verdicts) <= 3 else 2
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=ncol, frameon=False,
              borderaxespad=0.2, handlelength=1.2)
    rows = -(-len(verdicts) // ncol)
    text = _w("audit_title", lang) if title is None else title
    if text:  # above the legend, however many rows it has
        ax.set_title(text, pad=12 + 18 * rows)
    return ax
