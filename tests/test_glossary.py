"""The glossary: one English rendering per Chinese term, used everywhere words are shown."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.errors import DataValidationError
from kaili_analysis.show.words import catalogue


def _norm(text: str) -> str:
    """Lower case, hyphens as spaces: 'poverty-alleviation' reads as 'poverty alleviation'."""
    return re.sub(r"\s+", " ", text.lower().replace("-", " "))


def _pairs() -> Iterator[tuple[str, str, str]]:
    """Every (where, Chinese, English) pair of words the package shows."""
    ind = ka.load_indicators()
    for rec in ind.itertuples():
        yield f"indicators:{rec.id}", rec.indicator_zh, rec.indicator_en
    for rec in ka.load_targets().itertuples():
        yield f"targets:{rec.id}", rec.goal_zh, rec.goal_en
    for rec in ka.load_projects().itertuples():
        yield f"projects:{rec.id}", rec.project_zh, rec.project_en
    for rec in ka.load_sections().itertuples():
        yield f"sections:{rec.id}", rec.title_zh, rec.title_en
    zh_words, en_words = catalogue.words("zh"), catalogue.words("en")
    for key in catalogue.known_keys():
        yield f"catalogue:{key}", zh_words[key], en_words[key]


def test_the_glossary_goes_both_ways() -> None:
    glossary = ka.load_glossary()
    assert len(glossary) >= 30
    assert glossary["term_zh"].is_unique and glossary["term_en"].is_unique
    assert not glossary["term_en"].map(_norm).duplicated().any()


def test_one_chinese_term_has_one_english_rendering_everywhere() -> None:
    """Wherever a glossary term stands in Chinese, its English stands in the English words,
    and the English term stands only where the Chinese one does."""
    glossary = ka.load_glossary()
    # a term inside a longer one counts as the longer one: "industrial enterprises above
    # designated size" stands in "value added of industrial enterprises above designated
    # size" (规模以上工业增加值), which is not 规模以上工业企业
    terms = sorted(zip(glossary["term_zh"], glossary["term_en"], strict=True),
                   key=lambda pair: -len(pair[1]))
    wrong = []
    for where, zh, en in _pairs():
        en = _norm(en)
        for term_zh, term_en in terms:
            has_zh, has_en = term_zh in zh, _norm(term_en) in en
            if has_zh != has_en:
                wrong.append(f"{where}: {term_zh} / {term_en!r} in {zh!r} / {en!r}")
            elif has_zh:
                zh, en = zh.replace(term_zh, "□"), en.replace(_norm(term_en), "□")
    assert not wrong, "\n".join(wrong)


def test_the_two_agricultural_outputs_stay_apart() -> None:
    by_zh = ka.load_glossary().set_index("term_zh")["term_en"]
    assert by_zh["农林牧渔业总产值"] != by_zh["农业总产值"]
    ind = ka.load_indicators()
    broad = ind[ind["indicator_zh"].str.startswith("农林牧渔业总产值")]
    assert broad["indicator_en"].str.contains(by_zh["农林牧渔业总产值"], case=False).all()


def test_a_glossary_with_one_english_term_twice_is_refused(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(config.DEFAULT_DATA_DIR, data)
    path = data / "glossary.csv"
    lines = path.read_text("utf-8").splitlines()
    lines.append("新词,gross regional product (GRP),,")
    path.write_text("\n".join(lines) + "\n", "utf-8")
    ka.clear_cache()
    with pytest.raises(DataValidationError, match=r"glossary\.csv.*term_en"):
        ka.load_glossary(data)
