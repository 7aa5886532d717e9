"""Ruled tables of one PDF page: cells from the ruling lines, text from the characters.

pdfplumber finds the cells; the characters are placed here rather than by
pdfplumber's extract(), because Excel-made PDFs keep text that overflows its cell
(`机关事业单位职业年金` | `缴费支出43608.96`). A CJK run that continues from the name
cell on the left is given back to it; amounts are right-aligned and stay put.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .pdf_chars import group_lines, is_cjk, join_line, join_lines, looks_numeric

SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


@dataclass
class PageTable:
    """One ruled table as found on one page, in its physical (ruled) columns."""

    bbox: tuple[float, float, float, float]
    rows: list[list[str]]  # '' for blank cells and for slots covered by a merged cell
    row_tops: list[float]
    col_spans: list[tuple[float, float]]  # x-range of each column
    notes: list[str] = field(default_factory=list)


def _vertical_runs(edges: list[dict]) -> list[tuple[float, float, float]]:
    """Vertical rulings merged into continuous runs (x, top, bottom)."""
    vs = sorted((e for e in edges if e["orientation"] == "v"), key=lambda e: e["x0"])
    clusters: list[list[dict]] = []
    for e in vs:
        if clusters and e["x0"] - clusters[-1][-1]["x0"] <= 1.0:
            clusters[-1].append(e)
        else:
            clusters.append([e])
    runs = []
    for cl in clusters:
        x = sum(e["x0"] for e in cl) / len(cl)
        top = bottom = None
        for e in sorted(cl, key=lambda e: e["top"]):
            if top is not None and e["top"] <= bottom + 1.0:
                bottom = max(bottom, e["bottom"])
                continue
            if top is not None:
                runs.append((x, top, bottom))
            top, bottom = e["top"], e["bottom"]
        if top is not None:
            runs.append((x, top, bottom))
    return runs


def closing_edges(edges: list[dict]) -> list[dict]:
    """Horizontal edges where neighbouring vertical rulings both end but no line is drawn.

    Some generators draw only corner dots where a continuation page's table starts,
    so pdfplumber loses that first row (工信局 2022 p28, Jiangsu 2018 p13).
    """
    runs = [r for r in _vertical_runs(edges) if r[2] - r[1] >= 3]
    ends = sorted({round(y, 1) for r in runs for y in (r[1], r[2])})
    out = []
    for y in ends:
        across = sorted((r for r in runs if r[1] - 1 <= y <= r[2] + 1), key=lambda r: r[0])
        for a, b in zip(across, across[1:]):
            if b[0] - a[0] < 1:
                continue
            if min(abs(a[1] - y), abs(a[2] - y)) <= 1 and min(abs(b[1] - y), abs(b[2] - y)) <= 1:
                out.append({"object_type": "line_edge", "orientation": "h", "x0": a[0], "x1": b[0],
                            "top": y, "bottom": y, "width": b[0] - a[0], "height": 0.0})
    return out


class _Cells:
    """Cell bboxes on a slot grid, so a character finds its cell by two bisections."""

    def __init__(self, bboxes: list[tuple[float, float, float, float]]):
        self.xs = sorted({round(v, 1) for b in bboxes for v in (b[0], b[2])})
        self.ys = sorted({round(v, 1) for b in bboxes for v in (b[1], b[3])})
        self.owner: dict[tuple[int, int], int] = {}
        self.span: list[tuple[int, int, int, int]] = []  # r0, r1, c0, c1 (exclusive ends)
        for i, b in enumerate(bboxes):
            c0, c1 = self.xs.index(round(b[0], 1)), self.xs.index(round(b[2], 1))
            r0, r1 = self.ys.index(round(b[1], 1)), self.ys.index(round(b[3], 1))
            self.span.append((r0, r1, c0, c1))
            for r in range(r0, r1):
                for c in range(c0, c1):
                    self.owner[(r, c)] = i

    def slot(self, x: float, y: float) -> tuple[int, int]:
        return bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1

    def at(self, x: float, y: float) -> int | None:
        return self.owner.get(self.slot(x, y))


def _give_back_overflow(cells: _Cells, content: list[list[dict]]) -> None:
    """Move CJK chars that continue the name on the left out of an amount (or empty) cell."""
    for i, chars in enumerate(content):
        if not chars or not any(is_cjk(c["text"]) for c in chars):
            continue
        for line in group_lines(chars):
            mid = (line[0]["top"] + line[0]["bottom"]) / 2
            r, _ = cells.slot(line[0]["x0"], mid)
            left = cells.owner.get((r, cells.span[i][2] - 1))
            if left is None or left == i:
                continue
            same_line = [c for c in content[left] if abs((c["top"] + c["bottom"]) / 2 - mid) <= 2]
            if not same_line:
                continue
            tail = max(same_line, key=lambda c: c["x1"])
            if not is_cjk(tail["text"]):
                continue
            reach, moved = tail["x1"], []
            for c in sorted(line, key=lambda c: c["x0"]):
                if not is_cjk(c["text"]):
                    continue
                if abs(c["x0"] - reach) > 0.3 * c["size"]:
                    break  # a gap or an overlap: the cell's own text starts here
                moved.append(c)
                reach = c["x1"]
            rest = [c for c in line if c not in moved]
            if moved and (not rest or looks_numeric(join_line(rest))):
                content[left].extend(moved)
                content[i] = [c for c in content[i] if c not in moved]


def _cell_text(chars: list[dict]) -> str:
    return join_lines([join_line(line) for line in group_lines(chars)])


def compact(rows: list[list[str]], xs: list[tuple[float, float]]):
    """Merge neighbouring columns that never both carry text in one row.

    Excel sheets printed with spacer columns or varying spans (Jiangsu) otherwise put
    the same column's amounts in different grid columns; a header text in each real
    column keeps real columns apart.
    """
    groups: list[list[int]] = []
    for c in range(len(xs)):
        if groups and not any(
            row[c] and any(row[g] for g in groups[-1]) for row in rows
        ):
            groups[-1].append(c)
        else:
            groups.append([c])
    out = [["".join(row[g] for g in grp) for grp in groups] for row in rows]
    spans = [(xs[grp[0]][0], xs[grp[-1]][1]) for grp in groups]
    return out, spans


def page_tables(page, chars: list[dict]) -> list[PageTable]:
    """Every ruled table of the page with its cell texts, top to bottom."""
    settings = dict(SETTINGS, explicit_horizontal_lines=closing_edges(page.edges))
    found = page.find_tables(settings)
    out = []
    for table in sorted(found, key=lambda t: (t.bbox[1], t.bbox[0])):
        cells = _Cells(table.cells)
        content: list[list[dict]] = [[] for _ in table.cells]
        x0, top, x1, bottom = table.bbox
        for c in chars:
            cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
            if x0 <= cx <= x1 and top <= cy <= bottom:
                i = cells.at(cx, cy)
                if i is not None:
                    content[i].append(c)
        _give_back_overflow(cells, content)
        nr, nc = len(cells.ys) - 1, len(cells.xs) - 1
        grid: list[list[str | None]] = [[None] * nc for _ in range(nr)]
        for i, (r0, _, c0, _) in enumerate(cells.span):
            grid[r0][c0] = _cell_text(content[i])
        keep = [r for r in range(nr) if any(v is not None for v in grid[r])]
        rows = [[v or "" for v in grid[r]] for r in keep]
        if sum(1 for row in rows for v in row if v) < 2:
            continue  # chart frames and empty boxes
        out.append(PageTable(table.bbox, rows, [cells.ys[r] for r in keep], list(zip(cells.xs, cells.xs[1:]))))
    return out
