"""Chart images: one draw per figure, and the on-disk cache keyed by everything that matters."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

from kaili_analysis import config
from kaili_analysis.errors import ParameterError
from kaili_analysis.show import charts as plots
from kaili_analysis.show import theme
from kaili_analysis.show.charts import figures, images

FIGURE_NOTEBOOKS = Path(__file__).parent / "fixtures" / "figure_notebooks"


@pytest.fixture(autouse=True)
def _cache(tmp_path, monkeypatch, cjk_font):
    """A fresh, empty cache for every test; all figures closed afterwards."""
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(config.FIGURE_CACHE_ENV, raising=False)
    monkeypatch.delenv(config.CACHE_MAX_MB_ENV, raising=False)
    monkeypatch.setattr(figures, "_pruned", False)
    yield
    plt.close("all")


@pytest.fixture
def rows() -> pd.DataFrame:
    frame = pd.DataFrame({"indicator_zh": ["耕地", "林地"], "indicator_en": ["Farmland", "Forest"],
                          "value": [12.5, 30.0], "unit": ["万亩", "万亩"]})
    frame.attrs["source"] = "test"
    return frame


class Counting:
    """A chart function that counts its calls (a real chart underneath)."""

    def __init__(self) -> None:
        self.calls = 0
        self.__qualname__ = "Counting.indicator_bars"
        self.__module__ = __name__

    def __call__(self, data, **kwargs):
        self.calls += 1
        return plots.indicator_bars(data, **kwargs)


def _pixels(data: bytes) -> tuple[int, int]:
    return Image.open(io.BytesIO(data)).size


def _cached_files() -> list[Path]:
    return sorted((config.cache_dir() / "figures").rglob("*.png"))


# -- png ----------------------------------------------------------------------------------


def test_png_keeps_a_laid_out_figure_whole(rows):
    ax = plots.indicator_bars(rows, lang="zh")
    fig = ax.figure
    width, height = fig.get_size_inches() * fig.dpi
    data = images.png(fig)
    assert data.startswith(b"\x89PNG")
    assert _pixels(data) == (round(width), round(height))  # drawn as laid out, not cropped


def test_png_crops_a_figure_without_layout_engine():
    with theme.chart_style():  # the Chinese font: no "Glyph missing" warnings
        fig = plt.figure(figsize=(6, 6), dpi=50, layout="none")
        fig.text(0.5, 0.5, "凯里")
    width, height = _pixels(images.png(fig))
    assert width < 300 and height < 300  # "tight": the whitespace around the text is gone


def test_png_refuses_what_is_not_a_figure():
    with pytest.raises(ParameterError, match="fig must be a matplotlib Figure, got str"):
        images.png("figure")


def test_png_carries_the_charts_titles_as_its_text_alternative(rows):
    ax = plots.indicator_bars(rows, lang="zh", title="凯里市\n耕地与林地")
    data = images.png(ax.figure)
    # the wrapped title's lines are joined without a space between Chinese characters
    assert images.png_description(data) == "凯里市耕地与林地 (耕地, 林地)"
    assert Image.open(io.BytesIO(data)).info["Description"] == "凯里市耕地与林地 (耕地, 林地)"


def test_describe_names_titles_axis_labels_and_categories(rows):
    fig = plots.indicator_panels(pd.concat([rows, rows.assign(unit="亿元")]), lang="en",
                                 title="Land and money")
    images.png(fig)  # drawn: the tick labels are set
    text = images.describe(fig)
    assert text.startswith("Land and money; ") and text.count("(Farmland, Forest)") == 2
    untitled = plots.indicator_bars(rows, lang="en")
    untitled.figure.canvas.draw()
    # no title: the axis label, then the bar names; the numeric ticks are left out
    assert images.describe(untitled.figure) == f"{untitled.get_xlabel()} (Farmland, Forest)"
    blank = plt.figure(layout="none")
    blank.add_subplot()
    blank.canvas.draw()
    assert images.describe(blank) == ""
    long = plt.figure(layout="none")
    long.suptitle("x" * 500)
    assert len(images.describe(long, limit=50)) == 50 and images.describe(long).endswith("…")


def test_png_description_of_other_bytes_is_empty():
    plain = io.BytesIO()
    Image.new("RGB", (3, 3)).save(plain, "png")
    assert images.png_description(plain.getvalue()) == ""
    assert images.png_description(b"not a png") == ""


# -- keys ---------------------------------------------------------------------------------


def _key(rows, **kwargs):
    return figures.chart_key(plots.indicator_bars, (rows,), {"lang": "zh", **kwargs})


def test_key_is_stable_and_follows_data_attrs_arguments_and_function(rows):
    key = _key(rows)
    assert key == _key(rows.copy()) and len(key) == 40
    changed = rows.copy()
    changed.loc[1, "value"] = 30.5
    relabelled = rows.copy()
    relabelled.attrs["source"] = "other"
    assert len({key, _key(changed), _key(relabelled), _key(rows, title="标题"),
                figures.chart_key(plots.rate_bars, (rows,), {"lang": "zh"})}) == 5


def test_key_follows_drawing_rcparams_only(rows):
    key = _key(rows)
    with matplotlib.rc_context({"axes.titlesize": 21}):
        assert _key(rows) != key
    with matplotlib.rc_context({"interactive": not matplotlib.rcParams["interactive"]}):
        assert _key(rows) == key  # flips while a kernel starts; does not change an image


def test_key_is_none_for_an_argument_it_cannot_describe(rows):
    assert figures.chart_key(plots.indicator_bars, (rows,), {"ax": object()}) is None
    opaque = pd.DataFrame({"value": [object()]})
    assert figures.chart_key(plots.indicator_bars, (opaque,), {}) is None


def test_key_reads_every_cell_index_and_missing_value(rows):
    keys = {_key(rows)}
    for change in (lambda f: f.set_axis([5, 6]), lambda f: f.assign(unit=["万亩", None]),
                   lambda f: f.assign(value=[12.5, float("nan")]),
                   lambda f: f.assign(indicator_en=["Farmland", "Forests"]),
                   lambda f: f.assign(note=[[1, 2], [1, 3]])):
        keys.add(_key(change(rows.copy())))
    assert len(keys) == 6
    with_lists = rows.assign(note=[[1, 2], [1, 3]])
    assert _key(with_lists) == _key(with_lists.copy())  # lists of plain values are described


def test_key_does_not_depend_on_the_hash_seed(tmp_path):
    code = ("import pandas as pd; from kaili_analysis.show import theme; "
            "from kaili_analysis.show import charts as plots; "
            "from kaili_analysis.show.charts import figures; "
            "theme.set_theme(); d = pd.DataFrame({'indicator_zh': ['耕地'], "
            "'indicator_en': ['Farmland'], 'value': [1.0], 'unit': ['万亩']}); "
            "d.attrs['tags'] = {'b': 1, 'a': [2, 'x']}; "
            "print(figures.chart_key(plots.indicator_bars, (d,), {'lang': 'zh'}))")
    keys = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=True, env={**os.environ, "PYTHONHASHSEED": seed,
                                            "MPLBACKEND": "Agg"}).stdout.strip()
            for seed in ("1", "2")}
    assert len(keys) == 1 and len(keys.pop()) == 40


# -- the cache ----------------------------------------------------------------------------


def test_second_call_comes_from_the_cache_without_drawing(rows):
    chart = Counting()
    first = figures.cached_png(chart, rows, lang="zh")
    second = figures.cached_png(chart, rows, lang="zh")
    assert chart.calls == 1 and first == second
    (entry,) = _cached_files()
    assert entry.read_bytes().startswith(first)  # the image, then its content hash
    os.utime(entry, (1, 1))
    figures.cached_png(chart, rows, lang="zh")
    assert entry.stat().st_mtime > 1  # a hit marks the image as recently used
    figures.cached_png(chart, rows, lang="en")
    assert chart.calls == 2 and len(_cached_files()) == 2
    assert plt.get_fignums() == []  # every drawn figure was closed


def test_a_damaged_entry_is_drawn_again_and_replaced(rows):
    chart = Counting()
    good = figures.cached_png(chart, rows, lang="zh")
    (entry,) = _cached_files()
    entry.write_bytes(good[: len(good) // 2])  # truncated: a write that never finished
    assert figures.cached_png(chart, rows, lang="zh") == good
    assert chart.calls == 2 and entry.read_bytes().startswith(good)


@pytest.mark.parametrize("where", [0.5, 0.1, 0.9, 1.0])
def test_an_entry_with_flipped_bytes_is_dropped_and_drawn_again(rows, where):
    """64 bytes flipped anywhere (the PNG's start and end intact, or the stored hash itself):
    the content hash no longer matches, so the image is drawn again, never returned broken."""
    chart = Counting()
    good = figures.cached_png(chart, rows, lang="zh")
    (entry,) = _cached_files()
    stored = bytearray(entry.read_bytes())
    at = min(int(len(stored) * where), len(stored) - 64)
    stored[at:at + 64] = bytes(b ^ 0xFF for b in stored[at:at + 64])
    entry.write_bytes(bytes(stored))
    again = figures.cached_png(chart, rows, lang="zh")
    assert again == good and chart.calls == 2
    Image.open(io.BytesIO(again)).load()  # decodes
    assert entry.read_bytes().startswith(good)  # replaced by a sound entry


def test_an_entry_without_a_hash_is_not_trusted(rows):
    chart = Counting()
    good = figures.cached_png(chart, rows, lang="zh")
    (entry,) = _cached_files()
    entry.write_bytes(good)  # a well-formed PNG, but no content hash (an older cache)
    assert figures.cached_png(chart, rows, lang="zh") == good and chart.calls == 2


def test_cache_can_be_turned_off(rows, monkeypatch):
    monkeypatch.setenv(config.FIGURE_CACHE_ENV, "off")
    chart = Counting()
    figures.cached_png(chart, rows, lang="zh")
    figures.cached_png(chart, rows, lang="zh")
    assert chart.calls == 2 and _cached_files() == []
    assert not figures.cache_info().enabled


def test_an_unwritable_cache_still_gives_the_image(rows, monkeypatch, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv(config.CACHE_DIR_ENV, str(blocker))
    data = figures.cached_png(Counting(), rows, lang="zh")
    assert data.startswith(b"\x89PNG")


def test_prune_keeps_the_most_recently_used(rows, monkeypatch):
    chart = Counting()
    monkeypatch.setattr(figures, "_pruned", True)  # no pruning while filling
    for lang in ("zh", "en"):
        figures.cached_png(chart, rows, lang=lang)
    newest = figures.cached_png(chart, rows, lang="zh", title="新")
    oldest, middle = [p for p in _cached_files() if not p.read_bytes().startswith(newest)]
    os.utime(oldest, (1, 1))  # least recently used
    size = sum(p.stat().st_size for p in _cached_files())
    monkeypatch.setenv(config.CACHE_MAX_MB_ENV, str((size - 1) / 2**20))
    monkeypatch.setattr(figures, "_pruned", False)
    figures._prune_once()
    assert not oldest.exists() and middle.exists() and len(_cached_files()) == 2
    # a write prunes (once per process): with a limit of 0 nothing stays
    monkeypatch.setattr(figures, "_pruned", False)
    monkeypatch.setenv(config.CACHE_MAX_MB_ENV, "0")
    assert figures.cached_png(chart, rows, lang="en", title="new").startswith(b"\x89PNG")
    assert _cached_files() == []


def test_cache_info_and_clear(rows):
    for lang in ("zh", "en"):
        figures.cached_png(Counting(), rows, lang=lang)
    info = figures.cache_info()
    assert info.enabled and info.entries == 2 and info.bytes > 1000
    assert info.path == config.cache_dir() / "figures"
    assert figures.clear_cache() == 2 and figures.cache_info().entries == 0


@pytest.mark.parametrize("raw", ["abc", "-1", "nan"])
def test_a_bad_size_limit_is_named(raw, monkeypatch):
    monkeypatch.setenv(config.CACHE_MAX_MB_ENV, raw)
    with pytest.raises(ParameterError, match=f"KAILI_CACHE_MAX_MB must be .* got '{raw}'"):
        config.cache_max_bytes()


def test_cache_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv(config.CACHE_DIR_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert config.cache_dir() == tmp_path / "xdg" / "kaili-analysis"


# -- a real report kernel -----------------------------------------------------------------


@pytest.mark.slow
def test_a_report_reuses_the_cached_image(tmp_path):
    """A report's kernel draws a chart once: after one render, a sound entry swapped for
    another image is what the next render shows (a change of data gives another key:
    ``test_key_is_stable_and_follows_data_attrs_arguments_and_function``, without a kernel)."""
    from kaili_analysis.render import render

    render("charted", formats="html", output_dir=tmp_path / "a", notebooks_dir=FIGURE_NOTEBOOKS)
    (entry,) = (config.cache_dir() / "figures").rglob("*.svg")  # reports show SVG
    stand_in = (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="7pt" '
                b'height="5pt"><rect width="7" height="5" fill="red"/></svg>\n')
    entry.write_bytes(figures._seal(stand_in))  # a sound entry, other image
    again = render("charted", formats="html", output_dir=tmp_path / "b",
                   notebooks_dir=FIGURE_NOTEBOOKS).html.read_text("utf-8")
    assert base64.b64encode(stand_in).decode() in again
    assert len(list((config.cache_dir() / "figures").rglob("*.svg"))) == 1


# -- svg ----------------------------------------------------------------------------------


def test_svg_is_vector_with_its_words_as_text_and_the_same_bytes_each_time(rows):
    from kaili_analysis.show.charts.images import svg

    data = svg(plots.indicator_bars(rows, lang="zh", title="凯里市耕地与林地").figure)
    again = svg(plots.indicator_bars(rows, lang="zh", title="凯里市耕地与林地").figure)
    assert data == again  # no date, ids salted with a constant
    assert data.startswith(b"<?xml") and data.endswith(b"</svg>\n")
    text = data.decode("utf-8")
    assert "<image" not in text  # nothing rasterised
    assert ">耕地</text>" in text and ">凯里市耕地与林地</text>" in text
    assert f"font-family: '{theme.find_cjk_font()}'" in text
    assert images.svg_description(data) == "凯里市耕地与林地 (耕地, 林地)"


def test_svg_description_is_unescaped_and_empty_without_one(rows):
    from kaili_analysis.show.charts.images import svg

    fig, ax = plt.subplots(layout="constrained")
    ax.set_title('A & B <"C">')
    assert images.svg_description(svg(fig)) == 'A & B <"C">'
    assert images.svg_description(b"<svg></svg>") == ""
    with pytest.raises(ParameterError, match="fig must be a matplotlib Figure"):
        svg("not a figure")


def test_cached_svg_comes_from_the_cache_and_a_cut_entry_is_drawn_again(rows):
    chart = Counting()
    first = figures.cached_svg(chart, rows, lang="en")
    assert figures.cached_svg(chart, rows, lang="en") == first and chart.calls == 1
    (entry,) = sorted((config.cache_dir() / "figures").rglob("*.svg"))
    entry.write_bytes(first[: len(first) // 2])
    assert figures.cached_svg(chart, rows, lang="en") == first and chart.calls == 2
    figures.cached_png(chart, rows, lang="en")  # another format: another entry
    assert chart.calls == 3 and figures.cache_info().entries == 2
    assert figures.clear_cache() == 2
