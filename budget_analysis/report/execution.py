"""The report's 预算执行 section: shown only for a 决算 (a budget has no actuals to show).

Three tables and two charts: the largest under- and over-spends by 项 (budget, actual, difference, rate, the
document's stated reason), the execution rate by 类, and the “三公”经费 planned against spent. The budget is the
one `analysis.execution` finds for the document alone: the 决算's own 年初预算 statements (`basis` says so).
"""
from __future__ import annotations

import pandas as pd

from ..analysis.execution import execution, three_public_execution
from ..normalise.catalog import measure_title
from .sections import DASH, wan


def applies(doc) -> bool:
    return doc.meta.get("kind") == "final_accounts"


def _rate(v) -> str:
    return DASH if pd.isna(v) else f"{v:.2f}%"


def _table(rows: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({
        "科目编码": rows["code"].replace("", "合计"), "科目名称": rows["name"],
        "预算（万元）": rows["budget_wan"].map(wan), "决算（万元）": rows["actual_wan"].map(wan),
        "差额（万元）": rows["difference_wan"].map(lambda v: wan(v, sign=True)),
        "完成率": rows["rate_pct"].map(_rate), "文件所述原因": rows["reason"].fillna("").replace("", DASH)})


def deviations(doc, n: int = 10) -> pd.DataFrame:
    """The `n` 项 whose actual differs most from the budget, largest first."""
    e = execution(doc)
    rows = e[(e["level"] == 3) & e["budget_wan"].notna() & (e["difference_wan"] != 0)]
    rows = rows.reindex(rows["difference_wan"].abs().sort_values(ascending=False).index).head(n)
    return _table(rows)


def by_class(doc) -> pd.DataFrame:
    """The 合计 and each 类 with a budget: budget, actual, rate."""
    e = execution(doc)
    return _table(e[(e["level"] <= 1) & e["budget_wan"].notna()])


def three_public(doc) -> pd.DataFrame:
    t = three_public_execution(doc)
    return pd.DataFrame({"项目": [measure_title(i) if i != "total" else "“三公”经费合计" for i in t["item"]],
                         "预算数（万元）": t["budget_wan"].map(wan), "决算数（万元）": t["actual_wan"].map(wan),
                         "完成率": t["rate_pct"].map(_rate)})


def basis_note(doc) -> str:
    e = execution(doc)
    if e["basis"].iloc[0] == "stated":
        return "预算数取自决算说明中逐项列出的年初预算（未说明的类、款为其下各项之和）；未列预算的科目不计完成率。"
    return f"预算数取自 {e['budget_doc'].iloc[0]}。"


def section(doc) -> None:
    """Put the section on the page (a 决算 only)."""
    if not applies(doc):
        return
    from IPython.display import HTML, display
    from ..charts.execution import execution_chart, three_public_chart
    from . import display as rp
    display(HTML("<h2>六、预算执行（决算）</h2>"))
    rp.text(f"金额单位：万元。{basis_note(doc)}", "muted")
    rp.table(deviations, doc, title="执行偏差最大的项（预算与决算之差）", empty="决算说明未逐项列出预算。")
    rp.table(by_class, doc, title="按类的完成率", empty="决算说明未列出各类预算。")
    rp.chart(execution_chart, doc)
    rp.table(three_public, doc, title="“三公”经费 预算与决算", empty="本文件未列“三公”经费预算与决算。")
    rp.chart(three_public_chart, doc)
