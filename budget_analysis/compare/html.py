"""`compare --html`: the year-over-year comparison as one offline page in the report's style and in Chinese.

Same stylesheet as the leadership report (templates/report/report.css), the same number formatter (万元, two
decimals, thousands separators, right-aligned), Chinese headers and statuses; no script, nothing remote.
"""
from __future__ import annotations

from html import escape
from pathlib import Path

import pandas as pd

from ..report.numbers import DASH, missing, wan

CSS = Path(__file__).resolve().parents[1] / "templates" / "report" / "report.css"
STATUS = {"both": "两年均有", "added": "新增", "removed": "取消", "mapped": "科目调整（对照表）",
          "not stated": "上年数未说明"}
VIEWS = (("function", "按功能分类"), ("economic", "按经济分类"), ("split", "人员经费、公用经费与项目支出"))


def _basis(text: str) -> str:
    """`tables` / `stated by DOC` in Chinese: where the first year's column comes from."""
    if not text or text == "tables":
        return "该年文件的表格"
    return text.replace("stated by ", "下一年文件所述上年数：")


def chinese_table(df: pd.DataFrame) -> pd.DataFrame:
    """The comparison for reading: 万元 written out, percentages, statuses and headers in Chinese."""
    years = [c for c in df.columns if c.isdigit()]
    out = pd.DataFrame({"科目编码": df["code"].replace("", "合计"), "科目名称": df["name"]})
    for y in years:
        out[f"{y}年（万元）"] = (df[y] / 1e4).map(wan)
    out["增减（万元）"] = (df["change"] / 1e4).map(lambda v: wan(v, sign=True))
    out["增减幅度"] = df["change_pct"].map(lambda v: DASH if missing(v) else f"{v:+.1%}")
    out["状态"] = df["status"].map(lambda s: STATUS.get(s, s))
    out["文件所述增减（万元）"] = df["stated_change_wan"].map(lambda v: wan(v, sign=True))
    out["文件所述原因"] = df["stated_reason"].fillna("").replace("", DASH)
    out["科目调整说明"] = df["crosswalk_note"].fillna("").replace("", DASH)
    return out


def to_html(store, unit: str, years: list[int] | None = None) -> str:
    """One self-contained page: the three comparisons and the prior-year findings."""
    from ..report.display import html_table
    from ..report.sections import chinese_message
    from .years import check_prior_year, compare
    parts = []
    for by, title in VIEWS:
        df = compare(store, unit, years, by=by)
        docs = "；".join(f"{y}年：{d}" for y, d in df.attrs["documents"].items())
        basis = _basis(str(df["basis"].iloc[0])) if len(df) else ""
        parts.append(f"<h2>{escape(title)}</h2><p class='muted'>文件：{escape(docs)}。首年数据来源：{escape(basis)}。</p>"
                     + html_table(chinese_table(df)))
    findings = check_prior_year(store, unit)
    parts.append("<h2>上年数核对</h2>")
    if len(findings):
        shown = pd.DataFrame({"文件": findings["doc_id"], "科目编码": findings["code"],
                              "说明": findings["message"].map(chinese_message)})
        parts.append(html_table(shown, "t findings"))
    else:
        parts.append("<p>各文件所述上年数与上年文件的表格一致。</p>")
    return ("<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1.0'>"
            f"<title>{escape(unit)} 年度比较</title><style>{CSS.read_text(encoding='utf-8')}</style></head><body><main>"
            f"<h1>{escape(unit)} 年度比较</h1><p class='lead'>金额单位：万元。增减为末年减首年。</p>"
            + "".join(parts) + "<footer>由 budget-analysis 根据公开预算文件自动生成；数字以原文件为准。</footer>"
            "</main></body></html>")
