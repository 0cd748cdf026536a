"""The words of the reports and a small helper that shows them in a notebook.

Report notebooks stay thin: every heading and sentence comes from :data:`TEXT` in the report
language, and every number in a sentence is filled in from the data by the caller
(``page.say("overview.intro", n_records=len(ind))``), never typed into the text.

>>> page = Page("en")                                   # doctest: +SKIP
>>> page.h2("overview.title")                           # doctest: +SKIP
>>> page.table(kaili_analysis.tables.indicator_table(ind, "en"))   # doctest: +SKIP
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pandas as pd

from .errors import ParameterError
from .i18n import check_lang

__all__ = ["TEXT", "Page", "text"]

#: Report prose by key: (zh, en). ``{name}`` fields are filled from the data.
TEXT: dict[str, tuple[str, str]] = {
    # shared
    "source": (
        "资料来源：{title}（凯里市委宣传部供图），共{n_records}条数量表述，每条均附原文。",
        "Source: the article {title} (photos: Kaili Municipal Party Committee Publicity "
        "Department); {n_records} quantitative statements, each with the words that state it.",
    ),
    "no_records": ("本节没有数量表述。", "This section states no figures."),
    "charts": ("图表", "Charts"),
    "records": ("全部数量表述", "All statements with figures"),
    "quote_note": ("“原文”一列为文章原句（已去除换行）。",
                   "The Quote column gives the article's own words (line breaks removed)."),
    # overview
    "overview.intro": (
        "本报告按文章的章节，汇总凯里市“十三五”（2016—2020年）时期的数量表述：{n_sections}个"
        "章节、{n_records}条记录，其中{n_review}条回顾“十三五”成就，{n_goals}条为2021—2025年目标，"
        "{n_projects}条为2022年民生实事任务。",
        "This report walks through the article section by section: {n_sections} sections, "
        "{n_records} records, of which {n_review} review the 13th Five-Year Plan period "
        "(2016-2020), {n_goals} set goals for 2021-2025 and {n_projects} are 2022 "
        "livelihood commitments.",
    ),
    "overview.section": ("本节共{n}条数量表述。", "This section states {n} figures."),
    "growth_rates": ("年均增速", "Average annual growth"),
    # targets
    "targets.intro": (
        "文章为2021—2025年设定了{n_goals}项目标，其中{n_quant}项有数值。以{base_year}年为基期、"
        "{target_year}年为目标年：{n_base}项目标在文中有基期值，{n_history}项可与“十三五”增速比较，"
        "{n_nobase}项因文中没有基期值而无法推算。文中没有的数值一律不作假设。",
        "The article sets {n_goals} goals for 2021-2025, {n_quant} of them with a number. "
        "With {base_year} as the base year and {target_year} as the target year, {n_base} goals "
        "have a base value in the article, {n_history} can be compared with a 2016-2020 rate, "
        "and {n_nobase} cannot be projected because the article gives no base. Nothing the "
        "article does not state is assumed.",
    ),
    "targets.table": ("目标一览", "The goals at a glance"),
    "targets.rates": ("所需增速与“十三五”实际增速", "Required rates against 2016-2020"),
    "targets.paths": ("{base_year}—{target_year}年路径", "Paths {base_year}-{target_year}"),
    "targets.paths_note": (
        "有基期值的目标画水平值；没有基期值的画指数（{base_year}年=100），只比较增速。",
        "Goals with a base are drawn as levels; goals without one as an index "
        "({base_year} = 100), which compares rates only.",
    ),
    "targets.scenario": ("自定义情景：{rates}。", "User scenario: {rates}."),
    "targets.missing": ("无法计算的目标", "What cannot be computed"),
    "targets.missing_note": ("下列目标在文中没有{base_year}年基期值或没有数值：",
                             "These goals have no {base_year} base in the article, or no "
                             "number:"),
    # audit
    "audit.intro": (
        "对文章自身的数字做交叉核对（容差{tolerance_pp}个百分点）：共{n_findings}项结果，"
        "其中{n_inconsistent}项不一致、{n_unverifiable}项无法核验、{n_consistent}项一致。",
        "The article's figures checked against each other (tolerance {tolerance_pp} "
        "percentage points): {n_findings} findings, {n_inconsistent} inconsistent, "
        "{n_unverifiable} unverifiable and {n_consistent} consistent.",
    ),
    "audit.summary": ("结果概览", "Summary"),
    "audit.check_intro": ("本类共{n}项，其中不一致{n_bad}项。",
                          "{n} findings in this check, {n_bad} inconsistent."),
    # section profile
    "section.intro": (
        "本节共{n}条数量表述，涉及{n_topics}个主题；相关目标{n_targets}项，相关核查结果{n_findings}项。",
        "This section states {n} figures on {n_topics} topics; {n_targets} related goals "
        "and {n_findings} related audit findings.",
    ),
    "section.targets": ("相关目标", "Related goals"),
    "section.audit": ("相关核查结果", "Related audit findings"),
    "section.none": ("无。", "None."),
    # livelihood
    "livelihood.intro": (
        "2022年凯里市实施{n_projects}件民生实事，其中{n_quantified}件有数量任务，共{n_commitments}项；"
        "{n_comparable}项可与“十三五”时期的同类累计数比较。",
        "For 2022 Kaili lists {n_projects} livelihood projects; {n_quantified} of them "
        "carry quantified commitments, {n_commitments} in all; {n_comparable} can be compared "
        "with a 2016-2020 total of the same activity.",
    ),
    "livelihood.unquantified": ("第{numbers}件没有数量任务，未列入下表。",
                                "Project(s) {numbers} commit to no number and are not listed."),
    "livelihood.table": ("任务清单", "Commitments"),
    "livelihood.history": ("与“十三五”年均完成量比较", "Against the 2016-2020 yearly average"),
    "livelihood.progress": ("完成进度", "Progress"),
    "livelihood.progress_note": (
        "进度数据来自用户提供的文件 {path}，共{n}项（{as_of}）。",
        "Progress figures come from the user's file {path}: {n} commitments ({as_of}).",
    ),
    # explore
    "explore.intro": (
        "本笔记本演示如何在自己的笔记本中使用 kaili_analysis：载入数据、换算单位、计算增速、"
        "做目标推算和核查。",
        "This notebook shows how to use kaili_analysis in your own notebooks: load the data, "
        "convert units, compute growth, project toward the goals and audit the figures.",
    ),
    "explore.load": ("载入数据", "Load the data"),
    "explore.units": ("单位换算", "Units"),
    "explore.growth": ("复合增长", "Compound growth"),
    "explore.targets": ("目标推算", "Targets"),
    "explore.audit": ("核查", "Audit"),
    "explore.plot": ("作图", "Charts"),
}


def text(key: str, lang: str, **values: Any) -> str:
    """Return the sentence ``key`` in ``lang`` with ``values`` filled in.

    Raises
    ------
    ParameterError
        If the key is unknown, the language is not zh/en, or a field is missing.
    """
    check_lang(lang)
    if key not in TEXT:
        raise ParameterError(f"unknown report text {key!r}")
    template = TEXT[key][0 if lang == "zh" else 1]
    try:
        return template.format(**values)
    except KeyError as exc:
        raise ParameterError(f"report text {key!r} needs the value {exc.args[0]!r}") from None


class Page:
    """Shows headings, sentences, tables and figures of one report in one language.

    Parameters
    ----------
    lang
        ``zh`` or ``en``.
    theme
        Check on creation that a Chinese font is installed, which the library's charts
        draw with (:func:`.theme.chart_style`); ``matplotlib.rcParams`` are left alone.
    """

    def __init__(self, lang: str, *, theme: bool = True) -> None:
        self.lang = check_lang(lang)
        if theme:
            from .theme import find_cjk_font

            find_cjk_font()

    def _show(self, obj: Any) -> None:
        from IPython.display import display

        display(obj)

    def t(self, key: str, **values: Any) -> str:
        """The sentence ``key`` in this page's language (see :func:`text`)."""
        return text(key, self.lang, **values)

    def h2(self, key_or_text: str, **values: Any) -> None:
        """A section heading (a text key, or literal text such as a section title)."""
        self._heading(2, key_or_text, values)

    def h3(self, key_or_text: str, **values: Any) -> None:
        """A sub-heading."""
        self._heading(3, key_or_text, values)

    def _heading(self, level: int, key_or_text: str, values: dict) -> None:
        from IPython.display import Markdown

        words = self.t(key_or_text, **values) if key_or_text in TEXT else key_or_text
        if self.lang == "en":  # labels are lower case in running text, headings are not
            words = words[:1].upper() + words[1:]
        self._show(Markdown(f"{'#' * level} {words}"))

    def say(self, key: str, **values: Any) -> None:
        """A paragraph from :data:`TEXT`."""
        from IPython.display import Markdown

        self._show(Markdown(self.t(key, **values)))

    def table(self, frame: pd.DataFrame) -> None:
        """A display table (strings, see :mod:`kaili_analysis.tables`) without its index."""
        from IPython.display import HTML

        self._show(HTML(frame.to_html(index=False, escape=True, classes="kaili-table",
                                      border=0, na_rep="—")))

    def figure(self, obj: Any) -> None:
        """Show a matplotlib Figure or Axes, drawn once (:func:`.figures.png`), and close it.

        For the charts of :mod:`kaili_analysis.plots` prefer :meth:`plot`, which can reuse an
        image drawn before.
        """
        import matplotlib.pyplot as plt

        from .figures import png

        fig = getattr(obj, "figure", obj)
        if not hasattr(fig, "savefig"):
            raise ParameterError(f"figure expects a matplotlib Figure or Axes, got {obj!r}")
        try:
            data = png(fig)
        finally:
            plt.close(fig)
        self._png(data)

    def plot(self, function: Callable[..., Any] | str, *args: Any, **kwargs: Any) -> None:
        """Show the chart ``function(*args, lang=<page language>, **kwargs)``.

        ``function`` is a chart function of :mod:`kaili_analysis.plots` or its name. The image
        comes from the figure cache when the same call was drawn before with the same data,
        theme, fonts and library versions (:func:`.figures.cached_png`).

        Raises
        ------
        ParameterError
            If ``function`` names no chart function, or the chart refuses its arguments.
        """
        from . import plots
        from .figures import cached_png

        if isinstance(function, str):
            if function not in plots.__all__:
                raise ParameterError(f"plot: unknown chart function {function!r}; choose "
                                     f"one of {', '.join(sorted(plots.__all__))}")
            function = getattr(plots, function)
        if not callable(function):
            raise ParameterError(f"plot expects a chart function or its name, got {function!r}")
        kwargs.setdefault("lang", self.lang)
        self._png(cached_png(function, *args, **kwargs))

    def _png(self, data: bytes) -> None:
        """Show a PNG; its text alternative (:func:`.figures.png_description`) becomes the
        ``alt`` of the image in the HTML report."""
        from IPython.display import Image

        from .figures import png_description

        alt = png_description(data)
        self._show(Image(data=data, format="png", metadata={"alt": alt} if alt else None))

    def note(self, words: str) -> None:
        """A small note (escaped, in italics)."""
        from IPython.display import HTML

        self._show(HTML(f"<p class='kaili-note'><em>{html.escape(words)}</em></p>"))

    def chart(self, chart: Any) -> None:
        """Draw a :class:`kaili_analysis.views.Chart` (through :meth:`plot`)."""
        kwargs = dict(chart.kwargs)
        key = kwargs.pop("title_key", None)
        if key:
            kwargs["title"] = self.t(key)
        self.plot(chart.function, chart.data, **kwargs)

    def section(self, ind: pd.DataFrame, section: pd.Series, *, quotes: bool = True) -> None:
        """One section of the article: its title, how many figures, its charts, its records.

        Parameters
        ----------
        ind
            :func:`kaili_analysis.load_indicators`.
        section
            A row of :func:`kaili_analysis.load_sections`.
        quotes
            Show the quote of every record.
        """
        from .tables import indicator_table
        from .views import section_charts, section_records

        rows = section_records(ind, section["id"])
        self.h2(section[f"title_{self.lang}"])
        if rows.empty:
            self.say("no_records")
            return
        self.say("overview.section", n=len(rows))
        for chart in section_charts(ind, section["id"]):
            self.chart(chart)
        self.table(indicator_table(rows, self.lang, quotes=quotes))
