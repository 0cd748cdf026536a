"""A small helper that shows the reports' words, charts and tables in a notebook.

Report notebooks stay thin: every computed sentence comes from the word catalogue
(:mod:`kaili_analysis.show.words.catalogue`) in the report language, and every
number in a sentence is filled in from the data by the caller
(``page.say("overview.intro", n_records=len(ind))``), never typed into the text.

>>> page = Page("en")                                   # doctest: +SKIP
>>> page.h2("overview.title")                           # doctest: +SKIP
>>> page.table(kaili_analysis.show.tables.display.indicators_display(ind, "en"))   # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kaili_analysis.config import check_lang
from kaili_analysis.errors import ParameterError
from kaili_analysis.show.escape import escape_html, escape_markdown
from kaili_analysis.show.words.catalogue import has, text

__all__ = ["Page", "SvgChart"]

def _is_number(value: Any) -> bool:
    """A count or measure (kept as a number for plural forms; it carries no markup)."""
    import numbers

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
            from kaili_analysis.show.theme import find_cjk_font

            find_cjk_font()

    def _show(self, obj: Any) -> None:
        from IPython.display import display

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

    def h2(self, key_or_text: str, **values: Any) -> None:
        """A section heading (a text key, or literal text such as a section title)."""
        self._heading(2, key_or_text, values)

    def h3(self, key_or_text: str, **values: Any) -> None:
        """A sub-heading."""
        self._heading(3, key_or_text, values)

    def _heading(self, level: int, key_or_text: str, values: dict) -> None:
        from IPython.display import Markdown

        if has(key_or_text):
            words = self._markdown(key_or_text, values)
        else:  # literal text, e.g. a section title from the data
            words = escape_markdown(key_or_text)
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
        from IPython.display import Markdown

        if not has(key):
            raise ParameterError(f"say: unknown report text {key!r}; say takes a key of the "
                                 "word catalogue (kaili_analysis/show/words/en.toml); for words "
                                 "of your own use page.write(...)")
        self._show(Markdown(self._markdown(key, values)))

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
        from IPython.display import HTML

        if not isinstance(words, str):
            raise ParameterError(f"write expects text (a str), got {type(words).__name__}")
        paragraphs = [p.strip() for p in words.replace("\r\n", "\n").split("\n\n")]
        body = "".join(f"<p class='kaili-text'>{escape_html(p)}</p>" for p in paragraphs if p)
        if body:
            self._show(HTML(body))

    def table(self, frame: pd.DataFrame) -> None:
        """A display table (strings, see :mod:`kaili_analysis.show.tables.display`), no index."""
        from IPython.display import HTML

        from kaili_analysis.show.tables.html import has_links, table_html

        if has_links(frame):  # quotes that lead to the article, anchored rows
            self._show(HTML(table_html(frame)))
            return
        self._show(HTML(frame.to_html(index=False, escape=True, classes="kaili-table",
                                      border=0, na_rep="—")))

    def figure(self, obj: Any) -> None:
        """Show a matplotlib Figure or Axes as SVG, drawn once
        (:func:`kaili_analysis.show.charts.images.svg`), and close it.

        For the charts of :mod:`kaili_analysis.show.charts` prefer :meth:`plot`, which can reuse an
        image drawn before.
        """
        import matplotlib.pyplot as plt

        from kaili_analysis.show.charts.images import svg

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
        from kaili_analysis.show.charts.images import svg_description

        self._show(SvgChart(data, svg_description(data)))

    def note(self, words: str) -> None:
        """A small note (escaped, in italics)."""
        from IPython.display import HTML

        self._show(HTML(f"<p class='kaili-note'><em>{escape_html(words)}</em></p>"))

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
        from kaili_analysis.show.pages.views import section_charts, section_records
        from kaili_analysis.show.tables.display import indicators_display

        rows = section_records(ind, section["id"])
        self.h2(section[f"title_{self.lang}"])
        if rows.empty:
            if count:
                self.say("no_records")
            return
        if count:
            self.say("overview.section", n=len(rows))
        for chart in section_charts(ind, section["id"]):
            self.chart(chart)
        self.table(indicators_display(rows, self.lang, quotes=quotes))
