"""Start-up shortcuts for the ``kaili`` command (not applied on library import).

``import nbformat`` (and so papermill and nbconvert) imports jsonschema, whose format
checkers import ``rfc3987_syntax`` when it is installed (it comes with jupyter-events). That
module builds a Lark grammar at import: 1-2 s of the command's start-up, for an ``iri``
format check that nbformat's schema never uses. The command marks the module as absent, so
jsonschema skips that one checker (it already tolerates its absence).
"""

from __future__ import annotations

import sys

__all__ = ["skip_slow_imports"]


def skip_slow_imports() -> None:
    """Keep ``rfc3987_syntax`` from loading, unless something already imported it."""
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
