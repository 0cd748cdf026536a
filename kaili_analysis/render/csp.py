"""The Content-Security-Policy every report page and the index carry.

Defence in depth behind the escaping of outside text (the templates of
:mod:`kaili_analysis.show.templates` escape every value they are given): even
if some value reached a page unescaped, the browser would refuse to run it or to fetch anything.

* ``default-src 'none'``: no network at all - no script, style, font, frame, connection or
  form target from anywhere;
* ``img-src data:``: images only from ``data:`` URLs (the embedded charts);
* ``style-src 'unsafe-inline'``: the page's own ``<style>`` blocks and style attributes
  (nbconvert's template needs them; a style cannot run code or, with no network, send
  anything);
* ``script-src`` with the ``'sha256-…'`` hash of each script the package ships
  (:func:`kaili_analysis.show.pages.scripts.script_hashes`) and nothing else: no
  ``'unsafe-inline'``, so an injected ``<script>`` or ``onerror=`` attribute never runs;
  ``'none'`` when there is no such script;
* ``base-uri 'none'`` and ``form-action 'none'``: no ``<base>`` redirecting relative links,
  no form posting anywhere.

The policy is delivered as a ``<meta http-equiv>`` element, the first element of ``<head>``,
since a report is a file opened without an HTTP server.
"""

from __future__ import annotations

from collections.abc import Sequence

from kaili_analysis.show.pages.scripts import script_hashes
from kaili_analysis.show.templates import render_template

__all__ = ["content_security_policy", "csp_meta"]


def content_security_policy(hashes: Sequence[str] | None = None) -> str:
    """The policy text.

    Parameters
    ----------
    hashes
        ``sha256-<base64>`` values of the scripts allowed to run; default: every script the
        package ships.

    Returns
    -------
    str
        ``default-src 'none'; script-src …; style-src 'unsafe-inline'; img-src data:; …``.
    """
    hashes = script_hashes() if hashes is None else tuple(hashes)
    scripts = " ".join(f"'{h.strip(chr(39))}'" for h in hashes) or "'none'"
    return ("default-src 'none'; "
            f"script-src {scripts}; "
            "style-src 'unsafe-inline'; "
            "img-src data:; "
            "base-uri 'none'; "
            "form-action 'none'")


def csp_meta(hashes: Sequence[str] | None = None) -> str:
    """The ``<meta http-equiv="Content-Security-Policy" …>`` element of the policy
    (``hashes`` as for :func:`content_security_policy`)."""
    return render_template("csp_meta.html.j2", policy=content_security_policy(hashes))
