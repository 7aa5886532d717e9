"""三公 and meeting/training money: its own sums, in the table and in the text, and the text against the table.

合计 = 三公小计 + 会议费 + 培训费; 三公小计 = 因公出国（境） + 公务接待 + 公务用车; 公务用车 = 购置 + 运行. The
normalised lines of this table lose which column is which, so the columns are read here from the printed grid
(`doc.raw.grids`, header cells of each column joined); an identity is checked only when all its columns are
found. The text's figures are the first amount after each item's name in the 三公 paragraphs. Tolerance: 0.01 per term.

check_ids:
- ``three_public_sum`` (error): an identity fails on a row of the table, in the 上年 and 当年 blocks (the
  增减 block is their difference, and the PDF reader was seen to drop a blank column there).
- ``three_public_text_sum`` (error): an identity fails between the amounts the text states.
- ``three_public_text_vs_table`` (error): the text's amount differs from the table's current-year 合计 row by more
  than 0.005 万元.
"""
from __future__ import annotations

import re
import unicodedata

from ..catalog import recognise
from ..findings import finding
from . import register
from ._text import has_text, narrative, year_of

NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?$")
# item -> pattern of its name in the text (the amount follows, with at most filler words between)
TEXT_ITEMS = {
    "total": r"“?三公”?经费(预算)?(支出)?(预算)?(合计|共计|为|是)?",
    "abroad": r"因公出国\(境\)(经)?费(用)?(预算)?(支出)?(为)?",
    "reception": r"公务接待费(用)?(预算)?(支出)?(为)?",
    "vehicle": r"公务用车购置及运行(维护)?费(预算)?(支出)?(为)?",
    "purchase": r"公务用车购置费(预算)?(支出)?(为)?",
    "operation": r"公务用车运行(维护)?费(预算)?(支出)?(为)?",
}
LABEL = {"total": "三公经费", "three": "三公小计", "abroad": "因公出国（境）", "reception": "公务接待",
         "vehicle": "公务用车", "purchase": "公务用车购置", "operation": "公务用车运行", "meeting": "会议费",
         "training": "培训费"}


def _column(label: str) -> str:
    """What a column holds, from its header cells joined top to bottom."""
    if "会议" in label:
        return "meeting"
    if "培训" in label:
        return "training"
    if "因公出" in label:
        return "abroad"
    if "接待" in label:
        return "reception"
    if "公务用车" in label:
        if "小计" in label or re.search("购置及运", label) and not re.search("购置费|运行费$", label):
            return "vehicle"
        # two labels merged into one cell (`公务用车购置公务用车运行费`) belong to the first
        run = label.find("运行")
        return "purchase" if "购置" in label and (run < 0 or label.find("购置") < run) else "operation"
    if label.endswith("维护费"):
        return "operation"
    if "小计" in label:
        return "three"
    if "合计" in label:
        return "total"
    return ""


def _number(cell: str) -> float:
    return float(cell.replace(",", "")) if NUMBER.match(cell.replace(" ", "")) else 0.0


def _blocks(grid) -> tuple[list[dict], list[list[str]]]:
    """Per block (上年/当年/增减, or one block): {item: column index}; and the data rows."""
    rows = [[re.sub(r"\s+", "", unicodedata.normalize("NFKC", c or "")) for c in r] for r in grid.rows]
    first = next((i for i, r in enumerate(rows) if sum(bool(NUMBER.match(c)) for c in r if c) >= 3), None)
    if first is None:
        return [], []
    head, width = rows[:first], max(len(r) for r in rows)
    top, block, starts = head[0] if head else [], "", []
    for j in range(width):
        cell = top[j] if j < len(top) else ""
        if cell and re.search(r"上年|当年|增减|20\d{2}年", cell) and cell != block:
            block = cell
            starts.append((j, cell))
    starts = starts or [(0, "")]
    out = []
    for k, (j0, name) in enumerate(starts):
        j1 = starts[k + 1][0] if k + 1 < len(starts) else width
        cols: dict = {"_name": name}
        for j in range(j0, j1):
            item = _column("".join(r[j] for r in head if j < len(r) and r[j] != name))
            if item and item not in cols:
                cols[item] = j
        out.append(cols)
    return out, rows[first:]


def _identities(values: dict) -> list[tuple[str, list[str]]]:
    rules = [("vehicle", ["purchase", "operation"]), ("three", ["abroad", "reception", "vehicle"])]
    if "three" in values:
        rules.append(("total", ["three", "meeting", "training"]))
    else:
        rules.append(("total", ["abroad", "reception", "vehicle"] +
                      [k for k in ("meeting", "training") if k in values]))
    return [(whole, parts) for whole, parts in rules if whole in values and all(p in values for p in parts)]


def _check(values: dict, where: str, unit: str, check_id: str, page, table_kind: str = "") -> list[dict]:
    out = []
    for whole, parts in _identities(values):
        s = sum(values[p] for p in parts)
        if abs(values[whole] - s) > 0.01 * len(parts) + 1e-9:
            out.append(finding(check_id, "error", f"{where}: {LABEL[whole]} {values[whole]:,.2f} {unit} ≠ "
                               f"{' + '.join(LABEL[p] for p in parts)} = {s:,.2f} {unit}",
                               round(s, 2), values[whole], table_kind, page=page))
    return out


def table_values(doc) -> tuple[list[dict], dict]:
    """Findings of the table's own sums, and the current year's 合计 row in 万元 ({item: value})."""
    out, current = [], {}
    if doc.raw is None:
        return out, current
    year = year_of(doc)
    for grid in doc.raw.grids:
        if recognise(grid.title) != "three_public":
            continue
        blocks, data = _blocks(grid)
        scale = 1.0 if grid.unit_printed == "万元" else 0.0001
        for i, row in enumerate(data):
            label = next((c for c in row if c and not NUMBER.match(c)), row[0] if row else "")
            for cols in [b for b in blocks if "增减" not in b["_name"]]:
                values = {k: _number(row[j]) for k, j in cols.items() if k != "_name" and j < len(row)}
                where = f"{grid.title[:30]} {label} {cols['_name']}".strip()
                out += _check(values, where, grid.unit_printed, "three_public_sum", grid.page, "three_public")
                is_current = not cols["_name"] or "当年" in cols["_name"] or (year and str(year) in cols["_name"])
                if i == 0 and is_current and not current:
                    current = {k: v * scale for k, v in values.items()}
    return out, current


def text_values(doc) -> tuple[dict, int | None]:
    """The amounts the narrative states for each item (万元): the first after its name, in the first paragraph
    that gives 三公经费 an amount and the two after it (`其中：因公出国…` often starts a paragraph of its own)."""
    paras = narrative(doc)
    start = next((i for i, (_, t) in enumerate(paras) if re.search(TEXT_ITEMS["total"] + r"[^，。；]{0,12}?\d", t)), None)
    if start is None:
        return {}, None
    text = "".join(t for _, t in paras[start:start + 3])
    values = {}
    for item, name in list(TEXT_ITEMS.items()) + [("meeting", r"会议费(预算)?(支出)?(为)?"),
                                                ("training", r"培训费(预算)?(支出)?(为)?")]:
        m = re.search(rf"{name}[^，。；\d较比增减]{{0,8}}?(\d+(?:\.\d+)?)万元", text)
        if m:
            values[item] = float(m.group(m.lastindex))
    return values, paras[start][0]


@register
def three_public(doc) -> list[dict]:
    out, table = table_values(doc)
    if not has_text(doc):
        return out
    text, page = text_values(doc)
    three_only = {k: v for k, v in text.items() if k not in ("meeting", "training")}  # text's 三公 total excludes them
    if "vehicle" not in three_only and {"purchase", "operation"} <= set(three_only):
        three_only["vehicle"] = three_only["purchase"] + three_only["operation"]
    out += _check(three_only, "the text", "万元", "three_public_text_sum", page)
    if table:
        table = dict(table)
        if "three" in table:  # the text's 三公经费 is the table's 三公小计
            table["total"] = table.pop("three")
        for item, value in text.items():
            if item in table and abs(value - table[item]) > 0.005 + 1e-9:
                out.append(finding("three_public_text_vs_table", "error",
                                   f"the text says {LABEL[item]} {value:,.2f} 万元 (p{page}), the table "
                                   f"{table[item]:,.2f} 万元", round(table[item], 2), value, "three_public",
                                   page=page))
    return out
