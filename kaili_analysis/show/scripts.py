"""The inline scripts of the report pages, and their Content-Security-Policy hashes.

Each script is a file ``show/scripts/<name>.js`` shipped as package data. A page carries it
only through :func:`script_tag`, byte for byte, so the page's policy can allow exactly these
scripts by their hashes (:func:`script_hashes`). Data a script needs lives in a
``<script type="application/json">`` block beside it, never templated into the script.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from ..errors import ParameterError

__all__ = ["script_hashes", "script_tag"]

_DIR = Path(__file__).resolve().parent / "scripts"
_NAME = re.compile(r"[a-z][a-z0-9_-]*")


def _names() -> list[str]:
    return sorted(p.stem for p in _DIR.glob("*.js"))


def _text(name: str) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name) or name not in _names():
        raise ParameterError(f"script name must be one of {', '.join(_names())} (files in "
                             f"{_DIR}), got {name!r}")
    text = (_DIR / f"{name}.js").read_text("utf-8")
    if "</script" in text.lower():
        raise ParameterError(f"script {name}.js contains '</script', which would end its "
                             "element early; write it as '<\\/script'")
    return text


def script_tag(name: str) -> str:
    """The ``<script>`` element of the script ``name``, its text exactly the file's.

    Parameters
    ----------
    name
        A file name in ``show/scripts/`` without ``.js`` (e.g. ``"whatif"``).

    Returns
    -------
    str
        ``"<script>" + text + "</script>"``.

    Raises
    ------
    ParameterError
        For a name that is not one of the shipped scripts (the message lists them).
    """
    return "<script>" + _text(name) + "</script>"


def script_hashes() -> tuple[str, ...]:
    """The CSP source expressions (``'sha256-<base64>'``) of every shipped script, sorted.

    Returns
    -------
    tuple of str
        One hash per file in ``show/scripts/``, of its UTF-8 bytes.
    """
    out = []
    for name in _names():
        digest = hashlib.sha256(_text(name).encode("utf-8")).digest()
        out.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return tuple(sorted(out))
