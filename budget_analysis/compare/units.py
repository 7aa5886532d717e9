"""Which documents belong to one unit, across years and across the ways its name is printed.

The rule: a unit is its printed unit code (3+ digits) where a document prints one; otherwise its name, normalised —
full-width forms folded (NFKC), spaces dropped, a bracketed scope note such as （汇总） removed, and a trailing
部门/单位 (as in 江苏省高级人民法院部门, from 单位 vs 部门 documents) removed. A name seen next to a code in one
document gives that code to the documents that print the name alone; a name printed with two different codes
(a department as 234 one year, 234001 the next) is keyed by the name. A document whose cover gave no name is
named from its table titles (`2017年度XX部门收支预算总表` → XX).
"""
from __future__ import annotations

import os
import re
import unicodedata

import pandas as pd

from ..text import unit_key
from ..text import UNIT_CODE

TITLE_HEAD = re.compile(r"^[一二三四五六七八九十\d]+[、.．]\s*|^表\d+\s*")
TITLE_YEAR = re.compile(r"^20\d{2}年度?")


def name_from_titles(titles: list[str]) -> str:
    """What the table titles of one document share before the table name, for covers without a unit name."""
    heads = [TITLE_YEAR.sub("", TITLE_HEAD.sub("", unicodedata.normalize("NFKC", t))) for t in titles if t]
    if len(heads) < 3:
        return ""
    return os.path.commonprefix(heads)


def units(store) -> pd.DataFrame:
    """store.meta with `unit` (the name, from titles where the cover had none) and `unit_key` (the rule above)."""
    meta = store.meta.copy()
    titles = store.lines.groupby("doc_id")["table_title"].unique() if len(store.lines) else pd.Series(dtype=object)
    meta["unit"] = [n if n else name_from_titles(list(titles.get(d, [])))
                    for d, n in zip(meta["doc_id"], meta["unit_name"].fillna(""))]
    names = meta["unit"].map(unit_key)
    codes = meta["unit_code"].fillna("").where(meta["unit_code"].fillna("").str.fullmatch(UNIT_CODE.pattern), "")
    seen = pd.DataFrame({"name": names, "code": codes})[codes != ""].drop_duplicates()
    clash = set(seen.loc[seen["name"].duplicated(keep=False), "name"])  # one name, two codes: trust the name
    code_of = {n: c for n, c in zip(seen["name"], seen["code"]) if n not in clash}
    meta["unit_key"] = [n if n in clash else c or code_of.get(n, n) for c, n in zip(codes, names)]
    return meta


def unit_with_most_years(store) -> str:
    """The unit key held for the most years: a notebook's default when no unit is named."""
    return units(store).groupby("unit_key")["year"].nunique().idxmax()


def year_with_most_units(store) -> int:
    """The year held for the most documents: the cross-unit panel's default."""
    return int(store.meta["year"].value_counts().idxmax())


def docs_of(store, unit: str) -> pd.DataFrame:
    """The documents of one unit (given as a code or any spelling of its name), one per year, oldest first.

    Where a year has several (a 部门 and a 单位 document of the same unit), the 部门 one is kept, then the longer."""
    meta = units(store)
    wanted = {unit, unit_key(unit)}
    mine = meta[meta["unit_key"].isin(wanted) | meta["unit_code"].isin(wanted) | meta["unit"].map(unit_key).isin(wanted)]
    size = store.lines.groupby("doc_id").size()
    if "kind" in mine:  # the year-over-year view compares budgets; a 决算 is read by analysis.execution
        mine = mine[mine["kind"].fillna("budget").ne("final_accounts")]
    unit_kind = mine["unit_kind"] if "unit_kind" in mine else pd.Series("", index=mine.index)
    mine = mine.assign(_dept=unit_kind.eq("department"), _size=mine["doc_id"].map(size).fillna(0))
    mine = mine.sort_values(["year", "_dept", "_size"], ascending=[True, False, False])
    return mine.drop_duplicates("year").drop(columns=["_dept", "_size"]).reset_index(drop=True)


def panel(store, year: int, top: int = 3) -> pd.DataFrame:
    """All units of one year side by side: the 一般公共预算 total (元), the 人员/公用/项目 shares of it, the
    `top` largest 类 with their shares, and how much project money carries performance targets (coverage)."""
    from ..analysis import performance_coverage_totals
    from .tables import amounts
    meta = units(store)
    rows = []
    for m in meta[meta["year"] == year].itertuples():
        fn = amounts(store.lines, m.doc_id, "function")
        split = amounts(store.lines, m.doc_id, "split").set_index("code")["amount_yuan"]
        total = split["total"]
        row = dict(unit=m.unit, unit_key=m.unit_key, doc_id=m.doc_id, total_yuan=total,
                   **{f"{p}_share": split[p] / total if total else float("nan") for p in ("personnel", "public", "project")})
        classes = fn[fn["level"] == 1].nlargest(top, "amount_yuan")
        for i, c in enumerate(classes.itertuples(), 1):
            row[f"top{i}"] = f"{c.code} {c.name}"
            row[f"top{i}_share"] = c.amount_yuan / total if total else float("nan")
        row["coverage"] = performance_coverage_totals(store.doc(m.doc_id))["covered_share"].iloc[0]
        rows.append(row)
    return pd.DataFrame(rows).sort_values("total_yuan", ascending=False, ignore_index=True) if rows else pd.DataFrame()
