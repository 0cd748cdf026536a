"""A drawn chart as image bytes: SVG (vector, text kept as text) and PNG, with a text alternative.

A report shows every chart as an SVG image (through
:func:`kaili_analysis.show.charts.figures.cached_svg`): sharp at any zoom and on paper, its words
searchable and selectable in the PDF Chromium prints from the page. :func:`png` draws a figure
**once**: a figure with a layout engine is saved as laid out, where the notebook inline backend
would add ``bbox_inches="tight"`` and draw it twice. Both formats carry :func:`describe`'s text.
"""

from __future__ import annotations

import html
import io
import re
from typing import Any

from kaili_analysis.errors import ParameterError

__all__ = ["describe", "png", "png_description", "save_bbox", "svg", "svg_description"]

#: PNG text keyword (an iTXt chunk, UTF-8) that carries a chart's text alternative.
_DESCRIPTION = "Description"
_CJK = "\u2e80-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])\n(?=[{_CJK}])")
_WORDY = re.compile(r"[^\W\d_]")  # a letter or a Chinese character: a name, not a number

_SVG_DESCRIPTION = re.compile(rb"<dc:description>(.*?)</dc:description>", re.S)


def describe(fig: Any, *, limit: int = 400) -> str:
    """A text alternative of a figure: its title, and per Axes its title (or axis labels)
    with the category names on its axes.

    Parameters
    ----------
    fig
        A :class:`matplotlib.figure.Figure`, drawn (tick labels are set when it is drawn).
    limit
        At most this many characters (a longer text is cut and ends with "…").

    Returns
    -------
    str
        The distinct parts joined by "; " in drawing order, e.g. ``"单位：亿元 (地区生产总值,
        财政收入)"``; lines of a wrapped label are joined (without a space between two
        Chinese characters); tick labels that are only numbers are left out. Empty for a
        figure without text.
    """
    parts = [_one_line(fig.get_suptitle())]
    for ax in fig.axes:
        titles = [_one_line(ax.get_title(loc)) for loc in ("left", "center", "right")]
        head = " ".join(t for t in titles if t) or " ".join(
            t for t in (_one_line(ax.get_ylabel()), _one_line(ax.get_xlabel())) if t)
        names = [_one_line(label.get_text()) for axis in (ax.yaxis, ax.xaxis)
                 for label in axis.get_ticklabels()]
        names = list(dict.fromkeys(n for n in names if _WORDY.search(n)))
        parts.append(f"{head} ({', '.join(names)})" if head and names else head or ", ".join(names))
    text = "; ".join(dict.fromkeys(p for p in parts if p))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _one_line(text: str) -> str:
    return " ".join(_CJK_BREAK.sub("", text).split())


def png_description(data: bytes) -> str:
    """The text alternative stored in a PNG by :func:`png` (empty if it has none)."""
    from PIL import Image, UnidentifiedImageError  # heavy: only when an image is read

    try:
        with Image.open(io.BytesIO(data)) as image:  # reads the chunks before the pixels
            value = image.info.get(_DESCRIPTION, "")
    except (OSError, UnidentifiedImageError):
        return ""
    return str(value)


def save_bbox(fig: Any) -> str:
    """The ``savefig.bbox`` a chart is saved with: ``"standard"`` when a layout engine
    already fits it, else ``"tight"`` (used by :func:`png` and :func:`svg`).

    Raises
    ------
    ParameterError
        If ``fig`` is not a matplotlib figure.
    """
    if not hasattr(fig, "savefig") or not hasattr(fig, "get_layout_engine"):
        raise ParameterError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    return "standard" if fig.get_layout_engine() is not None else "tight"


def png(fig: Any) -> bytes:
    """The PNG image of a matplotlib figure, drawn once, in 256 colours.

    A figure with a layout engine is saved as laid out (``bbox_inches=None``); one without
    is cropped to its content (``bbox_inches="tight"``), as the notebook backend would. The
    image is reduced to a 256-colour palette (charts use a handful of colours and their
    anti-aliased edges): a third of the bytes of a full-colour PNG, so report pages are
    smaller and quicker to export, open and print.

    Parameters
    ----------
    fig
        A :class:`matplotlib.figure.Figure`.

    Returns
    -------
    bytes
        The PNG file, at the figure's dpi, with the figure's :func:`describe` text in a
        ``Description`` chunk (read back by :func:`png_description`).

    Raises
    ------
    ParameterError
        If ``fig`` is not a matplotlib figure.
    """
    import matplotlib as mpl  # heavy: only when a chart is saved
    from PIL import Image, PngImagePlugin

    bbox = save_bbox(fig)
    raw = io.BytesIO()
    with mpl.rc_context({"savefig.bbox": bbox}):
        fig.savefig(raw, format="png", pil_kwargs={"compress_level": 0})
    raw.seek(0)
    with Image.open(raw) as image:
        rgb = image.convert("RGB")
    palette = rgb.quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                           dither=Image.Dither.NONE)
    info = PngImagePlugin.PngInfo()
    info.add_itxt(_DESCRIPTION, describe(fig))
    out = io.BytesIO()
    palette.save(out, format="png", compress_level=6, dpi=(fig.dpi, fig.dpi), pnginfo=info)
    return out.getvalue()


def svg(fig: Any) -> bytes:
    """The SVG image of a matplotlib figure: vector shapes, text as text.

    Laid out and cropped as :func:`png` does; text is written as ``<text>`` in the chart's
    font (``svg.fonttype`` ``none``), so a browser draws it with the same installed font and
    a PDF printed from it keeps it as text. Element ids are salted with a constant and no
    date is written, so the same chart gives the same bytes.

    Parameters
    ----------
    fig
        A :class:`matplotlib.figure.Figure`.

    Returns
    -------
    bytes
        The SVG file (UTF-8), with the figure's :func:`describe` text as its
        ``dc:description`` (read back by :func:`svg_description`).

    Raises
    ------
    ParameterError
        If ``fig`` is not a matplotlib figure.
    """
    import matplotlib as mpl  # heavy: only when a chart is saved

    bbox = save_bbox(fig)
    out = io.BytesIO()
    with mpl.rc_context({"savefig.bbox": bbox, "svg.fonttype": "none",
                         "svg.hashsalt": "kaili", "svg.image_inline": True}):
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None,
                                                 "Description": describe(fig)})
    return out.getvalue()


def svg_description(data: bytes) -> str:
    """The text alternative stored in an SVG by :func:`svg` (empty if it has none)."""
    match = _SVG_DESCRIPTION.search(data[:20000])
    return html.unescape(match.group(1).decode("utf-8", "replace")) if match else ""
