"""Plain-text renderings for the terminal."""
from __future__ import annotations

import math
import unicodedata

import pandas as pd

from .sections import plain_message


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def _num(v) -> str:
    return "" if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA else f"{v:,.2f}"


def findings_table(f: pd.DataFrame) -> str:
    """severity | check | where | message with expected/actual/difference; CJK-aware widths."""
    if f.empty:
        return "no findings"
    order = {"error": 0, "warning": 1, "info": 2}
    f = f.assign(_o=f["severity"].map(order)).sort_values(["_o", "check_id"], kind="stable")
    rows = []
    for r in f.itertuples():
        where = " ".join(x for x in [r.table_kind, r.code, f"p{r.page}" if pd.notna(r.page) else ""]
                         if not pd.isna(x) and x)
        figures = ""
        if _num(r.expected) or _num(r.actual):
            figures = f" [expected {_num(r.expected)}, actual {_num(r.actual)}, difference {_num(r.difference)}]"
        rows.append((r.severity, r.check_id, where, plain_message(r.message) + figures))
    w = [max(_width(x[i]) for x in rows + [("severity", "check", "where", "")]) for i in range(3)]
    head = "  ".join(_pad(h, w[i]) for i, h in enumerate(("severity", "check", "where"))) + "  message"
    lines = [head, "-" * _width(head)]
    lines += ["  ".join(_pad(x[i], w[i]) for i in range(3)) + "  " + x[3] for x in rows]
    return "\n".join(lines)
