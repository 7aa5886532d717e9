"""Render the founding text sample as a ruled PDF and as an xlsx workbook.

The three files hold the same document, so the three readers (text, PDF, Excel) can
be checked against each other (tests/test_routes.py). The outputs go to
tests/fixtures/, not data/raw/: `make report` extracts every file in data/raw/, and
three copies of one document would triple its reports.

Both outputs are deterministic (fixed dates, fixed zip timestamps), so re-running the
script only changes them when the sample or this script changes.

    .venv/bin/python scripts/make_fixtures.py
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from budget_analysis.readers.grid import Grid
from budget_analysis.readers.text import read_text

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "zizhou_pension_center_2024_budget.txt"
OUT = ROOT / "tests" / "fixtures"
STEM = "zizhou_pension_center_2024_budget_fixture"
FIXED = datetime(2024, 1, 1)

FONT = "STSong-Light"  # reportlab's built-in CID font: no font file, and pdfplumber/pdfium extract it exactly
CELL_SIZE = 7
MARGIN = 24
_HEADING = re.compile(r"^表\s*\d+\s*$|^(?:金额)?单位\s*[:：]")
_NUMBER = re.compile(r"^-?(?:0|[1-9]\d*)(?:\.(\d+))?$")
_PERCENT = re.compile(r"^((?:0|[1-9]\d*)(?:\.(\d+))?)%$")


def narrative(lines: list[str], grids: list[Grid]) -> list[str]:
    """The sample's lines outside the tables: no tab rows, no 表N/title/unit lines above a table."""
    skip = {i for i, line in enumerate(lines) if "\t" in line}
    for grid in grids:
        i = int(grid.position.split()[1]) - 2  # the line above the grid's first row
        while i >= 0 and (not lines[i].strip() or lines[i].strip() == grid.title
                          or _HEADING.match(lines[i].strip())):
            skip.add(i)
            i -= 1
    kept = [line.rstrip() for i, line in enumerate(lines) if i not in skip]
    return [line for k, line in enumerate(kept) if line or (k and kept[k - 1])]  # one blank between blocks


def sheet_names(grids: list[Grid]) -> list[str]:
    """'表5', '表8-2' for a repeated label, the title (or '无标题') for unnumbered tables."""
    names, seen = [], {}
    for grid in grids:
        base = grid.number or re.sub(r"[\[\]:*?/\\]", "", grid.title)[:28] or "无标题"
        seen[base] = seen.get(base, 0) + 1
        names.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return names


def typed(cell: str) -> tuple[object, str]:
    """(value, number format): numbers as numbers with the decimals printed, text as text."""
    if (m := _NUMBER.match(cell)) and len(cell) <= 16:
        return (float(cell), "0." + "0" * len(m.group(1))) if m.group(1) else (int(cell), "General")
    if m := _PERCENT.match(cell):
        decimals = len(m.group(2) or "")
        return float(m.group(1)) / 100, ("0." + "0" * decimals if decimals else "0") + "%"
    return cell, "General"


def write_xlsx(path: Path, grids: list[Grid], prose: list[str]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "说明"
    ws.column_dimensions["A"].width = 120
    for r, line in enumerate(prose, start=1):
        if line:
            ws.cell(r, 1, line)
    for grid, name in zip(grids, sheet_names(grids)):
        ws = wb.create_sheet(name)
        width = max(map(len, grid.rows))
        if grid.title:
            ws.cell(1, 1, grid.title)
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(width, 1))
        if grid.unit_printed:  # a unit the text does not state is not invented
            ws.cell(2, 1, f"金额单位：{grid.unit_printed}")
        for r, row in enumerate(grid.rows, start=3):
            for c, text in enumerate(row, start=1):
                if not text:
                    continue
                value, fmt = typed(text)
                cell = ws.cell(r, c, value)
                cell.number_format = fmt
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # '=100%' is a printed target, not a formula
        for c in range(1, width + 1):
            ws.column_dimensions[get_column_letter(c)].width = 14
    wb.properties.created = FIXED
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(_fixed_zip(buf.getvalue()))


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated FIXED, so the bytes do not depend on when it was built.

    openpyxl stamps docProps/core.xml's <dcterms:modified> with the time of saving; that is reset too.
    """
    out = io.BytesIO()
    stamp = FIXED.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, body)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6]), body,
                         compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _widths(rows: list[list[str]], avail: float) -> list[float]:
    """Natural column widths, the widest capped (their cells wrap) so the table fits the page."""
    ncols = max(map(len, rows))
    natural = [max([pdfmetrics.stringWidth(r[c], FONT, CELL_SIZE) + 6 for r in rows if c < len(r)] + [14])
               for c in range(ncols)]
    if sum(natural) <= avail:
        return natural
    lo, hi = 0.0, max(natural)
    for _ in range(40):  # the cap at which the capped widths fill the page
        cap = (lo + hi) / 2
        lo, hi = (cap, hi) if sum(min(n, cap) for n in natural) < avail else (lo, cap)
    return [min(n, lo) for n in natural]


def table(grid: Grid, avail: float, cell_style: ParagraphStyle) -> Table:
    ncols = max(map(len, grid.rows))
    widths = _widths(grid.rows, avail)
    data = []
    for row in grid.rows:
        cells = row + [""] * (ncols - len(row))
        data.append([Paragraph(escape(t), cell_style)
                     if pdfmetrics.stringWidth(t, FONT, CELL_SIZE) + 6 > widths[c] else t
                     for c, t in enumerate(cells)])
    t = Table(data, colWidths=widths)
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), FONT, CELL_SIZE), ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
    return t


def write_pdf(path: Path, grids: list[Grid], prose: list[str]) -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK", spaceAfter=4)
    title = ParagraphStyle("title", parent=body, fontSize=13, leading=18, alignment=1)
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10, spaceAfter=2)
    cell = ParagraphStyle("cell", fontName=FONT, fontSize=CELL_SIZE, leading=CELL_SIZE + 2, wordWrap="CJK")
    pagesize = landscape(A4)
    avail = pagesize[0] - 2 * MARGIN
    story = [Paragraph(escape(line), body) for line in prose if line.strip()]
    for grid in grids:
        story.append(PageBreak())
        if grid.number:
            story.append(Paragraph(grid.number, small))
        if grid.title:
            story.append(Paragraph(escape(grid.title), title))
        story += [Paragraph(f"金额单位：{grid.unit_printed}" if grid.unit_printed else "", small), Spacer(1, 4),
                  table(grid, avail, cell)]
    doc = SimpleDocTemplate(str(path), pagesize=pagesize, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN, bottomMargin=MARGIN, invariant=1,
                            title="子洲县机关事业单位和居民养老保险经办中心 2024年单位预算公开 (test fixture)")
    doc.build(story)


def main() -> None:
    raw = read_text(SAMPLE)
    grids = raw.grids
    prose = narrative(raw.text[0][1].splitlines(), grids)
    OUT.mkdir(parents=True, exist_ok=True)
    for suffix, write in ((".xlsx", write_xlsx), (".pdf", write_pdf)):
        out = OUT / f"{STEM}{suffix}"
        write(out, grids, prose)
        print(f"{out.relative_to(ROOT)}: {out.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
