"""PDF printing (kaili_analysis.render.pdf): a page whose script never yields cannot hold the
printer; the print fails within the bound and the next page prints."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from kaili_analysis import config
from kaili_analysis.errors import RenderError
from kaili_analysis.render.pdf import PdfPrinter


@pytest.mark.pdf
@pytest.mark.slow
def test_a_hanging_page_fails_within_the_bound(tmp_path: Path, chromium_path: str,
                                               monkeypatch) -> None:
    monkeypatch.setattr(config, "PRINT_TIMEOUT_S", 1.5)
    hang = tmp_path / "hang.html"
    hang.write_text("<html><body><p>x</p><img src=x onerror='for(;;){}'>"
                    "<script>for(;;){}</script></body></html>", encoding="utf-8")
    fine = tmp_path / "fine.html"
    fine.write_text("<html><body><p>fine</p></body></html>", encoding="utf-8")
    with PdfPrinter(chromium_path, pages=1) as printer:
        start = time.monotonic()
        with pytest.raises(RenderError, match=r"did not load and print within 1\.5 s"):
            printer.print(hang, tmp_path / "hang.pdf")
        assert time.monotonic() - start < 15
        assert printer.print(fine, tmp_path / "fine.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "hang.pdf").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
