"""Narrative figures (万元) against the tables (元), and against each other.

check_ids:
- ``narrative_vs_table`` (error): a stated amount differs from the table figure by more than 0.005 万元.
  Matched by code first (功能 2xx → 一般公共预算 function table, 部门经济 30x/31x → economic table,
  政府经济 50x/51x → the 政府经济 codes printed beside it), then by name (totals, 人员/公用经费, item names).
  Not compared: a code no table prints (by name it may be another unit's row), figures of a section on all funds
  (`(三)支出预算情况说明` and the sub-headings under it), of procurement/asset sections and project sections (a
  project named 公共法律服务 is not that class), money under performance targets equal to the 项目 total, and a
  figure that is the table's plus 上年结转.
- ``narrative_rounding`` (info): off by at most 0.015 万元: the text cut or double-rounded the table figure.
- ``narrative_code_unknown`` (warning): a bracketed code that no table of the document prints.
- ``narrative_change_conflict`` (warning): two sentences give the same money different changes.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..document.memo import lines_of_kind, per_document
from ..normalise.catalog import kind_title
from .registry import finding
from . import register

TOL_WAN = 0.005
_SUB = [("personnel", r"人员经费|工资福利"), ("public", r"公用经费"), ("project", r"专项|项目")]
# a part of a class, named alone (`其中：公用经费…`, `…/人员经费`)
_PART = [("personnel", r"人员经费"), ("public", r"公用经费"),
         ("project", r"专项业务经费|专项业务|专项经费|项目经费|项目|专项")]
# subject pattern -> (table kind, row name pattern or '' for 合计, measure)
_NAMED = [
    (r"一般公共预算(当年)?拨款(支出)?$|一般公共预算支出$", ("gpb_by_function", "", "total")),
    (r"财政拨款(收入|支出)$", ("appropriation_summary", r"^本年(收入|支出)合计$", None)),
    (r"^(当年)?公用经费", ("gpb_by_function", "", "public")),
    (r"^(当年)?人员经费", ("gpb_by_function", "", "personnel")),
    (r"^(当年)?基本支出", ("basic_by_function", "", "total")),
    (r"^(当年)?(专项业务经费|项目支出)", ("gpb_by_function", "", "project")),
]


MEASURES = ("total", "personnel", "public", "project", "basic")


def _code_row(doc, code: str) -> tuple[dict, str, int | None]:
    """{measure: amount} of the row a code names (功能 2xx, 部门经济 30x/31x, 政府经济 50x summed over the 部门
    款 printed beside it), its table kind and page."""
    if code.startswith("2") and len(code) in (3, 5, 7):
        kind = "gpb_by_function"
    elif code.startswith("3") and len(code) in (3, 5):
        kind = "gpb_by_economic"
    elif code.startswith("5") and len(code) in (3, 5):
        kind = "gpb_by_gov_economic"
        sel = [r for r in _lines(doc, kind) if (r["code"] or "").startswith(code) and r["measure"] in MEASURES]
        if not sel:
            return {}, kind, None
        summed = pd.Series([r["amount_yuan"] for r in sel]).groupby([r["measure"] for r in sel]).sum()
        return summed.round(2).to_dict(), kind, _page(sel[0])
    else:
        return {}, "", None
    first: dict = {}  # measure -> its first line
    for r in _lines(doc, kind):
        if r["code"] == code and r["measure"] in MEASURES:
            first.setdefault(r["measure"], r)
    if not first:
        return {}, kind, None
    return {m: float(r["amount_yuan"]) for m, r in first.items()}, kind, _page(next(iter(first.values())))


def _sub_measure(subject: str) -> str:
    """'工资福利支出/人员经费' -> 'personnel': the part of a class the sentence speaks of ('' for the class)."""
    tail = subject.split("/")[-1] if "/" in subject else subject
    return next((m for m, p in _PART if re.fullmatch(rf"(当年)?(?:{p})(支出)?", tail)), "")


def _code_lookup(doc, code: str, subject: str, stated: float | None = None) -> tuple[float | None, str, int | None]:
    """The figure a coded claim is compared with: the measure its subject names ('…/人员经费'), else the row's
    合计 — unless the stated amount is another measure of the same row (the text itemises a class by
    人员/公用/专项 under headings the sentence does not repeat: a part, not the whole)."""
    row, kind, page = _code_row(doc, code)
    if not row:
        return None, kind, None
    measure = _sub_measure(subject)
    if measure:
        return row.get(measure), kind, page
    if stated is not None and "total" in row and abs(row["total"] - stated) > TOL_WAN * 10000:
        part = next((m for m, v in row.items() if abs(v - stated) <= 150), None)
        if part:
            return row[part], kind, page
    return row.get("total"), kind, page


# 三公 and meeting/training money is checked against its own table, not the economic 款 of the same name
_THREE_PUBLIC = re.compile(r"三公|公务接待|公务用车|因公出国|会议费|培训费")


# sections whose totals are the money of a part (procurement, assets): no lookup at all
_NOT_TOTALS = re.compile(r"采购|资产")
# the money under performance targets: the 一般公共预算 total (Xi'an: `绩效目标管理全覆盖，涉及当年一般公共预算拨款…`)
# or its projects' part (`…项目均实行绩效目标管理，涉及一般公共预算当年拨款 15858.46 万元`, Huzhou health p16)
_PERFORMANCE = re.compile(r"绩效")
# sections that itemise part of the money (机关运行经费 lists basic spending only; a project section names projects,
# and a project called 公共法律服务 is not the 2040610 row): no item-name matching
_PART_SECTIONS = re.compile(r"机关运行|公用经费|采购|资产|绩效|三公|项目(支出)?(情况|说明|安排|[\d,.]+万元)")


# a section on the whole budget (all funds: 一般公共预算, 政府性基金, 财政专户, 上年结转…) and not on 财政拨款
_ALL_FUNDS = re.compile(r"收支(总)?预算|收支总体|部门收支|收入预算|支出预算|收支总表|预算总体|收支情况")
_APPROPRIATION = re.compile(r"一般公共预算|财政拨款|当年拨款")


PROJECTS = re.compile(r"^(项目支出|专项业务经费(支出)?)$")
MAIN_PART = re.compile(r"^(包括)?(在职)?(人员经费|公用经费|基本支出|对个人和家庭的?补助(支出)?|增人增资)$")
MAJOR_HEADING = re.compile(r"^(\([一二三四五六七八九十]{1,3}\)|[一二三四五六七八九十]{1,3}、)")


def all_funds(section: str) -> bool:
    """The section speaks of every fund (`(三)支出预算情况说明`, `二、部门收支总体情况`): its figures are not the
    一般公共预算 table's, though they carry the same names (Hangzhou 项目支出 2,131.61 vs 2,008.00 万元)."""
    return bool(_ALL_FUNDS.search(section or "")) and not _APPROPRIATION.search(section or "")


def _name_lookup(doc, subject: str, code: str = "", section: str = "",
                 items: bool = True) -> tuple[float | None, str, int | None]:
    s = subject.split("/")[-1]
    if _THREE_PUBLIC.search(s) or (all_funds(section) and not _APPROPRIATION.search(subject)) \
            or _NOT_TOTALS.search(section or ""):
        return None, "", None
    for pattern, (kind, row, measure) in _NAMED:
        if re.search(pattern, s):
            if not measure and kind == "appropriation_summary":
                measure = "revenue" if "收入" in s else "function"
            sel = [r for r in _lines(doc, kind) if (measure is None or r["measure"] == measure)
                   and (re.match(row, r["name"] or "") if row else r["level"] == 0 and r["code"] == "")]
            if sel:
                return float(sel[0]["amount_yuan"]), kind, _page(sel[0])
            return None, kind, None
    if not items or _PART_SECTIONS.search(section or ""):
        return None, "", None
    kinds = ["gpb_by_function", "gpb_by_economic", "gpb_by_gov_economic"]
    if code.startswith("5"):  # a 政府经济 code, even a wrong one, names a 政府经济 class
        kinds = kinds[::-1]
    for kind in kinds:
        sel = _coded_totals(doc, kind).get(s, [])
        one = len({r["code"] for r in sel}) == 1
        if kind == "gpb_by_gov_economic" and one:  # one 款, printed on many rows
            return round(float(np.nansum([r["amount_yuan"] for r in sel])), 2), kind, _page(sel[0])
        if one:
            return float(sel[0]["amount_yuan"]), kind, _page(sel[0])
    return None, "", None


def _with_carried(doc, stated: float, value: float) -> bool:
    """The stated figure is the table's plus 上年结转 (`当年财政拨款收入337,741.21万元，其中：一般公共预算拨款收入
    324,638.50万元、上年结转13,102.70万元`, Xi'an public security 2026 p9): this year's money and last year's."""
    l = doc.lines
    carried = l[l["table_kind"].isin(["summary", "appropriation_summary"]) & l["name"].str.contains("上年结转")]
    return any(abs(stated - value - c) <= TOL_WAN * 10000 for c in carried["amount_yuan"].dropna().unique())


def _is_all_funds_figure(doc, subject: str, stated: float) -> bool:
    """A name the sentence does not tie to 一般公共预算 (`预算15,480.26万元，包括…项目支出4,468.22万元`, Shenzhen
    medical security p7) may be every fund's figure: it is when the 支出总表 prints it for the same column."""
    s = subject.split("/")[-1]
    if _APPROPRIATION.search(subject):
        return False
    measure = next((m for pattern, (_, _, m) in _NAMED if m and re.search(pattern, s)), None)
    sel = [r["amount_yuan"] for r in _lines(doc, "expenditure")
           if measure and r["level"] == 0 and r["code"] == "" and r["measure"] == measure]
    return any(abs(stated - v) <= TOL_WAN * 10000 for v in sel if v == v)


def _is_project_money(doc, stated: float) -> bool:
    """The stated amount is the 一般公共预算 table's 项目 column total."""
    project = _name_lookup(doc, "项目支出")[0]
    return project is not None and abs(project - stated) <= TOL_WAN * 10000


_LINE = ["code", "name", "level", "measure", "amount_yuan", "page"]


def _lines(doc, kind: str) -> list[dict]:
    """The lines of one table kind as records (printed order; a missing value is None), made once per document:
    a claim's lookup filters these few hundred records, where a boolean mask over the frame cost a millisecond."""
    def records(d):
        l = lines_of_kind(d, kind)
        cols = [[None if v is pd.NA else v for v in l[c].tolist()] for c in _LINE]
        return [dict(zip(_LINE, vals)) for vals in zip(*cols)]
    return per_document(doc, f"line_records:{kind}", records)


def _coded_totals(doc, kind: str) -> dict[str, list[dict]]:
    """name → the coded 合计 lines of that name in one table kind (printed order), split once per document."""
    def split(d):
        out: dict[str, list[dict]] = {}
        for r in _lines(d, kind):
            if r["measure"] == "total" and r["code"] and r["name"] is not None:
                out.setdefault(r["name"], []).append(r)
        return out
    return per_document(doc, f"coded_totals:{kind}", split)


def _page(row) -> int | None:
    return None if pd.isna(row["page"]) else int(row["page"])


def _where(page) -> str:
    return f"（第{int(page)}页）" if page is not None and not pd.isna(page) else ""


@register
def narrative_against_tables(doc) -> list[dict]:
    out: list[dict] = []
    c = doc.claims[doc.claims["amount_wan"].notna()]
    if c.empty or doc.lines.empty:
        return out
    printed_codes = set(doc.lines["code"])
    parent = ("", "")  # (section, code) of the last coded claim: `其中：公用经费…` is that class's part
    projects_in = None  # the section in which the text has begun listing projects (Shenzhen statistics p7)
    major = ""  # the last numbered heading (`(三)支出预算情况说明`): a `1.按支出功能分类…` under it is still its
    for claim in c.to_dict("records"):
        code, subject = claim["code"], claim["subject"]
        if MAJOR_HEADING.match(claim["section"] or ""):
            major = claim["section"]
        context = claim["section"] if claim["section"] == major else f"{major} {claim['section']}"
        if PROJECTS.match(subject.split("/")[-1]):
            projects_in = claim["section"]  # `项目支出 1,313.80 万元，具体包括：1.统计管理…`: projects follow
        elif MAIN_PART.match(subject.split("/")[-1]):
            projects_in = None
        value, kind, page = (None, "", None)
        if code:
            parent = (claim["section"], code)
            value, kind, page = _code_lookup(doc, code, subject, round(claim["amount_wan"] * 10000, 2))
            if value is None and not any(x.startswith(code) for x in printed_codes if x):
                out.append(finding("narrative_code_unknown", "warning",
                                   f"文字{_where(claim['page'])}给{subject}标注的科目编码 {code} 在各表中都不存在",
                                   None, round(claim["amount_wan"] * 10000, 2), "", code, claim["page"]))
            if value is None and _code_row(doc, code)[0]:
                continue  # the row is printed but not the part the sentence names: nothing to compare
        elif _sub_measure(subject) and parent[1] and parent[0] == claim["section"]:
            code = parent[1]
            value, kind, page = _code_lookup(doc, code, subject)
            if value is None:
                continue
        if value is None and code and not code.startswith("5"):
            continue  # a code no table prints: its name may be another unit's row (行政运行 2050101 vs 2010501)
        if value is None:
            value, kind, page = _name_lookup(doc, subject, code, context, items=projects_in != claim["section"])
        if value is None:
            continue
        stated = round(claim["amount_wan"] * 10000, 2)
        if abs(stated - value) <= TOL_WAN * 10000:
            continue
        if kind == "gpb_by_function" and _PERFORMANCE.search(context) and _is_project_money(doc, stated):
            continue
        if "上年结转" in claim["sentence"] and _with_carried(doc, stated, value):
            continue
        if kind == "gpb_by_function" and _is_all_funds_figure(doc, subject, stated):
            continue
        if abs(stated - value) <= 150:  # cut instead of rounded, or rounded twice (.835 → .84)
            out.append(finding("narrative_rounding", "info",
                               f"文字称{subject}为 {claim['amount_wan']:,.2f} 万元{_where(claim['page'])}，"
                               f"表中为 {value / 10000:,.4f} 万元，未按两位小数四舍五入", value, stated, kind, code,
                               claim["page"] if pd.notna(claim["page"]) else page))
        else:
            out.append(finding("narrative_vs_table", "error",
                               f"文字称{subject}{'（' + code + '）' if code else ''}为 {claim['amount_wan']:,.2f} 万元"
                               f"{_where(claim['page'])}，{kind_title(kind)}为 {value / 10000:,.2f} 万元{_where(page)}",
                               value, stated, kind, code, claim["page"] if pd.notna(claim["page"]) else page))
    return out


@register
def narrative_changes(doc) -> list[dict]:
    out: list[dict] = []
    c = doc.claims[doc.claims["change_wan"].notna() & (doc.claims["code"] != "")]
    for code, g in c.groupby("code"):
        for subject, h in g.groupby("subject"):
            values = sorted(set(h["change_wan"].round(2)))
            if len(values) > 1:
                out.append(finding("narrative_change_conflict", "warning",
                                   f"{subject}（{code}）：文字对同一笔资金给出不同的增减额 "
                                   f"{'、'.join(f'{v:+,.2f}' for v in values)} 万元",
                                   values[0] * 10000, values[-1] * 10000, "", code, h["page"].iloc[0]))
    return out
