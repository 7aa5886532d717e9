"""The amounts of one document that a comparison lines up: one row per code of one table, or the spending split.

Duplicate codes within a document are summed: economic tables print one 部门 款 over several rows, and 汇总
documents print a code once per unit. Amounts in 元.
"""
from __future__ import annotations

import pandas as pd

TABLES_BY = {"function": ("gpb_by_function",), "economic": ("gpb_by_economic", "basic_by_economic")}
# The total column: MOF-style tables head it 一般公共预算支出 (gpb), their 基本支出 economic table 基本支出 (basic).
TOTAL_MEASURES = ("total", "gpb", "basic")
SPLIT_ROWS = [("total", "合计", 0), ("basic", "基本支出", 1), ("personnel", "人员经费", 2),
              ("public", "公用经费", 2), ("project", "项目支出", 1)]
COLUMNS = ["code", "name", "level", "amount_yuan"]


def _table(lines: pd.DataFrame, doc_id: str, kinds: tuple[str, ...]) -> tuple[str, pd.DataFrame]:
    """The first of `kinds` the document has (Shanghai and Jiangsu print only the 基本支出 economic table)."""
    mine = lines[lines["doc_id"] == doc_id]
    for kind in kinds:
        rows = mine[mine["table_kind"] == kind]
        if len(rows):
            return kind, rows
    return "", mine.iloc[0:0]


def _total_measure(rows: pd.DataFrame) -> pd.DataFrame:
    measures = set(rows["measure"])
    return rows[rows["measure"] == next((m for m in TOTAL_MEASURES if m in measures), "total")]


def amounts(lines: pd.DataFrame, doc_id: str, by: str = "function") -> pd.DataFrame:
    """code, name, level, amount_yuan of one table (the 合计 as code '' level 0); attrs['table_kind'] says which."""
    if by == "split":
        return split_amounts(lines, doc_id)
    kind, rows = _table(lines, doc_id, TABLES_BY[by])
    rows = _total_measure(rows)
    coded = rows[rows["level"] > 0]
    out = (coded.groupby("code", sort=False)
           .agg(name=("name", "first"), level=("level", "min"), amount_yuan=("amount_yuan", "sum")).reset_index())
    top = rows[rows["level"] == 0]["amount_yuan"]
    total = top.sum() if len(top) else out.loc[out["level"] == 1, "amount_yuan"].sum()
    if len(rows):
        out = pd.concat([pd.DataFrame([dict(code="", name="合计", level=0, amount_yuan=total)]), out],
                        ignore_index=True)
    out = out.reindex(columns=COLUMNS).astype({"level": "Int8", "amount_yuan": "float64"})
    out.attrs["table_kind"] = kind
    return out


def split_amounts(lines: pd.DataFrame, doc_id: str) -> pd.DataFrame:
    """合计, 基本 (人员 + 公用) and 项目 from the function table's 合计 row; 人员/公用 or 基本 from the 基本支出
    economic table's 合计 where the function table does not split them (Shanghai, Jiangsu). Missing parts are NaN."""
    _, rows = _table(lines, doc_id, TABLES_BY["function"])
    top = rows[rows["level"] == 0].groupby("measure")["amount_yuan"].sum()
    _, econ = _table(lines, doc_id, ("basic_by_economic", "gpb_by_economic"))
    econ_top = econ[econ["level"] == 0].groupby("measure")["amount_yuan"].sum()
    got = {m: top[m] for m in top.index}
    got["total"] = next((top[m] for m in TOTAL_MEASURES if m in top), float("nan"))
    for part in ("personnel", "public"):
        got.setdefault(part, econ_top.get(part, float("nan")))
    if "basic" not in got:
        parts = got["personnel"] + got["public"]
        got["basic"] = parts if pd.notna(parts) else econ_top.get("basic", econ_top.get("total", float("nan")))
    out = pd.DataFrame([dict(code=c, name=n, level=lv, amount_yuan=got.get(c, float("nan")))
                        for c, n, lv in SPLIT_ROWS])
    out = out.astype({"level": "Int8", "amount_yuan": "float64"})
    out.attrs["table_kind"] = "gpb_by_function"
    return out
