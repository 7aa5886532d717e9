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
from ..report.numbers import wan as wan_text, yuan_as_wan
from .style import font, styled

FONT = font()
_DEEP = sns.color_palette("deep")
COLORS = {"increase": _DEEP[0], "decrease": _DEEP[1], "total": (0.55, 0.55, 0.55), "unexplained": _DEEP[8],
          "personnel": _DEEP[0], "public": _DEEP[2], "project": _DEEP[1], "basic": _DEEP[0], "covered": _DEEP[2],
          "uncovered": _DEEP[3], "quantified": _DEEP[2], "qualitative": _DEEP[8], "placeholder": _DEEP[3]}
LABELS = {"personnel": "人员经费", "public": "公用经费", "project": "项目支出", "basic": "基本支出"}
WIDTH = 8.0    # inches: 800 px at the report's 100 dpi, shown unscaled on a desktop and scrolled on a phone
SMALL = 9      # pt: the smallest text of any chart (legend, ticks, bar labels), legible on paper and on a phone


def wan(yuan: float) -> str:
    """An amount in 元 written as the report writes it (report/numbers.py: 万元, two decimals, separators)."""
    return yuan_as_wan(yuan)


def _frame(source, compute) -> pd.DataFrame:
    return compute(source) if isinstance(source, Disclosure) else source


def _finish(fig: Figure, data: pd.DataFrame, title: str, doc: Disclosure | None) -> Figure:
    name = f"{doc.meta.get('unit_name') or doc.doc_id} {doc.meta.get('year') or ''}".strip() if doc else ""
    fig.suptitle(f"{title}\n{name}" if name else title, fontsize=13, x=0.01, ha="left")
    fig.tight_layout()  # leaves room for the suptitle
    fig.data = data
    return fig


def _label_bars(ax, bars, texts) -> None:
    for bar, text in zip(bars, texts):
        x = bar.get_x() + bar.get_width() if bar.get_width() >= 0 else bar.get_x()
        ax.annotate(text, (x, bar.get_y() + bar.get_height() / 2), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=SMALL)


@styled
def change_waterfall(source) -> Figure:
    """Last year's total, each stated item change, the unexplained rest, this year's total (万元)."""
    doc = source if isinstance(source, Disclosure) else None
    drivers = _frame(source, an.change_drivers)
    summary = an.change_summary(doc).iloc[0] if doc is not None else None
    steps = drivers[drivers["change_wan"].fillna(0) != 0]
    names = ["未说明部分" if k == "unexplained" else f"{c} {s}".strip()
             for c, s, k in zip(steps["code"].fillna(""), steps["subject"], steps["kind"])]
    start = float(summary["prior_wan"]) if summary is not None and pd.notna(summary["prior_wan"]) else 0.0
    fig, ax = plt.subplots(figsize=(WIDTH, 0.45 * (len(steps) + 2) + 1.6))
    rows, running = [], start
    if summary is not None:
        rows.append(("上年预算", 0.0, start, COLORS["total"], wan_text(start)))
    for name, change, kind in zip(names, steps["change_wan"], steps["kind"]):
        color = COLORS["unexplained"] if kind == "unexplained" else COLORS["increase" if change > 0 else "decrease"]
        rows.append((name, running, change, color, wan_text(change, sign=True)))
        running += change
    if summary is not None:
        rows.append(("本年预算", 0.0, running, COLORS["total"], wan_text(running)))
    y = np.arange(len(rows))[::-1]
    bars = ax.barh(y, [r[2] for r in rows], left=[r[1] for r in rows], color=[r[3] for r in rows], height=0.6)
    _label_bars(ax, bars, [r[4] for r in rows])
    ax.set_yticks(y, [r[0] for r in rows], fontsize=SMALL)
    ends = [r[1] for r in rows] + [r[1] + r[2] for r in rows]
    lo, hi = min(min(ends), 0.0), max(max(ends), 0.0)
    span = max(hi - lo, 1.0)
    ax.set_xlim(lo - (0.1 * span if lo < 0 else 0.0), hi + 0.25 * span)  # from 0: bar lengths are the amounts
    ax.set_xlabel("万元")
    return _finish(fig, drivers, "预算变动因素（文件自己的说明）", doc)


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
    fig, ax = plt.subplots(figsize=(WIDTH, 0.42 * len(rows) + 1.6))
    y = np.arange(len(rows))[::-1]
    bars = ax.barh(y, [r[1]["amount_wan"] for r in rows], color=[r[2] for r in rows], height=0.65)
    _label_bars(ax, bars, [f"{wan_text(r[1]['amount_wan'])} · {r[1]['share']:.1%}" for r in rows])
    ax.set_yticks(y, [r[0] for r in rows], fontsize=SMALL)
    ax.set_xlim(0, data["amount_wan"].max() * 1.45)
    ax.set_xlabel("万元（标注：金额 · 占一般公共预算支出合计）")
    return _finish(fig, data, "支出功能分类：钱用于什么（类 › 款）", doc)


@styled
def economic_mix_chart(source) -> Figure:
    """部门经济分类 classes split into personnel/public/project, beside the 政府经济分类 classes (万元)."""
    doc = source if isinstance(source, Disclosure) else None
    data = _frame(source, an.economic_mix)
    parts = [p for p in ("dept_economic", "gov_economic") if (data["classification"] == p).any()]
    fig, axes = plt.subplots(max(len(parts), 1), 1, figsize=(WIDTH, 0.5 * len(data) + 2.2 * max(len(parts), 1)),
                             squeeze=False)  # one above the other: side by side the labels would not fit
    titles = {"dept_economic": "部门经济分类", "gov_economic": "政府经济分类"}
    for ax, part in zip(axes[:, 0], parts):
        rows = data[data["classification"] == part]
        y = np.arange(len(rows))[::-1]
        names = [f"{c} {n}".strip() for c, n in zip(rows["code"].fillna(""), rows["name"])]
        if part == "dept_economic":
            left = np.zeros(len(rows))
            for measure in an.mix.MEASURES:
                values = rows[measure].fillna(0).to_numpy() / 1e4
                ax.barh(y, values, left=left, color=COLORS[measure], label=LABELS[measure], height=0.6)
                left += values
            ax.legend(fontsize=SMALL, loc="lower right")
        bars = ax.barh(y, rows["amount_wan"], height=0.6, fill=part != "dept_economic",
                       color=COLORS["total"], edgecolor=COLORS["total"], linewidth=0.6)
        _label_bars(ax, bars, [f"{wan_text(a)} · {s:.1%}" for a, s in zip(rows["amount_wan"], rows["share"])])
        ax.set_yticks(y, names, fontsize=SMALL)
        ax.set_xlim(0, rows["amount_wan"].max() * 1.45)
        ax.set_xlabel("万元")
        ax.set_title(titles[part], fontsize=11)
    return _finish(fig, data, "支出经济分类：钱怎么花", doc)


@styled
def spending_split_chart(source) -> Figure:
    """基本支出 (人员 + 公用) against 项目支出 per unit, one stacked bar each; amounts and shares in the legend."""
    doc = source if isinstance(source, Disclosure) else None
    data = _frame(source, an.spending_split)
    fig, ax = plt.subplots(figsize=(WIDTH, 0.6 * len(data) + 2.6))
    y = np.arange(len(data))[::-1]
    left = np.zeros(len(data))
    # 人员 / 公用 when the table splits 基本支出, else 基本支出 as one bar (广州 表5 prints no split)
    parts = an.mix.MEASURES if data[["personnel", "public"]].notna().all().all() else ["basic", "project"]
    for measure in parts:
        values = data[measure].fillna(0.0).to_numpy() / 1e4
        share = data[measure].sum() / data["total"].sum()
        ax.barh(y, values, left=left, color=COLORS[measure], height=0.5,
                label=f"{LABELS[measure]} {wan_text(values.sum())} 万元（{share:.1%}）")
        left += values
    for yi, total in zip(y, data["total"]):
        ax.annotate(f"{wan(total)} 万元", (total / 1e4, yi), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=SMALL)
    labels = data["unit_name"] if "unit_name" in data else unit_labels(data["unit_code"], doc)
    ax.set_yticks(y, list(labels), fontsize=SMALL)
    ax.set_xlim(0, data["total"].max() / 1e4 * 1.3)
    ax.set_xlabel("万元")
    ax.legend(fontsize=SMALL, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    return _finish(fig, data, "基本支出（人员经费、公用经费）与项目支出", doc)


def unit_labels(codes: pd.Series, doc: Disclosure | None) -> list[str]:
    """A unit by its name, never by a bare 单位编码: the document's unit when it is the only one (or the code is
    the document's), else “单位 115010”."""
    name = (doc.meta.get("unit_name") or "") if doc is not None else ""
    own = (doc.meta.get("unit_code") or "") if doc is not None else ""
    return [name if name and (len(codes) == 1 or c == own) else (f"单位 {c}" if c else "本单位") for c in codes]


def credited_once(rows: pd.DataFrame) -> pd.DataFrame:
    """Indicator counts with each target table's indicators on one project only: a category-level table
    (气象局 其他履职经费: 34 indicators for 6 projects) covers all its projects, but its indicators are counted
    once, on its largest project; the others get `shared_with` (the table's name) and zero counts."""
    rows = rows.copy()
    rows["shared_with"] = ""
    counts = ["n_indicators", "placeholders"]
    named = rows[rows["target_name"] != ""]
    for name, group in named.groupby("target_name"):
        if len(group) < 2:
            continue
        keep = group["amount_yuan"].idxmax()
        rest = group.index.drop(keep)
        rows.loc[rest, counts] = 0
        rows.loc[rest, "shared_with"] = name
    return rows


@styled
def coverage_chart(source) -> Figure:
    """Left: each project's money (万元, linear from 0), covered by targets or not. Right: its indicators by
    quality, a shared category table's indicators counted once."""
    doc = source if isinstance(source, Disclosure) else None
    data = credited_once(_frame(source, an.performance_coverage))
    rows = data.sort_values("amount_yuan", ascending=True, kind="stable")
    fig, (money, quality) = plt.subplots(1, 2, figsize=(WIDTH, 0.42 * len(rows) + 2.6), sharey=True,
                                         gridspec_kw={"width_ratios": [3, 2]})
    y = np.arange(len(rows))
    colors = [COLORS["covered" if c else "uncovered"] for c in rows["has_targets"]]
    bars = money.barh(y, rows["amount_wan"], color=colors, height=0.6)
    _label_bars(money, bars, [wan_text(a) for a in rows["amount_wan"]])
    top = rows["amount_wan"].max() if len(rows) else 0
    if top > 0:
        money.set_xlim(0, top * 1.45)
    else:
        money.text(0.5, 0.5, "未读到项目", transform=money.transAxes, ha="center", fontsize=SMALL)
    money.set_yticks(y, rows["project"], fontsize=SMALL)
    money.set_xlabel("万元")
    money.legend(handles=[plt.Rectangle((0, 0), 1, 1, color=COLORS[k]) for k in ("covered", "uncovered")],
                 labels=["有绩效目标", "无绩效目标"], fontsize=SMALL, loc="lower right")
    quantified = (rows["quantified_share"].fillna(0) * rows["n_indicators"]).round().astype(int)
    qualitative = rows["n_indicators"] - quantified - rows["placeholders"]
    left = np.zeros(len(rows))
    for key, values in (("quantified", quantified), ("qualitative", qualitative),
                        ("placeholder", rows["placeholders"])):
        quality.barh(y, values, left=left, color=COLORS[key], height=0.6)
        left += values.to_numpy()
    for yi, shared in zip(y, rows["shared_with"]):
        if shared:
            quality.annotate(f"共用“{shared}”目标表", (0, yi), xytext=(3, 0), textcoords="offset points",
                             va="center", fontsize=SMALL, color="0.35")
    quality.set_xlabel("指标数")
    quality.set_xlim(0, max(rows["n_indicators"].tolist(), default=0) * 1.15 + 1)
    quality.legend(labels=["定量", "定性", "占位符"], fontsize=SMALL, loc="lower left", bbox_to_anchor=(0, 1.0),
                   ncol=3, frameon=False, handlelength=1, columnspacing=0.8)  # above the bars, never on them
    if doc is not None:
        t = an.performance_coverage_totals(doc).iloc[0]
        money.set_title(f"有目标的资金 {wan(t['covered_yuan'])} / {wan(t['project_money_yuan'])} 万元"
                        f"（{t['covered_share']:.1%}），{int(t['n_with_targets'])}/{int(t['n_projects'])} 个项目",
                        fontsize=10)
    return _finish(fig, data, "绩效目标覆盖", doc)


CHARTS = {"change_waterfall": change_waterfall, "functional_mix": functional_mix_chart,
          "economic_mix": economic_mix_chart, "spending_split": spending_split_chart, "coverage": coverage_chart}


@styled
def all_charts(doc: Disclosure) -> dict[str, Figure]:
    """Every chart of one document, by name (for reports and for saving PNGs)."""
    return {name: chart(doc) for name, chart in CHARTS.items()}
