"""The package's own inline scripts (kaili_analysis.show.pages.scripts): the exact file text in a
<script> element, and the sha256 of each for the Content-Security-Policy."""

from __future__ import annotations

import base64
import hashlib

import pytest

from kaili_analysis.errors import KailiError
from kaili_analysis.show.pages import scripts


@pytest.fixture
def shipped(tmp_path, monkeypatch):
    """A scripts directory of its own, so the tests hold with any number of shipped files."""
    monkeypatch.setattr(scripts, "SCRIPTS_DIR", tmp_path)
    return tmp_path


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def test_without_scripts_there_are_no_hashes(shipped) -> None:
    assert scripts.script_hashes() == ()
    with pytest.raises(scripts.ScriptNotFoundError, match=r"unknown script .panel.*none"):
        scripts.script_tag("panel")


def test_a_script_tag_holds_the_file_text_exactly(shipped) -> None:
    text = "// 凯里\nconst x = 1 < 2 && \"a\";\n"
    (shipped / "panel.js").write_text(text, encoding="utf-8")
    (shipped / "other.js").write_text("let y = 2;", encoding="utf-8")
    assert scripts.script_tag("panel") == f"<script>{text}</script>"
    assert scripts.script_hashes() == tuple(sorted([_sha(text), _sha("let y = 2;")]))


@pytest.mark.parametrize("name", ["../panel", "panel.js", "", "nope", None])
def test_only_shipped_names_are_accepted(shipped, name) -> None:
    (shipped / "panel.js").write_text("1;", encoding="utf-8")
    with pytest.raises(KailiError, match="known scripts: panel"):
        scripts.script_tag(name)


def test_the_package_scripts_are_hashed() -> None:
    """Whatever the package ships: one hash per .js file, each the file's own."""
    files = sorted(scripts.SCRIPTS_DIR.glob("*.js")) if scripts.SCRIPTS_DIR.is_dir() else []
    expected = sorted(_sha(p.read_text(encoding="utf-8")) for p in files)
    assert list(scripts.script_hashes()) == expected
    for path in files:
        assert scripts.script_tag(path.stem).startswith("<script>")


def test_a_script_that_would_close_its_element_is_refused(shipped) -> None:
    (shipped / "panel.js").write_text("x = '</SCRIPT><b>';", encoding="utf-8")
    with pytest.raises(scripts.ScriptNotFoundError, match="contains '</script'"):
        scripts.script_tag("panel")


def test_the_whatif_panel_script_is_shipped_byte_for_byte() -> None:
    text = (scripts.SCRIPTS_DIR / "whatif.js").read_bytes().decode("utf-8")
    assert scripts.script_tag("whatif") == "<script>" + text + "</script>"
