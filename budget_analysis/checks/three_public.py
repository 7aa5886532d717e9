"""三公 and meeting/training money: its own sums, in the table and in the text, and the text against the table.

合计 (grand_total) = 三公 (total) + 会议费 + 培训费; 三公 = 因公出国（境） + 公务接待 + 公务用车; 公务用车 = 购置 + 运行,
all in the measure names of the lines. The table is
read from its normalised lines (`doc.table('three_public')`, see `normalise/three_public.py`: one line per cell,
the block in `name`, the column in `measure`), so the check also runs on documents read back from the store; an
identity is checked only when all its columns are found. The text's figures are the first amount after each
item's name in the 三公 paragraphs. Tolerance: 0.01 (in the printed unit) per term.

check_ids:
- ``three_public_sum`` (error): an identity fails on a row of the table, in the 上年 and 当年 blocks (the
  增减 block is their difference, and the PDF reader was seen to drop a blank column there).
- ``three_public_text_sum`` (error): an identity fails between the amounts the text states.
- ``three_public_text_vs_table`` (error): the text's amount differs from the table's current-year 合计 row by more
  than 0.005 万元.
"""
from __future__ import annotations

import re

import pandas as pd

from ..normalise.catalog import measure_title
from ..document.verification import column_numbers, items_as_one_row
from ..normalise.three_public import IDENTITIES
from .registry import finding
from . import register
from ._text import has_text, narrative, year_of

# measure (as normalise/three_public.py names the columns) -> pattern of its name in the text; the amount follows
TEXT_ITEMS = {
    "total": r"“?三公”?经费(预算)?(支出)?(预算)?(合计|共计|为|是)?",
    "abroad": r"因公出国\(境\)(经)?费(用)?(预算)?(支出)?(为)?",
    "reception": r"公务接待费(用)?(预算)?(支出)?(为)?",
    "vehicle": r"公务用车购置及运行(维护)?费(预算)?(支出)?(为)?",
    "vehicle_purchase": r"公务用车购置费(预算)?(支出)?(为)?",
    "vehicle_operation": r"公务用车运行(维护)?费(预算)?(支出)?(为)?",
    "meeting": r"会议费(预算)?(支出)?(为)?",
    "training": r"培训费(预算)?(支出)?(为)?",
}


def _values(group) -> dict:
    """{measure: amount in the printed unit} of one row of one block."""
    scale = 10000.0 if (group["unit_printed"] == "万元").any() else 1.0
    return {m: a / scale for m, a in zip(group["measure"], group["amount_yuan"])}


def _is_current(name: str, names: list[str], year) -> bool:
    if "当年" in name or (year and str(year) in name):
        return True
    others = [n for n in names if n != "增减"]
    return len(others) == 1 or (not year and not any("当年" in n for n in others) and name == max(others))


def _check(values: dict, where: str, unit: str, check_id: str, page, table_kind: str = "") -> list[dict]:
    """Every identity whose columns are all there; 0.01 of the printed unit per term."""
    out = []
    for whole, parts in IDENTITIES:
        if whole not in values or not all(p in values for p in parts):
            continue
        s = sum(values[p] for p in parts)
        if abs(values[whole] - s) > 0.01 * len(parts) + 1e-9:
            out.append(finding(check_id, "error", f"{where}: {measure_title(whole)} {values[whole]:,.2f} {unit} ≠ "
                               f"{' + '.join(map(measure_title, parts))} = {s:,.2f} {unit}",
                               round(s, 2), values[whole], table_kind, page=page))
    return out


def table_values(doc) -> tuple[list[dict], dict]:
    """Findings of the table's own sums, and the current year's 合计 row in 万元 ({measure: value})."""
    out, candidates = [], []
    lines = doc.table("three_public")
    if lines.empty:
        return out, {}
    year = year_of(doc)
    for title, table in lines.groupby("table_title", sort=False):
        names = list(dict.fromkeys(table["name"]))
        table = items_as_one_row(table)  # items printed down the first column: one block, one row
        for (row, name), group in table.groupby(["row", "name"], sort=False):
            if name == "增减":  # the 增减 block is their difference
                continue
            values = _values(group)
            if column_numbers(values.values()):  # the `1 2 3 4 5 6` row under the header
                continue
            unit = group["unit_printed"].iloc[0]
            label = group["unit_code"].iloc[0] or "合计"
            page = None if pd.isna(group["page"].iloc[0]) else int(group["page"].iloc[0])
            out += _check(values, f"{title[:30]} {label} {name}", unit, "three_public_sum", page, "three_public")
            # the table-wide 合计 row (level 1), first in printed order: a table continued on the next page
            # restarts its row numbers, and its first row there is a unit's
            if (group["level"] == 1).all() and not candidates and _is_current(name, names, year):
                top = table[(table["level"] == 1) & (table["name"] == name)]
                candidates = [{k: v * (1.0 if unit == "万元" else 0.0001) for k, v in _values(r).items()}
                              for _, r in top.groupby("row", sort=False) if not column_numbers(_values(r).values())]
    return out, budget_year_row(candidates)


def budget_year_row(rows: list[dict]) -> dict:
    """The current year's row among the top rows of one block: the first, unless the table prints each unit
    as 上年 / 当年 / 增减 rows under one name (Shenzhen medical security p32: 2025年 32.44, 2026年 66.04,
    增减变化金额 33.60) — three rows whose third is the second minus the first: then the second."""
    if len(rows) >= 3:
        a, b, c = rows[:3]
        common = set(a) & set(b) & set(c)
        if common and all(abs(c[k] - (b[k] - a[k])) <= 0.011 for k in common) and any(c[k] for k in common):
            return b
    return rows[0] if rows else {}


def text_values(doc) -> tuple[dict, int | None]:
    """The amounts the narrative states for each measure (万元): the first after its name, in the first paragraph
    that gives 三公经费 an amount and the two after it (`其中：因公出国…` often starts a paragraph of its own)."""
    paras = narrative(doc)
    start = next((i for i, (_, t) in enumerate(paras) if re.search(TEXT_ITEMS["total"] + r"[^，。；]{0,12}?\d", t)), None)
    if start is None:
        return {}, None
    text = "".join(t for _, t in paras[start:start + 3])
    values = {}
    for item, name in TEXT_ITEMS.items():
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
    three_only = {k: v for k, v in text.items() if k not in ("meeting", "training")}  # the text's 三公 alone
    if "vehicle" not in three_only and {"vehicle_purchase", "vehicle_operation"} <= set(three_only):
        three_only["vehicle"] = three_only["vehicle_purchase"] + three_only["vehicle_operation"]
    out += _check(three_only, "文字", "万元", "three_public_text_sum", page)
    for item, value in text.items():
        if item in table and abs(value - table[item]) > 0.005 + 1e-9:
            out.append(finding("three_public_text_vs_table", "error",
                               f"文字称{measure_title(item)}为 {value:,.2f} 万元（第{page}页），“三公”经费表为 "
                               f"{table[item]:,.2f} 万元", round(table[item], 6), value, "three_public",
                               page=page))
    return out
