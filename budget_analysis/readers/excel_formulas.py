"""Formula cells an .xlsx saved without their value (written by a program, never opened in Excel).

openpyxl's values-only reading gives None for them, which used to print as an empty cell and read as 0.0. Here
such cells are found in the sheet's XML; a SUM or + − × ÷ of cells of the same sheet is computed from the
printed values (noted on the grid), and anything else is printed as its formula (`=VLOOKUP(...)`), which no
amount rule reads, so the normaliser leaves it out and the document reports it (`amount_unparsed`).
"""
from __future__ import annotations

import ast
import operator
import re

_CELL = re.compile(r"<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>", re.S)
_REF = re.compile(r'\br="([A-Z]+)(\d+)"')
_F = re.compile(r"<(?:\w+:)?f\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?f>)", re.S)
_V = re.compile(r"<(?:\w+:)?v>\s*\S")
_RANGE = re.compile(r"\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?")
_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def uncached_formulas(wb, ws) -> dict[tuple[int, int], str]:
    """(row index, column index) → formula text ('' for a shared formula whose text is elsewhere) of every
    cell with a formula and no saved value; {} when the sheet has none."""
    try:
        with wb._archive.open(ws._worksheet_path) as src:  # openpyxl keeps no formulas in values-only mode
            xml = src.read().decode("utf-8", "replace")
    except (AttributeError, KeyError, OSError):
        return {}
    if "<f" not in xml and ":f" not in xml:
        return {}
    out = {}
    for attrs, body in _CELL.findall(xml):
        f = _F.search(body)
        if f is None or _V.search(body):
            continue
        ref = _REF.search(attrs)
        if ref:
            out[int(ref.group(2)) - 1, _col(ref.group(1)) - 1] = (f.group(1) or "").strip()
    return out


def fill_formulas(rows: list[list[str]], pending: dict, formats: dict, render) -> list[str]:
    """Put each uncached formula's value (or its text) into `rows`; returns the notes for the grid."""
    from ..normalise.cells import parse_amount
    computed, left = [], dict(pending)
    for _ in range(4):  # a SUM of SUMs: a few passes
        progress = False
        for (i, j), formula in list(left.items()):
            value = _evaluate(formula, rows, left, parse_amount)
            if value is None:
                continue
            _put(rows, i, j, render(round(value, 10), formats.get((i, j)) or "General"))
            computed.append(f"{_name(j)}{i + 1}")
            del left[i, j]
            progress = True
        if not progress:
            break
    for (i, j), formula in left.items():
        _put(rows, i, j, "=" + (formula or "(shared formula)"))
    notes = []
    if computed:
        notes.append(f"{len(computed)} formula cells without a saved value computed by the reader: "
                     f"{', '.join(computed[:20])}")
    if left:
        notes.append(f"{len(left)} formula cells without a saved value could not be computed: "
                     f"{', '.join(f'{_name(j)}{i + 1}' for i, j in list(left)[:20])}")
    return notes


def _evaluate(formula: str, rows, pending, parse_amount) -> float | None:
    """SUM(ranges and cells) and arithmetic of same-sheet cells and numbers; None when anything else."""
    if not formula or "!" in formula:
        return None
    missing = False

    def cells(m):
        nonlocal missing
        c1, r1, c2, r2 = m.group(1), int(m.group(2)), m.group(3) or m.group(1), int(m.group(4) or m.group(2))
        total = 0.0
        for r in range(min(r1, r2), max(r1, r2) + 1):
            for c in range(min(_col(c1), _col(c2)), max(_col(c1), _col(c2)) + 1):
                if (r - 1, c - 1) in pending:
                    missing = True
                    return "0"
                text = rows[r - 1][c - 1] if r - 1 < len(rows) and c - 1 < len(rows[r - 1]) else ""
                value = parse_amount(text)[0]
                if value is None:
                    missing = True
                    return "0"
                total += value
        return repr(total)

    expr = re.sub(r"\bSUM\(([^()]*)\)", lambda m: "(" + "+".join(p for p in m.group(1).split(",") if p.strip())
                  + ")", formula.upper().replace(" ", ""))
    expr = _RANGE.sub(cells, expr)
    if missing:
        return None
    try:
        return _arith(ast.parse(expr, mode="eval").body)
    except (SyntaxError, ValueError, ZeroDivisionError):
        return None


def _arith(node) -> float:
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_arith(node.left), _arith(node.right))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return -_arith(node.operand) if isinstance(node.op, ast.USub) else _arith(node.operand)
    raise ValueError("not arithmetic")


def _put(rows: list[list[str]], i: int, j: int, text: str) -> None:
    while len(rows) <= i:
        rows.append([])
    row = rows[i]
    row.extend([""] * (j + 1 - len(row)))
    row[j] = text


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _name(j: int) -> str:
    s, n = "", j + 1
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s
