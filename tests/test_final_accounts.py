"""决算 (final accounts, issue 17): every 决算 of ../shared/wide extracts, its function tables reconcile, its
execution statements become claims. Figures are the printed ones (万元 × 10,000 = 元), page by page."""
from __future__ import annotations

import pandas as pd
import pytest

from budget_analysis.normalise.catalog import recognise
from conftest import WIDE, loaded, needs_wide

FB = WIDE / "shanghai" / "shanghai_putuo_finance_bureau_2024_dept_final_accounts.pdf"
PARTY = WIDE / "shanghai" / "shanghai_putuo_party_social_work_dept_2024_dept_final_accounts.pdf"
PLANNING = WIDE / "shanghai" / "shanghai_putuo_planning_natural_resources_bureau_2024_dept_final_accounts.pdf"
XIAN = WIDE / "shaanxi" / "shaanxi_xian_health_commission_2022_dept_final_accounts.pdf"
ALL = [FB, PARTY, PLANNING, XIAN]
def yuan(wan: float) -> float:
    return round(wan * 10000, 2)


def value(doc, kind, measure, code="", name=None, page=None):
    l = doc.lines[(doc.lines["table_kind"] == kind) & (doc.lines["measure"] == measure)]
    l = l[l["code"] == code] if name is None else l[l["name"] == name]
    if page is not None:
        l = l[l["page"] == page]
    assert len(l) == 1, (kind, measure, code, name, len(l))
    return l["amount_yuan"].iloc[0]


def test_titles_of_the_mof_template():
    assert recognise("收入支出决算总表") == "final_summary"
    assert recognise("2024收入支出决算总表") == "final_summary"
    assert recognise("财政拨款收入支出决算总表") == "final_appropriation_summary"
    assert recognise("一般公共预算财政拨款基本支出决算表") == "final_basic_by_economic"
    assert recognise("一般公共预算财政拨款支出决算表") == "final_gpb_by_function"
    assert recognise("政府性基金预算财政拨款收入支出决算表") == "final_gov_fund"
    assert recognise("财政拨款“三公”经费及会议费、培训费支出决算表") == "final_three_public"
    assert recognise("收入决算表") == "final_revenue" and recognise("支出决算表") == "final_expenditure"
    # Xi'an health 2022 p62: a 绩效自评表 whose project name says 政府采购 is no procurement table
    assert recognise("西安市级采供血业务经费（政府采购部分）项目绩效自评表（2022年度）") == "final_performance"
    # budgets keep their kinds
    assert recognise("一般公共预算支出表") == "gpb_by_function" and recognise("收支总表") == "summary"


@needs_wide
@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_every_final_accounts_document_extracts_and_reconciles(path):
    doc = loaded(path)
    assert doc.meta["kind"] == "final_accounts" and doc.meta["unit_kind"] == "department"
    kinds = set(doc.lines["table_kind"])
    assert {"final_summary", "final_revenue", "final_expenditure", "final_appropriation_summary",
            "final_gpb_by_function", "final_basic_by_economic"} <= kinds
    f = doc.findings
    # the function tables add up in every column (only display rounding of 0.01 万元 remains)
    sums = f[f["check_id"].isin(["hierarchy_sum", "row_identity", "final_row_identity", "final_balance",
                                 "final_summary_sum", "final_personnel_public", "final_across_tables"])]
    assert sums.empty, sums["message"].tolist()
    errors = f[f["severity"] == "error"]
    assert list(zip(errors["check_id"], errors["page"])) == REAL_ERRORS.get(path.stem, []), errors["message"].tolist()


# every error on the four 决算, each reviewed against the printed page
REAL_ERRORS = {
    # p21 “上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元”: the 财政拨款收入支出决算总表 (p12) says 总计 2,961.68
    FB.stem: [("final_narrative_vs_table", 21)],
    # p18 “年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%”: 95.89% is of 全年预算
    PARTY.stem: [("final_execution_rate", 18)],
}


@needs_wide
def test_putuo_finance_bureau_2024_figures():
    doc = loaded(FB)
    assert doc.meta["unit_name"] == "上海市普陀区财政局" and doc.meta["year"] == 2024
    # p6 收入支出决算总表
    assert value(doc, "final_summary", "revenue", name="本年收入合计") == yuan(2946.25)
    assert value(doc, "final_summary", "revenue", name="年初结转和结余") == yuan(49.14)
    assert value(doc, "final_summary", "expenditure", name="本年支出合计") == yuan(2940.05)
    assert value(doc, "final_summary", "expenditure", name="年末结转和结余") == yuan(55.34)
    # p8 收入决算表: 类 | 款 | 项 printed in the 合计 row's first cells
    assert value(doc, "final_revenue", "other_income", "2010602") == yuan(6.19)
    # p15 一般公共预算财政拨款支出决算表
    assert value(doc, "final_gpb_by_function", "actual") == yuan(2940.05)
    assert value(doc, "final_gpb_by_function", "basic") == yuan(2336.91)
    assert value(doc, "final_gpb_by_function", "project", "2010601") == yuan(8.37)
    # p16 基本支出决算表, two panels side by side
    assert value(doc, "final_basic_by_economic", "actual", "301") == yuan(2082.85)
    assert value(doc, "final_basic_by_economic", "actual", "310") == yuan(13.58)
    assert value(doc, "final_basic_by_economic", "personnel") == yuan(2152.26)
    assert value(doc, "final_basic_by_economic", "public") == yuan(184.65)
    # p18 三公: 预算数 0.95 (all 公务接待费), 决算数 0
    assert value(doc, "final_three_public", "total", name="预算数") == yuan(0.95)
    assert value(doc, "final_three_public", "reception", name="预算数") == yuan(0.95)
    assert value(doc, "final_three_public", "total", name="决算数") == 0.0


@needs_wide
def test_putuo_party_and_planning_2024_figures():
    party, planning = loaded(PARTY), loaded(PLANNING)
    # party p12: codes in one cell
    assert value(party, "final_gpb_by_function", "project", "201") == yuan(202.24)
    assert value(party, "final_gpb_by_function", "actual", "2013999") == yuan(202.24)
    assert value(party, "final_basic_by_economic", "personnel") == yuan(95.36)  # p13
    # planning p7 总表 and p14-15 function table; p17 三公 预算 2.85, 决算 0.39
    assert value(planning, "final_summary", "revenue", name="年初结转和结余") == yuan(112.88)
    assert value(planning, "final_gpb_by_function", "actual") == yuan(9746.50)
    assert value(planning, "final_gpb_by_function", "actual", "212") == yuan(3832.36)
    assert value(planning, "final_basic_by_economic", "actual", "302") == yuan(440.90)
    assert value(planning, "final_three_public", "reception", name="决算数") == yuan(0.39)
    assert value(planning, "final_three_public", "total", name="预算数") == yuan(2.85)


@needs_wide
def test_xian_health_2022_figures():
    doc = loaded(XIAN)
    assert doc.meta["year"] == 2022
    t = doc.tables
    # the titles sit above the 公开NN表 label (p146-161): the label is the number
    assert set(t.loc[t["kind"] == "final_summary", "printed_number"]) == {"公开01表"}
    # p146 总表 with 行次 columns
    assert value(doc, "final_summary", "revenue", name="本年收入合计") == yuan(2015094.22)
    assert value(doc, "final_summary", "revenue", name="年初结转和结余") == yuan(465278.48)
    assert value(doc, "final_summary", "expenditure", name="结余分配") == yuan(6374.88)
    assert value(doc, "final_summary", "expenditure", name="总计") == yuan(2480372.70)
    # p154 一般公共预算财政拨款支出决算表, p157 基本支出 in three panels, p159 政府性基金
    assert value(doc, "final_gpb_by_function", "actual") == yuan(296047.75)
    assert value(doc, "final_gpb_by_function", "project") == yuan(197441.45)
    assert value(doc, "final_basic_by_economic", "actual", "301") == yuan(92835.98)
    assert value(doc, "final_basic_by_economic", "actual", "310") == yuan(7.17)
    assert value(doc, "final_basic_by_economic", "personnel") == yuan(96513.21)
    assert value(doc, "final_gov_fund", "carry_in") == yuan(58830.98)
    assert value(doc, "final_gov_fund", "revenue_year") == yuan(509220.66)
    # p161 三公 with a 预算数 row and a 决算数 row
    assert value(doc, "final_three_public", "total", name="预算数") == yuan(593.46)
    assert value(doc, "final_three_public", "total", name="决算数") == yuan(587.55)
    assert value(doc, "final_three_public", "training", name="决算数") == yuan(2795.78)
    # 89 绩效自评表 (p30-143), none read as procurement
    assert (t["kind"] == "final_performance").sum() == t["title"].str.contains("绩效自评").sum() == 89
    assert "procurement" not in set(t["kind"])


def _execution(doc) -> pd.DataFrame:
    c = doc.claims
    return c[c["budget_wan"].notna() | c["budget_adjusted_wan"].notna() | c["execution_pct"].notna()]


@needs_wide
def test_execution_statements_become_claims():
    fb = _execution(loaded(FB))
    total = fb[fb["subject"] == "一般公共预算财政拨款支出"].iloc[0]  # p21
    assert (total["budget_wan"], total["amount_wan"], total["execution_pct"]) == (2993.92, 2940.05, 98.20)
    assert total["direction"] == "under" and total["reason"].startswith("因年度工作计划安排")
    item = fb[fb["code"] == "2010601"].iloc[0]  # p22 行政运行
    assert (item["budget_wan"], item["amount_wan"], item["page"]) == (1560.05, 1511.89, 22)
    assert item["reason"] == "人员进出及退休变化，减少人员经费开支"
    assert fb.loc[fb["code"] == "2010602", "direction"].iloc[0] == "level"  # 决算数与预算数基本持平
    three = fb[fb["subject"] == "“三公”经费财政拨款支出"].iloc[0]  # p23: the reason after the parts is the total's
    assert three["budget_wan"] == 0.95 and three["reason"] == "当年度无“三公”经费支出"

    xian = _execution(loaded(XIAN))
    hospital = xian[xian["code"] == "2100202"].iloc[0]  # p14: 中医(民族)医院, a name with brackets
    assert (hospital["budget_wan"], hospital["amount_wan"], hospital["execution_pct"]) == (4379.61, 19028.68, 434.48)
    assert hospital["direction"] == "over"
    car = xian[xian["subject"] == "公务用车购置费"].iloc[0]  # p21: subject from the heading 2.公务用车购置费支出情况说明
    assert (car["budget_wan"], car["amount_wan"]) == (136.48, 136.48)

    party = _execution(loaded(PARTY))
    total = party[party["subject"] == "一般公共预算财政拨款支出"].iloc[0]  # p18: 年初 0, 全年 321.02
    assert (total["budget_wan"], total["budget_adjusted_wan"], total["execution_pct"]) == (0.0, 321.02, 95.89)
    assert total["execution_basis"] == "budget_initial"  # the text says 完成年初预算的 95.89%
    run = party[party["code"] == "2013901"].iloc[0]  # p18: 全年预算为52.00万元 … 完成全年预算数的98.69%
    assert pd.isna(run["budget_wan"]) and run["budget_adjusted_wan"] == 52.0
    assert run["execution_basis"] == "budget_adjusted"


BUDGET_2025 = WIDE / "shanghai" / "shanghai_putuo_finance_bureau_2025_dept_budget.pdf"


@needs_wide
def test_execution_from_the_final_accounts_own_statements():
    import budget_analysis as ba
    e = ba.execution([loaded(FB)], unit="上海市普陀区财政局", year=2024)
    assert set(e["basis"]) == {"stated"}
    run = e[e["code"] == "2010601"].iloc[0]  # p22: 年初预算 1560.05, p15: 决算 1511.89
    assert (run["budget_wan"], run["actual_wan"], run["difference_wan"]) == (1560.05, 1511.89, -48.16)
    assert run["rate_pct"] == 96.91 and run["reason"] == "人员进出及退休变化，减少人员经费开支"
    total = e[e["code"] == ""].iloc[0]  # p21: 2993.92 planned, 2940.05 spent, stated 98.20%
    assert (total["budget_wan"], total["actual_wan"], total["stated_rate_pct"]) == (2993.92, 2940.05, 98.2)
    # a 类 whose every 项 states its budget takes their sum: 208 = 85.55 + 161.62 + 80.81 + 0.94 (p22)
    assert e.loc[e["code"] == "208", "budget_wan"].iloc[0] == 328.92


@needs_wide
def test_execution_against_an_adjacent_year_is_labelled():
    import budget_analysis as ba
    docs = [loaded(FB), loaded(BUDGET_2025)]
    with pytest.raises(LookupError):
        ba.execution(docs, unit="上海市普陀区财政局", year=2023)
    e = ba.execution(docs, unit="上海市普陀区财政局", year=2024, adjacent=True)
    assert set(e["basis"]) == {"adjacent_year:2025"}
    assert set(e["budget_doc"]) == {"shanghai_putuo_finance_bureau_2025_dept_budget"}
    run = e[e["code"] == "2010601"].iloc[0]  # 2025 预算 行政运行 1623.18408 万元 against the 2024 决算 1511.89
    assert run["budget_wan"] == pytest.approx(1623.1841) and run["actual_wan"] == 1511.89
    assert run["stated_budget_wan"] == 1560.05  # the 决算's own 年初预算 stays beside it
    assert set(ba.execution(docs, unit="上海市普陀区财政局", year=2024)["basis"]) == {"stated"}


@needs_wide
def test_three_public_planned_against_spent():
    from budget_analysis.analysis.execution import three_public_execution
    t = three_public_execution([loaded(XIAN)]).set_index("item")  # p161
    assert (t.loc["total", "budget_wan"], t.loc["total", "actual_wan"]) == (593.46, 587.55)
    assert t.loc["reception", "rate_pct"] == round(0.11 / 1.86 * 100, 2)


def _doc(lines: list[dict], claims: list[dict] | None = None, kind: str = "final_accounts"):
    """A hand-made 决算 of a few lines (元) and claims (万元)."""
    from budget_analysis.document.disclosure import Disclosure
    from budget_analysis.normalise.schema import frame
    base = dict(doc_id="t", unit_code="", table_title="t", classification="function", parent_code="",
                unit_printed="万元", page=3, decimals=2)
    rows = [dict(base, **l) for l in lines]
    return Disclosure(meta=dict(doc_id="t", kind=kind, unit_name="测试单位", year=2024), lines=frame("lines", rows),
                      projects=frame("projects"), indicators=frame("indicators"), claims=frame("claims", claims or []),
                      findings=frame("findings"), tables=frame("tables"))


def test_balance_and_row_identity_on_hand_made_tables():
    from budget_analysis.checks import final_accounts as fa
    summary = [dict(table_kind="final_summary", classification="none", code="", level=lvl, name=n, measure=m,
                    amount_yuan=a, row=r)
               for r, (n, m, a, lvl) in enumerate([("本年收入合计", "revenue", 1000000.0, 0),
                                                   ("年初结转和结余", "revenue", 200000.0, 1),
                                                   ("总计", "revenue", 1200000.0, 0),
                                                   ("本年支出合计", "expenditure", 900000.0, 0),
                                                   ("年末结转和结余", "expenditure", 200000.0, 1),
                                                   ("总计", "expenditure", 1200000.0, 0)])]
    found = fa.balance(_doc(summary))
    assert [f["check_id"] for f in found] == ["final_balance"] and found[0]["difference"] == -100000.0
    row = [dict(table_kind="final_expenditure", code="201", level=1, name="一般公共服务支出", measure=m, amount_yuan=a,
                row=5) for m, a in (("actual", 500000.0), ("basic", 300000.0), ("project", 150000.0),
                                    ("paid_to_superior", 0.0))]
    found = fa.row_identities(_doc(row))
    assert [(f["check_id"], f["expected"], f["actual"]) for f in found] == [("final_row_identity", 500000.0, 450000.0)]


def test_execution_rate_and_direction_on_hand_made_claims():
    from budget_analysis.checks import final_accounts as fa
    claim = dict(doc_id="t", subject="一般公共预算财政拨款支出", code="", amount_wan=90.0, budget_wan=100.0,
                 execution_pct=95.0, execution_basis="budget_initial", direction="over", page=4, sentence="…")
    doc = _doc([], [claim])
    assert [f["check_id"] for f in fa.execution_rates(doc)] == ["final_execution_rate"]
    assert [f["check_id"] for f in fa.execution_directions(doc)] == ["final_execution_direction"]
    fine = _doc([], [dict(claim, execution_pct=90.0, direction="under")])
    assert fa.execution_rates(fine) == [] and fa.execution_directions(fine) == []


@needs_wide
def test_report_section_and_charts_of_a_final_accounts():
    from budget_analysis.charts.execution import execution_chart, three_public_chart
    from budget_analysis.report import execution as rpx
    from budget_analysis.report.sections import unit_title
    doc = loaded(FB)
    assert rpx.applies(doc) and unit_title(doc) == "上海市普陀区财政局 2024年度决算"
    top = rpx.deviations(doc).iloc[0]  # p22: 行政运行 1560.05 → 1511.89, the largest gap
    assert (top["科目编码"], top["预算（万元）"], top["决算（万元）"], top["差额（万元）"]) == \
        ("2010601", "1,560.05", "1,511.89", "-48.16")
    assert rpx.by_class(doc).iloc[0]["完成率"] == "98.20%"  # 合计, p21
    fig = execution_chart(doc)  # glyph warnings are errors under pytest (pyproject)
    assert "行政运行" in " ".join(t.get_text() for t in fig.axes[0].get_yticklabels())
    assert fig.data["actual_wan"].max() == 1511.89
    fig = three_public_chart(loaded(XIAN))
    assert set(fig.data["item"]) >= {"total", "training"}
