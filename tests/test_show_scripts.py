"""The inline scripts and their CSP hashes (kaili_analysis.show.scripts)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from kaili_analysis import config
from kaili_analysis.errors import KailiError
from kaili_analysis.show.scripts import script_hashes, script_tag

SCRIPTS = config.PACKAGE_DIR / "show" / "scripts"


def test_tag_holds_the_file_byte_for_byte():
    text = (SCRIPTS / "whatif.js").read_bytes().decode("utf-8")
    assert script_tag("whatif") == "<script>" + text + "</script>"


def test_hashes_are_the_files_sha256_sorted():
    files = sorted(SCRIPTS.glob("*.js"))
    assert files
    expected = sorted(
        "'sha256-" + base64.b64encode(hashlib.sha256(p.read_bytes()).digest()).decode() + "'"
        for p in files)
    assert script_hashes() == tuple(expected)


@pytest.mark.parametrize("name", ["nope", "../scripts", "whatif.js", "", "WHATIF", None, 3])
def test_unknown_name_is_refused_with_the_choices(name):
    with pytest.raises(KailiError, match=r"script name must be one of .*whatif"):
        script_tag(name)
