"""The same money in different tables.

check_ids:
- ``total_across_tables`` (error): the 合计 of the 一般公共预算 function table against the economic table, the
  appropriation summary's 一般公共预算 line (plus its 上年结转 line, when the function table spends both), and the
  basic tables against personnel + public.
- ``basic_vs_detail`` (error): per code, the basic-spending table against personnel + public of the detail table.
"""
from __future__ import annotations

import pandas as pd

from ..document.memo import lines_of_kind, per_document
from ..normalise.catalog import kind_title, measure_title
from .registry import finding
from . import register


GPB_REVENUE = r"^一般公共预算(?:拨款|资金)?(?:收入)?$"
CARRIED = r"上年结转|结余[、和及]?结转|结转[、和及]?结余"  # 上年结转 / 上年结余、结转 / 一般公共预算拨款结余、结转 (Shenzhen)


def _total(doc, kind: str, measure: str = "total") -> tuple[float | None, int | None, float]:
    """A table's 合计 for a measure: amount, page, and half a unit of its last printed digit (元)."""
    first = per_document(doc, "cross_table_totals", _totals).get((kind, measure))
    return (None, None, 0.0) if first is None else _figure(first)


def _totals(doc) -> dict[tuple[str, str], dict]:
    """The first 合计 line (level 0, no code) of each kind and measure, from one pass over the lines."""
    l = doc.lines
    top = l[(l["level"] == 0) & (l["code"] == "")]
    first: dict[tuple[str, str], dict] = {}
    for r in top[["table_kind", "measure", "amount_yuan", "unit_printed", "decimals", "page"]].to_dict("records"):
        first.setdefault((r["table_kind"], r["measure"]), r)
    return first


def _first(sel: pd.DataFrame) -> tuple[float | None, int | None, float]:
    return (None, None, 0.0) if sel.empty else _figure(sel.iloc[0])


def _figure(r) -> tuple[float, int | None, float]:
    scale = 10000.0 if r["unit_printed"] == "万元" else 1.0
    half = 0.5 * 10.0 ** -(0 if pd.isna(r["decimals"]) else int(r["decimals"])) * scale
    return float(r["amount_yuan"]), (None if pd.isna(r["page"]) else int(r["page"])), half


def _named(doc, kind: str, pattern: str, measure: str | None = None) -> tuple[float | None, int | None, float]:
    l = lines_of_kind(doc, kind)
    sel = l[l["name"].str.contains(pattern, regex=True)]
    if measure:
        sel = sel[sel["measure"] == measure]
    return _first(sel)


def _same(check_id, label_a, a, label_b, b, kind, page, tol=0.5) -> list[dict]:
    """Equal up to printed precision; within it, a display_rounding info."""
    if a is None or b is None or abs(a - b) < 0.005:
        return []
    if abs(a - b) <= tol + 0.005:
        return [finding("display_rounding", "info", f"{label_b}（{b:,.2f} 元）与{label_a}（{a:,.2f} 元）"
                        "的差额在打印精度以内（显示舍入）", a, b, kind, "", page)]
    return [finding(check_id, "error", f"{label_b}（{b:,.2f} 元）与{label_a}（{a:,.2f} 元）不一致",
                    a, b, kind, "", page)]


@register
def totals_across_tables(doc) -> list[dict]:
    """Tolerance: half a unit of the last printed digit of each figure compared (Excel's General format
    prints 480544221.62 as 480544221.6 in one table and in full in the next)."""
    out: list[dict] = []
    gpb, _, t_gpb = _total(doc, "gpb_by_function")
    if gpb is None:
        return out
    econ, p, t = _total(doc, "gpb_by_economic")
    out += _same("total_across_tables", "功能分类表的一般公共预算支出合计", gpb,
                 "经济分类表的一般公共预算支出合计", econ, "gpb_by_economic", p, t_gpb + t)
    for measure in ("personnel", "public", "project"):
        a, _, ta = _total(doc, "gpb_by_function", measure)
        b, p, tb = _total(doc, "gpb_by_economic", measure)
        out += _same("total_across_tables", f"功能分类表的{measure_title(measure)}合计", a,
                     f"经济分类表的{measure_title(measure)}合计", b, "gpb_by_economic", p, ta + tb)
    # 上年结转 from either summary: the 收支总表 may print only 财政拨款结余、结转, the 财政拨款收支总表 the gpb part
    l = doc.lines
    revenue = l[l["table_kind"].isin(["summary", "appropriation_summary"]) & (l["measure"] == "revenue")]
    carried = revenue[revenue["name"].str.contains(CARRIED, regex=True)
                      & ~revenue["name"].str.contains("非财政|政府性基金|国有资本")]
    # or its 一般公共预算 part printed under it (北京 财政拨款收支总表: 上年结转结余 93,431,710.54 › 一般公共预算拨款
    # 78,011,805.55 › 政府性基金预算拨款 …)
    below = revenue["row"] > revenue["table_title"].map(carried.groupby("table_title")["row"].min())
    carried = pd.concat([carried, revenue[below & revenue["name"].str.contains(GPB_REVENUE, regex=True)]])
    t_carried = 2 * _first(carried)[2]
    for kind in ("appropriation_summary", "summary"):
        appr, p, t = _named(doc, kind, GPB_REVENUE, "revenue")
        if appr is not None and any(c and abs(gpb - appr - c) <= t_gpb + t + t_carried + 0.005
                                    for c in carried["amount_yuan"].dropna()):
            continue  # the function table spends this year's money and 上年结转 (Hangzhou justice: 347.32 万元)
        out += _same("total_across_tables", "功能分类表的一般公共预算支出合计", gpb,
                     f"{kind_title(kind)}的一般公共预算收入", appr, kind, p, t_gpb + t)
    personnel, _, tp = _total(doc, "gpb_by_function", "personnel")
    public, _, tq = _total(doc, "gpb_by_function", "public")
    if personnel is not None and public is not None:
        for kind in ("basic_by_function", "basic_by_economic"):
            # a basic table of every fund (Yantai 基本支出预算情况表: 合计 | 财政拨款 | 一般公共预算 | …) is compared
            # by its 一般公共预算 column
            basic, p, t = _total(doc, kind, "gpb")
            if basic is None:
                basic, p, t = _total(doc, kind)
            out += _same("total_across_tables", "功能分类表的人员经费 + 公用经费",
                         round(personnel + public, 2), f"{kind_title(kind)}的基本支出合计", basic, kind, p, tp + tq + t)
    return out


@register
def basic_against_detail(doc) -> list[dict]:
    out: list[dict] = []
    l = doc.lines
    for basic_kind, detail_kind in (("basic_by_function", "gpb_by_function"), ("basic_by_economic", "gpb_by_economic")):
        basic = l[(l["table_kind"] == basic_kind) & (l["measure"] == "total") & (l["code"] != "")]
        detail = l[(l["table_kind"] == detail_kind) & l["measure"].isin(["personnel", "public"]) & (l["code"] != "")]
        if basic.empty or detail.empty:
            continue
        want = detail.groupby(["unit_code", "code"])["amount_yuan"].sum().to_dict()
        got = basic.groupby(["unit_code", "code"])["amount_yuan"].sum().to_dict()
        for r in basic.drop_duplicates(["unit_code", "code"]).to_dict("records"):
            r["amount_yuan"] = round(got[(r["unit_code"], r["code"])], 2)
            expected = want.get((r["unit_code"], r["code"]))
            if expected is None:
                if r["amount_yuan"] != 0:
                    out.append(finding("basic_vs_detail", "warning",
                                       f"{r['code']} {r['name']} 在{kind_title(basic_kind)}中有基本支出 {r['amount_yuan']:,.2f} 元，{kind_title(detail_kind)}却没有此科目",
                                       None, r["amount_yuan"], basic_kind, r["code"],
                                       None if pd.isna(r["page"]) else int(r["page"])))
                continue
            if abs(expected - r["amount_yuan"]) > 0.5:
                out.append(finding("basic_vs_detail", "error",
                                   f"{r['code']} {r['name']}：{kind_title(basic_kind)}的基本支出为 {r['amount_yuan']:,.2f} 元，"
                                   f"{kind_title(detail_kind)}的人员经费 + 公用经费为 {expected:,.2f} 元",
                                   expected, r["amount_yuan"], basic_kind, r["code"],
                                   None if pd.isna(r["page"]) else int(r["page"])))
    return out
