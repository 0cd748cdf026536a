"""Show layer: words, numbers as text, charts, tables and page pieces.

Rooms:

* :mod:`.words` - the word catalogues (``words/zh.toml``, ``words/en.toml``) and their reader
  (:mod:`.words.catalogue`), the number formatters (:mod:`.words.formats`) and the sentences
  made from the Analysis layer's keys and values (:mod:`.words.findings`);
* :mod:`.templates` - every HTML fragment as a Jinja2 template (autoescape on) and the one
  function that renders them;
* :mod:`.theme` - the one chart theme, with a Chinese font that matplotlib can draw;
* :mod:`.charts` - one function per chart, a tidy frame in and an Axes out, drawn by seaborn,
  and the chart images (:mod:`.charts.images`) with their on-disk cache (:mod:`.charts.figures`);
* :mod:`.tables` - display tables (:mod:`.tables.display`), their HTML with record links
  (:mod:`.tables.html`) and the glossary;
* :mod:`.pages` - the notebook page helper (:class:`.pages.page.Page`), which records and charts
  a report shows (:mod:`.pages.views`) and the inline scripts (:mod:`.pages.scripts`);
* :mod:`.panel` - the offline what-if panel; :mod:`.article` - the article view;
* :mod:`.escape`, :mod:`.links`, :mod:`.filenames` - escaping for Markdown, record anchors and
  the file name of a rendered report, shared by the rooms above.

May import: :mod:`kaili_analysis.analysis`, :mod:`kaili_analysis.data`, ``config`` and
``errors``; never :mod:`kaili_analysis.render`.
"""
