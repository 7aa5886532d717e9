"""Image-only pages read by OCR, in the same shape as a text page: characters and ruling lines in PDF points.

The page is rendered with pypdfium2, its ruling lines found on the binarised image (long dark runs, merged
across the rows or columns of one stroke), the rulings erased so they do not disturb recognition, and each OCR
text box split into characters spread over the box. The text reader's own placement (`pdf_cells.page_tables`)
then puts those characters into the cells the rulings make, so a scanned table and a printed one go through
one path. Every character keeps its box's confidence; `OcrPage.confidence` maps each box's text to the lowest
confidence it was read with on the page.
"""
from __future__ import annotations

import math
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field, replace

import numpy as np

from .ocr import misreading
from .pdf_chars import group_lines, is_cjk, join_line

DPI = 200
_DARK = 140           # grey level below which a pixel is ink
_MIN_RUN_IN = 0.45    # a long ruling (inches): a bold 22 pt title glyph has strokes of ~0.3 in
_SHORT_RUN_IN = 0.07  # … or this long when both its ends meet a long ruling across it (one row's cell border)
_NUMERIC = set("0123456789,.-+%")


@dataclass
class OcrPage:
    """What OCR read on one page: characters and rulings in points, the page text, box confidences."""

    page: int
    chars: list[dict]
    edges: list[dict]
    text: str
    confidence: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    angle: float = 0.0  # degrees the image was turned to lie flat
    dpi: int = DPI      # the resolution it was read at
    line_px: float = 0.0  # median height of its text lines in pixels (ink of a CJK line ≈ one em)


MAX_DPI = 400
LEGIBLE_PX = 6  # lines of ink less high (pixels) are misread too often to trust: 2 pt type at 200 dpi is 3 px, 4 pt 9


def native_dpi(pdf, index: int, least: int = DPI) -> int:
    """The resolution of the scan on the page (its largest image's pixels per inch, at least `least`, at most
    MAX_DPI): a 300 dpi scan rendered at 200 dpi loses the strokes that tell small digits apart."""
    import pypdfium2.raw as pdfium_c
    page = pdf[index]
    try:
        best = 0.0
        for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=1):
            x0, _, x1, _ = obj.get_bounds()
            if x1 - x0 > 1:
                best = max(best, obj.get_px_size()[0] / ((x1 - x0) / 72.0))
    finally:
        page.close()
    return int(min(max(round(best), least), MAX_DPI))


def render(pdf, index: int, dpi: int = DPI) -> np.ndarray:
    """Page `index` (0-based) of an open pypdfium2 document as an H×W uint8 grey image."""
    page = pdf[index]
    try:
        img = page.render(scale=dpi / 72, grayscale=True).to_numpy()
    finally:
        page.close()
    return img[..., 0] if img.ndim == 3 else img


def skew(grey: np.ndarray, most: float = 2.0, step: float = 0.1) -> float:
    """The angle (degrees) that makes the page's rows of ink sharpest: rulings and text lines then lie flat.

    Searched on a quarter-size binarised copy: the variance of the row sums peaks when lines are horizontal.
    """
    from PIL import Image
    small = Image.fromarray(((grey[::4, ::4] < _DARK) * 255).astype(np.uint8))
    scores = {}
    for a in np.arange(-most, most + step / 2, step):
        rows = np.asarray(small.rotate(float(a), resample=Image.NEAREST, fillcolor=0), dtype=np.float32).sum(axis=1)
        scores[round(float(a), 2)] = float(np.var(rows))
    best = max(scores.values())
    return min((a for a, v in scores.items() if v >= best * (1 - 1e-3)), key=abs)  # near-ties: least turn


def deskew(grey: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned flat (a scan fed slightly askew), and the angle it was turned by."""
    from PIL import Image
    angle = skew(grey)
    if abs(angle) < 0.05:
        return grey, 0.0
    turned = Image.fromarray(grey).rotate(angle, resample=Image.BICUBIC, fillcolor=255)
    return np.asarray(turned), angle


def _runs(mask: np.ndarray, min_len: int) -> np.ndarray:
    """(row, start, end) of every run of True at least `min_len` long, row by row."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    d = np.diff(padded, axis=1)
    starts, ends = np.argwhere(d == 1), np.argwhere(d == -1)
    keep = ends[:, 1] - starts[:, 1] >= min_len
    return np.column_stack([starts[keep, 0], starts[keep, 1], ends[keep, 1]])


def _strokes(mask: np.ndarray, min_len: int) -> list[tuple[float, int, int, int, int]]:
    """Long runs merged over neighbouring rows into strokes: (middle row, first row, last row, start, end)."""
    open_: list[list[int]] = []  # [first row, last row, start, end, row sum, count]
    done = []
    for r, s, e in _runs(mask, min_len):
        for g in open_:
            if r - g[1] <= 1 and s < g[3] and e > g[2]:
                g[1], g[2], g[3], g[4], g[5] = r, min(g[2], s), max(g[3], e), g[4] + r, g[5] + 1
                break
        else:
            open_.append([r, r, s, e, r, 1])
        still = []
        for g in open_:
            (still if r - g[1] <= 1 else done).append(g)
        open_ = still
    return [(g[4] / g[5], g[0], g[1], g[2], g[3]) for g in done + open_]


def _close_gaps(mask: np.ndarray, axis: int) -> np.ndarray:
    """Fill one- or two-pixel breaks along `axis` (scan noise in a ruling)."""
    out = mask.copy()
    for k in (1, 2):
        a = np.roll(mask, k, axis=axis)
        b = np.roll(mask, -k, axis=axis)
        out |= a & b
    return out


def _bounded(strokes, across, min_len: int, reach: int = 4):
    """Strokes that meet the rulings across them: a long one anywhere along it (a table's lines always cross
    or end on another), a short one at both its ends. A bold 一 or an underline meets none."""
    def meets(pos: float, lo: float, hi: float) -> bool:
        return any(lo - reach <= mid <= hi + reach and s - reach <= pos <= e + reach
                   for mid, a, b, s, e in across)
    return [st for st in strokes
            if (st[4] - st[3] >= min_len and meets(st[0], st[3], st[4]))
            or (meets(st[0], st[3], st[3]) and meets(st[0], st[4], st[4]))]


def rulings(grey: np.ndarray, dpi: int = DPI) -> tuple[list[dict], np.ndarray]:
    """Ruling lines of a page image as pdfplumber edges (points), and the image with them erased.

    A short stroke counts only between two long rulings: the border of a single header row is shorter than a
    long CJK stroke, but text never touches the rulings above and below it.
    """
    ink = grey < _DARK
    min_len, short = int(_MIN_RUN_IN * dpi), int(_SHORT_RUN_IN * dpi)
    pt = 72.0 / dpi
    clean = grey.copy()
    edges: list[dict] = []
    hs = [st for st in _strokes(_close_gaps(ink, 1), short)]
    long_h = [st for st in hs if st[4] - st[3] >= min_len]
    vs = _strokes(_close_gaps(ink, 0).T, short)
    long_v = [st for st in vs if st[4] - st[3] >= min_len]
    for mid, r0, r1, s, e in _bounded(hs, long_v, min_len):
        y = mid * pt
        edges.append({"object_type": "line_edge", "orientation": "h", "x0": s * pt, "x1": e * pt,
                      "top": y, "bottom": y, "width": (e - s) * pt, "height": 0.0})
        clean[max(r0 - 1, 0):r1 + 2, s:e] = 255
    for mid, c0, c1, s, e in _bounded(vs, long_h, min_len):
        x = mid * pt
        edges.append({"object_type": "line_edge", "orientation": "v", "x0": x, "x1": x,
                      "top": s * pt, "bottom": e * pt, "width": 0.0, "height": (e - s) * pt})
        clean[s:e, max(c0 - 1, 0):c1 + 2] = 255
    return edges, clean


def tighten(boxes, grey: np.ndarray):
    """Each box shrunk to the ink inside it. The detector pads its boxes, so a number set flush against a
    ruling gets a box across it, and its last digit would be placed in the next cell."""
    out = []
    for b in boxes:
        x0, x1 = max(int(b.x0), 0), min(int(math.ceil(b.x1)), grey.shape[1])
        y0, y1 = max(int(b.top), 0), min(int(math.ceil(b.bottom)), grey.shape[0])
        ink = grey[y0:y1, x0:x1] < _DARK
        cols, rows = np.flatnonzero(ink.any(axis=0)), np.flatnonzero(ink.any(axis=1))
        if len(cols) and len(rows):
            b = replace(b, x0=x0 + cols[0], top=y0 + rows[0], x1=x0 + cols[-1] + 1, bottom=y0 + rows[-1] + 1)
        out.append(b)
    return out


_MARKS = {"，": ",", "．": ".", "。": ".", ":": ".", "：": "."}  # between digits; no amount holds a colon


def _ascii_digits(text: str) -> str:
    """Full-width digits, and full-width commas or points between digits, as ASCII (one for one)."""
    out = [unicodedata.normalize("NFKC", c) if "０" <= c <= "９" else c for c in text]
    for i in range(1, len(out) - 1):
        if out[i] in _MARKS and out[i - 1].isdigit() and out[i + 1].isdigit():
            out[i] = _MARKS[out[i]]
    return "".join(out)


_DECIMAL_COMMA = re.compile(r",(\d{1,2})$")


def _tidy(text: str) -> str:
    """A box's text with ASCII digits; a box of digits without the recogniser's spaces ('1,985, 851.68'), and a
    decimal point read as a comma put back: a thousands comma is followed by three digits, so '4480,00' can only
    be 4480.00 (it would parse as 448000)."""
    text = _ascii_digits(text.strip())
    squeezed = text.replace(" ", "")
    if squeezed and set(squeezed) <= _NUMERIC and any(c.isdigit() for c in squeezed):
        return squeezed if "." in squeezed else _DECIMAL_COMMA.sub(r".\1", squeezed)
    return text


def _aligned(b, text: str):
    """The recogniser's own character positions, when they match the text. Its boxes are narrower than the
    glyphs, and a gap would read as a space, so neighbours at the usual spacing are made to abut; a wider step
    (a box run on across an erased ruling: '31,722,917.00' + '1、人员经费') keeps each side at its own place."""
    chars = [c for c in b.chars if not c[0].isspace()]
    if not chars or _ascii_digits("".join(c[0] for c in chars)) != text.replace(" ", ""):
        return None
    mids = [(x0 + x1) / 2 for _, x0, x1, _ in chars]
    wide = [is_cjk(c[0]) for c in chars]
    steps = [c - a for a, c in zip(mids, mids[1:])]
    if any(step <= 0 for step in steps):
        return None  # characters stacked in one box (会 over 议 of a narrow header): their order is the text's
    usual = {}
    for kind in (True, False):
        same = sorted(s for s, a, c in zip(steps, wide, wide[1:]) if a == c == kind)
        usual[kind] = same[len(same) // 2] if same else None
    em = b.bottom - b.top  # the tightened box: about one em of ink
    usual[True] = min(usual[True] or 1.1 * em, 1.3 * em)   # 款 | 项 in two cells: one box, far apart
    usual[False] = min(usual[False] or 0.6 * em, 1.0 * em)   # digits: em here is their own height
    half = [usual[w] / 2 for w in wide]
    number = set(text) <= _NUMERIC  # one amount is one word: its digits abut whatever their steps
    left, right = [mids[0] - half[0]], []
    for i, step in enumerate(steps):
        near = number or step <= 1.6 * (half[i] + half[i + 1])
        cut = (mids[i] + mids[i + 1]) / 2
        right.append(cut if near else mids[i] + half[i])
        left.append(cut if near else mids[i + 1] - half[i + 1])
    right.append(mids[-1] + half[-1])
    # the recogniser's positions run a few pixels off the ink ('-' of '-300.00' left of the box): they are
    # stretched onto the tightened box, which keeps their order (clamping the ends would put the '-' after '3')
    lo, hi = left[0], right[-1]
    scale = (b.x1 - b.x0) / (hi - lo) if hi > lo else 1.0
    fit = [(b.x0 + (x0 - lo) * scale, b.x0 + (x1 - lo) * scale) for x0, x1 in zip(left, right)]
    return [(t, x0, x1, c[3]) for t, (x0, x1), c in zip(text.replace(" ", ""), fit, chars)]


def _spread(b, text: str):
    """Characters spread over the box by width class (CJK a full em, marks narrow, others half)."""
    weights = [1.0 if is_cjk(c) else 0.3 if c in ",.:;" else 0.55 for c in text]
    x, unit = b.x0, (b.x1 - b.x0) / sum(weights)
    out = []
    for c, w in zip(text, weights):
        if not c.isspace():
            out.append((c, x, x + w * unit, b.confidence))
        x += w * unit
    return out


def _walls(edges: list[dict] | None, dpi: int) -> list[tuple[float, float, float]]:
    """The vertical rulings as (x, top, bottom) in image pixels."""
    px = dpi / 72.0
    return [(e["x0"] * px, e["top"] * px, e["bottom"] * px) for e in edges or () if e["orientation"] == "v"]


def _crossed(b, walls) -> list[float]:
    """The vertical rulings that run through a box (not merely touch its ends), left to right."""
    mid = (b.top + b.bottom) / 2
    return sorted(x for x, top, bottom in walls if top <= mid <= bottom and b.x0 + 2 < x < b.x1 - 2)


def _after_overlap(boxes) -> dict[int, float]:
    """Where a box must start so as not to re-read the ink of the box before it on its line: the detector's boxes
    can overlap (江苏高院 2017 p17: '185.72' and '2228.00 1,701.25' share the 2, which then showed in both
    cells as '185.722')."""
    out: dict[int, float] = {}
    for a in boxes:
        for b in boxes:
            if a.x0 < b.x0 < a.x1 < b.x1:
                high = min(a.bottom, b.bottom) - max(a.top, b.top)
                if high > 0.5 * min(a.bottom - a.top, b.bottom - b.top):
                    out[id(b)] = max(out.get(id(b), b.x0), a.x1 + 1)
    return out


def _speck_text(text: str) -> bool:
    """Nothing read, or only dots and commas: what a speck of noise reads as (a lone dash is a printed nil)."""
    return set(text.strip()) <= set(".,:;·'`、")


def split_at_rulings(boxes, grey: np.ndarray, walls):
    """A box that runs through a vertical ruling read again as one box per cell. The rulings are erased before
    recognition, so the detector joins neighbouring cells' texts into one line ('143:76472.89248.84' over three
    cells of 交通局 p78, '114.5282.00' whose last 2 then fell in the next cell); each cell's part is cropped and
    read by the recogniser alone, as is a box that overlaps the one before it, from where that one ends. A box
    whose every part does not read back keeps its first reading, but for a speck: a part narrower than half an
    em that reads as nothing or a lone dot is noise run on past the ruling (a scanner's dot after '4,601,373.47'
    put a '.' into the next cell, whose amount then no longer parsed: audit p26 askew)."""
    from .ocr import recognise_crops
    parts, owners = [], []
    starts = _after_overlap(boxes)
    for b in boxes:
        cuts, start = _crossed(b, walls), starts.get(id(b), b.x0)
        if not cuts and start == b.x0:
            continue
        cuts = [x for x in cuts if x > start + 2]
        for lo, hi in zip([start] + [x + 2 for x in cuts], [x - 2 for x in cuts] + [b.x1]):
            if hi - lo >= 2:
                parts.append(replace(b, x0=float(lo), x1=float(hi), chars=()))
                owners.append(id(b))
    if not parts:
        return boxes
    parts = tighten(parts, grey)
    inked = [(grey[int(p.top):int(math.ceil(p.bottom)), int(p.x0):int(math.ceil(p.x1))] < _DARK).any() for p in parts]
    parts = [p for p, ink in zip(parts, inked) if ink]   # a part left of an overlap's end may hold no ink
    owners = [o for o, ink in zip(owners, inked) if ink]
    crops = [grey[int(max(p.top - 4, 0)):int(p.bottom) + 4, int(max(p.x0 - 3, 0)):int(p.x1) + 3] for p in parts]
    read = recognise_crops(crops)
    by_owner: dict[int, list] = {}
    for owner, p, (text, conf) in zip(owners, parts, read):
        by_owner.setdefault(owner, []).append(replace(p, text=text, confidence=min(p.confidence, conf)))
    out = []
    for b in boxes:
        got = by_owner.get(id(b))
        read = [p for p in got or () if not _speck_text(p.text)]
        specks = all(p.x1 - p.x0 < 0.5 * (b.bottom - b.top) for p in got or () if _speck_text(p.text))
        if read and specks:
            out += read
        else:
            out.append(b)
    return out


def _apart_at_rulings(b, placed, walls: list[tuple[float, float, float]]):
    """Characters on both sides of a vertical ruling moved a third of an em off it. The rulings are erased
    before recognition, so the recogniser reads two cells' texts as one box ('公务用公务用' over 购置费 |
    运行费); made to abut, the placement would keep them as one run of text in one cell."""
    em = b.bottom - b.top
    cross = _crossed(b, walls)
    if not cross or len(placed) < 2:
        return placed
    out = [list(p) for p in placed]
    for a, c in zip(out, out[1:]):
        for x in cross:
            if (a[1] + a[2]) / 2 < x < (c[1] + c[2]) / 2:
                a[2] = max(a[1], min(a[2], x - em / 3))
                c[1] = min(c[2], max(c[1], x + em / 3))
    return [tuple(p) for p in out]


def box_chars(boxes, dpi: int = DPI, edges: list[dict] | None = None) -> list[dict]:
    """Each box's characters in points, with their confidence: where the recogniser placed them, else spread
    over the box, kept apart at the vertical rulings in `edges` (points). The font size is the box height (the
    ink of a CJK line is about one em)."""
    pt = 72.0 / dpi
    walls = _walls(edges, dpi)
    chars = []
    for b in boxes:
        text = _tidy(b.text)
        if not text:
            continue
        top, bottom = b.top * pt, b.bottom * pt
        for c, x0, x1, conf in _apart_at_rulings(b, _aligned(b, text) or _spread(b, text), walls):
            chars.append(dict(text=c, x0=x0 * pt, x1=max(x1, x0 + 1) * pt, top=top, bottom=bottom,
                              size=bottom - top, confidence=conf))
    return chars


def page_text(chars: list[dict]) -> str:
    """The page's printed lines, top to bottom, as the text route gives them."""
    return "\n".join(join_line(line) for line in group_lines(chars))


_NUMERALS = set("一二三四五六七八九十")


def _faint_dash_left(b, grey: np.ndarray, page: dict) -> bool:
    """A number with a faint short stroke just left of its box, at mid height: a minus sign the detector left
    out (a thin '-' rendered grey: '-300.00' found as '300.00')."""
    if not set(_tidy(b.text)) <= _NUMERIC or b.text.startswith("-"):
        return False
    em = b.bottom - b.top
    y0, y1 = int(b.top + 0.25 * em), int(math.ceil(b.bottom - 0.25 * em))
    wall = max((x for x, top, bottom in page["walls"] if top <= b.top and b.bottom <= bottom
                and x < b.x0), default=-1.0)  # not across the cell's left ruling into its neighbour's digits
    x0, x1 = int(max(b.x0 - em, wall + 3, 0)), int(b.x0) - 1
    if x1 - x0 < 3 or y1 <= y0:
        return False
    strip = grey[y0:y1, x0:x1] < 225
    run = strip[:, :-2] & strip[:, 1:-1] & strip[:, 2:]  # three grey pixels side by side
    return bool(run.any())


def _cut_numeral(b, grey, page) -> bool:
    """A box that begins with the enumeration mark: the detector left out a thin leading 一 ('、财政拨款')."""
    return b.text.startswith("、")


def _gapped_number(b, grey, page) -> bool:
    """A number whose characters leave a gap of two steps or more: the recogniser dropped a digit between them
    ('15000.00' over the ink of 150000.00, a gap after its second 0)."""
    chars = [c for c in b.chars if not c[0].isspace()]
    if len(chars) < 4 or not set(_tidy(b.text)) <= _NUMERIC:
        return False
    mids = [(x0 + x1) / 2 for _, x0, x1, _ in chars]
    steps = sorted(c - a for a, c in zip(mids, mids[1:]))
    return steps[-1] >= 1.8 * steps[len(steps) // 2]


def _dotless_number(b, grey, page: dict) -> bool:
    """A number of three digits or more without its decimal point on a page whose numbers have one ('4480.00'
    read as '448000'): the point is a dot of a few pixels, the first thing lost."""
    text = _tidy(b.text)
    return page["dotted"] and len(text) >= 3 and text.isdigit()


def _odd_decimals(b, grey, page: dict) -> bool:
    """A number with more digits after its point than every other number of the page ('185.722' on a page of
    two-decimal 万元): the recogniser read one stroke twice."""
    text = _tidy(b.text)
    return page["decimals"] is not None and "." in text and set(text) <= _NUMERIC \
        and len(text.rsplit(".", 1)[1]) > page["decimals"]


def _digit_dropped(old: str, new: str) -> bool:
    return set(_tidy(new)) <= _NUMERIC and misreading(_tidy(old), _tidy(new)) == "多识一位数字"


def _point_added(old: str, new: str) -> bool:
    old, new = _tidy(old), _tidy(new)
    return "." in new and new.replace(".", "", 1) == old


def _numerals_added(old: str, new: str) -> bool:
    head = new[:len(new) - len(old)]
    return new.endswith(old) and bool(head) and set(head) <= _NUMERALS


def _minus_added(old: str, new: str) -> bool:
    return _tidy(new) == "-" + _tidy(old)


def _digit_added(old: str, new: str) -> bool:
    return set(_tidy(new)) <= _NUMERIC and misreading(_tidy(old), _tidy(new)) == "漏识一位数字"


# (which boxes, the crops to read them from as (em of room on the left, pixels of margin), the only change of
# text taken); a faint minus is read from three crops, as the recogniser sees it in some and not in others
SECOND_READINGS = [(_cut_numeral, [(1.5, 4)], _numerals_added), (_gapped_number, [(0.0, 4)], _digit_added),
                   (_faint_dash_left, [(0.7, 2), (1.0, 4), (1.5, 2)], _minus_added),
                   (_dotless_number, [(0.0, 4)], _point_added), (_odd_decimals, [(0.0, 4)], _digit_dropped)]


def read_again(boxes, grey: np.ndarray, walls=()):
    """Boxes of the shapes OCR is known to get wrong read a second time, by the recogniser alone on the box's
    crop (with room on the left where the detector cut a stroke off). The second reading is taken only when it
    differs from the first in the one way that shape explains, with the lower of the two confidences; any other
    disagreement keeps the first reading, for the table's identities to judge."""
    from .ocr import recognise_crops
    numbers = [t for t in (_tidy(b.text) for b in boxes) if t and set(t) <= _NUMERIC and any(c.isdigit() for c in t)]
    places = [len(t.rsplit(".", 1)[1]) for t in numbers if "." in t]
    usual = max(set(places), key=places.count) if places else None
    page = dict(dotted=len(numbers) >= 10 and len(places) >= 0.9 * len(numbers), walls=walls,
                decimals=usual if len(places) >= 10 and places.count(usual) >= 0.9 * len(places) else None)
    tries = []  # (box, the box widened to the crop, test of the reading)
    crops = []
    for b in boxes:
        for wanted, ways, takes in SECOND_READINGS:
            if not wanted(b, grey, page):
                continue
            em = b.bottom - b.top
            for left, margin in ways:
                x0, y0 = int(max(b.x0 - left * em - 4, 0)), int(max(b.top - margin, 0))
                crops.append(grey[y0:int(b.bottom) + margin, x0:int(b.x1) + 4])
                tries.append((b, replace(b, x0=float(x0)) if left else b, takes))
    if not tries:
        return boxes
    fixed = {}
    for (b, w, takes), (text, conf) in zip(tries, recognise_crops(crops)):
        if id(b) not in fixed and takes(b.text, text):
            fixed[id(b)] = replace(w, text=text, confidence=min(b.confidence, conf), chars=())
    return tighten([fixed.get(id(b), b) for b in boxes], grey) if fixed else boxes


def read_page(pdf, index: int, dpi: int = DPI) -> OcrPage:
    """OCR one page (0-based `index` of an open pypdfium2 document)."""
    from .ocr import recognise
    start = time.perf_counter()
    dpi = native_dpi(pdf, index, dpi)
    flat, angle = deskew(render(pdf, index, dpi))
    edges, clean = rulings(flat, dpi)
    walls = _walls(edges, dpi)
    boxes = read_again(split_at_rulings(tighten(recognise(clean), clean), clean, walls), clean, walls)
    chars = box_chars(boxes, dpi, edges)
    conf: dict[str, float] = {}
    for b in boxes:
        key = _tidy(b.text).replace(" ", "")
        low = min((c[3] for c in b.chars), default=b.confidence)
        conf[key] = min(conf.get(key, 1.0), low)
    heights = sorted(b.bottom - b.top for b in boxes)
    return OcrPage(index + 1, chars, edges, page_text(chars), conf, time.perf_counter() - start, angle, dpi,
                   float(heights[len(heights) // 2]) if heights else 0.0)


def read_pages(path, pages: list[int], dpi: int = DPI, pdf=None) -> dict[int, OcrPage]:
    """OCR the given 1-based pages of a PDF, with a progress bar (pages/s, ETA) on stderr for long runs
    (`pdf`: the PDFium document when the reader has it open; else the file is opened here)."""
    import pypdfium2 as pdfium
    from tqdm import tqdm
    out: dict[int, OcrPage] = {}
    mine = pdf is None
    pdf = pdfium.PdfDocument(str(path)) if mine else pdf
    try:
        with tqdm(total=len(pages), unit="page", desc=f"OCR {getattr(path, 'name', path)}", file=sys.stderr,
                  disable=None if len(pages) > 1 else True, leave=False) as bar:
            for pno in pages:
                out[pno] = read_page(pdf, pno - 1, dpi)
                bar.update(1)
    finally:
        if mine:
            pdf.close()
    return out


class RuledImage:
    """A pdfplumber page seen through the rulings found on its image, for `pdf_cells.page_tables`."""

    def __init__(self, page, edges: list[dict]):
        self._page = page
        self.edges = edges

    def find_tables(self, settings: dict):
        v = [e for e in self.edges if e["orientation"] == "v"]
        h = [e for e in self.edges if e["orientation"] == "h"] + list(settings.get("explicit_horizontal_lines", []))
        if len(v) < 2 or len(h) < 2:
            return []
        return self._page.find_tables({"vertical_strategy": "explicit", "horizontal_strategy": "explicit",
                                       "explicit_vertical_lines": v, "explicit_horizontal_lines": h})


def scan_pages(path, mode: str, texts: list, ruled: list[int], problems: list[str],
               images: list[int], pdf=None) -> dict[int, OcrPage]:
    """The triage's hook: OCR the pages `mode` asks for (auto: the pages without a text layer, when the extra is
    installed; always: every page; never: none), put their text in `texts`, their ruled pages in `ruled`, and say
    in `problems` what was read and what could not be."""
    from .ocr import INSTALL_HINT, available
    pages = list(range(1, len(texts) + 1)) if mode == "always" else images if mode == "auto" else []
    if not pages:
        return {}
    if not available():
        if mode == "always":
            from ..errors import ReadError
            raise ReadError(path, f"OCR asked for (--ocr always) but not installed ({INSTALL_HINT})")
        problems.append(f"{len(pages)} image page(s) not read: OCR not installed ({INSTALL_HINT})")
        return {}
    scans = read_pages(path, pages, pdf=pdf)
    for pno, scan in scans.items():
        if not scan.text.strip():
            problems.append(f"p{pno}: OCR found no text on the page image")
            continue
        texts[pno - 1] = (pno, scan.text)
        low = min((c["confidence"] for c in scan.chars), default=1.0)
        turned = f", turned {scan.angle:+.1f}°" if scan.angle else ""
        problems.append(f"p{pno}: read by OCR at {scan.dpi} dpi ({len(scan.chars)} characters, lowest confidence "
                        f"{low:.2f}{turned})")
        if scan.line_px < LEGIBLE_PX:
            problems.append(f"p{pno}: text lines only {scan.line_px:.0f} px high at {scan.dpi} dpi (OCR needs "
                            f"{LEGIBLE_PX}+): type this small is often misread, check the page's amounts by eye")
        orient = {e["orientation"] for e in scan.edges}
        if orient == {"h", "v"} and pno not in ruled:
            ruled.append(pno)
    ruled.sort()
    return {p: s for p, s in scans.items() if s.text.strip()}


def merge_confidence(grid, scans: dict[int, OcrPage]) -> None:
    """Mark a grid read (partly) from OCR pages: reader 'ocr' and the box confidences of its pages."""
    pages = {p for p in grid.row_pages if p in scans}
    if not pages:
        return
    conf: dict[str, float] = {}
    for p in pages:
        for k, v in scans[p].confidence.items():
            conf[k] = min(conf.get(k, 1.0), v)
    grid.reader = "ocr"
    grid.ocr_confidence = conf
    grid.notes.append(f"read by OCR (pages {', '.join(map(str, sorted(pages)))})")
