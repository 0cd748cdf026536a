"""One chart theme for every report, with a Chinese font that matplotlib can draw.

matplotlib ships no CJK font: without one, Chinese labels come out as empty boxes with
"Glyph … missing from font(s) DejaVu Sans" warnings, and ``seaborn.set_theme()`` resets the font
list even after one was configured. The theme is seaborn's "whitegrid" style *with* the Chinese
font in it, so the two cannot undo each other; :func:`find_cjk_font` finds the font (rebuilding
matplotlib's font cache once if the font was installed after the cache was written).

The library's charts draw inside :func:`chart_style`, a context: importing the package, creating
a :class:`~kaili_analysis.show.pages.page.Page` or drawing a library chart leaves
``matplotlib.rcParams`` as the author set them, so the author's own charts keep their own look.
To draw an own chart in the reports' style, use the same context; :func:`set_theme` applies it
to the whole process.

>>> from kaili_analysis.show import theme
>>> with theme.chart_style():   # doctest: +SKIP
...     fig, ax = plt.subplots()
...     ax.set_title("凯里市")
>>> theme.find_cjk_font()      # doctest: +SKIP
'Noto Sans CJK SC'

matplotlib and seaborn are imported inside the functions: importing this module is cheap.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from cycler import cycler

from kaili_analysis.errors import FontNotFoundError
from kaili_analysis.show.words.catalogue import words

__all__ = [
    "ALERT_COLOR",
    "BAR_COLOR",
    "PALETTE",
    "PREFERRED_FONTS",
    "SCENARIO_COLORS",
    "SECTOR_COLORS",
    "TRACK_COLOR",
    "VERDICT_COLORS",
    "FontNotFoundError",
    "chart_style",
    "find_cjk_font",
    "has_glyph",
    "set_theme",
    "styled",
    "theme_params",
    "theme_rc",
]


#: Simplified-Chinese families in order of preference. Names not listed here still qualify
#: if they end in "SC" / "CN" (or contain "CJK SC") and can draw every Chinese character of
#: the catalogue.
PREFERRED_FONTS: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Noto Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Sarasa Gothic SC",
    "Microsoft YaHei",
    "PingFang SC",
    "Heiti SC",
    "SimHei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Noto Serif SC",
    "AR PL UMing CN",
    "AR PL UKai CN",
    "Droid Sans Fallback",
)

_SC_NAME = re.compile(r"(?:\bCJK SC\b|\bSC\b|\bCN\b|\bGB\b)")

#: The seaborn palette of the reports (colour-blind safe, Okabe-Ito like).
PALETTE = "colorblind"
#: Fixed colours, so a verdict or a scenario looks the same in every chart.
VERDICT_COLORS: dict[str, str] = {
    "inconsistent": "#d55e00",
    "price_basis": "#cc78bc",
    "related_measures": "#0173b2",
    "unverifiable": "#a6a6a6",
    "consistent": "#029e73",
}
SCENARIO_COLORS: dict[str, str] = {
    "plan": "#0173b2",
    "history": "#de8f05",
    "user": "#cc78bc",
}
SECTOR_COLORS: dict[str, str] = {
    "primary": "#029e73",
    "secondary": "#0173b2",
    "tertiary": "#de8f05",
}
#: Colour of plain bars, and of the grey track behind 0-100 % gauges.
BAR_COLOR = "#0173b2"
TRACK_COLOR = "#e8e8e8"
#: Colour of highlighted text (a total that is not 100 %, a gap …).
ALERT_COLOR = "#d55e00"

_FONT: str | None = None
_APPLIED: dict[str, Any] | None = None
_PARAMS: dict[str, Any] | None = None
_F = TypeVar("_F", bound=Callable[..., Any])


def _font_path(manager: Any, family: str) -> Any:
    from matplotlib.font_manager import FontProperties  # heavy: importing the theme stays cheap

    return manager.findfont(FontProperties(family=family), fallback_to_default=False)


def _can_draw(manager: Any, family: str, text: str) -> bool:
    from matplotlib.font_manager import get_font  # heavy: importing the theme stays cheap

    try:
        font = get_font(_font_path(manager, family))
    except (ValueError, OSError, RuntimeError):
        return False
    return all(font.get_char_index(ord(ch)) != 0 for ch in text)


@functools.cache
def _probe() -> str:
    """Every Chinese character the Chinese catalogue writes: a chosen font must draw them all
    (simplified forms such as 凯 and 业 are absent from traditional-only fonts)."""
    text = "".join(words("zh").values())
    return "".join(sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff"}))


def _search(manager: Any) -> str | None:
    names = {entry.name for entry in manager.ttflist}
    for family in PREFERRED_FONTS:
        if family in names and _can_draw(manager, family, _probe()):
            return family
    for family in sorted(n for n in names if _SC_NAME.search(n)):
        if _can_draw(manager, family, _probe()):
            return family
    return None


def _rebuild() -> Any:
    """Rescan the system fonts, write a fresh cache and make matplotlib use it."""
    from matplotlib import font_manager  # heavy: importing the theme stays cheap

    manager = font_manager._load_fontmanager(try_read_cache=False)
    font_manager.fontManager = manager
    font_manager.findfont = manager.findfont
    font_manager.get_font_names = manager.get_font_names
    return manager


def find_cjk_font() -> str:
    """Return the family name of an installed Simplified-Chinese font known to matplotlib.

    Prefers "Noto Sans CJK SC" (Debian's fonts-noto-cjk), then the other families of
    :data:`PREFERRED_FONTS`, then any family named like a Simplified-Chinese font ("… SC",
    "… CN") that can draw a probe of Chinese characters. If none is known, matplotlib's font
    cache may predate the font: the cache is rebuilt once and the search repeated. The answer
    is remembered for the session.

    Returns
    -------
    str
        The family name, e.g. ``"Noto Sans CJK SC"``.

    Raises
    ------
    FontNotFoundError
        If no such font is installed; the message says how to install one.
    """
    global _FONT
    if _FONT is not None:
        return _FONT
    from matplotlib import font_manager  # heavy: importing the theme stays cheap

    found = _search(font_manager.fontManager)
    if found is None:
        found = _search(_rebuild())
    if found is None:
        import matplotlib  # heavy: importing the theme stays cheap

        cache = matplotlib.get_cachedir()
        raise FontNotFoundError(
            "no Simplified-Chinese font is known to matplotlib (looked for "
            f"{', '.join(PREFERRED_FONTS[:4])} … and any '… SC' family, after rebuilding the "
            "font cache once), so Chinese labels would be drawn as empty boxes. Install one — "
            "on Debian/Ubuntu: apt-get install fonts-noto-cjk — then clear matplotlib's font "
            f"cache (rm {cache}/fontlist-*.json) and restart the Python kernel"
        )
    _FONT = found
    return found


def has_glyph(family: str, char: str) -> bool:
    """Whether the font ``family`` has a glyph for every character of ``char``."""
    from matplotlib import font_manager  # heavy: importing the theme stays cheap

    return _can_draw(font_manager.fontManager, family, char)


def theme_rc(font: str) -> dict[str, Any]:
    """The rcParams :func:`set_theme` puts on top of seaborn's style, for the font ``font``.

    ``font.family`` and ``font.sans-serif`` are both ``[font, "DejaVu Sans"]``: the Chinese
    font draws everything it can, DejaVu Sans any glyph it lacks (per-glyph fallback), and
    code that asks for the generic "sans-serif" family gets the same list.
    """
    families = [font, "DejaVu Sans"]
    return {
        "font.family": families,
        "font.sans-serif": families,
        # U+2212 when the font has it (Noto Sans CJK SC does; SimHei does not)
        "axes.unicode_minus": has_glyph(font, "\u2212"),
        "figure.dpi": 110,
        "figure.figsize": (7.2, 4.2),
        "figure.facecolor": "white",
        "savefig.dpi": "figure",
        "savefig.bbox": "tight",
        "savefig.facecolor": "white",
        "pdf.fonttype": 42,
        "axes.titlesize": 13,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.titlepad": 10,
        "axes.labelsize": 11,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 10,
        "legend.frameon": False,
    }


def _watched_keys() -> list[str]:
    import seaborn as sns  # heavy: importing the theme stays cheap

    keys = set(sns.axes_style("whitegrid")) | set(sns.plotting_context("notebook"))
    return sorted(keys | {"axes.prop_cycle"})


def set_theme() -> None:
    """Apply the reports' chart theme: seaborn "whitegrid", "notebook" context, the
    colour-blind palette, the Chinese font and the rcParams of :func:`theme_rc`.

    The theme is the same for both report languages: the Chinese font also draws Latin
    text, and the English names of a few indicators keep Chinese terms. Idempotent: when
    the theme is still in force (nothing reset the font or style since), a second call only
    compares a few rcParams.

    This changes ``matplotlib.rcParams`` for the whole process, the author's own charts
    included: call it only to want exactly that. The charts of :mod:`kaili_analysis.show.charts`
    do not need it (they draw inside :func:`chart_style`).

    Raises
    ------
    FontNotFoundError
        If no Simplified-Chinese font is installed.
    """
    global _APPLIED
    import matplotlib as mpl  # heavy: importing the theme stays cheap

    if _APPLIED is not None and all(mpl.rcParams[k] == v for k, v in _APPLIED.items()):
        return
    import seaborn as sns  # heavy: importing the theme stays cheap

    font = find_cjk_font()
    rc = theme_rc(font)
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE, font=font, rc=rc)
    _APPLIED = {k: mpl.rcParams[k] for k in [*_watched_keys(), *rc]}


def theme_params() -> dict[str, Any]:
    """Every rcParam the reports' theme sets: seaborn's "whitegrid" style and "notebook"
    context, the colour-blind palette as the colour cycle, and :func:`theme_rc` for the Chinese
    font. Computed once; nothing global is changed.

    Raises
    ------
    FontNotFoundError
        If no Simplified-Chinese font is installed.
    """
    global _PARAMS
    if _PARAMS is None:
        import seaborn as sns  # heavy: importing the theme stays cheap

        params: dict[str, Any] = {}
        params.update(sns.axes_style("whitegrid"))
        params.update(sns.plotting_context("notebook"))
        params["axes.prop_cycle"] = cycler("color", sns.color_palette(PALETTE))
        params.update(theme_rc(find_cjk_font()))
        _PARAMS = params
    return dict(_PARAMS)


@contextmanager
def chart_style() -> Iterator[None]:
    """The reports' chart theme inside a ``with`` block; the rcParams it sets are as they were
    after it (also when it raises).

    Figures and artists created inside keep the theme's fonts, sizes and colours when they are
    drawn or saved later. Only the theme's own rcParams are restored, nothing else: the first
    figure of a Jupyter session loads the inline backend, which turns ``interactive`` on, and
    undoing that would keep every later figure of the session from showing. Both languages use
    the same theme.

    Raises
    ------
    FontNotFoundError
        If no Simplified-Chinese font is installed.
    """
    import matplotlib as mpl  # heavy: importing the theme stays cheap

    params = theme_params()
    saved = {key: mpl.rcParams[key] for key in params}
    try:
        mpl.rcParams.update(params)
        yield
    finally:
        mpl.rcParams.update(saved)


def _settle(result: Any) -> None:
    """Give the axes a chart drew into the theme's font, for good.

    An Axes the caller created (``ax=``) holds title, axis labels and ticks made with the
    caller's font, which may draw no Chinese; and ticks created later, at draw time, take the
    rcParams in force *then*. Every text of the chart's axes gets the theme's font family, and
    so do the tick labels created later. Text made inside :func:`chart_style` has it already.
    """
    from matplotlib.axes import Axes  # heavy: importing the theme stays cheap
    from matplotlib.text import Text  # heavy: importing the theme stays cheap

    families = theme_params()["font.family"]
    axes = [result] if isinstance(result, Axes) else list(getattr(result, "axes", []))
    for ax in axes:
        ax.tick_params(axis="both", which="both", labelfontfamily=families)
        for text in ax.findobj(Text):
            text.set_fontfamily(families)


def styled(function: _F) -> _F:
    """Decorate a chart function: it draws inside :func:`chart_style`, so its figure has the
    reports' look while the caller's rcParams stay untouched; into an Axes of the caller's it
    draws with the Chinese font too.

    The decorated function returns a matplotlib Axes (the one it drew into) or a Figure of its
    own; its name, signature and docstring are kept.
    """

    @functools.wraps(function)
    def draw(*args: Any, **kwargs: Any) -> Any:
        with chart_style():
            result = function(*args, **kwargs)
            _settle(result)
        return result

    return draw  # type: ignore[return-value]
