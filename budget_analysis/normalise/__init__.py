"""Grids → contract tables. One normaliser per table shape, chosen by the catalog's kind."""
from __future__ import annotations

from dataclasses import replace

import json
import re

from .catalog import CLASSIFICATION, FINAL_KINDS, recognise
from ..readers.grid import Grid, RawDocument
from .cells import CODE, clean, split_code
from .by_unit import normalise_by_unit, unit_columns
from .coded import normalise_coded
from .headers import header_end
from .ocr import amount_confidence
from .contents import normalise_contents
from .final_accounts import normalise_final, retitle_numbered
from .pairs import normalise_pairs
from .performance import normalise_performance
from .projects import normalise_projects
from .three_public import normalise_three_public
from .units import factor as unit_factor, stated_unit

PERFORMANCE = ("performance_project", "performance_overall", "performance_special_fund")


def _has_codes(grid: Grid) -> bool:
    """Classification codes in the first columns: two or more, or a code header cut into 类 | 款 | 项 (烟台 政府采购预算表,
    whose 款 and 项 print two digits each)."""
    return sum(bool(split_code(c)[0]) for r in grid.rows for c in r[:4] if len(clean(c)) >= 3) >= 2 \
        or any([clean(c) for c in r if clean(c)][:3] == ["类", "款", "项"] for r in grid.rows[:4])


def _names_classification(grid: Grid) -> str:
    """A table that prints no codes but heads its first column 功能/经济分类科目名称 (Hangzhou 支出预算总表) is a
    coded table all the same: its codes are inferred from the names (normalise/names.py)."""
    first = "".join(clean(r[0]) for r in grid.rows[:3] if r)
    if re.search(r"功能(分类)?科目", first):
        return "function"
    return "dept_economic" if re.search(r"经济(分类)?科目", first) else ""


def normalise_grid(grid: Grid, kind: str) -> dict[str, list[dict]]:
    """Records for lines / projects / indicators from one recognised grid."""
    if kind == "contents":
        return {"contents": normalise_contents(grid)}
    if kind == "project_spending":
        lines, projects = normalise_projects(grid)
        return {"lines": lines, "projects": projects}
    if kind == "three_public":
        return {"lines": normalise_three_public(grid)}
    if kind in FINAL_KINDS:
        return {"lines": normalise_final(grid, kind)}
    if kind in PERFORMANCE:
        indicators, lines, info = normalise_performance(grid, kind)
        return {"indicators": indicators, "lines": lines, "performance": [info]}
    cls = CLASSIFICATION.get(kind, "none")
    if kind in ("revenue", "expenditure") and (units := unit_columns(grid)):
        return {"lines": normalise_by_unit(grid, *units)}
    if cls != "none" or _has_codes(grid) or (named := _names_classification(grid)):
        if cls == "none":
            cls = "function" if _has_codes(grid) else named
        return {"lines": normalise_coded(grid, kind, cls)}
    return {"lines": normalise_pairs(grid, kind)}


def _join_continuations(grids: list[Grid]) -> list[Grid]:
    """A 专项业务经费支出表 printed as one grid per page under a repeated title is one table: its tree
    (unit › 专用项目 › category › project) runs on over the page break."""
    out: list[Grid] = []
    for grid in grids:
        prev = out[-1] if out else None
        if prev is not None and grid.title == prev.title and (recognise(grid.title) == "project_spending"
                                                              or _coded_continuation(prev, grid)):
            head = [[clean(c) for c in r] for r in prev.rows[:3]]
            k = 0
            while k < len(grid.rows) and [clean(c) for c in grid.rows[k]] in head:
                k += 1
            out[-1] = replace(prev, rows=prev.rows + grid.rows[k:], row_pages=prev.row_pages + grid.row_pages[k:],
                              notes=prev.notes + [f"continued on p{grid.page}"], frames=prev.frames + grid.frames,
                              boxes=prev.boxes + grid.boxes[k:] if prev.boxes and grid.boxes else [],
                              ocr_confidence=_merged(prev.ocr_confidence, grid.ocr_confidence))
        else:
            out.append(grid)
    return out


def _split_in_frame_titles(grids: list[Grid]) -> list[Grid]:
    """Two tables ruled as one frame: a body row that is only a table's title (Jiangsu npc 2017 p11:
    `财政拨款基本支出预算表` under 财政拨款支出预算表's last row, then `部门：… | 单位：万元`) starts the next table."""
    out: list[Grid] = []
    for grid in grids:
        start = 0
        for i in range(1, len(grid.rows)):
            cells = [clean(c) for c in grid.rows[i] if clean(c)]
            if len(cells) != 1 or i - start < 2 or not recognise(cells[0]) or not re.search(r"表$", cells[0]):
                continue
            out.append(_part(grid, start, i))
            start = i
        out.append(grid if start == 0 else _part(grid, start, len(grid.rows)))
    return out


def _part(grid: Grid, a: int, b: int) -> Grid:
    """Rows a..b of a grid as a table of its own; a part that starts at its title row (a > 0) is titled by it,
    drops it and takes the unit of its own `单位：` row (else the grid's)."""
    title = grid.title
    if a > 0:
        title = next(c for c in map(clean, grid.rows[a]) if c)
        a += 1  # the title row
    unit = next((u for r in grid.rows[a:a + 2] for c in r if (u := stated_unit(c))), None)
    return replace(grid, title=title, rows=grid.rows[a:b], row_pages=grid.row_pages[a:b],
                   page=grid.row_pages[a] if a < len(grid.row_pages) else grid.page,
                   boxes=grid.boxes[a:b] if grid.boxes else [],
                   unit_printed=unit or grid.unit_printed, unit_source="frame" if unit else grid.unit_source,
                   notes=grid.notes + ([f"split from the grid titled {grid.title}"] if a > 0 else []))


def _coded_continuation(prev: Grid, grid: Grid) -> bool:
    """A coded table whose next page repeats its header and runs on without a 合计 of its own (Yantai 收入总体情况表
    p8–9: the page opens with `01 行政单位离退休`, a 项 of the 款 on the page before): one table, so the 项 keeps
    its 类 and 款."""
    if not _has_codes(prev) or grid.page != (prev.row_pages[-1] if prev.row_pages else prev.page) + 1:
        return False
    start = header_end(prev.rows)
    head = [[clean(c) for c in r] for r in prev.rows[:start]]
    if start == 0 or len(grid.rows) <= start or [[clean(c) for c in r] for r in grid.rows[:start]] != head:
        return False
    first = " ".join(clean(c) for c in grid.rows[start])
    code = next((split_code(clean(c))[0] for c in grid.rows[start][:4] if split_code(clean(c))[0]), "")
    return not re.search(r"合\s*计|总\s*计", first) and len(code) != 3  # a page opening on a 类 may be a new table


def _merged(a: dict | None, b: dict | None) -> dict | None:
    """Two grids' OCR confidences as one (the lower where both read the same text)."""
    if a is None and b is None:
        return None
    out = dict(a or {})
    for k, v in (b or {}).items():
        out[k] = min(out.get(k, v), v)
    return out


def normalise(raw: RawDocument, doc_id: str) -> dict:
    """Every grid recognised and normalised; unrecognised grids are kept in the inventory."""
    lines, projects, indicators, contents, performance, inventory = [], [], [], [], [], []
    grids = retitle_numbered(_join_continuations(_split_in_frame_titles(raw.grids)), raw.text)
    for gi, grid in enumerate(grids):
        header_text = "".join(clean(c) for r in grid.rows[:3] for c in r)
        kind = recognise(grid.title, header_text) or ""
        records = normalise_grid(grid, kind) if kind else {}
        factor = unit_factor(grid.unit_printed)
        for rec in records.get("lines", []):
            converted = "unit_printed" in rec  # the normaliser already converted (绩效 tables print 万元)
            unit = rec.pop("unit_printed", grid.unit_printed)
            printed = rec.pop("amount")
            amount = printed * (1.0 if converted else factor)
            lines.append(dict(doc_id=doc_id, table_kind=rec.pop("table_kind", kind), table_title=grid.title, unit_printed=unit,
                              amount_yuan=round(amount, 2), grid=gi, **rec,
                              ocr_confidence=amount_confidence(grid, rec.get("row"), printed)))
        for rec in records.get("projects", []):
            amount = rec.pop("amount")
            projects.append(dict(doc_id=doc_id, amount_yuan=round(amount * factor, 2), **rec))
        indicators += [dict(doc_id=doc_id, grid=gi, **r) for r in records.get("indicators", [])]
        contents += records.get("contents", [])
        performance += [dict(page=grid.page, **p) for p in records.get("performance", [])]
        inventory.append(dict(kind=kind, title=grid.title, printed_number=grid.number or "", page=grid.page,
                              rows=len(grid.rows), notes="; ".join(grid.notes), unit_code=grid.unit_code,
                              n_records=sum(len(v) for v in records.values()),
                              cells_json=json.dumps(grid.rows, ensure_ascii=False)))
    _complete_names(lines)
    return dict(lines=lines, projects=projects, indicators=indicators, contents=contents,
                performance=performance, inventory=inventory, grids=grids)  # grid: index into grids


def _complete_names(lines: list[dict]) -> None:
    """A name cut at column width takes the longest name printed for the same code elsewhere."""
    longest: dict[tuple[str, str], str] = {}
    for rec in lines:
        key = (rec["classification"], rec["code"])
        if rec["code"] and CODE.match(rec["code"]) and len(rec["name"]) > len(longest.get(key, "")):
            longest[key] = rec["name"]
    for rec in lines:
        full = longest.get((rec["classification"], rec["code"]))
        if full and rec["name"] != full and full.startswith(rec["name"]):
            rec["name"] = full
