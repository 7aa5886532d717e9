"""Budget execution: what a unit planned (预算) against what it spent (决算), code by code.

    ba.execution(store, unit="上海市普陀区财政局", year=2024)                  # the 决算 and its own 年初预算
    ba.execution(store, unit="上海市普陀区财政局", year=2024, adjacent=True)   # … or a 预算 of another year

The actual is the 决算's 一般公共预算财政拨款支出决算表 (`final_gpb_by_function`, measure `actual`). The budget, in
order: the unit's 预算 document of the same year (its 一般公共预算支出表, joined by code: `basis` =
`budget_document`); else the 决算's own statements of 年初预算 per 项 (`basis` = `stated`); with `adjacent=True` and
neither, the unit's 预算 of the nearest other year (`basis` = `adjacent_year:2025`: not execution, a comparison the
label says is of another year). The 决算's stated rate, direction and reason are joined by code in every case.
Amounts in 万元 (the unit the narrative states them in).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..text import unit_key

COLUMNS = ["code", "name", "level", "budget_wan", "actual_wan", "difference_wan", "rate_pct", "stated_budget_wan",
           "stated_rate_pct", "direction", "reason", "basis", "budget_doc", "actual_doc"]
_WAN = 10000.0


def _frames(source) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(meta, lines, claims) of a Store, a store folder, one Disclosure or a list of them."""
    from ..document.disclosure import Disclosure
    from ..store.store import Store, load_store
    if isinstance(source, Disclosure):
        source = [source]
    if isinstance(source, (list, tuple)):
        return (pd.DataFrame([d.meta for d in source]), pd.concat([d.lines for d in source], ignore_index=True),
                pd.concat([d.claims for d in source], ignore_index=True))
    store = source if isinstance(source, Store) else load_store(Path(source))
    return store.meta, store.lines, store.claims


def _mine(meta: pd.DataFrame, unit: str | None) -> pd.DataFrame:
    if unit is None:
        return meta
    wanted = {unit, unit_key(unit)}
    names = meta["unit_name"].fillna("").astype(str)
    codes = meta["unit_code"].fillna("").astype(str) if "unit_code" in meta else pd.Series("", index=meta.index)
    return meta[names.isin(wanted) | names.map(unit_key).isin(wanted) | codes.isin(wanted)]


def _kind(meta: pd.DataFrame) -> pd.Series:
    return meta["kind"].fillna("").astype(str) if "kind" in meta else pd.Series("", index=meta.index)


def pick_documents(meta: pd.DataFrame, unit: str | None, year: int | None, adjacent: bool = False):
    """(the 决算's doc_id, the 预算's doc_id or None, basis) for one unit and year."""
    mine = _mine(meta, unit)
    finals = mine[_kind(mine) == "final_accounts"]
    if year is not None:
        finals = finals[finals["year"] == year]
    if finals.empty:
        raise LookupError(f"no 决算 of {unit or 'any unit'} {year or ''} among {len(meta)} documents")
    final = finals.sort_values("year").iloc[-1]
    budgets = mine[_kind(mine) == "budget"]
    same = budgets[budgets["year"] == final["year"]]
    if len(same):
        return final["doc_id"], same.iloc[0]["doc_id"], "budget_document"
    if adjacent and len(budgets):
        gap = (budgets["year"].astype(int) - int(final["year"])).abs()
        near = budgets.assign(_gap=gap).sort_values(["_gap", "year"]).iloc[0]
        return final["doc_id"], near["doc_id"], f"adjacent_year:{int(near['year'])}"
    return final["doc_id"], None, "stated"


def _by_code(lines: pd.DataFrame, doc_id: str, kind: str, measure: str) -> pd.DataFrame:
    l = lines[(lines["doc_id"] == doc_id) & (lines["table_kind"] == kind) & (lines["measure"] == measure)
              & (lines["level"] >= 0) & (lines["classification"].isin(["function", "none"]) | (lines["level"] == 0))]
    l = l[(l["level"] > 0) | (l["code"].fillna("") == "")]
    l = l.drop_duplicates("code")
    return pd.DataFrame({"code": l["code"].astype(str).values, "name": l["name"].astype(str).values,
                         "level": l["level"].astype(int).values, "wan": (l["amount_yuan"] / _WAN).round(4).values})


def _stated(claims: pd.DataFrame, doc_id: str) -> pd.DataFrame:
    """The 决算's execution statements by code ('' for the 一般公共预算财政拨款支出 total)."""
    c = claims[claims["doc_id"] == doc_id] if len(claims) else claims
    if "execution_basis" not in c or c.empty:
        return pd.DataFrame(columns=["code", "stated_budget_wan", "stated_rate_pct", "direction", "reason"])
    c = c[c["execution_basis"].fillna("") != ""].copy()
    c["code"] = c["code"].fillna("").astype(str)
    total = c["subject"].fillna("").astype(str).eq("一般公共预算财政拨款支出")
    c = c[(c["code"] != "") | total]
    budget = c["budget_wan"].where(c["budget_wan"].notna(), c["budget_adjusted_wan"])
    out = pd.DataFrame({"code": c["code"].values, "stated_budget_wan": budget.values,
                        "stated_rate_pct": c["execution_pct"].values, "direction": c["direction"].values,
                        "reason": c["reason"].values})
    return out.drop_duplicates("code")


def _rolled_up(rows: pd.DataFrame, budget: pd.Series) -> pd.Series:
    """A 款 or 类 the text states no budget for takes the sum of its 项 (款) budgets when every one is stated."""
    budget = budget.copy()
    codes = rows["code"].astype(str)
    for level in (2, 1):
        for i in rows.index[(rows["level"] == level) & budget.isna()]:
            kids = (rows["level"] == level + 1) & (codes.str[:-2] == codes[i])
            if kids.any() and budget[kids].notna().all():
                budget[i] = round(float(budget[kids].sum()), 2)
    return budget


def execution(source, unit: str | None = None, year: int | None = None, adjacent: bool = False) -> pd.DataFrame:
    """One row per code of the unit's 决算 (and of the budget joined to it); see the module docstring."""
    meta, lines, claims = _frames(source)
    final_id, budget_id, basis = pick_documents(meta, unit, year, adjacent)
    actual = _by_code(lines, final_id, "final_gpb_by_function", "actual").rename(columns={"wan": "actual_wan"})
    stated = _stated(claims, final_id)
    if budget_id is not None:
        budget = _by_code(lines, budget_id, "gpb_by_function", "total").rename(columns={"wan": "budget_wan"})
        rows = actual.merge(budget, on="code", how="outer", suffixes=("", "_budget"))
        rows["name"] = rows["name"].fillna(rows.pop("name_budget"))
        rows["level"] = rows["level"].fillna(rows.pop("level_budget"))
        rows = rows.merge(stated, on="code", how="left")
    else:
        rows = actual.merge(stated, on="code", how="left")
        rows["budget_wan"] = _rolled_up(rows, rows["stated_budget_wan"])
    rows["difference_wan"] = (rows["actual_wan"].fillna(0) - rows["budget_wan"]).round(2)
    rate = rows["actual_wan"] / rows["budget_wan"] * 100
    rows["rate_pct"] = rate.where(rows["budget_wan"] > 0).round(2)
    rows["basis"] = basis
    rows["budget_doc"] = budget_id or final_id
    rows["actual_doc"] = final_id
    rows["level"] = rows["level"].astype("Int8")
    return rows.reindex(columns=COLUMNS).sort_values(["level", "code"], kind="stable").reset_index(drop=True)


def three_public_execution(source, unit: str | None = None, year: int | None = None) -> pd.DataFrame:
    """The 决算's “三公”经费 planned against spent, one row per item (万元): item, budget_wan, actual_wan, rate_pct."""
    meta, lines, _ = _frames(source)
    final_id, _, _ = pick_documents(meta, unit, year)
    t = lines[(lines["doc_id"] == final_id) & (lines["table_kind"] == "final_three_public")]
    if t.empty:
        return pd.DataFrame(columns=["item", "budget_wan", "actual_wan", "rate_pct"])
    wide = t.pivot_table(index="measure", columns="name", values="amount_yuan", aggfunc="first") / _WAN
    out = pd.DataFrame({"item": wide.index, "budget_wan": wide.get("预算数"), "actual_wan": wide.get("决算数")})
    out["rate_pct"] = (out["actual_wan"] / out["budget_wan"] * 100).where(out["budget_wan"] > 0).round(2)
    return out.reset_index(drop=True)
