"""Sums inside one table.

check_ids:
- ``hierarchy_sum`` (error): a 类/款 (or 合计) differs from the sum of its printed children, per measure and unit.
- ``row_identity`` (error): total ≠ personnel + public + project, or basic ≠ personnel + public, on one row.
- ``display_rounding`` (info): either of the above off by no more than the printed precision allows
  (Excel's General format cuts 475907032.42 to 475907032.4: half a unit of the last printed digit per term).

The comparisons themselves are `document.verification`'s (computed once per document), so the table a finding names and the table the
verification rule judges are added up the same way.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..document.verification import comparisons
from ..normalise.catalog import measure_title
from .registry import finding
from . import register


def _compare(check_id, expected, actual, tol, what, kind, code, page) -> list[dict]:
    diff = round(actual - expected, 2)
    if abs(diff) < 0.005:
        return []
    if abs(diff) <= tol + 0.005:
        return [finding("display_rounding", "info", f"{what}：相差 {diff:+,.2f} 元，在打印精度以内（显示舍入）",
                        expected, actual, kind, code, page)]
    return [finding(check_id, "error", what, expected, actual, kind, code, page)]


def _page(row) -> int | None:
    return None if pd.isna(row["page"]) else int(row["page"])


@register
def hierarchy_sums(doc) -> list[dict]:
    out: list[dict] = []
    # one row that fails by the same figures in several columns (合计 | 财政拨款收入 | 一般公共预算 all 1,378.84
    # over 854.84, Yantai petition p7) is one fact: one finding that names the columns
    failing: dict[tuple, list[dict]] = {}
    for c in comparisons(doc)["hierarchy_comparisons"]:
        if c.get("unchecked"):  # two tables run together: the verification says so, no sum is compared
            continue
        parent = c["row"]
        key = (c["table_kind"], c["table_title"], parent["code"], _page(parent), c["expected"], c["actual"])
        if abs(round(c["actual"] - c["expected"], 2)) > c["tol"] + 0.005:
            failing.setdefault(key, []).append(c)
        else:
            out += _compare("hierarchy_sum", c["expected"], c["actual"], c["tol"], _what(c, [c["measure"]]),
                            c["table_kind"], parent["code"], _page(parent))
    for cs in failing.values():
        c = cs[0]
        out += _compare("hierarchy_sum", c["expected"], c["actual"], c["tol"], _what(c, [x["measure"] for x in cs]),
                        c["table_kind"], c["row"]["code"], _page(c["row"]))
    return out


def _what(c: dict, measures: list[str]) -> str:
    parent, kids = c["row"], c["parts"]
    label = parent["code"] or "合计"
    return (f"{label} {parent['name']}（{'、'.join(map(measure_title, measures))}）为 {parent['amount_yuan']:,.2f} 元，"
            f"其下 {len(kids)} 个子项合计 {np.nansum([k['amount_yuan'] for k in kids]):,.2f} 元")


@register
def row_identities(doc) -> list[dict]:
    out: list[dict] = []
    for c in comparisons(doc)["row_comparisons"]:
        m, r, parts, identity = c["row"], c["values"], c["parts"], c["identity"]
        what = (f"{m['code'] or '合计'} {m['name']}：{measure_title(identity)} {r[identity]:,.2f} 元 ≠ "
                f"{' + '.join(map(measure_title, parts))} = {c['actual']:,.2f} 元")
        out += _compare("row_identity", c["expected"], c["actual"], c["tol"], what, c["table_kind"], m["code"],
                        _page(m))
    return out
