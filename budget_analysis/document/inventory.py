"""The table inventory (doc.tables): what the 目录 promises against what the body prints.

Facts only; `checks/inventory.py` turns them into findings (table_missing, table_empty, …)."""
from __future__ import annotations

import json

import pandas as pd

from ..normalise.cells import is_amount
from ..normalise.schema import frame


def build_inventory(contents: list[dict], grids: list[dict], doc_id: str) -> pd.DataFrame:
    """One row per listed table and per unlisted grid, with what the checks need (records, figures, prose)."""
    found: dict[str, list[dict]] = {}
    for g in grids:
        found.setdefault(g["kind"], []).append(g)
    rows = []
    listed_kinds = set()
    for c in contents:
        kind = c["kind"]
        listed_kinds.add(kind)
        gs = found.get(kind, []) if kind else []
        rows.append(dict(doc_id=doc_id, number=c["number"], title=c["title"], kind=kind, listed=True,
                         listed_empty=c["listed_empty"], empty_reason=c["empty_reason"], found=bool(gs),
                         grids=len(gs), rows=sum(g["rows"] for g in gs), page=gs[0]["page"] if gs else None,
                         printed_number=",".join(sorted({g["printed_number"] for g in gs if g["printed_number"]})),
                         cells_json="", records=sum(g["n_records"] for g in gs), figures=0, notes="",
                         prose=False))
    first_table = next((k for k, g in enumerate(grids) if g["kind"] and g["kind"] != "contents"), len(grids))
    for k, g in enumerate(grids):
        if g["kind"] in listed_kinds and g["kind"]:
            continue
        rows.append(dict(doc_id=doc_id, number="", title=g["title"], kind=g["kind"], listed=False,
                         listed_empty=False, empty_reason="", found=True, grids=1, rows=g["rows"],
                         page=g["page"], printed_number=g["printed_number"], cells_json=g["cells_json"],
                         records=g["n_records"], notes=g["notes"], prose=not g["title"] and k < first_table,
                         figures=sum(any(is_amount(c) for c in row) for row in json.loads(g["cells_json"] or "[]"))))
    return frame("tables", rows)
