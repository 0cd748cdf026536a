"""The words a report notebook carries in Markdown: its cells tagged ``lang-zh`` / ``lang-en``,
read as headings and paragraphs (shared by the static and the rendered notebook tests)."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from kaili_analysis import config

#: The tutorial teaches in English with the Chinese terms; every other notebook is a report.
TUTORIAL = "explore"
_HEADING = re.compile(r"(#{1,6}) (.+)")


def report_notebooks() -> list[Path]:
    """The report notebooks of the package, sorted by name."""
    return sorted(p for p in config.NOTEBOOKS_DIR.glob("*.ipynb") if p.stem != TUTORIAL)


def blocks(source: str) -> list[tuple[int, str]]:
    """A Markdown cell as (heading level or 0 for a paragraph, its text without markup)."""
    found = []
    for block in (b.strip() for b in source.split("\n\n")):
        heading = _HEADING.fullmatch(block)
        if heading:
            found.append((len(heading.group(1)), heading.group(2)))
        elif block:
            found.append((0, block.strip("*")))
    return found


def language_cells(path: Path) -> dict[str, list[nbformat.NotebookNode]]:
    """The notebook's Markdown cells by the language of their tag, in reading order."""
    nb = nbformat.read(path, as_version=4)
    cells: dict[str, list] = {lang: [] for lang in config.LANGS}
    for cell in nb.cells:
        for lang in config.LANGS:
            if f"lang-{lang}" in cell.metadata.get("tags", []):
                cells[lang].append(cell)
    return cells
