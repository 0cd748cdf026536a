"""The word catalogues: every key in both languages with the same fields, the one plural
system, clear errors for an unknown key, a missing value or a bad language."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kaili_analysis.errors import DataValidationError, ParameterError
from kaili_analysis.show.words import catalogue

#: A field of a template ({name}, {n:…}): not a word of the text.
_FIELD = re.compile(r"\{\w+[:}]")


def _entries():
    """(key, (zh, en)) of every catalogue entry."""
    zh, en = catalogue.words("zh"), catalogue.words("en")
    return [(key, (zh[key], en[key])) for key in catalogue.known_keys()]


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_text_has_both_languages_with_the_same_fields() -> None:
    for key, (zh, en) in _entries():
        assert _fields(zh) == _fields(en), key
        if re.search(r"[A-Za-z]{2}", _FIELD.sub("", en)):  # words, not a sign such as ≥
            assert re.search(r"[\u4e00-\u9fff]", zh), f"{key}: zh text has no Chinese"


def test_no_number_is_typed_into_prose() -> None:
    # figures come from the data; only the plan periods (years, "13th" Plan) may be written
    for key, pair in _entries():
        for words in pair:
            for number in re.findall(r"\d+(?:\.\d+)?", words):
                allowed = {"13", "2016", "2020", "2021", "2025", "2022", "100"}
                assert number in allowed, (key, number)


def test_text_fills_values() -> None:
    assert "12" in catalogue.text("overview.section", "en", n=12)
    with pytest.raises(ParameterError, match="needs the value 'n'"):
        catalogue.text("overview.section", "zh")
    with pytest.raises(ParameterError, match="unknown catalogue key 'nope'"):
        catalogue.text("nope", "zh")
    with pytest.raises(ParameterError, match="lang must be one of"):
        catalogue.text("overview.section", "fr", n=1)


def _all_fields(template: str) -> set[str]:
    """Every field of a template, those inside plural forms ({n:…|{numbers}…}) included."""
    return set(re.findall(r"\{(\w+)[:}]", template))


_NO_NOUN = {"with", "of", "qualitative", "in"}
_VERBS = {"is", "has", "reviews", "sets", "concerns", "carries", "commits", "was"}


@pytest.mark.parametrize("n", [0, 1, 2])
def test_every_prose_key_reads_right_with_0_1_2(n: int) -> None:
    """Each count field set to 0, 1 and 2: English nouns agree with the number and 0 is
    written in words; Chinese has no '0个' and no space before a Chinese word."""
    for key, (zh, en) in _entries():
        fields = _all_fields(zh) | _all_fields(en)
        values = {f: (n if re.fullmatch(r"n(_\w+)?", f) else "X") for f in fields}
        for lang in ("zh", "en"):
            words = catalogue.text(key, lang, **values)
            assert "(s)" not in words and "{" not in words, (key, lang, words)
            if lang == "en":
                assert not re.search(r"(?<![\d.,])0 [a-z]", words), (key, words)
                for noun in re.findall(r"(?<![\d.,])1 ([a-z-]+)", words):
                    assert not noun.endswith("s") or noun in _VERBS, (key, words)
                one = catalogue.text(key, lang, **{f: 1 if isinstance(v, int) else v
                                                    for f, v in values.items()})
                phrase = r"(?<![\d.,]){} ([a-z][a-z -]*)"
                singular = set(re.findall(phrase.format(1), one)) - _VERBS
                for noun in re.findall(phrase.format(2), words):
                    # '2 with a number', '2 qualitative': no noun to agree
                    first = noun.split(" ")[0]
                    assert noun not in singular or first in _NO_NOUN, (key, words)
            else:
                assert not re.search(r"(?<![\d.])0[个条项件]", words), (key, words)
                assert not re.search(r"\d [\u4e00-\u9fff]", words), (key, words)


def test_plural_forms_need_an_integer_count() -> None:
    with pytest.raises(ParameterError, match="n must be an integer count, got '3'"):
        catalogue.text("overview.section", "en", n="3")
    assert catalogue.text("overview.section", "en", n=1) == "This section states 1 figure."
    assert catalogue.text("overview.section", "en", n=0) == "This section states no figures."
    assert catalogue.text("overview.section", "zh", n=0) == "本节没有数量表述。"


def test_every_key_of_one_language_is_in_the_other() -> None:
    assert set(catalogue.words("zh")) == set(catalogue.words("en"))


def test_no_key_is_also_the_prefix_of_another() -> None:
    keys = catalogue.known_keys()
    assert not [k for k in keys if any(other.startswith(f"{k}.") for other in keys)]


@pytest.mark.parametrize(("n", "en", "zh"), [
    (0, "no findings", "没有核查结果"), (1, "1 finding", "1条核查结果"),
    (2, "2 findings", "2条核查结果")])
def test_plural_forms_for_0_1_2(n: int, en: str, zh: str) -> None:
    assert catalogue.text("views.checks", "en", n=n) == en
    assert catalogue.text("views.checks", "zh", n=n) == zh


def test_a_form_may_hold_another_value() -> None:
    assert catalogue.text("views.item_verdict", "en", n=2, verdict="consistent") == (
        "2 consistent")
    assert catalogue.text("views.item_verdict", "zh", n=0, verdict="一致") == "没有一致的事项"


@given(st.integers(min_value=0, max_value=10**9))
def test_a_count_groups_thousands_in_english_only(n: int) -> None:
    en, zh = catalogue.count_text(n, "en"), catalogue.count_text(n, "zh")
    assert zh == str(n)
    assert en.replace(",", "") == zh
    assert all(len(group) == 3 for group in en.split(",")[1:])
    assert len(en.split(",")[0]) in (1, 2, 3)


def test_unknown_vocabulary_and_word_are_named() -> None:
    assert catalogue.label("head", "goal", "en") == "Goal"
    with pytest.raises(ParameterError, match=r"vocabulary must be one of .*got 'nope'"):
        catalogue.label("nope", "goal", "en")
    with pytest.raises(ParameterError, match=r"head must be one of .*got 'nope'"):
        catalogue.label("head", "nope", "en")
    with pytest.raises(ParameterError, match="lang must be one of"):
        catalogue.label("head", "goal", "fr")


def test_an_unreadable_catalogue_is_a_data_error(monkeypatch, tmp_path) -> None:
    (tmp_path / "zh.toml").write_text('a = "x"\nb = 3\n', encoding="utf-8")
    monkeypatch.setattr(catalogue, "CATALOGUE_DIR", tmp_path)
    catalogue.words.cache_clear()
    try:
        with pytest.raises(DataValidationError, match="entry 'b' must be text"):
            catalogue.words("zh")
    finally:
        catalogue.words.cache_clear()
