"""决算 (final accounts) tables → long lines: the column roles of the MOF 9-table template.

A 决算 table prints what was spent (决算数), sometimes beside what was planned (年初预算数, 调整预算数 or 全年预算数),
and the 结转结余 at both ends of the year. Measures (see docs/contract.md):

- ``actual``: the row's 决算数 total (合计 / 本年收入合计 / 本年支出合计 / 决算数 / 本年支出·小计);
- ``budget_initial`` (年初预算数), ``budget_adjusted`` (调整预算数, 全年预算数);
- ``carry_in`` (年初结转和结余), ``carry_out`` (年末结转和结余), ``revenue_year`` (本年收入, where a table prints
  it beside 本年支出);
- the parts, named as in budgets: ``basic``, ``project``, ``personnel``, ``public``; revenue sources
  ``appropriation``, ``superior_grant``, ``business_income``, ``operating_income``, ``affiliated_income``,
  ``other_income``; other spending ``paid_to_superior``, ``operating_spending``, ``grants_to_affiliates``.

The 收支总表 pair tables put ``revenue`` / ``expenditure`` (and ``expenditure_gpb`` … by fund) on each row name.
The 基本支出 table prints two or three panels of 经济分类 side by side: each panel is read as its own grid.
The “三公” table puts the item in ``measure`` (as the budget 三公 table does) and the column in ``name``:
``预算数`` or ``决算数``.
"""
from __future__ import annotations

from dataclasses import replace

import re

from ..readers.grid import Grid
from .cells import clean, is_amount, parse_amount
from .coded import column_labels, normalise_coded
from .pairs import label_amounts
from .three_public import column_measure

# joined header label -> measure, most specific first
_MEASURES = [
    ("carry_in", r"年初.*结转|年初结余"), ("carry_out", r"年末.*结转|年末结余"),
    ("budget_initial", r"年初预算"), ("budget_adjusted", r"调整(后)?预算|全年预算|预算调整"),
    ("paid_to_superior", r"上缴上级"), ("operating_spending", r"经营支出"),
    ("grants_to_affiliates", r"对附属单位补助"), ("affiliated_income", r"附属单位上缴"),
    ("superior_grant", r"上级补助"), ("business_income", r"事业收入"), ("operating_income", r"经营收入"),
    ("other_income", r"其他收入"), ("personnel", r"人员经费|工资福利"), ("public", r"公用经费"),
    ("basic", r"基本支出"), ("project", r"项目支出"),
    ("actual", r"本年收入合计|本年支出合计|决算数|合计|小计|本年支出"),
    ("revenue_year", r"本年收入"), ("appropriation", r"财政拨款"),
]
_SPLIT_HEAD = ("类", "款", "项")


def measure_of(label: str) -> str | None:
    """The measure of one 决算 column from its joined header label; None for a label column."""
    s = re.sub(r"[“”\"]", "", clean(label))
    if not s or re.search(r"编码|科目名称|^项目$|^科目$", s) and not re.search(r"合计|决算|预算", s):
        return None
    return next((m for m, pattern in _MEASURES if re.search(pattern, s)), None)


def _lift_split_header(grid: Grid) -> Grid:
    """Shanghai prints 类 | 款 | 项 in the first cells of the 合计 row: a header row of its own, then the 合计."""
    rows = [list(r) for r in grid.rows]
    pages = list(grid.row_pages)
    for i, row in enumerate(rows[:6]):
        cells = [clean(c) for c in row]
        if tuple(cells[:3]) == _SPLIT_HEAD and any(cells[3:]):
            rows[i:i + 1] = [list(_SPLIT_HEAD) + [""] * (len(row) - 3), ["", "", ""] + row[3:]]
            pages[i:i + 1] = [pages[i], pages[i]]
            break
    return _with_rows(grid, rows, pages)


def _with_rows(grid: Grid, rows: list[list[str]], pages: list) -> Grid:
    return Grid(title=grid.title, rows=rows, page=grid.page, row_pages=pages, number=grid.number,
                unit_printed=grid.unit_printed, reader=grid.reader, position=grid.position,
                unit_code=grid.unit_code, notes=list(grid.notes))


def _coded(grid: Grid, kind: str, classification: str) -> list[dict]:
    """normalise_coded with the 决算 column roles in place of the budget ones."""
    grid = _lift_split_header(grid)
    keep = [k for k, r in enumerate(grid.rows) if k < 3 or "栏次" not in [clean(c) for c in r[:3]]]
    grid = _with_rows(grid, [grid.rows[k] for k in keep], [grid.row_pages[k] for k in keep])  # 栏次 1 2 3 per page
    return normalise_coded(grid, kind, classification, measure_of=measure_of)


def _panels(grid: Grid) -> list[Grid]:
    """A 基本支出 table printed as panels side by side (经济分类 · 科目名称 · 决算数, twice or three times)."""
    head = grid.rows[0] if grid.rows else []
    starts = [j for j, c in enumerate(head) if re.search(r"经济分类|科目编码|科目代", clean(c))]
    if len(starts) < 2:
        return [grid]
    bounds = starts + [max(len(r) for r in grid.rows)]
    return [_with_rows(grid, [r[a:b] for r in grid.rows], list(grid.row_pages))
            for a, b in zip(bounds, bounds[1:])]


def _panel_totals(grid: Grid, kind: str) -> list[dict]:
    """The 人员经费合计 / 公用经费合计 cells under the panels: level-0 lines of measure personnel / public."""
    out = []
    for i, row in enumerate(grid.rows):
        cells = [clean(c) for c in row]
        for j, c in enumerate(cells):
            m = re.fullmatch(r"(人员经费|公用经费)(合计)?", c)
            if not m:
                continue
            value = next(((v, d) for v, d in (parse_amount(x) for x in cells[j + 1:j + 4] if is_amount(x))), None)
            if value is None:
                continue
            out.append(dict(unit_code=grid.unit_code, classification="dept_economic", code="", name=c, level=0,
                            parent_code="", measure="personnel" if m.group(1) == "人员经费" else "public",
                            amount=value[0], decimals=value[1], page=grid.row_pages[i], row=i + 1))
    return out


def _economic(grid: Grid, kind: str) -> list[dict]:
    out = []
    for panel in _panels(grid):
        lines = _coded(panel, kind, "dept_economic")
        out += [l for l in lines if l["level"] > 0]  # the panel's own 合计 rows are the 人员/公用 totals below
    return out + _panel_totals(grid, kind)


_SIDE = re.compile(r"收入|支出")


def _summary(grid: Grid, kind: str) -> list[dict]:
    """收支总表: a line per amount cell, named by the nearest label on its left; the measure is the side
    (revenue / expenditure) and, where the expenditure side prints one column per fund, the fund."""
    start = next((i for i, r in enumerate(grid.rows) if sum(is_amount(c) for c in r) >= 1
                  and any(clean(c) and not is_amount(c) for c in r) and clean(r[0]) != "栏次"), len(grid.rows))
    labels = column_labels([r for r in grid.rows[:start] if clean(r[0]) != "栏次"])
    body = grid.rows[start:]
    width = max((len(r) for r in grid.rows), default=0)
    labels += [""] * (width - len(labels))
    numeric = [j for j in range(width) if any(is_amount(r[j]) for r in body if j < len(r))
               or measure_of(labels[j] if j < len(labels) else "")]
    numeric = [j for j in numeric if not any(clean(r[j]) and not is_amount(r[j]) for r in body if j < len(r))
               and "行次" not in (labels[j] if j < len(labels) else "")]
    side, out = "revenue", []
    for j in range(width):
        label = labels[j] if j < len(labels) else ""
        if j not in numeric:
            if m := _SIDE.search(label):
                side = "revenue" if m.group() == "收入" else "expenditure"
            continue
        measure = side if side == "revenue" else _fund_of(label)
        label_col = max((k for k in range(j) if k not in numeric and "行次" not in labels[k]), default=None)
        if label_col is None:
            continue
        out += label_amounts(grid, body, start, label_col, j, measure)
    return out


def _fund_of(label: str) -> str:
    if "一般公共预算" in label:
        return "expenditure_gpb"
    if "政府性基金" in label:
        return "expenditure_gov_fund"
    if "国有资本" in label:
        return "expenditure_soe"
    return "expenditure"


_BUDGET_OR_ACTUAL = re.compile(r"^(预算|决算)数?$")


def _item(label: str) -> str:
    """The 三公 item a column holds, from its joined header text."""
    label = re.sub(r"财政拨款|安排的|“|”|\"|三公|经费(?=小计|$)", "", label)
    item = column_measure(label) or ("total" if re.search(r"合计|小计", label) else "")
    return "total" if item == "grand_total" else item


def _three_public(grid: Grid, kind: str) -> list[dict]:
    """One line per item and column (预算数 / 决算数) of the 财政拨款“三公”经费支出决算表. Shanghai prints the
    items across with a 预算数 | 决算数 pair under each; Shaanxi prints the items across and a 预算数 row and a
    决算数 row."""
    rows = [[clean(c) for c in r] for r in grid.rows]
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    by_row = [i for i, r in enumerate(rows) if _BUDGET_OR_ACTUAL.match(r[0])
              and sum(bool(_BUDGET_OR_ACTUAL.match(c)) for c in r) == 1]
    head_end = by_row[0] if by_row else next(
        (i for i, r in enumerate(rows) if sum(bool(_BUDGET_OR_ACTUAL.match(c)) for c in r) >= 2), None)
    if head_end is None:
        return []
    header = [r for r in rows[:head_end] if r[0] != "栏次"]
    items, current = [], ""
    for j in range(width):  # a Shanghai item label spans its 预算数 and 决算数 columns: carry it right
        item = _item("".join(r[j] for r in header))
        current = item or ("" if by_row else current)
        items.append(current)
    cells = []  # (row index, column, 预算数|决算数)
    if by_row:
        cells = [(i, j, rows[i][0]) for i in by_row for j in range(1, width)]
    else:
        cells = [(i, j, rows[head_end][j]) for i in range(head_end + 1, len(rows))
                 if any(is_amount(c) for c in rows[i]) for j in range(width) if _BUDGET_OR_ACTUAL.match(rows[head_end][j])]
    out = []
    for i, j, col in cells:
        value, decimals = parse_amount(rows[i][j])
        if not items[j] or value is None:
            continue
        out.append(dict(unit_code=grid.unit_code, classification="none", code="",
                        name="决算数" if "决算" in col else "预算数", level=1, parent_code="", measure=items[j],
                        amount=value, decimals=decimals, page=grid.row_pages[i], row=i + 1))
    return out


def normalise_final(grid: Grid, kind: str) -> list[dict]:
    """Lines of one 决算 table (kind from catalog.FINAL_RULES); [] for a table with nothing to read."""
    if kind == "final_performance":
        return []  # 绩效自评表: scores and narrative, no amounts the contract tables carry
    if kind == "final_three_public":
        return _three_public(grid, kind)
    if kind in ("final_summary", "final_appropriation_summary"):
        return _summary(grid, kind)
    if kind == "final_basic_by_economic":
        return _economic(grid, kind)
    return _coded(grid, kind, "function")


_NUMBER_ONLY = re.compile(r"^公开\d{1,2}表$")


def retitle_numbered(grids: list[Grid], text: list[tuple[int | None, str]]) -> list[Grid]:
    """Shaanxi 决算 print the title on the line above the table number (收入支出决算总表 / 公开01表), so the reader
    takes `公开01表` for the title: the line above it on the same page is the title, the label the number."""
    pages = {p: (t or "").splitlines() for p, t in text if p is not None}
    out = []
    for grid in grids:
        label = clean(grid.title) or clean(grid.number or "")  # the reader may already have taken it as the number
        lines = [clean(l) for l in pages.get(grid.page, [])]
        if _NUMBER_ONLY.match(label) and label in lines:
            k = lines.index(label)
            title = next((l for l in reversed(lines[max(0, k - 3):k]) if "决算" in l and l.endswith("表")), "")
            if title:
                grid = replace(grid, title=title, number=label,
                               notes=grid.notes + [f"title read from the line above {label}"])
        out.append(grid)
    return out
