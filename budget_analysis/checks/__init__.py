"""Checks: each a function doc -> list of findings, registered by check_id family."""
from __future__ import annotations

from typing import Callable

CHECKS: list[Callable] = []


def register(fn: Callable) -> Callable:
    CHECKS.append(fn)
    return fn


def run_checks(doc) -> list[dict]:
    """Every check, then the verification rule once: an error resting on an unverified reading is a warning."""
    from ..document.verification import verification
    from .verdict import apply
    out: list[dict] = []
    for check in CHECKS:
        out += check(doc)
    return apply(out, verification(doc))


from . import (arithmetic, cross_table, inventory, narrative, performance, projects, reviewer, text_changes, text_codes,  # noqa: E402,F401
               text_hygiene, text_reasons, text_template, text_years, three_public, ocr,  # (registration)
               reviewer_consistency)
from . import final_accounts  # noqa: E402,F401  (issue 17: 决算)
