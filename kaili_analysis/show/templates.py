"""The one way to turn a template of ``show/templates/`` into HTML.

Every HTML fragment the package writes (the what-if panel, the article view, the index
page, ...) is a Jinja2 template in ``kaili_analysis/show/templates/``, rendered by
:func:`render_template` on one shared environment with autoescape on: a value put into a
template is shown as text, never read as markup, unless the caller hands it over as
:class:`markupsafe.Markup` on purpose (a fragment that is itself the output of a template,
the package's own script, JSON made safe for a ``<script>`` element).

Rendering is deterministic: the same template and values give the same bytes.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from kaili_analysis.errors import ParameterError

__all__ = ["environment", "render_template"]


@cache
def environment() -> jinja2.Environment:
    """The shared environment: the templates of ``show/templates/``, autoescape on.

    A value a template uses but the call does not give is an error, never an empty string.
    """
    return jinja2.Environment(
        loader=jinja2.PackageLoader("kaili_analysis.show", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, **context: Any) -> str:
    """Render the template ``name`` with ``context``; every value is escaped unless it is
    :class:`markupsafe.Markup`.

    Parameters
    ----------
    name
        A file of ``show/templates/``, e.g. ``"panel_whatif.html.j2"``.
    **context
        The template's variables.

    Returns
    -------
    str
        The rendered text.

    Raises
    ------
    ParameterError
        If there is no template ``name`` or a variable it uses is missing.
    """
    env = environment()
    try:
        template = env.get_template(name)
    except jinja2.TemplateNotFound:
        known = ", ".join(env.list_templates(extensions=["j2"]))
        raise ParameterError(f"name must be one of the templates {known}, got {name!r}") from None
    try:
        return template.render(**context)
    except jinja2.UndefinedError as exc:
        raise ParameterError(f"template {name!r} needs a value the call did not give: "
                             f"{exc.message}") from None
