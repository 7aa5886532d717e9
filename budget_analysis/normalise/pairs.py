"""Summary tables printed as label/amount column pairs (收支总表, 财政拨款收支总表)."""
from __future__ import annotations

import re

from ..readers.grid import Grid
from .cells import clean, is_amount, is_total, label_level, parse_amount, strip_numbering
from .headers import BREAKDOWN, column_labels, column_measure

SIDES = [("gov_economic", r"府.*经济"), ("dept_economic", r"部门.*经济|经济"), ("function", r"功能"),
         ("revenue", r"收入"), ("expenditure", r"支出"), ("revenue", r"项目")]  # 本年支出 › 项目 is no revenue


def _first_data(rows: list[list[str]]) -> int:
    for i, row in enumerate(rows):
        if sum(is_amount(c) for c in row[1:]) >= 1 and any(clean(c) and not is_amount(c) for c in row[1:]):
            return i
    return len(rows)


def normalise_pairs(grid: Grid, kind: str) -> list[dict]:
    """A line per amount cell; its label is the nearest text column on its left."""
    start = _first_data(grid.rows)
    labels = column_labels(grid.rows[:start])
    body = grid.rows[start:]
    width = max((len(r) for r in body), default=0)
    numeric = [j for j in range(width)
               if sum(is_amount(r[j]) for r in body if j < len(r)) > 0.5 * sum(1 for r in body if j < len(r) and clean(r[j]))]
    out: list[dict] = []
    for j in numeric:
        label_col = next((k for k in range(j - 1, -1, -1) if k not in numeric), None)
        if label_col is None:
            continue
        head = labels[label_col] if label_col < len(labels) else ""
        side = next((s for s, p in SIDES if re.search(p, head)), "amount")
        own = column_measure(labels[j] if j < len(labels) else "")  # 本年支出 › 基本支出 › 人员经费
        side = own if own in BREAKDOWN and side == "expenditure" else side
        out += label_amounts(grid, body, start, label_col, j, side)
    return out


def label_amounts(grid: Grid, body: list[list[str]], start: int, label_col: int, j: int, measure: str) -> list[dict]:
    """One uncoded line per body row that has a label in `label_col` and an amount in column `j` (the 收支总表 of a
    budget and the 决算总表 read the same way; only their column roles differ)."""
    out = []
    for i, row in enumerate(body, start=start):
        label = clean(row[label_col]) if label_col < len(row) else ""
        if not label or j >= len(row):
            continue
        value, decimals = parse_amount(row[j])
        if value is None:
            continue
        out.append(dict(unit_code=grid.unit_code, classification="none", code="", name=strip_numbering(label),
                        level=0 if is_total(label) else label_level(label), parent_code="", measure=measure,
                        amount=value, decimals=decimals, page=grid.row_pages[i], row=i + 1))
    return out
