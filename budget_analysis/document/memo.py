"""Figures derived from a document's lines, computed once per document and shared by every check that asks.

A cache on the document object, keyed by name and by the very `lines` frame it was computed from: replace
`doc.lines` and the next request recomputes, so a check never reads a figure of other lines.
"""
from __future__ import annotations

from typing import Callable

import pandas as pd


def per_document(doc, key: str, make: Callable):
    """`make(doc)`, once per document and key."""
    memo = doc.__dict__.setdefault("_memo", {})
    hit = memo.get(key)
    if hit is None or hit[0] is not doc.lines:
        hit = memo[key] = (doc.lines, make(doc))
    return hit[1]


def lines_of_kind(doc, kind: str) -> pd.DataFrame:
    """`doc.lines[doc.lines.table_kind == kind]` (same rows, order and index), split once per document."""
    kinds = per_document(doc, "lines_by_kind",
                         lambda d: {k: g for k, g in d.lines.groupby("table_kind", sort=False, observed=True)})
    found = kinds.get(kind)
    return doc.lines.iloc[0:0] if found is None else found
