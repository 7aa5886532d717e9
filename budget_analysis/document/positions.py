"""Where on the page each figure is printed: boxes for lines, indicators, claims and findings.

A reviewer acts on a finding when they see it on the page. The PDF reader keeps the printed box of every
table cell (Grid.boxes); here a line finds its amount cell in its grid row, an indicator its name and target
cells, a claim its amount in the page's characters (pypdfium2), and a finding the boxes of both sides of what
it compares. Boxes are (x0, top, x1, bottom) in PDF points from the page's top-left corner, as pdfplumber
gives them; unknown (text dumps, workbooks, a figure not found) is NaN, never a guess.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict

import numpy as np
import pandas as pd

from ..normalise.cells import clean, parse_amount
from ..text import remembered
from ..readers.grid import Grid

BOX = ("x0", "top", "x1", "bottom")
_NUMBER = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?")
_TO_WAN = {"亿元": 10000.0, "亿": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}


def _box_dict(box) -> dict:
    return dict(zip(BOX, (round(v, 2) for v in box))) if box else {}


def _row_cells(grids: list[Grid], rec: dict):
    """(texts, boxes) of the grid row a record was read from, or None when the reader kept no boxes."""
    g, r = rec.get("grid"), rec.get("row")
    if g is None or r is None or not (0 <= g < len(grids)):
        return None
    grid = grids[g]
    if not grid.boxes or not (1 <= r <= len(grid.boxes)):
        return None
    return grid.rows[r - 1], grid.boxes[r - 1]


def place_lines(lines: list[dict], grids: list[Grid]) -> None:
    """Give each line the box of its amount cell: the cell of its row printing its amount.

    A row printing the same amount in several columns (合计 = 基本支出 when 项目支出 is 0) gives its n-th line
    with that amount the n-th such cell: the normalisers emit a row's measures in column order.
    """
    seen: dict[tuple, int] = defaultdict(int)
    parsed: dict[tuple, list] = {}  # (grid, row) -> [(value, box)]: a row of n measures is parsed once, not n times
    for rec in lines:
        cells = _row_cells(grids, rec)
        if cells is None or rec.get("amount_yuan") is None:
            continue
        factor = 10000.0 if rec.get("unit_printed") == "万元" else 1.0
        target = rec["amount_yuan"] / factor
        at = (rec["grid"], rec["row"])
        if at not in parsed:
            parsed[at] = [(v, b) for text, b in zip(*cells) if b and clean(text)
                          and (v := parse_amount(text)[0]) is not None]
        hits = [b for v, b in parsed[at] if abs(v - target) < 0.005]
        key = (rec["grid"], rec["row"], round(target, 2))
        n = seen[key]
        seen[key] += 1
        if hits:
            rec.update(_box_dict(hits[min(n, len(hits) - 1)]))




def place_indicators(indicators: list[dict], grids: list[Grid]) -> None:
    """Give each indicator the box around its name and target cells."""
    for rec in indicators:
        cells = _row_cells(grids, rec)
        if cells is None:
            continue
        want = {clean(rec.get("indicator", "")), clean(rec.get("target_raw", ""))} - {""}
        boxes = [b for text, b in zip(*cells) if b and clean(text) in want]
        if boxes:
            rec.update(_box_dict((min(b[0] for b in boxes), min(b[1] for b in boxes),
                                  max(b[2] for b in boxes), max(b[3] for b in boxes))))


class PageChars:
    """A PDF's page texts with each character's box (pypdfium2), squashed as the claims are."""

    def __init__(self, path: str, parts: list[dict] | None = None, opened: dict | None = None):
        """`parts`: a document split over files (RawDocument.parts: source, first_page), pages numbered on;
        `opened`: the documents the reader left open (RawDocument.open_pdfs), used instead of opening the file."""
        import pypdfium2 as pdfium

        parts = parts or [dict(source=path, first_page=1)]
        opened = opened or {}
        self._files, self._mine = [], []
        for p in parts:
            first = int(p["first_page"])
            if first in opened:
                self._files.append((first, opened[first]))
            elif str(p["source"]).lower().endswith(".pdf"):
                self._files.append((first, pdfium.PdfDocument(p["source"])))
                self._mine.append(self._files[-1][1])
        self._pages: dict[int, tuple[str, list]] = {}
        self._open: list = []  # (textpage, page) of pages read, closed with the documents

    def close(self) -> None:
        """Close the pages read and the documents opened here (not those the reader left open)."""
        for tp, page in self._open:
            tp.close()
            page.close()
        for pdf in self._mine:
            pdf.close()

    def _locate(self, pno: int):
        """(the file's document, its own 1-based page) of a document page; (None, 0) where no PDF holds it."""
        for first, pdf in reversed(self._files):
            if pno >= first:
                return pdf, pno - first + 1
        return None, 0

    def page(self, pno: int) -> tuple[str, "_Boxes | list"]:
        """(text without spaces, box per character) of a 1-based page; ('', []) past the end. The boxes are asked
        of PDFium only for the characters a claim points at (a claim page holds some 1,500 characters, a claim's
        figure a dozen)."""
        if pno in self._pages:
            return self._pages[pno]
        from ..readers.pdfium_calls import char_text

        pdf, local = self._locate(pno)
        if pdf is None or not 1 <= local <= len(pdf):
            self._pages[pno] = ("", [])
            return self._pages[pno]
        page = pdf[local - 1]
        tp = page.get_textpage()
        self._open.append((tp, page))
        boxes = _Boxes(tp, page.get_height())
        text, index = [], []
        last = None
        for i, u in enumerate(char_text(tp)):
            ch = _nfkc(u)
            if len(ch) != 1 or ch.isspace():
                continue
            if last is not None and last[0] == ch:
                box, before = boxes.box(i), boxes.box(last[1])
                if abs(before[0] - box[0]) < 1 and abs(before[1] - box[1]) < 1:
                    continue  # fake bold: the same glyph overprinted
            text.append(ch)
            index.append(i)
            last = (ch, i)
        boxes.index = index
        self._pages[pno] = ("".join(text), boxes)
        return self._pages[pno]


@remembered(1 << 14)
def _nfkc(ch: str) -> str:
    return unicodedata.normalize("NFKC", ch)


class _Boxes:
    """The boxes of a page's kept characters (top-left origin) by slice, each asked of PDFium when first wanted."""

    def __init__(self, textpage, height: float):
        self._tp, self._height = textpage, height
        self.index: list[int] = []  # PDFium's character index of each kept character
        self._known: dict[int, tuple] = {}

    def box(self, i: int) -> tuple[float, float, float, float]:
        """The box of PDFium's character i."""
        if i not in self._known:
            left, bottom, right, top = self._tp.get_charbox(i)
            self._known[i] = (left, self._height - top, right, self._height - bottom)
        return self._known[i]

    def __getitem__(self, span: slice) -> list[tuple[float, float, float, float]]:
        return [self.box(i) for i in self.index[span]]


def _figure_span(sentence: str, subject: str, wan: float) -> tuple[int, int] | None:
    """Where in the squashed sentence its figure `wan` (万元) is printed: the first match after the subject."""
    start = max(sentence.find(clean(subject).split("/")[-1]), 0) if subject else 0
    spans = []
    for m in _NUMBER.finditer(sentence):
        unit = next((u for u in _TO_WAN if sentence.startswith(u, m.end())), None)
        value = parse_amount(m.group())[0]
        if unit and value is not None and abs(value * _TO_WAN[unit] - abs(wan)) < 0.005:
            spans.append((m.start(), m.end()))
    after = [s for s in spans if s[0] >= start]
    return (after or spans or [None])[0]


def claim_box(chars: PageChars, page: int, sentence: str, subject: str, wan: float):
    """The box of a claim's figure on its page, or None when the sentence is not found there."""
    text, boxes = chars.page(page)
    s = clean(sentence)
    span = _figure_span(s, subject, wan)
    if span is None or not text:
        return None
    number = s[span[0]:span[1]]
    at = text.find(s)
    if at >= 0:
        i = at + span[0]
    else:  # the sentence runs over a page break or reads differently: its figure with the words before it
        lead = s[max(0, span[0] - 8):span[1]]
        k = text.find(lead)
        if k < 0 and text.count(number) == 1:
            lead, k = number, text.find(number)
        if k < 0:
            return None
        i = k + len(lead) - len(number)
    picked = boxes[i:i + len(number)]
    return (min(b[0] for b in picked), min(b[1] for b in picked), max(b[2] for b in picked),
            max(b[3] for b in picked)) if picked else None


def place_claims(claims: pd.DataFrame, source: str, parts: list[dict] | None = None,
                 opened: dict | None = None) -> pd.DataFrame:
    """The claims with the box of each one's figure (amount, else change) on its page; PDFs only (`parts`: the
    files of a document split over files; `opened`: their documents as the reader left them open)."""
    claims = claims.copy()
    for c in BOX:
        claims[c] = float("nan")
    pdfs = [p["source"] for p in parts] if parts else [source]
    if not any(str(f).lower().endswith(".pdf") for f in pdfs) or claims.empty:
        return claims
    chars = PageChars(str(source), parts, opened)
    found = {c: [float("nan")] * len(claims) for c in BOX}
    try:
        rows = zip(claims["page"], claims["amount_wan"], claims["change_wan"], claims["sentence"], claims["subject"])
        for k, (page, amount, change, sentence, subject) in enumerate(rows):
            wan = amount if pd.notna(amount) else change
            if pd.isna(page) or pd.isna(wan):
                continue
            box = claim_box(chars, int(page), sentence, subject, float(wan))
            if box:
                for c, v in _box_dict(box).items():
                    found[c][k] = v
    finally:
        chars.close()
    for c in BOX:
        claims[c] = found[c]
    return claims


def _box_of(row, role: str) -> dict | None:
    if any(pd.isna(row[c]) for c in BOX) or pd.isna(row["page"]):
        return None
    return dict(page=int(row["page"]), **{c: float(row[c]) for c in BOX}, role=role)


def _same(a: float, b: float, scale: float) -> bool:
    return not (math.isnan(a) or math.isnan(b)) and abs(a - b * scale) <= 0.01 * scale


def _one_place(rows: list[dict]) -> list[dict]:
    """The rows when they are one printed place (one page, one line of print), else none: a figure matched
    in several places is ambiguous and pointing at one of them would be a guess."""
    pages = {r["page"] for r in rows if r["page"] is not None}
    tops = {float(np.rint(r["top"])) for r in rows if r["top"] == r["top"]}
    return rows if rows and len(pages) == 1 and len(tops) <= 1 else []


def _records(frame: pd.DataFrame, columns) -> list[dict]:
    """`frame`'s rows as records of `columns` (a missing value is None, NaN stays NaN)."""
    cols = [[None if v is pd.NA else v for v in frame[c].tolist()] for c in columns]
    return [dict(zip(columns, vals)) for vals in zip(*cols)]


_LINE = ["table_kind", "code", "amount_yuan", "page", *BOX]
_CLAIM = ["page", "amount_wan", "change_wan", "subject", "sentence", "code", *BOX]


def _boxed(lines: pd.DataFrame) -> dict:
    """The lines that carry a box as records, all of them (key None) and by table kind: split once per document
    (a finding then filters a few hundred records instead of masking the frame)."""
    cand = _records(lines[lines["x0"].notna()], _LINE)
    out: dict = {None: cand}
    for r in cand:
        if r["table_kind"] is not None:
            out.setdefault(r["table_kind"], []).append(r)
    return out


def _claims_by_page(claims: pd.DataFrame) -> dict:
    """The claims that carry a box as records, by page."""
    out: dict = {}
    if len(claims):
        for r in _records(claims[claims["x0"].notna()], _CLAIM):
            out.setdefault(r["page"], []).append(r)
    return out


def finding_boxes(f, lines: pd.DataFrame, claims: pd.DataFrame, boxed: dict | None = None,
                  said_on: dict | None = None) -> list[dict]:
    """Both sides of what a finding compares: the table cell (role 'table') and the sentence's figure ('text').

    A side is found by the non-zero figures the finding names (expected/actual, in 元 or 万元), narrowed by its
    table kind, code and page (the finding's page first); a finding naming no figure points at its code's line
    on its page, or at the sentence it quotes. A figure found in several places gives no box. Empty when unknown.
    `boxed` and `said_on` are `_boxed(lines)` and `_claims_by_page(claims)` when the caller has them.
    """
    page = f["page"]
    page = None if pd.isna(page) else page
    values = [float(v) for v in (f["expected"], f["actual"]) if pd.notna(v) and abs(float(v)) >= 0.005]
    message = f["message"] or ""
    out: list[dict] = []
    cand = (boxed if boxed is not None else _boxed(lines)).get(f["table_kind"] or None, [])
    if f["code"]:
        cand = [r for r in cand if r["code"] == f["code"]]
    if values:
        for v in values:
            # `_same` at both scales (元 and 万元)
            hit = [r for r in cand if abs(r["amount_yuan"] - v) <= 0.01 or abs(r["amount_yuan"] - v * 10000.0)
                   <= 0.01 * 10000.0]
            here = [r for r in hit if r["page"] == page] if page is not None else []
            out += [b for r in _one_place(here or hit) if (b := _box_of(r, "table"))]
    elif f["code"] and page is not None:
        out += [b for r in _one_place([r for r in cand if r["page"] == page]) if (b := _box_of(r, "table"))]
    if page is not None and len(claims):
        said = (said_on if said_on is not None else _claims_by_page(claims)).get(page, [])
        if values:
            said = [r for r in said if any(_same(w * 10000, v, s) for v in values for s in (1.0, 10000.0)
                                           for w in (r["amount_wan"], r["change_wan"]) if pd.notna(w))]
            named = [r for r in said if r["subject"] and r["subject"].split("/")[-1] in message]
            said = _one_place(named or said)
        else:  # the claim of its code, or the first figure of the sentence it quotes
            by_code = [r for r in said if r["code"] == f["code"]] if f["code"] else []
            said = (by_code or [r for r in said if r["sentence"] and r["sentence"][:30] in message])[:1]
        out += [b for r in said if (b := _box_of(r, "text"))]
    unique = []
    for b in out:
        if b not in unique:
            unique.append(b)
    return unique


def place_findings(findings: pd.DataFrame, lines: pd.DataFrame, claims: pd.DataFrame) -> pd.DataFrame:
    """The findings with their `boxes` (JSON list of {page, x0, top, x1, bottom, role})."""
    findings = findings.copy()
    boxed, said_on = _boxed(lines), _claims_by_page(claims)
    findings["boxes"] = [json.dumps(finding_boxes(f, lines, claims, boxed, said_on), ensure_ascii=False)
                         for f in findings.to_dict("records")]
    findings["boxes"] = findings["boxes"].astype("string")
    return findings


def boxes(finding) -> list[dict]:
    """The boxes of one finding row (its `boxes` JSON), [] when none are known."""
    raw = finding.get("boxes") if hasattr(finding, "get") else None
    if raw is None or (not isinstance(raw, str) and pd.isna(raw)) or not raw:
        return []
    return json.loads(raw)
