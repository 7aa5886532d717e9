"""专项业务经费支出表: unit rows, group rows and leaf projects.

The table prints its tree flat: 专用项目 › 其他履职尽责专项业务费 › projects, each group row
followed by the rows that add up to it, with no indentation and often no 简介. The tree is
rebuilt from the sums, at most three levels deep (two projects of equal amount in a row must
not nest): a row is a category when the rows right below it add up to it exactly. A named
group (专用项目, 履职项目 …) whose rows do not add up keeps the rows up to the next named group,
so the check can report the difference instead of losing the group.
"""
from __future__ import annotations

import re

from ..readers.grid import Grid
from .cells import UNIT_CODE, clean, is_total, parse_amount
from .coded import column_labels

_GROUP = re.compile(r"^(专用项目|通用项目|履职项目|专项资金项目|一般性项目|其他项目|.{0,8}类项目|.{0,6}项目类)$")
_EPS = 0.5


def _category(items: list[dict], i: int) -> tuple[dict, int]:
    """Row i with the rows right below that add up to it; a named group whose rows do not add up
    keeps them up to the next named group; anything else is a project."""
    node = dict(items[i], children=[])
    total = 0.0
    for j in range(i + 1, len(items)):
        total += items[j]["amount"]
        if abs(total - node["amount"]) <= _EPS and node["amount"] > 0:
            node["children"] = [dict(x, children=[]) for x in items[i + 1:j + 1]]
            return node, j + 1
        if total > node["amount"] + _EPS:
            break
    if _GROUP.match(node["name"]):
        j = next((k for k in range(i + 1, len(items)) if _GROUP.match(items[k]["name"])), len(items))
        node["children"] = [dict(x, children=[]) for x in items[i + 1:j]]
        return node, j
    return node, i + 1


def _top(items: list[dict], i: int) -> tuple[dict, int]:
    """A named group (通用项目, 专用项目 …) over categories that add up to it; else a category."""
    node, j, total, cats = dict(items[i], children=[]), i + 1, 0.0, []
    while j < len(items) and total < node["amount"] - _EPS:
        cat, j = _category(items, j)
        cats.append(cat)
        total += cat["amount"]
    if cats and abs(total - node["amount"]) <= _EPS and any(c["children"] for c in cats):
        node["children"] = cats
        return node, j
    return _category(items, i)


def _tree(items: list[dict]) -> list[dict]:
    """At most three levels: named group › category › project, as the templates print them."""
    nodes, i = [], 0
    while i < len(items):
        node, i = (_top if _GROUP.match(items[i]["name"]) else _category)(items, i)
        nodes.append(node)
    return nodes


def normalise_projects(grid: Grid) -> tuple[list[dict], list[dict]]:
    """(lines, projects): every row as a line (level 0 合计, 1 unit, 2+ depth in the tree), leaves as projects."""
    start = next((i for i, r in enumerate(grid.rows) if any(is_total(c) for c in r)), 1)
    labels = column_labels(grid.rows[:start])
    find = lambda pat: next((j for j, l in enumerate(labels) if re.search(pat, l)), None)
    c_unit, c_name, c_amount, c_desc = find("单位编码"), find("名称"), find("金额|合计|预算"), find("简介|说明")
    if c_name is None or c_amount is None:
        return [], []
    get = lambda row, j: clean(row[j]) if j is not None and j < len(row) else ""
    lines, projects, block, unit = [], [], [], ""

    def flush() -> None:
        nodes = _tree(block)
        _emit(nodes, 2, [], unit, lines, projects)
        block.clear()

    for i in range(start, len(grid.rows)):
        row = grid.rows[i]
        name, code = get(row, c_name), get(row, c_unit)
        code = code if code.isdigit() or is_total(code) else ""   # '-' marks no unit
        value, decimals = parse_amount(row[c_amount] if c_amount < len(row) else "")
        if not name and is_total(code):
            name, code = code, ""
        if not name or value is None:
            continue
        rec = dict(name=name, amount=value, decimals=decimals, page=grid.row_pages[i], row=i + 1,
                   description=get(row, c_desc))
        if (is_total(name) and not code) or code:
            flush()
            unit = code if UNIT_CODE.fullmatch(code) else unit  # '1' 全额 / '2' 差额 are funding types, not units
            lines.append(_line(rec, code, 0 if not code else 1, unit))
        else:
            block.append(rec)
    flush()
    return lines, projects


def _line(rec: dict, code: str, level: int, unit: str) -> dict:
    return dict(unit_code=unit, classification="none", code=code, name=rec["name"], level=level, parent_code="",
                measure="total", amount=rec["amount"], decimals=rec["decimals"], page=rec["page"], row=rec["row"])


def _emit(nodes: list[dict], level: int, path: list[str], unit: str, lines: list, projects: list) -> None:
    for n in nodes:
        lines.append(_line(n, "", level, unit))
        if n["children"]:
            _emit(n["children"], level + 1, path + [n["name"]], unit, lines, projects)
        else:
            projects.append(dict(project=n["name"], group="/".join(path), unit_code=unit, amount=n["amount"],
                                 description=n["description"], page=n["page"], row=n["row"]))
