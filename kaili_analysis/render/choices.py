"""Where a parameter's allowed values come from, and their readable names.

A parameter's ``choices`` in a notebook's ``kaili`` metadata is a list, or ``"@name"``: a
source in :data:`CHOICE_SOURCES` (``@sections``: the article's section ids, read from the
data without pandas; ``@sections_with_figures``: those that state a figure; ``@langs``). A
source in :data:`CHOICE_LABELS` also names its values, so a report title can say
``{section_label}`` (the section's title in the report language) where ``{section}`` would
give its id.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from kaili_analysis import config
from kaili_analysis.analysis.parameters import column_values, read_rows, section_ids
from kaili_analysis.errors import KailiError, RenderError

if TYPE_CHECKING:
    from kaili_analysis.render.notebooks import ReportSpec

__all__ = ["CHOICE_LABELS", "CHOICE_SOURCES", "report_title", "resolve_choices", "title_fields"]


def _section_titles(lang: str) -> dict[str, str]:
    column = "title_zh" if lang == "zh" else "title_en"
    rows = read_rows("sections", "id", column)  # one read; id and title stay paired
    return {row["id"]: row[column] or row["id"] for row in rows if row["id"]}


def _sections_with_figures() -> list[str]:
    """The sections that state at least one figure (a record of indicators.csv), in order:
    a batch leaves out the others, whose profile would say 'no figures'."""
    stated = set(column_values("indicators", "section"))
    return [sid for sid in section_ids() if sid in stated]


#: ``"@name"`` choice sources: name -> function returning the allowed values.
CHOICE_SOURCES: dict[str, Callable[[], list[Any]]] = {
    "sections": section_ids,
    "sections_with_figures": _sections_with_figures,
    "langs": lambda: list(config.LANGS),
}
#: Readable names of the values of a choice source, by report language: a report title may
#: use ``{<parameter>_label}`` for a parameter whose choices come from one of these.
CHOICE_LABELS: dict[str, Callable[[str], dict[str, str]]] = {
    "sections": _section_titles,
}


def title_fields(spec: ReportSpec, values: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The fields a report title is formatted with: every parameter value, and
    ``<name>_label`` for a parameter whose choices have readable names (a section's title)."""
    fields = dict(values)
    for name, param in spec.parameters.items():
        source = param.choices[1:] if isinstance(param.choices, str) else None
        if source in CHOICE_LABELS and name in values:
            try:
                labels = CHOICE_LABELS[source](lang)
            except KailiError:  # an unreadable table: the plain value will do
                labels = {}
            fields[f"{name}_label"] = labels.get(str(values[name]), str(values[name]))
    return fields


def report_title(spec: ReportSpec, values: Mapping[str, Any], lang: str) -> str:
    """The title of ``spec`` in ``lang`` with its ``{name}`` fields filled from ``values``
    (see :func:`title_fields`); the template as written if a field cannot be filled."""
    title = spec.title_for(lang)
    try:
        return title.format(**title_fields(spec, values, lang))
    except (KeyError, IndexError, ValueError):
        return title


def resolve_choices(choices: Any) -> list[Any] | None:
    """Return the allowed values of a parameter: a list as is, ``"@name"`` looked up in
    :data:`CHOICE_SOURCES`, ``None`` when unrestricted."""
    if choices is None:
        return None
    if isinstance(choices, str) and choices.startswith("@"):
        source = CHOICE_SOURCES.get(choices[1:])
        if source is None:
            raise RenderError(f"unknown choice source {choices!r}; known: "
                              + ", ".join("@" + k for k in sorted(CHOICE_SOURCES)))
        return list(source())
    if isinstance(choices, list | tuple):
        return list(choices)
    raise RenderError(f"choices must be a list or '@name', got {choices!r}")
