"""notebooks/explore.ipynb reads as a tour before it runs: its own words in markdown cells, short
code cells, and names in its words that exist in the library. (It is executed and rendered in
both languages with the other reports in tests/test_notebooks.py.)"""

from __future__ import annotations

import importlib
import re

import nbformat
import pytest

import kaili_analysis as ka
from kaili_analysis import config

PATH = config.NOTEBOOKS_DIR / "explore.ipynb"


@pytest.fixture(scope="module")
def nb():
    return nbformat.read(PATH, as_version=4)


def test_every_code_cell_is_introduced_by_words(nb) -> None:
    assert nb.cells[0].cell_type == "markdown"
    for before, cell in zip(nb.cells, nb.cells[1:], strict=False):
        if cell.cell_type == "code":
            assert before.cell_type == "markdown", f"code cell {cell.id} follows no words"


def test_the_words_are_its_own_not_message_keys(nb) -> None:
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert not re.search(r"page\.h[23]\(|\"explore\.", code)  # headings are markdown
    headings = [line for c in nb.cells if c.cell_type == "markdown"
                for line in c.source.splitlines() if line.startswith("## ")]
    assert len(headings) >= 7
    words = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert len(words.split()) > 400
    assert re.search(r"[\u4e00-\u9fff]", " ".join(headings))  # the Chinese terms, too


def test_code_cells_are_short(nb) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code":
            lines = cell.source.splitlines()
            assert len(lines) <= 10 and max(len(line) for line in lines) <= 100, cell.id


def _resolves(dotted: str) -> bool:
    """Whether a name the tour uses exists: public API (``ka.``) or a module of a layer
    package (``growth.cagr``, ``theme.chart_style``)."""
    parts = dotted.removeprefix("ka.").split(".")
    for module in ("analysis.growth", "show.theme", "show.charts"):
        importlib.import_module(f"kaili_analysis.{module}")  # a submodule is an attribute
    owners = [ka] + [importlib.import_module(f"kaili_analysis.{m}") for m in ("analysis", "show")]
    for owner in owners:
        obj = owner
        for part in parts:
            obj = getattr(obj, part, None)
            if obj is None:
                break
        if obj is not None:
            return True
    return False


def test_the_functions_its_words_name_exist(nb) -> None:
    words = " ".join(c.source for c in nb.cells if c.cell_type == "markdown")
    named = set(re.findall(r"`(?:ka\.)?([a-z_]+(?:\.[A-Za-z_]+)*)\(", words))
    named |= set(re.findall(r"`(ka\.[a-z_]+(?:\.[A-Za-z_]+)*)`", words))
    named.discard("help")  # Python's own
    assert {"load_indicators", "targets_table", "run_audit", "theme.chart_style"} <= named
    missing = sorted(n for n in named if not _resolves(n))
    assert missing == [], f"the tour names what the library does not have: {missing}"
