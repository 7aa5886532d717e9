"""Amounts the tables print but no rule reads with certainty (`(45,600.00)`, `5.1104E+07`, `119354元`, `△0`,
`238.707,00`, a formula saved without its value): left out of `lines` and reported here with the printed text,
the table and the page, so a sum that is short for that reason says why."""
from __future__ import annotations

from collections import Counter

from ..normalise.cells import clean
from .registry import finding


def unparsed_findings(raw, texts: list[str], limit: int = 50) -> list[dict]:
    """One finding per cell whose printed text is among `texts` (what parse_amount recorded), at most `limit`;
    the rest counted in the last one."""
    wanted = Counter(texts)
    out: list[dict] = []
    hidden = 0
    for grid in raw.grids if raw is not None else []:
        for i, row in enumerate(grid.rows):
            for cell in row:
                text = clean(cell).replace("，", ",")
                if not cell or text not in wanted:
                    continue
                if len(out) >= limit:
                    hidden += 1
                    continue
                page = grid.row_pages[i] if i < len(grid.row_pages) else grid.page
                where = f"表「{grid.title or grid.position}」第{i + 1}行"
                out.append(finding("amount_unparsed", "warning",
                                   f"金额无法识别：{where}印为「{cell.strip()}」，未计入表格数据", page=page))
    if hidden and out:
        out[-1]["message"] += f"（另有{hidden}处同类单元格未逐一列出）"
    return out
