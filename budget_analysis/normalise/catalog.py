"""Recognise a grid's kind by its title (the printed 表N numbers are not reliable).

Rules are tried in order; the first whose pattern matches the normalised title wins. Before the rules, a
title is reduced to its words (`canonical_title`): the 情况表 / 总体情况表 / （预算）表 / （拨款）/ （绩效）
wording of the MOF template, a leading 本年 / 部门预算 / 预算单位 / 2026年, and Beijing's 预算01表 label all go, so
收支总体情况表, 财务收支预算总表 and 收支总表 are one table. Where the title alone is ambiguous (Jiangsu's 一般公共预算支出预算表 does not say
功能 or 经济), the header rows decide.
"""
from __future__ import annotations

import re
import unicodedata

# (kind, title pattern, classification of the rows)
RULES: list[tuple[str, str, str]] = [
    ("contents", r"^目录$|^报表目录$", "none"),
    ("performance_overall", r"整体支出绩效目标", "none"),
    ("performance_special_fund", r"专项资金(总体)?(支出)?绩效目标", "none"),
    ("performance_project", r"绩效目标(填报)?表", "none"),
    ("three_public", r"三公", "none"),
    ("meetings", r"会议费.*培训费.*明细|会议费明细|培训费明细", "none"),
    ("procurement", r"政府采购", "none"),
    ("purchase_services", r"政府购买服务", "none"),  # Beijing 财政拨款政府购买服务明细表: 指导性目录 一级/二级/三级 | 金额
    ("carryover", r"结转资金", "none"),
    ("operating_costs", r"机关运行经费", "dept_economic"),
    ("project_by_economic", r"项目支出.*经济", "dept_economic"),
    ("project_performance", r"项目支出[(（]?绩效[)）]?表|项目绩效表", "none"),
    ("project_spending", r"专项业务经费支出表|项目支出(预算)?表|项目支出及其他支出", "none"),
    ("gov_fund", r"政府性基金.*收支表", "none"),
    ("gov_fund_by_function", r"政府性基金", "function"),
    ("soe_capital_by_function", r"国有资本经营", "function"),
    ("basic_by_economic", r"一般公共预算基本支出.*经济", "dept_economic"),
    ("basic_by_function", r"一般公共预算基本支出.*功能", "function"),
    ("basic_by_economic", r"一般公共预算基本支出", "dept_economic"),
    ("basic_by_economic", r"^基本支出(预算)?表", "dept_economic"),
    ("gpb_by_economic", r"一般公共预算支出.*经济", "dept_economic"),
    ("gpb_by_function", r"一般公共预算支出", "function"),
    ("appropriation_summary", r"财政拨款收支(预算)?总表", "none"),
    ("appropriation_basic_by_economic", r"财政拨款基本支出", "dept_economic"),
    ("appropriation_by_function", r"财政拨款支出(预算)?表", "function"),
    ("summary", r"收支(预算)?总表", "none"),
    ("revenue", r"收入(预算)?总表", "none"),
    ("expenditure", r"支出(预算)?总表", "none"),
]

CLASSIFICATION = {kind: cls for kind, _, cls in RULES}
# the tables every Shaanxi 部门综合预算 must print (表1–表16, by kind)
SHAANXI_SET = ["summary", "revenue", "expenditure", "appropriation_summary", "gpb_by_function",
               "gpb_by_economic", "basic_by_function", "basic_by_economic", "gov_fund",
               "project_spending", "carryover", "procurement", "three_public",
               "performance_project", "performance_overall", "performance_special_fund"]


def normalise_title(title: str) -> str:
    """NFKC, no spaces, no leading 表N / 一、 / year, no fake-bold repeats."""
    t = unicodedata.normalize("NFKC", title)
    t = re.sub(r"\s+", "", t)
    t = re.sub(r"^(第.部分)?[一二三四五六七八九十]+、", "", t)
    t = re.sub(r"^表\d+", "", t)
    t = t.replace("“", "").replace("”", "").replace('"', "")
    return t


# The words a template adds around a table's name (order matters: longer wording first).
_LABEL = re.compile(r"^(?:(?:预算|公开|部门|附)?表?[0-9０-９]{1,2}(?:-\d+)?表?|公开表[一二三四五六七八九十]+|表[一二三四五六七八九十]+)"
                    r"(?=[\u4e00-\u9fff“\"(（])")
_PREFIX = re.compile(r"^(?:\d{4}年度?|本年度?|部门预算|单位预算|预算单位|部门|单位|[^“”]{0,20}?(?:局|委|办|院|厅|部|会|中心))+"
                     r"(?=(?:一般公共|政府性|国有资本|财政拨款|财务|收入|收支|支出|基本|项目|“?三公|机关运行))")
_WORDING = [(r"总体情况表$", "总表"), (r"情况表$", "表"), (r"[(（](?:拨款|预算)[)）]", ""), (r"^一般公共预算拨款", "一般公共预算"),
            (r"财务收支", "收支"), (r"^(收支|收入|支出)预算总表", r"\1总表"), (r"预算表$", "表")]


# the header of a 目录 printed as a table: 报表 | 报表名称 | 是否空表 | 表格为空的理由 (or 公开空表理由)
_CONTENTS_HEADER = re.compile(r"^(?:报表|表号|序号|编号)?(?:报表|表格)?名称(?:是否空表|是否为空表)")


def canonical_title(title: str) -> str:
    """A title reduced to the words that name its table (see the module docstring): the MOF 情况表 family,
    Shanghai's 预算单位…预算总表, Beijing's 预算01表 and a leading year or body name say nothing about the kind."""
    t = normalise_title(title)
    t = _LABEL.sub("", t)
    t = _PREFIX.sub("", t)
    for pattern, repl in _WORDING:
        t = re.sub(pattern, repl, t)
    return t


def recognise(title: str, header_text: str = "") -> str | None:
    """The kind of a table from its title; None when the title names no known table."""
    t = canonical_title(title)
    if _CONTENTS_HEADER.match(header_text) and (not t or recognise(title) is None):
        return "contents"  # Shaanxi 2025–26 prints its 报表目录 as an untitled grid: 报表 | 报表名称 | 是否空表 | …
    if not t:
        return None
    if t in ("目录", "报表目录"):
        return "contents"
    if "表" not in t and "明细" not in t:
        return None
    if "决算" in t or "绩效自评" in t:  # 决算 tables first: their titles also match budget rules
        for kind, pattern, _ in FINAL_RULES:
            if re.search(pattern, t):
                return kind
    for kind, pattern, _ in RULES:
        if re.search(pattern, t):
            if kind == "gpb_by_function" and "经济" in header_text and "功能" not in t:
                return "gpb_by_economic"
            if kind == "appropriation_by_function" and "经济" in header_text and "功能" not in header_text:
                return "appropriation_by_economic"
            return kind
    return None


# how a report names each kind (Chinese readers never see the ids)
KIND_TITLES = {
    "summary": "收支总表", "revenue": "收入总表", "expenditure": "支出总表", "appropriation_summary": "财政拨款收支总表",
    "gpb_by_function": "一般公共预算支出表（功能分类）", "gpb_by_economic": "一般公共预算支出表（经济分类）",
    "gpb_by_gov_economic": "一般公共预算支出表（政府经济分类）", "basic_by_function": "基本支出表（功能分类）",
    "basic_by_economic": "基本支出表（经济分类）", "basic_by_gov_economic": "基本支出表（政府经济分类）",
    "gov_fund": "政府性基金收支表", "gov_fund_by_function": "政府性基金支出表", "soe_capital_by_function": "国有资本经营支出表",
    "project_spending": "专项业务经费支出表", "carryover": "结转资金支出表", "procurement": "政府采购预算表", "purchase_services": "政府购买服务表",
    "three_public": "“三公”经费表", "meetings": "会议费培训费明细", "operating_costs": "机关运行经费表",
    "appropriation_by_function": "财政拨款支出表", "appropriation_basic_by_economic": "财政拨款基本支出表",
    "performance_project": "项目绩效目标表", "performance_overall": "整体支出绩效目标表",
    "performance_special_fund": "专项资金绩效目标表", "contents": "目录",
    "project_by_economic": "项目支出表（经济分类）", "project_performance": "项目支出绩效表",
}
MEASURE_TITLES = {"total": "合计", "personnel": "人员经费", "public": "公用经费", "project": "项目支出",
                  "basic": "基本支出", "gpb": "一般公共预算", "gov_fund": "政府性基金", "revenue": "收入",
                  "function": "功能分类", "dept_economic": "部门经济分类", "gov_economic": "政府经济分类",
                  # “三公”经费表 (normalise/three_public.py; its `total` is the 三公 total)
                  "grand_total": "合计（含会议费、培训费）", "abroad": "因公出国（境）费", "reception": "公务接待费",
                  "vehicle": "公务用车购置及运行费", "vehicle_purchase": "公务用车购置费",
                  "vehicle_operation": "公务用车运行维护费", "meeting": "会议费", "training": "培训费",
                  "operating_costs": "机关运行经费", "unit_funds": "单位资金", "non_appropriation_balance": "使用非财政拨款结余",
                  "procurement": "政府采购项目", "procurement_sme": "其中：预留给中小企业",
                  "procurement_small": "其中：预留给小型、微型企业"}


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind)


def measure_title(measure: str) -> str:
    return MEASURE_TITLES.get(measure, measure)


# ── 决算 (final accounts, issue 17): the MOF template of 9 tables (Shaanxi 公开01–09表) and the 绩效自评表 ──
# tried before RULES when the title says 决算 or 绩效自评; the column roles live in normalise/final_accounts.py
FINAL_RULES: list[tuple[str, str, str]] = [
    ("final_performance", r"绩效自评|绩效评价", "none"),
    ("final_three_public", r"三公", "none"),
    ("final_gov_fund", r"政府性基金", "function"),
    ("final_soe_capital", r"国有资本经营", "function"),
    ("final_basic_by_economic", r"基本支出", "dept_economic"),
    ("final_gpb_by_function", r"一般公共预算", "function"),
    ("final_appropriation_summary", r"财政拨款收入?支出?决算总表|财政拨款收支决算总表", "none"),
    ("final_summary", r"收入支出决算总表|收支决算总表", "none"),
    ("final_revenue", r"收入决算表", "function"),
    ("final_expenditure", r"支出决算表", "function"),
]
CLASSIFICATION.update({kind: cls for kind, _, cls in FINAL_RULES})
FINAL_KINDS = [kind for kind, _, _ in FINAL_RULES]
# the tables every 部门决算 must print (MOF 9, by kind)
FINAL_SET = ["final_summary", "final_revenue", "final_expenditure", "final_appropriation_summary",
             "final_gpb_by_function", "final_basic_by_economic", "final_gov_fund", "final_soe_capital",
             "final_three_public"]
KIND_TITLES.update({
    "final_summary": "收入支出决算总表", "final_revenue": "收入决算表", "final_expenditure": "支出决算表",
    "final_appropriation_summary": "财政拨款收入支出决算总表", "final_gpb_by_function": "一般公共预算财政拨款支出决算表",
    "final_basic_by_economic": "一般公共预算财政拨款基本支出决算表", "final_gov_fund": "政府性基金预算财政拨款收入支出决算表",
    "final_soe_capital": "国有资本经营预算财政拨款支出决算表", "final_three_public": "“三公”经费支出决算表",
    "final_performance": "绩效自评表"})
MEASURE_TITLES.update({
    "actual": "决算数", "budget_initial": "年初预算数", "budget_adjusted": "调整预算数",
    "carry_in": "年初结转和结余", "carry_out": "年末结转和结余", "revenue_year": "本年收入",
    "appropriation": "财政拨款收入", "superior_grant": "上级补助收入", "affiliated_income": "附属单位上缴收入",
    "paid_to_superior": "上缴上级支出", "operating_spending": "经营支出", "grants_to_affiliates": "对附属单位补助支出",
    "expenditure": "支出", "gov_fund_appropriation": "政府性基金预算财政拨款",
    "soe_appropriation": "国有资本经营预算财政拨款"})
