"""Tables whose rows carry classification codes (功能 类/款/项, 经济 类/款) → long lines."""
from __future__ import annotations

import re

from ..readers.grid import Grid
from .cells import CODE, clean, is_total, parse_amount, split_code

# most specific first: a column headed 基本支出·人员经费 is personnel, not basic
MEASURES = [
    ("personnel", r"人员经费|工资福利"), ("public", r"公用经费"), ("basic", r"基本支出"),
    ("project", r"专项业务经费|项目支出"), ("gpb", r"一般公共预算"), ("gov_fund", r"政府性基金"),
    ("soe_capital", r"国有资本经营"), ("special_account", r"财政专户"), ("business_income", r"事业收入"),
    ("operating_income", r"经营收入"), ("other_income", r"其他收入"), ("carryover", r"上年结转|结转"),
    ("total", r"合计|总计|小计|金额|预算数|本年预算|^预算$"),
]
SPLIT = {"类": "code_1", "款": "code_2", "项": "code_3"}  # Shanghai prints a code over three columns
STRUCTURAL = ("code", "gov_code", "gov_name", "unit_code", "name", "code_1", "code_2", "code_3")
_SKIP = re.compile(r"序号|备注|说明|简介|单位名称")


def header_end(rows: list[list[str]]) -> int:
    """Index of the first data row: one with a code, or a 合计 label beside a number."""
    for i, row in enumerate(rows):
        cells = [clean(c) for c in row]
        if any(split_code(c)[0] for c in cells[:4] if len(c) >= 3):
            return i
        if any(is_total(c) for c in cells) and any(c and parse_amount(c)[0] is not None for c in cells[1:]):
            return i
    return len(rows)


def column_labels(header: list[list[str]]) -> list[str]:
    """Join multi-row headers column by column, each column its own cells only: a label cut over two
    rows (部门经济科目编 / 码) joins up, and a parent over several columns (一般公共预算支出 › 合计, 基本支出)
    sits in its first column, where the child's own words still decide the role."""
    width = max((len(r) for r in header), default=0)
    return ["".join(clean(row[j]) for row in header if j < len(row)) for j in range(width)]


def roles(labels: list[str], last: list[str] | None = None) -> dict[int, str]:
    """Column roles from joined header labels; `last` is the bottom header row (类/款/项 live there)."""
    out: dict[int, str] = {}
    last = [clean(c) for c in (last or [])]
    code_cols = [j for j, l in enumerate(labels) if "编码" in l or "代码" in l]
    for j, label in enumerate(labels):
        if not label or _SKIP.search(label) and "编码" not in label:
            continue
        split = last[j] if j < len(last) and last[j] in SPLIT else label
        if split in SPLIT:
            out[j] = SPLIT[split]
        elif j in code_cols:
            out[j] = "code" if "gov_code" in out.values() or "政府" not in label or j == code_cols[0] else "gov_code"
            if "单位" in label:
                out[j] = "unit_code"
        elif "名称" in label or "科目" in label or label in ("项目", "功能科目", "经济科目"):
            if "政府" in label:
                out[j] = "gov_name"
            elif "name" not in out.values():
                out[j] = "name"
        elif re.search(r"(合计|总计|小计)$", label):
            out[j] = "total"
        else:
            for measure, pattern in MEASURES:
                if re.search(pattern, label):
                    out[j] = measure
                    break
    return out


def parent_of(code: str) -> str:
    return code[:-2] if len(code) > 3 else ""


def level_of(code: str) -> int:
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


def normalise_coded(grid: Grid, kind: str, classification: str, measure_of=None) -> list[dict]:
    """One line per (row, measure). Rows with neither code nor 合计 are kept with level -1.
    `measure_of(label)` replaces the budget column roles (the 决算 tables name their columns otherwise)."""
    start = header_end(grid.rows)
    labels = column_labels(grid.rows[:start])
    role = roles(labels, grid.rows[start - 1] if start else None)
    if measure_of is not None:
        role = {j: r for j, r in role.items() if r in STRUCTURAL}
        role.update({j: m for j, l in enumerate(labels) if j not in role and (m := measure_of(l))})
    measures = {j: r for j, r in role.items() if r not in STRUCTURAL}
    if not measures:  # header lost (continuation without header): take numeric columns as total
        return []
    col = {r: j for j, r in role.items()}
    out: list[dict] = []
    current_class = ""
    for i in range(start, len(grid.rows)):
        row = grid.rows[i]
        def cell(r: str) -> str:
            return row[col[r]] if r in col and col[r] < len(row) else ""

        code, name = "", ""
        if "code_1" in col:
            parts = [clean(cell("code_1")), clean(cell("code_2")), clean(cell("code_3"))]
            # Excel drops the leading zero of a 款/项 stored as a number (Shanghai 2024 prints 301 | 2 for 30102)
            parts[1:] = [p.zfill(2) if p.isdigit() and len(p) == 1 else p for p in parts[1:]]
            if parts[0]:
                current_class = parts[0]
            code = "".join(p for p in parts if p)
            if code and not parts[0] and current_class:
                code = current_class + code
            if len(parts[0]) > 3 and not parts[1]:  # the whole code printed in the 类 column
                code = parts[0]
        elif "code" in col:
            code, rest = split_code(cell("code"))
            name = rest
        name_cell = clean(cell("name"))
        if not code:
            code, name_cell = split_code(name_cell) if split_code(name_cell)[0] else ("", name_cell)
        name = name_cell or name
        if code and not CODE.match(code):
            code = ""
        total = not code and (is_total(name) or any(is_total(c) for c in row[:3]))
        if not code and not total and not name:
            continue
        level = level_of(code) if code else (0 if total else -1)
        if total:
            name = "合计"
        unit_code = clean(cell("unit_code")) if "unit_code" in col else grid.unit_code
        gov_code = clean(cell("gov_code"))
        page = grid.row_pages[i] if i < len(grid.row_pages) else grid.page
        for j, measure in measures.items():
            value, decimals = parse_amount(row[j] if j < len(row) else "")
            if value is None:
                continue
            base = dict(unit_code=unit_code, measure=measure, amount=value, decimals=decimals, page=page, row=i + 1)
            out.append(dict(base, classification=classification if code or total else "none", code=code,
                            name=name, level=level, parent_code=parent_of(code)))
            if CODE.match(gov_code):  # the 政府经济分类 printed beside each 部门 款: its own table kind
                out.append(dict(base, table_kind=kind.replace("economic", "gov_economic"),
                                classification="gov_economic", code=gov_code, name=clean(cell("gov_name")),
                                level=level_of(gov_code), parent_code=parent_of(gov_code)))
    return out
