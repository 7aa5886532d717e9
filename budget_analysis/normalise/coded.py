"""Tables whose rows carry classification codes (功能 类/款/项, 经济 类/款) → long lines."""
from __future__ import annotations

import re
from collections.abc import Collection

from ..readers.grid import Grid
from .cells import CODE, clean, is_total, parse_amount, split_code
from .codes import CodeStack

from .headers import MEASURES, SPLIT, column_labels, header_end, is_column_numbers, roles  # noqa: F401 (re-exported)
from .names import NameCoder

_NON_MEASURES = ("code", "gov_code", "gov_name", "unit_code", "name", "code_1", "code_2", "code_3",
                 "gov_code_1", "gov_code_2", "gov_code_3")
STRUCTURAL = _NON_MEASURES  # the roles that are no amount column
_BRACKET = re.compile(r"^[\[［【](\d{3}(?:\d{2}){0,2})[\]］】]\s*")


def parent_of(code: str) -> str:
    return code[:-2] if len(code) > 3 else ""


def level_of(code: str) -> int:
    return {3: 1, 5: 2, 7: 3}.get(len(code), 0)


def _last_header(header: list[list[str]]) -> list[str] | None:
    """The bottom header row that is not the printed column numbers (类/款/项 live there)."""
    rows = [r for r in header if not is_column_numbers(r)]
    return rows[-1] if rows else None


def _unit_total_row(rows: list[list[str]], start: int) -> int | None:
    """The row just above the first coded row when it names the unit in one cell and carries amounts, and the
    table prints no 合计 row (Shenzhen: `深圳市统计局（本级） | | | 5,417.80 | 4,104.00 | 1,313.80`): the table's
    total, not a header row."""
    if not 0 < start <= len(rows) or any(is_total(clean(c)) for r in rows[start - 1:] for c in r[:3]):
        return None
    cells = [clean(c) for c in rows[start - 1]]
    amounts = [c for c in cells if c and parse_amount(c)[0] is not None]
    text = [c for c in cells if c and parse_amount(c)[0] is None]
    if len(text) != 1 or not amounts or split_code(text[0])[0]:
        return None
    return start - 1


def normalise_coded(grid: Grid, kind: str, classification: str, measure_of=None) -> list[dict]:
    """One line per (row, measure). Rows with neither code nor 合计 are kept with level -1, unless the table
    prints no codes at all: then a row's code is inferred from its name (code_source 'name').
    `measure_of(label)` replaces the budget column roles (the 决算 tables name their columns otherwise)."""
    start = header_end(grid.rows)
    unit_total = _unit_total_row(grid.rows, start)
    start = start if unit_total is None else unit_total
    labels = column_labels(grid.rows[:start])
    role = roles(labels, _last_header(grid.rows[:start]))
    if measure_of is not None:
        role = {j: r for j, r in role.items() if r in STRUCTURAL}
        role.update({j: m for j, l in enumerate(labels) if j not in role and (m := measure_of(l))})
    measures = {j: r for j, r in role.items() if r not in STRUCTURAL}
    if not measures:  # header lost (continuation without header): take numeric columns as total
        return []
    col = {r: j for j, r in role.items()}
    stack, gov_stack = CodeStack(), CodeStack()
    coder = NameCoder(classification) if not _prints_codes(grid.rows[start:], col) else None
    out: list[dict] = []
    rows = lift_wrapped(grid.rows, start, measures)
    for i in range(start, len(rows)):
        row = rows[i]
        if is_column_numbers(row):
            continue

        def cell(r: str) -> str:
            return row[col[r]] if r in col and col[r] < len(row) else ""

        source, gov_code, name = "", clean(cell("gov_code")), ""
        if "code_1" in col:
            code, source = stack.split([clean(cell(f"code_{k}")) for k in (1, 2, 3)])
        else:
            printed = _BRACKET.sub(lambda m: m.group(1), clean(cell("code")))
            code, name = split_code(printed)
            if code:
                code, source = stack.see(code)
            elif re.fullmatch(r"\d{2}", printed):  # 款 printed as its two digits under the 类 (Xi'an 2019–2020)
                code, source = stack.kuan(printed)
        if "gov_code_1" in col:
            gov_code, _ = gov_stack.split([clean(cell(f"gov_code_{k}")) for k in (1, 2, 3)])
        name_cell = _BRACKET.sub(lambda m: m.group(1), clean(cell("name")))
        if not code and split_code(name_cell)[0]:
            code, name_cell = split_code(name_cell)
            code, source = stack.see(code)
        name = name_cell or name
        if code and not CODE.match(code):
            code, source = "", ""
        total = not code and (is_total(name) or any(is_total(c) for c in row[:3]) or i == unit_total)
        if not code and not total and coder is not None and name:
            code = coder.code(name)
            source = "name" if code else ""
        if not code and not total and not name:
            continue
        level = level_of(code) if code else (0 if total else -1)
        if total:
            name = "合计"
        unit_code = clean(cell("unit_code")) if "unit_code" in col else grid.unit_code
        page = grid.row_pages[i] if i < len(grid.row_pages) else grid.page
        for j, measure in measures.items():
            value, decimals = parse_amount(row[j] if j < len(row) else "")
            if value is None:
                continue
            base = dict(unit_code=unit_code, measure=measure, amount=value, decimals=decimals, page=page, row=i + 1)
            out.append(dict(base, classification=classification if code or total else "none", code=code,
                            name=name, level=level, parent_code=parent_of(code), code_source=source))
            if CODE.match(gov_code):  # the 政府经济分类 printed beside each 部门 款: its own table kind
                out.append(dict(base, table_kind=kind.replace("economic", "gov_economic"),
                                classification="gov_economic", code=gov_code, name=clean(cell("gov_name")),
                                level=level_of(gov_code), parent_code=parent_of(gov_code), code_source=""))
    return out


def lift_wrapped(rows: list[list[str]], start: int, amount_cols: Collection[int]) -> list[list[str]]:
    """A row printed over two grid rows, its code and name above and its amounts below with no label (Jiangsu 机关
    运行经费表: `302 | 商品和服务支出 |` then ` |  | 3,580.05`): the amounts go up to the row they belong to.
    Rows before `start` (the header) are neither lifted nor lifted into."""
    out = [list(r) for r in rows]
    for i in range(max(start, 0) + 1, len(out)):
        row, above = out[i], out[i - 1]
        filled = [j for j, c in enumerate(row) if clean(c)]
        if not filled or any(j not in amount_cols or parse_amount(row[j])[0] is None for j in filled):
            continue
        if any(clean(above[j]) for j in amount_cols if j < len(above)) or not any(clean(c) for c in above):
            continue
        for j in filled:
            if j < len(above):
                above[j], row[j] = row[j], ""
    return out


def _prints_codes(body: list[list[str]], col: dict[str, int]) -> bool:
    """Whether any body row prints a classification code (in a code column or before a name)."""
    cols = [col[r] for r in ("code", "code_1", "name") if r in col] or [0]
    return any(split_code(_BRACKET.sub(lambda m: m.group(1), clean(row[j])))[0]
               for row in body for j in cols if j < len(row))
