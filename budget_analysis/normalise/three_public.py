"""“三公”经费 tables: one line per amount cell, its column read from the header text.

Templates seen: Shaanxi 表13 prints the blocks 上年 / 当年 / 增减变化情况 (or 2021年 / 2022年 / …) side by side, one row per
unit (合计, the department, each unit); Jiangsu prints one row (合计, 三公小计, items, 会议费, 培训费); MOF / Shanghai
print one row of 三公 items plus 机关运行经费. Header text arrives broken over rows and columns (vertical text one
character a row, two labels merged into one cell), so each column's header cells are joined top to bottom and
read by keyword.

Each line: ``name`` is the block (`2022年预算`, `2021年预算`, `上年预算`, `当年预算`, `增减`; a single-block table takes
the year of its title or header, else `当年预算`), ``unit_code`` the row's 单位编码 ('' on the 合计 row), ``level`` 1 on
the table-wide row (合计, or the only row), 2 on a department row (3-digit code), 3 on a unit row. ``measure``:
``total`` (the 三公 total: 三公小计, or the 合计 of a table printing 三公 items only), ``grand_total`` (合计 = 三公 +
会议费 + 培训费, where printed), ``abroad``, ``reception``, ``vehicle`` (公务用车购置及运行费), ``vehicle_purchase``,
``vehicle_operation``, ``meeting``, ``training``, ``operating_costs`` (机关运行经费), ``administrative`` (行政经费,
广州). A table printing each item per fund has the item's first fund column as the item and the others as
``<item>_<fund>`` (深圳 表9 `因公出国(境)费 › 一般公共预算 | 政府性基金预算 | 国有资本经营预算`: ``abroad``,
``abroad_gov_fund``, ``abroad_soe_capital``); 广州's items down the first column print 合计 and then the funds
(``abroad``, ``abroad_gpb``, ``abroad_gov_fund``, …). The identities hold per fund too.

The PDF reader was seen to drop a blank column of the 增减 block (its header then shifts): when a 增减 block's
labels do not reproduce 当年 − 上年, its columns are matched to the items whose differences they print, in order.
"""
from __future__ import annotations

import re

from ..readers.grid import Grid
from .cells import clean, is_amount, parse_amount
from .headers import column_measure as fund_measure

BLOCK = re.compile(r"上年|当年|本年|增减|(20\d{2})年")
# whole -> parts, in measure names: 公务用车 = 购置 + 运行; 三公 = 出国 + 接待 + 用车; 合计 = 三公 + 会议费 + 培训费
IDENTITIES = [("vehicle", ["vehicle_purchase", "vehicle_operation"]),
              ("total", ["abroad", "reception", "vehicle"]),
              ("grand_total", ["total", "meeting", "training"])]
ITEMS = ("grand_total", "total", "abroad", "reception", "vehicle", "vehicle_purchase", "vehicle_operation",
         "meeting", "training", "operating_costs")


def _cell(cell: str | None) -> str:
    return re.sub(r"[“”\"'‘’]", "", clean(cell))


def block_name(cell: str) -> str:
    """'2021年' -> '2021年预算'; '增减变化情况' -> '增减'; '上年' -> '上年预算'; '' when the cell names no block."""
    m = BLOCK.search(cell)
    if not m:
        return ""
    if "增减" in cell:
        return "增减"
    if m.group(1):
        return f"{m.group(1)}年预算"
    return "上年预算" if "上年" in cell else "当年预算"


def column_measure(label: str) -> str:
    """What a column holds, from its header cells joined top to bottom ('' when none of the items)."""
    s = label
    if "机关运行" in s:
        return "operating_costs"
    if re.fullmatch(r"行政经费(支出)?", s):  # 广州 财政拨款安排的行政经费及“三公”经费预算表's first row
        return "administrative"
    if "会议" in s:
        return "meeting"
    if "培训" in s:
        return "training"
    if "因公" in s or "出国" in s:
        return "abroad"
    if "接待" in s:
        return "reception"
    if re.search(r"公务用车|购置|运行|维护费", s):
        if "小计" in s or ("购置及运行" in s and not re.search(r"(购置|运行)费$", s)):
            return "vehicle"
        # two labels merged into one cell (`公务用车购置公务用车运行费`) belong to the first; 购 and 运 alone, as an
        # OCR'd header may hold a stray character (`公务用车购为置费`)
        buy, run = s.find("购"), s.find("运")
        return "vehicle_purchase" if buy >= 0 and (run < 0 or buy < run) else "vehicle_operation"
    if re.search(r"(合计|总计).*小计", s):  # `合计` over a neighbour's misplaced `小计` (Jiangsu procuratorate 2018 p19)
        return "grand_total"
    if "小计" in s or s == "三公":  # the 三公 group's own first column is its subtotal
        return "total"
    if "合计" in s or "总计" in s:
        return "grand_total"
    return ""


def _fund(head: list[list[str]], j: int) -> str:
    """The fund a column's bottom header cell names ('' when none): a 三公 table may print each item per fund."""
    cell = next((_cell(r[j]) for r in reversed(head) if j < len(r) and _cell(r[j])), "")
    fund = fund_measure(cell) or ""
    return fund if fund in ("gpb", "gov_fund", "soe_capital") and column_measure(cell) == "" else ""


def _first_data(rows: list[list[str]]) -> int | None:
    return next((i for i, r in enumerate(rows) if sum(is_amount(c) for c in r if clean(c)) >= 3), None)


def _blocks(head: list[list[str]], width: int, title: str) -> list[tuple[str, int, int]]:
    """(name, first column, end column) per block, from the first header row that names blocks."""
    top = next((r for r in head if any(block_name(_cell(c)) for c in r)), None)
    starts: list[tuple[int, str]] = []
    if top is not None:
        for j, c in enumerate(top):
            name = block_name(_cell(c))
            if name and (not starts or starts[-1][1] != name):
                starts.append((j, name))
    if not starts:
        m = re.search(r"(20\d{2})年", clean(title))
        return [(f"{m.group(1)}年预算" if m else "当年预算", 0, width)]
    starts[0] = (0, starts[0][1])
    return [(name, j0, starts[k + 1][0] if k + 1 < len(starts) else width) for k, (j0, name) in enumerate(starts)]


def _labels(head: list[list[str]], width: int) -> list[str]:
    """Each column's header cells joined; a cell naming the 三公 group counts as '三公' only (its text is long and
    the reader mixes other labels into it), a cell that only names the block does not count."""
    out = []
    for j in range(width):
        parts = []
        for r in head:
            c = _cell(r[j]) if j < len(r) else ""
            if not c or (block_name(c) and not re.search(r"机关运行|合计|小计", c) and "三公" not in c):
                continue
            parts.append("三公" if "三公" in c else c)
        out.append("".join(parts))
    return out


def _align_change(cols: list[int], labelled: dict[int, str], values: dict[int, list], cur: dict[str, list],
                  prev: dict[str, list], order: list[str]) -> dict[int, str]:
    """The 增减 block's columns: by label when it has as many columns as the 当年 block; else (a column dropped)
    matched in order to the first item whose 当年 − 上年 they print (0.03 tolerance: 万元 figures rounded
    separately), a column matching none keeping its label's item if still free."""
    if len(cols) == len(order):
        return labelled

    def prints(vals: list, m: str) -> bool:
        if m not in cur or m not in prev:
            return False
        return all(v is None or a is None or b is None or abs(v - (a - b)) < 0.03
                   for v, a, b in zip(vals, cur[m], prev[m]))

    out: dict[int, str] = {}
    k = 0
    for j in cols:
        hit = next((i for i in range(k, len(order)) if prints(values[j], order[i])), None)
        if hit is not None:
            out[j], k = order[hit], hit + 1
        elif j in labelled and labelled[j] not in out.values() and labelled[j] not in order[:k]:
            out[j] = labelled[j]
    return out


def _row_item(label: str) -> str:
    """The item a row names in a table that prints the items down its first column."""
    s = re.sub(r"^(其中[:：])?([(（][一二三四五六七八九十\d]+[)）]|\d+[.、])?", "", _cell(label))
    if re.fullmatch(r"三公经费(预算)?(支出)?(合计|小计)?", s):
        return "total"
    return column_measure(s)


def _items_down(grid: Grid) -> list[dict]:
    """Guangzhou 财政拨款安排的行政经费及“三公”经费预算表: 项目 | 合计 | 一般公共预算 | … with 行政经费, “三公”经费,
    其中：（一）因公出国（境）支出 … as rows. The 合计 column is the budget year's figure of each item."""
    rows = grid.rows
    head = next((i for i, r in enumerate(rows) if r and re.search(r"项目|名称", _cell(r[0]))), None)
    if head is None or len(rows[head]) < 2 or not re.search(r"合计|金额|预算", _cell(rows[head][1])):
        return []
    # the fund columns beside 合计 (一般公共预算 | 政府性基金预算 | 国有资本经营预算): the item's figure per fund
    funds = {j: f for j in range(2, len(rows[head])) if (f := _fund(rows[:head + 1], j))}
    out = []
    for i in range(head + 1, len(rows)):
        item = _row_item(rows[i][0]) if rows[i] else ""
        value, decimals = parse_amount(rows[i][1]) if len(rows[i]) > 1 else (None, 0)
        if not item or value is None or not clean(rows[i][1]):
            continue
        for j, measure in [(1, item)] + [(j, f"{item}_{f}") for j, f in funds.items()]:
            value, decimals = parse_amount(rows[i][j]) if j < len(rows[i]) else (None, 0)
            if value is None:
                continue
            out.append(dict(unit_code=grid.unit_code, classification="none", code="", name="当年预算", level=1,
                            parent_code="", measure=measure, amount=value, decimals=decimals,
                            page=grid.row_pages[i] if i < len(grid.row_pages) else grid.page, row=i + 1))
    return out if len({r["measure"] for r in out if r["measure"] in ITEMS}) >= 3 else []


def normalise_three_public(grid: Grid) -> list[dict]:
    """A line per amount cell of a 三公 table (see the module's doc for names, levels and measures)."""
    rows = grid.rows
    if down := _items_down(grid):
        return down
    start = _first_data(rows)
    if start is None:
        return []
    head, body = rows[:start], rows[start:]
    width = max(len(r) for r in rows)
    labels = _labels(head, width)
    code_col = next((j for j, l in enumerate(labels) if "编码" in l or "代码" in l), None)
    name_col = next((j for j, l in enumerate(labels) if "名称" in l), None)
    year_col = next((j for j, l in enumerate(labels) if re.fullmatch(r"年度|年份", l)), None)  # Shenzhen 表9
    label_cols = {j for j in (code_col, name_col, year_col) if j is not None} | {j for j, l in enumerate(labels) if "序" in l}

    def amounts(j: int) -> list:
        return [parse_amount(r[j])[0] if j < len(r) else None for r in body]

    blocks = []  # (name, {column: measure})
    for name, j0, j1 in _blocks(head, width, grid.title):
        cols: dict[int, str] = {}
        funds: dict[int, tuple[int, str]] = {}  # column: (its item's column, fund)
        for j in range(j0, j1):
            m = "" if j in label_cols else column_measure(labels[j])
            if m and m not in cols.values():
                cols[j] = m
            elif j not in label_cols and cols and (fund := _fund(head, j)) and fund != _fund(head, max(cols)):
                funds[j] = (max(cols), fund)  # 深圳 表9: 因公出国(境)费 › 一般公共预算 | 政府性基金预算 | …
        if "grand_total" in cols.values() and not {"total", "meeting", "training"} & set(cols.values()):
            cols = {j: "total" if m == "grand_total" else m for j, m in cols.items()}
        cols.update({j: f"{cols[item]}_{fund}" for j, (item, fund) in funds.items()})
        blocks.append([name, j0, j1, cols])

    plain = [b for b in blocks if b[0] != "增减"]
    change = [b for b in blocks if b[0] == "增减"]
    if len(plain) == 2 and len(change) == 1:
        (_, _, _, prev_cols), (_, _, _, cur_cols) = plain
        cur = {m: amounts(j) for j, m in cur_cols.items()}
        prev = {m: amounts(j) for j, m in prev_cols.items()}
        _, j0, j1, labelled = change[0]
        cols = [j for j in range(j0, j1) if j not in label_cols]
        order = [m for _, m in sorted(cur_cols.items())]
        change[0][3] = _align_change(cols, labelled, {j: amounts(j) for j in cols}, cur, prev, order)

    out: list[dict] = []
    for i, row in enumerate(body, start=start):
        if not any(is_amount(c) and clean(c) for c in row):
            continue
        code = re.sub(r"\D", "", clean(row[code_col])) if code_col is not None and code_col < len(row) else ""
        text = "".join(clean(row[j]) for j in sorted(label_cols) if j < len(row))
        if code_col is None and name_col is None or "合计" in text or "总计" in text or not code:
            unit_code, level = ("" if code_col is not None else grid.unit_code), 1
        else:
            unit_code, level = code, 2 if len(code) <= 3 else 3
        # a 年度 column names each row's year (2025年 / 2026年 / 增减变化金额) where the header names one block
        year = block_name(_cell(row[year_col])) if year_col is not None and year_col < len(row) else ""
        for name, _, _, cols in blocks:
            name = year if year and len(blocks) == 1 else name
            for j, measure in sorted(cols.items()):
                if j >= len(row):
                    continue
                value, decimals = parse_amount(row[j])
                if value is None:
                    continue
                out.append(dict(unit_code=unit_code, classification="none", code="", name=name, level=level,
                                parent_code="", measure=measure, amount=value, decimals=decimals,
                                page=grid.row_pages[i] if i < len(grid.row_pages) else grid.page, row=i + 1))
    return out
