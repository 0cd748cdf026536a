"""The package's shape: four layer packages, a docstring for each, words only in the catalogue,
HTML only from templates."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import kaili_analysis as ka

PACKAGE = Path(ka.__file__).parent
SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "_bundle" not in p.parts)
#: Four or more Chinese characters in a row: a word of the package, not a unit or numeral token
#: (亿元, 以上, 十八 …). The data layer reads the article's own words (units, numerals,
#: periods) and may name them; a regular expression that matches the article is not a word.
CHINESE_WORDS = re.compile(r"[\u4e00-\u9fff]{4,}")
REGEX_SIGNS = re.compile(r"[\\\[\]|^$]")
HTML_TAG = re.compile(r"<(/?[a-zA-Z][\w-]*)[\s>/]")


def _strings(tree: ast.AST) -> list[ast.Constant]:
    """String constants of a module that are not docstrings."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [n for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in docstrings]


def test_the_top_level_holds_only_the_entry_points_and_the_shared_modules() -> None:
    top = {p.stem for p in PACKAGE.glob("*.py")}
    assert top == {"__init__", "__main__", "cli", "config", "errors"}
    layers = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert layers == {"data", "analysis", "show", "render"}


@pytest.mark.parametrize("init", sorted(PACKAGE.rglob("__init__.py")),
                         ids=lambda p: str(p.parent.relative_to(PACKAGE.parent)))
def test_every_package_says_what_it_owns(init: Path) -> None:
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc and len(doc.split()) >= 8, f"{init}: a package docstring says what it owns"


def test_no_python_file_holds_a_chinese_sentence() -> None:
    found = []
    for path in SOURCES:
        if path.relative_to(PACKAGE).parts[0] == "data":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _strings(tree):
            if CHINESE_WORDS.search(node.value) and not REGEX_SIGNS.search(node.value):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {node.value[:40]!r}")
    assert not found, "words belong in show/words/zh.toml:\n" + "\n".join(found)


def test_no_html_is_built_in_f_strings() -> None:
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                text = "".join(v.value for v in node.values
                               if isinstance(v, ast.Constant) and isinstance(v.value, str))
                if HTML_TAG.search(text):
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not found, "HTML comes from Jinja2 templates:\n" + "\n".join(found)


def test_the_rules_catch_what_they_name() -> None:
    words = ast.parse('"""凯里市的文档字符串"""\nx = "凯里市经济发展"\ny = "亿元"\n'
                      'z = "(年均增长|增速)$"\n')
    assert [n.value for n in _strings(words) if CHINESE_WORDS.search(n.value)
            and not REGEX_SIGNS.search(n.value)] == ["凯里市经济发展"]
    assert HTML_TAG.search("<td class='x'>") and not HTML_TAG.search("a < b and c > d")
