"""The table inventory (doc.tables): what the 目录 promises against what the body prints."""
from __future__ import annotations

import json

import pandas as pd

from .findings import finding
from .normalise.cells import is_amount
from .schema import frame


def build_inventory(contents: list[dict], grids: list[dict], doc_id: str) -> tuple[pd.DataFrame, list[dict]]:
    """One row per listed table and per unlisted grid; findings for what is missing or unknown."""
    found: dict[str, list[dict]] = {}
    for g in grids:
        found.setdefault(g["kind"], []).append(g)
    rows, findings = [], []
    listed_kinds = set()
    for c in contents:
        kind = c["kind"]
        listed_kinds.add(kind)
        gs = found.get(kind, []) if kind else []
        with_data = [g for g in gs if g["n_records"] > 0]
        rows.append(dict(doc_id=doc_id, number=c["number"], title=c["title"], kind=kind, listed=True,
                         listed_empty=c["listed_empty"], empty_reason=c["empty_reason"], found=bool(gs),
                         grids=len(gs), rows=sum(g["rows"] for g in gs), page=gs[0]["page"] if gs else None,
                         printed_number=",".join(sorted({g["printed_number"] for g in gs if g["printed_number"]})),
                         cells_json=""))
        if not c["listed_empty"] and not gs:
            findings.append(finding("table_missing", "warning",
                                    f"目录列出{c['number']} {c['title']}（非空表），正文却没有这张表",
                                    table_kind=kind))
        elif not c["listed_empty"] and not with_data:
            findings.append(finding("table_empty", "warning",
                                    f"目录列出{c['number']} {c['title']}（非空表），但表中读不出任何数据行",
                                    table_kind=kind, page=gs[0]["page"]))
        printed = {g["printed_number"] for g in gs if g["printed_number"]}
        if printed and printed != {c["number"]}:
            findings.append(finding("table_numbering", "info",
                                    f"{c['title']}在目录中是{c['number']}，正文印为{'、'.join(sorted(printed))}",
                                    table_kind=kind, page=gs[0]["page"]))
    first_table = next((k for k, g in enumerate(grids) if g["kind"] and g["kind"] != "contents"), len(grids))
    for k, g in enumerate(grids):
        if g["kind"] in listed_kinds and g["kind"]:
            continue
        rows.append(dict(doc_id=doc_id, number="", title=g["title"], kind=g["kind"], listed=False,
                         listed_empty=False, empty_reason="", found=True, grids=1, rows=g["rows"],
                         page=g["page"], printed_number=g["printed_number"], cells_json=g["cells_json"]))
        if not g["title"] and k < first_table:  # a table in the prose (staff, units): nothing to check
            findings.append(finding("table_untitled", "info",
                                    f"说明部分有一张 {g['rows']} 行的无标题表格（原样保留）", page=g["page"]))
        elif not g["title"]:
            figures = sum(any(is_amount(c) for c in row) for row in json.loads(g["cells_json"]))
            findings.append(finding("table_untitled", "warning" if figures >= 3 else "info",
                                    f"公开报表中有 {g['rows']} 行没有表题的表格数据（{g['notes']}）："
                                    "表格被截断或表题缺失，原样保留", page=g["page"]))
        elif not g["kind"]:
            findings.append(finding("table_unknown", "warning",
                                    f"表格“{g['title']}”不属于已知的表种，原样保留在 doc.tables 中",
                                    page=g["page"]))
    return frame("tables", rows), findings
