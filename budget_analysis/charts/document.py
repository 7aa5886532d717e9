"""Charts of one Disclosure, one function per question, all in one style and labelled in 万元.

Each function takes a Disclosure (or the analysis DataFrame it would compute) and returns a matplotlib Figure
with the plotted frame attached as `fig.data`, so that tests and reports can check the numbers behind a chart.
Every chart is drawn inside style.chart_style(): importing this module changes no global setting.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.figure import Figure

from .. import analysis as an
from ..document.disclosure import Disclosure
from .style import font, styled

FONT = font()
_DEEP = sns.color_palette("deep")
COLORS = {"increase": _DEEP[0], "decrease": _DEEP[1], "total": (0.55, 0.55, 0.55), "unexplained": _DEEP[8],
          "personnel": _DEEP[0], "public": _DEEP[2], "project": _DEEP[1], "covered": _DEEP[2],
          "uncovered": _DEEP[3], "quantified": _DEEP[2], "qualitative": _DEEP[8], "placeholder": _DEEP[3]}
LABELS = {"personnel": "人员经费 personnel", "public": "公用经费 public", "project": "项目支出 project"}


def wan(yuan: float) -> str:
    """An amount in 元 as printed in 万元 with two decimals and thousands separators."""
    return f"{yuan / 1e4:,.2f}"


def _frame(source, compute) -> pd.DataFrame:
    return compute(source) if isinstance(source, Disclosure) else source


def _finish(fig: Figure, data: pd.DataFrame, title: str, doc: Disclosure | None) -> Figure:
    name = f"{doc.meta.get('unit_name') or doc.doc_id} {doc.meta.get('year') or ''}".strip() if doc else ""
    fig.suptitle(f"{title}\n{name}" if name else title, fontsize=12, x=0.01, ha="left")
    fig.tight_layout()  # leaves room for the suptitle
    fig.data = data
    return fig


def _label_bars(ax, bars, texts) -> None:
    for bar, text in zip(bars, texts):
        x = bar.get_x() + bar.get_width() if bar.get_width() >= 0 else bar.get_x()
        ax.annotate(text, (x, bar.get_y() + bar.get_height() / 2), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)


@styled
def change_waterfall(source) -> Figure:
    """Last year's total, each stated item change, the unexplained rest, this year's total (万元)."""
    doc = source if isinstance(source, Disclosure) else None
    drivers = _frame(source, an.change_drivers)
    summary = an.change_summary(doc).iloc[0] if doc is not None else None
    steps = drivers[drivers["change_wan"].fillna(0) != 0]
    names = [f"{c} {s}".strip() for c, s in zip(steps["code"].fillna(""), steps["subject"])]
    start = float(summary["prior_wan"]) if summary is not None and pd.notna(summary["prior_wan"]) else 0.0
    fig, ax = plt.subplots(figsize=(10, 0.45 * (len(steps) + 2) + 1.6))
    rows, running = [], start
    if summary is not None:
        rows.append(("上年 prior year", 0.0, start, COLORS["total"], f"{start:,.2f}"))
    for name, change, kind in zip(names, steps["change_wan"], steps["kind"]):
        color = COLORS["unexplained"] if kind == "unexplained" else COLORS["increase" if change > 0 else "decrease"]
        rows.append((name, running, change, color, f"{change:+,.2f}"))
        running += change
    if summary is not None:
        rows.append(("本年 this year", 0.0, running, COLORS["total"], f"{running:,.2f}"))
    y = np.arange(len(rows))[::-1]
    bars = ax.barh(y, [r[2] for r in rows], left=[r[1] for r in rows], color=[r[3] for r in rows], height=0.6)
    _label_bars(ax, bars, [r[4] for r in rows])
    ax.set_yticks(y, [r[0] for r in rows], fontsize=9)
    ends = [r[1] for r in rows] + [r[1] + r[2] for r in rows]
    lo, hi = min(e for e in ends if e > 0) if summary is not None else min(ends), max(ends)
    span = max(hi - lo, 1.0)
    ax.set_xlim(max(0.0, lo - 0.25 * span) if summary is not None else lo - 0.1 * span, hi + 0.25 * span)
    ax.set_xlabel(f"万元 (axis starts at {ax.get_xlim()[0]:,.0f})" if ax.get_xlim()[0] > 0 else "万元")
    return _finish(fig, drivers, "预算变动因素 What drives the change (document's own statements)", doc)


@styled
def functional_mix_chart(source) -> Figure:
    """类 with their 款 underneath, as bars of 万元 labelled with the share of the 合计."""
    doc = source if isinstance(source, Disclosure) else None
    data = pd.concat([an.functional_mix(doc, 1), an.functional_mix(doc, 2)], ignore_index=True) \
        if doc is not None else source
    classes = data[data["level"] == 1]
    palette = sns.color_palette("deep", len(classes))
    rows = []
    for color, (_, cls) in zip(palette, classes.iterrows()):
        rows.append((f"{cls['code']} {cls['name']}", cls, color))
        for _, sub in data[(data["level"] == 2) & (data["parent_code"] == cls["code"])].iterrows():
            rows.append((f"    {sub['code']} {sub['name']}", sub, (*color, 0.55)))
    fig, ax = plt.subplots(figsize=(10, 0.42 * len(rows) + 1.6))
    y = np.arange(len(rows))[::-1]
    bars = ax.barh(y, [r[1]["amount_wan"] for r in rows], color=[r[2] for r in rows], height=0.65)
    _label_bars(ax, bars, [f"{r[1]['amount_wan']:,.2f} · {r[1]['share']:.1%}" for r in rows])
    ax.set_yticks(y, [r[0] for r in rows], fontsize=9)
    ax.set_xlim(0, data["amount_wan"].max() * 1.3)
    ax.set_xlabel("万元 (share of the 一般公共预算 合计)")
    return _finish(fig, data, "支出功能分类 What the money is for (类 › 款)", doc)


@styled
def economic_mix_chart(source) -> Figure:
    """部门经济分类 classes split into personnel/public/project, beside the 政府经济分类 classes (万元)."""
    doc = source if isinstance(source, Disclosure) else None
    data = _frame(source, an.economic_mix)
    parts = [p for p in ("dept_economic", "gov_economic") if (data["classification"] == p).any()]
    fig, axes = plt.subplots(1, max(len(parts), 1), figsize=(6.5 * max(len(parts), 1), 0.5 * len(data) + 2.2),
                             squeeze=False)
    titles = {"dept_economic": "部门经济分类 department classes", "gov_economic": "政府经济分类 government classes"}
    for ax, part in zip(axes[0], parts):
        rows = data[data["classification"] == part]
        y = np.arange(len(rows))[::-1]
        names = [f"{c} {n}".strip() for c, n in zip(rows["code"].fillna(""), rows["name"])]
        if part == "dept_economic":
            left = np.zeros(len(rows))
            for measure in an.mix.MEASURES:
                values = rows[measure].fillna(0).to_numpy() / 1e4
                ax.barh(y, values, left=left, color=COLORS[measure], label=LABELS[measure], height=0.6)
                left += values
            ax.legend(fontsize=8, loc="lower right")
        bars = ax.barh(y, rows["amount_wan"], height=0.6, fill=part != "dept_economic",
                       color=COLORS["total"], edgecolor=COLORS["total"], linewidth=0.6)
        _label_bars(ax, bars, [f"{a:,.2f} · {s:.1%}" for a, s in zip(rows["amount_wan"], rows["share"])])
        ax.set_yticks(y, names, fontsize=9)
        ax.set_xlim(0, rows["amount_wan"].max() * 1.35)
        ax.set_xlabel("万元")
        ax.set_title(titles[part], fontsize=10)
    return _finish(fig, data, "支出经济分类 What the money buys", doc)


@styled
def spending_split_chart(source) -> Figure:
    """基本支出 (人员 + 公用) against 项目支出 per unit, one stacked bar each; amounts and shares in the legend."""
    doc = source if isinstance(source, Disclosure) else None
    data = _frame(source, an.spending_split)
    fig, ax = plt.subplots(figsize=(10, 0.6 * len(data) + 2.6))
    y = np.arange(len(data))[::-1]
    left = np.zeros(len(data))
    for measure in an.mix.MEASURES:
        values = data[measure].to_numpy() / 1e4
        share = data[measure].sum() / data["total"].sum()
        ax.barh(y, values, left=left, color=COLORS[measure], height=0.5,
                label=f"{LABELS[measure]}  {values.sum():,.2f} 万元 ({share:.1%})")
        left += values
    for yi, total in zip(y, data["total"]):
        ax.annotate(f"{wan(total)} 万元", (total / 1e4, yi), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.set_yticks(y, data["unit_code"].replace("", "—"), fontsize=9)
    ax.set_xlim(0, data["total"].max() / 1e4 * 1.2)
    ax.set_xlabel("万元")
    ax.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3, frameon=False)
    return _finish(fig, data, "基本支出与项目支出 Basic vs project spending", doc)


@styled
def coverage_chart(source) -> Figure:
    """Left: each project's money, covered by targets or not (log scale). Right: its indicators by quality."""
    doc = source if isinstance(source, Disclosure) else None
    data = _frame(source, an.performance_coverage)
    rows = data.sort_values("amount_yuan", ascending=True, kind="stable")
    fig, (money, quality) = plt.subplots(1, 2, figsize=(13, 0.42 * len(rows) + 2.4), sharey=True,
                                         gridspec_kw={"width_ratios": [3, 2]})
    y = np.arange(len(rows))
    colors = [COLORS["covered" if c else "uncovered"] for c in rows["has_targets"]]
    bars = money.barh(y, rows["amount_wan"], color=colors, height=0.6)
    _label_bars(money, bars, [f"{a:,.2f}" for a in rows["amount_wan"]])
    positive = rows["amount_wan"][rows["amount_wan"] > 0]
    if len(positive):
        money.set_xscale("log")
        money.set_xlim(positive.min() / 2, positive.max() * 8)
    else:
        money.text(0.5, 0.5, "无项目 no projects found", transform=money.transAxes, ha="center")
    money.set_yticks(y, rows["project"], fontsize=9)
    money.set_xlabel("万元 (log scale)")
    money.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=COLORS[k]) for k in ("covered", "uncovered")],
                 labels=["有绩效目标 with targets", "无绩效目标 without"], fontsize=8, loc="lower right")
    quantified = (rows["quantified_share"].fillna(0) * rows["n_indicators"]).round().astype(int)
    qualitative = rows["n_indicators"] - quantified - rows["placeholders"]
    left = np.zeros(len(rows))
    for key, values in (("quantified", quantified), ("qualitative", qualitative),
                        ("placeholder", rows["placeholders"])):
        quality.barh(y, values, left=left, color=COLORS[key], height=0.6)
        left += values.to_numpy()
    quality.set_xlabel("指标数 indicators")
    quality.set_xlim(0, max(rows["n_indicators"].tolist(), default=0) + 1)
    quality.legend(labels=["定量 quantified", "定性 qualitative", "占位 placeholder (N)"], fontsize=8,
                   loc="upper right")
    if doc is not None:
        t = an.performance_coverage_totals(doc).iloc[0]
        money.set_title(f"有绩效目标的项目资金 {wan(t['covered_yuan'])} / {wan(t['project_money_yuan'])} 万元 "
                        f"({t['covered_share']:.1%}); {int(t['n_with_targets'])} of {int(t['n_projects'])} projects",
                        fontsize=10)
    return _finish(fig, data, "绩效目标覆盖 Performance-target coverage", doc)


CHARTS = {"change_waterfall": change_waterfall, "functional_mix": functional_mix_chart,
          "economic_mix": economic_mix_chart, "spending_split": spending_split_chart, "coverage": coverage_chart}


@styled
def all_charts(doc: Disclosure) -> dict[str, Figure]:
    """Every chart of one document, by name (for reports and for saving PNGs)."""
    return {name: chart(doc) for name, chart in CHARTS.items()}
