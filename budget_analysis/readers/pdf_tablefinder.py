"""pdfplumber's lattice table finder with its two quadratic steps made fast, same results.

pdfplumber's `TableFinder` pairs every vertical with every horizontal edge (re-sorting
the horizontals for each vertical) and, for every intersection, scans all later
intersections for the ones below and to the right; on a dense budget table that is
most of the reading time once pdfminer is gone. Here the horizontals are bisected by
`top` (the exact pdfplumber test then decides) and the intersections are indexed by
column and row, and cells are grouped into tables without list removals. Edge merging is
pdfplumber's own.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from pdfplumber.table import Table, TableFinder, TableSettings

_SLACK = 1e-6  # widen the bisected range so float rounding never drops a pair the exact test accepts


def _intersections(edges: list[dict], xt: float, yt: float) -> dict:
    """(x, top) → bboxes of the vertical and horizontal edges meeting there (pdfplumber's test)."""
    vs = [e for e in edges if e["orientation"] == "v"]
    hs = sorted((e for e in edges if e["orientation"] == "h"), key=lambda e: (e["top"], e["x0"]))
    tops = [h["top"] for h in hs]
    out: dict[tuple, tuple[set, set]] = {}
    for v in vs:
        vx, vtop, vbottom = v["x0"], v["top"], v["bottom"]
        lo = bisect_left(tops, vtop - yt - _SLACK)
        hi = bisect_right(tops, vbottom + yt + _SLACK)
        vbox = (vx, vtop, v["x1"], vbottom)
        for h in hs[lo:hi]:
            htop = h["top"]
            if vtop <= htop + yt and vbottom >= htop - yt and vx >= h["x0"] - xt and vx <= h["x1"] + xt:
                sets = out.get((vx, htop))
                if sets is None:
                    sets = out[(vx, htop)] = (set(), set())
                sets[0].add(vbox)
                sets[1].add((h["x0"], htop, h["x1"], h["bottom"]))
    return out


def _cells(inter: dict) -> list[tuple]:
    """pdfplumber's intersections_to_cells: for each point, the smallest cell it is the top-left corner of
    (the points below it in its column tried top-down, for each the points right of it in its row left-right)."""
    points = sorted(inter)
    by_row: dict[float, list[tuple]] = {}
    for p in points:
        by_row.setdefault(p[1], []).append(p)  # x ascending within a row
    cells = []
    n = len(points)
    for i in range(n - 1):
        pt = points[i]
        row = by_row[pt[1]]
        first = bisect_right(row, pt)
        if first == len(row):
            continue  # nothing to the right: no cell starts here
        pv, ph = inter[pt]
        j = i + 1
        found = None
        while found is None and j < n and points[j][0] == pt[0]:
            b = points[j]
            j += 1
            if pv.isdisjoint(inter[b][0]):
                continue
            bh = inter[b][1]
            for k in range(first, len(row)):
                r = row[k]
                rv, rh = inter[r]
                if ph.isdisjoint(rh):
                    continue
                sets = inter.get((r[0], b[1]))
                if sets is not None and not sets[0].isdisjoint(rv) and not sets[1].isdisjoint(bh):
                    found = (pt[0], pt[1], r[0], b[1])
                    break
        if found:
            cells.append(found)
    return cells


def _tables(cells: list[tuple]) -> list[list[tuple]]:
    """pdfplumber's cells_to_tables (same passes, same order of cells), without its list removals."""
    remaining = list(cells)
    tables: list[list[tuple]] = []
    current: list[tuple] = []
    corners: set[tuple] = set()
    while remaining:
        start = len(current)
        keep = []
        for cell in remaining:
            x0, top, x1, bottom = cell
            mine = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(c in corners for c in mine):
                corners.update(mine)
                current.append(cell)
            else:
                keep.append(cell)
        remaining = keep
        if len(current) == start:
            tables.append(current)
            current, corners = [], set()
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def find_tables(page, settings=None) -> list[Table]:
    """What `pdfplumber.Page.find_tables(settings)` gives for `page` (an object with edges and bbox)."""
    finder = TableFinder.__new__(TableFinder)
    finder.page, finder.settings = page, TableSettings.resolve(settings)
    edges = finder.get_edges()
    inter = _intersections(edges, finder.settings.intersection_x_tolerance,
                           finder.settings.intersection_y_tolerance)
    return [Table(page, group) for group in _tables(_cells(inter))]
