"""The one escaping path for text from outside on its way into a report page.

Everything a page shows that is not the package's own prose (the word catalogue, the templates)
comes from outside: parameter values, the contents and names of user files, data fields,
exception messages. Such a value enters an HTML fragment through a template of
:mod:`kaili_analysis.show.templates` (autoescape on), or else through one of two functions:

* :func:`escape_html` where the page is HTML (text between tags and quoted attribute
  values): ``&``, ``<``, ``>``, ``"`` and ``'`` become character references;
* :func:`escape_markdown` where the value is put into Markdown that is rendered to HTML later
  (a sentence of :class:`~kaili_analysis.show.pages.page.Page`): characters with a meaning in
  Markdown or HTML are backslash-escaped, so the renderer shows them as text and never as
  markup, a link, an image or raw HTML; line breaks become spaces, so a value can never start
  a block of its own.

Both accept any value (``str(value)`` is escaped; ``None`` is the empty string).
"""

from __future__ import annotations

import html
import re
from typing import Any

__all__ = ["escape_html", "escape_markdown"]

# ASCII punctuation that Markdown (CommonMark, GFM, mistune, marked) gives a meaning: emphasis,
# code, links and images, raw HTML and entities, tables, strikethrough, headings, escapes,
# and the ':' and '@' of autolinked URLs and e-mail addresses (a value never becomes a link).
# CommonMark lets a backslash escape any ASCII punctuation, which then renders as itself.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>&!|~#(){}\"'=$:@])")
_LINE_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c\x85]+")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def escape_html(value: Any) -> str:
    """``value`` as text for HTML content or a quoted attribute value.

    Parameters
    ----------
    value
        Anything; ``None`` is the empty string, other values are ``str(value)``.

    Returns
    -------
    str
        The text with ``& < > " '`` as character references.
    """
    return html.escape(_text(value), quote=True)


def escape_markdown(value: Any) -> str:
    """``value`` as literal text inside a Markdown paragraph or heading.

    Parameters
    ----------
    value
        Anything; ``None`` is the empty string, other values are ``str(value)``.

    Returns
    -------
    str
        One line (line breaks become spaces, control characters are dropped) in which every
        character Markdown or HTML could read as markup is backslash-escaped; rendered, it
        shows exactly the original characters.
    """
    text = _CONTROLS.sub("", _LINE_BREAKS.sub(" ", _text(value)))
    return _MARKDOWN_ACTIVE.sub(r"\\\1", text)
