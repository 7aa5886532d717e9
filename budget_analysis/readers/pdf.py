"""PDF reader: every ruled table as a Grid plus the page texts.

The file is read once: its bytes open one PDFium document that gives the page texts
and triages pages (text layer present? readable? enough vector paths for rulings?).
The default backend then takes each such page's ruling edges and characters from
that same open page (readers/pdfium_page.py) and reads characters only where
pdfplumber's table finder sees a table in those edges. The `pdfplumber` backend
(pdfminer's parse of the same bytes) and `camelot` stay as the reference routes.
"""
from __future__ import annotations

import ctypes
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from ..errors import ReadError
from .grid import Grid, RawDocument
from .image_pages import RuledImage, merge_confidence, scan_pages
from .camelot_backend import camelot_tables
from .pdf_cells import PageTable, page_tables, shown_box, table_settings
from .pdf_chars import dedupe_chars
from .pdf_layout import Caption, build_grid, caption, place, text_lines
from . import pdfium_calls as pc
from .pdfium_page import PdfiumPage
from .settings import DEFAULT_BACKEND

_MIN_PATHS = 4  # fewer vector paths than this cannot make a ruled table
SPARSE_TEXT = 100  # a page with fewer characters of text than this has its image cover measured (the meter's test)
_SPACE = re.compile(r"\s")


def visible_text(page, textpage, text: str | None = None) -> str:
    """The page's text layer as printed: without the characters set outside its crop box.

    Word and Excel exports leave what overflows a page in the content stream, where no viewer shows it: the rest
    of an Excel sheet below the page's foot (Jiangsu 人大 2017 p11 holds its 基本支出 table again, the copy that
    p12–14 print), a paragraph's lines above its top that the page before prints (普陀 财政局 2025 p8), a merged
    cell's label beyond the page (西安 审计局 2026 p38). A page whose text runs all lie inside is read whole.
    """
    text = textpage.get_text_range() if text is None else text  # (`text`: that range, when already read)
    left, bottom, right, top = page.get_cropbox()
    raw, l, t, r, b = textpage.raw, ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    tp, refs = pc.handle(raw), [ctypes.byref(v) for v in (l, t, r, b)]
    inside = True
    for k in range(pc.count_rects(tp, 0, -1)):
        pc.get_rect(tp, k, *refs)
        if l.value < left - 1 or r.value > right + 1 or b.value < bottom - 1 or t.value > top + 1:
            inside = False
            break
    if inside or len(text) != pdfium_c.FPDFText_CountChars(raw):
        return text  # (a character outside the Basic Multilingual Plane would put indices off: kept whole)
    box = [ctypes.c_double() for _ in range(4)]
    kept = []
    for i, ch in enumerate(text):
        if not ch.isspace() and pdfium_c.FPDFText_GetCharBox(raw, i, *box):
            x0, x1, y0, y1 = (v.value for v in box)
            if not (left <= (x0 + x1) / 2 <= right and bottom <= (y0 + y1) / 2 <= top):
                kept.append(None)
                continue
        kept.append(ch)
    lines = []
    for part in "".join(ch or "\0" for ch in kept).split("\n"):
        shown = part.replace("\0", "")
        if shown.strip() or "\0" not in part:  # a line all outside the page goes, with its break
            lines.append(shown)
    return "\n".join(lines)


# what pdfium yields for glyphs it cannot map to Unicode: controls (not the blank ones), private use, U+FFFD
_UNREADABLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x9f\ue000-\uf8ff\ufffd]")


def _readable(text: str) -> float:
    """Share of characters with a real Unicode meaning (low for fonts without ToUnicode)."""
    if not text:
        return 1.0
    return 1 - len(_UNREADABLE.findall(text)) / len(text)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, once, after checking it is a PDF at all."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(path, f"cannot open ({exc.strerror})") from exc
    if b"%PDF-" not in data[:1024]:
        raise ReadError(path, "not a PDF file (no %PDF- header)")
    return data


def _open(path: Path, data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(path, "encrypted PDF (password required)") from exc
        raise ReadError(path, f"not a readable PDF ({exc})") from exc


# What one page gives the stitching: its tables and the printed lines outside them
PageResult = tuple[list[PageTable], list[tuple[float, float, str]]]


def on_page(page, chars: list[dict]) -> list[dict]:
    """The characters a viewer shows: those whose centre lies in the page's box (see visible_text; all of them
    where that box is not known, pdf_cells.shown_box)."""
    box = shown_box(page)
    if box is None:
        return chars
    x0, top, x1, bottom = box
    return [c for c in chars if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom]


def _page_result(page, find) -> PageResult:
    chars = page.chars if isinstance(page, PdfiumPage) else [c for c in page.chars if not c["text"].isspace()]
    chars = dedupe_chars(on_page(page, chars))  # (PDFium's characters are read without the blank ones)
    tables = find(page, chars)
    return tables, (text_lines(chars, tables) if tables else [])


def _pdfium_result(page: PdfiumPage, find) -> PageResult | None:
    """The page read from PDFium, or None where its coordinates may not be pdfplumber's (then pdfplumber reads it)."""
    if not page.usable:
        return None
    if not page.find_tables(table_settings(page)):
        return [], []  # no table in the rulings: the characters are never needed
    page.chars  # noqa: B018 (read now: a character pdfminer would box differently makes the page unusable)
    return _page_result(page, find) if page.usable else None


def _scan(path: Path, pdf: pdfium.PdfDocument, visit: Callable | None):
    """Page texts, pages worth a table search, problems, image-only pages; `visit(PdfiumPage)` on each
    page worth a table search."""
    texts, ruled, problems, images, sparse = [], [], [], [], []
    for i in range(len(pdf)):
        page = pdf[i]
        textpage = page.get_textpage()
        try:
            whole = textpage.get_text_range()
            text = visible_text(page, textpage, whole).replace("\r\n", "\n")
            chars = len(_SPACE.sub("", text))
            if chars < SPARSE_TEXT:
                sparse.append((i + 1, image_cover(page), chars))
            pp = PdfiumPage(page, textpage, i + 1, whole)
            if not text.strip():
                if pdfium_c.FPDFPage_CountObjects(page):
                    problems.append(f"p{i + 1}: no text layer (scanned image?)")
                    images.append(i + 1)
            elif _readable(text) < 0.5:
                problems.append(f"p{i + 1}: text not readable (font without ToUnicode?)")
                text = ""
            texts.append((i + 1, text))
            if text and len(pp.paths) >= _MIN_PATHS:
                ruled.append(i + 1)
                if visit:
                    visit(pp)
        finally:
            textpage.close()
            page.close()
    return texts, ruled, problems, images, sparse


def image_cover(page) -> float:
    """Share of a pypdfium2 page covered by image objects (0 when none)."""
    area = max(page.get_width() * page.get_height(), 1.0)
    covered = 0.0
    for j in range(pdfium_c.FPDFPage_CountObjects(page)):
        obj = pdfium_c.FPDFPage_GetObject(page, j)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        l, b, r, t = (pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT(), pdfium_c.FS_FLOAT())
        if pdfium_c.FPDFPageObj_GetBounds(obj, l, b, r, t):
            covered += max(r.value - l.value, 0) * max(t.value - b.value, 0)
    return min(covered / area, 1.0)


def _plumber_results(data: bytes, pages: list[int], find, scans: dict) -> dict[int, PageResult]:
    """Pages read by pdfplumber; a page of `scans` (OCR'd image pages) gives its OCR characters and image
    rulings to the same placement instead."""
    out = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for pno in pages:
            page = pdf.pages[pno - 1]
            if pno in scans:
                chars = scans[pno].chars
                tables = page_tables(RuledImage(page, scans[pno].edges), chars)
                out[pno] = tables, (text_lines(chars, tables) if tables else [])
            else:
                out[pno] = _page_result(page, find)
            page.close()
    return out


def _stitch(results: dict[int, PageResult]) -> list[Grid]:
    """Grids of the pages in order; a table without caption atop a page continues the last one, unless the page
    before ends with a title below its last table (see pdf_layout.place)."""
    found: list[tuple[Caption, list[tuple[int, PageTable]]]] = []
    foot: Caption | None = None  # a title printed below the last table of the page before
    for pno in sorted(results):
        tables, lines = results[pno]
        above = 0.0
        for k, table in enumerate(tables):
            place(found, pno, k, table, caption(lines, above, table.bbox[1]),
                  orphan=foot if k == 0 and found and found[-1][1][-1][0] == pno - 1 else None)
            above = table.bbox[3]
        below = [ln for ln in lines if ln[0] >= above - 1] if tables else []
        foot = caption(below, above, max(b for _, b, _ in below) + 1) if below else None
    return [build_grid(parts, cap) for cap, parts in found]


def _camelot(path: Path):
    return camelot_tables(path)


@dataclass(frozen=True)
class Backend:
    """pages: whose page objects give characters and rulings ('pdfium' or 'pdfplumber');
    find: factory, per file, of `find(page, chars)` giving a page's ruled tables."""

    pages: str
    find: Callable


BACKENDS = {"pdfium": Backend("pdfium", lambda path: page_tables),
            "pdfplumber": Backend("pdfplumber", lambda path: page_tables),
            "camelot": Backend("pdfplumber", _camelot)}


def read_pdf(path, backend: str = DEFAULT_BACKEND, data: bytes | None = None, ocr: str = "auto",
             pages=None) -> RawDocument:
    """Read a disclosure PDF into grids and page texts (backend: a name of BACKENDS; data: its bytes if read;
    ocr: auto|never|always, which image pages are OCR'd; pages: only these 1-based pages are searched for tables
    and OCR'd, every other page's text layer is still read — tests read a false alarm's two pages, not the whole document)."""
    wanted = None if pages is None else set(pages)
    path = Path(path)
    if backend not in BACKENDS:
        raise ValueError(f"unknown PDF backend {backend!r} (one of {', '.join(BACKENDS)})")
    spec = BACKENDS[backend]
    find = spec.find(path)
    if data is None:
        data = read_bytes(path)
    elif b"%PDF-" not in data[:1024]:
        raise ReadError(path, "not a PDF file (no %PDF- header)")
    results: dict[int, PageResult] = {}
    left: list[int] = []  # ruled pages PDFium leaves to pdfplumber
    frame_texts: dict = {}

    def visit(page: PdfiumPage):
        if wanted is not None and page.page_number not in wanted:
            return
        got = _pdfium_result(page, find)
        if got is None:
            left.append(page.page_number)
        else:
            results[page.page_number] = got
            for table in got[0]:  # the meter's text layer inside each frame, while the page is open
                x0, top, x1, bottom = table.bbox
                frame_texts[(page.page_number, tuple(table.bbox))] = page.bounded_text(x0, top, x1, bottom)

    pdf = _open(path, data)
    try:  # left open for what the load reads next (RawDocument.open_pdfs), closed here only on failure
        texts, ruled, problems, images, sparse = _scan(path, pdf, visit if spec.pages == "pdfium" else None)
        scans = scan_pages(path, ocr, texts, ruled, problems,
                           [p for p in images if wanted is None or p in wanted], pdf)
        if not any(t.strip() for _, t in texts):
            missing = any("OCR not installed" in p for p in problems)
            raise ReadError(path, "no text layer on any page (scanned document?)"
                            + ("; " + problems[-1].split(": ", 1)[1] if missing else ""))
        if spec.pages == "pdfplumber":
            left = [p for p in ruled if wanted is None or p in wanted]
        for pno in scans:  # OCR'd pages: their characters come from the image, whoever read the page before
            results.pop(pno, None)
            if pno in ruled and pno not in left and (wanted is None or pno in wanted):
                left.append(pno)
        if left:
            results.update(_plumber_results(data, sorted(left), find, scans))
        grids = _stitch(results)
        for grid in grids:
            grid.reader = backend
            merge_confidence(grid, scans)
        for pno in scans:  # an OCR'd page's frames are the image's: the meter reads them itself
            frame_texts = {k: v for k, v in frame_texts.items() if k[0] != pno}
        raw = RawDocument(source=str(path), grids=grids, text=texts, pages=len(texts),
                          reader=backend, problems=problems, frame_texts=frame_texts, sparse_pages=sparse)
    except BaseException:
        pdf.close()
        raise
    raw.open_pdfs[1] = pdf
    return raw
