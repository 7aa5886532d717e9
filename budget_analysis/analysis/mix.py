"""What the money is for (functional classes), what it buys (economic classes), and basic vs project spending.

All three read the 一般公共预算 tables (表5/表6) and take shares of the table's own 合计, so that the shares
add up to what the document says it spends rather than to what we managed to read.
"""
from __future__ import annotations

import pandas as pd

MEASURES = ["personnel", "public", "project"]


def _by_code(rows: pd.DataFrame) -> pd.DataFrame:
    """Rows summed per code (a table split by unit, or 30102 printed once for staff and once for a project)."""
    keys = ["code", "name", "level", "parent_code"]
    first = rows.drop_duplicates("code").set_index("code")[keys[1:]]
    amounts = rows.pivot_table(index="code", columns="measure", values="amount_yuan", aggfunc="sum")
    out = first.join(amounts).reset_index()
    out.columns.name = None
    return out


def _grand_total(rows: pd.DataFrame, measure: str = "total") -> float:
    total = rows[(rows["level"] == 0) & (rows["measure"] == measure)]["amount_yuan"]
    return float(total.sum()) if len(total) else float("nan")


def functional_mix(doc, level: int = 1) -> pd.DataFrame:
    """类 (1), 款 (2) or 项 (3) of gpb_by_function with amounts per measure, share of the 合计, share of the parent."""
    table = doc.table("gpb_by_function")
    rows = _by_code(table[table["level"] == level]) if len(table) else pd.DataFrame()
    if rows.empty:
        return pd.DataFrame(columns=["code", "name", "level", "parent_code", "amount_yuan", "amount_wan",
                                     "share", "share_of_parent", *MEASURES])
    rows = rows.rename(columns={"total": "amount_yuan"})
    rows["amount_wan"] = (rows["amount_yuan"] / 1e4).round(2)
    rows["share"] = rows["amount_yuan"] / _grand_total(table)
    parents = _by_code(table[table["level"] == level - 1]) if level > 1 else None
    rows["share_of_parent"] = (rows["amount_yuan"] / rows["parent_code"].map(parents.set_index("code")["total"])
                               if parents is not None else rows["share"])
    cols = ["code", "name", "level", "parent_code", "amount_yuan", "amount_wan", "share", "share_of_parent",
            *[m for m in MEASURES if m in rows]]
    return rows[cols].sort_values("amount_yuan", ascending=False, kind="stable").reset_index(drop=True)


def economic_mix(doc) -> pd.DataFrame:
    """部门 economic classes (gpb_by_economic 类) and, where printed, 政府 economic classes (表4), with shares.

    The 政府 classes exist only as the rows of the 财政拨款收支总表, without codes; they answer a different
    question (what kind of transfer), so both are returned, told apart by `classification`."""
    frames = []
    dept = doc.table("gpb_by_economic")
    if len(dept):
        rows = _by_code(dept[dept["level"] == 1]).rename(columns={"total": "amount_yuan"})
        rows["share"] = rows["amount_yuan"] / _grand_total(dept)
        frames.append(rows.assign(classification="dept_economic"))
    gov = doc.table("appropriation_summary", "gov_economic")
    classes = gov[gov["level"] == 2]
    if len(classes):
        total = gov[(gov["level"] == 0) & gov["name"].str.contains("本年")]["amount_yuan"]
        denominator = float(total.iloc[0]) if len(total) else float(classes["amount_yuan"].sum())
        rows = classes[["code", "name", "level", "amount_yuan"]].assign(
            share=classes["amount_yuan"] / denominator, classification="gov_economic")
        frames.append(rows)
    cols = ["classification", "code", "name", "amount_yuan", "amount_wan", "share", *MEASURES]
    if not frames:
        return pd.DataFrame(columns=cols)
    out = pd.concat(frames, ignore_index=True)
    out = out[out["amount_yuan"] != 0].copy()
    out["amount_wan"] = (out["amount_yuan"] / 1e4).round(2)
    out = out.reindex(columns=cols)
    return out.sort_values(["classification", "amount_yuan"], ascending=[True, False]).reset_index(drop=True)


def spending_split(doc) -> pd.DataFrame:
    """基本支出 (人员 + 公用) against 项目支出, from the 合计 of gpb_by_function; one row per unit where split.

    Columns in 元: personnel, public, basic, project, total (the printed total), then the shares of total; a column
    the table does not print is NaN (basic is the printed 基本支出, else personnel + public)."""
    table = doc.table("gpb_by_function")
    tops = table[table["level"] == 0]
    if tops.empty:
        return pd.DataFrame(columns=["unit_code", *MEASURES, "basic", "total", "basic_share", "project_share"])
    out = tops.pivot_table(index="unit_code", columns="measure", values="amount_yuan", aggfunc="sum")
    # a column the table does not print stays unknown (NaN), never 0: 广州 表5 prints 基本支出 and 项目支出 only
    printed = [m for m in [*MEASURES, "basic", "total"] if m in out.columns]
    out = out.reindex(columns=[*MEASURES, "basic", "total"])
    out[printed] = out[printed].fillna(0.0)
    out = out.reset_index()
    out.columns.name = None
    out["unit_code"] = out["unit_code"].replace("", doc.meta.get("unit_code") or "")
    out["basic"] = out["basic"].where(out["basic"].notna(), out["personnel"] + out["public"])
    out["basic_share"] = out["basic"] / out["total"]
    out["project_share"] = out["project"] / out["total"]
    return out[["unit_code", "personnel", "public", "basic", "project", "total", "basic_share", "project_share"]]
