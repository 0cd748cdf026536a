"""Atomic writes (kaili_analysis.render._files): a failing write - a full disk - is one
line naming the file, leaves no temporary file and the previous file as it was."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from kaili_analysis.errors import RenderError
from kaili_analysis.render._files import atomic_path, write_atomic


def test_a_full_disk_is_one_line_and_keeps_the_old_file(tmp_path: Path, monkeypatch) -> None:
    page = tmp_path / "report.html"
    page.write_text("previous", encoding="utf-8")

    def full(self, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full)
    with pytest.raises(RenderError, match=r"cannot write .*report.html: No space left"):
        write_atomic(page, "<p>new</p>")
    assert page.read_text(encoding="utf-8") == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_the_temporary_name_names_the_process(tmp_path: Path) -> None:
    import os

    with atomic_path(tmp_path / "x.pdf") as tmp:
        assert tmp.name.startswith(f".x.kaili-{os.getpid()}.") and tmp.suffix == ".pdf"
        tmp.write_bytes(b"%PDF")
    assert (tmp_path / "x.pdf").read_bytes() == b"%PDF"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_other_errors_pass_through_and_clean_up(tmp_path: Path) -> None:
    with pytest.raises(KeyError), atomic_path(tmp_path / "y.html") as tmp:
        tmp.write_text("half")
        raise KeyError("boom")
    assert list(tmp_path.iterdir()) == []
