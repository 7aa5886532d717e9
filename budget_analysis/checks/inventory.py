"""Inventory checks on doc.tables: what the 目录 promises against what the body prints.

- ``table_missing`` / ``table_empty`` (warning): a table listed as non-empty is absent, or yields no data row.
- ``table_numbering`` (info): the printed 表N differs from the 目录's number.
- ``table_untitled`` (warning with ≥ 3 rows of figures, else info) and ``table_unknown`` (warning).
"""
from __future__ import annotations

from . import register
from .registry import finding


@register
def inventory(doc) -> list[dict]:
    out: list[dict] = []
    for t in doc.tables.itertuples():
        page = None if t.page is None or str(t.page) == "<NA>" else int(t.page)
        if t.listed:
            if not t.listed_empty and not t.found:
                out.append(finding("table_missing", "warning",
                                   f"目录列出{t.number} {t.title}（非空表），正文却没有这张表", table_kind=t.kind))
            elif not t.listed_empty and not (t.records or 0):
                out.append(finding("table_empty", "warning",
                                   f"目录列出{t.number} {t.title}（非空表），但表中读不出任何数据行",
                                   table_kind=t.kind, page=page))
            printed = set(filter(None, t.printed_number.split(",")))
            if printed and printed != {t.number}:
                out.append(finding("table_numbering", "info",
                                   f"{t.title}在目录中是{t.number}，正文印为{'、'.join(sorted(printed))}",
                                   table_kind=t.kind, page=page))
        elif not t.title and t.prose:  # a table in the prose (staff, units): nothing to check
            out.append(finding("table_untitled", "info", f"说明部分有一张 {t.rows} 行的无标题表格（原样保留）",
                               page=page))
        elif not t.title:
            out.append(finding("table_untitled", "warning" if (t.figures or 0) >= 3 else "info",
                               f"公开报表中有 {t.rows} 行没有表题的表格数据（{t.notes}）：表格被截断或表题缺失，原样保留",
                               page=page))
        elif not t.kind:
            out.append(finding("table_unknown", "warning",
                               f"表格“{t.title}”不属于已知的表种，原样保留在 doc.tables 中", page=page))
    return out
