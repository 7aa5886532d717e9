"""Checks a finance-bureau reviewer makes by hand: the procurement split, a zero that changes, impossible
codes, a 款 printed without its 项, targets that can only be met at their bound.

check_ids:
- ``procurement_sum`` (warning until its precision is reviewed): the text's 政府采购 total ≠ 货物 + 工程 + 服务 as the same sentence states them
  (all three named; 0.01 万元 per term).
- ``procurement_reserved`` (warning): the amount reserved for 中小企业 exceeds the procurement total it is part of.
- ``zero_still_changes`` (warning): `…为0万元，比上年增加X万元`: a figure of zero that grew cannot have been
  negative last year.
- ``code_impossible`` (warning): a 功能分类 code that no classification can hold (not 3, 5 or 7 digits, or not a
  2xx class).
- ``kuan_without_xiang`` (warning): a 款 printed without any 项 under it in a table that prints 项 for the other 款.
- ``target_at_bound`` (warning): a rate target that can only be met at its bound (`≥100%`, `≤0%`).
"""
from __future__ import annotations

import re

import pandas as pd

from ..text import clean
from .registry import finding
from . import register
from ._text import has_text, narrative, page_of, sentences

AMOUNT = r"(\d[\d,]*(?:\.\d+)?)"
PROCUREMENT = re.compile(r"政府采购[^。；，,]{0,24}?(?:预算|支出|金额)[^。；0-9]{0,14}?(?:共|总额|合计|为)[^。；0-9]{0,4}?"
                         + AMOUNT + r"万元")
PARTS = {"货物": r"货物[^。；0-9]{0,10}?" + AMOUNT + r"万元", "工程": r"工程[^。；0-9]{0,10}?(?:为0(?!\.)|" + AMOUNT + r"万元)",
         "服务": r"服务[^。；0-9]{0,10}?" + AMOUNT + r"万元"}
RESERVED = re.compile(r"中小企业[^。；0-9]{0,16}?" + AMOUNT + r"万元")
ZERO_CHANGE = re.compile(r"(?:为|预算)0(?:\.0+)?万元[，,]?(?:[^。；，,0-9]{0,8})?(?:比|较)(?:上年|20\d{2}年)[^。；0-9]{0,12}?"
                         r"增加" + AMOUNT + r"万元")
FUNCTION_CODE = re.compile(r"2\d{2}(\d{2}(\d{2})?)?")


def _num(s: str | None) -> float:
    return float(s.replace(",", "")) if s else 0.0


def _procurement(page, text: str) -> list[dict]:
    out = []
    for s in sentences(text):
        m = PROCUREMENT.search(s)
        if not m:
            continue
        total, rest = _num(m.group(1)), s[m.end():]
        rest = rest.split("其中", 2)[1] if rest.count("其中") > 1 else rest  # `其中一般公共预算拨款…` starts another split
        parts = {k: re.search(p, rest) for k, p in PARTS.items()}
        if all(parts.values()):
            values = {k: _num(v.group(v.lastindex) if v.lastindex else None) for k, v in parts.items()}
            s3 = round(sum(values.values()), 2)
            if abs(s3 - total) > 0.01 * 3 + 1e-9:
                out.append(finding("procurement_sum", "warning", f"政府采购预算总额 {total:,.2f} 万元，货物 "
                                   f"{values['货物']:,.2f} + 工程 {values['工程']:,.2f} + 服务 {values['服务']:,.2f} = "
                                   f"{s3:,.2f} 万元：“{s[:120]}”", total * 10000, s3 * 10000, "procurement", page=page))
        for r in RESERVED.finditer(s):
            if _num(r.group(1)) > total + 0.005:
                out.append(finding("procurement_reserved", "warning", f"为中小企业预留 {_num(r.group(1)):,.2f} 万元，"
                                   f"超过政府采购预算总额 {total:,.2f} 万元：“{s[:120]}”", total * 10000,
                                   _num(r.group(1)) * 10000, "procurement", page=page))
    return out


@register
def reviewer_text(doc) -> list[dict]:
    if not has_text(doc):
        return []
    out: list[dict] = []
    for page, text in narrative(doc):
        text = clean(text)
        out += _procurement(page, text)
        for s in sentences(text):
            for m in ZERO_CHANGE.finditer(s):
                if _num(m.group(1)) > 0:
                    out.append(finding("zero_still_changes", "warning", f"金额为 0 万元却称比上年增加 "
                                       f"{_num(m.group(1)):,.2f} 万元（上年不可能为负）：“{s[:120]}”",
                                       0.0, _num(m.group(1)) * 10000, page=page))
    return out


@register
def reviewer_tables(doc) -> list[dict]:
    l = doc.lines
    out: list[dict] = []
    f = l[(l["classification"] == "function") & (l["code"] != "")].drop_duplicates(["table_kind", "code"])
    for r in f[~f["code"].str.fullmatch(FUNCTION_CODE.pattern)].to_dict("records"):
        out.append(finding("code_impossible", "warning", f"功能分类科目编码“{r['code']}”（{r['name']}）不可能存在："
                           "类为 2 开头的 3 位，款 5 位，项 7 位", table_kind=r["table_kind"], code=r["code"],
                           page=page_of(r["page"])))
    coded = l[(l["classification"] == "function") & l["code"].str.fullmatch(FUNCTION_CODE.pattern)]
    for (kind, _title), g in coded.groupby(["table_kind", "table_title"], sort=False):
        codes = set(g["code"])
        kuan = sorted(c for c in codes if len(c) == 5)
        with_xiang = [k for k in kuan if any(len(c) == 7 and c.startswith(k) for c in codes)]
        if len(with_xiang) < 2:
            continue
        for k in kuan:
            if k in with_xiang:
                continue
            row = g[g["code"] == k].iloc[0]
            out.append(finding("kuan_without_xiang", "warning", f"{k} {row['name']} 只列到款，其下的项没有列出"
                               f"（同表其余 {len(with_xiang)} 个款都列到项）", table_kind=kind, code=k,
                               page=page_of(row["page"])))
    i = doc.indicators
    if len(i):
        rate = i[(i["target_unit"] == "%") & i["operator"].isin(["≥", ">=", "≤", "<="])]
        bound = rate[(rate["operator"].isin(["≥", ">="]) & (rate["target_value"] == 100))
                     | (rate["operator"].isin(["≤", "<="]) & (rate["target_value"] == 0))]
        for r in bound.to_dict("records"):
            out.append(finding("target_at_bound", "warning", f"{r['project']}：指标“{r['indicator']}”的指标值 "
                               f"{r['target_raw']} 只能恰好在边界上达成（应写 =100% 或 =0%）",
                               table_kind=f"performance_{r['table_kind']}", page=page_of(r["page"])))
    return out
