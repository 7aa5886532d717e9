"""The 目录: which tables the document promises, and which it publishes empty."""
from __future__ import annotations

import re

from .catalog import recognise
from ..readers.grid import Grid
from .cells import clean


def normalise_contents(grid: Grid) -> list[dict]:
    out = []
    for row in grid.rows:
        cells = [clean(c) for c in row]
        if not cells or not re.match(r"^表\d+", cells[0] + (cells[1] if len(cells) > 1 else "")):
            continue
        joined = "".join(cells[:2]) if not re.match(r"^表\d+$", cells[0]) else cells[0]
        number = re.match(r"^表\d+", joined).group(0)
        title = cells[1] if re.match(r"^表\d+$", cells[0]) and len(cells) > 1 else joined[len(number):]
        empty = cells[2] if len(cells) > 2 else ""
        out.append(dict(number=number, title=title, kind=recognise(title) or "",
                        listed_empty=empty == "是", empty_reason=cells[3] if len(cells) > 3 else ""))
    return out
