"""Each reviewer check (checks/reviewer.py, checks/reviewer_consistency.py, the narrative part of
unit_kind_mismatch) on a case that passes and one that fails: real pages where the issue names one, else
hand-made grids and sentences."""
from __future__ import annotations

import pytest

from budget_analysis.checks.registry import CHECKS
from budget_analysis.document.disclosure import from_raw
from budget_analysis.readers.grid import Grid, RawDocument
from conftest import needs_corpus, needs_wide
from pagedocs import pages
from test_checks import CLEAN, PERF_HEAD, GOOD_TARGETS, doc_of, function_grid, ids, perf_grid, project_grid

TWO_CLASSES = [["1", "", "合计", "300", "100", "50", "150"],
               ["2", "201", "一般公共服务支出", "100", "100", "0", "0"],
               ["3", "20101", "人大事务", "100", "100", "0", "0"],
               ["4", "210", "卫生健康支出", "200", "0", "50", "150"],
               ["5", "21011", "行政事业单位医疗", "200", "0", "50", "150"]]


def _text(text: str, *grids: Grid, cover: str = ""):
    pages_ = [(1, cover), (2, text)] if cover else [(1, text)]
    return from_raw(RawDocument(source="hand-made", grids=list(grids) or [function_grid(CLEAN)], text=pages_,
                                pages=len(pages_)), "hand")


def test_every_reviewer_check_is_registered():
    for check_id in ("procurement_sum", "procurement_reserved", "zero_still_changes", "code_impossible",
                     "kuan_without_xiang", "target_at_bound", "bracket_code_name", "income_expenditure_change",
                     "empty_table_fund", "performance_money_vs_projects", "change_parts_vs_whole",
                     "unit_kind_mismatch"):
        assert CHECKS[check_id].severity == "warning" and CHECKS[check_id].rests_on


# --- the six on main ---

def test_procurement_sum():
    ok = _text("2026年政府采购预算总额100.00万元，其中：货物30.00万元、工程0万元、服务70.00万元。")
    assert ids(ok, "procurement_sum").empty
    bad = _text("2026年政府采购预算总额100.00万元，其中：货物30.00万元、工程0万元、服务60.00万元。")
    f = ids(bad, "procurement_sum").iloc[0]
    assert (f.expected, f.actual) == (1_000_000, 900_000)


def test_procurement_reserved():
    ok = _text("2026年政府采购预算总额100.00万元，其中为中小企业预留采购份额50.00万元。")
    assert ids(ok, "procurement_reserved").empty
    bad = _text("2026年政府采购预算总额100.00万元，其中为中小企业预留采购份额120.00万元。")
    assert ids(bad, "procurement_reserved")["actual"].tolist() == [1_200_000]


@needs_corpus
def test_zero_still_changes_putuo_wanli_2023_p6():
    doc = pages("shanghai/shanghai_putuo_wanli_subdistrict_2023_dept_budget.pdf", (6, 10, 11))
    f = ids(doc, "zero_still_changes")
    assert (f["actual"] == 14_212_500).any() and (f["page"] == 6).all()   # 为0万元，…比上年增加1421.25万元
    assert ids(_text("本单位政府性基金拨款支出预算为0万元，与上年持平。"), "zero_still_changes").empty


@needs_wide
def test_code_impossible_putuo_social_welfare_2024_p11():
    doc = pages("shanghai/shanghai_putuo_social_welfare_institute_2024_unit_budget.pdf", (11,))
    f = ids(doc, "code_impossible")                                  # `7 11 02 事业单位医疗`: the 类 printed `7`
    assert f["code"].str.startswith("7").any() and (f["page"] == 11).all()
    assert ids(doc_of(function_grid(CLEAN)), "code_impossible").empty


@needs_wide
def test_kuan_without_xiang_xian_justice_2026_p34():
    doc = pages("shaanxi/shaanxi_xian_justice_bureau_2026_dept_budget.pdf", (34,))
    assert (ids(doc, "kuan_without_xiang")["code"] == "20408").any()   # 强制隔离戒毒 52,861,731.67 without 项
    assert ids(doc_of(function_grid(CLEAN)), "kuan_without_xiang").empty


def test_target_at_bound():
    ok = doc_of(project_grid("200"), perf_grid(GOOD_TARGETS))
    assert ids(ok, "target_at_bound").empty
    bound = [["", "产出指标", "数量指标", "检查次数", "≥3次"], ["", "效益指标", "社会效益指标", "达标率", "≥100%"],
             ["", "满意度指标", "服务对象满意度指标", "满意度", "≥95%"]]
    assert len(ids(doc_of(project_grid("200"), perf_grid(bound)), "target_at_bound")) == 1


# --- built for issue 13 ---

def test_bracket_code_name_shanghai_style():
    grid = function_grid(TWO_CLASSES)
    ok = _text("卫生健康支出（210类）行政事业单位医疗（11款）200.00万元，主要用于职工医疗。", grid)
    assert ids(ok, "bracket_code_name").empty
    bad = _text("医疗卫生与计划生育支出（210类）行政事业单位医疗（11款）200.00万元，主要用于职工医疗。", grid)
    f = ids(bad, "bracket_code_name")
    assert f["code"].tolist() == ["210"] and "卫生健康支出" in f["message"].iloc[0]


def test_bracket_code_name_against_the_classification_when_no_table_prints_it():
    bad = _text("教育支出（201类）人大事务（01款）行政运行（01项）10.00万元。", function_grid(CLEAN),
                cover="某单位2026年单位预算")
    assert "一般公共服务支出" in ids(bad, "bracket_code_name")["message"].iloc[0]


def test_income_expenditure_change():
    ok = _text("2026年收入预算300.00万元，比上年增加10.00万元。2026年支出预算300.00万元，比上年增加10.00万元。")
    assert ids(ok, "income_expenditure_change").empty
    bad = _text("2026年收入预算300.00万元，比上年增加10.00万元。2026年支出预算300.00万元，比上年减少10.00万元。")
    f = ids(bad, "income_expenditure_change").iloc[0]
    assert (f.expected, f.actual) == (100_000, -100_000)


def test_empty_table_fund():
    title = "2026年部门综合预算政府性基金收支表\n"
    ok = _text(title + "注：本表为空表，本单位2026年无政府性基金预算收支。")
    assert ids(ok, "empty_table_fund").empty
    bad = _text(title + "注：本表为空表，本单位2026年无国有资本经营预算收支。")
    assert "国有资本经营" in ids(bad, "empty_table_fund")["message"].iloc[0]


def test_performance_money_vs_projects():
    # the target table states 0.01 万元 for 甲 (100 元); the projects spend 300 元
    short = doc_of(project_grid("200"), perf_grid(GOOD_TARGETS))
    f = ids(short, "performance_money_vs_projects").iloc[0]
    assert (f.expected, f.actual) == (300, 100)
    secret = doc_of(project_grid("200"), perf_grid(GOOD_TARGETS),
                    text="乙项目绩效目标表，本部门按照保密审查机制确定此项内容为涉密内容，按规定不予公开。")
    assert ids(secret, "performance_money_vs_projects").empty
    full = [["项目名称", "", "甲项目"], ["主管部门", "", "某局"], ["资金金额（万元）", "", "实施期资金总额：", "0.03"],
            PERF_HEAD[3]]
    covered = doc_of(project_grid("200"), Grid(title="部门预算专项业务经费绩效目标表", page=12, rows=full + GOOD_TARGETS))
    assert ids(covered, "performance_money_vs_projects").empty


@needs_wide
def test_performance_money_counts_the_special_fund_table_xian_finance_2026_p59():
    doc = pages("shaanxi/shaanxi_xian_finance_bureau_2026_dept_budget.pdf", (21, 38, 39) + tuple(range(44, 60)))
    stated = doc.lines[doc.lines["table_kind"] == "performance_special_fund"]
    assert (stated["amount_yuan"] == 66_000_000).any()                 # 6,600 万元 on p59
    assert ids(doc, "performance_money_vs_projects").empty             # and p21 declares the rest 涉密


def test_change_parts_vs_whole():
    grid = function_grid(TWO_CLASSES)
    head = "2026年一般公共预算拨款支出300.00万元，比上年增加30.00万元。"
    ok = _text(head + "一般公共服务支出（201）100.00万元，比上年增加10.00万元；卫生健康支出（210）200.00万元，"
               "比上年增加20.00万元。", grid)
    assert ids(ok, "change_parts_vs_whole").empty
    bad = _text(head + "一般公共服务支出（201）100.00万元，比上年增加10.00万元；卫生健康支出（210）200.00万元，"
                "比上年增加15.00万元。", grid)
    f = ids(bad, "change_parts_vs_whole").iloc[0]
    assert (f.expected, f.actual) == (300_000, 250_000)


def test_unit_kind_mismatch_in_the_running_text():
    cover = "某某中心2026年单位预算"
    ok = _text("本单位2026年单位预算安排支出300.00万元。", cover=cover)
    assert ids(ok, "unit_kind_mismatch").empty
    bad = _text("本单位2026年部门预算安排支出300.00万元。", cover=cover)
    assert "部门预算安排" in ids(bad, "unit_kind_mismatch")["message"].iloc[0]
