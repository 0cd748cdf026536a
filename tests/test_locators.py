"""Tests of kaili_analysis.data.locators: raw offsets, lines and paragraphs of the article.

Properties of the mapping between the normalised and the raw text (hypothesis), the
paragraph rules on small made-up articles, the edge cases (a quote across a line break, at the
start or end, across a paragraph boundary, CRLF, CR, a byte-order mark, tabs and U+3000 inside
numbers), errors, and the paragraphs of the real article as a reader sees them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kaili_analysis.data.locators import (
    LOCATOR_COLUMNS,
    LOCATOR_FIELDS,
    PARAGRAPH_FIELDS,
    locate_exclusions,
    locate_quotes,
    locate_spans,
    locate_tokens,
    paragraphs,
)
from kaili_analysis.data.provenance import normalize, numeric_tokens
from kaili_analysis.errors import ParameterError

ARTICLE_PATH = Path(__file__).resolve().parents[1] / "data" / "raw" / "000_25d5770c5c2caf2a.txt"


def _line_of(raw: str, pos: int) -> int:
    """The 1-based line of a raw offset, counted another way than the library does."""
    return len(raw[:pos].replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _one(quote: str, article: str) -> dict[str, int]:
    return locate_quotes([quote], article).iloc[0].to_dict()


# ---------------------------------------------------------------- properties of the mapping

# whitespace of every kind str.isspace knows; only \r\n, \r and \n end a line
_PIECES = [*"凯里市达亿元万人户年", *"0123456789.", *"。，“”、！", " ", "\t", "\u3000", "\n",
           "\r\n", "\r", "\n\n", "\x0b", "\x0c", "\xa0", "\x85", "\u2028", "\u200a"]
_raw_texts = st.builds(
    lambda bom, parts: ("\ufeff" if bom else "") + "".join(parts),
    st.booleans(),
    st.lists(st.sampled_from(_PIECES), max_size=80),
)


@settings(max_examples=150, deadline=None)
@given(raw=_raw_texts, data=st.data())
def test_spans_map_back_onto_the_raw_text(raw: str, data: st.DataObject) -> None:
    norm = normalize(raw)
    assume(norm.strip("\ufeff"))
    start = data.draw(st.integers(0, len(norm) - 1))
    end = data.draw(st.integers(start + 1, len(norm)))
    loc = locate_spans(raw, [start], [end]).iloc[0]
    cs, ce = int(loc["char_start"]), int(loc["char_end"])
    assert normalize(raw[cs:ce]) == norm[start:end]
    assert not raw[cs].isspace() and not raw[ce - 1].isspace()
    assert loc["line"] == _line_of(raw, cs)
    if norm[start] != "\ufeff":  # the byte-order mark belongs to no paragraph
        paras = paragraphs(raw)
        own = paras[(paras["char_start"] <= cs) & (cs < paras["char_end"])]
        assert list(own["paragraph"]) == [loc["paragraph"]]


@settings(max_examples=100, deadline=None)
@given(raw=_raw_texts)
def test_every_normalised_character_maps_to_its_raw_character(raw: str) -> None:
    norm = normalize(raw)
    assume(norm)
    n = len(norm)
    loc = locate_spans(raw, range(n), range(1, n + 1))
    starts = loc["char_start"].tolist()
    assert "".join(raw[i] for i in starts) == norm
    assert starts == sorted(set(starts))  # strictly increasing
    assert (loc["char_end"] == loc["char_start"] + 1).all()


@settings(max_examples=150, deadline=None)
@given(raw=_raw_texts)
def test_paragraphs_partition_the_text(raw: str) -> None:
    paras = paragraphs(raw)
    norm = normalize(raw)
    assert "".join(paras["text"]) == norm.removeprefix("\ufeff")
    assert list(paras["paragraph"]) == list(range(1, len(paras) + 1))
    previous_end = 0
    for p in paras.itertuples():
        assert p.text == normalize(raw[p.char_start:p.char_end]) == norm[p.norm_start:p.norm_end]
        assert not raw[p.char_start].isspace() and not raw[p.char_end - 1].isspace()
        assert normalize(raw[previous_end:p.char_start]) in ("", "\ufeff")
        # a paragraph starts with a line (after its indent) and ends with one
        assert normalize(raw[:p.char_start].rsplit("\n", 1)[-1].rsplit("\r", 1)[-1]) in (
            "", "\ufeff")
        assert p.line_start == _line_of(raw, p.char_start)
        assert p.line_end == _line_of(raw, p.char_end - 1)
        previous_end = p.char_end
    assert normalize(raw[previous_end:]) in ("", "\ufeff") or paras.empty


@settings(max_examples=100, deadline=None)
@given(raw=_raw_texts)
def test_crlf_and_cr_give_the_same_paragraphs_and_lines(raw: str) -> None:
    lf = raw.replace("\r\n", "\n").replace("\r", "\n")
    base = paragraphs(lf)[["paragraph", "line_start", "line_end", "text"]]
    for ending in ("\r\n", "\r"):
        other = paragraphs(lf.replace("\n", ending))[["paragraph", "line_start", "line_end",
                                                      "text"]]
        pd.testing.assert_frame_equal(other, base)


@settings(max_examples=100, deadline=None)
@given(raw=_raw_texts, data=st.data())
def test_a_unique_quote_is_located_like_its_span(raw: str, data: st.DataObject) -> None:
    norm = normalize(raw)
    assume(len(norm) >= 2)
    start = data.draw(st.integers(0, len(norm) - 2))
    end = data.draw(st.integers(start + 1, len(norm)))
    quote = norm[start:end]
    assume(norm.count(quote) == 1 and norm.find(quote, norm.find(quote) + 1) == -1)
    pd.testing.assert_frame_equal(locate_quotes([quote], raw), locate_spans(raw, [start], [end]))


# ---------------------------------------------------------------- edge cases


def test_quote_across_a_line_break() -> None:
    raw = "森林覆盖率提高\n至56.6%，城乡垃圾\n收运率达100%。\n"
    loc = _one("提高至56.6%", raw)
    assert raw[loc["char_start"]:loc["char_end"]] == "提高\n至56.6%"
    assert (loc["line"], loc["paragraph"]) == (1, 1)
    loc = _one("收运率达100%", raw)
    assert (loc["char_start"], loc["line"]) == (raw.index("收运"), 3)


def test_quote_at_the_start_and_at_the_end_of_the_article() -> None:
    raw = "5461 名党员干部结对帮扶。\n\n建成5G基站644个"
    first = _one("5461名党员", raw)
    assert (first["char_start"], first["line"], first["paragraph"]) == (0, 1, 1)
    last = _one("644个", raw)
    assert last["char_end"] == len(raw)
    assert (last["line"], last["paragraph"]) == (3, 2)
    # trailing whitespace after the last word is not part of the quote
    last = _one("644个", raw + "\n \n")
    assert last["char_end"] == len(raw)


def test_quote_at_a_paragraph_boundary() -> None:
    raw = "全市累计接待游客1227.21万人次。\n\n旅游综合收入年均增长13.15%。\n"
    second = _one("旅游综合收入", raw)
    assert (second["paragraph"], second["line"]) == (2, 3)
    assert second["char_start"] == raw.index("旅游综合")
    # a quote across the boundary begins, and so is placed, in the first paragraph
    across = _one("万人次。旅游", raw)
    assert (across["paragraph"], across["line"]) == (1, 1)
    assert raw[across["char_start"]:across["char_end"]] == "万人次。\n\n旅游"


def test_crlf_line_endings() -> None:
    lf = "这五年，城镇累计新增就业11.17万人。\n\n劳务输出务\n工就业3.13万人。\n"
    crlf = lf.replace("\n", "\r\n")
    a, b = _one("务工就业3.13万人", lf), _one("务工就业3.13万人", crlf)
    assert (a["line"], a["paragraph"]) == (b["line"], b["paragraph"]) == (3, 2)
    assert crlf[b["char_start"]:b["char_end"]] == "务\r\n工就业3.13万人"
    assert b["char_start"] == a["char_start"] + 2  # two \r before it
    assert list(paragraphs(crlf)["text"]) == list(paragraphs(lf)["text"])


def test_a_byte_order_mark_shifts_offsets_and_belongs_to_no_paragraph() -> None:
    raw = "\ufeff森林覆盖率提高至56.6%。\n"
    loc = _one("森林覆盖率", raw)
    assert (loc["char_start"], loc["line"], loc["paragraph"]) == (1, 1, 1)
    paras = paragraphs(raw)
    assert paras.loc[0, "text"] == "森林覆盖率提高至56.6%。"
    assert (paras.loc[0, "char_start"], paras.loc[0, "norm_start"]) == (1, 1)
    tokens = locate_tokens(numeric_tokens(raw), raw)
    assert raw[tokens.loc[0, "char_start"]:tokens.loc[0, "char_end"]] == "56.6"


@pytest.mark.parametrize("space", ["\t", "\u3000", " ", "\u3000\n"])
def test_whitespace_inside_a_number(space: str) -> None:
    raw = f"易地扶贫搬迁10{space}027 户 44179{space}人进城安居。"
    loc = _one("10027户44179人", raw)
    assert raw[loc["char_start"]:loc["char_end"]] == f"10{space}027 户 44179{space}人"
    tokens = locate_tokens(numeric_tokens(raw), raw)
    assert list(tokens["token"]) == ["10027", "44179"]
    assert raw[tokens.loc[0, "char_start"]:tokens.loc[0, "char_end"]] == f"10{space}027"
    assert (tokens["line"] == [1, 2 if "\n" in space else 1]).all()


# ---------------------------------------------------------------- paragraph rules


def _texts(raw: str) -> list[str]:
    return list(paragraphs(raw)["text"])


# lines of a column about 25 characters wide, as in the article
_A1 = "全市上下在以习近平同志为核心的党中央坚强领导下，认真"
_A2 = "贯彻落实习近平总书记视察贵州的重要指示精神，坚持以脱"
_A3 = "贫攻坚统揽经济社会发展全局，胜利完成规划主要目标任务。"  # full, ends a sentence
_B1 = "脱贫战果顺利通过国家和省级验收，人民群众生活水平明显"
_B2 = "提高。"
_A = _A1 + _A2 + _A3
_B = _B1 + _B2


def test_blank_line_between_sentences_is_a_break_but_not_inside_a_sentence() -> None:
    raw = f"{_A1}\n{_A2}\n\n{_A3}\n\n{_B1}\n{_B2}\n"
    assert _texts(raw) == [_A, _B]


def test_a_full_line_without_punctuation_before_a_blank_is_a_column_break() -> None:
    first = "凯里市深入学习贯彻习近平新时代中国特色社会主义思想和"
    raw = f"{first}\n\n习近平总书记视察贵州重要讲话指示精神，牢记嘱托、感恩\n奋进。\n\n{_B1}\n{_B2}"
    assert _texts(raw) == [first + "习近平总书记视察贵州重要讲话指示精神，牢记嘱托、感恩奋进。", _B]


def test_a_heading_without_punctuation_stands_alone() -> None:
    raw = (f"精锐尽出——战贫困\n\n{_A1}\n{_A2}\n{_A3}\n\n因势而谋绘就新蓝图\n乘势而上开启新征程\n\n"
           f"{_B1}\n{_B2}\n\n（本版图片均由凯里市委宣传部提供）\n")
    assert _texts(raw) == ["精锐尽出——战贫困", _A, "因势而谋绘就新蓝图乘势而上开启新征程", _B,
                           "（本版图片均由凯里市委宣传部提供）"]


def test_indented_lines_start_paragraphs() -> None:
    raw = f"\u3000\u3000{_A1}\n{_A2}\n\u3000\u3000{_B1}\n{_B2}\n  {_A1}\n"
    assert _texts(raw) == [_A1 + _A2, _B, _A1]
    assert list(paragraphs(raw)["char_start"]) == [2, raw.index(_B1), raw.rindex(_A1)]


def test_a_short_line_ending_a_sentence_ends_its_paragraph() -> None:
    raw = f"{_A1}\n{_A2}\n胜利完成任务。\n{_B1}\n{_B2}\n"
    assert _texts(raw) == [_A1 + _A2 + "胜利完成任务。", _B]


def test_a_full_line_ending_a_sentence_is_a_hard_wrap() -> None:
    raw = f"{_A1}\n{_A2}\n{_A3}\n{_B1}\n{_B2}\n"
    assert _texts(raw) == [_A + _B]


def test_a_full_line_ending_a_sentence_before_a_parallel_opening() -> None:
    lines = [
        "围绕“文明”提升“品位”，全力推进“文化新都”建设。着力",
        "展示民族文化，加强民族文化保护传承，大力开展文化创建。",
        "",
        "围绕“环保”增添“绿色”，全力推进“生态新域”建设。以铁",
        "的手腕打好蓝天、碧水、净土保卫战，全面推行林长制度。",
        "围绕“改革”激发“活力”，全力推进“开放新地”建设。主动",
        "融入国家级开放创新平台，培育具有区域竞争力的产业集群。",
        "深化“放管服”改革，抓好“贵人服务”品牌建设，持续发挥",
        "作用。",
    ]
    texts = _texts("\n".join(lines))
    assert texts == ["".join(lines[0:2]), "".join(lines[3:5]), "".join(lines[5:])]


def test_sentence_end_with_closing_quote() -> None:
    raw = f"“雄关漫道真如铁，而今迈步从头越”。\n{_A1}\n{_A2}\n{_A3}\n"
    assert _texts(raw) == ["“雄关漫道真如铁，而今迈步从头越”。", _A]
    # a closing quote after a word ends no sentence
    raw = f"{_A1}\n从“环境美”\n\n向“生活美”，从“外在美”向“内涵美”……\n\n{_B1}\n{_B2}"
    assert _texts(raw) == [_A1 + "从“环境美”向“生活美”，从“外在美”向“内涵美”……", _B]


def test_empty_and_blank_articles_have_no_paragraphs() -> None:
    for raw in ("", " \n\u3000\r\n\t", "\ufeff"):
        paras = paragraphs(raw)
        assert paras.empty
        assert list(paras.columns) == [f["name"] for f in PARAGRAPH_FIELDS]


def test_paragraph_columns_types_and_descriptions() -> None:
    paras = paragraphs("第一段。\n\n第二段。")
    assert list(paras.columns) == [f["name"] for f in PARAGRAPH_FIELDS]
    assert all(paras[c].dtype == "int64" for c in paras.columns if c != "text")
    assert set(paras.attrs["descriptions"]) == set(paras.columns)


# ---------------------------------------------------------------- errors and shapes


def test_locator_fields_are_described_once() -> None:
    assert LOCATOR_COLUMNS == ("char_start", "char_end", "paragraph", "line")
    for field in LOCATOR_FIELDS:
        assert field["type"] == "integer" and field["description"]
        assert field["constraints"]["required"] is True


def test_locate_quotes_keeps_a_series_index_and_types() -> None:
    raw = "建成5G基站644个。\n光缆长度达3.02万公里。"
    quotes = pd.Series(["光缆长度", "5G基站"], index=[7, 3])
    loc = locate_quotes(quotes, raw)
    assert list(loc.index) == [7, 3]
    assert list(loc.columns) == list(LOCATOR_COLUMNS)
    assert (loc.dtypes == "int64").all()
    assert locate_quotes([], raw).empty and (locate_quotes([], raw).dtypes == "int64").all()


@pytest.mark.parametrize(("quote", "match"), [
    ("没有的话", "occurs 0 times"),
    ("5G", "occurs 2 times"),
    (" \n", "occurs 0 times"),
])
def test_locate_quotes_needs_exactly_one_occurrence(quote: str, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        locate_quotes([quote], "建成5G基站644个，5G基站494个。")


@pytest.mark.parametrize(("start", "end"), [(0, 0), (-1, 2), (3, 2), (0, 99)])
def test_locate_spans_rejects_bad_spans(start: int, end: int) -> None:
    with pytest.raises(ParameterError, match=re.escape(f"[{start}, {end})")):
        locate_spans("建成 5G\n基站", [start], [end])


def test_article_must_be_a_string() -> None:
    with pytest.raises(ParameterError, match="article"):
        paragraphs(None)  # type: ignore[arg-type]


def test_locate_tokens_needs_offsets() -> None:
    with pytest.raises(ParameterError, match="start"):
        locate_tokens(pd.DataFrame({"token": ["5"]}), "5")


def test_locate_exclusions_finds_the_numeric_token_not_the_first_match() -> None:
    raw = "贯彻省委十二届\n十次全会精神。"
    ex = pd.DataFrame({"token": ["十二", "十"], "context": ["省委十二届十次全会"] * 2})
    loc = locate_exclusions(ex, raw)
    assert [raw[r.char_start:r.char_end] for r in loc.itertuples()] == ["十二", "十"]
    assert list(loc["line"]) == [1, 2]
    assert loc.loc[1, "char_start"] == raw.index("十次")


def test_locate_exclusions_falls_back_to_the_text_when_no_token_matches() -> None:
    # 一 alone is never a numeric token; the exclusion is placed where its text stands
    ex = pd.DataFrame({"token": ["一"], "context": ["一批公园"]})
    loc = locate_exclusions(ex, "建成\n一批公园。")
    assert (loc.loc[0, "char_start"], loc.loc[0, "line"]) == (3, 2)


@pytest.mark.parametrize(("frame", "match"), [
    (pd.DataFrame({"token": ["5"]}), "columns"),
    (pd.DataFrame({"token": ["9"], "context": ["5G基站"]}), "does not hold"),
    (pd.DataFrame({"token": ["5"], "context": ["6G基站"]}), "not in the article"),
])
def test_locate_exclusions_errors(frame: pd.DataFrame, match: str) -> None:
    with pytest.raises(ParameterError, match=match):
        locate_exclusions(frame, "建成5G基站644个。")


# ---------------------------------------------------------------- the real article


@pytest.fixture(scope="module")
def article() -> str:
    return ARTICLE_PATH.read_text(encoding="utf-8")


def test_real_article_paragraphs_as_a_reader_sees_them(article: str) -> None:
    paras = paragraphs(article)
    # the first line of every paragraph, read off the raw file: blank lines at 5, 33, 36, 50,
    # 95, 119, 142, 189, 232, 282, 307, 310, 322, 328, 365 and 372 fall inside sentences
    # (column breaks of the printed page) and are no breaks; 4, 35, 231 and 309 start
    # paragraphs without a blank line before them
    assert list(paras["line_start"]) == [
        2, 4, 14, 21, 28, 30, 35, 43, 47, 54, 62, 64, 77, 89, 105, 113, 115, 123, 132, 140,
        146, 149, 153, 157, 170, 172, 183, 196, 206, 214, 224, 227, 230, 231, 237, 248, 260,
        273, 276, 280, 300, 303, 309, 327, 346, 361, 380, 396, 410, 416, 418, 421,
    ]
    text = dict(zip(paras["line_start"], paras["text"], strict=True))
    assert text[2] == "干群同心，奋进五载；砥砺前行，硕果满枝。"
    assert text[28] == "精锐尽出——战贫困"
    assert text[227] == "因势而谋绘就新蓝图乘势而上开启新征程"
    assert "以习近平同志为核心的党中央" in text[4]
    assert text[30].endswith("掀起一场“摘穷帽”的人民战争。")
    # the ten projects of 2022 are one paragraph, items (1) to (10) inline
    assert text[280].startswith("2022年，凯里市将全力实施好十件民生实事：（1）")
    assert text[280].endswith("（10）建设国储林1万亩；建设高标准农田1万亩。")
    # the five parallel sections of the outlook each open a paragraph
    openers = [t for t in paras["text"] if t.startswith("围绕“")]
    assert [t[:6] for t in openers] == ["围绕“四新”", "围绕“文明”", "围绕“环保”", "围绕“改革”",
                                        "围绕“民生”"]


def test_real_article_tokens_located(article: str) -> None:
    tokens = locate_tokens(numeric_tokens(article), article)
    paras = paragraphs(article)
    for t in tokens.itertuples():
        assert normalize(article[t.char_start:t.char_end]) == t.token
        assert t.line == _line_of(article, t.char_start)
        p = paras.iloc[t.paragraph - 1]
        assert p.text[t.start - p.norm_start:t.end - p.norm_start] == t.token
