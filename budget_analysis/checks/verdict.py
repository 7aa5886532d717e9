"""The verification rule, applied once to every check's findings (`run_checks` calls `apply`).

An `error` stands only when every table it rests on (the check's `rests_on` in the registry) was read and
verified (`document.verification`); otherwise it becomes a `warning` that says which reading is unverified and why.
Tokens of `rests_on`: a table kind (every table of that kind in the document), ``table`` (the table the finding
names: its kind, the one whose pages hold the finding's page, else every table of the kind), ``self`` (the table
the finding names, when the finding is about that table's own sums: its failures must be isolated, see
`document.verification`). Other tokens (``narrative``, ``text``, ``projects``, ``indicators``, ``contents``) name
inputs that this rule does not judge. Whatever a check rests on, an error between two amounts exactly 10,000 times
apart is our unit misreading (元 for 万元) and becomes a warning too (`unit_slip`).
"""
from __future__ import annotations

import pandas as pd

from ..normalise.catalog import kind_title
from .registry import CHECKS

TABLE_TOKENS = ("table", "self")
OTHER_TOKENS = ("narrative", "text", "projects", "indicators", "contents")


def _tables(table: pd.DataFrame, kind: str, page) -> pd.DataFrame:
    t = table[table["table_kind"] == kind]
    if page is not None and not pd.isna(page) and len(t):
        here = t[((t["page_first"] <= int(page)) & (t["page_last"] >= int(page))).fillna(False).astype(bool)]
        if len(here):
            return here
    return t


def _unverified(f: dict, table: pd.DataFrame) -> pd.Series | None:
    """The first table this finding rests on that fails the rule, or None."""
    check = CHECKS[f["check_id"]]
    for token in check.rests_on:
        if token in OTHER_TOKENS:
            continue
        kind = f.get("table_kind") if token in TABLE_TOKENS else token
        if not kind:
            continue
        column = "isolated" if token == "self" else "verified"
        for _, t in _tables(table, kind, f.get("page") if token in TABLE_TOKENS else None).iterrows():
            if not bool(t[column]):
                return t
    return None


def _pages(first, last) -> str:
    """'第3页', '第3–4页', or '' where the table's pages are unknown (text dumps)."""
    if pd.isna(first) or pd.isna(last):
        return ""
    return f"第{first}页" if first == last else f"第{first}–{last}页"


NOT_AMOUNTS = ("change_percent", "comparison_year", "current_year_as_prior", "table_title_year", "as_of_year")


def unit_slip(expected, actual, check_id: str = "") -> bool:
    """Two amounts a factor of 10,000 apart (within 1 % for the text's rounding to 0.01 万元): one of them was
    read in 元 where 万元 was printed (a unit split over two lines, `单位：万 / 元`), or the reverse — our reading.
    Percentages and years are not amounts."""
    if check_id in NOT_AMOUNTS or expected is None or actual is None or pd.isna(expected) or pd.isna(actual):
        return False
    small, big = sorted((abs(float(expected)), abs(float(actual))))
    return small > 0 and abs(big - small * 10000) <= 0.01 * big


def apply(findings: list[dict], table: pd.DataFrame) -> list[dict]:
    """Every error whose inputs are unverified becomes a warning that says so; an error between two figures a
    factor of 10,000 apart is a unit misreading (warning); other findings pass unchanged."""
    out = []
    for f in findings:
        if f["severity"] == "error" and unit_slip(f.get("expected"), f.get("actual"), f["check_id"]):
            f = dict(f, severity="warning", message="两数恰差一万倍，疑为我们把金额单位（元/万元）读错：" + f["message"])
        if f["severity"] == "error" and len(table):
            t = _unverified(f, table)
            if t is not None:
                pages = _pages(t["page_first"], t["page_last"])
                f = dict(f, severity="warning",
                         message=f"我们对{kind_title(t['table_kind'])}{pages}的读取未经核实：{t['reason']}。{f['message']}")
        out.append(f)
    return out
