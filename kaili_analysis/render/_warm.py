"""Imported once by every report kernel while it boots (see :mod:`.execute`, :mod:`.zygote`).

It pre-imports the libraries reports use and loads the curated tables into the loaders'
cache, so a report's own imports and loads are nearly free. Nothing is left in the user
namespace; a failure here is ignored (the report meets it again, with a proper traceback).
"""

from __future__ import annotations

import contextlib
import importlib

for _name in ("pandas", "matplotlib", "matplotlib.pyplot", "seaborn", "kaili_analysis",
              "kaili_analysis.data.loaders", "kaili_analysis.show.words.formats",
              "kaili_analysis.show.charts"):
    with contextlib.suppress(Exception):  # warming up is best effort
        importlib.import_module(_name)

with contextlib.suppress(Exception):
    from kaili_analysis.data import loaders as _datasets

    _datasets.load_indicators()

with contextlib.suppress(Exception):
    # load the CJK font and lay out some text once, without touching rcParams, so the first
    # chart of a report does not pay for opening a 20 MB font file
    from matplotlib.figure import Figure as _Figure

    from kaili_analysis.show.pages import page as _narrative  # noqa: F401
    from kaili_analysis.show.pages import views as _views  # noqa: F401
    from kaili_analysis.show.tables import display as _tables  # noqa: F401
    from kaili_analysis.show.theme import find_cjk_font as _find_cjk_font
    from kaili_analysis.show.words.catalogue import label as _label

    _fig = _Figure(figsize=(2, 1), dpi=50)
    # a Chinese word of the catalogue beside Latin letters, digits and the minus
    _fig.text(0.1, 0.5, f"{_label('head', 'indicator', 'zh')} Kaili 2025 −1",
              family=[_find_cjk_font(), "DejaVu Sans"])
    _fig.canvas.draw()
    del _fig, _Figure, _find_cjk_font, _label

with contextlib.suppress(Exception):
    # what every figure-cache key contains: versions, font file, this package's source
    from kaili_analysis.show.charts import figures as _figures

    _figures._environment()
    del _figures
