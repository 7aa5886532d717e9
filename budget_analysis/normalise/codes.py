"""Classification codes printed in part: completed from the rows above, and said so.

Templates print a code whole (`2080109`), over 类 | 款 | 项 columns where a row fills only its own level
(Yantai, Changsha: `201 | | `, ` | 40 | `, ` | | 01`), or with the 款 as a two-digit suffix under its 类
(Xi'an 2019–2020: `201`, `10`, `2011007`). A `CodeStack` remembers the 类 and 款 above, so each row gets its
full code; a code completed this way has code_source 'context' (the printed digits plus the rows above).
"""
from __future__ import annotations


class CodeStack:
    """The 类 / 款 / 项 parts of the last code seen, to complete the next partial one."""

    def __init__(self) -> None:
        self.parts = ["", "", ""]

    def see(self, code: str) -> tuple[str, str]:
        """A whole code printed: remember its parts."""
        self.parts = [code[:3], code[3:5], code[5:7]]
        return code, ""

    def kuan(self, digits: str) -> tuple[str, str]:
        """A two-digit 款 printed alone under its 类; '' when no 类 came before."""
        if not self.parts[0]:
            return "", ""
        self.parts = [self.parts[0], digits, ""]
        return self.parts[0] + digits, "context"

    def split(self, cells: list[str]) -> tuple[str, str]:
        """(code, source) from the 类 | 款 | 项 cells of one row; ('', '') for a row without code."""
        cells = [c.strip() for c in cells] + [""] * (3 - len(cells))
        # Excel drops the leading zero of a 款/项 stored as a number (Shanghai 2024 prints 301 | 2 for 30102)
        cells = [cells[0]] + [c.zfill(2) if c.isdigit() and len(c) == 1 else c for c in cells[1:3]]
        if not any(cells) or not all(c.isdigit() for c in cells if c):
            return "", ""
        if len(cells[0]) > 3 and not any(cells[1:]):  # the whole code printed in the 类 column
            return self.see(cells[0])
        first = next(k for k, c in enumerate(cells) if c)
        deepest = max(k for k, c in enumerate(cells) if c)
        for k in range(first, 3):
            self.parts[k] = cells[k]
        if any(not p for p in self.parts[:deepest + 1]):
            return "", ""
        return "".join(self.parts[:deepest + 1]), ("context" if first else "")
