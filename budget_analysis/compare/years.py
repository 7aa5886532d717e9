"""Year-over-year comparison of one unit: one row per classification code, one amount column per year (元).

    ba.compare(store, unit="江苏省高级人民法院", years=[2017, 2018])            # function codes (表 一般公共预算支出)
    ba.compare(store, unit=..., by="economic")  # economic classes; by="split": 人员/公用/项目
    check_prior_year(store, unit)               # findings where a document misstates last year's table

Codes are matched as printed, after the crosswalk (crosswalk.py) has moved codes the Ministry of Finance
renumbered; a code printed in one year only is kept, as `added` or `removed`. `change` is last year minus first
year with a missing amount taken as 0, so the 类 changes add up to the 合计 change. When a year has no document
but the next year's does, that year's column is what the later document says about it (`basis` = stated: the
上年 figure, or each row's amount minus its stated change) — the document's word, not last year's tables.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from .claims import prior_mismatches, stated_items, stated_total
from .tables import SPLIT_ROWS, amounts
from .units import docs_of, units
from ..reference.crosswalk import applicable, load_crosswalk
from ..errors import BudgetAnalysisError
from ..normalise.schema import frame
from ..store.store import Store, load_store

TAIL = ["change", "change_pct", "status", "stated_change_wan", "stated_reason", "crosswalk_note", "basis"]
BY = ("function", "economic", "split")


def _total_code(by: str) -> str:
    return "total" if by == "split" else ""


def _store(store_or_folder) -> Store:
    return store_or_folder if isinstance(store_or_folder, Store) else load_store(store_or_folder)


def _year_frames(store: Store, docs: pd.DataFrame, years: list[int], by: str) -> tuple[list[pd.DataFrame], dict]:
    """One long frame per year (year, code, name, level, amount_yuan, basis); a year without a document from
    what the next year's document states about it."""
    have = dict(zip(docs["year"].astype(int), docs["doc_id"]))
    out, used = [], {}
    for year in years:
        if year in have:
            rows = amounts(store.lines, have[year], by)
            out.append(rows.assign(year=year, basis="tables"))
            used[year] = have[year]
        elif year + 1 in have:
            later = store.doc(have[year + 1])
            rows = amounts(store.lines, later.doc_id, by)
            said = stated_items(later.claims, rows).dropna(subset=["stated_prior_wan"])
            said = said.merge(rows[["code", "name", "level"]], on="code")
            prior = [dict(code=r.code, name=r.name, level=r.level, amount_yuan=round(r.stated_prior_wan * 1e4, 2))
                     for r in said.itertuples()]
            total = stated_total(later)["prior_wan"]
            if pd.notna(total):
                prior.insert(0, dict(code=_total_code(by), name="合计", level=0, amount_yuan=round(total * 1e4, 2)))
            out.append(pd.DataFrame(prior, columns=["code", "name", "level", "amount_yuan"])
                       .assign(year=year, basis=f"stated by {later.doc_id}"))
            used[year] = f"stated by {later.doc_id}"
        else:
            raise BudgetAnalysisError(f"no document of this unit for {year}, nor for {year + 1} to state it; "
                                      f"years available: {sorted(have)}")
    return out, used


def _crosswalk(long: pd.DataFrame, last: int, crosswalk: pd.DataFrame | None) -> pd.DataFrame:
    """Earlier years' codes renumbered to the last year's, where the last year no longer prints them."""
    long = long.assign(crosswalk_note="")
    later_codes = set(long.loc[long["year"] == last, "code"])
    parts = [long[long["year"] == last]]
    for year, g in long[long["year"] != last].groupby("year"):
        cw = applicable(int(year), last, crosswalk)
        cw = cw[cw["from_code"].isin(set(g["code"]) - later_codes)]
        moved = g.merge(cw[["from_code", "to_code", "to_name", "share", "note"]], left_on="code", right_on="from_code")
        moved = moved.assign(code=moved["to_code"], name=moved["to_name"], amount_yuan=moved["amount_yuan"] * moved["share"],
                             crosswalk_note=moved["from_code"] + "→" + moved["to_code"] + " " + moved["note"])
        parts += [g[~g["code"].isin(set(cw["from_code"]))], moved[long.columns]]
    return pd.concat(parts, ignore_index=True)


def _status(first: pd.Series, last: pd.Series, mapped: pd.Series, stated: bool) -> pd.Series:
    status = pd.Series("both", index=first.index)
    status[first.isna() & last.isna()] = "not printed"  # a split part neither document prints
    status[first.isna() & last.notna()] = "not stated" if stated else "added"
    status[first.notna() & last.isna()] = "removed"
    status[mapped & first.notna() & last.notna()] = "mapped"
    return status


def compare(store, unit: str, years: list[int] | None = None, by: str = "function",
            crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """code, name, level, one amount column per year ('2023', …), change, change_pct, status
    (both|added|removed|mapped, or 'not stated' against a stated baseline), stated_change_wan and stated_reason
    from the last year's narrative, crosswalk_note, basis of the first year's column. 合计 first (code '')."""
    if by not in BY:
        raise ValueError(f"by must be one of {BY}")
    store = _store(store)
    docs = docs_of(store, unit)
    if docs.empty:
        raise BudgetAnalysisError(f"no document of {unit!r} in {store.folder}; units: "
                                  + ", ".join(sorted(set(units(store)["unit"]))))
    years = sorted(int(y) for y in (years or docs["year"]))
    if len(years) == 1:
        years = [years[0] - 1, years[0]]  # one document: last year as it states it
    frames, used = _year_frames(store, docs, years, by)
    long = _crosswalk(pd.concat(frames, ignore_index=True), years[-1], crosswalk)
    wide = long.groupby(["code", "year"])["amount_yuan"].sum(min_count=1).unstack().reindex(columns=years)
    labels = long.sort_values("year").groupby("code")[["name", "level"]].last()
    notes = long.groupby("code")["crosswalk_note"].agg(lambda s: "；".join(sorted({n for n in s if n})))
    first, last = wide[years[0]], wide[years[-1]]
    out = labels.join(wide.set_axis([str(y) for y in years], axis=1))
    out["change"] = (last.fillna(0) - first.fillna(0)).round(2)
    stated = used[years[0]].startswith("stated by")
    out.loc[first.isna() & stated, "change"] = float("nan")
    out["change_pct"] = out["change"] / first.where(first != 0)
    out["status"] = _status(first, last, notes != "", stated)
    rows = amounts(store.lines, used[years[-1]], by)
    said = _stated(store.doc(used[years[-1]]), rows, by)
    out = out.join(said[["stated_change_wan", "stated_reason"]]).join(notes)
    out["stated_reason"] = out["stated_reason"].fillna("")
    out["basis"] = "tables" if not stated else used[years[0]]
    order = {c: i for i, (c, _, _) in enumerate(SPLIT_ROWS)} if by == "split" else None
    out = out.reset_index().sort_values("code", key=lambda s: s.map(order) if order else s).reset_index(drop=True)
    out.attrs.update(unit=unit, by=by, documents=used, table_kind=rows.attrs.get("table_kind", ""),
                     crosswalk_versions=sorted(set(load_crosswalk()["version"])) if crosswalk is None else None)
    return out[["code", "name", "level", *[str(y) for y in years], *TAIL]]


def _stated(doc, rows: pd.DataFrame, by: str) -> pd.DataFrame:
    """The last document's stated changes and reasons per code, the total's included."""
    said = stated_items(doc.claims, rows)
    total = stated_total(doc)
    top = pd.DataFrame([dict(code=_total_code(by), stated_change_wan=total["change_wan"],
                             stated_reason=total["reason"])])
    return pd.concat([top, said[~said["code"].eq(_total_code(by))]], ignore_index=True).set_index("code")


def check_prior_year(store, unit: str, by: str = "function") -> pd.DataFrame:
    """prior_year_mismatch findings: for each pair of consecutive years, what the later document says about the
    earlier year (its 上年 total, each row's amount minus its stated change) against the earlier year's table."""
    store = _store(store)
    docs = docs_of(store, unit)
    have = dict(zip(docs["year"].astype(int), docs["doc_id"]))
    records = []
    for year, doc_id in have.items():
        if year - 1 not in have:
            continue
        later = store.doc(doc_id)
        rows = amounts(store.lines, doc_id, by)
        earlier = amounts(store.lines, have[year - 1], by)
        records += [dict(doc_id=doc_id, **f) for f in prior_mismatches(later, earlier, rows, rows.attrs["table_kind"])]
    return frame("findings", records)


def wan_table(df: pd.DataFrame) -> pd.DataFrame:
    """The comparison with amounts and change in 万元, for reading."""
    years = [c for c in df.columns if c.isdigit()]
    out = df.copy()
    out[years + ["change"]] = (out[years + ["change"]] / 1e4).round(2)
    out["change_pct"] = (out["change_pct"] * 100).round(1)
    return out.rename(columns={"change": "change_wan", "change_pct": "change_%"})


def to_html(store, unit: str, years: list[int] | None = None) -> str:
    """One self-contained page in the report's style and in Chinese (compare/html.py)."""
    from .html import to_html as page
    return page(store, unit, years)


def cmd_compare(args) -> int:
    try:
        df = compare(args.store, args.unit, args.years, by=args.by)
        if args.html:
            Path(args.html).write_text(to_html(args.store, args.unit, args.years), encoding="utf-8")
    except BudgetAnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with pd.option_context("display.width", 200, "display.max_colwidth", 40, "display.max_rows", None):
        print(wan_table(df).drop(columns=["basis"]).to_string(index=False, na_rep=""))
    print(f"documents: {df.attrs['documents']}")
    return 0


def add_cli(subparsers) -> None:
    """Register `compare` on the budget-analysis command line."""
    p = subparsers.add_parser("compare", help="year-over-year table of one unit (amounts in 万元)")
    p.add_argument("--unit", required=True, help="unit code or name (any spelling: （汇总）, spaces, 部门/单位)")
    p.add_argument("--years", nargs="+", type=int, help="default: every year the store holds for the unit")
    p.add_argument("--by", default="function", choices=BY)
    p.add_argument("--store", default="data/processed")
    p.add_argument("--html", metavar="FILE", help="also write the three comparisons as one HTML page")
    p.set_defaults(func=cmd_compare)
