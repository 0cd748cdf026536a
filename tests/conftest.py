"""Shared test fixtures.

Tools outside Python (Chromium, the CJK fonts, poppler's pdftotext/pdftoppm) are looked up here.
Locally a missing tool skips the tests that need it; with ``CI=true`` it fails them, because CI
must prove the PDF and browser paths (``make test`` installs the tools there).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
REPO_ROOT = Path(__file__).resolve().parents[1]


def _missing(what: str, how: str) -> None:
    msg = f"{what} is not available ({how})"
    if IN_CI:
        pytest.fail(f"CI requires it: {msg}", pytrace=False)
    pytest.skip(msg)


def require_executable(name: str, package: str) -> str:
    """Return the path of an executable, or skip (locally) / fail (CI) without it."""
    path = shutil.which(name)
    if path is None:
        _missing(f"executable {name!r}", f"install the Debian package {package}")
    return path  # type: ignore[return-value]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """A Chromium executable for PDF printing and browser tests."""
    env = os.environ.get("KAILI_CHROMIUM")
    if env and Path(env).exists():
        return env
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    _missing("Chromium", "install the Debian package chromium or set KAILI_CHROMIUM")
    return ""  # unreachable


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """The pdftotext executable (poppler-utils)."""
    return require_executable("pdftotext", "poppler-utils")


@pytest.fixture(scope="session")
def pdftoppm() -> str:
    """The pdftoppm executable (poppler-utils)."""
    return require_executable("pdftoppm", "poppler-utils")


@pytest.fixture(scope="session")
def cjk_font() -> str:
    """The family name of an installed Simplified-Chinese font."""
    try:
        out = subprocess.run(
            ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False
        ).stdout
    except FileNotFoundError:
        out = ""
    families = [f.split(",")[0].strip() for f in out.splitlines() if f.strip()]
    for preferred in ("Noto Sans CJK SC", "Noto Serif CJK SC"):
        if preferred in families:
            return preferred
    if families:
        return families[0]
    _missing("a Simplified Chinese font", "install the Debian package fonts-noto-cjk")
    return ""  # unreachable
