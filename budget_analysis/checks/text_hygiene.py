"""Typing slips in the running text, which a proof-reader marks but which change no figure.

check_ids (all info):
- ``doubled_punctuation``: the same mark twice (`。。`, `，，`) or two sentence marks in a row (`，。`).
- ``unbalanced_brackets``: a bracket or quote closed without being opened, or opened and not closed before
  the next one of its kind (quotes and 《》 do not nest) or within 300 characters. The narrative is read as one
  stream, because the PDF text cuts paragraphs in the middle of brackets.
- ``repeated_word``: two to six characters written twice in a row (`公用经费公用经费`, `万元万元`).
"""
from __future__ import annotations

import re

from .registry import finding
from . import register
from ._text import has_text, narrative

DOUBLED = re.compile(r"([，。；：、！？])\1|[，；：、][。；]|。[，；、]")
# two to six Chinese characters twice in a row (one doubled character is often a word: 常常, 人人)
REPEATED = re.compile(r"([\u4e00-\u9fff]{2,6})\1")
OVERLAPS = ("纪委监委监",)  # a word followed by a word that starts with its tail, not a repetition
PAIRS = [("(", ")", True), ("“", "”", False), ("《", "》", False), ("【", "】", False)]
SPAN = 300


def _snippet(text: str, start: int, end: int) -> str:
    return text[max(0, start - 12):end + 12]


def _unbalanced(stream: str, left: str, right: str, nests: bool) -> list[tuple[int, str]]:
    """(offset, what) of every bracket of one kind without its partner."""
    out, stack = [], []
    for m in re.finditer(re.escape(left) + "|" + re.escape(right), stream):
        if m.group() == left:
            if stack and (not nests or m.start() - stack[-1] > SPAN):
                out.append((stack.pop(), f"“{left}”未闭合"))
            stack.append(m.start())
        elif stack:
            start = stack.pop()
            if m.start() - start > SPAN:
                out.append((start, f"“{left}”未闭合"))
                out.append((m.start(), f"“{right}”缺少对应的“{left}”"))
        else:
            out.append((m.start(), f"“{right}”缺少对应的“{left}”"))
    return out + [(s, f"`{left}` not closed") for s in stack]


@register
def text_hygiene(doc) -> list[dict]:
    if not has_text(doc):
        return []
    out: list[dict] = []
    paras = narrative(doc)
    for page, text in paras:
        for m in DOUBLED.finditer(text):
            out.append(finding("doubled_punctuation", "info", f"标点重复“{m.group()}”："
                               f"“{_snippet(text, m.start(), m.end())}”", page=page))
        for m in REPEATED.finditer(text):
            if not any(o in _snippet(text, m.start(), m.end()) for o in OVERLAPS):
                out.append(finding("repeated_word", "info", f"“{m.group(1)}”重复书写："
                                   f"“{_snippet(text, m.start(), m.end())}”", page=page))
    stream, starts = "", []
    for page, text in paras:
        starts.append((len(stream), page))
        stream += text
    for left, right, nests in PAIRS:
        for offset, what in _unbalanced(stream, left, right, nests):
            page = max((s for s in starts if s[0] <= offset), default=(0, None))[1]
            out.append(finding("unbalanced_brackets", "info", f"{what}：“{_snippet(stream, offset, offset + 1)}”",
                               page=page))
    return out
