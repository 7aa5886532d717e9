"""PDFium's per-character and per-path C calls, called without ctypes' argument checks.

pypdfium2 declares every function's argument types, so ctypes converts and checks each argument on each call:
~0.9 µs a call, and a ruled page makes some 5,000 of them (three per character, four per path segment). The same
C functions taken from the same loaded library without declared argument types cost ~0.4 µs. That is safe only
when every argument already has its C type, so this module's callers pass `Handle`s (PDFium pointers kept as
ctypes objects, never Python ints, which would be cut to a C int), Python ints for `int` parameters and
`ctypes.byref` of out-parameters; return types are declared as pypdfium2 declares them.
"""
from __future__ import annotations

import ctypes

from pypdfium2_raw import bindings

# the library pypdfium2 loaded (ctypesgen's table of it); `_LIB[name]` makes a new function object each time,
# so pypdfium2's own declared functions are left as they are
_LIB = bindings._libs["pdfium"]


class Handle(ctypes.c_void_p):
    """A PDFium pointer, returned and passed on as a ctypes object (a c_void_p subclass is not made an int)."""


def handle(pointer) -> Handle:
    """pypdfium2's typed pointer (page.raw, textpage.raw, a page object) as a Handle."""
    return Handle(ctypes.cast(pointer, ctypes.c_void_p).value)


def _fn(name: str, restype=ctypes.c_int):
    f = _LIB[name]
    f.restype = restype
    return f


# characters
count_chars = _fn("FPDFText_CountChars")
get_unicode = _fn("FPDFText_GetUnicode", ctypes.c_uint)
loose_char_box = _fn("FPDFText_GetLooseCharBox")  # (textpage, i, byref(FS_RECTF)) -> bool
text_object = _fn("FPDFText_GetTextObject", ctypes.c_void_p)  # -> the object's address (an int), or None
char_matrix = _fn("FPDFText_GetMatrix")  # (textpage, i, byref(FS_MATRIX)) -> bool
font_size = _fn("FPDFText_GetFontSize", ctypes.c_double)
unicode_map_error = _fn("FPDFText_HasUnicodeMapError")
char_origin = _fn("FPDFText_GetCharOrigin")  # (textpage, i, byref(double), byref(double)) -> bool
count_rects = _fn("FPDFText_CountRects")  # (textpage, start, count)
get_rect = _fn("FPDFText_GetRect")  # (textpage, k, byref(double) × 4: left, top, right, bottom) -> bool

# page objects and paths
count_objects = _fn("FPDFPage_CountObjects")
get_object = _fn("FPDFPage_GetObject", Handle)
form_count_objects = _fn("FPDFFormObj_CountObjects")
form_get_object = _fn("FPDFFormObj_GetObject", Handle)
object_type = _fn("FPDFPageObj_GetType")
object_matrix = _fn("FPDFPageObj_GetMatrix")  # (object, byref(FS_MATRIX)) -> bool
draw_mode = _fn("FPDFPath_GetDrawMode")  # (path, byref(int) fill mode, byref(int) stroke) -> bool
count_segments = _fn("FPDFPath_CountSegments")
get_segment = _fn("FPDFPath_GetPathSegment", Handle)
segment_type = _fn("FPDFPathSegment_GetType")
segment_point = _fn("FPDFPathSegment_GetPoint")  # (segment, byref(float) x, byref(float) y) -> bool
segment_close = _fn("FPDFPathSegment_GetClose")


def char_text(textpage, text: str | None = None) -> str:
    """The page's text as PDFium's character indices address it (text[i] is character i), from one call
    (`text`: the page's get_text_range() when the caller has it). get_text_range gives U+FFFE for a soft hyphen
    (U+0002): that character is asked for itself; a character outside the Basic Multilingual Plane puts the
    indices off, and then every character is asked for."""
    h = handle(textpage.raw)
    count = count_chars(h)
    text = textpage.get_text_range() if text is None else text
    if len(text) != count:
        return "".join(chr(get_unicode(h, i)) for i in range(count))
    if "\ufffe" in text:
        text = "".join(chr(get_unicode(h, i)) if ch == "\ufffe" else ch for i, ch in enumerate(text))
    return text
