"""Reasons for stated changes: a reviewer asks for one whenever an amount changed.

check_ids:
- ``reason_empty`` (error): a reason clause with nothing in it (`主要原因是。`, `原因为：；`).
- ``reason_missing`` (info): a change (not 0) with no reason in its sentence, the three before (a list of
  causes after `原因是：`) or the four after (`财政拨款收入支出增加的主要原因是…` closing a paragraph). A clause after the
  change without the keyword (`较上年增加1000万元，本年度…补贴增加`) counts as a reason. Info, because PDF text
  in two columns cuts lists of causes into pieces that look like bare changes. Needs the raw text.
"""
from __future__ import annotations

import re

from .registry import finding
from . import register
from ._text import has_text, narrative, sentences

EMPTY = re.compile(r"(主要)?原因(是|为|如下)[：:]?(?=[。；]|$)|原因[：:](?=[。；]|$)")
CAUSE = re.compile(r"原因|主要是|用于|由于|因为|因|系|为了|导致|致使")
CHANGE = re.compile(r"(增加|增长|减少|下降|上升|降低)了?(\d+(\.\d+)?)(万元|元|%)")
FILLER = re.compile(r"\d+(\.\d+)?(万元|元|%)|较上年|比上年|其中|增幅|降幅|[，、：()]")


def _states_change(s: str) -> bool:
    return any(float(m.group(2)) != 0 for m in CHANGE.finditer(s))


def _clause_after(s: str) -> bool:
    """Words after the last change of the sentence: an unmarked reason."""
    last = list(CHANGE.finditer(s))[-1]
    return bool(re.search(r"[\u4e00-\u9fff]{4,}", FILLER.sub("", s[last.end():])))


@register
def reasons(doc) -> list[dict]:
    if not has_text(doc):
        return []
    out: list[dict] = []
    stream = [(page, s) for page, text in narrative(doc) for s in sentences(text)]
    for i, (page, s) in enumerate(stream):
        if EMPTY.search(s):
            out.append(finding("reason_empty", "error", f"原因说明为空：“{s}”", page=page))
        if not _states_change(s) or CAUSE.search(s) or _clause_after(s):
            continue
        window = [t for _, t in stream[max(0, i - 3):i] + stream[i + 1:i + 5]]
        if not any(CAUSE.search(t) for t in window):
            out.append(finding("reason_missing", "info", f"变动未说明原因：“{s}”", page=page))
    return out
