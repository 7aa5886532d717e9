"""Character-level helpers shared by the PDF table code.

Kept apart from the geometry so the rules about what a character *is* (CJK,
digit, overprinted duplicate) live in one place.
"""
from __future__ import annotations

import re
from operator import itemgetter

by_x0 = itemgetter("x0")  # a sort key: left to right
_NUMBER = re.compile(r"^[-+]?[\d,]*\.?\d+%?$")
_SPACES = re.compile(r"\s+")


def is_cjk(ch: str) -> bool:
    """CJK ideographs and full-width punctuation: the characters of names, never of amounts."""
    o = ord(ch)
    return (0x3000 <= o <= 0x9FFF) or (0xF900 <= o <= 0xFAFF) or (0xFF00 <= o <= 0xFFEF) or ch in "“”‘’、"


def looks_numeric(text: str) -> bool:
    """An amount as printed ('1,833.30', '-5', '0.00', '12%'); '' is not numeric."""
    return bool(_NUMBER.match(text.replace(" ", "")))


def dedupe_chars(chars: list[dict]) -> list[dict]:
    """Drop overprinted copies (fake bold prints each glyph 5–7 times at the same spot).

    pdfplumber's own dedupe_chars costs ~0.09 s/page; a sort does the same here.
    """
    keyed = sorted(chars, key=lambda c: (c["text"], round(c["top"]), c["x0"]))
    out: list[dict] = []
    last = None
    for c in keyed:
        if (last is not None and c["text"] == last["text"] and abs(c["top"] - last["top"]) < 1
                and abs(c["x0"] - last["x0"]) < 1):
            continue
        out.append(c)
        last = c
    return out


def join_line(chars: list[dict]) -> str:
    """Text of one printed line: chars in x order, a space where the gap is wide."""
    if len(chars) == 1:
        return _SPACES.sub(" ", chars[0]["text"]).strip()
    parts: list[str] = []
    prev = None
    for c in sorted(chars, key=by_x0):
        if prev is not None and c["x0"] - prev["x1"] > 0.3 * c["size"] and c["text"] != " ":
            parts.append(" ")
        parts.append(c["text"])
        prev = c
    return _SPACES.sub(" ", "".join(parts)).strip()


def join_lines(lines: list[str]) -> str:
    """Lines of one cell: wrapped CJK joins without a separator, other text with a space."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and not (is_cjk(out[-1]) or is_cjk(line[0])):
            out += " "
        out += line
    return out


def group_lines(chars: list[dict], tol: float = 2.0) -> list[list[dict]]:
    """Chars grouped into printed lines by their vertical middle, top to bottom."""
    if len(chars) < 2:
        return [list(chars)] if chars else []
    lines: list[list[dict]] = []
    mids: list[float] = []
    middle = [(c["top"] + c["bottom"]) / 2 for c in chars]
    for k in sorted(range(len(chars)), key=middle.__getitem__):  # (each middle worked out once)
        c, mid = chars[k], middle[k]
        if lines and abs(mid - mids[-1]) <= tol:
            lines[-1].append(c)
        else:
            lines.append([c])
            mids.append(mid)
    return lines


def tidy_title(text: str) -> str:
    """Title as printed minus layout spaces next to CJK ('2022 年部门' -> '2022年部门', '目 录' -> '目录')."""
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])", "", text)
