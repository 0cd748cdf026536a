"""A small helper that shows the reports' computed words, charts and tables in a notebook.

A report notebook carries its headings and fixed prose in Markdown cells, one per language
(tagged ``lang-zh`` / ``lang-en``). What a code cell shows comes through a :class:`Page`:
every sentence with a computed value is an entry of the word catalogue
(:mod:`kaili_analysis.show.words.catalogue`) in the report language, its numbers filled in
from the data by the caller (``page.say("overview.section", n=len(rows))``), never typed into
the text. Literal text, such as a section title from the data or words of your own, goes
through :meth:`Page.heading` and :meth:`Page.write`.

>>> page = Page("en")                                                   # doctest: +SKIP
>>> page.h2("targets.paths", base_year=2020, horizon=2025)              # doctest: +SKIP
>>> page.heading("Industry")                                            # doctest: +SKIP
>>> page.table(kaili_analysis.show.tables.display.indicators_display(ind, "en"))  # doctest: +SKIP
"""

from __future__ import annotations

import numbers
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kaili_analysis.config import check_lang
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.escape import escape_markdown
from kaili_analysis.show.pages.views import section_charts, section_records
from kaili_analysis.show.tables.display import indicators_display
from kaili_analysis.show.tables.html import table_html
from kaili_analysis.show.templates import render_template
from kaili_analysis.show.theme import find_cjk_font
from kaili_analysis.show.words.catalogue import has, text

__all__ = ["Page", "SvgChart"]

def _is_number(value: Any) -> bool:
    """A count or measure (kept as a number for plural forms; it carries no markup)."""
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


@dataclass(frozen=True)
class SvgChart:
    """An SVG chart as IPython displays it: ``image/svg+xml`` with its ``alt`` text."""

    data: bytes
    alt: str = ""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict, dict]:
        mime = "image/svg+xml"
        bundle = {mime: self.data.decode("utf-8"), "text/plain": self.alt or "<chart>"}
        return bundle, ({mime: {"alt": self.alt}} if self.alt else {})


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
            find_cjk_font()

    def _show(self, obj: Any) -> None:
        from IPython.display import display  # IPython: loaded by the kernel, not by the library

        display(obj)

    def t(self, key: str, **values: Any) -> str:
        """The sentence ``key`` in this page's language, unescaped (see
        :func:`kaili_analysis.show.words.catalogue.text`)."""
        return text(key, self.lang, **values)

    def _markdown(self, key: str, values: dict[str, Any]) -> str:
        """The sentence ``key`` with every value escaped for Markdown: the words of
        the catalogue are the package's own, the values come from data, files and parameters."""
        return self.t(key, **{name: v if _is_number(v) else escape_markdown(v)
                              for name, v in values.items()})

    def h2(self, key: str, **values: Any) -> None:
        """A section heading: the catalogue entry ``key`` with ``values`` filled in (escaped).

        Fixed headings belong in the notebook's Markdown cells; this is for headings with a
        computed value (``page.h2("targets.paths", base_year=2020, horizon=2025)``). For text
        of your own or from the data, such as a section title, use :meth:`heading`.

        Raises
        ------
        ParameterError
            If ``key`` is not a key of the catalogue, or a value it needs is missing.
        """
        self._show_heading(2, self._catalogue("h2", key, values))

    def h3(self, key: str, **values: Any) -> None:
        """A sub-heading from the catalogue entry ``key`` (see :meth:`h2`)."""
        self._show_heading(3, self._catalogue("h3", key, values))

    def heading(self, words: str, level: int = 2) -> None:
        """A heading of literal text (a section title from the data, words of your own),
        escaped: Markdown signs and markup stay visible characters. On an English page its
        first letter is written upper case, as for every heading of the page.

        Parameters
        ----------
        words
            Plain text, in any language.
        level
            1, 2 or 3 (``#``, ``##``, ``###``).

        Raises
        ------
        ParameterError
            If ``words`` is not a string or ``level`` is not 1, 2 or 3.
        """
        if not isinstance(words, str):
            raise ParameterError(f"heading: words must be text (a str), got "
                                 f"{type(words).__name__}")
        if isinstance(level, bool) or level not in (1, 2, 3):
            raise ParameterError(f"heading: level must be 1, 2 or 3, got {level!r}")
        self._show_heading(level, escape_markdown(words))

    def _catalogue(self, method: str, key: str, values: dict[str, Any]) -> str:
        """The entry ``key`` with its values escaped for Markdown (see :meth:`_markdown`), or
        an error that names the method and the way out."""
        if not isinstance(key, str) or not has(key):
            raise ParameterError(f"{method}: unknown report text {key!r}; {method} takes a key "
                                 "of the word catalogue (kaili_analysis/show/words/en.toml); "
                                 "for words of your own use page.heading(...) or page.write(...)")
        return self._markdown(key, values)

    def _show_heading(self, level: int, words: str) -> None:
        from IPython.display import Markdown  # IPython: loaded by the kernel, not by the library

        if self.lang == "en":  # labels are lower case in running text, headings are not
            words = words[:1].upper() + words[1:]
        self._show(Markdown(f"{'#' * level} {words}"))

    def say(self, key: str, **values: Any) -> None:
        """A paragraph of the word catalogue in this page's language; the values are escaped
        (shown as plain text). See :meth:`write` for words of your own.

        Raises
        ------
        ParameterError
            If ``key`` is not a key of the catalogue, or a value it needs is missing.
        """
        from IPython.display import Markdown  # IPython: loaded by the kernel, not by the library

        self._show(Markdown(self._catalogue("say", key, values)))

    def write(self, words: str) -> None:
        """Your own words as paragraphs of the page, shown exactly as written.

        The text is escaped (``<``, ``&`` and Markdown signs stay visible characters, no
        markup is interpreted); a blank line starts a new paragraph. Use it in any language.

        Parameters
        ----------
        words
            Plain text.

        Raises
        ------
        ParameterError
            If ``words`` is not a string.
        """
        from IPython.display import HTML  # IPython: loaded by the kernel, not by the library

        if not isinstance(words, str):
            raise ParameterError(f"write expects text (a str), got {type(words).__name__}")
        paragraphs = [p.strip() for p in words.replace("\r\n", "\n").split("\n\n")]
        if any(paragraphs):
            self._show(HTML(render_template("page_text.html.j2",
                                            paragraphs=[p for p in paragraphs if p])))

    def table(self, frame: pd.DataFrame) -> None:
        """A display table (strings, see :mod:`kaili_analysis.show.tables.display`), no index.

        Every table of a page comes from one template (:func:`.tables.html.table_html`): its
        heads are column heads (``scope="col"``), a missing value shows as an em dash, and
        quotes lead to the article where the table carries links.

        Raises
        ------
        ParameterError
            If ``frame`` is not a DataFrame.
        """
        from IPython.display import HTML  # IPython: loaded by the kernel, not by the library

        self._show(HTML(table_html(frame)))

    def figure(self, obj: Any) -> None:
        """Show a matplotlib Figure or Axes as SVG, drawn once
        (:func:`kaili_analysis.show.charts.images.svg`), and close it.

        For the charts of :mod:`kaili_analysis.show.charts` prefer :meth:`plot`, which can reuse an
        image drawn before.
        """
        import matplotlib.pyplot as plt  # matplotlib: only for pages that draw

        from kaili_analysis.show.charts.images import svg  # the charts package loads matplotlib

        fig = getattr(obj, "figure", obj)
        if not hasattr(fig, "savefig"):
            raise ParameterError(f"figure expects a matplotlib Figure or Axes, got {obj!r}")
        try:
            data = svg(fig)
        finally:
            plt.close(fig)
        self._svg(data)

    def plot(self, function: Callable[..., Any] | str, *args: Any, **kwargs: Any) -> None:
        """Show the chart ``function(*args, lang=<page language>, **kwargs)`` as SVG.

        ``function`` is a chart function of :mod:`kaili_analysis.show.charts` or its name. The image
        comes from the figure cache when the same call was drawn before with the same data,
        theme, fonts and library versions (:func:`.figures.cached_svg`).

        Raises
        ------
        ParameterError
            If ``function`` names no chart function, or the chart refuses its arguments.
        """
        # the charts package loads matplotlib: only for pages that draw
        from kaili_analysis.show import charts as plots
        from kaili_analysis.show.charts.figures import cached_svg

        if isinstance(function, str):
            if function not in plots.__all__:
                raise ParameterError(f"plot: unknown chart function {function!r}; choose "
                                     f"one of {', '.join(sorted(plots.__all__))}")
            function = getattr(plots, function)
        if not callable(function):
            raise ParameterError(f"plot expects a chart function or its name, got {function!r}")
        kwargs.setdefault("lang", self.lang)
        self._svg(cached_svg(function, *args, **kwargs))

    def _svg(self, data: bytes) -> None:
        """Show an SVG chart; its text alternative
        (:func:`kaili_analysis.show.charts.images.svg_description`) becomes the ``alt`` of the
        image in the HTML report."""
        from kaili_analysis.show.charts.images import svg_description  # loads matplotlib

        self._show(SvgChart(data, svg_description(data)))

    def note(self, words: str) -> None:
        """A small note (escaped, in italics)."""
        from IPython.display import HTML  # IPython: loaded by the kernel, not by the library

        self._show(HTML(render_template("page_note.html.j2", words=words)))

    def chart(self, chart: Any) -> None:
        """Draw a :class:`kaili_analysis.show.pages.views.Chart` (through :meth:`plot`)."""
        kwargs = dict(chart.kwargs)
        key = kwargs.pop("title_key", None)
        if key:
            kwargs["title"] = self.t(key)
        self.plot(chart.function, chart.data, **kwargs)

    def section(self, ind: pd.DataFrame, section: pd.Series, *, quotes: bool = True,
                count: bool = True) -> None:
        """One section of the article: its title, how many figures, its charts, its records.

        Parameters
        ----------
        ind
            :func:`kaili_analysis.load_indicators`.
        section
            A row of :func:`kaili_analysis.load_sections`.
        quotes
            Show the quote of every record.
        count
            Say how many figures the section states (``False`` where the page has said it
            already, as the section profile's introduction does).
        """
        rows = section_records(ind, section["id"])
        self.heading(section[f"title_{self.lang}"])
        if rows.empty:
            if count:
                self.say("no_records")
            return
        if count:
            self.say("overview.section", n=len(rows))
        for chart in section_charts(ind, section["id"]):
            self.chart(chart)
        self.table(indicators_display(rows, self.lang, quotes=quotes))
