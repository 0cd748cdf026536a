"""A report page in a notebook: the :class:`~.page.Page` helper, the per-section views and
the inline scripts a page may carry.

>>> from kaili_analysis.show.pages import Page, views     # doctest: +SKIP

``Page`` is imported on first use, so the inline scripts (:mod:`.scripts`, which every
rendered page's Content-Security-Policy reads) stay cheap to import.
"""

__all__ = ["Page"]


def __getattr__(name: str) -> type:
    if name == "Page":
        from kaili_analysis.show.pages.page import Page  # loads pandas: only when asked for

        return Page
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
