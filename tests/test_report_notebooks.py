"""The report notebooks read as reports before they run: headings and fixed prose in Markdown
cells of both languages, side by side and of the same shape; short code cells written against
the layer packages; every catalogue key they name exists. (They are executed and rendered in
both languages in tests/test_notebooks.py.)"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import nbformat
import pytest
from _notebook_words import blocks, language_cells, report_notebooks

from kaili_analysis import config
from kaili_analysis.show.words import catalogue

REPORTS = report_notebooks()
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Module aliases the top-level package no longer offers: notebooks import the layers.
FLAT_ALIASES = re.compile(r"\bka\.(narrative|tables|plots|i18n|validators|views|theme)\b")


def _nb(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def test_every_report_is_one_of_the_listed_reports() -> None:
    from kaili_analysis.render import list_reports

    assert REPORTS and {p.stem for p in REPORTS} < {spec.name for spec in list_reports(strict=True)}


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_markdown_cells_come_in_both_languages_with_the_same_outline(path: Path) -> None:
    nb, cells = _nb(path), language_cells(path)
    markdown = [c for c in nb.cells if c.cell_type == "markdown"]
    assert markdown and len(markdown) == sum(len(c) for c in cells.values())  # all tagged once
    zh, en = cells["zh"], cells["en"]
    assert len(zh) == len(en) and any(level for c in zh for level, _ in blocks(c.source))
    for one, other in zip(zh, en, strict=True):
        # the same headings (level and order) and as many paragraphs, cell by cell
        assert [level for level, _ in blocks(one.source)] == [
            level for level, _ in blocks(other.source)], (one.id, other.id)
        # each Chinese cell is followed by its English one, in reading order
        assert nb.cells.index(other) == nb.cells.index(one) + 1, one.id
        assert all(CJK.search(words) for _, words in blocks(one.source)), one.id
        assert not CJK.search(other.source), other.id
        # fixed prose: nothing left to fill in
        assert "{" not in one.source + other.source, one.id


@pytest.mark.parametrize("path", [*REPORTS, config.NOTEBOOKS_DIR / "explore.ipynb",
                                  config.REPO_ROOT / "examples" / "my_analysis.ipynb"],
                         ids=lambda p: p.stem)
def test_code_is_short_and_imports_the_layer_packages(path: Path) -> None:
    nb = _nb(path)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and params[0].cell_type == "code"
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = cell.source.splitlines()
            assert len(lines) <= 10 and max(len(line) for line in lines) <= 100, cell.id
            assert not FLAT_ALIASES.search(cell.source), cell.id


def _keys(source: str) -> list[tuple[str, str]]:
    """(method, key) of every page.h2/h3/say/t call with a literal key."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in {"h2", "h3", "say", "t"} and node.args
                and isinstance(node.args[0], ast.Constant)):
            found.append((node.func.attr, node.args[0].value))
    return found


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_every_key_a_report_names_is_in_both_catalogues(path: Path) -> None:
    named = [key for cell in _nb(path).cells if cell.cell_type == "code"
             for _, key in _keys(cell.source)]
    assert named
    for lang in config.LANGS:
        missing = sorted(set(named) - set(catalogue.words(lang)))
        assert missing == [], (lang, missing)


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.stem)
def test_the_parameter_check_the_metadata_names_exists(path: Path) -> None:
    module, _, name = _nb(path).metadata["kaili"]["validate"].partition(":")
    assert module == "kaili_analysis.analysis.parameters" and name.endswith("_report")
    assert callable(getattr(importlib.import_module(module), name))
