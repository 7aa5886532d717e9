"""三公 and meeting/training money: its own sums, in the table and in the text, and the text against the table.

合计 = 三公小计 + 会议费 + 培训费; 三公小计 = 因公出国（境） + 公务接待 + 公务用车; 公务用车 = 购置 + 运行. The table is
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

from ..findings import finding
from . import register
from ._text import has_text, narrative, year_of

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


# line measure -> item of the identities; the 三公 total is `three` where the table also prints a 合计 with 会议费/培训费
ITEM = {"grand_total": "total", "abroad": "abroad", "reception": "reception", "vehicle": "vehicle",
        "vehicle_purchase": "purchase", "vehicle_operation": "operation", "meeting": "meeting", "training": "training"}


def _values(group) -> dict:
    """{item: amount in the printed unit} of one row of one block."""
    scale = 10000.0 if (group["unit_printed"] == "万元").any() else 1.0
    amounts = {m: a / scale for m, a in zip(group["measure"], group["amount_yuan"])}
    out = {ITEM[m]: v for m, v in amounts.items() if m in ITEM}
    if "total" in amounts:
        out["three" if "grand_total" in amounts else "total"] = amounts["total"]
    return out


def _is_current(name: str, names: list[str], year) -> bool:
    if "当年" in name or (year and str(year) in name):
        return True
    others = [n for n in names if n != "增减"]
    return len(others) == 1 or (not year and not any("当年" in n for n in others) and name == max(others))


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
    lines = doc.table("three_public")
    if lines.empty:
        return out, current
    year = year_of(doc)
    for title, table in lines.groupby("table_title", sort=False):
        names = list(dict.fromkeys(table["name"]))
        first = table["row"].min()
        for (row, name), group in table.groupby(["row", "name"], sort=False):
            if name == "增减":  # the 增减 block is their difference
                continue
            values = _values(group)
            unit = group["unit_printed"].iloc[0]
            label = group["unit_code"].iloc[0] or "合计"
            page = None if pd.isna(group["page"].iloc[0]) else int(group["page"].iloc[0])
            out += _check(values, f"{title[:30]} {label} {name}", unit, "three_public_sum", page, "three_public")
            if row == first and not current and _is_current(name, names, year):
                current = {k: v * (1.0 if unit == "万元" else 0.0001) for k, v in values.items()}
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
    out += _check(three_only, "文字", "万元", "three_public_text_sum", page)
    if table:
        table = dict(table)
        if "three" in table:  # the text's 三公经费 is the table's 三公小计
            table["total"] = table.pop("three")
        for item, value in text.items():
            if item in table and abs(value - table[item]) > 0.005 + 1e-9:
                out.append(finding("three_public_text_vs_table", "error",
                                   f"文字称{LABEL[item]}为 {value:,.2f} 万元（第{page}页），“三公”经费表为 "
                                   f"{table[item]:,.2f} 万元", round(table[item], 2), value, "three_public",
                                   page=page))
    return out
