"""Was our reading of each table verified? One rule, applied to every check's findings by `checks.run_checks`.

A check may call something an `error` only when what it rests on was read and verified: the table's unit is known
(`lines.unit_printed` not empty) and the table reconciles internally (合计 = Σ类 = Σ款 = Σ项 and the row identities,
within half a unit of the last printed digit of every term — which is also what lets a multi-unit table whose units
each round to 0.01 万元 pass). A table that does not reconcile is more often misread than misprinted; an error
that rests on it is then reported as a warning that says our reading is unverified.

The table's own sums (``hierarchy_sum``, ``row_identity``, ``three_public_sum``) cannot rest on their own
reconciliation, so they rest on `isolated`: the unit is known and every failing identity of the table is explained
by one misprinted figure (all differ by the same amount) — a misreading (a shifted column, a page read twice)
breaks many identities by many amounts, or doubles a total, or sets a 0 (a blank cell) against parts that are not.

A table read by OCR (`lines.ocr_confidence` set) is verified only by its own identities: it needs at least one,
all of them reconciling; and it is never `isolated`, since a failing sum there is more likely a misread digit than
a misprint (checks/ocr.py names the cell).

A table is one (table_kind, table_title), as the checks group it: a kind that repeats under another title is
another table; the same title continued over a page break is one.
"""
from __future__ import annotations

from typing import Iterator

import numpy as np
import pandas as pd

from ..normalise.three_public import IDENTITIES as THREE_PUBLIC_IDENTITIES
from ..normalise.units import FACTORS
from .memo import per_document

CODED = ("function", "dept_economic")
COLUMNS = ["table_kind", "table_title", "page_first", "page_last", "unit_known", "reconciled", "verified",
           "isolated", "checked", "failed", "reason", "ocr"]


def tolerance(decimals: pd.Series, unit: pd.Series, terms: pd.Series | None = None) -> float:
    """Half a unit of the last printed digit of every term, in 元 (a term summed from several printed rows
    counts each of them: 505 工资福利支出 over four 部门 款 rows, Yantai culture p19): the sum of `_terms`."""
    half = _terms(decimals, unit)
    return float((half * (1.0 if terms is None else terms.fillna(1).to_numpy(dtype="float64"))).sum())


def _terms(decimals: pd.Series, unit: pd.Series) -> np.ndarray:
    """Each term's half unit of its last printed digit, in 元."""
    scale = unit.map(FACTORS).fillna(1.0).to_numpy(dtype="float64")
    d = pd.to_numeric(decimals, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return 0.5 * 10.0 ** (-np.where(np.isnan(d), 0.0, d)) * scale


# the columns a comparison reads, as plain numpy/object columns (a boolean take over every Arrow-backed
# column of `lines`, once per parent, was most of a document's check time)
_SLIM = ["table_kind", "table_title", "unit_code", "measure", "classification", "level", "code", "parent_code",
         "name", "amount_yuan", "decimals", "unit_printed", "page", "row"]


def _slim(lines: pd.DataFrame) -> pd.DataFrame:
    l = lines[[c for c in _SLIM if c in lines]]
    return l.astype({c: object for c in l.columns if isinstance(l[c].dtype, pd.StringDtype)})


def _by_code(g: pd.DataFrame) -> pd.DataFrame:
    """Rows of the same code summed (a 部门 款 split over several 政府 款 rows), the 合计 row taken once (the
    first printed); precision widened to the least precise term."""
    total = g[g["code"] == ""]
    # a 合计 printed on two rows (on each page, or a neighbour table's 总计 run on) is counted once: its first row
    g = pd.concat([g[g["code"] != ""], total[(total["row"] == total["row"].iloc[0]) & (total["page"].fillna(-1)
                                                                                       == total["page"].fillna(-1).iloc[0])]]) if len(total) else g
    first = g.drop_duplicates("code").set_index("code")
    first["amount_yuan"] = g.groupby("code")["amount_yuan"].sum().round(2)
    first["decimals"] = g.groupby("code")["decimals"].min()
    first["terms"] = g.groupby("code").size()
    return first.reset_index()


def nearest_printed_parent(codes: pd.Series, parents: pd.Series) -> pd.Series:
    """Each row's nearest ancestor that the table prints ('' for the 合计): a 项 whose 款 is not printed
    (3010201 津贴补贴 under 301, no 30102 row: Xi'an hrss 2020 p35) belongs to the 类 above it."""
    printed = set(codes)

    def up(code: str, parent: str) -> str:
        p = parent
        while p and p not in printed:
            p = p[:-2] if len(p) > 3 else ""
        # no printed ancestor at all (`7 11 02` read as 71102, Putuo social welfare p11): not the 合计's child
        return p if p or not parent else parent
    return pd.Series([up(c, p or "") for c, p in zip(codes, parents)], index=codes.index)


def hierarchy_comparisons(lines: pd.DataFrame) -> Iterator[dict]:
    """Every parent (合计, 类, 款) against the sum of its printed children, per table, unit and measure
    (`row`: the parent's line; `parts`: its children's amount_yuan, in printed order)."""
    l = _slim(lines[lines["classification"].isin(CODED) & (lines["level"] >= 0)])
    mixed = l[l["level"] == 1].groupby(["table_kind", "table_title"])["classification"].nunique() > 1
    for (kind, title, _unit, measure), g in l.groupby(["table_kind", "table_title", "unit_code", "measure"],
                                                      sort=False):
        totals = g[(g["code"] == "") & (g["level"] == 0)]["amount_yuan"].round(2)
        if totals.nunique() > 1:
            # two different 合计 under one title: a neighbour table run on (Shanghai 1f5b p11 + the p12 财政拨款
            # 总计; Jiangsu npc 2017 p17 基本支出 + p19 机关运行经费): which rows are whose is a guess
            yield dict(check_id="hierarchy_sum", table_kind=kind, table_title=title, measure=measure, row=None,
                       parts=None, expected=1.0, actual=0.0, tol=0.0, unchecked=True,
                       why="同一表题下印有两个不同的合计，疑为两张表连读")
            continue
        if mixed.get((kind, title), False):
            # 功能 类 and 经济 类 in one table: two tables run together (Jiangsu npc 2017 p16–17, 表7 then the
            # 基本支出 table under it); whose 合计 is which is a guess
            yield dict(check_id="hierarchy_sum", table_kind=kind, table_title=title, measure=measure, row=None,
                       parts=None, expected=1.0, actual=0.0, tol=0.0, unchecked=True,
                       why="功能分类与经济分类的类同在一表，疑为两张表连读")
            continue
        if g["code"].duplicated().any():
            g = _by_code(g)
        # each row's tolerance term (half its last digit, times the printed rows summed into it)
        half = _terms(g["decimals"], g["unit_printed"])
        if "terms" in g:
            half = half * g["terms"].fillna(1).to_numpy(dtype="float64")
        level = g["level"].to_numpy()
        children = g[level > 0]
        kid_half = half[level > 0]
        up = nearest_printed_parent(children["code"], children["parent_code"])
        by_parent = pd.Series(np.arange(len(children))).groupby(up.to_numpy(), sort=False).indices \
            if len(children) else {}
        # parents as plain records and children as a narrow frame: a Series per parent and a take over every
        # column were most of the comparisons' cost
        kid_frame = children[["code", "name", "level", "amount_yuan", "row", "page"]]
        for i, parent in zip(np.flatnonzero(level < 3), g[level < 3].to_dict("records")):
            at = by_parent.get("" if parent["level"] == 0 else parent["code"])
            if at is None:
                continue
            kids = kid_frame.iloc[at]
            yield dict(check_id="hierarchy_sum", table_kind=kind, table_title=title, measure=measure,
                       row=parent, parts=kids, expected=parent["amount_yuan"],
                       actual=round(kids["amount_yuan"].sum(), 2), tol=float(kid_half[at].sum() + half[i]))


def row_comparisons(lines: pd.DataFrame) -> Iterator[dict]:
    """total = personnel + public + project (or basic + project), basic = personnel + public, on every row."""
    l = _slim(lines[lines["classification"].isin(CODED)])
    for (kind, title, _unit), g in l.groupby(["table_kind", "table_title", "unit_code"], sort=False):
        # each row's first printed amount per measure (what pivot_table(aggfunc="first") gives, without its cost)
        wide = g[g["amount_yuan"].notna()].drop_duplicates(["row", "measure"]) \
            .pivot(index="row", columns="measure", values="amount_yuan")
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


def column_numbers(values) -> bool:
    """`1 2 3 4 5 6` (or `** 1 2 3`): the row that numbers the columns, read as amounts — never money."""
    v = [float(x) for x in values]
    return len(v) >= 3 and all(x == int(x) for x in v) and sorted(v) == [float(i) for i in range(int(min(v)),
                                                                                                 int(min(v)) + len(v))]


def one_item_per_row(table: pd.DataFrame) -> bool:
    """A 三公 table whose rows carry one amount each (more than one such row)."""
    return (table.groupby(["row", "name"])["measure"].nunique() == 1).sum() > 1


def items_as_one_row(table: pd.DataFrame) -> pd.DataFrame:
    """One 三公 table's lines with the items printed down the first column (normalise.three_public reads 广州 表8
    `“三公”经费 860.78` / `其中：因公出国 140.49` … as one block, an item per row) given one `row`, the block's
    first: its identities are checked across those rows. Other tables as they are."""
    if one_item_per_row(table) and not table.duplicated(["name", "measure"]).any():
        return table.assign(row=table["row"].min())
    return table


def three_public_comparisons(lines: pd.DataFrame) -> Iterator[dict]:
    """The 三公 identities on every row of every block but 增减 (0.01 of the printed unit per term). A row on
    which no identity can be checked (a blank cell dropped, its neighbours shifted into the wrong columns, as
    长沙信访局 p20 `合计 8.00 3.00 5.00 5.00` under seven columns) is yielded as `unchecked`: its columns are a guess."""
    l = lines[lines["table_kind"] == "three_public"]
    for title, table in l.groupby("table_title", sort=False):
        # rows of one amount each: the items are printed as rows (广州 表8 `行政经费 523.62` / `“三公”经费 26.11` /
        # `其中：…`) and were read as columns, so every row became a `total`
        by_rows = one_item_per_row(table)
        for (_row, name), group in items_as_one_row(table).groupby(["row", "name"], sort=False):
            if name == "增减":
                continue
            scale = 10000.0 if (group["unit_printed"] == "万元").any() else 1.0
            if column_numbers(group["amount_yuan"] / scale):
                continue
            values = dict(zip(group["measure"], group["amount_yuan"]))
            checked = 0
            for whole, parts in THREE_PUBLIC_IDENTITIES:
                if whole in values and all(p in values for p in parts):
                    checked += 1
                    yield dict(check_id="three_public_sum", table_kind="three_public", table_title=title,
                               expected=values[whole], actual=round(sum(values[p] for p in parts), 2),
                               tol=0.01 * len(parts) * scale)
            if not checked and (len(values) > 1 or by_rows):
                yield dict(check_id="three_public_sum", table_kind="three_public", table_title=title,
                           expected=1.0, actual=0.0, tol=0.0, unchecked=True,
                           why="行无可核对的合计关系（空白格使各列错位，或项目按行排列）")


def _fails(c: dict) -> bool:
    return abs(c["actual"] - c["expected"]) > c["tol"] + 0.005


def _doubled(c: dict) -> bool:
    a, e = abs(c["actual"]), abs(c["expected"])
    return min(a, e) > 0 and (abs(a - 2 * e) <= c["tol"] + 0.01 or abs(e - 2 * a) <= c["tol"] + 0.01)


def paired_final_accounts(table: pd.DataFrame) -> bool:
    """A 决算 三公 table prints 预算数 and 决算数 side by side under every item (Putuo planning 2024 p17); the
    lines carry one amount per item, so which of the two we kept is not known."""
    return bool(len(table)) and (table["table_kind"] == "three_public").all() \
        and table["table_title"].str.contains("决算").any()


def _judge(table: pd.DataFrame, comps: list[dict]) -> dict:
    ocr = bool(table["ocr_confidence"].notna().any()) if "ocr_confidence" in table else False
    unit_known = bool(len(table)) and bool(table["unit_printed"].fillna("").ne("").all())
    if paired_final_accounts(table):
        return dict(unit_known=unit_known, reconciled=False, verified=False, isolated=False, checked=len(comps),
                    failed=0, reason="决算表并列预算数与决算数，我们读到的是哪一列无法确定")
    if "code_source" in table and table["code_source"].fillna("").eq("name").any():
        return dict(unit_known=unit_known, reconciled=False, verified=False, isolated=False, checked=len(comps),
                    failed=sum(map(_fails, comps)), ocr=ocr,
                    reason="表中未印科目编码，编码由名称推断，层级与合计关系未经核实")
    unchecked = [c for c in comps if c.get("unchecked")]
    comps = [c for c in comps if not c.get("unchecked")]
    fails = [c for c in comps if _fails(c)]
    diffs = {round(abs(c["actual"] - c["expected"]), 2) for c in fails}
    # a 合计 (or a 类's only 项: Wuxi 5f8f p14 219 5,020,000 over 10,040,000) exactly twice or half its parts:
    # a row read twice (over a page break), not a misprint
    doubled = any(_doubled(c) for c in fails if c["check_id"] == "hierarchy_sum")
    # a side that is 0 against parts that are not (or the reverse): a cell printed blank (read as 0) or a column
    # we gave the wrong role (Beijing 09表 公务用车 小计 left blank over 18.69 + 4.83), not a misprint
    blank = any(min(abs(c["actual"]), abs(c["expected"])) == 0 for c in fails)
    reconciled = not fails and not unchecked
    isolated = unit_known and not doubled and not blank and len(diffs) <= 1
    if not unit_known:
        reason = "金额单位未能确定"
    elif doubled:
        reason = "子项合计恰为上级数的两倍（或一半），疑为跨页重复读取"
    elif blank:
        reason = "表内合计关系一侧为空白（读作 0）而另一侧不为 0，疑为空格或列错位"
    elif fails:
        reason = f"表内 {len(comps)} 处合计关系中有 {len(fails)} 处不符（{len(diffs)} 种差额）"
    elif unchecked:
        reason = f"表内 {len(unchecked)} 处{unchecked[0]['why']}"
    elif comps:
        reason = f"单位已知，表内 {len(comps)} 处合计关系全部相符"
    elif ocr:
        reason = "OCR 识别的表格，表内无可核对的合计关系，无法验证"
    else:
        reason = "单位已知，表内无可核对的合计关系"
    verified = unit_known and reconciled and (bool(comps) or not ocr)
    if ocr and fails:
        reason = "OCR 识别的表格：" + reason
    return dict(unit_known=unit_known, reconciled=reconciled, verified=verified, isolated=isolated and not ocr,
                checked=len(comps), failed=len(fails) + len(unchecked), reason=reason, ocr=ocr)


def comparisons(doc) -> dict[str, list[dict]]:
    """The document's hierarchy, row and 三公 comparisons, computed once per document (the arithmetic checks and
    the verification rule read the same lists)."""
    return per_document(doc, "comparisons", lambda d: {
        gen.__name__: list(gen(d.lines)) for gen in (hierarchy_comparisons, row_comparisons, three_public_comparisons)})


def verification(doc) -> pd.DataFrame:
    """Per table: unit_known, reconciled, verified (both), isolated (failures explained by one figure),
    how many identities were checked and failed, and why. Computed once per content of `doc.lines` (the checks
    and the accuracy meter both ask; a hash of the lines tells a changed table from the same one)."""
    lines = doc.lines
    if lines.empty:
        return pd.DataFrame(columns=COLUMNS)
    stamp = (id(lines), int(pd.util.hash_pandas_object(lines, index=True).sum()))
    cached = getattr(doc, "_verification", None)
    if cached is not None and cached[0] == stamp:
        return cached[1].copy()
    out = _verification(doc, lines)
    try:
        doc._verification = (stamp, out)
    except AttributeError:  # a document type without attributes of its own: no memo
        pass
    return out.copy()


def _verification(doc, lines: pd.DataFrame) -> pd.DataFrame:
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
