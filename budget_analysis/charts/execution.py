"""Execution charts of a 决算: planned (预算) against spent (决算) per 功能 code, and the 三公 items.

Each takes a Disclosure or the frame `analysis.execution` / `three_public_execution` returns, draws in the
package style (CJK glyphs from style.font) and attaches the plotted frame as `fig.data`.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..analysis.execution import execution, three_public_execution
from ..document.disclosure import Disclosure
from ..normalise.catalog import measure_title
from .document import COLORS, _finish
from .style import styled

_BASIS = {"budget_document": "同年预算文件", "stated": "决算说明所列年初预算"}


def _basis_label(basis: str) -> str:
    if basis.startswith("adjacent_year:"):
        return f"{basis.split(':')[1]}年预算（相邻年度，非执行）"
    return _BASIS.get(basis, basis)


@styled
def execution_chart(source, level: int = 3) -> Figure:
    """Budget and actual bars (万元) per code of one level, with the rate; the budget's source in the title."""
    doc = source if isinstance(source, Disclosure) else None
    data = execution(doc) if doc is not None else source
    rows = data[(data["level"] == level) & data["budget_wan"].notna()]
    if rows.empty:
        rows = data[data["budget_wan"].notna()]
    rows = rows.sort_values("actual_wan", ascending=True)
    fig, ax = plt.subplots(figsize=(10, 0.5 * len(rows) + 1.8))
    y = np.arange(len(rows))
    ax.barh(y + 0.2, rows["budget_wan"], height=0.4, color=COLORS["total"], label="预算 budget")
    bars = ax.barh(y - 0.2, rows["actual_wan"].fillna(0), height=0.4, color=COLORS["increase"], label="决算 actual")
    for bar, rate in zip(bars, rows["rate_pct"]):
        if pd.notna(rate):
            ax.annotate(f"{rate:.1f}%", (bar.get_width(), bar.get_y() + bar.get_height() / 2), xytext=(4, 0),
                        textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(y, [f"{c} {n}".strip() for c, n in zip(rows["code"], rows["name"])], fontsize=9)
    ax.set_xlabel("万元")
    ax.legend(loc="lower right", fontsize=8)
    basis = _basis_label(str(data["basis"].iloc[0])) if len(data) else ""
    return _finish(fig, rows, f"预算执行 Budget execution（预算来源：{basis}）", doc)


@styled
def three_public_chart(source) -> Figure:
    """“三公”经费 预算数 against 决算数 per item (万元)."""
    doc = source if isinstance(source, Disclosure) else None
    data = three_public_execution(doc) if doc is not None else source
    data = data[(data["budget_wan"].fillna(0) > 0) | (data["actual_wan"].fillna(0) > 0)]
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(data) + 1.8))
    y = np.arange(len(data))
    ax.barh(y + 0.2, data["budget_wan"].fillna(0), height=0.4, color=COLORS["total"], label="预算数")
    ax.barh(y - 0.2, data["actual_wan"].fillna(0), height=0.4, color=COLORS["increase"], label="决算数")
    ax.set_yticks(y, [measure_title(i) if i != "total" else "“三公”经费合计" for i in data["item"]], fontsize=9)
    ax.set_xlabel("万元")
    ax.legend(loc="lower right", fontsize=8)
    return _finish(fig, data, "“三公”经费 预算与决算", doc)
