"""Charts as SVG: vector shapes with their text kept as text, for print and screen.

A report shows every chart as an SVG image (through :func:`kaili_analysis.figures.cached_svg`):
sharp at any zoom and on paper at any resolution, its words searchable and selectable in the
PDF Chromium prints from the page, and smaller than the 256-colour PNG it replaces.
"""

from __future__ import annotations

import io
import re
from typing import Any

__all__ = ["svg", "svg_description"]

_SVG_DESCRIPTION = re.compile(rb"<dc:description>(.*?)</dc:description>", re.S)


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
    import matplotlib as mpl

    from .figures import describe, save_bbox

    bbox = save_bbox(fig)
    out = io.BytesIO()
    with mpl.rc_context({"savefig.bbox": bbox, "svg.fonttype": "none",
                         "svg.hashsalt": "kaili", "svg.image_inline": True}):
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None,
                                                 "Description": describe(fig)})
    return out.getvalue()


def svg_description(data: bytes) -> str:
    """The text alternative stored in an SVG by :func:`svg` (empty if it has none)."""
    import html

    match = _SVG_DESCRIPTION.search(data[:20000])
    return html.unescape(match.group(1).decode("utf-8", "replace")) if match else ""
