"""Text rules every layer shares: one way to clean a cell, compare unit names and tell a 单位编码."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Callable

UNIT_CODE = re.compile(r"\d{3,}")  # a 单位编码; '1' 全额, '2' 差额 and '-' in a 单位编码 column are not units
SCOPE_NOTE = re.compile(r"\((汇总|合并|本级|部门汇总|单位汇总)\)")


_REMEMBERED: list = []


def remembered(maxsize: int) -> Callable:
    """functools.lru_cache for a pure function of one document's strings (a cell, a character), listed so that
    `forget` can empty them all (benchmarks time each run as for text never seen)."""
    def wrap(fn):
        cached = lru_cache(maxsize=maxsize)(fn)
        _REMEMBERED.append(cached)
        return cached
    return wrap


def forget() -> None:
    """Empty every `remembered` cache."""
    for cached in _REMEMBERED:
        cached.cache_clear()


def clean(cell: str | None) -> str:
    """NFKC and no inner whitespace: CJK cells never need their spaces."""
    if cell is None:
        return ""
    return _clean(cell if isinstance(cell, str) else str(cell))


_SPACES = re.compile(r"\s+")


@remembered(1 << 16)
def _clean(cell: str) -> str:
    """(remembered: a document asks for the same few thousand cells some 50,000 times)"""
    return _SPACES.sub("", unicodedata.normalize("NFKC", cell))


def unit_key(name: str) -> str:
    """A unit's name as it compares across documents: NFKC, no spaces, no scope note such as （汇总）, and no
    trailing 部门/单位 (江苏省高级人民法院部门 in one year's document, 江苏省高级人民法院 in the next)."""
    s = SCOPE_NOTE.sub("", clean(name))
    if not s.endswith("事业单位"):
        s = re.sub(r"(部门|单位)$", "", s)
    return s
