"""The words of the reports: every heading and sentence by key, in Chinese and English.

:data:`TEXT` maps a key to its (zh, en) template; :func:`text` fills it in. Every number in a
sentence comes from the data through a ``{name}`` field, never typed into the text. A count
that needs its noun in the right number is written ``{n:zero|one|many}``: the form for 0, for
1 and for more, ``#`` standing for the number (``{n:no figures|# figure|# figures}``); with
two forms (``{n:one|many}``) 0 takes the second. :class:`kaili_analysis.narrative.Page` shows
these sentences in a notebook.
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ParameterError
from ..i18n import check_lang

__all__ = ["TEXT", "text"]

#: Report prose by key: (zh, en). ``{name}`` fields are filled from the data.
TEXT: dict[str, tuple[str, str]] = {
    # shared
    "source": (
        "资料来源：{title}（凯里市委宣传部供图），{n_records:没有数量表述|共#条数量表述，附原文|"
        "共#条数量表述，每条均附原文}。",
        "Source: the article {title} (photos: Kaili Municipal Party Committee Publicity "
        "Department); {n_records:no quantitative statements|# quantitative statement, with "
        "the words that state it|# quantitative statements, each with the words that state "
        "it}.",
    ),
    "no_records": ("本节没有数量表述。", "This section states no figures."),
    "charts": ("图表", "Charts"),
    "records": ("全部数量表述", "All statements with figures"),
    "quote_note": ("“原文”一列为文章原句（已去除换行）。",
                   "The Quote column gives the article's own words (line breaks removed)."),
    # overview
    "overview.intro": (
        "本报告按文章的章节，汇总凯里市“十三五”（2016—2020年）时期及其后的数量表述："
        "{n_sections:没有章节|#个章节|#个章节}、{n_records:没有记录|#条记录|#条记录}。其中"
        "{n_review:没有回顾“十三五”时期的记录|回顾“十三五”时期（2016—2020年）的#条|"
        "回顾“十三五”时期（2016—2020年）的#条}，"
        "{n_goals:没有2021—2025年目标|2021—2025年目标#条|2021—2025年目标#条}，"
        "{n_projects:没有2022年民生实事任务|2022年民生实事任务#条|2022年民生实事任务#条}，"
        "{n_later:没有涉及2021年及以后其他时期的记录|涉及2021年及以后其他时期的#条|"
        "涉及2021年及以后其他时期的#条}，"
        "{n_undated:没有未注明时间的记录|未注明时间的#条（截至目前、多年来、政策、图片说明）|"
        "未注明时间的#条（截至目前、多年来、政策、图片说明）}。",
        "This report walks through the article section by section: {n_sections:no sections|"
        "# section|# sections}, {n_records:no records|# record|# records}. Of these, "
        "{n_review:none review|# reviews|# review} the 13th Five-Year Plan period (2016-2020); "
        "{n_goals:none sets|# sets|# set} goals for 2021-2025; {n_projects:none is a|# is a|"
        "# are} 2022 livelihood {n_projects:commitment|commitment|commitments}; "
        "{n_later:none concerns|# concerns|# concern} other years from 2021 on; and "
        "{n_undated:none is|# is|# are} undated (截至目前, 多年来, policies, a photo "
        "caption).",
    ),
    "overview.no_figures": (
        "{n:每一节都有数量表述。|{names}一节没有数量表述，这里不单列。|{names}各节没有数量表述，"
        "这里不单列。}",
        "{n:Every section states figures.|The section {names} states no figures and has no "
        "part of its own here.|The sections {names} state no figures and have no part of "
        "their own here.}"),
    "overview.section": ("本节{n:没有数量表述|共#条数量表述|共#条数量表述}。",
                         "This section states {n:no figures|# figure|# figures}."),
    "growth_rates": ("年均增速", "Average annual growth"),
    "glossary.title": ("术语对照", "Terms"),
    "glossary.intro": (
        "报告中统计术语的英文译名取自统计部门通用的英文表述，每个中文术语只有一个译名。",
        "The English the reports use for the statistical terms of the article: the standard "
        "English of official statistics, one rendering for each Chinese term.",
    ),
    # targets
    "targets.intro": (
        "{n_goals:文章没有为2021—2025年设定目标|文章为2021—2025年设定的目标共#项|"
        "文章为2021—2025年设定的目标共#项}：{n_quant:没有有数值的目标|有数值的#项|有数值的#项}，"
        "{n_qual:没有非量化的目标|非量化的#项|非量化的#项}。"
        "每项目标的年份以文章为准（水平目标到{goal_year}年，增速目标为2021—2025年年均），"
        "不随展望期改变；文中没有的数值一律不作假设。",
        "Goals the article sets for 2021-2025: {n_goals:none|#|#} ({n_quant:none|#|#} with a "
        "number, {n_qual:none|#|#} qualitative). Each goal keeps the article's year (levels "
        "by {goal_year}, average rates "
        "over 2021-2025), whatever the projection horizon; nothing the article does not state "
        "is assumed.",
    ),
    "targets.bases": (
        "水平和比重目标以{base_year}年为基期，取文中同一指标{base_year}年的数值；增速目标从其时期"
        "的前一年（{rate_start}年）算起。下表把每项目标归入唯一一类判断，"
        "{n_goals:没有目标可归类|各类合计#项|各类合计#项}。",
        "Level and share goals are measured from {base_year}, with the article's figure of the "
        "same quantity for {base_year}; rate goals run from the year before their period "
        "({rate_start}). The table below puts every goal under exactly one verdict; the counts "
        "add up to {n_goals}.",
    ),
    "targets.breakdown": ("按判断分类", "Goals by verdict"),
    "targets.table": ("目标一览", "The goals at a glance"),
    "targets.history_note": (
        "同一指标文中给出多个“十三五”增速时，表中全部并列，目标与每一个逐一比较。由起止值算出的增速"
        "按现价计算，文中所述增速一般按可比价格计算，两者口径不同。",
        "Where the article gives several 2016-2020 rates for one quantity, the table shows all "
        "of them side by side and compares the goal with each. A rate computed from levels is "
        "at current prices (nominal); stated growth rates are usually at comparable prices, so "
        "the two need not agree.",
    ),
    "targets.rates": ("所需增速与“十三五”实际增速", "Required rates against 2016-2020"),
    "targets.paths": ("{base_year}—{horizon}年路径", "Paths {base_year}-{horizon}"),
    "targets.paths_note": (
        "路径画到展望期末（{horizon}年）。按文中基期值画水平值的目标：{n_level:没有|#项|#项}；文中没有基期值、"
        "画指数（起始年=100，只比较增速）的增速目标：{n_index:没有|#项|#项}；不画路径的数值目标（上限目标、"
        "比重目标、没有基期值的水平目标）：{n_no_path:没有|#项|#项}。只有一条线的指数图只是重复其增速，不单列。",
        "The paths run to the horizon ({horizon}). Levels from the article's base: {n_level}. "
        "An index (start year = 100, comparing rates only) where the article gives no base: "
        "{n_index}. No path (limits, shares, levels without a base): {n_no_path}. An index with "
        "a single line would only restate its rate and is not shown.",
    ),
    "targets.before_goal": (
        "展望期止于{horizon}年，早于目标年{goal_year}年：路径只画到{horizon}年，目标所在位置见各图图注。",
        "The horizon ({horizon}) ends before the goals' year ({goal_year}): the paths stop at "
        "{horizon}, and each chart's note says where its goal lies.",
    ),
    "targets.after_goal": (
        "目标年仍为{goal_year}年，水平目标标在{goal_year}年；{goal_year}年以后的线按同一增速外推"
        "（虚线），不是目标。",
        "The goals stay in {goal_year} (a level goal is marked there); after {goal_year} the "
        "lines continue at the same rates (dashed): an extrapolation, not a goal.",
    ),
    "targets.scenario": ("自定义情景：{rates}。", "User scenario: {rates}."),
    "targets.missing": ("无法计算的目标", "What cannot be computed"),
    "targets.missing_note": (
        "下列目标缺少计算所需的数值：文中没有基期值、没有“十三五”增速可比，或没有数值。",
        "These goals lack something the arithmetic needs: a base in the article, a 2016-2020 "
        "rate to compare, or a number.",
    ),
    "sensitivity.title": ("基数敏感性", "How much the base matters"),
    "sensitivity.intro": (
        "对有基数的目标，列出文中给出或目标本身隐含的每个基数、每个可能的基期年份（{years}）下，"
        "水平目标所需的年均增速，或增速目标按其增速推算的目标年水平。“推算”表示该基数由目标数字"
        "算出，并非文中数字；“假定为…年的水平”表示对未写年份的数值换一种读法。",
        "For goals with a base: the rate a level goal requires, or the goal-year level a rate "
        "goal's rate gives, under every base the article gives or the goals imply and every "
        "plausible base year ({years}). 'Derived' marks a base computed from the goals, not "
        "stated in the article; 'read as the … level' marks another reading of an undated "
        "figure.",
    ),
    "sensitivity.derived": ("目标隐含的推论", "What the goals imply together"),
    "sensitivity.derived_intro": (
        "以下结论均由目标数字推算得出，文中并未写出。",
        "Each statement below is derived from the goals' numbers; the article does not state "
        "it.",
    ),
    "tracking.title": ("对照实际数据", "Against actual figures"),
    "tracking.intro": (
        "实际数据来自用户提供的文件{path}：{n_rows:没有年度数值|年度数值#个|年度数值#个}，"
        "{n_goals:不涉及任何目标|涉及目标#项|涉及目标#项}，年份：{years}。",
        "Actual figures from the user's file {path}: {n_rows:no yearly figures|# yearly "
        "figure|# yearly figures} on {n_goals:no goals|# goal|# goals}; years: {years}.",
    ),
    "tracking.note": (
        "水平目标与所需路径（按所需年均增速从基期到目标年）比较；增速目标按累计平均增速比较（缺年份时"
        "按当年增速）；上限和比重目标按目标值逐年比较。“此后仍需年均增速”指从该年实际数到目标年每年"
        "需达到的增速，达到目标后不再列出。",
        "Level goals are compared with the required path (the required rate from the base year "
        "to the goal's year); rate goals with the average rate so far (that year's rate where "
        "a year is missing); limits and shares with the goal's value each year. 'Rate still "
        "needed' is the constant rate from that year's figure to the goal by its year, left "
        "out once the goal is met.",
    ),
    # audit
    "audit.intro": (
        "本报告把文章中的数字相互核对，共得到{checks}，按所涉及的数量归为{groups}：{verdicts}。"
        "比较增速和比率时容差为{tolerance_pp}个百分点；由现价起止值算出的增速与文中增速（很可能按"
        "可比价格计算）之差，如相当于每年不超过{price_pp}个百分点的价格变动，则注明“可能只是价格"
        "口径不同”，不判为不一致。",
        "This report checks the article's figures against each other. Its {checks}, grouped "
        "by the quantity they concern, come to {groups}: {verdicts}. Rates and percentages are "
        "compared with a tolerance of {tolerance_pp} percentage points. Where a rate computed "
        "from levels at current prices differs from a stated rate (probably at comparable "
        "prices) by what a price change of up to {price_pp} points a year would make, the "
        "finding says so instead of calling the figures inconsistent.",
    ),
    "audit.summary": ("结果概览", "Summary"),
    "audit.problems": ("需要注意的事项", "Questions the audit raises"),
    "audit.group_verdict": ("判断：{verdict}。", "Verdict: {verdict}."),
    "audit.history": (
        "文中关于这一数量2016—2020年增速的说法并列如下：{rates}。",
        "The article's rates for this quantity in 2016-2020, side by side: {rates}.",
    ),
    "audit.passed": ("核对相符的事项", "What checks out"),
    "audit.passed_intro": ("下列{passed}的各项核对都相符。",
                           "Every check agrees in these {passed}."),
    "audit.goals": ("规划目标（单列）", "Forward goals, listed apart"),
    "audit.goals_intro": (
        "文章为2021—2025年设定的{goals}说的是将来，不是对已发生事实的陈述，无所谓真伪，"
        "因此不计入上面的核对，单独列出：其中{goal_verdicts}。",
        "The article's {goals} for 2021-2025 speak of the future, not of what happened, so "
        "they are neither true nor false; they are not counted above and are listed apart: "
        "{goal_verdicts}.",
    ),
    # section profile
    "section.intro": (
        "本节{n:没有数量表述|共#条数量表述|共#条数量表述}{n_topics:|，涉及#个主题|，涉及#个主题}；"
        "{n_targets:没有相关目标|相关目标#项|相关目标#项}，"
        "{n_findings:没有相关核查结果|相关核查结果#项|相关核查结果#项}。",
        "This section states {n:no figures|# figure|# figures}{n_topics:| on # topic|"
        " on # topics}; {n_targets:no related goals|# related goal|# related goals} and "
        "{n_findings:no related audit findings|# related audit finding|"
        "# related audit findings}.",
    ),
    "section.targets": ("相关目标", "Related goals"),
    "section.audit": ("相关核查结果", "Related audit findings"),
    "section.none": ("无。", "None."),
    # livelihood
    "livelihood.intro": (
        "{n_projects:2022年凯里市没有列出民生实事|2022年凯里市实施#件民生实事|"
        "2022年凯里市实施#件民生实事}，{n_quantified:没有一件有数量任务|其中#件有数量任务|"
        "其中#件有数量任务}，{n_commitments:没有任务|共#项|共#项}："
        "{n_same:没有一项|#项|#项}可与“十三五”时期同一活动的数字比较，"
        "{n_related:没有一项|#项|#项}只能与相关指标比较，"
        "{n_unmatched:没有一项|#项|#项}在“十三五”时期没有可比数字。",
        "For 2022 Kaili lists {n_projects:no livelihood projects|# livelihood project|"
        "# livelihood projects}; {n_quantified:none carries|# carries|# carry} quantified "
        "commitments, {n_commitments:none|#|#} in all. Of these, "
        "{n_same:none|# commitment|# commitments} "
        "can be compared with a 2016-2020 figure of the same activity, "
        "{n_related:none|# commitment|# commitments} only with a related measure, and "
        "{n_unmatched:none has|# has|# have} no 2016-2020 counterpart.",
    ),
    "livelihood.unquantified": (
        "{n:每件都有数量任务|第{numbers}件没有数量任务，未列入下表|第{numbers}件没有数量任务，未列入下表}。",
        "{n:Every project commits to a number|Project {numbers} commits to no number and is "
        "not listed|Projects {numbers} commit to no number and are not listed}.",
    ),
    "livelihood.table": ("任务清单", "Commitments"),
    "livelihood.history": ("与“十三五”年均完成量比较", "Against the 2016-2020 yearly average"),
    "livelihood.progress": ("完成进度", "Progress"),
    "livelihood.progress_note": (
        "进度数据来自用户提供的文件{path}，{n:没有任务|共#项|共#项}（{as_of}）。",
        "Progress figures come from the user's file {path}: {n:no commitments|# commitment|"
        "# commitments} ({as_of}).",
    ),
    # the article, every figure marked
    "article.intro": (
        "下面是文章《{title}》（{byline}）的全文，{n_paragraphs:没有段落|共#段|共#段}，原文照录，"
        "仅把排版时断开的行接上。文中每个数字都标明了它是什么：{n_records:没有数据记录|#条数据记录"
        "有出处|#条数据记录各有出处}，其余数字说明了不计为数据的原因；核查存疑的记录另行标出。",
        "Below is the whole article {title} (by {byline}), {n_paragraphs:no paragraphs|"
        "# paragraph|# paragraphs}, in its original Chinese: only the lines the print layout "
        "broke are joined. Every number in it is marked with what it is: {n_records:no records|"
        "the one record points|the # records each point} to where they are listed, every "
        "other number says why it is not a statement, and the records the audit questions "
        "stand out.",
    ),
    "article.legend": ("图例", "Legend"),
    "article.text": ("全文", "The article"),
    "article.notes": ("核查说明", "The audit's questions"),
    "article.notes_intro": (
        "{n:没有核查结果认为文中数字不一致、口径不同或无法核验。|以下#项核查结果认为相关数字不一致、"
        "口径不同或无法核验；正文中对应数字后的上标编号指向这里，“↑”链接回到正文。详见核查报告。|"
        "以下#项核查结果认为相关数字不一致、口径不同或无法核验；正文中对应数字后的上标编号指向这里，"
        "“↑”链接回到正文。详见核查报告。}",
        "{n:The audit finds every figure here consistent.|One finding of the audit does not "
        "find its figures consistent (inconsistent, different measures, a possible price basis, "
        "or unverifiable); the superscript number in the text leads here and the ↑ leads back. "
        "The audit report has the details.|These # findings of the audit do not find their "
        "figures consistent (inconsistent, different measures, a possible price basis, or "
        "unverifiable); the superscript numbers in the text lead here and each ↑ leads back. "
        "The audit report has the details.}",
    ),
    # explore
    "explore.intro": (
        "本笔记本演示如何在自己的笔记本中使用 kaili_analysis：载入数据、换算单位、计算增速、"
        "做目标推算和核查。",
        "This notebook shows how to use kaili_analysis in your own notebooks: load the data, "
        "convert units, compute growth, project toward the goals and audit the figures.",
    ),
    "explore.load": ("载入数据", "Load the data"),
    "explore.units": ("单位换算", "Units"),
    "explore.growth": ("复合增长", "Compound growth"),
    "explore.targets": ("目标推算", "Targets"),
    "explore.audit": ("核查", "Audit"),
    "explore.plot": ("作图", "Charts"),
}


def text(key: str, lang: str, **values: Any) -> str:
    """Return the sentence ``key`` in ``lang`` with ``values`` filled in.

    Raises
    ------
    ParameterError
        If the key is unknown, the language is not zh/en, or a field is missing.
    """
    check_lang(lang)
    if key not in TEXT:
        raise ParameterError(f"unknown report text {key!r}")
    template = _plural(TEXT[key][0 if lang == "zh" else 1], values, key, lang)
    try:
        return template.format(**values)
    except KeyError as exc:
        raise ParameterError(f"report text {key!r} needs the value {exc.args[0]!r}") from None


_FORM = r"(?:[^{}|]|\{\w+\})*"
_PLURAL = re.compile(r"\{(\w+):(" + _FORM + r"(?:\|" + _FORM + r"){1,2})\}")


def _plural(template: str, values: dict[str, Any], key: str, lang: str) -> str:
    """Resolve ``{n:zero|one|many}`` (or ``{n:one|many}``) by the count ``values[n]``."""
    def pick(match: re.Match[str]) -> str:
        name, forms = match.group(1), match.group(2).split("|")
        if name not in values:
            raise ParameterError(f"report text {key!r} needs the value {name!r}")
        n = values[name]
        if isinstance(n, bool) or not isinstance(n, int):
            raise ParameterError(f"report text {key!r}: {name} must be an integer count, "
                                 f"got {n!r}")
        if len(forms) == 2:
            forms = [forms[1], *forms]
        form = forms[0] if n == 0 else forms[1] if n == 1 else forms[2]
        shown = f"{n:,}" if lang == "en" else str(n)
        return form.replace("#", shown)

    return _PLURAL.sub(pick, template)
