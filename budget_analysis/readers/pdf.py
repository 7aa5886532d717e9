"""PDF reader: every ruled table as a Grid plus the page texts.

pypdfium2 gives the page texts and triages pages cheaply (text layer present?
readable? any vector paths that could be rulings?); pdfplumber, the slower
parser, only opens the pages that may hold a ruled table.
"""
from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import ReadError
from .grid import Grid, RawDocument
from .image_pages import RuledImage, merge_confidence, scan_pages
from .camelot_backend import camelot_tables
from .pdf_cells import PageTable, page_tables
from .pdf_chars import dedupe_chars
from .pdf_layout import Caption, build_grid, caption, place, text_lines

_MIN_PATHS = 4  # fewer vector paths than this cannot make a ruled table


def _count_paths(container, count, get) -> int:
    n = 0
    for j in range(count(container)):
        obj = get(container, j)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            n += 1
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:  # 科学技术局 2022 wraps every page in a form
            n += _count_paths(obj, pdfium_c.FPDFFormObj_CountObjects, pdfium_c.FPDFFormObj_GetObject)
    return n


def _unreadable(ch: str) -> bool:
    """What pdfium yields for glyphs it cannot map to Unicode: controls, private use, U+FFFD."""
    o = ord(ch)
    return (o < 0x20 and not ch.isspace()) or 0x7F <= o <= 0x9F or 0xE000 <= o <= 0xF8FF or o == 0xFFFD


def _readable(text: str) -> float:
    """Share of characters with a real Unicode meaning (low for fonts without ToUnicode)."""
    if not text:
        return 1.0
    return 1 - sum(map(_unreadable, text)) / len(text)


def _triage(path: Path):
    """Page texts, pages worth a table search, and problems, from pypdfium2 alone."""
    try:
        doc = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(path, "encrypted PDF (password required)") from exc
        raise ReadError(path, f"not a readable PDF ({exc})") from exc
    texts, ruled, problems, images = [], [], [], []
    try:
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n")
            paths = _count_paths(page, pdfium_c.FPDFPage_CountObjects, pdfium_c.FPDFPage_GetObject)
            if not text.strip():
                if pdfium_c.FPDFPage_CountObjects(page):
                    problems.append(f"p{i + 1}: no text layer (scanned image?)")
                    images.append(i + 1)
            elif _readable(text) < 0.5:
                problems.append(f"p{i + 1}: text not readable (font without ToUnicode?)")
                text = ""
            texts.append((i + 1, text))
            if text and paths >= _MIN_PATHS:
                ruled.append(i + 1)
            textpage.close()
            page.close()
    finally:
        doc.close()
    return texts, ruled, problems, images


def _check_is_pdf(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise ReadError(path, f"cannot open ({exc.strerror})") from exc
    if b"%PDF-" not in head:
        raise ReadError(path, "not a PDF file (no %PDF- header)")


def _grids(path: Path, pages: list[int], find=page_tables, scans=None) -> list[Grid]:
    """Grids of the given pages; a table without caption atop a page continues the last one.

    `find(page, chars)` gives a pdfplumber page's tables (pdfplumber's own cells by default); a page of
    `scans` (OCR'd image pages) gives its OCR characters and image rulings to the same placement instead.
    """
    scans = scans or {}
    found: list[tuple[Caption, list[tuple[int, PageTable]]]] = []
    with pdfplumber.open(str(path)) as pdf:
        for pno in pages:
            page = pdf.pages[pno - 1]
            if pno in scans:
                chars = scans[pno].chars
                tables = page_tables(RuledImage(page, scans[pno].edges), chars)
            else:
                chars = dedupe_chars([c for c in page.chars if not c["text"].isspace()])
                tables = find(page, chars)
            lines = text_lines(chars, tables)
            above = 0.0
            for k, table in enumerate(tables):
                place(found, pno, k, table, caption(lines, above, table.bbox[1]))
                above = table.bbox[3]
            page.close()
    return [build_grid(parts, cap) for cap, parts in found]


def _camelot(path: Path):
    return camelot_tables(path)


# name → factory of `find(page, chars)` for one file: how a page's ruled tables are found
BACKENDS = {"pdfplumber": lambda path: page_tables, "camelot": _camelot}


def read_pdf(path, backend: str = "pdfplumber", ocr: str = "auto") -> RawDocument:
    """Read a disclosure PDF into grids and page texts (backend: a name of BACKENDS; ocr: auto|never|always,
    which image pages are OCR'd)."""
    path = Path(path)
    if backend not in BACKENDS:
        raise ValueError(f"unknown PDF backend {backend!r} (one of {', '.join(BACKENDS)})")
    _check_is_pdf(path)
    texts, ruled, problems, images = _triage(path)
    scans = scan_pages(path, ocr, texts, ruled, problems, images)
    if not any(t.strip() for _, t in texts):
        missing = any("OCR not installed" in p for p in problems)
        raise ReadError(path, "no text layer on any page (scanned document?)"
                        + ("; " + problems[-1].split(": ", 1)[1] if missing else ""))
    grids = _grids(path, ruled, BACKENDS[backend](path), scans)
    for grid in grids:
        grid.reader = backend
        merge_confidence(grid, scans)
    return RawDocument(source=str(path), grids=grids, text=texts, pages=len(texts),
                       reader=backend, problems=problems)
