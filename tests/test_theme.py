"""The chart theme: a Chinese font matplotlib knows, and one theme that seaborn cannot undo."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import warnings
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
import seaborn as sns
from matplotlib import font_manager

from kaili_analysis.errors import KailiError
from kaili_analysis.show import theme


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
    assert rc["savefig.bbox"] == "tight"
    assert rc["axes.facecolor"] == "white"  # seaborn's whitegrid style


def test_set_theme_survives_a_seaborn_reset(cjk_font: str) -> None:
    theme.set_theme()
    sns.set_theme()  # a plain seaborn reset: font.sans-serif goes back to Arial/DejaVu
    assert matplotlib.rcParams["font.sans-serif"][0] != theme.find_cjk_font()
    theme.set_theme()
    assert matplotlib.rcParams["font.family"][0] == theme.find_cjk_font()
    assert matplotlib.rcParams["axes.facecolor"] == "white"


def test_set_theme_is_cheap_the_second_time(cjk_font: str, monkeypatch) -> None:
    calls = []
    real = sns.set_theme
    monkeypatch.setattr(sns, "set_theme", lambda *a, **k: (calls.append(1), real(*a, **k)))
    theme.set_theme()
    theme.set_theme()
    theme.set_theme()
    assert len(calls) == 1
    matplotlib.rcParams["font.family"] = ["DejaVu Sans"]  # someone changed it: apply again
    theme.set_theme()
    assert len(calls) == 2


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
    code = ("import sys, kaili_analysis, kaili_analysis.show.theme; "
            "print(any(m.split('.')[0] in {'matplotlib', 'seaborn'} for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


# --------------------------------------------------------------------------- a context, not global


def _sector_shares():
    import kaili_analysis as ka

    ind = ka.load_indicators()
    return ind[ind["concept"].str.startswith("sector_share_")]


def test_theme_params_are_what_set_theme_applies(cjk_font: str) -> None:
    params = theme.theme_params()
    matplotlib.rcdefaults()
    with theme.chart_style():
        in_context = {k: matplotlib.rcParams[k] for k in params}
    theme.set_theme()
    assert {k: matplotlib.rcParams[k] for k in params} == in_context
    assert params["font.family"] == [theme.find_cjk_font(), "DejaVu Sans"]
    assert len(params) > 50  # seaborn's style and context, the palette, the font


def test_chart_style_applies_inside_and_restores_after(cjk_font: str) -> None:
    matplotlib.rcdefaults()
    before = dict(matplotlib.rcParams)
    with theme.chart_style():
        assert matplotlib.rcParams["font.family"][0] == theme.find_cjk_font()
        assert matplotlib.rcParams["axes.facecolor"] == "white"
    assert dict(matplotlib.rcParams) == before
    with pytest.raises(ZeroDivisionError), theme.chart_style():
        1 / 0  # noqa: B018
    assert dict(matplotlib.rcParams) == before


def test_importing_the_plots_a_page_and_a_chart_leave_the_authors_rcparams_alone(
        cjk_font: str) -> None:
    """In a fresh interpreter, as an author's notebook starts: nothing the library does changes
    matplotlib's settings for the author's own charts; the library's chart has the CJK font."""
    code = """if True:
        import io, json, warnings
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        before = {k: repr(v) for k, v in matplotlib.rcParams.items()}
        def changed():
            return sorted(k for k, v in matplotlib.rcParams.items() if repr(v) != before[k])
        import kaili_analysis as ka
        from kaili_analysis.show import charts as plots
        from kaili_analysis.show.pages import page as narrative
        page = narrative.Page("zh")
        seen = {"import_and_page": changed()}
        ind = ka.load_indicators()
        ax = plots.sector_structure(ind[ind["concept"].str.startswith("sector_share_")])
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph ... missing" would raise
            ax.figure.savefig(io.BytesIO(), format="png")
        seen["chart"] = changed()
        seen["chart_font"] = ax.get_yticklabels()[0].get_fontfamily()
        fig, own = plt.subplots()
        own.set_title("mine")
        seen["own_font"] = own.title.get_fontfamily()
        seen["own_dpi"] = fig.dpi
        print(json.dumps(seen))
    """
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=120).stdout
    seen = json.loads(out)
    assert seen["import_and_page"] == [] and seen["chart"] == []
    assert seen["chart_font"] == [theme.find_cjk_font(), "DejaVu Sans"]
    assert seen["own_font"] == ["sans-serif"] and seen["own_dpi"] == 100  # matplotlib's own


def test_a_library_chart_in_the_authors_axes_draws_chinese(cjk_font: str) -> None:
    from kaili_analysis.show import charts as plots

    matplotlib.rcdefaults()  # the author's settings: no Chinese font
    fig, (mine, theirs) = plt.subplots(1, 2, figsize=(10, 3))
    mine.set_title("mine")
    ax = plots.sector_structure(_sector_shares(), ax=theirs)
    assert ax is theirs
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig.savefig(io.BytesIO(), format="png")
    font = [theme.find_cjk_font(), "DejaVu Sans"]
    assert {tuple(t.get_fontfamily()) for t in theirs.get_yticklabels()} == {tuple(font)}
    assert theirs.get_legend().get_texts()[0].get_fontfamily() == font
    assert mine.title.get_fontfamily() == ["sans-serif"]  # the author's axes keep their font
    assert matplotlib.rcParams["font.family"] == ["sans-serif"]


@pytest.mark.parametrize("chart", ["sector_structure", "rate_comparison"])
def test_a_styled_chart_is_the_image_the_global_theme_draws(cjk_font: str, chart: str) -> None:
    import kaili_analysis as ka
    from kaili_analysis.show import charts as plots
    from kaili_analysis.show.charts import images

    data = _sector_shares() if chart == "sector_structure" else ka.targets_table()
    draw = getattr(plots, chart)
    matplotlib.rcdefaults()
    styled = images.png(draw(data, lang="en").figure)  # drawn in the context, saved outside
    theme.set_theme()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the undecorated function under the global theme
        unstyled = images.png(draw.__wrapped__(data, lang="en").figure)
    assert styled == unstyled


def test_styled_keeps_the_chart_functions_identity() -> None:
    import inspect

    from kaili_analysis.show import charts as plots

    for name in ("indicator_bars", "sector_structure", "projection", "audit_summary"):
        function = getattr(plots, name)
        assert function.__name__ == name and function.__module__.startswith(
            "kaili_analysis.show.charts.")
        assert "lang" in inspect.signature(function).parameters
        assert function.__doc__ == function.__wrapped__.__doc__


def test_chart_style_restores_only_the_themes_own_rcparams(cjk_font: str) -> None:
    """The first figure of a Jupyter session loads the inline backend, which turns
    ``interactive`` on; the context must not turn it off again."""
    matplotlib.rcdefaults()
    matplotlib.interactive(False)
    with theme.chart_style():
        matplotlib.interactive(True)  # what loading the inline backend does
        matplotlib.rcParams["font.family"] = ["DejaVu Sans"]  # a theme key: restored
    assert matplotlib.is_interactive()
    assert matplotlib.rcParams["font.family"] == ["sans-serif"]


@pytest.mark.slow
def test_in_a_notebook_the_authors_figures_still_show_after_a_library_chart(
        cjk_font: str) -> None:
    import nbformat
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    from kaili_analysis.render.execute import private_channels

    cells = [
        "import matplotlib.pyplot as plt\nimport kaili_analysis as ka\n"
        "from kaili_analysis.show import charts\n"
        "ind = ka.load_indicators()",
        'charts.sector_structure(ind[ind["concept"].str.startswith("sector_share_")]);',
        "fig, ax = plt.subplots()\nax.plot([1, 2], [3, 4]);",
        "print(plt.rcParams['font.family'], plt.get_fignums())",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    km = KernelManager(kernel_name="kaili-analysis", **private_channels())  # make setup's
    NotebookClient(nb, km=km, timeout=120).execute()
    shown = [[o.output_type for o in c.outputs if "image/png" in o.get("data", {})]
             for c in nb.cells]
    assert shown[1] == ["display_data"] and shown[2] == ["display_data"]
    assert nb.cells[3].outputs[0]["text"].strip() == "['sans-serif'] []"
