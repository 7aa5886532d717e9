"""Sums inside one table.

check_ids:
- ``hierarchy_sum`` (error): a 类/款 (or 合计) differs from the sum of its printed children, per measure and unit.
- ``row_identity`` (error): total ≠ personnel + public + project, or basic ≠ personnel + public, on one row.
- ``display_rounding`` (info): either of the above off by no more than the printed precision allows
  (Excel's General format cuts 475907032.42 to 475907032.4: half a unit of the last printed digit per term).
"""
from __future__ import annotations

import pandas as pd

from ..normalise.catalog import measure_title
from .registry import finding
from . import register

CODED = ("function", "dept_economic")


def _tolerance(decimals: pd.Series, unit: pd.Series) -> float:
    """Half a unit of the last printed digit of every term, in 元."""
    scale = unit.map({"万元": 10000.0}).fillna(1.0)
    return float((0.5 * 10.0 ** (-decimals.astype("float64").fillna(0)) * scale).sum())


def _compare(check_id, parent_row, expected, actual, tol, what, kind, code, page) -> list[dict]:
    diff = round(actual - expected, 2)
    if abs(diff) < 0.005:
        return []
    if abs(diff) <= tol + 0.005:
        return [finding("display_rounding", "info", f"{what}：相差 {diff:+,.2f} 元，在打印精度以内（显示舍入）",
                        expected, actual, kind, code, page)]
    return [finding(check_id, "error", what, expected, actual, kind, code, page)]


def _by_code(g: pd.DataFrame) -> pd.DataFrame:
    """Rows of the same code summed; precision widened to the least precise term."""
    first = g.drop_duplicates("code").set_index("code")
    first["amount_yuan"] = g.groupby("code")["amount_yuan"].sum().round(2)
    first["decimals"] = g.groupby("code")["decimals"].min()
    return first.reset_index()


def _page(row) -> int | None:
    return None if pd.isna(row["page"]) else int(row["page"])


@register
def hierarchy_sums(doc) -> list[dict]:
    l = doc.lines[doc.lines["classification"].isin(CODED) & (doc.lines["level"] >= 0)]
    out: list[dict] = []
    for (kind, title, unit, measure), g in l.groupby(["table_kind", "table_title", "unit_code", "measure"], sort=False):
        if g["code"].duplicated().any():  # a 部门 款 split over several 政府 款 rows: one amount per code
            g = _by_code(g)
        children = g[g["level"] > 0]
        for _, parent in g[g["level"] < 3].iterrows():
            if parent["level"] == 0:
                kids = children[children["level"] == 1]
            else:
                kids = children[children["parent_code"] == parent["code"]]
            if kids.empty:
                continue
            tol = _tolerance(pd.concat([kids["decimals"], pd.Series([parent["decimals"]])]),
                             pd.concat([kids["unit_printed"], pd.Series([parent["unit_printed"]])]))
            label = parent["code"] or "合计"
            what = (f"{label} {parent['name']}（{measure_title(measure)}）为 {parent['amount_yuan']:,.2f} 元，"
                    f"其下 {len(kids)} 个子项合计 {kids['amount_yuan'].sum():,.2f} 元")
            out += _compare("hierarchy_sum", parent, parent["amount_yuan"], round(kids["amount_yuan"].sum(), 2),
                            tol, what, kind, parent["code"], _page(parent))
    return out


@register
def row_identities(doc) -> list[dict]:
    l = doc.lines[doc.lines["classification"].isin(CODED)]
    out: list[dict] = []
    for (kind, title, unit), g in l.groupby(["table_kind", "table_title", "unit_code"], sort=False):
        wide = g.pivot_table(index=["row"], columns="measure", values="amount_yuan", aggfunc="first")
        meta = g.drop_duplicates("row").set_index("row")
        for identity, parts in (("total", ["personnel", "public", "project"]), ("basic", ["personnel", "public"]),
                                ("total", ["basic", "project"]), ("total", ["personnel", "public"])):
            if identity not in wide or not all(p in wide for p in parts):
                continue
            if identity == "total" and parts == ["personnel", "public"] and ("project" in wide or "basic" in wide):
                continue
            if identity == "total" and parts == ["basic", "project"] and "personnel" in wide:
                continue
            for row, r in wide.iterrows():
                m = meta.loc[row]
                terms = g[(g["row"] == row) & g["measure"].isin(parts + [identity])]
                tol = _tolerance(terms["decimals"], terms["unit_printed"])
                s = round(sum(r[p] for p in parts), 2)
                what = (f"{m['code'] or '合计'} {m['name']}：{measure_title(identity)} {r[identity]:,.2f} 元 ≠ "
                        f"{' + '.join(map(measure_title, parts))} = {s:,.2f} 元")
                out += _compare("row_identity", m, r[identity], s, tol, what, kind, m["code"], _page(m))
    return out
