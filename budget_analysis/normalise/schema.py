"""Column lists and dtypes of the contract tables (../shared/docs/CONTRACT.md)."""
from __future__ import annotations

import pandas as pd

COLUMNS: dict[str, dict[str, str]] = {
    "lines": {"doc_id": "string", "unit_code": "string", "table_kind": "string", "table_title": "string",
              "classification": "string", "code": "string", "name": "string", "level": "Int8",
              "parent_code": "string", "measure": "string", "amount_yuan": "float64",
              "unit_printed": "string", "page": "Int32", "row": "Int32",
              "decimals": "Int8",  # beyond the contract: digits printed after the point, for rounding tolerance
              # the amount's printed box on `page` (PDF points, top-left origin; NaN where unknown)
              "x0": "float64", "top": "float64", "x1": "float64", "bottom": "float64",
              "code_source": "string",  # '' printed whole, 'context' completed from the rows above, 'name' inferred
              "ocr_confidence": "float64"},  # beyond the contract: the OCR recogniser's confidence, NaN for text
    "projects": {"doc_id": "string", "project": "string", "group": "string", "unit_code": "string",
                 "amount_yuan": "float64", "description": "string", "page": "Int32", "row": "Int32"},
    "indicators": {"doc_id": "string", "table_kind": "string", "project": "string", "project_matched": "string",
                   "level1": "string", "level2": "string", "indicator": "string", "target_raw": "string",
                   "operator": "string", "target_value": "float64", "target_unit": "string",
                   "is_placeholder": "boolean", "is_quantified": "boolean", "page": "Int32",
                   "match_score": "float64",  # beyond the contract: similarity of project to project_matched
                   "x0": "float64", "top": "float64", "x1": "float64", "bottom": "float64"},  # name and target
    "claims": {"doc_id": "string", "section": "string", "subject": "string", "code": "string",
               "amount_wan": "float64", "change_wan": "float64", "change_pct": "float64", "direction": "string",
               "reason": "string", "sentence": "string", "page": "Int32",
               "x0": "float64", "top": "float64", "x1": "float64", "bottom": "float64",  # the figure's box
               # issue 17, execution statements of a 决算 (narrative/execution.py): budget, rate, its basis
               "budget_wan": "float64", "budget_adjusted_wan": "float64", "execution_pct": "float64",
               "execution_basis": "string"},
    "findings": {"doc_id": "string", "check_id": "string", "severity": "string", "message": "string",
                 "expected": "float64", "actual": "float64", "difference": "float64", "table_kind": "string",
                 "code": "string", "page": "Int32",
                 "boxes": "string"},  # JSON list of {page, x0, top, x1, bottom, role: table|text}
    "tables": {"doc_id": "string", "number": "string", "title": "string", "kind": "string",
               "listed": "boolean", "listed_empty": "boolean", "empty_reason": "string", "found": "boolean",
               "grids": "Int16", "rows": "Int32", "page": "Int32", "printed_number": "string",
               "cells_json": "string",
               # beyond the contract: data rows read, rows with figures, the reader's notes, a table in the prose
               "records": "Int32", "figures": "Int32", "notes": "string", "prose": "boolean"},
    # the accuracy meter (document/quality.py): one row per table read, one per image-only page
    "quality": {"doc_id": "string", "table_kind": "string", "title": "string", "number": "string", "page": "Int32",
                "pages": "string", "unit_printed": "string", "unit_source": "string", "reconciled": "boolean",
                "numbers_printed": "Int32", "numbers_accounted": "Int32", "share": "float64",
                "counted_from": "string", "notes": "string"},
}
TABLES = list(COLUMNS)
_DTYPES = {d: pd.api.types.pandas_dtype(d) for cols in COLUMNS.values() for d in cols.values()}


def frame(kind: str, records: list[dict] | pd.DataFrame | None = None) -> pd.DataFrame:
    """A DataFrame with exactly the contract's columns and dtypes (missing columns empty)."""
    df = pd.DataFrame(records if records is not None else [])
    cols = COLUMNS[kind]
    for c, dtype in cols.items():
        if c not in df:
            missing = float("nan") if dtype == "float64" else pd.NA  # float64 holds no pd.NA
            df[c] = pd.Series([missing] * len(df), dtype=dtype, index=df.index)
        else:
            col, want = df[c], _DTYPES[dtype]
            if col.dtype != want:  # (a frame handed on again is already typed: not converted twice)
                col = col.astype(want)
            if dtype == "string" and col.hasnans:
                col = col.fillna("")
            df[c] = col
    return df[list(cols)].reset_index(drop=True)

