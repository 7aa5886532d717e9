"""专项业务经费支出表: unit rows, group rows and leaf projects."""
from __future__ import annotations

import re

from ..grid import Grid
from .cells import clean, is_total, parse_amount
from .coded import column_labels

_GROUP = re.compile(r"^(专用项目|履职项目|专项资金项目|一般性项目|其他项目|.{0,8}类项目|.{0,6}项目类)$")


def normalise_projects(grid: Grid) -> tuple[list[dict], list[dict]]:
    """(lines, projects). Leaf projects are rows without a unit code that are no group."""
    labels = column_labels(grid.rows[:1])
    find = lambda pat: next((j for j, l in enumerate(labels) if re.search(pat, l)), None)
    c_unit, c_name, c_amount, c_desc = find("单位编码"), find("名称"), find("金额|合计|预算"), find("简介|说明")
    if c_name is None or c_amount is None:
        return [], []
    get = lambda row, j: clean(row[j]) if j is not None and j < len(row) else ""
    lines, projects = [], []
    unit, groups = "", []
    for i in range(1, len(grid.rows)):
        row = grid.rows[i]
        name, code = get(row, c_name), get(row, c_unit)
        value, decimals = parse_amount(row[c_amount] if c_amount < len(row) else "")
        if not name or value is None:
            continue
        page = grid.row_pages[i]
        if is_total(name) and not code:
            level = 0
        elif code:
            level, unit, groups = 1, code, []
        elif not get(row, c_desc) and (_GROUP.match(name) or _sums_below(grid.rows, i, value, c_amount, c_desc)):
            if groups and groups[-1] != "专用项目":
                groups = groups[:-1]
            groups = groups + [name]
            level = 1 + len(groups)
        else:
            level = 2 + len(groups)
            projects.append(dict(project=name, group="/".join(groups), unit_code=unit, amount=value,
                                 description=get(row, c_desc), page=page, row=i + 1))
        lines.append(dict(unit_code=code or unit, classification="none", code=code, name=name,
                          level=level, parent_code="", measure="total", amount=value, decimals=decimals,
                          page=page, row=i + 1))
    return lines, projects


def _sums_below(rows: list[list[str]], i: int, amount: float, c_amount: int, c_desc: int | None) -> bool:
    """A row without 简介 is a group when the described rows right below it add up to it."""
    if c_desc is None or not amount:
        return False
    total = 0.0
    for row in rows[i + 1:]:
        if c_desc >= len(row) or not clean(row[c_desc]):
            break
        value, _ = parse_amount(row[c_amount] if c_amount < len(row) else "")
        total += value or 0.0
        if abs(total - amount) < 0.5:
            return True
        if total > amount:
            return False
    return False
