"""Codes for tables that print none (Hangzhou): a row's name matched to the classification's names.

The row order of a coded table is the tree (类, its 款, their 项 …), so a name is looked up first among the
children of the codes above it (行政运行 is a 项 under many 款), then among the 类. What is found is an
inference, never a printed code: the lines carry code_source 'name'. A name the classification does not
know keeps no code (level -1), as before.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..reference.classification import names
from .cells import clean, strip_numbering


def _key(name: str) -> str:
    return re.sub(r"[\s()（）、“”\"]", "", strip_numbering(clean(name)))


@lru_cache(maxsize=4)
def _index(classification: str) -> dict[str, list[str]]:
    """name key -> codes with that name, shortest codes first."""
    df = names()
    out: dict[str, list[str]] = {}
    for code, name in zip(df.loc[df["classification"] == classification, "code"],
                          df.loc[df["classification"] == classification, "name"]):
        codes = out.setdefault(_key(name), [])
        if code not in codes:
            codes.append(code)
    return {k: sorted(v, key=lambda c: (len(c), c)) for k, v in out.items()}


class NameCoder:
    """Walks a table's rows in order and gives each name the code it most likely has."""

    def __init__(self, classification: str) -> None:
        self.index = _index(classification) if classification in ("function", "dept_economic") else {}
        self.path: list[str] = []  # codes of the current 类, 款 (and 项)

    def code(self, name: str) -> str:
        candidates = self.index.get(_key(name), [])
        if not candidates:
            return ""
        # deepest first: a child of the current 款, then of the current 类, then a 类 of its own
        for parent in reversed(self.path):
            under = [c for c in candidates if c.startswith(parent) and len(c) == len(parent) + 2]
            if len(under) == 1:
                return self._at(under[0])
        tops = [c for c in candidates if len(c) == 3]
        if len(tops) == 1:
            return self._at(tops[0])
        lone = candidates[0] if len(candidates) == 1 else ""
        return self._at(lone) if lone and (not self.path or lone.startswith(self.path[0])) else ""

    def _at(self, code: str) -> str:
        self.path = [code[:n] for n in (3, 5, 7) if len(code) >= n]
        return code
