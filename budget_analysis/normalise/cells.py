"""Cell-level parsing shared by the normalisers: amounts, codes, labels."""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar

from ..text import UNIT_CODE, clean, remembered  # noqa: F401 (the normalisers import both from here)

_NUM = re.compile(r"^[-−]?\d+(?:\.\d+)?$")
# Printed amounts no rule reads with certainty: each is left out of the tables and reported with its text
# (accounting negatives, exponent notation, a unit glued on, △ markers, a comma after the decimal point,
# a formula the workbook saved without its value).
_UNREADABLE = re.compile(
    r"^[(][-−]?\d{1,3}(?:,\d{3})+(?:\.\d+)?[)]$|^[(][-−]?\d+\.\d+[)]$"   # (45,600.00), not (1)
    r"|^[-−+]?\d+(?:\.\d+)?e[-+]?\d+$"                    # 5.1104E+07
    r"|^[-−]?\d[\d,]*(?:\.\d+)?万?元$"                     # 119354元
    r"|^[△▲▽][-−]?\d[\d,]*(?:\.\d+)?$"                    # △0
    r"|^\d[\d,.]*\.\d*,[\d,.]*$"                         # 238.707,00
    r"|^=", re.IGNORECASE)                                # =SUM(C5:C9) with no cached value
_COMMA_AFTER_POINT = re.compile(r"\.\d*,")
_UNPARSED: ContextVar[list | None] = ContextVar("unparsed_amounts", default=None)


@contextmanager
def unparsed_amounts():
    """Collect, while the block runs, the printed text of every cell parse_amount could not read as an amount
    although it looks like one; the recipe turns them into `amount_unparsed` findings."""
    found: list[str] = []
    token = _UNPARSED.set(found)
    try:
        yield found
    finally:
        _UNPARSED.reset(token)
CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_CODE_NAME = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d.,，%\s].*)$")  # not '74868.34")


def parse_amount(cell: str | None) -> tuple[float | None, int]:
    """(value, decimals printed). Blank and '-' are zero; text that is no number gives None (and is recorded
    when it looks like an amount: see `unparsed_amounts`)."""
    value, decimals, unreadable = _parse(clean(cell))
    if unreadable and (found := _UNPARSED.get()) is not None:
        found.append(unreadable)
    return value, decimals


@remembered(1 << 16)
def _parse(cleaned: str) -> tuple[float | None, int, str]:
    """parse_amount of a cleaned cell, and its printed text when it looks like an amount no rule reads ('' if
    not); remembered, as a document parses its cells several times (normalisers, boxes, checks)."""
    printed = cleaned.replace("，", ",")
    s = printed.replace(",", "")
    if s in ("", "-", "—", "--", "/"):
        return 0.0, 0, ""
    if not _NUM.match(s.replace("−", "-")) or _COMMA_AFTER_POINT.search(printed):
        return None, 0, printed if _UNREADABLE.search(printed) else ""
    s = s.replace("−", "-")
    decimals = len(s.split(".")[1]) if "." in s else 0
    return float(s), decimals, ""


def is_amount(cell: str | None) -> bool:
    s = clean(cell).replace(",", "")
    return bool(s) and parse_amount(s)[0] is not None


def split_code(cell: str) -> tuple[str, str]:
    """'2080109社会保险经办机构' -> ('2080109', '社会保险经办机构'); other text -> ('', text)."""
    s = clean(cell)
    if CODE.match(s):
        return s, ""
    if m := _CODE_NAME.match(s):
        return m.group(1), m.group(2)
    return "", s


def strip_numbering(label: str) -> str:
    """'8、社会保障和就业支出' / '(1)工资福利支出' / '一、财政拨款' -> the label alone."""
    return re.sub(r"^(?:[一二三四五六七八九十]+、|\d+[、.]|[(（]\d+[)）]|其中[:：])", "", clean(label))


def label_level(label: str) -> int:
    """1 for '一、' items (and unnumbered), 2 for '1、', 3 for '(1)' and '其中'."""
    s = clean(label)
    if re.match(r"^(?:[(（]\d+[)）]|其中)", s):
        return 3
    return 2 if re.match(r"^\d+[、.]", s) else 1


def is_total(label: str) -> bool:
    s = clean(label)
    return bool(re.search(r"合计|总计", s)) and len(s) <= 12
