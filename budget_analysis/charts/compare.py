"""Charts of a year-over-year comparison (compare.compare) and of the cross-unit panel (compare_units.panel).

Each takes the DataFrame and returns a matplotlib Figure with the plotted frame as `fig.data`; amounts in 万元.
Every chart is drawn inside style.chart_style(), as document.py's are.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from ..report.numbers import wan
from .style import font, styled

SMALL = 9  # pt, as in document.py

FONT = font()
_DEEP = sns.color_palette("deep")
COLORS = {"increase": _DEEP[0], "decrease": _DEEP[1], "personnel": _DEEP[0], "public": _DEEP[2], "project": _DEEP[1]}


def _years(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c.isdigit()]


def _finish(fig: Figure, data: pd.DataFrame, title: str) -> Figure:
    fig.suptitle(title, fontsize=12, x=0.01, ha="left")
    fig.tight_layout()
    fig.data = data
    return fig


@styled
def change_by_class(df: pd.DataFrame) -> Figure:
    """The change of each 类 (level 1), largest first, with the 合计 change in the title."""
    years = _years(df)
    data = df[df["level"] == 1].assign(change_wan=lambda d: d["change"] / 1e4).dropna(subset=["change_wan"])
    data = data.reindex(data["change_wan"].abs().sort_values(ascending=False).index)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(data) + 1.6))
    labels = [f"{c} {n}" for c, n in zip(data["code"], data["name"])]
    ax.barh(labels, data["change_wan"], color=[COLORS["increase" if v >= 0 else "decrease"] for v in data["change_wan"]])
    ax.invert_yaxis()
    ax.axvline(0, color="0.3", lw=0.8)
    ax.set_xlabel("变动（万元）")
    ax.tick_params(labelsize=SMALL)
    total = df.loc[df["level"] == 0, "change"]
    title = f"各类支出变动，{years[0]}→{years[-1]}年"
    return _finish(fig, data, title + (f" · 合计 {wan(total.iloc[0] / 1e4, sign=True)} 万元" if len(total) else ""))


@styled
def largest_growth(df: pd.DataFrame, n: int = 8) -> Figure:
    """The `n` largest items of the last year (deepest level printed), each year's amount side by side."""
    years = _years(df)
    leaves = df[df["level"] == df["level"].max()]
    data = leaves.nlargest(n, years[-1])
    long = data.melt(id_vars=["code", "name"], value_vars=years, var_name="year", value_name="amount_yuan")
    long["amount_wan"] = long["amount_yuan"].fillna(0) / 1e4
    long["item"] = long["code"] + " " + long["name"]
    fig, ax = plt.subplots(figsize=(9, 0.6 * len(data) + 1.6))
    sns.barplot(long, y="item", x="amount_wan", hue="year", ax=ax, orient="h")
    ax.set_xlabel("万元")
    ax.set_ylabel("")
    ax.tick_params(labelsize=SMALL)
    ax.legend(title="年度", fontsize=SMALL, title_fontsize=SMALL)
    return _finish(fig, long, f"金额最大的项目，{years[0]}→{years[-1]}年")


@styled
def share_slope(df: pd.DataFrame) -> Figure:
    """Each 类's share of the 合计 in the first and the last year, joined by a line."""
    years = _years(df)
    first, last = years[0], years[-1]
    total = df[df["level"] == 0].iloc[0]
    # a year that does not print a 类 states nothing about it: unknown (no point), never 0 %
    data = df[df["level"] == 1][["code", "name", first, last]].copy()
    data[first] = data[first] / (total[first] / 100)
    data[last] = data[last] / (total[last] / 100)
    xs = [0] if first == last else [0, 1]
    fig, ax = plt.subplots(figsize=(7, 6))
    for (code, name, a, b), color in zip(data.itertuples(index=False), sns.color_palette("deep", len(data))):
        if len(xs) == 2 and pd.notna(a) and pd.notna(b):
            ax.plot([0, 1], [a, b], marker="o", color=color)
        for x, v in zip(xs, (a, b) if len(xs) == 2 else (b,)):
            if pd.notna(v):
                ax.plot([x], [v], marker="o", color=color)
        if pd.notna(b):
            ax.annotate(f"{name} {b:.1f}%", (xs[-1], b), xytext=(6, 0), textcoords="offset points", va="center",
                        fontsize=SMALL)
        if len(xs) == 2 and pd.notna(a):
            ax.annotate(f"{a:.1f}%", (0, a), xytext=(-6, 0), textcoords="offset points", va="center", ha="right",
                        fontsize=SMALL)
    ax.set_xticks(xs, [first, last][:len(xs)] if len(xs) == 2 else [last])
    ax.set_xlim(-0.3, xs[-1] + 0.6 + (0.0 if len(xs) == 2 else 0.6))
    ax.set_ylabel("占合计（%）")
    return _finish(fig, data, "各类支出占合计的比例" + ("" if len(xs) == 2 else f"（仅 {last} 年，无可比年份）"))


@styled
def panel_split(panel: pd.DataFrame) -> Figure:
    """Per unit: the 人员/公用/项目 shares as stacked bars, the total in 万元 at the bar's end."""
    parts = ["personnel", "public", "project"]
    data = panel.set_index("unit")[[f"{p}_share" for p in parts] + ["total_yuan"]].fillna(0)
    fig, ax = plt.subplots(figsize=(9, 0.45 * len(data) + 1.8))
    left = pd.Series(0.0, index=data.index)
    for p, label in zip(parts, ("人员经费", "公用经费", "项目支出")):
        ax.barh(data.index, data[f"{p}_share"] * 100, left=left, color=COLORS[p], label=label)
        left += data[f"{p}_share"] * 100
    for y, (unit, total) in enumerate(data["total_yuan"].items()):
        ax.annotate(f"{wan(total / 1e4)} 万元", (left[unit], y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=SMALL)
    ax.invert_yaxis()
    ax.set_xlim(0, 125)
    ax.set_xlabel("占一般公共预算支出（%）")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=SMALL)
    return _finish(fig, data.reset_index(), "各单位支出结构")
