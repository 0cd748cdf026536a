"""The chart theme: a Chinese font matplotlib knows, and one theme that seaborn cannot undo."""

from __future__ import annotations

import subprocess
import sys
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import seaborn as sns
from matplotlib import font_manager

from kaili_analysis import theme
from kaili_analysis.errors import KailiError, ParameterError


@pytest.fixture(autouse=True)
def _fresh_theme(monkeypatch: pytest.MonkeyPatch):
    """Each test starts with the theme not yet applied (the font lookup stays cached)."""
    monkeypatch.setattr(theme, "_APPLIED", None)
    with matplotlib.rc_context():
        yield
    plt.close("all")


def _fake_manager(names: list[str]) -> SimpleNamespace:
    entries = [SimpleNamespace(name=n) for n in names]

    def findfont(*_args, **_kwargs):
        raise ValueError("not found")

    return SimpleNamespace(ttflist=entries, findfont=findfont, get_font_names=lambda: names)


def test_find_cjk_font_prefers_noto_sans_cjk_sc(cjk_font: str) -> None:
    font = theme.find_cjk_font()
    assert font in {e.name for e in font_manager.fontManager.ttflist}
    assert theme.has_glyph(font, "凯里市经济亿元")
    if cjk_font == "Noto Sans CJK SC":
        assert font == "Noto Sans CJK SC"


def test_set_theme_puts_the_cjk_font_first(cjk_font: str) -> None:
    theme.set_theme()
    font = theme.find_cjk_font()
    rc = matplotlib.rcParams
    assert rc["font.family"] == [font, "DejaVu Sans"]
    assert rc["font.sans-serif"][:2] == [font, "DejaVu Sans"]
    assert rc["axes.unicode_minus"] is theme.has_glyph(font, "\u2212")
    assert rc["figure.dpi"] == 110
    assert rc["savefig.bbox"] == "tight"
    assert rc["axes.facecolor"] == "white"  # seaborn's whitegrid style


def test_set_theme_survives_a_seaborn_reset(cjk_font: str) -> None:
    theme.set_theme("en")
    sns.set_theme()  # the trap of the field notes: resets font.sans-serif to Arial/DejaVu
    assert matplotlib.rcParams["font.sans-serif"][0] != theme.find_cjk_font()
    theme.set_theme("en")
    assert matplotlib.rcParams["font.family"][0] == theme.find_cjk_font()
    assert matplotlib.rcParams["axes.facecolor"] == "white"


def test_set_theme_is_cheap_the_second_time(cjk_font: str, monkeypatch) -> None:
    calls = []
    real = sns.set_theme
    monkeypatch.setattr(sns, "set_theme", lambda *a, **k: (calls.append(1), real(*a, **k)))
    theme.set_theme()
    theme.set_theme()
    theme.set_theme("en")
    assert len(calls) == 1
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]  # someone changed it: apply again
    theme.set_theme()
    assert len(calls) == 2


def test_set_theme_checks_lang() -> None:
    with pytest.raises(ParameterError, match="lang must be one of zh, en, got 'fr'"):
        theme.set_theme("fr")


def test_minus_sign_off_for_a_font_without_it(monkeypatch) -> None:
    monkeypatch.setattr(theme, "has_glyph", lambda family, char: False)
    rc = theme.theme_rc("SimHei")
    assert rc["axes.unicode_minus"] is False
    assert rc["font.family"] == ["SimHei", "DejaVu Sans"]


def test_has_glyph() -> None:
    assert theme.has_glyph("DejaVu Sans", "A\u2212")
    assert not theme.has_glyph("DejaVu Sans", "凯")
    assert not theme.has_glyph("No Such Font Family", "A")


def test_stale_cache_is_rebuilt_once(cjk_font: str, monkeypatch) -> None:
    real = font_manager.fontManager
    rebuilt = []

    def rebuild():
        rebuilt.append(1)
        return real

    monkeypatch.setattr(theme, "_FONT", None)
    monkeypatch.setattr(font_manager, "fontManager", _fake_manager(["DejaVu Sans"]))
    monkeypatch.setattr(theme, "_rebuild", rebuild)
    font = theme.find_cjk_font()
    assert rebuilt == [1]
    assert font == theme._search(real)
    if cjk_font == "Noto Sans CJK SC":
        assert font == cjk_font


def test_rebuild_replaces_the_font_manager(monkeypatch) -> None:
    fresh = _fake_manager(["Noto Sans CJK SC"])
    seen = {}

    def load(*, try_read_cache: bool = True):
        seen["try_read_cache"] = try_read_cache
        return fresh

    for name in ("fontManager", "findfont", "get_font_names"):
        monkeypatch.setattr(font_manager, name, getattr(font_manager, name))
    monkeypatch.setattr(font_manager, "_load_fontmanager", load)
    assert theme._rebuild() is fresh
    assert seen == {"try_read_cache": False}
    assert font_manager.fontManager is fresh
    assert font_manager.findfont is fresh.findfont


def test_no_cjk_font_says_how_to_install_one(monkeypatch) -> None:
    monkeypatch.setattr(theme, "_FONT", None)
    monkeypatch.setattr(font_manager, "fontManager", _fake_manager(["DejaVu Sans"]))
    monkeypatch.setattr(theme, "_rebuild", lambda: _fake_manager(["DejaVu Sans", "Foo SC"]))
    with pytest.raises(theme.FontNotFoundError) as info:
        theme.find_cjk_font()
    assert isinstance(info.value, KailiError)
    message = str(info.value)
    assert "apt-get install fonts-noto-cjk" in message
    assert "fontlist-" in message and matplotlib.get_cachedir() in message


def test_importing_the_package_and_theme_does_not_import_matplotlib() -> None:
    code = ("import sys, kaili_analysis, kaili_analysis.theme; "
            "print(any(m.split('.')[0] in {'matplotlib', 'seaborn'} for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"
