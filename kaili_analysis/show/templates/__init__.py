"""The package's HTML templates and the one way to render them.

Every HTML fragment a report shows (linked tables, the title block, the contents, the panel,
the article view, the index) is a Jinja2 template in this folder, rendered by
:func:`render_template` on one shared environment with autoescape on: a value put into a
template is shown as text, never read as markup, unless the caller marks it safe on purpose
(a fragment that is itself the output of a template).

Rendering is deterministic: the same template and context give the same bytes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from kaili_analysis.errors import ParameterError

__all__ = ["environment", "render_template", "template_names"]


@cache
def environment() -> jinja2.Environment:
    """The shared Jinja2 environment: templates of this folder, autoescape on, strict undefined.

    Returns
    -------
    jinja2.Environment
        One environment per process (cached), so that each template is compiled once.
    """
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kaili_analysis.show", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def template_names() -> list[str]:
    """The names of the templates in this folder, sorted (``table.html.j2``, …)."""
    return sorted(environment().list_templates(extensions=["j2"]))


def render_template(name: str, **context: Any) -> str:
    """Render the template ``name`` with ``context``; every value is escaped unless marked safe.

    Parameters
    ----------
    name
        A template of this folder, e.g. ``"table.html.j2"``.
    **context
        The template's variables; a variable the template uses but the call does not give is an
        error, never an empty string.

    Returns
    -------
    str
        The rendered text.

    Raises
    ------
    ParameterError
        If there is no template ``name`` or a variable it uses is missing.
    """
    try:
        template = environment().get_template(name)
    except jinja2.TemplateNotFound:
        raise ParameterError(f"name must be one of the templates {template_names()}, "
                             f"got {name!r}") from None
    try:
        return template.render(**context)
    except jinja2.UndefinedError as exc:
        raise ParameterError(f"template {name!r} needs a value the call did not give: "
                             f"{exc.message}") from None
