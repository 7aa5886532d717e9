"""Raw grids: what every reader yields and every normaliser consumes.

A reader knows the file format and nothing about budgets; it hands over each table
as printed (title, header rows included, cells as strings) and the running text with
page numbers. Everything after that is format-independent.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Grid:
    """One printed table, possibly stitched from several pages."""

    title: str                      # title line as printed (fake-bold duplicates removed)
    rows: list[list[str]]           # every row as printed, headers included; '' for blank cells
    page: int | None = None         # 1-based page of the first row (None for text dumps)
    row_pages: list[int | None] = field(default_factory=list)  # page of each row
    number: str | None = None       # printed label above the title, e.g. '表5'
    unit_printed: str = "元"        # from '金额单位：元' / '单位：万元'
    reader: str = ""                # 'text', 'pdfplumber', 'camelot', 'excel'
    position: str = ""              # where in the source: 'line 412', 'p5 bbox(...)', 'sheet 表5'
    unit_code: str = ""             # set when a 汇总 document prints one table per unit
    notes: list[str] = field(default_factory=list)  # reader remarks (e.g. 'truncated')
    # printed text box of each cell (x0, top, x1, bottom in PDF points, top-left origin; None blank), parallel
    # to rows and on row_pages; empty when the reader knows no positions (text dumps, workbooks)
    boxes: list[list[tuple[float, float, float, float] | None]] = field(default_factory=list)
    ocr_confidence: dict[str, float] | None = None  # read by OCR: each box's text → its lowest confidence
    # where unit_printed was found (normalise/units.py: caption, frame, header, column, document …); '' with
    # unit_printed '' when it could not be found; 'given' when the caller built the grid with a unit
    unit_source: str = "given"
    frames: list[tuple[int, tuple[float, float, float, float]]] = field(default_factory=list)  # (page, bbox) per part

    def __post_init__(self) -> None:
        if not self.row_pages:
            self.row_pages = [self.page] * len(self.rows)


@dataclass
class RawDocument:
    """What a reader returns: the grids plus the running text, page by page."""

    source: str
    grids: list[Grid]
    text: list[tuple[int | None, str]]  # (page, text) in reading order; page None for text dumps
    pages: int | None = None
    reader: str = ""
    problems: list[str] = field(default_factory=list)  # pages without text layer, etc.
    # what the PDF reader saw while each page was open, so the accuracy meter need not open the file again:
    # the text layer inside each table's frame, (page, bbox) -> text (pypdfium2's bounded text, not the cells),
    # and (page, share of the page under images, characters of text) of pages with little text (None: not read)
    frame_texts: dict = field(default_factory=dict)
    sparse_pages: list | None = None
    # the PDFium documents the reader read, by the document page each file starts on, left open so that placing
    # the claims and the meter read the same open file instead of opening it again; close() when the load is done
    open_pdfs: dict = field(default_factory=dict, repr=False, compare=False)

    def close(self) -> None:
        """Close the PDF documents the reader left open (what was read stays)."""
        for pdf in self.open_pdfs.values():
            pdf.close()
        self.open_pdfs.clear()
