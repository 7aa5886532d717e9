"""The report's sections as small DataFrames with Chinese headers and amounts already written out.

Amounts are 万元 with two decimals and thousands separators (report/numbers.py, shared with the charts and the
comparison pages); a missing figure is "—" rather than NaN.
"""
from __future__ import annotations

import re

import pandas as pd

from .. import analysis as an
from ..checks.registry import TITLES as CHECKS
from .numbers import DASH, missing as _missing, pct, wan, yuan_as_wan, yuan_text_as_wan  # noqa: F401

SEVERITIES = {"error": "错误", "warning": "警告", "info": "提示"}
MEASURES = {"personnel": "人员经费", "public": "公用经费", "project": "项目支出"}
# LaTeX that the readers keep from the PDFs' symbol fonts, written back as the symbols a reader expects.
_LATEX = {r"\geq": "≥", r"\leq": "≤", r"\%": "%", r"\times": "×", "$": ""}
# The readers' remarks are English (they are the reader's log); a finding that quotes one says it in Chinese.
_NOTES = [(re.compile(r"rows without a title line \(line (\d+)\)"), r"原文第\1行起"),
          (re.compile(r"rows without a title line \(sheet (.+?)\)"), r"工作表“\1”"),
          (re.compile(r"no title found above the table"), "表格上方未找到表题"),
          (re.compile(r"continued on p(\d+)"), r"续见第\1页"),
          (re.compile(r"(\d+) formula cells without a saved value computed by the reader:[^;）)]*"),
           r"\1 个公式单元格未保存结果，已由程序计算"),
          (re.compile(r"(\d+) formula cells without a saved value could not be computed:[^;）)]*"),
           r"\1 个公式单元格未保存结果且无法计算"),
          (re.compile(r"\btruncated\b"), "被截断")]


def page(v) -> str:
    return DASH if _missing(v) else f"第{int(v)}页"


def unit_title(doc) -> str:
    """单位 and 年度 for headings; the doc_id where the cover gave no unit name."""
    m = doc.meta
    what = "决算" if m.get("kind") == "final_accounts" else "预算"
    return f"{m.get('unit_name') or m['doc_id']} {m.get('year') or ''}年度{what}".strip()


def headline_figures(doc) -> dict:
    """The numbers of the first section (and of the index): this year, last year, change, the split, findings."""
    s = an.change_summary(doc).iloc[0]
    split = an.spending_split(doc)
    total = float(split["total"].sum()) if len(split) else float("nan")
    parts = {k: float(split[k].sum(min_count=1)) if len(split) else float("nan") for k in MEASURES}  # unprinted: NaN
    counts = doc.findings["severity"].value_counts()
    return dict(current_wan=s["current_wan"], prior_wan=s["prior_wan"], change_wan=s["change_wan"],
                change_pct=s["change_pct"], reason=s["reason"] or "", split_total_yuan=total, parts_yuan=parts,
                findings={k: int(counts.get(k, 0)) for k in SEVERITIES})


def headline(doc) -> pd.DataFrame:
    """本年预算, 上年预算, 增减, then 人员经费 / 公用经费 / 项目支出 with their shares of the 合计."""
    h = headline_figures(doc)
    rows = [("本年支出预算", wan(h["current_wan"]), ""), ("上年支出预算", wan(h["prior_wan"]), ""),
            ("比上年增减", wan(h["change_wan"], sign=True), pct(h["change_pct"], sign=True))]
    total = h["split_total_yuan"]
    for key, name in MEASURES.items():
        part = h["parts_yuan"][key]
        share = part / total if total and not _missing(total) else float("nan")
        rows.append((name, yuan_as_wan(part) if total else DASH, pct(share)))
    return pd.DataFrame(rows, columns=["项目", "金额（万元）", "比例"])


def drivers(doc) -> pd.DataFrame:
    """The document's stated item changes, largest first, each with its reason; the unexplained rest last."""
    d = an.change_drivers(doc)
    name = [("未说明部分" if kind == "unexplained" else f"{code or ''} {subject}".strip())
            for kind, code, subject in zip(d["kind"], d["code"].fillna(""), d["subject"].fillna(""))]
    return pd.DataFrame({
        "科目": name, "本年（万元）": d["amount_wan"].map(wan), "增减（万元）": d["change_wan"].map(lambda v: wan(v, True)),
        "增减幅度": d["change_pct"].map(lambda v: pct(v, True)), "占总变动": d["share_of_change"].map(pct),
        "文件所述原因": d["reason"].fillna("").replace("", DASH),
    })


def functional(doc) -> pd.DataFrame:
    """功能分类 类 and 款, each 款 under its 类, with shares of the 一般公共预算 合计."""
    classes, items = an.functional_mix(doc, 1), an.functional_mix(doc, 2)
    rows = []
    for _, c in classes.iterrows():
        rows.append((c["code"], c["name"], wan(c["amount_wan"]), pct(c["share"])))
        for _, i in items[items["parent_code"] == c["code"]].iterrows():
            rows.append((i["code"], "　" + i["name"], wan(i["amount_wan"]), pct(i["share"])))
    return pd.DataFrame(rows, columns=["科目编码", "科目名称", "金额（万元）", "占合计"])


def economic(doc) -> pd.DataFrame:
    """部门经济分类 类 with the 人员 / 公用 / 项目 split (政府经济分类 is in the chart)."""
    e = an.economic_mix(doc)
    e = e[e["classification"] == "dept_economic"]
    return pd.DataFrame({"科目编码": e["code"], "科目名称": e["name"], "金额（万元）": e["amount_wan"].map(wan),
                         "占合计": e["share"].map(pct),
                         **{f"{name}（万元）": e[key].map(yuan_as_wan) for key, name in MEASURES.items()}})


def coverage(doc) -> pd.DataFrame:
    """Project money with and without 绩效目标, and how measurable the targets are, as label / value rows."""
    t = an.performance_coverage_totals(doc).iloc[0]
    rows = [("项目数", f"{int(t['n_projects'])}"), ("有绩效目标的项目数", f"{int(t['n_with_targets'])}"),
            ("项目支出合计（万元）", yuan_as_wan(t["project_money_yuan"])),
            ("有绩效目标的资金（万元）", yuan_as_wan(t["covered_yuan"])),
            ("无绩效目标的资金（万元）", yuan_as_wan(t["uncovered_yuan"])), ("资金覆盖率", pct(t["covered_share"])),
            ("绩效指标数", f"{int(t['n_indicators'])}"), ("定量指标占比", pct(t["quantified_share"])),
            ("占位符指标数（如“≥N”）", f"{int(t['placeholders'])}"),
            ("未能对应到项目的绩效目标表", f"{int(t['unmatched_target_tables'])}")]
    return pd.DataFrame(rows, columns=["指标", "数值"])


def questioned(doc, name: str) -> str:
    """What the checks say against an item's printed amount: the errors and warnings that quote its name."""
    f = doc.findings
    said = f[f["severity"].isin(["error", "warning"]) & f["message"].map(lambda m: bool(name) and f"“{name}”" in m)]
    return "；".join(dict.fromkeys(f"金额存疑，见核对发现“{CHECKS.get(c, c)}”" for c in said["check_id"]))


def uncovered_projects(doc, top: int = 10) -> pd.DataFrame:
    """The largest projects without 绩效目标: where the coverage gap is. Amounts are as the table prints them; a
    project whose printed amount a check questions says so beside it (the sample prints 10,440 for a 1,044 万
    item), so the list never silently contradicts the coverage figures above it."""
    p = an.performance_coverage(doc)
    p = p[~p["has_targets"]].nlargest(top, "amount_yuan")
    notes = p["project"].map(lambda n: questioned(doc, n) or DASH)
    return pd.DataFrame({"项目": p["project"], "分组": p["group"], "金额（万元）": p["amount_wan"].map(wan),
                         "备注": notes})


def largest_projects(doc, top: int = 15) -> pd.DataFrame:
    """The `top` projects by money with their coverage, for the chart (all 157 rows would be unreadable)."""
    return an.performance_coverage(doc).nlargest(top, "amount_yuan")


def split(doc) -> pd.DataFrame:
    """基本 / 项目 split per unit, without units whose 合计 was not read (nothing to draw)."""
    s = an.spending_split(doc)
    s = s[(s["total"] > 0) & (s["basic"].notna() | s["project"].notna())]  # a 合计 alone has no split to draw
    from ..charts.document import unit_labels  # the chart's own rule: a unit by name, never a bare code
    return s.assign(unit_name=unit_labels(s["unit_code"], doc))


def with_prior(doc):
    """The document, for the waterfall from last year to this, or an empty frame when last year's figure is not
    stated (a chart from 0.00 to 0.00 says nothing)."""
    s = an.change_summary(doc).iloc[0]
    return pd.DataFrame() if _missing(s["prior_wan"]) or _missing(s["current_wan"]) else doc


def plain_message(message: str) -> str:
    """A finding's message with the PDF's LaTeX symbols (`$\\geq N$`) written as symbols."""
    return re.sub(r"\\geq|\\leq|\\%|\\times|\$", lambda m: _LATEX[m.group()], message)


def chinese_message(message: str) -> str:
    """A finding's message as the report prints it: symbols for LaTeX, 万元 for 元, the readers' notes in Chinese."""
    text = yuan_text_as_wan(plain_message(message))
    for pattern, repl in _NOTES:
        text = pattern.sub(repl, text)
    return text


def findings(doc) -> dict[str, pd.DataFrame]:
    """The findings by severity label (错误, 警告, 提示), each sorted by page, with the check in Chinese.

    The message carries the figures ("the text says X, the table says Y"); `difference` is left out because its
    unit depends on the check (元 for sums, percentage points for rate targets)."""
    f = doc.findings.assign(_page=doc.findings["page"].astype("Float64"))
    out = {}
    for severity, label in SEVERITIES.items():
        rows = f[f["severity"] == severity].sort_values(["_page", "check_id"], kind="stable", na_position="last")
        out[label] = pd.DataFrame({
            "页码": rows["page"].map(page), "检查项": rows["check_id"].map(lambda c: CHECKS.get(c, c)),
            "说明": rows["message"].map(chinese_message),
        })
    return out
