"""One PDF page as pdfplumber's table code sees it, taken straight from PDFium.

pdfplumber spends ~0.6 s a page in pdfminer's content-stream interpreter before it can
find a table; PDFium has already parsed the page. This module builds the same two
inputs the cell placement needs, with pdfplumber's top-left origin:

* `chars`: dicts with text, x0, x1, top, bottom, size. PDFium's loose char box spans
  the glyph's advance horizontally and the font's descent upwards, which is pdfminer's
  box; pdfminer's box is then `size` tall above that bottom.
* `edges`: the ruling edges pdfplumber derives from pdfminer's lines, rects and
  curves, with pdfminer's rules (a sub-path per moveto; `ml`/`mlh` a line; a closed,
  axis-aligned four-point path a rect; anything else a curve whose consecutive
  points, Bézier end points only, give edges).

A page with a rotation, or whose boxes do not start at the origin, is left to
pdfplumber (`usable`), so coordinates never silently disagree.
"""
from __future__ import annotations

import ctypes

import pypdfium2.raw as c

from . import pdfium_calls as pc
from .pdf_tablefinder import find_tables

_MOVE, _BEZIER = c.FPDF_SEGMENT_MOVETO, c.FPDF_SEGMENT_BEZIERTO
_PATH, _FORM = c.FPDF_PAGEOBJ_PATH, c.FPDF_PAGEOBJ_FORM


class PdfiumPage:
    """pdfplumber.Page's `chars`, `edges`, `find_tables`, `height`, `page_number` from an open pdfium page."""

    def __init__(self, page, textpage, page_number: int, text: str | None = None):
        """`text`: the text page's get_text_range(), when the caller has read it already."""
        self._page, self._textpage, self._text = page, textpage, text
        self.page_number = page_number
        x0, y0, x1, y1 = page.get_mediabox()
        self.width, self.height = x1 - x0, y1 - y0
        self.bbox = (0, 0, self.width, self.height)
        self.usable = page.get_rotation() == 0 and tuple(page.get_cropbox()) == (x0, y0, x1, y1)
        self._chars: list[dict] | None = None
        self._edges: list[dict] | None = None
        self._paths: list[tuple] | None = None
        self._found: tuple[dict, list] | None = None

    def bounded_text(self, x0: float, top: float, x1: float, bottom: float) -> str:
        """The text layer inside a box given in pdfplumber's top-left coordinates."""
        return self._textpage.get_text_bounded(left=x0, bottom=self.height - bottom, right=x1,
                                               top=self.height - top)

    # -- ruling lines -----------------------------------------------------------------------------------
    @property
    def paths(self) -> list[tuple]:
        """The page's path objects with their matrices to page space, forms opened (科学技术局 2022 wraps every
        page in a form)."""
        if self._paths is None:
            self._paths = []
            self._walk(pc.handle(self._page.raw), pc.count_objects, pc.get_object, None)
        return self._paths

    def _walk(self, container, count, get, outer) -> None:
        m = c.FS_MATRIX()
        m_ref = ctypes.byref(m)
        get_type, get_matrix = pc.object_type, pc.object_matrix
        for j in range(count(container)):
            obj = get(container, j)
            kind = get_type(obj)
            if kind == _PATH:
                get_matrix(obj, m_ref)
                self._paths.append((obj, _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer)))
            elif kind == _FORM:
                get_matrix(obj, m_ref)
                self._walk(obj, pc.form_count_objects, pc.form_get_object,
                           _compose((m.a, m.b, m.c, m.d, m.e, m.f), outer))

    @property
    def edges(self) -> list[dict]:
        if self._edges is None:
            self._edges = []
            for obj, mat in self.paths:
                for shape, pts in _subpaths(obj, mat, self.height):
                    self._edges.extend(_shape_edges(shape, pts))
        return self._edges

    # -- characters -------------------------------------------------------------------------------------
    @property
    def chars(self) -> list[dict]:
        if self._chars is None:
            self._chars = self._read_chars()
        return self._chars

    def _read_chars(self) -> list[dict]:
        """Non-blank characters; stops and marks the page unusable at the first whose box pdfminer would differ on.

        Three C calls per character, not seven, and without ctypes' argument checks (pdfium_calls): the text
        comes in one call (PDFium's own spaces and line breaks, the only characters it generates, are blank and
        skipped), and the matrix and font size, which belong to the character's text object, are asked once per
        object (no character of the 3.1 million on the corpus's and wide set's 5,358 pages differs from its
        object's first).
        """
        tp = pc.handle(self._textpage.raw)
        loose_box, text_object, map_error = pc.loose_char_box, pc.text_object, pc.unicode_map_error
        h = self.height
        box, m = c.FS_RECTF(), c.FS_MATRIX()
        box_ref = ctypes.byref(box)
        objects: dict[int, tuple[float, bool]] = {}
        out = []
        for i, ch in enumerate(pc.char_text(self._textpage, self._text)):
            if ch.isspace():
                continue
            if not loose_box(tp, i, box_ref):
                continue
            key = text_object(tp, i)
            known = objects.get(key) if key else None
            if known is None:
                pc.char_matrix(tp, i, ctypes.byref(m))
                known = (pc.font_size(tp, i) * m.d, bool(m.b or m.c))  # pdfminer's size: the em after the matrix
                if key:
                    objects[key] = known
            size, skewed = known
            if skewed or map_error(tp, i) == 1:
                # rotated or skewed text, or a glyph without a Unicode mapping (pdfminer's (cid:N), which the reader
                # reports as such): pdfminer's character would not be this one
                self.usable = False
                return out
            left, right, top, bottom = box.left, box.right, box.top, box.bottom
            if top - bottom > 1.5 * size + 0.5:
                # the font's box out of proportion to its em (重庆 2026: the digits' font descends 11 pt, so pdfminer
                # sets `301 … 5,293.75` half a row below its name and across the ruling): the box is set from the
                # glyph's baseline as a body font's is, a fifth of the em below it
                ox, oy = ctypes.c_double(), ctypes.c_double()
                if size <= 0 or not pc.char_origin(tp, i, ctypes.byref(ox), ctypes.byref(oy)):
                    self.usable = False
                    return out
                bottom = ctypes.c_float(oy.value - 0.24 * size).value  # a float32, as the box holds it
            bottom = h - bottom
            out.append({"text": ch, "x0": left, "x1": right, "top": bottom - size, "bottom": bottom,
                        "size": size, "upright": True})
        return out

    # -- tables -----------------------------------------------------------------------------------------
    def find_tables(self, settings=None):
        """pdfplumber's table finder over these edges (remembered: triage and placement ask alike)."""
        if self._found is not None and self._found[0] == settings:
            return self._found[1]
        tables = find_tables(self, settings)
        self._found = (settings, tables)
        return tables

    def close(self) -> None:
        """Nothing to free: the pdfium page belongs to the reader's loop."""


def _subpaths(obj, mat, height: float) -> list[tuple[str, list[tuple[float, float]]]]:
    """A path object as pdfminer's sub-paths: operators ('m', 'l', 'c', 'h') and points in top-left page space.

    pdfium keeps every Bézier control point (pdfminer only the end point) and closes a sub-path with a line onto
    its start flagged `close` (pdfminer: h, a redundant line before it dropped).
    """
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    pc.draw_mode(obj, ctypes.byref(fill), ctypes.byref(stroke))
    if not fill.value and not stroke.value:
        return []  # pdfminer paints nothing for `n`
    get_seg, get_type, get_point, get_close = pc.get_segment, pc.segment_type, pc.segment_point, pc.segment_close
    a, b, cc, d, e, f = mat
    x, y = ctypes.c_float(), ctypes.c_float()
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    out: list[tuple[str, list[tuple[float, float]]]] = []
    ops: list[str] = []
    pts: list[tuple[float, float]] = []
    pending = 0  # Bézier points still to come; only the end point counts
    for k in range(pc.count_segments(obj)):
        seg = get_seg(obj, k)
        kind = get_type(seg)
        if kind == _BEZIER:
            if pending == 0:
                pending = 3
            pending -= 1
            if pending:
                continue
        get_point(seg, x_ref, y_ref)
        px, py = x.value, y.value
        pt = (a * px + cc * py + e, height - (b * px + d * py + f))
        if kind == _MOVE:
            if ops:
                out.append(("".join(ops), pts))
            ops, pts = ["m"], [pt]
            continue
        if not ops:
            continue  # a path that does not begin with m is invalid; pdfminer skips it
        ops.append("c" if kind == _BEZIER else "l")
        pts.append(pt)
        if get_close(seg):
            if pt == pts[0] and ops[-1] == "l":
                ops[-1] = "h"
            else:
                ops.append("h")
                pts.append(pts[0])
    if ops:
        out.append(("".join(ops), pts))
    return out


def _compose(inner, outer):
    """inner then outer (PDF matrices as (a, b, c, d, e, f))."""
    if outer is None:
        return inner
    a, b, cc, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, cc * A + d * C, cc * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _edge(kind: str, x0, top, x1, bottom, orientation) -> dict:
    return {"object_type": kind, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
            "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _shape_edges(shape: str, pts: list[tuple[float, float]]) -> list[dict]:
    """pdfminer's line / rect / curve for one sub-path, as pdfplumber's edges (top-left origin)."""
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:  # pdfminer drops a redundant l before h
        shape = shape[:-2] + "h"
        pts = pts[:-2] + pts[-1:]
    if shape in ("ml", "mlh"):
        (xa, ya), (xb, yb) = pts[0], pts[1]
        top, bottom = min(ya, yb), max(ya, yb)
        return [_edge("line", min(xa, xb), top, max(xa, xb), bottom, "h" if top == bottom else "v")]
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        if pts[0] == pts[4] and square:
            left, right = min(x0, x2), max(x0, x2)
            top, bottom = min(y0, y2), max(y0, y2)
            return [_edge("rect_edge", left, top, right, top, "h"), _edge("rect_edge", left, bottom, right, bottom, "h"),
                    _edge("rect_edge", left, top, left, bottom, "v"), _edge("rect_edge", right, top, right, bottom, "v")]
    out = []
    for (xa, ya), (xb, yb) in zip(pts, pts[1:]):
        out.append(_edge("curve_edge", min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb),
                         "v" if xa == xb else ("h" if ya == yb else None)))
    return out
