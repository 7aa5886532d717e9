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

from ..normalise.three_public import IDENTITIES as THREE_PUBLIC_IDENTITIES, ITEMS as THREE_PUBLIC_ITEMS

_FUND_SUFFIXES = ("", "_gpb", "_gov_fund", "_soe_capital")  # a 三公 table's identities hold per fund too
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
    d = pd.to_numeric(decimals, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    return half_units(d, unit.to_numpy(dtype=object))


def half_units(decimals: np.ndarray, unit: np.ndarray) -> np.ndarray:
    """`_terms` over plain arrays (decimals as floats, NaN where none printed; units as objects): for callers
    that hold records, not a frame."""
    scale = np.array([FACTORS.get(u, 1.0) if isinstance(u, str) else 1.0 for u in unit], dtype="float64")
    return 0.5 * 10.0 ** (-np.where(np.isnan(decimals), 0.0, decimals)) * scale


# the columns a comparison reads
_SLIM = ["table_kind", "table_title", "unit_code", "measure", "classification", "level", "code", "parent_code",
         "name", "amount_yuan", "decimals", "unit_printed", "page", "row"]
_KID = ["code", "name", "level", "amount_yuan", "row", "page"]  # what a comparison tells of each child


def _columns(lines: pd.DataFrame) -> dict[str, np.ndarray]:
    """The columns a comparison reads as plain numpy arrays, converted once per document: a table, a parent
    and its children are then index arrays into them (a frame per group and a take per parent were most of the
    comparisons' cost). Strings are objects, `decimals` floats (NaN where none printed), `page` and `row`
    Python ints or None, as `to_dict('records')` gives them."""
    out = {}
    for c in (c for c in _SLIM if c in lines):
        s = lines[c]
        if c == "decimals":
            out[c] = pd.to_numeric(s, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
        elif c in ("page", "row"):
            out[c] = np.array([None if pd.isna(v) else int(v) for v in s.tolist()], dtype=object)
        elif c == "amount_yuan":
            out[c] = s.to_numpy(dtype="float64", na_value=np.nan)
        else:
            out[c] = s.to_numpy(dtype=object)
    return out


def _groups(lines: pd.DataFrame, keys: list[str]) -> Iterator[tuple[tuple, np.ndarray]]:
    """Each group of `keys` with its row positions in printed order, groups in order of first appearance (what
    `groupby(keys, sort=False)` iterates, rows with a missing key left out as it does), without a frame each."""
    if lines.empty:
        return
    number = lines.groupby(keys, sort=False).ngroup().to_numpy(dtype="float64", na_value=np.nan)
    present = np.flatnonzero(~np.isnan(number))
    order = present[np.argsort(number[present], kind="stable")]
    values = [lines[k].to_numpy(dtype=object) for k in keys]
    for at in np.split(order, np.flatnonzero(np.diff(number[order])) + 1):
        if len(at):
            yield tuple(v[at[0]] for v in values), at


def _records(cols: dict[str, np.ndarray], names: list[str], at) -> list[dict]:
    """Rows `at` of `cols` as records of `names` (the values as Python objects)."""
    taken = [cols[n][at].tolist() for n in names]
    return [dict(zip(names, vals)) for vals in zip(*taken)]


def _by_code(g: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Rows of the same code summed (a 部门 款 split over several 政府 款 rows), the 合计 row taken once (the
    first printed); precision widened to the least precise term; `terms`: how many printed rows each sums."""
    code = g["code"]
    total = np.flatnonzero(code == "")
    keep = np.flatnonzero(code != "")
    if len(total):
        # a 合计 printed on two rows (on each page, or a neighbour table's 总计 run on) is counted once: its first row
        page = np.array([-1 if p is None else p for p in g["page"][total]])
        row = g["row"][total]
        keep = np.concatenate([keep, total[(row == row[0]) & (page == page[0])]])
    label: dict = {}
    labels = np.array([label.setdefault(c, len(label)) for c in code[keep]])
    first = keep[np.unique(labels, return_index=True)[1]]  # each code's first row, in order of first appearance
    out = {c: v[first] for c, v in g.items()}
    # pandas' grouped sum (compensated) and min, so the totals are the ones printed in findings so far
    out["amount_yuan"] = pd.Series(g["amount_yuan"][keep]).groupby(labels).sum().round(2).to_numpy()
    out["decimals"] = pd.Series(g["decimals"][keep]).groupby(labels).min().to_numpy()
    out["terms"] = np.bincount(labels).astype("float64")
    return out


def nearest_printed_parent(codes: pd.Series, parents: pd.Series) -> pd.Series:
    """Each row's nearest ancestor that the table prints ('' for the 合计): a 项 whose 款 is not printed
    (3010201 津贴补贴 under 301, no 30102 row: Xi'an hrss 2020 p35) belongs to the 类 above it."""
    return pd.Series(_nearest_printed(list(codes), list(parents)), index=codes.index)


def _nearest_printed(codes: list, parents: list) -> list[str]:
    """`nearest_printed_parent` over lists."""
    printed = set(codes)

    def up(parent: str) -> str:
        p = parent
        while p and p not in printed:
            p = p[:-2] if len(p) > 3 else ""
        # no printed ancestor at all (`7 11 02` read as 71102, Putuo social welfare p11): not the 合计's child
        return p if p or not parent else parent
    return [up(p or "") for p in parents]


def _unchecked(kind, title, measure, why: str) -> dict:
    return dict(check_id="hierarchy_sum", table_kind=kind, table_title=title, measure=measure, row=None,
                parts=None, expected=1.0, actual=0.0, tol=0.0, unchecked=True, why=why)


def hierarchy_comparisons(lines: pd.DataFrame) -> Iterator[dict]:
    """Every parent (合计, 类, 款) against the sum of its printed children, per table, unit and measure
    (`row`: the parent's line as a record; `parts`: its children's records (code, name, level, amount_yuan, row,
    page), in printed order)."""
    l = lines[lines["classification"].isin(CODED) & (lines["level"] >= 0)]
    mixed = l[l["level"] == 1].groupby(["table_kind", "table_title"])["classification"].nunique() > 1
    cols = _columns(l)
    for (kind, title, _unit, measure), at in _groups(l, ["table_kind", "table_title", "unit_code", "measure"]):
        g = {c: v[at] for c, v in cols.items()}
        totals = np.round(g["amount_yuan"][(g["code"] == "") & (g["level"] == 0)], 2)
        if len({t for t in totals.tolist() if t == t}) > 1:
            # two different 合计 under one title: a neighbour table run on (Shanghai 1f5b p11 + the p12 财政拨款
            # 总计; Jiangsu npc 2017 p17 基本支出 + p19 机关运行经费): which rows are whose is a guess
            yield _unchecked(kind, title, measure, "同一表题下印有两个不同的合计，疑为两张表连读")
            continue
        if mixed.get((kind, title), False):
            # 功能 类 and 经济 类 in one table: two tables run together (Jiangsu npc 2017 p16–17, 表7 then the
            # 基本支出 table under it); whose 合计 is which is a guess
            yield _unchecked(kind, title, measure, "功能分类与经济分类的类同在一表，疑为两张表连读")
            continue
        if len(set(g["code"].tolist())) < len(at):
            g = _by_code(g)
        yield from _parent_sums(g, kind, title, measure)


def _parent_sums(g: dict[str, np.ndarray], kind, title, measure) -> Iterator[dict]:
    """One table's (and unit's and measure's) parents against their children."""
    # each row's tolerance term (half its last digit, times the printed rows summed into it)
    half = half_units(g["decimals"], g["unit_printed"])
    if "terms" in g:
        half = half * g["terms"]
    level = g["level"].astype("int64")
    kid = np.flatnonzero(level > 0)
    kid_half, kid_amount = half[kid], g["amount_yuan"][kid]
    kids = _records(g, _KID, kid)
    by_parent: dict[str, list[int]] = {}
    for j, p in enumerate(_nearest_printed(g["code"][kid].tolist(), g["parent_code"][kid].tolist())):
        by_parent.setdefault(p, []).append(j)
    for i, parent in zip(np.flatnonzero(level < 3), _records(g, list(g), level < 3)):
        at = by_parent.get("" if parent["level"] == 0 else parent["code"])
        if at is None:
            continue
        yield dict(check_id="hierarchy_sum", table_kind=kind, table_title=title, measure=measure,
                   row=parent, parts=[kids[j] for j in at], expected=parent["amount_yuan"],
                   actual=round(np.nansum(kid_amount[at]), 2), tol=float(kid_half[at].sum() + half[i]))


_IDENTITIES = (("total", ["personnel", "public", "project"]), ("basic", ["personnel", "public"]),
               ("total", ["basic", "project"]), ("total", ["personnel", "public"]))


def row_comparisons(lines: pd.DataFrame) -> Iterator[dict]:
    """total = personnel + public + project (or basic + project), basic = personnel + public, on every row
    (`row`: the row's first line as a record; `values`: the row's first printed amount per measure)."""
    l = lines[lines["classification"].isin(CODED)]
    cols = _columns(l)
    for (kind, title, _unit), at in _groups(l, ["table_kind", "table_title", "unit_code"]):
        yield from _row_sums({c: v[at] for c, v in cols.items()}, kind, title)


def _row_sums(g: dict[str, np.ndarray], kind, title) -> Iterator[dict]:
    """One table's (and unit's) rows against their identities, rows in printed-number order."""
    amounts = g["amount_yuan"]
    first_line: dict = {}  # row -> position of its first line
    printed: dict = {}     # row -> {measure: its first printed amount}
    terms: dict = {}       # row -> [(measure, its tolerance term)] in printed order
    for j, (row, measure, term) in enumerate(zip(g["row"].tolist(), g["measure"].tolist(),
                                                 half_units(g["decimals"], g["unit_printed"]))):
        first_line.setdefault(row, j)
        terms.setdefault(row, []).append((measure, term))
        if not np.isnan(amounts[j]):
            printed.setdefault(row, {}).setdefault(measure, amounts[j])
    # what pivot(index=row, columns=measure) gives: rows and measures sorted, NaN where a row lacks a measure
    shown = sorted({m for v in printed.values() for m in v})
    wide = [(row, {m: v.get(m, np.float64(np.nan)) for m in shown}) for row, v in sorted(printed.items())]
    meta = dict(zip(first_line, _records(g, list(g), list(first_line.values()))))
    for identity, parts in _IDENTITIES:
        if identity not in shown or not all(p in shown for p in parts):
            continue
        if identity == "total" and parts == ["personnel", "public"] and ("project" in shown or "basic" in shown):
            continue
        if identity == "total" and parts == ["basic", "project"] and "personnel" in shown:
            continue
        wanted = set(parts + [identity])
        for row, r in wide:
            tol = float(np.array([t for m, t in terms[row] if m in wanted], dtype="float64").sum())
            yield dict(check_id="row_identity", table_kind=kind, table_title=title, identity=identity,
                       parts=parts, row=meta[row], values=r, expected=r[identity],
                       actual=round(sum(r[p] for p in parts), 2), tol=tol)


def column_numbers(values) -> bool:
    """`1 2 3 4 5 6` (or `** 1 2 3`): the row that numbers the columns, read as amounts — never money."""
    v = [float(x) for x in values]
    return len(v) >= 3 and all(x == int(x) for x in v) and sorted(v) == [float(i) for i in range(int(min(v)),
                                                                                                 int(min(v)) + len(v))]


def one_item_per_row(table: pd.DataFrame) -> bool:
    """A 三公 table whose rows carry one item each (more than one such row); the item's figure per fund beside it
    (广州: 合计 | 一般公共预算 | 政府性基金预算 | …, measures `abroad_gpb` …) is the same item."""
    items = table[table["measure"].isin(THREE_PUBLIC_ITEMS)]
    return (items.groupby(["row", "name"])["measure"].nunique() == 1).sum() > 1


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
        t = items_as_one_row(table)
        groups: dict[tuple, list[tuple]] = {}  # (row, name) → its lines, as groupby(sort=False) gives them
        for key in zip(t["row"], t["name"], t.index, t["measure"], t["amount_yuan"], t["unit_printed"]):
            if not (pd.isna(key[0]) or pd.isna(key[1])):
                groups.setdefault(key[:2], []).append(key[2:])
        for (_row, name), group in groups.items():
            if name == "增减":
                continue
            scale = 10000.0 if any(unit == "万元" for *_, unit in group) else 1.0
            if column_numbers([amount / scale for _, _, amount, _ in group]):
                continue
            values = {measure: amount for _, measure, amount, _ in group}
            at = {measure: i for i, measure, _, _ in group}  # the lines, so that an OCR misreading can be named
            checked = 0
            for whole, parts in [(w + fund, [p + fund for p in ps]) for fund in _FUND_SUFFIXES
                                 for w, ps in THREE_PUBLIC_IDENTITIES]:
                if whole in values and all(p in values for p in parts):
                    checked += 1
                    yield dict(check_id="three_public_sum", table_kind="three_public", table_title=title,
                               expected=values[whole], actual=round(sum(values[p] for p in parts), 2),
                               tol=0.01 * len(parts) * scale, terms=[(at[whole], -1)] + [(at[p], 1) for p in parts])
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
