"""Optional camelot backend: camelot's lattice tables in place of pdfplumber's cells.

Only the per-page cell extraction differs; triage, captions and stitching are pdf.py's.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from ..errors import ReadError
from .pdf_cells import PageTable

_ASCENT, _DESCENT = 880, -120  # font units; the PDF default metrics


@contextmanager
def _default_metrics():
    """Treat a font declaring Ascent and Descent 0 as 880/-120 while camelot runs.

    LibreOffice and reportlab fonts declare 0 (and often no FontBBox either), so
    playa, camelot's parser, puts the glyph box a descent too low and camelot files
    ~30% of cells one row down.
    """
    from playa.font import Font

    original = Font.__init__

    def init(font, *args, **kwargs):
        original(font, *args, **kwargs)
        if font.ascent == 0 and font.descent == 0:
            font.ascent, font.descent = _ASCENT, _DESCENT

    Font.__init__ = init
    try:
        yield
    finally:
        Font.__init__ = original


def _page_table(table, height: float) -> PageTable:
    """A camelot table (PDF coordinates, y up) as a PageTable (y down from the page top)."""
    x0, y0, x1, y1 = table._bbox
    rows = [[str(v) for v in row] for row in table.df.values.tolist()]
    return PageTable((x0, height - y1, x1, height - y0), rows,
                     [height - top for top, _ in table.rows], list(table.cols))


def camelot_tables(path: Path):
    """A page_tables-like function for pdf._grids: camelot lattice tables, top to bottom."""
    try:
        import camelot
    except ImportError as exc:
        raise ReadError(path, "backend 'camelot' needs the extra: pip install 'budget-analysis[camelot]'") from exc

    def tables(page, chars) -> list[PageTable]:
        with _default_metrics():
            found = camelot.read_pdf(str(path), pages=str(page.page_number), flavor="lattice", split_text=True)
        out = [_page_table(t, float(page.height)) for t in found]
        out = [t for t in out if sum(1 for row in t.rows for v in row if v) >= 2]  # frames, empty boxes
        return sorted(out, key=lambda t: (t.bbox[1], t.bbox[0]))
    return tables
