"""The running text of a disclosure, cleaned and cut into paragraphs, before any claim is read.

PDF text layers and text dumps differ in everything but the words: full-width digits and brackets, stray spaces
between characters and inside numbers, lines wrapped mid-sentence, page numbers, a 目录 at the start and the
tables at the end. This module reduces both to a list of paragraphs of one normal form, each knowing the page
of every line, so that `narrative.py` only has to deal with sentences.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# A heading or list marker at the start of a (normalised) line: 第一部分, 一、, (一), (1), 1、, 1., 1)
MARKER = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|\([一二三四五六七八九十]+\)"
    r"|\(\d{1,2}\)|\d{1,2}[、.)](?!\d))"
)
PART = re.compile(r"^第[一二三四五六七八九十]+部分")
TABLE_NUMBER = re.compile(r"^表\d+$")
TABLE_TITLE = re.compile(r"^(表\d+)?[^，。；]{0,60}表(\(.{0,20}\))?$")
INLINE_HEADING = re.compile(r"(?<=[。；])(?=第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、)")
PAGE_NUMBER = re.compile(r"^[-—–]*\s*(第\s*)?\d{1,3}\s*(页)?\s*[-—–]*$")
PAGE_NUMBER_PREFIX = re.compile(r"^[-—–]+\s*\d{1,3}\s*[-—–]+\s*")
NUMBER_UNIT = re.compile(r"\d(?:\.\d+)?(?:亿元|万元|万|元|%)")
SENTENCE_END = "。；！？"
_PUNCT = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})


def normalize_line(s: str) -> str:
    """One line in normal form: NFKC (ASCII digits and brackets), no spaces except between Latin letters,
    no thousands separators, and the Chinese full-width forms of ，；：！？ (so reasons read as printed)."""
    s = unicodedata.normalize("NFKC", s).replace("\u00a0", " ").strip()
    s = re.sub(r"^[-*•·]\s+(?=\S)", "", s)  # markdown bullets of text dumps
    s = re.sub(r"(?<![A-Za-z])\s+|\s+(?![A-Za-z])", "", s)
    s = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", s)
    return s.translate(_PUNCT)


def _width(s: str) -> float:
    """Printed width of a raw line: CJK and full-width characters count 1, the rest 1/2."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in s.strip())


def is_heading(s: str) -> bool:
    """A normalised paragraph that names a section rather than states something.

    Marked headings (第二部分…, 四、…, (三)…, 2、…, (1)…) without an amount, at most a final 。 and no ；;
    unmarked ones are short, unpunctuated and end with a word headings end with (说明, 情况, 概况 …)."""
    if NUMBER_UNIT.search(s) or "；" in s or "。" in s.rstrip(")”")[:-1]:
        return False
    if MARKER.match(s):
        return len(s) <= 80
    return len(s) <= 30 and not re.search("[，。：]", s) and bool(
        re.search("(说明|情况|概况|职能|设置|解释|任务|构成)$", s))


@dataclass
class Paragraph:
    """Normalised text of one paragraph and the page each of its lines starts on (offset, page)."""

    text: str
    starts: list[tuple[int, int | None]]

    def page_at(self, offset: int) -> int | None:
        page = self.starts[0][1]
        for start, p in self.starts:
            if start > offset:
                break
            page = p
        return page


def _is_table_line(raw: str, line: str) -> bool:
    if "\t" in raw or re.match(r"^(金额)?单位[:：]", line):
        return True
    numbers = re.findall(r"(?<![\d.])-?\d+(?:\.\d+)?(?![\d.])", raw.replace(",", ""))
    return len(numbers) >= 3 and not re.search("[，。；,;]|万元", raw)


def _is_table_page(lines: list[tuple[str, str]]) -> bool:
    """A PDF page that is a table: a table title among its first lines, or mostly rows of numbers."""
    if not lines:
        return False
    if any(TABLE_TITLE.match(n) or TABLE_NUMBER.match(n) for _, n in lines[:3]):
        return True
    # performance-target tables: cell labels printed vertically (年/度/绩/效) and rows of 指标
    if sum(len(n) <= 2 for _, n in lines) >= 4 or sum("指标" in n for _, n in lines) >= 4:
        return True
    return sum(_is_table_line(r, n) for r, n in lines) >= max(2, len(lines) / 2)


def _skip_contents(lines: list[tuple]) -> list[tuple]:
    """Drop the 目录: from its title to the body, which starts where the first entry is repeated or,
    failing that, at the first line that reads like running text."""
    head = [i for i, line in enumerate(lines[:80]) if line[2] == "目录"]
    if not head:
        return lines
    start = head[0]
    entries = [re.sub(r"[.…·]{2,}.*$", "", line[2]) for line in lines[start + 1:]]
    first = entries[0] if entries else ""
    for j, entry in enumerate(entries[1:], start=1):
        running = "，" in entry or "。" in entry[:-1] or (len(entry) > 45 and entry == lines[start + 1 + j][2])
        if (first and entry == first) or running:
            return lines[:start] + lines[start + 1 + j:]
    return lines[:start]


def _page_lines(text: str) -> list[tuple[str, str]]:
    """(raw, normalised) lines of one page without page numbers; a heading that the text layer glued to the
    end of the previous sentence (`…支出计划。第四部分 公开报表`) gets a line of its own."""
    out: list[tuple[str, str]] = []
    for raw in (text or "").splitlines():
        raw = PAGE_NUMBER_PREFIX.sub("", raw.strip()) if not out else raw.strip()
        line = normalize_line(raw)
        if not line or PAGE_NUMBER.match(line):
            continue
        pieces = INLINE_HEADING.split(line)
        out += [(raw, line)] if len(pieces) == 1 else [(p, p) for p in pieces if p]
    return out


def narrative_lines(pages) -> list[tuple[int | None, str, str]]:
    """(page, raw line, normalised line) of the narrative part only.

    Page numbers, table rows and table pages are dropped; a part heading that announces tables
    (第四部分 公开报表, 第二部分 …预算表) or a bare table number (表1) starts a table section, which a later
    part heading without 表 (Jiangsu prints its 说明 after the tables) ends."""
    kept = []
    for page, text in pages:
        lines = _page_lines(text)
        table_page = page is not None and _is_table_page(lines)
        kept += [(page, r, n, table_page) for r, n in lines]
    out, in_tables = [], False
    for page, raw, line, table_page in _skip_contents(kept):
        if PART.match(line):
            in_tables = "表" in line
        elif TABLE_NUMBER.match(line):
            in_tables = True
        if not (in_tables or table_page or _is_table_line(raw, line)):
            out.append((page, raw, line))
    return out


def _breaks(prev_raw: str, prev: str, nxt: str, full: float | None) -> bool:
    """Whether a paragraph ends between two lines (`full` is the width of a full PDF line, None for dumps)."""
    if prev.rstrip(")”")[-1:] in tuple(SENTENCE_END) or MARKER.match(nxt) or PART.match(nxt):
        return True
    if is_heading(prev):
        return not (full and _width(prev_raw) >= 0.85 * full and len(nxt) <= 12 and not re.search("[，。；：]", nxt))
    if full is not None:
        return _width(prev_raw) < 0.85 * full and prev[-1] not in "，、(“："
    return len(prev) <= 30 and not re.search("[，。；：]", prev)


def paragraphs(pages) -> list[Paragraph]:
    """Join the narrative lines into paragraphs: a line break inside a sentence disappears."""
    lines = narrative_lines(pages)
    widths = sorted(_width(r) for p, r, _ in lines if p is not None)
    full = widths[int(0.9 * (len(widths) - 1))] if widths else None
    out: list[Paragraph] = []
    for i, (page, raw, line) in enumerate(lines):
        if i and not _breaks(lines[i - 1][1], lines[i - 1][2], line, full if page is not None else None):
            para = out[-1]
            para.starts.append((len(para.text), page))
            para.text += line
        else:
            out.append(Paragraph(line, [(0, page)]))
    return out


def normalize_text(s: str) -> str:
    """A text in normal form (see `normalize_line`), line breaks kept only between paragraphs."""
    return "\n".join(p.text for p in paragraphs([(None, s)]))


def budget_year(text) -> int | None:
    """The budget year from the document title (`2024年单位预算公开说明` → 2024); `text` is a string or the
    (page, text) list. The first year followed closely by 预算 in the opening text; None if there is none."""
    if not isinstance(text, str):
        text = "\n".join(t or "" for _, t in text)
    head = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text[:4000]))
    m = re.search(r"(20\d{2})年度?[^。，]{0,40}?预算", head) or re.search(r"(20\d{2})年", head)
    return int(m.group(1)) if m else None
