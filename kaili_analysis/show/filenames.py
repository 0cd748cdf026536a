"""File names of rendered reports: the one rule that names an output after its parameters.

The render layer names every output with :func:`slugify`; pages that link to another report
(the article report, the overview) derive the target's file name from the same rule with
:func:`report_filename`, so a link and the file it points to can never disagree.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from typing import Any

from kaili_analysis import config

__all__ = ["report_filename", "slugify"]

_SLUG_MAX = 80
_CLEAN_VALUE = re.compile(r"[a-z0-9][a-z0-9.+]*")


def _slug_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def slugify(name: str, params: Mapping[str, Any]) -> str:
    """A file name stem that names the report and every given parameter.

    ``hello`` + ``{"lang": "en", "n": 5}`` -> ``hello__lang-en__n-5``. Values are kept as
    written when they are lower-case letters, digits, ``.`` and ``+``; anything else is
    replaced and an 8-digit hash of the exact parameters is appended, as it is when the slug
    would exceed 80 characters, so different parameter sets never share a file name.

    Parameters
    ----------
    name
        The report's name (its notebook's stem).
    params
        The parameters that differ from the notebook's defaults.

    Returns
    -------
    str
        The stem of the report's output files.
    """
    parts, lossless = [name], True
    for key in sorted(params):
        text = _slug_value(params[key])
        clean = re.sub(r"[^a-z0-9.+]+", "-", text.lower()).strip("-")
        if clean != text or not _CLEAN_VALUE.fullmatch(clean):
            lossless = False
        parts.append(f"{key}-{clean or 'x'}")
    slug = "__".join(parts)
    if lossless and len(slug) <= _SLUG_MAX:
        return slug
    canon = json.dumps({k: params[k] for k in sorted(params)}, ensure_ascii=False,
                       sort_keys=True, default=repr)
    digest = hashlib.sha256(f"{name}\0{canon}".encode()).hexdigest()[:8]
    return f"{slug[:_SLUG_MAX - 9].rstrip('-_')}_{digest}"


def report_filename(name: str, lang: str, suffix: str = ".html") -> str:
    """The file name of a report rendered with its default parameters in ``lang``.

    A report notebook's ``lang`` defaults to :data:`config.DEFAULT_LANG`, so only another
    language enters the name: ``article.html``, ``article__lang-en.html``.

    Parameters
    ----------
    name
        The report's name.
    lang
        One of :data:`config.LANGS`.
    suffix
        ``.html`` or ``.pdf``.

    Returns
    -------
    str
        A bare file name (no directory): reports of one batch share their output folder.
    """
    params = {} if lang == config.DEFAULT_LANG else {"lang": lang}
    return f"{slugify(name, params)}{suffix}"
