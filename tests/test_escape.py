"""The one escaping path (kaili_analysis.show.escape): outside text never becomes markup,
whether it goes into HTML or into Markdown that nbconvert renders later."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from kaili_analysis.show.escape import escape_html, escape_markdown

HOSTILE = [
    "<img src=https://evil.example/x.png onerror=alert(1)>",
    "<script>alert(2)</script>",
    "[click](javascript:alert(3))",
    "![x](https://evil.example/y.png)",
    "<https://evil.example/z>",
    "https://evil.example/auto.png",
    "a@evil.example",
    "**bold** _em_ `code` ~~del~~ | a | b |",
    "# heading\n\n<iframe src=x></iframe>",
    "&lt;b&gt; &#60;i&#62; &amp;",
    "$x^2$ \\(y\\) $$z$$",
    "\\",
    "line one\r\nline two\u2028three",
]
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                max_size=60)


def _rendered(value: str) -> str:
    """What nbconvert makes of a sentence with the escaped value in it."""
    return markdown2html_mistune(f"Before {escape_markdown(value)} after.").strip()


def _tags(page: str) -> set[str]:
    return {m.lower() for m in re.findall(r"</?([A-Za-z][A-Za-z0-9-]*)", page)}


def test_hostile_values_render_as_their_own_text() -> None:
    for value in HOSTILE:
        page = _rendered(value)
        assert _tags(page) == {"p"}, (value, page)
        shown = html.unescape(page[len("<p>"):-len("</p>")])
        one_line = re.sub(r"[\r\n\u2028]+", " ", value)
        assert shown == f"Before {one_line} after.", (value, page)


@settings(max_examples=150, deadline=None)
@given(_TEXT)
def test_any_text_stays_text_in_markdown(value: str) -> None:
    page = _rendered(value)
    assert _tags(page) <= {"p"}  # never a link, image, raw HTML, code, emphasis ...
    shown = html.unescape(re.sub(r"</?p>", "", page))
    # Markdown may fold runs of white space; every other character is shown as it was
    squeeze = lambda s: re.sub(r"\s+", " ", s).strip()  # noqa: E731
    assert squeeze(shown) == squeeze(f"Before {value} after.")


@given(st.text(max_size=80))
def test_escape_html_round_trips_and_leaves_no_markup(value: str) -> None:
    out = escape_html(value)
    assert html.unescape(out) == value
    assert not set(out) & set("<>\"'")
    assert re.fullmatch(r"(?:[^&]|&(?:amp|lt|gt|quot|#x27);)*", out)


def test_escape_accepts_any_value() -> None:
    assert escape_html(None) == "" and escape_markdown(None) == ""
    assert escape_html(3.5) == "3.5" and escape_markdown(2020) == "2020"
    assert escape_markdown("a\nb\tc\x00d") == "a b\tcd"
