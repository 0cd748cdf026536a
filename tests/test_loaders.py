"""Loaders: validation errors on small broken copies of the data, caching, the real tables."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import kaili_analysis as ka
from kaili_analysis import config
from kaili_analysis.analysis.parameters import section_ids
from kaili_analysis.errors import DataValidationError, KailiError, RawDataChangedError

#: The raw article's file name (the article resource of data/datapackage.json).
ARTICLE_FILE = "000_25d5770c5c2caf2a.txt"

ARTICLE = (
    "这五年，凯里市森林覆盖率提高至56.6%，\n农林牧渔业总产值从27.19亿元增加到38.13\n"
    "亿元。到2025年，城市建成区面积达90平方公里以上。2022年，建成5个易地搬迁安置点超市。\n"
)

SECTIONS = [
    {"id": "preamble", "order": "1", "title_zh": "导语", "title_en": "Preamble", "heading": ""},
    {"id": "outlook", "order": "2", "title_zh": "展望", "title_en": "Outlook", "heading": ""},
]


def _ind(id_, concept, zh, en, text, value, unit, base, ubase, kind, quote, period="",
         qualifier="eq", section="preamble"):
    return {
        "id": id_, "section": section, "topic": "general", "concept": concept,
        "indicator_zh": zh, "indicator_en": en, "value_text": text, "value": value,
        "unit": unit, "value_base": base, "unit_base": ubase, "qualifier": qualifier,
        "period": period, "kind": kind, "quote": quote, "note": "",
    }


INDICATORS = [
    _ind("forest", "forest", "森林覆盖率", "Forest coverage", "56.6", "56.6", "%", "56.6",
         "percent", "share", "森林覆盖率提高至56.6%", "2020"),
    _ind("agri_start", "agri", "农林牧渔业总产值", "Agri output", "27.19", "27.19", "亿元",
         "2719000000", "yuan", "level", "从27.19亿元增加到38.13亿元", "2015"),
    _ind("agri_end", "agri", "农林牧渔业总产值", "Agri output", "38.13", "38.13", "亿元",
         "3813000000", "yuan", "level", "从27.19亿元增加到38.13亿元", "2020"),
    _ind("area_2025", "area", "建成区面积", "Built-up area", "90", "90", "平方公里", "90",
         "km2", "target_level", "城市建成区面积达90平方公里以上", "2025", "ge", "outlook"),
    _ind("markets", "markets", "安置点超市", "Markets", "5", "5", "个", "5", "count",
         "project_target", "建成5个易地搬迁安置点超市", "2022", "eq", "outlook"),
]
TARGETS = [{
    "id": "built_up_area", "goal_zh": "建成区面积90平方公里以上", "goal_en": "Built-up area",
    "goal_type": "level", "indicator_id": "area_2025", "base_indicator_id": "",
    "history_rate_indicator_id": "", "history_start_indicator_id": "", "pair_id": "",
    "quote": "城市建成区面积达90平方公里以上", "note": "",
}]
PROJECTS = [{
    "id": "markets", "project_no": "4", "project_zh": "超市", "project_en": "Markets",
    "indicator_id": "markets", "comparable_indicator_id": "", "comparison": "",
}]
EXCLUSIONS = [
    {"token": "2025", "context": "到2025年", "category": "date", "reason": "a date"},
    {"token": "2022", "context": "2022年，建成", "category": "date", "reason": "a date"},
]

GLOSSARY = [{"term_zh": "森林覆盖率", "term_en": "forest coverage", "note": "", "note_zh": ""}]


def _write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A small valid data directory with its own article, metadata and descriptor."""
    root = tmp_path / "data"
    (root / "raw").mkdir(parents=True)
    raw = root / "raw" / ARTICLE_FILE
    raw.write_text(ARTICLE, encoding="utf-8")
    sha = hashlib.sha256(raw.read_bytes()).hexdigest()
    (root / "raw" / config.ARTICLE_METADATA).write_text("{}", encoding="utf-8")
    pkg = json.loads((config.DEFAULT_DATA_DIR / config.DATAPACKAGE_FILE).read_text("utf-8"))
    for res in pkg["resources"]:
        if res["name"] == "article":
            res["hash"] = f"sha256:{sha}"
    (root / config.DATAPACKAGE_FILE).write_text(json.dumps(pkg, ensure_ascii=False), "utf-8")
    _write_csv(root / "sections.csv", SECTIONS)
    _write_csv(root / "indicators.csv", INDICATORS)
    _write_csv(root / "targets_2025.csv", TARGETS)
    _write_csv(root / "projects_2022.csv", PROJECTS)
    _write_csv(root / "exclusions.csv", EXCLUSIONS)
    _write_csv(root / "glossary.csv", GLOSSARY)
    ka.clear_cache()
    return root


def _edit(root: Path, name: str, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV (line is 1-based, the header is line 1)."""
    path = root / name
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[line - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _raises(root: Path, loader, *, file: str, line: int | None, column: str | None, match: str):
    with pytest.raises(DataValidationError, match=match) as info:
        loader(root)
    err = info.value
    assert err.path is not None and err.path.name == file
    assert err.line == line
    assert err.column == column
    assert file in str(err)
    if line is not None:
        assert f"line {line}" in str(err)
    return err


def test_mini_dataset_loads(mini: Path) -> None:
    ind = ka.load_indicators(mini)
    assert list(ind["id"]) == [r["id"] for r in INDICATORS]
    assert ind["value"].dtype == "float64"
    assert ind.loc[ind["id"] == "agri_end", "value_base"].item() == 3_813_000_000
    assert ind.attrs["descriptions"]["quote"].startswith("The exact words")
    targets = ka.load_targets(mini)
    assert targets.loc[0, "value"] == 90 and targets.loc[0, "qualifier"] == "ge"
    projects = ka.load_projects(mini)
    assert projects.loc[0, "project_no"] == 4 and projects.loc[0, "quote"].startswith("建成5个")
    assert "line_no" not in ind.columns
    assert ka.load_glossary(mini).to_dict("records") == GLOSSARY


def test_missing_column(mini: Path) -> None:
    df = pd.read_csv(mini / "indicators.csv", dtype=str, keep_default_na=False)
    df.drop(columns="kind").to_csv(mini / "indicators.csv", index=False)
    _raises(mini, ka.load_indicators, file="indicators.csv", line=1, column="kind",
            match="missing column")


def test_value_not_a_number(mini: Path) -> None:
    _edit(mini, "indicators.csv", 3, "value", "27,19")
    _raises(mini, ka.load_indicators, file="indicators.csv", line=3, column="value",
            match="'27,19' is not a number")


def test_duplicate_id(mini: Path) -> None:
    _edit(mini, "indicators.csv", 4, "id", "agri_start")
    err = _raises(mini, ka.load_indicators, file="indicators.csv", line=4, column="id",
                  match="duplicate value 'agri_start'")
    assert "line 3" in str(err)


@pytest.mark.parametrize(
    ("column", "value", "match"),
    [
        ("unit", "万斤", "unknown unit '万斤'"),
        ("kind", "guess", "'guess' is not allowed; expected one of 'level'"),
        ("qualifier", "about", "'about' is not allowed; expected one of 'eq'"),
        ("section", "nowhere", "'nowhere' is not allowed"),
        ("unit_base", "persons", "'persons' is not a base unit of '%'"),
        ("value_base", "0.566", "does not equal value × unit factor"),
        ("period", "2020年", "does not match the pattern"),
        ("id", "Forest-Coverage", "does not match the pattern"),
    ],
)
def test_bad_vocabulary(mini: Path, column: str, value: str, match: str) -> None:
    _edit(mini, "indicators.csv", 2, column, value)
    _raises(mini, ka.load_indicators, file="indicators.csv", line=2, column=column, match=match)


def test_quote_not_in_article(mini: Path) -> None:
    _edit(mini, "indicators.csv", 2, "quote", "森林覆盖率提高至60%")
    _raises(mini, ka.load_indicators, file="indicators.csv", line=2, column="quote",
            match="is not in the article")


def test_quote_found_across_line_wraps(mini: Path) -> None:
    # the article wraps "38.13\n亿元": the quote without the wrap is found
    assert "38.13\n亿元" in ARTICLE
    assert len(ka.load_indicators(mini)) == len(INDICATORS)


def test_ambiguous_quote(mini: Path) -> None:
    _edit(mini, "indicators.csv", 2, "quote", "亿元")
    _raises(mini, ka.load_indicators, file="indicators.csv", line=2, column="quote",
            match="occurs 2 times")


def test_value_not_in_quote(mini: Path) -> None:
    _edit(mini, "indicators.csv", 2, "value_text", "56.5")
    _edit(mini, "indicators.csv", 2, "value", "56.5")
    _edit(mini, "indicators.csv", 2, "value_base", "56.5")
    _raises(mini, ka.load_indicators, file="indicators.csv", line=2, column="value_text",
            match="does not appear in its quote")


def test_value_differs_from_its_text(mini: Path) -> None:
    _edit(mini, "indicators.csv", 2, "value", "5.66")
    _edit(mini, "indicators.csv", 2, "value_base", "5.66")
    _raises(mini, ka.load_indicators, file="indicators.csv", line=2, column="value",
            match="differs from value_text")


def test_raw_article_changed(mini: Path) -> None:
    raw = mini / "raw" / ARTICLE_FILE
    raw.write_text(ARTICLE.replace("56.6", "66.6"), encoding="utf-8")
    with pytest.raises(RawDataChangedError, match=r"sha256 is .* but datapackage\.json records"):
        ka.load_indicators(mini)


def test_missing_required_value(mini: Path) -> None:
    _edit(mini, "indicators.csv", 5, "indicator_en", "")
    _raises(mini, ka.load_indicators, file="indicators.csv", line=5, column="indicator_en",
            match="is empty; a value is required")


def test_dangling_foreign_key(mini: Path) -> None:
    _edit(mini, "targets_2025.csv", 2, "base_indicator_id", "no_such_record")
    _raises(mini, ka.load_targets, file="targets_2025.csv", line=2, column="base_indicator_id",
            match="'no_such_record' is not an id of indicators")


def test_goal_must_point_at_a_target_record(mini: Path) -> None:
    _edit(mini, "targets_2025.csv", 2, "indicator_id", "forest")
    _raises(mini, ka.load_targets, file="targets_2025.csv", line=2, column="indicator_id",
            match="a goal must point at a target_\\* record")


def test_project_number_out_of_range(mini: Path) -> None:
    _edit(mini, "projects_2022.csv", 2, "project_no", "11")
    _raises(mini, ka.load_projects, file="projects_2022.csv", line=2, column="project_no",
            match="above the maximum 10")


def test_a_commitment_is_compared_only_with_a_figure_of_its_base_unit(mini: Path) -> None:
    """85 % gas coverage is not comparable with a count of communities."""
    _edit(mini, "projects_2022.csv", 2, "comparable_indicator_id", "forest")
    _edit(mini, "projects_2022.csv", 2, "comparison", "related")
    _raises(mini, ka.load_projects, file="projects_2022.csv", line=2,
            column="comparable_indicator_id",
            match="'forest' counts 'percent' but the commitment counts 'count'")


def test_real_rows_say_what_their_figures_are() -> None:
    """Labels keep their conditions, periods and kinds say what the article says."""
    ind = ka.load_indicators().set_index("id")
    broadband = ind.loc["rural_broadband_coverage"]
    assert "30户以上" in broadband["indicator_zh"] and "30 or more" in broadband["indicator_en"]
    flows = ind[ind["indicator_zh"].str.contains("出栏|总产量")]
    assert len(flows) == 3 and (flows["kind"] != "level").all()  # flows, not stocks
    since = ind[ind["note"].str.contains("十三五”以来")]
    assert len(since) and (since["period"] == "2016-").all()  # open: its end is not stated
    assert ind.loc["west_china_top100_years", "period"] == ""  # 连续5年: no start, no end
    assert (ind.loc[ind["unit"] == "户", "unit_base"] != "households").sum() >= 2
    sections = ka.load_sections().set_index("id")
    assert "farming" in sections.loc["industry", "title_en"]  # 兴产业: every sector


def test_exclusion_context_must_hold_its_token(mini: Path) -> None:
    _edit(mini, "exclusions.csv", 2, "token", "2024")
    _raises(mini, ka.load_exclusions, file="exclusions.csv", line=2, column="token",
            match="does not appear in its context")


def test_row_with_too_many_cells(mini: Path) -> None:
    with (mini / "sections.csv").open("a", encoding="utf-8") as fh:
        fh.write("captions,3,图注,Captions,,extra\n")
    _raises(mini, ka.load_sections, file="sections.csv", line=4, column=None,
            match="has 6 cells, the header has 5")


def test_missing_data_dir(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match="does not exist; pass data_dir="):
        ka.load_indicators(tmp_path / "nowhere")


def test_errors_share_one_base() -> None:
    assert issubclass(DataValidationError, KailiError)
    assert issubclass(RawDataChangedError, DataValidationError)


def test_cache_returns_copies_and_notices_edits(mini: Path) -> None:
    first = ka.load_indicators(mini)
    first.loc[0, "value"] = -1
    again = ka.load_indicators(mini)
    assert again.loc[0, "value"] == 56.6
    version = ka.data_version(mini)
    _edit(mini, "indicators.csv", 2, "note", "edited")
    assert ka.load_indicators(mini).loc[0, "note"] == "edited"
    assert ka.data_version(mini) != version


def _rename(root: Path, name: str, new_path: str) -> None:
    """Move the file of resource ``name`` to ``new_path`` and say so in the descriptor."""
    descriptor = root / config.DATAPACKAGE_FILE
    pkg = json.loads(descriptor.read_text("utf-8"))
    (res,) = [r for r in pkg["resources"] if r["name"] == name]
    (root / new_path).parent.mkdir(parents=True, exist_ok=True)
    (root / res["path"]).rename(root / new_path)
    res["path"] = new_path
    descriptor.write_text(json.dumps(pkg, ensure_ascii=False), "utf-8")


def test_the_cache_follows_the_files_the_descriptor_names(mini: Path) -> None:
    before = ka.load_indicators(mini)
    _rename(mini, "indicators", "tables/statements.csv")
    _rename(mini, "article", "text/article.txt")
    (mini / "raw" / config.ARTICLE_METADATA).rename(mini / "text" / config.ARTICLE_METADATA)
    assert ka.load_indicators(mini).equals(before)
    assert ka.load_indicators(mini).attrs["source"] == str(mini / "tables/statements.csv")
    assert ka.load_article(mini) == ARTICLE
    _edit(mini, "tables/statements.csv", 2, "note", "edited")  # the renamed file is read
    assert ka.load_indicators(mini).loc[0, "note"] == "edited"
    (mini / "indicators.csv").write_text("stale", "utf-8")  # the old name is not read
    assert ka.load_indicators(mini).loc[0, "note"] == "edited"


@pytest.mark.parametrize(("path", "match"), [
    (None, "resource 'article' has no 'path'"),
    ("", "resource 'article' has no 'path'"),
    ("../outside.txt", "must be a file inside the data folder"),
    ("/etc/hostname", "must be a file inside the data folder"),
    ("raw/none.txt", "the raw article is missing"),
])
def test_a_broken_article_resource_is_named(mini: Path, path: str | None, match: str) -> None:
    descriptor = mini / config.DATAPACKAGE_FILE
    pkg = json.loads(descriptor.read_text("utf-8"))
    (res,) = [r for r in pkg["resources"] if r["name"] == "article"]
    if path is None:
        del res["path"]
    else:
        res["path"] = path
    descriptor.write_text(json.dumps(pkg, ensure_ascii=False, indent=2), "utf-8")
    with pytest.raises(DataValidationError, match=match):
        ka.load_indicators(mini)


def test_the_article_hash_is_recorded_once(mini: Path) -> None:
    descriptor = mini / config.DATAPACKAGE_FILE
    pkg = json.loads(descriptor.read_text("utf-8"))
    (res,) = [r for r in pkg["resources"] if r["name"] == "article"]
    del res["hash"]
    descriptor.write_text(json.dumps(pkg, ensure_ascii=False), "utf-8")
    with pytest.raises(DataValidationError, match="needs a 'hash' of the form sha256:") as info:
        ka.load_article(mini)
    assert info.value.path == descriptor
    info = ka.article_info()  # the file name and hash come from the descriptor
    assert info["sha256"] == hashlib.sha256(ka.load_article().encode()).hexdigest()
    assert info["file"] == ARTICLE_FILE


def test_env_var_points_at_another_copy(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(config.DATA_DIR_ENV, str(mini))
    assert len(ka.load_indicators()) == len(INDICATORS)


# --- the real dataset -------------------------------------------------------------------------


def test_real_tables_load() -> None:
    ind = ka.load_indicators()
    assert ind["id"].is_unique
    assert len(ind) > 100
    assert set(ind["section"]) <= set(ka.load_sections()["id"])
    targets = ka.load_targets()
    assert targets["indicator_id"].replace("", pd.NA).dropna().isin(ind["id"]).all()
    projects = ka.load_projects()
    # project 8 commits to no number, so it has no row; every other project has one or more
    assert set(projects["project_no"]) <= set(range(1, 11))
    assert projects["project_no"].nunique() >= 9
    assert (projects["id"] == projects["indicator_id"]).all()


def test_real_raw_file_is_the_seed() -> None:
    seed = config.REPO_ROOT.parent / "shared" / "seeds" / ARTICLE_FILE
    if not seed.exists():
        pytest.skip("the shared seed folder is not beside this checkout")
    assert (config.DEFAULT_DATA_DIR / "raw" / ARTICLE_FILE).read_bytes() == seed.read_bytes()


def test_real_copy_with_changed_raw_file(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(config.DEFAULT_DATA_DIR, copy)
    raw = copy / "raw" / ARTICLE_FILE
    raw.write_bytes(raw.read_bytes() + b" ")
    with pytest.raises(RawDataChangedError):
        ka.load_indicators(copy)


# --- locators: where each record stands in the raw article -----------------------------------

LOCATED = {"load_indicators": "quote", "load_targets": "quote", "load_projects": "quote",
           "load_exclusions": "token"}


def _line_of(raw: str, pos: int) -> int:
    return len(raw[:pos].replace("\r\n", "\n").replace("\r", "\n").split("\n"))


def _check_locators(frame: pd.DataFrame, column: str, article: str) -> None:
    """Every row: the raw text between its offsets, whitespace removed, is its quote (token);
    its line and paragraph are those of char_start."""
    from kaili_analysis.data.locators import LOCATOR_COLUMNS, paragraphs
    from kaili_analysis.data.provenance import normalize

    assert list(frame.columns[-4:]) == list(LOCATOR_COLUMNS)
    assert (frame[list(LOCATOR_COLUMNS)].dtypes == "int64").all()
    paras = paragraphs(article)
    for row in frame.itertuples():
        words = article[row.char_start:row.char_end]
        assert normalize(words) == normalize(getattr(row, column)), (row.Index, words)
        assert not words[0].isspace() and not words[-1].isspace()
        assert row.line == _line_of(article, row.char_start)
        own = paras.iloc[row.paragraph - 1]
        assert own.char_start <= row.char_start < own.char_end


def test_mini_dataset_has_locators(mini: Path) -> None:
    article = ka.load_article(mini)
    for loader, column in LOCATED.items():
        _check_locators(getattr(ka, loader)(mini), column, article)
    ind = ka.load_indicators(mini).set_index("id")
    # 从27.19亿元增加到38.13 / 亿元: the quote crosses a line break
    agri = ind.loc["agri_end"]
    assert article[agri.char_start:agri.char_end] == "从27.19亿元增加到38.13\n亿元"
    assert (agri.line, agri.paragraph) == (2, 1)
    assert ind.loc["forest", "char_start"] == article.index("森林覆盖率")
    exclusions = ka.load_exclusions(mini)
    assert list(exclusions["line"]) == [3, 3]
    assert ka.load_projects(mini).loc[0, "char_start"] == ind.loc["markets", "char_start"]


def test_locator_columns_are_described() -> None:
    from kaili_analysis.data.locators import LOCATOR_FIELDS

    for loader in LOCATED:
        descriptions = getattr(ka, loader)().attrs["descriptions"]
        for field in LOCATOR_FIELDS:
            assert descriptions[field["name"]] == field["description"]
    assert "char_start" not in ka.load_sections().columns


@pytest.mark.parametrize("loader", list(LOCATED))
def test_every_real_record_and_exclusion_is_located(loader: str) -> None:
    frame = getattr(ka, loader)()
    assert len(frame) > 10
    _check_locators(frame, LOCATED[loader], ka.load_article())


def test_real_exclusions_are_located_on_the_token_that_coverage_excludes() -> None:
    from kaili_analysis.data.locators import locate_tokens
    from kaili_analysis.data.provenance import coverage

    article = ka.load_article()
    exclusions = ka.load_exclusions()
    tokens = locate_tokens(coverage(ka.load_indicators(), exclusions, article), article)
    by_start = tokens.set_index("char_start")
    for row in exclusions.itertuples():
        token = by_start.loc[row.char_start]
        assert token.token == row.token and token.char_end == row.char_end
        assert f"exclusion:{row.category}" in token.covered_by.split(";")


def test_crlf_copy_with_a_byte_order_mark_locates_the_same_words(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(config.DEFAULT_DATA_DIR, copy)
    raw = copy / "raw" / ARTICLE_FILE
    text = "\ufeff" + raw.read_text(encoding="utf-8").replace("\n", "\r\n")
    raw.write_bytes(text.encode("utf-8"))
    sha = hashlib.sha256(raw.read_bytes()).hexdigest()
    pkg = json.loads((copy / config.DATAPACKAGE_FILE).read_text("utf-8"))
    for res in pkg["resources"]:
        if res["name"] == "article":
            res["hash"] = f"sha256:{sha}"
    (copy / config.DATAPACKAGE_FILE).write_text(json.dumps(pkg, ensure_ascii=False), "utf-8")

    article = ka.load_article(copy)
    assert article.startswith("\ufeff") and "\r\n" in article
    for loader, column in LOCATED.items():
        crlf, lf = getattr(ka, loader)(copy), getattr(ka, loader)()
        _check_locators(crlf, column, article)
        assert list(crlf["line"]) == list(lf["line"])
        assert list(crlf["paragraph"]) == list(lf["paragraph"])
        # one more character per line break before it (\r), and one for the mark
        assert list(crlf["char_start"]) == [s + line for s, line in
                                            zip(lf["char_start"], lf["line"], strict=True)]


def test_locator_fields_are_a_frictionless_schema_for_the_loaded_columns() -> None:
    """LOCATOR_FIELDS can go into an export's datapackage as they are: frictionless accepts the
    loaded columns against them and rejects a negative offset."""
    import frictionless

    from kaili_analysis.data.locators import LOCATOR_COLUMNS, LOCATOR_FIELDS

    schema = frictionless.Schema.from_descriptor(
        {"fields": [json.loads(json.dumps(f)) for f in LOCATOR_FIELDS]})
    for loader in LOCATED:
        frame = getattr(ka, loader)()[list(LOCATOR_COLUMNS)]
        rows = [list(LOCATOR_COLUMNS), *frame.astype(str).to_numpy().tolist()]
        report = frictionless.Resource(data=rows, schema=schema).validate()
        assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    bad = [list(LOCATOR_COLUMNS), ["-1", "3", "1", "1"]]
    assert not frictionless.Resource(data=bad, schema=schema).validate().valid


def test_a_quote_stored_with_whitespace_is_located_too(mini: Path) -> None:
    # the loader accepts a quote copied with the article's line break; its locator is the same
    _edit(mini, "indicators.csv", 4, "quote", "从27.19亿元增加到38.13\n亿元")
    ind = ka.load_indicators(mini)
    _check_locators(ind, "quote", ka.load_article(mini))
    assert ind.loc[2, "quote"] == "从27.19亿元增加到38.13\n亿元"
    assert ind.loc[2, ["char_start", "char_end"]].tolist() == \
        ind.loc[1, ["char_start", "char_end"]].tolist()


# -- hostile data: every problem is a DataValidationError with file, line, column


def test_a_byte_order_mark_is_accepted(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plain = ka.load_indicators(mini)
    monkeypatch.setenv(config.DATA_DIR_ENV, str(mini))
    ids = section_ids()
    for name in ("indicators.csv", "sections.csv"):
        path = mini / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())  # as Excel saves UTF-8
    with_bom = ka.load_indicators(mini)
    assert with_bom.attrs["data_version"] != plain.attrs["data_version"]  # other bytes
    with_bom.attrs, plain.attrs = {}, {}
    pd.testing.assert_frame_equal(with_bom, plain)
    assert section_ids() == ids


@pytest.mark.parametrize(("column", "value", "match"), [
    ("value", "9" * 5000, "is not a number in plain decimal notation"),
    ("value", "1_000", "is not a number in plain decimal notation"),
    ("value", "inf", "is not a number in plain decimal notation"),
    ("value", "1e999", "is not a finite number"),
])
def test_an_absurd_number_names_its_cell(mini: Path, column: str, value: str,
                                         match: str) -> None:
    _edit(mini, "indicators.csv", 3, column, value)
    err = _raises(mini, ka.load_indicators, file="indicators.csv", line=3, column=column,
                  match=match)
    assert len(str(err)) < 300  # the 5000 digits are not repeated in the message


def test_a_5000_digit_integer_names_its_cell(mini: Path) -> None:
    _edit(mini, "projects_2022.csv", 2, "project_no", "7" * 5000)
    _raises(mini, ka.load_projects, file="projects_2022.csv", line=2, column="project_no",
            match="too large for an integer")


@pytest.mark.parametrize(("change", "match"), [
    (lambda res: res.pop("schema"), "has no 'schema'"),
    (lambda res: res["schema"].update(fields="x"), "needs a list of fields"),
    (lambda res: res.pop("path"), "has no 'path'"),
])
def test_a_table_resource_without_a_schema_is_named(mini: Path, change, match) -> None:
    descriptor = mini / config.DATAPACKAGE_FILE
    pkg = json.loads(descriptor.read_text("utf-8"))
    (res,) = [r for r in pkg["resources"] if r["name"] == "projects_2022"]
    change(res)
    text = json.dumps(pkg, ensure_ascii=False, indent=2)
    descriptor.write_text(text, "utf-8")
    line = text[:text.index('"name": "projects_2022"')].count("\n") + 1
    column = "path" if "path" in match else "schema"
    _raises(mini, ka.load_projects, file=config.DATAPACKAGE_FILE, line=line, column=column,
            match=match)


def test_a_same_size_edit_of_the_article_with_its_time_restored_is_seen(mini: Path) -> None:
    """The cache key is the content: an edit that keeps the size and the modification time
    is found in the same process."""
    ka.load_indicators(mini)
    raw = mini / "raw" / ARTICLE_FILE
    before = raw.stat()
    raw.write_text(ARTICLE.replace("56.6", "57.6"), encoding="utf-8")
    os.utime(raw, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert raw.stat().st_size == before.st_size
    with pytest.raises(RawDataChangedError, match="sha256 is"):
        ka.load_indicators(mini)
