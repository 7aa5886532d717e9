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
from .cells import UNIT_CODE, clean, is_amount, is_total, parse_amount
from .coded import column_labels
from .headers import column_measure, is_column_numbers

_GROUP = re.compile(r"^(专用项目|通用项目|履职项目|专项资金项目|一般性项目|其他项目|.{0,8}类项目|.{0,6}项目类)$")


def _eps(node: dict, terms: int = 1) -> float:
    """Half a unit of the last printed digit per figure summed (the row and `terms` rows under it): 0.5 元 for
    whole 元, 0.005 per figure for 万元 to two decimals — a flat 0.5 there nested 实施公车统管费用 5.00 under 服装经费
    5.50 (Yantai justice p27), while 37 projects each rounded to 0.01 万元 may miss their unit by 0.1 (广州)."""
    return 0.5 * 10.0 ** -(node.get("decimals") or 0) * max(terms, 1) + 1e-9


def _category(items: list[dict], i: int) -> tuple[dict, int]:
    """Row i with the rows right below that add up to it; a named group whose rows do not add up
    keeps them up to the next named group; anything else is a project."""
    node = dict(items[i], children=[])
    total = 0.0
    for j in range(i + 1, len(items)):
        total += items[j]["amount"]
        if abs(total - node["amount"]) <= _eps(node, j - i) and node["amount"] > 0:
            node["children"] = [dict(x, children=[]) for x in items[i + 1:j + 1]]
            return node, j + 1
        if total > node["amount"] + _eps(node, j - i):
            break
    if _GROUP.match(node["name"]):
        j = next((k for k in range(i + 1, len(items)) if _GROUP.match(items[k]["name"])), len(items))
        node["children"] = [dict(x, children=[]) for x in items[i + 1:j]]
        return node, j
    return node, i + 1


def _top(items: list[dict], i: int) -> tuple[dict, int]:
    """A named group (通用项目, 专用项目 …) over categories that add up to it; else a category."""
    node, j, total, cats = dict(items[i], children=[]), i + 1, 0.0, []
    while j < len(items) and total < node["amount"] - _eps(node, len(cats)):
        cat, j = _category(items, j)
        cats.append(cat)
        total += cat["amount"]
    if cats and abs(total - node["amount"]) <= _eps(node, len(cats)) and any(c["children"] for c in cats):
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
    # the 合计 row: a total label beside an amount (a header cell 总计 is no data row)
    start = next((i for i, r in enumerate(grid.rows) if any(is_total(c) for c in r) and any(is_amount(c) for c in r)), 1)
    labels = column_labels(grid.rows[:start])
    find = lambda pat: next((j for j, l in enumerate(labels) if re.search(pat, l)), None)
    c_unit, c_desc = find("单位编码"), find("简介|说明|绩效目标")
    # Guangzhou 表12 heads its name column 支出项目类别（资金使用单位） and its amounts 总计 | 财政拨款 › 合计 | …
    c_name = next((c for c in (find("项目名称"), find("名称"), find("^(?!.*(编码|代码)).*(项目|类别)")) if c is not None),
                  None)
    c_grand = find("^总计")
    c_amount = c_grand if c_grand is not None else find("金额|合计|预算")
    if c_name is None or c_amount is None:
        return [], []
    # the fund columns beside a 总计 (财政拨款 › 合计 | 一般公共预算 | … | 财政专户拨款), or beside a 合计 (烟台 项目支出预算情况表:
    # 合计 | 财政拨款 › 小计 | 一般公共预算 | … | 单位资金 | 上年结转): one line each, the 总计 / 合计 the projects'
    c_total = c_grand if c_grand is not None else c_amount if re.fullmatch(r"合计|总计", labels[c_amount]) else None
    funds = {} if c_total is None else {j: m for j, l in enumerate(labels) if j > c_total and j != c_desc
                                        and (m := column_measure(l)) and m != "total"}
    get = lambda row, j: clean(row[j]) if j is not None and j < len(row) else ""
    lines, projects, block, unit = [], [], [], ""
    named = [""]  # the unit row's name over its projects, when units are rows without a code (广州 表12)
    # a 绩效目标 column (广州 表12) is printed for every project and left empty on the unit rows between them
    body = grid.rows[start + 1:]
    unit_rows = c_desc is not None and "绩效目标" in labels[c_desc] and \
        sum(bool(get(r, c_desc)) for r in body) > 0.5 * max(len(body), 1)

    def flush() -> None:
        # with a 绩效目标 on every project there is no tree to guess: each described row is a project (50 + 20
        # after a 70 are three projects, 广州 水务局 p55)
        nodes = [dict(x, children=[]) for x in block] if unit_rows else _tree(block)
        _emit(nodes, 2, [named[0]] if named[0] else [], unit, lines, projects)
        block.clear()

    for i in range(start, len(grid.rows)):
        row = grid.rows[i]
        if is_column_numbers(row):  # `** | ** | 1 | 2 | 3`
            continue
        name, code = get(row, c_name), get(row, c_unit)
        code = code if code.isdigit() or is_total(code) else ""   # '-' marks no unit
        value, decimals = parse_amount(row[c_amount] if c_amount < len(row) else "")
        if not name and is_total(code):
            name, code = code, ""
        if not name or value is None:
            continue
        rec = dict(name=name, amount=value, decimals=decimals, page=grid.row_pages[i], row=i + 1,
                   description=get(row, c_desc),
                   funds={m: a for j, m in funds.items() if (a := parse_amount(get(row, j)))[0] is not None})
        if (is_total(name) and not code) or code or unit_rows and not rec["description"]:
            flush()
            unit = code if UNIT_CODE.fullmatch(code) else unit  # '1' 全额 / '2' 差额 are funding types, not units
            named[0] = name if unit_rows and not code and not is_total(name) else ""
            lines.extend(_line(rec, code, 0 if is_total(name) and not code else 1, unit))
        else:
            block.append(rec)
    flush()
    return lines, projects


def _line(rec: dict, code: str, level: int, unit: str) -> list[dict]:
    """The row's 总计/金额 line, then one per fund column."""
    base = dict(unit_code=unit, classification="none", code=code, name=rec["name"], level=level, parent_code="",
                page=rec["page"], row=rec["row"])
    return [dict(base, measure="total", amount=rec["amount"], decimals=rec["decimals"])] + [
        dict(base, measure=m, amount=v, decimals=d) for m, (v, d) in rec.get("funds", {}).items()]


def _emit(nodes: list[dict], level: int, path: list[str], unit: str, lines: list, projects: list) -> None:
    for n in nodes:
        lines.extend(_line(n, "", level, unit))
        if n["children"]:
            _emit(n["children"], level + 1, path + [n["name"]], unit, lines, projects)
        else:
            projects.append(dict(project=n["name"], group="/".join(path), unit_code=unit, amount=n["amount"],
                                 description=n["description"], page=n["page"], row=n["row"]))
