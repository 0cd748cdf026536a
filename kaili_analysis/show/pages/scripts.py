"""The package's own inline scripts and their hashes for the Content-Security-Policy.

A script a report page carries is a file ``kaili_analysis/show/scripts/<name>.js`` (package
data). :func:`script_tag` puts its text into a page verbatim; :func:`script_hashes` gives the
``'sha256-…'`` source expressions of every such file, which the policy of every page lists as
the only scripts allowed to run (:mod:`kaili_analysis.render.csp`). A script injected any other
way (an escape missed somewhere) has no matching hash and does not run.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

from markupsafe import Markup

from kaili_analysis.errors import KailiError
from kaili_analysis.show.templates import render_template

__all__ = ["SCRIPTS_DIR", "ScriptNotFoundError", "script_hashes", "script_tag"]

#: Where the scripts are (package data, ``show/scripts/*.js``).
SCRIPTS_DIR: Path = Path(__file__).resolve().parent.parent / "scripts"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


class ScriptNotFoundError(KailiError):
    """No script of that name is shipped with the package."""


def _known() -> dict[str, Path]:
    if not SCRIPTS_DIR.is_dir():
        return {}
    return {p.stem: p for p in sorted(SCRIPTS_DIR.glob("*.js")) if _NAME.fullmatch(p.stem)}


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def script_tag(name: str) -> str:
    """``<script>`` + the text of ``show/scripts/<name>.js`` + ``</script>``.

    Parameters
    ----------
    name
        The script's file name without ``.js``.

    Returns
    -------
    str
        The element, its text exactly as in the file (so its hash is one of
        :func:`script_hashes`).

    Raises
    ------
    ScriptNotFoundError
        If no such script is shipped (the message lists the known ones).
    """
    known = _known()
    if not isinstance(name, str) or name not in known:
        raise ScriptNotFoundError(f"unknown script {name!r}; known scripts: "
                                  f"{', '.join(known) or 'none'} (files in {SCRIPTS_DIR})")
    text = _read(known[name])
    if "</script" in text.lower():  # would end the element early and leave the rest as HTML
        raise ScriptNotFoundError(f"script {name}.js contains '</script'; write it as "
                                  "'<\\/script' so the element holds the whole file")
    return render_template("script.html.j2", text=Markup(text))  # the package's own script


def script_hashes() -> tuple[str, ...]:
    """``'sha256-<base64>'`` of the text of every shipped script, sorted (may be empty)."""
    return tuple(sorted(
        "sha256-" + base64.b64encode(hashlib.sha256(_read(p).encode("utf-8")).digest()).decode()
        for p in _known().values()))
