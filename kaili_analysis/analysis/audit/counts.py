"""Checks of counts against each other: the article's sets, lists, totals and staffing.

* ``set_counts`` — counts of one set: records whose numbers are followed by the same noun
  (15个镇街指挥所, 15个镇街开通城市公交, 20个镇街…全覆盖 all count 镇街). A count stated as full
  coverage (全覆盖, 全部, 所有) is the size of the set; smaller counts can be parts of it
  (``related_measures``, the article not saying so), larger ones of the same date cannot.
* ``named_list`` — a count right after a list of names (“鸡、猪、渔、菌、菜”五大;
  下司古镇、云谷田园2个):
  the names must number the count, or at most the count where the list ends in 等 (and others).
* ``per_member`` — people in a role named after a set (网格员 for 网格): at least one per member.
* ``subset_count`` — a total stated as all of a population (6.13万贫困人口全部…, 全市1.64万户贫困户)
  against other counts of the same unit in the same section whose names end in the same word
  (…人口, …户): a part is at most the whole; a larger count measures something wider.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

import pandas as pd

from kaili_analysis.analysis.audit._base import (
    Rec,
    after_number,
    amount,
    bare,
    cjk_prefix,
    common_prefix,
    finding,
    has_digit,
    name,
    number_at,
    period,
    period_basis,
    phrase,
    root,
    shown_unit,
)
from kaili_analysis.data.provenance import normalize
from kaili_analysis.data.quantities import period_years

_FULL = re.compile("全覆盖|全部|所有|均")
_WHOLE_BEFORE = ("全市", "全县", "全区", "全州", "全省")
_CLAUSE_END = re.compile("[，。；：！？（）()]")
#: Units whose records count things one by one (not amounts, areas or rates).
_COUNTABLE = {"count", "persons", "households", "enterprises", "facilities", "institutions",
              "events", "items", "entities", "dwellings", "tiers", "venues", "campaigns",
              "plants", "projects"}


def _clause_after(text: str) -> str:
    match = _CLAUSE_END.search(text)
    return text[:match.start()] if match else text


def _is_total(rec: Rec) -> bool:
    """Whether a record states all members of its set (全市…, …全覆盖, …全部…)."""
    pos = number_at(rec["quote"], rec["value_text"])
    if pos == -1:
        return False
    if rec["quote"][:pos].endswith(_WHOLE_BEFORE):
        return True
    rest = after_number(rec)
    return bool(rest is not None and _FULL.search(_clause_after(rest)))


def _whole_number(rec: Rec) -> bool:
    return float(rec["value"]).is_integer() and rec["value"] > 0


def _overlap(a: Rec, b: Rec) -> bool:
    pa, pb = period_years(a["period"]), period_years(b["period"])
    return bool(pa and pb and pa[0] <= pb[1] and pb[0] <= pa[1])




def set_counts(ind: pd.DataFrame) -> list[dict[str, Any]]:
    """Findings of ``set_counts`` (see the module docstring)."""
    cands = []
    for rec in ind[ind["unit_base"] == "count"].to_dict("records"):
        words = after_number(rec)
        if words and _whole_number(rec) and len(cjk_prefix(words)) >= 2:
            cands.append((rec, cjk_prefix(words)))
    sets: dict[str, dict[str, Rec]] = {}
    for (a, wa), (b, wb) in itertools.combinations(cands, 2):
        noun = common_prefix([wa, wb])
        if len(noun) >= 2 and a["concept"] != b["concept"] and a["unit"] == b["unit"]:
            members = sets.setdefault(noun, {})
            for rec in (a, b):
                members.setdefault(rec["concept"], rec)
    out = []
    for noun, members in sets.items():
        recs = list(members.values())
        totals = [r for r in recs if _is_total(r)]
        ref = (max(totals, key=lambda r: (period_years(r["period"]) or (0, 0))[1])
               if totals else max(recs, key=lambda r: r["value"]))
        for rec in recs:
            if rec is not ref:
                out.append(_judge_set(noun, rec, ref, bool(totals)))
    return out


def _judge_set(noun: str, rec: Rec, ref: Rec, total: bool) -> dict[str, Any]:
    v, t = rec["value"], ref["value"]
    same_date = _overlap(rec, ref)
    if v == t:
        verdict = "consistent"
    elif total and v > t and same_date:
        verdict = "inconsistent"
    else:
        verdict = "related_measures"
    head = phrase("finding.set.head_total" if total else "finding.set.head", noun=noun,
                  a=_counted(rec), b=_counted(ref))
    if verdict == "consistent":
        key = "agree"
    elif verdict == "inconsistent":
        key = "part_exceeds"
    elif total and v < t:
        key = "some"
    else:
        key = "unknown_size"
    words = phrase(f"finding.set.{key}", head=head, noun=noun,
                   part={"zh": noun, "en": float(v)})
    return finding("set_counts", verdict, [rec, ref], f"set:{noun}", words=words,
                   stated=v, stated_unit=shown_unit(rec), computed=t,
                   computed_unit=shown_unit(ref), tolerance=0.0, tolerance_unit=rec["unit"])


def _counted(rec: Rec) -> dict[str, Any]:
    """A count of a set as a reader of each language needs it: the record's name with its
    number (and, in Chinese, its measure word); the quotes stand beside the finding."""
    return phrase("finding.set.count", record={"zh": rec["indicator_zh"],
                                               "en": bare(rec["indicator_en"]), "style": "quote"},
                  when=period(rec, period_basis(rec)), count=float(rec["value"]),
                  unit={"zh": rec["unit"], "en": ""})


def _clause_before(rec: Rec, article: str | None) -> str:
    """The words of the sentence part that ends at a record's number."""
    quote = rec["quote"]
    pos = number_at(quote, rec["value_text"])
    if pos == -1:
        return ""
    text, at = quote, pos
    if article:
        start = article.find(quote)
        if start != -1:
            text, at = article, start + pos
    head = text[:at]
    cut = max(head.rfind(ch) for ch in "，。；：！？（）()")
    return head[cut + 1:]


def _named(clause: str) -> tuple[int, bool, str] | None:
    """(number of names, whether the list ends in 等, the list as written) before a count."""
    quoted = re.search(r"“([^“”]+)”$", clause)
    if quoted and re.search("、|——", quoted.group(1)):
        items = re.split("、|——", quoted.group(1))
        return len(items), False, quoted.group(1)
    clause = clause.rstrip("“")
    if "、" not in clause:
        return None
    items = clause.split("、")
    if any(has_digit(i) for i in items):
        return None  # amounts listed one after another, not names
    last, partial = items[-1], "等" in items[-1]
    if partial:
        last = last.split("等")[0]
    elif len(re.split("和|及|与", last)) == 2:
        items.append("")  # 固废治理和乡村环境整治: two names
    return len(items), partial, clause


def named_list(ind: pd.DataFrame, article: str | None) -> list[dict[str, Any]]:
    """Findings of ``named_list`` (see the module docstring)."""
    out = []
    text = normalize(article) if article else None
    for rec in ind[ind["unit_base"].isin(_COUNTABLE)].to_dict("records"):
        if not _whole_number(rec) or rec["value"] < 2 or rec["value"] > 50:
            continue
        named = _named(_clause_before(rec, text))
        if named is None:
            continue
        n, partial, words = named
        ok = n <= rec["value"] if partial else n == rec["value"]
        judge = (("partial_ok" if ok else "partial_more") if partial
                 else ("full_ok" if ok else "full_not"))
        said = phrase(f"finding.named.{judge}", listed=n, words=words,
                      count={"zh": f"{rec['value_text']}{rec['unit']}",
                             "en": float(rec["value"])})
        out.append(finding("named_list", "consistent" if ok else "inconsistent", [rec],
                           root(rec["concept"]), words=said, stated=rec["value"],
                           stated_unit=shown_unit(rec), computed=float(n),
                           computed_unit=shown_unit(rec),
                           computed_qualifier="le" if partial else "eq", tolerance=0.0,
                           tolerance_unit=rec["unit"]))
    return out


def per_member(ind: pd.DataFrame) -> list[dict[str, Any]]:
    """Findings of ``per_member`` (see the module docstring)."""
    out = []
    people = ind[ind["unit_base"] == "persons"].to_dict("records")
    for rec in ind[ind["unit_base"] == "count"].to_dict("records"):
        words = cjk_prefix(after_number(rec) or "")
        for k in range(min(4, len(words)), 1, -1):
            role = f"{words[:k]}员"
            staff = [p for p in people if role in p["quote"] and p["concept"] != rec["concept"]]
            if staff:
                out += [_judge_member(words[:k], role, p, rec) for p in staff]
                break
    return out


def _judge_member(noun: str, role: str, staff: Rec, members: Rec) -> dict[str, Any]:
    p, m = staff["value_base"], members["value"]
    ok = p >= m
    words = phrase("finding.member.enough" if ok else "finding.member.fewer",
                   staff=name(staff, "quote"), a=amount(staff),
                   count={"zh": amount(members), "en": float(m)},
                   members={"zh": noun, "en": name(members, "quote")}, role=role, noun=noun,
                   ratio=float(p / m))
    return finding("per_member", "consistent" if ok else "related_measures", [staff, members],
                   f"set:{noun}", words=words, stated=staff["value"],
                   stated_unit=shown_unit(staff), computed=m,
                   computed_unit=shown_unit(members),
                   tolerance=0.0, tolerance_unit="")


def subset_count(ind: pd.DataFrame, skip: set[frozenset[str]]) -> list[dict[str, Any]]:
    """Findings of ``subset_count`` (see the module docstring); pairs of ids in ``skip`` are
    left out (another check judged them)."""
    out = []
    recs = [r for r in ind[ind["unit_base"].isin(_COUNTABLE)].to_dict("records")
            if period_basis(r) == "closed"]
    totals = [r for r in recs if _is_total(r)]
    seen = set(skip)
    for whole in totals:
        head = bare(whole["indicator_zh"])[-1:]
        for part in recs:
            pair = frozenset((part["id"], whole["id"]))
            if (part is whole or part["concept"] == whole["concept"]
                    or part["section"] != whole["section"]
                    or part["unit_base"] != whole["unit_base"]
                    or bare(part["indicator_zh"])[-1:] != head or not _overlap(part, whole)
                    or pair in seen):
                continue
            seen.add(pair)
            # of two stated wholes, the smaller is the part
            swap = part in totals and part["value_base"] > whole["value_base"]
            out.append(_judge_subset(whole, part) if swap else _judge_subset(part, whole))
    return out


def _judge_subset(part: Rec, whole: Rec) -> dict[str, Any]:
    p, w = part["value_base"], whole["value_base"]
    ok = p <= w
    words = phrase("finding.subset.part" if ok else "finding.subset.wider",
                   part=name(part, "quote"), a=amount(part), whole=name(whole, "quote"),
                   b=amount(whole), share={"rate": p / w, "decimals": 0})
    return finding("subset_count", "consistent" if ok else "related_measures", [part, whole],
                   f"whole:{whole['concept']}", words=words, stated=part["value"],
                   stated_unit=shown_unit(part), computed=whole["value"],
                   computed_unit=shown_unit(whole), tolerance=0.0, tolerance_unit="")
