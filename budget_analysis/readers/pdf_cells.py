"""Ruled tables of one PDF page: cells from the ruling lines, text from the characters.

pdfplumber finds the cells; the characters are placed here rather than by
pdfplumber's extract(), because Excel-made PDFs keep text that overflows its cell
(`机关事业单位职业年金` | `缴费支出43608.96`) and centre text wider than its cell over
both neighbours. A run of name text is kept whole in the cell it is set in; amounts
are right-aligned and stay where they are printed.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .pdf_chars import by_x0, group_lines, is_cjk, join_line, join_lines, looks_numeric

SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
Box = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the page's top-left


@dataclass
class PageTable:
    """One ruled table as found on one page, in its physical (ruled) columns."""

    bbox: tuple[float, float, float, float]
    rows: list[list[str]]  # '' for blank cells and for slots covered by a merged cell
    row_tops: list[float]
    col_spans: list[tuple[float, float]]  # x-range of each column
    notes: list[str] = field(default_factory=list)
    boxes: list[list[Box | None]] = field(default_factory=list)  # printed text box of each cell, parallel to rows


def text_box(chars: list[dict]) -> Box | None:
    """The box around the characters printed in one cell (None for a blank cell)."""
    if not chars:
        return None
    c = chars[0]
    x0, top, x1, bottom = c["x0"], c["top"], c["x1"], c["bottom"]
    for c in chars[1:]:
        x0, top, x1, bottom = min(x0, c["x0"]), min(top, c["top"]), max(x1, c["x1"]), max(bottom, c["bottom"])
    return (x0, top, x1, bottom)


def union_box(boxes) -> Box | None:
    """The box around several cells' boxes (None when all are blank)."""
    boxes = [b for b in boxes if b]
    if len(boxes) < 2:
        return boxes[0] if boxes else None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


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
        rounded = [(round(b[0], 1), round(b[1], 1), round(b[2], 1), round(b[3], 1)) for b in bboxes]
        self.xs = sorted({v for b in rounded for v in (b[0], b[2])})
        self.ys = sorted({v for b in rounded for v in (b[1], b[3])})
        self.owner: dict[tuple[int, int], int] = {}
        self.span: list[tuple[int, int, int, int]] = []  # r0, r1, c0, c1 (exclusive ends)
        col = {x: k for k, x in enumerate(self.xs)}
        row = {y: k for k, y in enumerate(self.ys)}
        for i, b in enumerate(rounded):
            c0, c1 = col[b[0]], col[b[2]]
            r0, r1 = row[b[1]], row[b[3]]
            self.span.append((r0, r1, c0, c1))
            for r in range(r0, r1):
                for c in range(c0, c1):
                    self.owner[(r, c)] = i

    def at(self, x: float, y: float) -> int | None:
        return self.owner.get((bisect_right(self.ys, y) - 1, bisect_right(self.xs, x) - 1))


def _in_text(ch: str) -> bool:
    """Characters of names that never occur in an amount: CJK and brackets or colons."""
    return is_cjk(ch) or not (ch.isalnum() or ch in ".,-+%")


def _text_runs(named: list[dict], where: dict[int, int]) -> list[list[dict]]:
    """A printed line's name characters (`_in_text`) cut into runs of one continuous text.

    Neighbours belong together when they touch (a gap or overlap up to 0.3 em; an
    overlap up to 0.5 em next to a bracket or other mark, which are kerned); across a
    cell border the gap must also match the run's own spacing, so text set flush on
    both sides of a ruling is not run together. Digits and Latin letters are left
    out: amounts interleave with overflowing names (`中1心839311.66`) and stay where
    they are printed.
    """
    runs: list[list[dict]] = []
    for c in sorted(named, key=by_x0):
        if runs:
            prev = runs[-1][-1]
            gap, em = c["x0"] - prev["x1"], max(c["size"], 1.0)
            kerned = not (c["text"].isalnum() and prev["text"].isalnum())  # a mark
            joined = -(0.5 if kerned else 0.3) * em <= gap <= 0.3 * em
            if joined and where[id(c)] != where[id(prev)]:
                inner = [b["x0"] - a["x1"] for a, b in zip(runs[-1], runs[-1][1:])
                         if where[id(a)] == where[id(b)]]
                usual = sorted(inner)[len(inner) // 2] if inner else 0.0
                joined = abs(gap - usual) <= 0.1 * em
            if joined:
                runs[-1].append(c)
                continue
        runs.append([c])
    return runs


def _keep_runs_whole(cells: _Cells, content: list[list[dict]]) -> None:
    """Give a text run that crosses cell borders to the one cell it is set in.

    Placing characters by their centre splits a name that is wider than its cell:
    Excel keeps left-aligned text running on into the next (amount) cell
    (`机关事业单位职业年金` | `缴费支出43608.96`), and centred text overflows on
    both sides (`…运` in 单位编码 | `维 6540000` in 项目金额). The run goes to a cell
    holding at least half as much of it as any other, never to one whose own text on
    that line is an amount, and among those to the one it is aligned with: its left
    edge, right edge or centre closest to the cell's.
    """
    where = {id(c): i for i, chars in enumerate(content) for c in chars}
    if not where:
        return
    for line in group_lines([c for chars in content for c in chars]):
        named = [c for c in line if _in_text(c["text"])]
        if len({where[id(c)] for c in named}) < 2:
            continue  # the line's name text lies in one cell: no run of it crosses a border
        mid = (line[0]["top"] + line[0]["bottom"]) / 2
        for run in _text_runs(named, where):
            share: dict[int, float] = {}
            for c in run:
                share[where[id(c)]] = share.get(where[id(c)], 0.0) + c["x1"] - c["x0"]
            if len(share) < 2:
                continue
            ids = {id(c) for c in run}
            x0, x1 = run[0]["x0"], max(c["x1"] for c in run)

            def key(i: int) -> tuple[bool, bool, float]:
                c0, c1 = cells.span[i][2:]
                left, right = cells.xs[c0], cells.xs[c1]
                own = [c for c in content[i] if id(c) not in ids
                       and abs((c["top"] + c["bottom"]) / 2 - mid) <= 2]
                amount = bool(own) and looks_numeric(join_line(own))
                minor = share[i] < 0.5 * max(share.values())
                offset = min(abs(x0 - left), abs(right - x1), abs((x0 + x1) / 2 - (left + right) / 2))
                return amount, minor, offset

            target = min(sorted(share), key=key)
            for i in share:
                if i == target:
                    continue
                moved = [c for c in content[i] if id(c) in ids]
                content[i] = [c for c in content[i] if id(c) not in ids]
                content[target].extend(moved)
                for c in moved:
                    where[id(c)] = target


def _cell_text(chars: list[dict]) -> str:
    if not chars:
        return ""
    if len(chars) == 1:
        return join_line(chars)
    return join_lines([join_line(line) for line in group_lines(chars)])


def compact(rows: list[list[str]], xs: list[tuple[float, float]], boxes: list[list[Box | None]] | None = None):
    """Merge neighbouring columns that never both carry text in one row.

    Excel sheets printed with spacer columns or varying spans (Jiangsu) otherwise put
    the same column's amounts in different grid columns; a header text in each real
    column keeps real columns apart. With `boxes` (parallel to rows) the merged cells'
    boxes are returned as a third value.
    """
    # the column headers: rows of three or more labels above the first amount (not a `部门：… | 单位：万元` heading).
    # A column headed in one such row and its neighbour in another (烟台 基本支出预算情况表: `国有资本经营预算` under
    # 财政拨款 in the second row, `财政专户管理资金` over both rows) are two columns even when no row has text in both
    head = next((i for i, row in enumerate(rows) if any(looks_numeric(v) for v in row)), len(rows))
    labels = [row for row in rows[:min(head, 6)] if sum(1 for v in row if v) >= 3]
    headed = [any(row[c] for row in labels) for c in range(len(xs))]
    groups: list[list[int]] = []
    for c in range(len(xs)):
        if groups and not any(
            row[c] and any(row[g] for g in groups[-1]) for row in rows
        ) and not (headed[c] and any(headed[g] for g in groups[-1])):
            groups[-1].append(c)
        else:
            groups.append([c])
    out = [["".join(row[g] for g in grp) for grp in groups] for row in rows]
    spans = [(xs[grp[0]][0], xs[grp[-1]][1]) for grp in groups]
    if boxes is None:
        return out, spans
    merged = [[union_box(brow[g] for g in grp if g < len(brow)) for grp in groups] for brow in boxes]
    return out, spans, merged


def shown_box(page) -> Box | None:
    """The page's box in its characters' coordinates, where what lies outside is not shown; None when that box is
    not known to be the one a viewer shows (a pdfplumber page whose MediaBox is inverted, offset or cropped:
    西安 民政局 2021 p39's MediaBox [0 595 842 0] puts pdfplumber's characters at top 652–1104 of a 595 pt page;
    an OCR'd image page)."""
    if getattr(page, "usable", False):  # a PdfiumPage read from PDFium: no rotation, crop box = media box
        return tuple(page.bbox)
    obj = getattr(page, "page_obj", None)
    if obj is None or getattr(page, "rotation", 0):
        return None
    media = [float(v) for v in obj.mediabox]
    crop = [float(v) for v in (obj.cropbox or media)]
    if media != crop or media[0] != 0 or media[1] != 0 or media[2] <= 0 or media[3] <= 0:
        return None
    return (0.0, 0.0, media[2], media[3])


def table_settings(page) -> dict:
    """pdfplumber's table settings for this page (the PDFium reader triages pages with the same; worked out once
    a page, as triage and placement both ask)."""
    known = getattr(page, "_table_settings", None)
    if known is None:
        known = dict(SETTINGS, explicit_horizontal_lines=closing_edges(page.edges))
        page._table_settings = known
    return known


def page_tables(page, chars: list[dict]) -> list[PageTable]:
    """Every ruled table of the page with its cell texts, top to bottom."""
    found = page.find_tables(table_settings(page))
    # rulings drawn beyond the page's box are not printed (the rest of an Excel sheet below the foot, Jiangsu
    # 人大 2017 p11): the table is the part on the page, as its characters are (pdf.on_page)
    px0, ptop, px1, pbottom = shown_box(page) or (float("-inf"), float("-inf"), float("inf"), float("inf"))
    out = []
    centred = [(c, (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2) for c in chars] if found else []
    for table in sorted(found, key=lambda t: (t.bbox[1], t.bbox[0])):
        cells = _Cells(table.cells)
        content: list[list[dict]] = [[] for _ in table.cells]
        x0, top, x1, bottom = table.bbox
        if x1 <= px0 or x0 >= px1 or bottom <= ptop or top >= pbottom:
            continue
        x0, top, x1, bottom = max(x0, px0), max(top, ptop), min(x1, px1), min(bottom, pbottom)
        at = cells.at
        for c, cx, cy in centred:
            if x0 <= cx <= x1 and top <= cy <= bottom:
                i = at(cx, cy)
                if i is not None:
                    content[i].append(c)
        _keep_runs_whole(cells, content)
        nr, nc = len(cells.ys) - 1, len(cells.xs) - 1
        grid: list[list[str | None]] = [[None] * nc for _ in range(nr)]
        where: list[list[Box | None]] = [[None] * nc for _ in range(nr)]
        for i, (r0, _, c0, _) in enumerate(cells.span):
            grid[r0][c0] = _cell_text(content[i])
            where[r0][c0] = text_box(content[i])
        keep = [r for r in range(nr) if any(v is not None for v in grid[r])
                and cells.ys[r] < pbottom and cells.ys[r + 1] > ptop]
        rows = [[v or "" for v in grid[r]] for r in keep]
        if sum(1 for row in rows for v in row if v) < 2:
            continue  # chart frames and empty boxes
        spans = list(zip(cells.xs, cells.xs[1:]))
        out.append(PageTable((x0, top, x1, bottom), rows, [cells.ys[r] for r in keep], spans,
                             boxes=[where[r] for r in keep]))
    return out
