"""A report page in a notebook: the :class:`~.page.Page` helper, the per-section views and
the inline scripts a page may carry.

>>> from kaili_analysis.show.pages import Page, views     # doctest: +SKIP
"""

from kaili_analysis.show.pages.page import Page

__all__ = ["Page"]
