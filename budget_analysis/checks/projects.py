"""专项业务经费支出表 against itself.

check_ids:
- ``project_group_sum`` (error): a group row (专用项目, 履职项目 …), a unit row or the 合计 differs from the
  sum of the projects printed under it.
"""
from __future__ import annotations

import pandas as pd

from ..findings import finding
from . import register


@register
def project_groups(doc) -> list[dict]:
    l = doc.lines[doc.lines["table_kind"] == "project_spending"]
    p = doc.projects
    if l.empty or p.empty:
        return []
    out: list[dict] = []
    reported: set[float] = set()  # a wrong project makes every row above it wrong by the same amount
    rows = l[l["level"] < 2 + p["group"].str.count("/").max() + 1].sort_values("level", ascending=False)
    for _, r in rows.iterrows():
        level, name = int(r["level"]), r["name"]
        if level == 0:
            kids, label = p, "合计"
        elif level == 1:
            kids, label = p[p["unit_code"] == r["code"]] if r["code"] else p.iloc[0:0], f"unit {r['code']} {name}"
            if r["code"] and len(r["code"]) < max(len(c) for c in p["unit_code"]):  # a department above its units
                kids = p[p["unit_code"].str.startswith(r["code"])]
        else:
            kids = p[p["group"].str.split("/").apply(lambda g: len(g) > level - 2 and g[level - 2] == name)
                     & (p["unit_code"] == r["unit_code"])]
            label = f"group {name}"
        if kids.empty:
            continue
        s = round(kids["amount_yuan"].sum(), 2)
        diff = round(s - r["amount_yuan"], 2)
        if abs(diff) > 0.5 and diff not in reported:
            reported.add(diff)
            page = None if pd.isna(r["page"]) else int(r["page"])
            out.append(finding("project_group_sum", "error",
                               f"{label} is {r['amount_yuan']:,.2f} but its {len(kids)} projects add up to "
                               f"{s:,.2f}{_suspect(kids, diff)}", r["amount_yuan"], s, "project_spending",
                               r["code"], page))
    return out


def _suspect(kids: pd.DataFrame, diff: float) -> str:
    """Name the project whose amount reconciles the group if it lost or gained a digit."""
    for _, k in kids.iterrows():
        fixed = k["amount_yuan"] - diff
        if fixed > 0 and any(abs(fixed * f - k["amount_yuan"]) < 1 for f in (10, 100, 0.1, 0.01)):
            return f"; {k['project']} ({k['amount_yuan']:,.2f}) would reconcile at {fixed:,.2f} (a digit too many or too few?)"
    return ""
