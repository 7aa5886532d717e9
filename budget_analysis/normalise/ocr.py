"""The OCR confidence of each amount read from a scanned table (NaN for text pages and blank cells).

The reader keeps, per grid, each recognised box's text with the lowest confidence it was read with; an amount
finds its box through the cell of its row that parses to it.
"""
from __future__ import annotations

import math

from .cells import clean, parse_amount


def amount_confidence(grid, row: int | None, amount: float | None) -> float:
    """Confidence of the cell in grid row `row` (1-based) printing `amount`; NaN when not read by OCR."""
    conf = grid.ocr_confidence
    if not conf or not row or row > len(grid.rows) or amount is None:
        return math.nan
    cells = [c for c in grid.rows[row - 1] if clean(c) and parse_amount(c)[0] == amount]
    found = []
    for cell in cells:
        key = clean(cell).replace(" ", "")
        if key in conf:
            found.append(conf[key])
        else:  # a cell set from more than one box: the weakest box inside it
            found += [v for k, v in conf.items() if k and k in key]
    return min(found) if found else math.nan
