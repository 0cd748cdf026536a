"""The word catalogues: every sentence, heading, table head and word of the package, by key.

One file per language beside this module, ``zh.toml`` and ``en.toml``, with the same keys.
A key is dotted (``overview.intro``, ``label.verdict.consistent``); its entry is a template:

* ``{name}`` is filled from a value the caller passes (a number from the data, a name);
* ``{n:zero|one|many}`` picks the form for the count ``n``, ``#`` standing for the number
  (``{n:no figures|# figure|# figures}``); with two forms (``{n:one|many}``) 0 takes the second.
  This is the package's one plural system.

:func:`text` fills an entry in; :func:`label` reads a word of a vocabulary
(``label("verdict", "consistent", "en")``). Nothing else in the package holds words.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from kaili_analysis import config
from kaili_analysis.errors import DataValidationError, ParameterError

__all__ = ["CATALOGUE_DIR", "count_text", "has", "known_keys", "label", "text", "vocabulary",
           "words"]

#: Where the catalogues lie: ``<lang>.toml``.
CATALOGUE_DIR: Path = Path(__file__).resolve().parent

_FORM = r"(?:[^{}|]|\{\w+\})*"
_PLURAL = re.compile(r"\{(\w+):(" + _FORM + r"(?:\|" + _FORM + r"){1,2})\}")


@cache
def words(lang: str) -> Mapping[str, str]:
    """Every entry of the ``lang`` catalogue, by dotted key.

    Raises
    ------
    ParameterError
        If ``lang`` is not a report language.
    DataValidationError
        If the catalogue file cannot be read or an entry is not a string.
    """
    config.check_lang(lang)
    path = CATALOGUE_DIR / f"{lang}.toml"
    try:
        with path.open("rb") as handle:
            tree = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise DataValidationError(f"{path}: the word catalogue cannot be read: {exc}") from None
    flat: dict[str, str] = {}
    _flatten(tree, "", flat, path)
    return flat


def _flatten(tree: Mapping[str, Any], prefix: str, out: dict[str, str], path: Path) -> None:
    for name, value in tree.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            _flatten(value, f"{key}.", out, path)
        elif isinstance(value, str):
            out[key] = value
        else:
            raise DataValidationError(f"{path}: entry {key!r} must be text, got {value!r}")


def known_keys(lang: str = config.DEFAULT_LANG) -> list[str]:
    """The keys of the ``lang`` catalogue, sorted."""
    return sorted(words(lang))


def has(key: str) -> bool:
    """Whether ``key`` is an entry of the catalogues."""
    return key in words(config.DEFAULT_LANG)


def text(key: str, lang: str, **values: Any) -> str:
    """The entry ``key`` in ``lang`` with ``values`` filled in.

    Raises
    ------
    ParameterError
        If the key is unknown, the language is not zh/en, a value is missing, or a count
        is not an integer.
    """
    entries = words(lang)
    if key not in entries:
        raise ParameterError(f"unknown catalogue key {key!r} (see {CATALOGUE_DIR}/{lang}.toml)")
    template = _plural(entries[key], values, key, lang)
    try:
        return template.format(**values)
    except KeyError as exc:
        raise ParameterError(f"catalogue entry {key!r} needs the value {exc.args[0]!r}") from None


def vocabulary(name: str, lang: str) -> dict[str, str]:
    """Every word of the vocabulary ``name`` (``label.<name>.*``): {key: word}.

    Raises
    ------
    ParameterError
        If there is no such vocabulary.
    """
    prefix = f"label.{name}."
    found = {k.removeprefix(prefix): v for k, v in words(lang).items() if k.startswith(prefix)}
    if not found:
        known = sorted({k.split(".")[1] for k in words(lang) if k.startswith("label.")})
        raise ParameterError(f"vocabulary must be one of {', '.join(known)}, got {name!r}")
    return found


def label(name: str, key: str, lang: str = config.DEFAULT_LANG) -> str:
    """The word for ``key`` of the vocabulary ``name`` (``kind``, ``verdict`` …).

    Raises
    ------
    ParameterError
        If the vocabulary, the key or the language is unknown.
    """
    table = vocabulary(name, config.check_lang(lang))
    if key not in table:
        raise ParameterError(f"{name} must be one of {', '.join(sorted(table))}, got {key!r}")
    return table[key]


def count_text(n: int, lang: str) -> str:
    """A count as a sentence of ``lang`` writes it (the ``#`` of a plural form): English
    groups thousands ('12,345'), Chinese statistics write no separator ('12345').

    Raises
    ------
    ParameterError
        If ``lang`` is not zh/en.
    """
    return f"{n:,}" if config.check_lang(lang) == "en" else str(n)


def _plural(template: str, values: dict[str, Any], key: str, lang: str) -> str:
    """Resolve ``{n:zero|one|many}`` (or ``{n:one|many}``) by the count ``values[n]``."""
    def pick(match: re.Match[str]) -> str:
        name, forms = match.group(1), match.group(2).split("|")
        if name not in values:
            raise ParameterError(f"catalogue entry {key!r} needs the value {name!r}")
        n = values[name]
        if isinstance(n, bool) or not isinstance(n, int):
            raise ParameterError(f"catalogue entry {key!r}: {name} must be an integer count, "
                                 f"got {n!r}")
        if len(forms) == 2:
            forms = [forms[1], *forms]
        form = forms[0] if n == 0 else forms[1] if n == 1 else forms[2]
        return form.replace("#", count_text(n, lang))

    return _PLURAL.sub(pick, template)
