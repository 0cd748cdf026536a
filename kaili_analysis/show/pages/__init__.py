"""A report page in a notebook: the :class:`~.page.Page` helper, the per-section views and
the inline scripts a page may carry."""
