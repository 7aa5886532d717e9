"""专项业务经费支出表 against itself.

check_ids:
- ``project_group_sum`` (error): a group row (专用项目, 履职项目 …), a unit row or the 合计 differs from the
  sum of the projects printed under it (the rows after it up to the next row of its level or above).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..document.verification import half_units
from .performance import SECRET
from .registry import finding
from . import register


@register
def project_groups(doc) -> list[dict]:
    l = doc.lines[(doc.lines["table_kind"] == "project_spending") & (doc.lines["measure"] == "total")]  # printed order
    p = doc.projects
    if l.empty or p.empty:
        return []
    leaves = set(zip(p["page"].fillna(0).astype(int), p["row"].astype(int)))
    out: list[dict] = []
    reported: set[float] = set()  # a wrong project makes every row above it wrong by the same amount
    rows = l.to_dict("records")
    is_leaf = [(0 if pd.isna(r["page"]) else int(r["page"]), int(r["row"])) in leaves for r in rows]
    for k in sorted(range(len(rows)), key=lambda k: -rows[k]["level"]):
        r = rows[k]
        if is_leaf[k]:
            continue
        end = next((j for j in range(k + 1, len(rows)) if 0 < rows[j]["level"] <= r["level"]), len(rows))
        if r["level"] == 0:
            end = next((j for j in range(k + 1, len(rows)) if rows[j]["level"] == 0), len(rows))
        kids = [rows[j] for j in range(k + 1, end) if is_leaf[j]]
        if not kids:
            continue
        s = round(np.nansum([kid["amount_yuan"] for kid in kids]), 2)
        diff = round(s - r["amount_yuan"], 2)
        # each printed figure is rounded to its last digit (37 projects in 万元 to 0.01: up to 1,850 元 apart)
        tol = _tolerance(kids + [r])
        if abs(diff) > max(tol, 0.5) and not any(abs(diff - d) <= max(tol, 0.5) for d in reported):
            reported.add(diff)
            label = "合计" if r["level"] == 0 else (f"单位 {r['code']} {r['name']}" if r["level"] == 1 else f"分组“{r['name']}”")
            page = None if pd.isna(r["page"]) else int(r["page"])
            # a project named like its own group: the name column we read holds the unit, not the project (Xi'an
            # hrss 2020 p44 `[242008]…信息中心 | 社会保障卡经费 9.03`): our reading of the rows is in doubt
            doubt = any(kid["name"] == r["name"] for kid in kids)
            withheld = _withheld(doc, r["page"])
            out.append(finding("project_group_sum", "warning" if doubt or withheld else "error",
                               ("我们对项目表的读取未经核实：项目名称与分组名称相同，疑为把单位列读作项目列。" if doubt else "") +
                               (f"表下注明部分项目未公开（“{withheld}”），合计与所列项目之差可能即为未公开的项目。"
                                if withheld else "") +
                               f"{label}（第{r['row']}行）为 {r['amount_yuan']:,.2f} 元，其下 {len(kids)} 个项目合计 "
                               f"{s:,.2f} 元{_suspect(kids, diff)}", r["amount_yuan"], s, "project_spending",
                               r["code"], page))
    return out


_WITHHELD = re.compile(rf"[^。；\n]{{0,30}}({SECRET.pattern})[^。；\n]{{0,20}}")  # the sentence around the word


def _withheld(doc, page) -> str:
    """The note under a project table that some projects are not published (Yantai p24 `根据国家保密法律法规…
    部分具体项目信息公开时予以剔除`), on the table's page or the next; '' when none."""
    if doc.raw is None or page is None or pd.isna(page):
        return ""
    for p, text in doc.raw.text:
        if p in (int(page), int(page) + 1) and (m := _WITHHELD.search(text or "")):
            return re.sub(r"\s+", "", m.group(0))[:80]
    return ""


def _tolerance(rows: list[dict]) -> float:
    """`verification.tolerance` of the rows' printed figures, over records (a frame per group cost more than
    the sum)."""
    decimals = np.array([np.nan if r["decimals"] is None or pd.isna(r["decimals"]) else float(r["decimals"])
                         for r in rows], dtype="float64")
    return float(half_units(decimals, np.array([r["unit_printed"] for r in rows], dtype=object)).sum())


def _suspect(kids: list[dict], diff: float) -> str:
    """Name the project whose amount reconciles the group if it lost or gained a digit."""
    for k in kids:
        fixed = k["amount_yuan"] - diff
        if fixed > 0 and any(abs(fixed * f - k["amount_yuan"]) < 1 for f in (10, 100, 0.1, 0.01)):
            return f"；若“{k['name']}”（{k['amount_yuan']:,.2f} 元）为 {fixed:,.2f} 元则相符（多写或少写了一位？）"
    return ""
