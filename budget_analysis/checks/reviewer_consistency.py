"""More checks a finance-bureau reviewer makes by hand: statements that must agree with each other.

check_ids (all warnings: their precision on the wide documents is not reviewed yet):
- ``bracket_code_name``: a Shanghai-style `医疗卫生与计划生育支出（210类）…（11款）…（01项）` names a class that the
  tables (or, where no table prints the code, the current classification) call otherwise.
- ``income_expenditure_change``: the text's 收入 and 支出 totals are equal (a budget balances) but their stated
  changes on last year differ in direction or amount.
- ``empty_table_fund``: an empty-table note (`本表为空表` …) under a 政府性基金 table names 国有资本经营 (or the reverse).
- ``performance_money_vs_projects``: the money of all 项目/专项资金 target tables is less than the project
  spending it should cover; not raised when the text declares some targets 涉密.
- ``change_parts_vs_whole``: the text gives each 类 of the 一般公共预算 function table a change on last year, and
  those changes do not add up to the change it states for the total.
"""
from __future__ import annotations

import re

import pandas as pd

from ..reference.classification import current_name
from ..text import clean
from .registry import finding
from . import register
from ._text import has_text, narrative, page_of, sentences, year_of
from .performance import SECRET, _secret_sentences
from .text_codes import _agree

# `医疗卫生与计划生育支出（210类）` … `（11款）` … `（01项）`: each name with its bracketed level code
BRACKET = re.compile(r"([\u4e00-\u9fff“”]{2,30}?)\((\d{3})类\)|([\u4e00-\u9fff“”]{2,30}?)\((\d{2})款\)|"
                     r"([\u4e00-\u9fff“”]{2,30}?)\((\d{2})项\)")
LEAD = re.compile(r"^(其中|主要用于|用于|包括|是|为|的|和|及)+")


def _bracket_codes(text: str):
    """(name, full code) for each `名称（210类）`, `名称（11款）`, `名称（01项）` in order; a 款 or 项 without its
    class before it in the same paragraph is skipped."""
    klass = kuan = ""
    for m in BRACKET.finditer(text):
        if m.group(2):
            klass, kuan = m.group(2), ""
            yield LEAD.sub("", m.group(1)), klass
        elif m.group(4) and klass:
            kuan = klass + m.group(4)
            yield LEAD.sub("", m.group(3)), kuan
        elif m.group(6) and kuan:
            yield LEAD.sub("", m.group(5)), kuan + m.group(6)


def bracket_code_names(doc) -> list[dict]:
    out, seen = [], set()
    printed = doc.lines[doc.lines["code"] != ""].groupby("code")["name"].agg(lambda s: sorted(set(s) - {""}))
    year = year_of(doc)
    for page, text in narrative(doc):
        for name, code in _bracket_codes(clean(text)):
            if (name, code) in seen:
                continue
            seen.add((name, code))
            reference = list(printed.get(code, []))
            where = "表格印作"
            if not reference and year:
                reference, where = [n for n in [current_name(code, year)] if n], f"{year}年科目名称是"
            if reference and not any(_agree(name, r) for r in reference):
                out.append(finding("bracket_code_name", "warning", f"文字把 {code} 称作“{name}”，{where}"
                                   f"“{'/'.join(reference)}”", code=code, page=page))
    return out


TOTAL = {"收入": re.compile(r"^(本年|当年|\d{4}年)?(部门|单位)?(收入)(预算|总计|合计|总额)?(合计|总计)?$"),
         "支出": re.compile(r"^(本年|当年|\d{4}年)?(部门|单位)?(支出)(预算|总计|合计|总额)?(合计|总计)?$")}


def income_expenditure(doc) -> list[dict]:
    c = doc.claims[doc.claims["amount_wan"].notna() & doc.claims["change_wan"].notna()]
    found = {}
    for side, pattern in TOTAL.items():
        hit = c[c["subject"].map(lambda s: bool(pattern.match(s.split("/")[-1])))]
        if len(hit):
            found[side] = hit.iloc[0]
    if len(found) < 2:
        return []
    inc, exp = found["收入"], found["支出"]
    if abs(inc["amount_wan"] - exp["amount_wan"]) > 0.005 or abs(inc["change_wan"] - exp["change_wan"]) <= 0.015:
        return []
    return [finding("income_expenditure_change", "warning",
                    f"收入与支出同为 {inc['amount_wan']:,.2f} 万元，文字却称收入较上年变动 {inc['change_wan']:+,.2f} 万元、"
                    f"支出变动 {exp['change_wan']:+,.2f} 万元（第{page_of(inc['page'])}、{page_of(exp['page'])}页）",
                    round(inc["change_wan"] * 10000, 2), round(exp["change_wan"] * 10000, 2),
                    page=page_of(exp["page"]))]


FUNDS = {"政府性基金": "政府性基金", "国有资本经营": "国有资本经营"}
EMPTY_NOTE = re.compile(r"(本表|此表|该表)?[^。；]{0,20}空表[^。；]{0,60}")


def empty_table_funds(doc) -> list[dict]:
    """On each page: the fund of the last table title above an empty-table note against the fund the note names."""
    if doc.raw is None:
        return []
    out = []
    for page, text in doc.raw.text:
        fund = ""
        for line in (text or "").splitlines():
            line = clean(line)
            title = re.search(r"(政府性基金|国有资本经营)[^。；]{0,20}表", line)
            if title and "空表" not in line:
                fund = title.group(1)
            note = EMPTY_NOTE.search(line)
            if note and fund:
                named = {f for f in FUNDS if f in note.group(0)}
                if named and fund not in named:
                    out.append(finding("empty_table_fund", "warning", f"{fund}表下的空表说明却说的是"
                                       f"{'、'.join(sorted(named))}：“{note.group(0)[:60]}”", page=page))
    return out


def performance_money(doc) -> list[dict]:
    """Σ of the 项目 and 专项资金 target tables' 年度资金总额 against the project spending (元)."""
    from ..document.coverage import project_money_yuan, target_money
    if doc.projects.empty:
        return []
    targets = target_money(doc, ("performance_project", "performance_special_fund"))
    if targets.empty:
        return []
    # a project printed again in another table of its kind counts once
    money = round(float(targets.drop_duplicates(["table_kind", "name", "amount_yuan"])["amount_yuan"].sum()), 2)
    projects = round(project_money_yuan(doc), 2)
    if money >= projects - 0.5 or _secret_sentences(doc):
        return []
    return [finding("performance_money_vs_projects", "warning",
                    f"项目绩效目标表和专项资金绩效目标表的资金合计 {money / 10000:,.2f} 万元，少于项目支出 "
                    f"{projects / 10000:,.2f} 万元（差 {(projects - money) / 10000:,.2f} 万元），文字未说明涉密不公开的部分",
                    projects, money, "performance_project")]


WHOLE = re.compile(r"一般公共预算(当年)?(财政)?拨款(支出)?(预算)?$|一般公共预算支出(预算)?$")


def parts_vs_whole(doc) -> list[dict]:
    """Per section: a stated change for the 一般公共预算 total and for every 类 the function table prints."""
    c = doc.claims[doc.claims["change_wan"].notna()]
    l = doc.lines
    classes = set(l[(l["table_kind"] == "gpb_by_function") & (l["level"] == 1) & (l["code"].str.len() == 3)]["code"])
    out = []
    if len(classes) < 2:
        return out
    whole = c[c["subject"].map(lambda s: bool(WHOLE.search(s.split("/")[-1])))]
    for _, w in whole.drop_duplicates("section").iterrows():
        parts = c[c["code"].isin(classes) & (c["page"] >= w["page"])]
        parts = parts.drop_duplicates("code")
        if set(parts["code"]) != classes:
            continue
        total = round(parts["change_wan"].sum(), 2)
        if abs(total - w["change_wan"]) > 0.01 * len(parts) + 1e-9:
            listing = "、".join(f"{r.code} {r.change_wan:+,.2f}" for r in parts.itertuples())
            out.append(finding("change_parts_vs_whole", "warning",
                               f"文字称一般公共预算拨款较上年变动 {w['change_wan']:+,.2f} 万元（第{page_of(w['page'])}页），"
                               f"各类的变动（{listing}）合计 {total:+,.2f} 万元", round(w["change_wan"] * 10000, 2),
                               round(total * 10000, 2), "gpb_by_function", page=page_of(w["page"])))
    return out


@register
def reviewer_consistency(doc) -> list[dict]:
    out = income_expenditure(doc) + performance_money(doc) + parts_vs_whole(doc)
    if has_text(doc):
        out += bracket_code_names(doc) + empty_table_funds(doc)
    return out
