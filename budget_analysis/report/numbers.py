"""The one way amounts are written for people: 万元, two decimals, thousands separators (13,349.12).

The report, its tables, the charts' labels and the comparison pages all call these, so a leader never sees the
same figure written two ways. HTML tables right-align the columns these produce (`display.html_table`).
"""
from __future__ import annotations

import math
import re

import pandas as pd

DASH = "—"


def missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def wan(value_wan, sign: bool = False) -> str:
    """An amount already in 万元: `13,349.12` (`+1,956.21` for increases when `sign`); "—" when unknown."""
    if missing(value_wan):
        return DASH
    return f"{value_wan:+,.2f}" if sign else f"{value_wan:,.2f}"


def yuan_as_wan(value_yuan, sign: bool = False) -> str:
    """An amount in 元 written in 万元."""
    return DASH if missing(value_yuan) else wan(value_yuan / 1e4, sign)


def pct(share, sign: bool = False) -> str:
    """A share (0.1717) as `17.17%`."""
    if missing(share) or math.isinf(share):
        return DASH
    return f"{share:+.2%}" if sign else f"{share:.2%}"


_YUAN = re.compile(r"(?<![\d.,])(-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?)\s*元")


def yuan_text_as_wan(text: str) -> str:
    """A sentence's amounts in 元 (`51,104,000.00 元`) rewritten in 万元 (`5,110.40 万元`), so a finding never mixes
    the two; digits the 2-decimal form would drop are kept (`12,345.67 元` → `1.234567 万元`)."""
    def one(m: re.Match) -> str:
        if m.string[max(0, m.start() - 1):m.start()] == "万" or m.string[m.end() - 2:m.end() - 1] == "万":
            return m.group()
        value = float(m.group(1).replace(",", "")) / 1e4
        exact = f"{value:,.6f}".rstrip("0")
        decimals = max(2, len(exact.split(".")[1]) if "." in exact else 0)
        return f"{value:,.{decimals}f} 万元"
    return _YUAN.sub(one, text)
