"""总表s printed by unit: `单位编码 | 单位名称 | 合计 | 一般公共预算 | …`, a row per unit (西安 部门综合预算 收入总表 and
支出总表, 无锡 `部门代码 | 部门名称 | 合计 | 本年收入 › 小计 …`). Each row is a unit: its code is `unit_code`, every amount
column its own measure from the header. Read as label | amount pairs, the unit code column was taken for amounts
and only the columns beside a label kept (审计局 2026 p23: 上年实户资金余额 981,827.50 and 其他收入 1,000,000.00 lost;
科技局 2022 p43: every unit row lost)."""
from __future__ import annotations

import re

from ..readers.grid import Grid
from .cells import clean, is_total, parse_amount
from .headers import column_labels, column_measure, header_end

# searched, not matched at the start: an OCR'd header may carry a stray character (交通局 p30 `自单位编码`)
_UNIT_CODE = re.compile(r"(单位|部门)(编码|代码)")
_UNIT_NAME = re.compile(r"(单位|部门)名称")
# a header block whose columns are last year's money (无锡 上年结转结余 › 小计 | 一般公共预算 | …)
_CARRIED = re.compile(r"^上年结转")
_BLOCK = re.compile(r"^(本年收入|上年结转)")
# measures the columns of these tables print beyond headers.MEASURES, whole-label ones first
_WHOLE = [("account_balance", r"实户资金余额"), ("business_fund", r"事业基金")]
_OWN = _WHOLE + [("gpb", r"^公共预算拨款")]  # 科技局 2022 支出总表: 公共预算拨款 › 小计


def _column_measure(label: str) -> str | None:
    return next((m for m, pattern in _OWN if re.search(pattern, label)), None) or column_measure(label)


def unit_columns(grid: Grid) -> tuple[int, int, int] | None:
    """(first body row, unit code column, unit name column) when the header's first text columns are 单位编码 and
    单位名称."""
    start = header_end(grid.rows)
    if not 0 < start < len(grid.rows):
        return None
    labels = column_labels(grid.rows[:start])
    for j in range(min(len(labels) - 1, 2)):
        if _UNIT_CODE.search(labels[j]) and _UNIT_NAME.search(labels[j + 1]):
            return start, j, j + 1
    return None


def _block_of(head: list[list[str]], width: int) -> list[str]:
    """Each column's header block (本年收入 / 上年结转…), carried right from the cell that names it to the next such
    cell. Only block names are carried: a vertical label cut over rows (政府 / 性基 / 金拨款, 工信局 2022 p23) leaves
    blanks beside each piece, which would carry it into the next column."""
    out, block = [""] * width, ""
    for j in range(width):
        at = next((k for k, r in enumerate(head) if j < len(r) and _BLOCK.match(clean(r[j]))), None)
        if at is not None:  # a parent only when its own column has a label below it (无锡 上年结转结余 › 小计);
            # 西安's 上年结转 is one column over all header rows
            block = clean(head[at][j]) if any(j < len(r) and clean(r[j]) for r in head[at + 1:]) else ""
        out[j] = block
    return out


def _measure(label: str, block: str, before: str) -> str:
    """A column's measure from its joined header label, its block and the measure of the column before it."""
    for measure, pattern in _WHOLE:
        if re.search(pattern, label):
            return measure
    if "其中" in label:  # 一般公共预算拨款 › 小计 | 其中：专项资金列入部门预算项目
        return f"{before}_of_which" if before not in ("", "amount") else "amount"
    carried = bool(_CARRIED.match(block))
    if re.search(r"(小计|合计)$", label):
        if carried:
            return "carryover"
        if block.startswith("本年收入"):
            return "revenue_year"
        m = _column_measure(re.sub(r"(小计|合计)$", "", label))
        return m if m and m != "total" else "total"
    m = _column_measure(label) or "amount"
    return f"carryover_{m}" if carried and m not in ("carryover", "total", "amount") else m


def normalise_by_unit(grid: Grid, start: int, code_col: int, name_col: int) -> list[dict]:
    """One line per (unit row, amount column); `start` and the columns as `unit_columns` found them."""
    head = grid.rows[:start]
    width = max(len(r) for r in grid.rows)
    labels, blocks = column_labels(head), _block_of(head, width)
    measures: dict[int, str] = {}
    for j in range(name_col + 1, width):
        measures[j] = _measure(labels[j] if j < len(labels) else "", blocks[j], measures.get(j - 1, ""))
    out: list[dict] = []
    for i in range(start, len(grid.rows)):
        row = grid.rows[i]
        code = clean(row[code_col]) if code_col < len(row) else ""
        name = clean(row[name_col]) if name_col < len(row) else ""
        total = any(is_total(clean(c)) for c in row[:name_col + 1])
        if not total and not name and not code:
            continue
        unit = code if re.fullmatch(r"\d{3,9}", code) else grid.unit_code
        for j, measure in measures.items():
            value, decimals = parse_amount(row[j] if j < len(row) else "")
            if value is None:
                continue
            out.append(dict(unit_code="" if total else unit, classification="none", code="",
                            name="合计" if total else name, level=0 if total else (1 if len(code) <= 3 else 2),
                            parent_code="", measure=measure, amount=value, decimals=decimals,
                            page=grid.row_pages[i] if i < len(grid.row_pages) else grid.page, row=i + 1))
    return out
