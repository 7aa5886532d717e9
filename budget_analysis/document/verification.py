"""Was our reading of each table verified? One rule, applied to every check's findings by `checks.run_checks`.

A check may call something an `error` only when what it rests on was read and verified: the table's unit is known
(`lines.unit_printed` not empty) and the table reconciles internally (合计 = Σ类 = Σ款 = Σ项 and the row identities,
within half a unit of the last printed digit of every term — which is also what lets a multi-unit table whose units
each round to 0.01 万元 pass). A table that does not reconcile is more often misread than misprinted; an error
that rests on it is then reported as a warning that says our reading is unverified.

The table's own sums (``hierarchy_sum``, ``row_identity``, ``three_public_sum``) cannot rest on their own
reconciliation, so they rest on `isolated`: the unit is known and every failing identity of the table is explained
by one misprinted figure (all differ by the same amount) — a misreading (a shifted column, a page read twice)
breaks many identities by many amounts, or doubles a total.

A table is one (table_kind, table_title), as the checks group it: a kind that repeats under another title is
another table; the same title continued over a page break is one.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np
import pandas as pd

from ..normalise.three_public import IDENTITIES as THREE_PUBLIC_IDENTITIES
from .memo import per_document

CODED = ("function", "dept_economic")
COLUMNS = ["table_kind", "table_title", "page_first", "page_last", "unit_known", "reconciled", "verified",
           "isolated", "checked", "failed", "reason"]


def tolerance(decimals: pd.Series, unit: pd.Series) -> float:
    """Half a unit of the last printed digit of every term, in 元."""
    return float(_terms(decimals, unit).sum())


def _terms(decimals: pd.Series, unit: pd.Series) -> np.ndarray:
    """Each term's half unit of its last printed digit, in 元 (summed in order, it is `tolerance`)."""
    scale = np.where(unit.to_numpy(dtype=object, na_value="") == "万元", 10000.0, 1.0)
    d = decimals.to_numpy(dtype="float64", na_value=np.nan)
    return 0.5 * 10.0 ** (-np.where(np.isnan(d), 0.0, d)) * scale


def _by_code(g: pd.DataFrame) -> pd.DataFrame:
    """Rows of the same code summed (a 部门 款 split over several 政府 款 rows); precision widened to the least
    precise term."""
    first = g.drop_duplicates("code").set_index("code")
    first["amount_yuan"] = g.groupby("code")["amount_yuan"].sum().round(2)
    first["decimals"] = g.groupby("code")["decimals"].min()
    return first.reset_index()


def hierarchy_comparisons(lines: pd.DataFrame) -> Iterator[dict]:
    """Every parent (合计, 类, 款) against the sum of its printed children, per table, unit and measure
    (`row`: the parent's line; `parts`: its children's amount_yuan, in printed order)."""
    l = lines[lines["classification"].isin(CODED) & (lines["level"] >= 0)]
    for (kind, title, _unit, measure), g in l.groupby(["table_kind", "table_title", "unit_code", "measure"],
                                                      sort=False):
        if g["code"].duplicated().any():
            g = _by_code(g)
        level = g["level"].to_numpy(dtype="float64", na_value=np.nan)
        codes = g["code"].to_numpy(dtype=object, na_value=None)
        tops: list[int] = []
        by_parent: dict[str, list[int]] = {}  # children's positions per parent code, in printed order
        for j, parent_code in enumerate(g["parent_code"].to_numpy(dtype=object, na_value=None)):
            if level[j] > 0:
                if level[j] == 1:
                    tops.append(j)
                if parent_code is not None:
                    by_parent.setdefault(parent_code, []).append(j)
        terms = _terms(g["decimals"], g["unit_printed"])
        amounts = g[["amount_yuan"]]  # the children are handed on as their amounts alone (cheap to cut)
        for i in np.flatnonzero(level < 3):
            pos = tops if level[i] == 0 else by_parent.get(codes[i])
            if not pos:
                continue
            parent, kids = g.iloc[i], amounts.iloc[pos]
            tol = float(np.append(terms[pos], terms[i]).sum())
            yield dict(check_id="hierarchy_sum", table_kind=kind, table_title=title, measure=measure,
                       row=parent, parts=kids, expected=parent["amount_yuan"],
                       actual=round(kids["amount_yuan"].sum(), 2), tol=tol)


def row_comparisons(lines: pd.DataFrame) -> Iterator[dict]:
    """total = personnel + public + project (or basic + project), basic = personnel + public, on every row."""
    l = lines[lines["classification"].isin(CODED)]
    for (kind, title, _unit), g in l.groupby(["table_kind", "table_title", "unit_code"], sort=False):
        wide = g.pivot_table(index=["row"], columns="measure", values="amount_yuan", aggfunc="first")
        meta = g.drop_duplicates("row").set_index("row")
        terms: dict = {}  # row -> [(measure, its tolerance term)] in printed order
        for row, measure, term in zip(g["row"], g["measure"], _terms(g["decimals"], g["unit_printed"])):
            terms.setdefault(row, []).append((measure, term))
        for identity, parts in (("total", ["personnel", "public", "project"]), ("basic", ["personnel", "public"]),
                                ("total", ["basic", "project"]), ("total", ["personnel", "public"])):
            if identity not in wide or not all(p in wide for p in parts):
                continue
            if identity == "total" and parts == ["personnel", "public"] and ("project" in wide or "basic" in wide):
                continue
            if identity == "total" and parts == ["basic", "project"] and "personnel" in wide:
                continue
            wanted = set(parts + [identity])
            for row, r in wide.iterrows():
                tol = float(np.array([t for m, t in terms[row] if m in wanted], dtype="float64").sum())
                yield dict(check_id="row_identity", table_kind=kind, table_title=title, identity=identity,
                           parts=parts, row=meta.loc[row], values=r, expected=r[identity],
                           actual=round(sum(r[p] for p in parts), 2), tol=tol)


def three_public_comparisons(lines: pd.DataFrame) -> Iterator[dict]:
    """The 三公 identities on every row of every block but 增减 (0.01 of the printed unit per term)."""
    l = lines[lines["table_kind"] == "three_public"]
    for title, table in l.groupby("table_title", sort=False):
        for (_row, name), group in table.groupby(["row", "name"], sort=False):
            if name == "增减":
                continue
            values = dict(zip(group["measure"], group["amount_yuan"]))
            scale = 10000.0 if (group["unit_printed"] == "万元").any() else 1.0
            for whole, parts in THREE_PUBLIC_IDENTITIES:
                if whole in values and all(p in values for p in parts):
                    yield dict(check_id="three_public_sum", table_kind="three_public", table_title=title,
                               expected=values[whole], actual=round(sum(values[p] for p in parts), 2),
                               tol=0.01 * len(parts) * scale)


def _fails(c: dict) -> bool:
    return abs(c["actual"] - c["expected"]) > c["tol"] + 0.005


def _doubled(c: dict) -> bool:
    a, e = abs(c["actual"]), abs(c["expected"])
    return min(a, e) > 0 and (abs(a - 2 * e) <= c["tol"] + 0.01 or abs(e - 2 * a) <= c["tol"] + 0.01)


def _judge(table: pd.DataFrame, comps: list[dict]) -> dict:
    unit_known = bool(len(table)) and bool(table["unit_printed"].fillna("").ne("").all())
    fails = [c for c in comps if _fails(c)]
    diffs = {round(abs(c["actual"] - c["expected"]), 2) for c in fails}
    doubled = any(_doubled(c) for c in fails if c["check_id"] == "hierarchy_sum" and c["row"]["level"] == 0)
    reconciled = not fails
    isolated = unit_known and not doubled and len(diffs) <= 1
    if not unit_known:
        reason = "金额单位未能确定"
    elif doubled:
        reason = "各类合计恰为表合计的两倍（或一半），疑为跨页重复读取"
    elif fails:
        reason = f"表内 {len(comps)} 处合计关系中有 {len(fails)} 处不符（{len(diffs)} 种差额）"
    elif comps:
        reason = f"单位已知，表内 {len(comps)} 处合计关系全部相符"
    else:
        reason = "单位已知，表内无可核对的合计关系"
    return dict(unit_known=unit_known, reconciled=reconciled, verified=unit_known and reconciled,
                isolated=isolated, checked=len(comps), failed=len(fails), reason=reason)


def comparisons(doc) -> dict[str, list[dict]]:
    """The document's hierarchy, row and 三公 comparisons, computed once per document (the arithmetic checks and
    the verification rule read the same lists)."""
    return per_document(doc, "comparisons", lambda d: {
        gen.__name__: list(gen(d.lines)) for gen in (hierarchy_comparisons, row_comparisons, three_public_comparisons)})


def verification(doc) -> pd.DataFrame:
    """Per table: unit_known, reconciled, verified (both), isolated (failures explained by one figure),
    how many identities were checked and failed, and why."""
    lines = doc.lines
    if lines.empty:
        return pd.DataFrame(columns=COLUMNS)
    comps: dict[tuple, list[dict]] = {}
    for found in comparisons(doc).values():
        for c in found:
            comps.setdefault((c["table_kind"], c["table_title"]), []).append(c)
    rows = []
    for (kind, title), table in lines.groupby(["table_kind", "table_title"], sort=False):
        pages = table["page"].dropna()
        rows.append(dict(table_kind=kind, table_title=title,
                         page_first=int(pages.min()) if len(pages) else None,
                         page_last=int(pages.max()) if len(pages) else None,
                         **_judge(table, comps.get((kind, title), []))))
    out = pd.DataFrame(rows, columns=COLUMNS)
    return out.astype({"page_first": "Int32", "page_last": "Int32"})
