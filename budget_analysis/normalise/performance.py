"""绩效目标表 → indicators (one row per 三级指标) and the money each table states.

Merged cells leave 一级/二级 blank on continuation rows and text dumps shift rows left
or right, so cells are recognised by what they say, not by their column.
"""
from __future__ import annotations

import re
import unicodedata

from ..readers.grid import Grid
from .cells import clean, parse_amount
from .headers import column_labels
from .units import factor

LEVEL1 = re.compile(r"^(产出|效益|满意度|成本)(指标)?$|^(产出|效益|满意度)指$")
LEVEL2 = re.compile(r"^(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度|"
                    r"经济成本|社会成本|生态环境成本)(指标)?$|^(社会效益|服务对象|经济效益|生态效益)$")
_TEMPLATE = re.compile(r"^(指标\d+[:：]?|…+|\.{3,}|目标\d+[:：]?)$")
_HEAD = re.compile(r"一级指标|二级指标|指标内容|三级指标|指标值|备注|^(年度)?绩效指标$")
_NONE = {"无", "/", "-", "—", "——"}  # an empty row filled in by hand
_LATEX = [(r"\\geq?", "≥"), (r"\\leq?", "≤"), (r"\\%", "%"), (r"\$", ""), (r"\\times", "×")]
_TARGET = re.compile(r"^(?P<op>≥|≤|=|>|<|≈|大于等于|小于等于|不低于|不高于|不少于|不超过|大于|小于|等于)?"
                     r"(?P<val>\d+(?:\.\d+)?|[NnXx×]+)(?P<unit>[^\d]{0,8})$")
_OPS = {"大于等于": "≥", "不低于": "≥", "不少于": "≥", "小于等于": "≤", "不高于": "≤", "不超过": "≤",
        "大于": ">", "小于": "<", "等于": "="}


def parse_target(raw: str) -> dict:
    """'≥300次' -> operator ≥, value 300, unit 次; '$\\geq N$人' -> placeholder."""
    s = raw or ""
    for pattern, repl in _LATEX:
        s = re.sub(pattern, repl, s)
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))
    m = _TARGET.match(s)
    if not m:
        return dict(operator="", target_value=float("nan"), target_unit="", is_placeholder=False,
                    is_quantified=False, target=s)
    op = _OPS.get(m.group("op") or "", m.group("op") or "")
    val = m.group("val")
    placeholder = not val[0].isdigit()
    return dict(operator=op, target_value=float("nan") if placeholder else float(val),
                target_unit=m.group("unit"), is_placeholder=placeholder, is_quantified=not placeholder,
                target=s)


def _after(cells: list[str], key: str) -> str:
    for k, c in enumerate(cells):
        if key in c:
            rest = [x for x in cells[k + 1:] if x]
            return rest[0] if rest else ""
    return ""


def _wide(grid: Grid, table: str) -> tuple[list[dict], list[dict], dict] | None:
    """A target table with one row band per project (Beijing 预算12表 项目支出绩效目标表: 项目名称 | 项目总额 |
    其中 财政资金 | 其他资金 | 绩效目标 | 一级指标 | 二级指标 | 三级指标 | 绩效指标性质 | 本年绩效指标值 | 绩效度量单位):
    the project, its money and its indicators read row by row (a project over several bands has a line per band);
    None when the grid is not of that shape."""
    rows = [[clean(c) for c in r] for r in grid.rows]
    head = next((i for i, r in enumerate(rows[:3]) if r and "项目名称" in r[0] and any("一级指标" in c for c in r)), None)
    if head is None:
        return None
    start = head + 1
    while start < len(rows) and not rows[start][0] and not any(parse_amount(c)[0] is not None and c
                                                                for c in rows[start][1:4]):
        start += 1  # the second header row (其中：财政资金 | 其他资金)
    labels = column_labels(grid.rows[head:start])
    col = lambda pat: next((j for j, l in enumerate(labels) if re.search(pat, l)), None)  # noqa: E731
    c_total, c_fiscal, c_other = col(r"项目总额|资金总额|^金额"), col(r"财政资金|财政拨款"), col(r"其他资金")
    c1, c2, c3 = col(r"一级指标"), col(r"二级指标"), col(r"三级指标|指标名称")
    c_op, c_val, c_unit = col(r"指标性质|符号"), col(r"指标值"), col(r"度量单位|计量单位")
    if c1 is None or c3 is None or c_val is None:
        return None
    scale = factor(grid.unit_printed)
    indicators, lines = [], []
    project = level1 = level2 = ""
    get = lambda r, j: r[j] if j is not None and j < len(r) else ""  # noqa: E731
    for i in range(start, len(rows)):
        r = rows[i]
        named = r[0] and r[0] != project and not _HEAD.search(r[0])
        if named:
            project, level1, level2 = r[0], "", ""
        # a band of its own money under the project's merged name cell (北京 预算12表 p30: 11000026T000003742841-就业
        # 管理工作经费项目 over three bands, 33.545250 | 600.719600 | 6.750000 万元, each with its 绩效目标): the
        # project's money is the sum of its bands, a line each
        band = not r[0] and project and any(parse_amount(get(r, j))[0] is not None and get(r, j)
                                            for j in (c_total, c_fiscal) if j is not None)
        if named or band:
            for j, measure in ((c_total, "total"), (c_fiscal, "appropriation"), (c_other, "other_income")):
                value, decimals = parse_amount(get(r, j))
                if value is not None and get(r, j):
                    lines.append(dict(unit_code=grid.unit_code, classification="none", code="", name=project,
                                      level=1, parent_code="", measure=measure, amount=value * scale,
                                      decimals=decimals, page=grid.row_pages[i], row=i + 1,
                                      unit_printed=grid.unit_printed))
        level1 = get(r, c1) or level1
        level2 = get(r, c2) or level2
        indicator = get(r, c3)
        if not indicator or not project or _HEAD.search(indicator):
            continue
        op = get(r, c_op)
        target_raw = re.sub(r"\s+", "", get(grid.rows[i], c_val) if c_val < len(grid.rows[i]) else "")
        target_raw = (op if op in ("≥", "≤", "=", ">", "<") else "") + target_raw + get(r, c_unit)
        parsed = parse_target(target_raw)
        indicators.append(dict(table_kind=table, project=project, level1=level1, level2=level2,
                               indicator=indicator, target_raw=target_raw, operator=parsed["operator"],
                               target_value=parsed["target_value"], target_unit=parsed["target_unit"],
                               is_placeholder=parsed["is_placeholder"], is_quantified=parsed["is_quantified"],
                               page=grid.row_pages[i], row=i + 1))
    info = dict(project="", department="", amount_yuan=None, indicators=len(indicators))
    return indicators, lines, info


# the 项目资金 block above a project's targets: 实施期资金总额 / 年度(预算)资金总额, 其中：财政拨款, 其他资金 (烟台 政策和项目预算
# 绩效目标表 prints 年度预算资金总额： | 347.47 and its two parts under it)
_MONEY = [("total", r"(实施期|年度)(预算)?资金总额"), ("appropriation", r"^(其中[:：])?财政拨款"), ("other_income", r"^其他资金")]
_AFTER_LABEL = re.compile(r"[:：]\s*([-\d,.]+)\s*$")


def _money(grid: Grid, rows: list[list[str]], project: str) -> list[dict]:
    """The project's money lines in the unit its block states (资金金额（万元） / 项目资金（万元）); a block stating none
    keeps its unit unknown (unit_printed '', the amounts as printed)."""
    end = next((i for i, r in enumerate(rows) if any(re.search(r"一级指标|总体目标|年度目标", c) for c in r)), len(rows))
    unit = "万元" if any("万元" in c for r in rows[:end] for c in r) else grid.unit_printed or ""
    out: list[dict] = []
    for measure, pattern in _MONEY:
        for i, r in enumerate(rows[:end]):
            at = next((j for j, c in enumerate(r) if re.search(pattern, c)), None)
            if at is None:
                continue
            own = _AFTER_LABEL.search(r[at])  # `实施期资金总额：57871.63` in one cell
            cells = ([own.group(1)] if own else []) + [c for c in r[at + 1:] if c]
            value = next((v for c in cells if (v := parse_amount(c))[0] is not None), None)
            if value is None or measure == "total" and not value[0]:
                continue
            out.append(dict(unit_code=grid.unit_code, classification="none", code="", name=project, level=1,
                            parent_code="", measure=measure, amount=value[0] * factor(unit), decimals=value[1],
                            page=grid.row_pages[i], row=i + 1, unit_printed=unit))
            break
    return out if any(l["measure"] == "total" for l in out) else []


_TASK_MONEY = [("total", r"^(总额|合计|小计)$"), ("appropriation", r"^财政拨款"), ("other_income", r"^其他资金")]


def _tasks(grid: Grid, rows: list[list[str]]) -> list[dict]:
    """The money of the 年度主要任务 block of a 部门整体支出绩效目标表 (西安: 任务名称 | 主要内容 | 预算金额（万元） › 总额 |
    财政拨款 | 其他资金, then 金额合计): a line per task and column, the 金额合计 row the table's 合计."""
    head = next((i for i, r in enumerate(rows) if "任务名称" in r and any("金额" in c for c in r)), None)
    if head is None or head + 1 >= len(rows):
        return []
    name_col = rows[head].index("任务名称")
    content_col = next((j for j, c in enumerate(rows[head]) if c == "主要内容"), None)
    cols = {j: m for j, c in enumerate(rows[head + 1]) for m, pattern in _TASK_MONEY if c and re.search(pattern, c)}
    if not cols:
        return []
    unit = "万元" if "万元" in "".join(rows[head]) else grid.unit_printed
    out = []
    for i in range(head + 2, len(rows)):
        r = rows[i]
        if any(re.search(r"总体目标|一级指标", c) for c in r):
            break
        name = r[name_col] if name_col < len(r) else ""
        if re.fullmatch(r"任务\d+", name) and content_col is not None and content_col < len(r) and r[content_col]:
            name = r[content_col]  # 人社局 2020: 任务1 | 就业工作
        if not name:
            continue
        total = "合计" in name
        for j, measure in cols.items():
            cell = r[j] if j < len(r) else ""
            own = re.fullmatch(r"(.*\d)\s*(万元|元)", cell)  # 行政审批局 2025 p45 prints `2,080.76万元` in the cell
            value, decimals = parse_amount(own.group(1) if own else cell)
            if value is None:
                continue
            in_unit = own.group(2) if own else unit
            out.append(dict(unit_code=grid.unit_code, classification="none", code="", name="合计" if total else name,
                            level=0 if total else 1, parent_code="", measure=measure, amount=value * factor(in_unit),
                            decimals=decimals, page=grid.row_pages[i], row=i + 1, unit_printed=in_unit))
    return out


def normalise_performance(grid: Grid, kind: str) -> tuple[list[dict], list[dict], dict]:
    """(indicators, lines, info). info: project name, department, stated amount in 元."""
    table = {"performance_project": "project", "performance_overall": "overall",
             "performance_special_fund": "special_fund"}[kind]
    if table == "project" and (wide := _wide(grid, table)) is not None:
        return wide
    rows = [[clean(c) for c in r] for r in grid.rows]
    project = ""
    for key in ("项目名称", "项目)名称", "部门(单位)名称", "单位名称", "部门名称"):
        project = next((_after(r, key) for r in rows if any(key in c for c in r)), "") or project
        if project:
            break
    dept = next((_after(r, "主管部门") for r in rows if any("主管部门" in c for c in r)), "")
    lines = _money(grid, rows, project)
    amount = next(((l["amount"], l["decimals"]) for l in lines if l["measure"] == "total"), None)
    if table == "overall":
        lines += _tasks(grid, rows)
    indicators = []
    started = False
    level1 = level2 = ""
    for i, (r, printed) in enumerate(zip(rows, grid.rows)):
        if not started:
            started = any("一级指标" in c for c in r)
            continue
        raw_of = {c: re.sub(r"\s+", "", p) for c, p in zip(r, printed) if c}  # PDFs keep no layout spaces
        cells = [c for c in r if c]
        if not cells or all(_HEAD.search(c) for c in cells):
            continue
        rest: list[str] = []
        state = 0  # 0: a 一级 may come, 1: a 二级 may come, 2: indicator and target
        for c in cells:
            cost_under_output = c.startswith("成本") and level1.startswith("产出")
            if state == 0 and LEVEL1.match(c) and not cost_under_output:
                level1, level2, state = (c if c.endswith("指标") else c.rstrip("指") + "指标"), "", 1
            elif state <= 1 and LEVEL2.match(c):
                level2, state = c, 2
            elif not re.match(r"^(年度)?绩效指标$", c):
                rest.append(c)
                state = 2
        if not rest or (_TEMPLATE.match(rest[0]) and len(rest) == 1) or rest[0] in _NONE:
            continue
        indicator, target_raw = rest[0], raw_of.get(rest[1], rest[1]) if len(rest) > 1 else ""
        parsed = parse_target(target_raw)
        indicators.append(dict(table_kind=table, project=project, level1=level1, level2=level2,
                               indicator=indicator, target_raw=target_raw, operator=parsed["operator"],
                               target_value=parsed["target_value"], target_unit=parsed["target_unit"],
                               is_placeholder=parsed["is_placeholder"] or bool(re.search(r"\bN\b", target_raw)),
                               is_quantified=parsed["is_quantified"], page=grid.row_pages[i], row=i + 1))
    info = dict(project=project, department=dept, amount_yuan=amount[0] if amount else None,
                indicators=len(indicators))
    return indicators, lines, info
