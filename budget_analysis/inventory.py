"""The table inventory (doc.tables): what the 目录 promises against what the body prints."""
from __future__ import annotations

import pandas as pd

from .findings import finding
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
                                    f"目录 lists {c['number']} {c['title']} as published, but the document does not print it",
                                    table_kind=kind))
        elif not c["listed_empty"] and not with_data:
            findings.append(finding("table_empty", "warning",
                                    f"目录 lists {c['number']} {c['title']} as not empty, but no rows could be read from it",
                                    table_kind=kind, page=gs[0]["page"]))
        printed = {g["printed_number"] for g in gs if g["printed_number"]}
        if printed and printed != {c["number"]}:
            findings.append(finding("table_numbering", "info",
                                    f"{c['title']} is {c['number']} in the 目录 but printed as {', '.join(sorted(printed))}",
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
                                    f"a {g['rows']}-row table in the text part without a title; kept raw", page=g["page"]))
        elif not g["title"]:
            findings.append(finding("table_untitled", "warning",
                                    f"{g['rows']} table rows without a title among the budget tables ({g['notes']}): "
                                    "a table cut short or its title lost; kept raw", page=g["page"]))
        elif not g["kind"]:
            findings.append(finding("table_unknown", "warning",
                                    f"table '{g['title']}' is not a known kind; kept raw in doc.tables",
                                    page=g["page"]))
    return frame("tables", rows), findings
