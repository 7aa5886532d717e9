"""Findings are data: a check returns records made here, never raises."""
from __future__ import annotations

import math


def finding(check_id: str, severity: str, message: str, expected: float | None = None,
            actual: float | None = None, table_kind: str = "", code: str = "", page: int | None = None) -> dict:
    assert severity in ("error", "warning", "info"), severity
    diff = None if expected is None or actual is None else round(actual - expected, 2)
    nan = lambda v: float("nan") if v is None or (isinstance(v, float) and math.isnan(v)) else float(v)
    return dict(check_id=check_id, severity=severity, message=message, expected=nan(expected),
                actual=nan(actual), difference=nan(diff), table_kind=table_kind, code=code, page=page)
