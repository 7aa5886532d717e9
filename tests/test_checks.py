"""Each check on a small hand-made grid (one clean, one failing) and on the founding sample."""
import pytest

from budget_analysis.document.disclosure import from_raw
from budget_analysis.readers.grid import Grid, RawDocument

FUNCTION_HEAD = ["序号", "功能科目编码", "功能科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出"]
TITLE5 = "2024年部门综合预算一般公共预算支出明细表（按功能科目分）"


def doc_of(*grids: Grid, text: str = "") -> object:
    return from_raw(RawDocument(source="hand-made", grids=list(grids), text=[(1, text)], pages=1), "hand")


def function_grid(rows, title=TITLE5, unit="元") -> Grid:
    return Grid(title=title, rows=[FUNCTION_HEAD] + rows, page=3, unit_printed=unit)


CLEAN = [["1", "", "合计", "300", "100", "50", "150"],
         ["2", "208", "社会保障和就业支出", "300", "100", "50", "150"],
         ["3", "20801", "人力资源和社会保障管理事务", "300", "100", "50", "150"],
         ["4", "2080101", "行政运行", "200", "100", "50", "50"],
         ["5", "2080109", "社会保险经办机构", "100", "0", "0", "100"]]


def ids(doc, check_id):
    return doc.findings[doc.findings["check_id"] == check_id]


def test_hierarchy_and_identity_clean():
    doc = doc_of(function_grid(CLEAN))
    assert ids(doc, "hierarchy_sum").empty and ids(doc, "row_identity").empty


def test_hierarchy_sum_fails_with_figures():
    rows = [r[:] for r in CLEAN]
    rows[3] = ["4", "2080101", "行政运行", "210", "110", "50", "50"]   # child 10 too big on total and personnel
    f = ids(doc_of(function_grid(rows)), "hierarchy_sum")
    total = f[f["message"].str.contains("（合计）") & (f["code"] == "20801")].iloc[0]
    assert (total.expected, total.actual, total.difference) == (300, 310, 10)
    assert total.severity == "error" and total.page == 3


def test_row_identity_fails():
    rows = [r[:] for r in CLEAN]
    rows[4] = ["5", "2080109", "社会保险经办机构", "110", "0", "0", "100"]
    f = ids(doc_of(function_grid(rows)), "row_identity")
    assert f["code"].tolist() == ["2080109"] and f["difference"].iloc[0] == -10


def test_display_rounding_is_info_not_error():
    rows = [["1", "", "合计", "475907032.4", "475907032.4", "0", "0"],
            ["2", "210", "卫生健康支出", "475907032.4", "475907032.4", "0", "0"],
            ["3", "21011", "行政事业单位医疗", "475907032.42", "475907032.42", "0", "0"]]
    doc = doc_of(function_grid(rows))
    assert ids(doc, "hierarchy_sum").empty
    assert len(ids(doc, "display_rounding")) == 2   # total and personnel


def test_wan_tables_convert_and_keep_printed_unit():
    doc = doc_of(function_grid([["1", "", "合计", "1.5", "1.5", "0", "0"], ["2", "208", "社会保障和就业支出", "1.5", "1.5", "0", "0"]],
                               unit="万元"))
    row = doc.table("gpb_by_function", "total").iloc[0]
    assert row.amount_yuan == 15000 and row.unit_printed == "万元"


PROJECT_HEAD = ["序号", "单位编码", "单位（项目）名称", "项目金额", "项目简介"]


def project_grid(amount_b: str) -> Grid:
    return Grid(title="2024年部门综合预算专项业务经费支出表", page=9, rows=[
        PROJECT_HEAD, ["1", "", "合计", "300", ""], ["2", "115", "某局", "300", ""],
        ["3", "", "履职项目", "300", ""], ["4", "", "甲项目", "100", "甲"], ["5", "", "乙项目", amount_b, "乙"]])


def test_project_groups():
    assert ids(doc_of(project_grid("200")), "project_group_sum").empty
    f = ids(doc_of(project_grid("2000")), "project_group_sum")
    assert len(f) == 1                                   # reported once, not for every row above it
    assert "乙项目" in f["message"].iloc[0] and f["difference"].iloc[0] == 1800


def test_totals_across_tables():
    econ = Grid(title="2024年部门综合预算一般公共预算支出明细表（按经济分类科目分）", page=4, rows=[
        ["序号", "部门经济科目编码", "部门经济科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出"],
        ["1", "", "合计", "290", "100", "50", "140"], ["2", "301", "工资福利支出", "290", "100", "50", "140"]])
    f = ids(doc_of(function_grid(CLEAN), econ), "total_across_tables")
    assert f["message"].str.contains("一般公共预算支出合计").sum() == 1       # the 合计
    assert f["message"].str.contains("项目支出合计").sum() == 1               # and the 专项 column
    total = f[f["message"].str.contains("一般公共预算支出合计")].iloc[0]
    assert (total.expected, total.actual) == (300, 290)


NARRATIVE = ("第二部分 收支情况\n本单位当年一般公共预算支出 0.03 万元，其中：\n"
             "（1）社会保险经办机构（2080109）0.01 万元，较上年增加 0.01 万元，原因是新增人员。\n")


def test_narrative_against_table():
    doc = doc_of(function_grid(CLEAN), text=NARRATIVE)
    assert ids(doc, "narrative_vs_table").empty
    wrong = NARRATIVE.replace("（2080109）0.01", "（2080109）0.05")
    f = ids(doc_of(function_grid(CLEAN), text=wrong), "narrative_vs_table")
    assert f["code"].tolist() == ["2080109"] and (f.expected.iloc[0], f.actual.iloc[0]) == (100, 500)
    cut = NARRATIVE.replace("（2080109）0.01", "（2080109）0.02")   # 0.01 万 off: rounding, not an error
    assert ids(doc_of(function_grid(CLEAN), text=cut), "narrative_rounding")["code"].tolist() == ["2080109"]


PERF_HEAD = [["项目名称", "", "甲项目"], ["主管部门", "", "某局"], ["资金金额（万元）", "", "实施期资金总额：", "0.01"],
             ["年度绩效指标", "一级指标", "二级指标", "指标内容", "指标值"]]


def perf_grid(rows) -> Grid:
    return Grid(title="部门预算专项业务经费绩效目标表", page=12, rows=PERF_HEAD + rows)


GOOD_TARGETS = [["", "产出指标", "数量指标", "检查次数", "≥3次"], ["", "效益指标", "社会效益指标", "知晓率", "≥80%"],
                ["", "满意度指标", "服务对象满意度指标", "满意度", "≥95%"]]


def test_target_quality():
    clean = doc_of(project_grid("200"), perf_grid(GOOD_TARGETS))
    for check in ("target_placeholder", "target_rate_above_100", "indicator_duplicate", "indicator_category_missing"):
        assert ids(clean, check).empty, check
    bad = [["", "产出指标", "数量指标", "检查次数", "≥N次"], ["", "", "质量指标", "合格率", "≥120%"],
           ["", "", "质量指标", "合格率", "≥120%"]]
    doc = doc_of(project_grid("200"), perf_grid(bad))
    assert len(ids(doc, "target_placeholder")) == 1
    assert len(ids(doc, "target_rate_above_100")) == 2
    assert len(ids(doc, "indicator_duplicate")) == 1
    assert "缺少效益指标、满意度指标" in ids(doc, "indicator_category_missing")["message"].iloc[0]


def test_performance_coverage():
    doc = doc_of(project_grid("200"), perf_grid(GOOD_TARGETS), text="本单位绩效管理全覆盖，涉及一般公共预算当年拨款 0.03 万元。")
    f = ids(doc, "performance_coverage").iloc[0]
    assert f.severity == "error" and (f.expected, f.actual) == (300, 100)   # 甲 covered, 乙 not; 全覆盖 claimed
    quiet = doc_of(project_grid("200"), perf_grid(GOOD_TARGETS))
    assert ids(quiet, "performance_coverage")["severity"].tolist() == ["warning"]


# the founding sample: the genuine problems the checks must find on their own
@pytest.mark.parametrize("check_id,code,expected,actual", [
    ("narrative_vs_table", "2080505", 238_707, 358_100),      # 35.81 万 is 20805, not 2080505 (23.87 万)
    ("narrative_vs_table", "2080109", 1_732_335, 2_341_600),  # 人员经费 234.16 万 is the unit's, not 2080109's
    ("narrative_vs_table", "502", 609_600, 606_900),          # 60.69 typed for 60.96
    ("project_group_sum", "", 51_104_000, 145_064_000),       # 104,400,000 printed for 10,440,000
    ("performance_coverage", "", 131_104_000, 664_000),       # 66.4 of 13110.4 万 while claiming 全覆盖
])
def test_sample_findings(sample, check_id, code, expected, actual):
    f = sample.findings
    hit = f[(f.check_id == check_id) & (f.code == code) & (f.expected == expected) & (f.actual == actual)]
    assert len(hit) == 1 and hit.severity.iloc[0] == "error"


def test_sample_quality_findings(sample):
    f = sample.findings
    assert len(f[f.check_id == "target_placeholder"]) == 3
    assert f[f.check_id == "narrative_code_unknown"]["code"].tolist() == ["501", "502", "999"]
    assert f[f.check_id == "indicator_duplicate"]["message"].str.contains("涉及人数").all()
    assert set(f.severity[f.check_id.isin(["hierarchy_sum", "row_identity", "total_across_tables"])]) == set()


def test_every_check_id_in_the_code_is_registered_with_a_chinese_title():
    import ast
    import re
    from pathlib import Path

    from budget_analysis.checks.registry import CHECKS
    source = Path(__file__).resolve().parents[1] / "budget_analysis"
    makers = {"finding", "_compare", "_same", "_check"}
    ids = set()
    for f in source.rglob("*.py"):
        for node in ast.walk(ast.parse(f.read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in makers:
                first = node.args[0] if node.args else None  # check_id comes first in every maker
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    ids.add(first.value)
    assert {"hierarchy_sum", "row_identity", "total_across_tables", "table_missing"} <= ids
    assert ids <= set(CHECKS), ids - set(CHECKS)
    assert all(re.search(r"[\u4e00-\u9fff]", c.title) for c in CHECKS.values())


def test_finding_refuses_an_unknown_id_and_a_worse_severity():
    from budget_analysis.checks.registry import finding
    with pytest.raises(KeyError):
        finding("no_such_check", "info", "x")
    with pytest.raises(ValueError):
        finding("display_rounding", "error", "x")  # registered as info


def test_contract_lists_every_registered_check():
    import importlib.util
    from pathlib import Path
    root = Path(__file__).resolve().parents[1]
    spec = importlib.util.spec_from_file_location("build_docs", root / "scripts" / "build_docs.py")
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    text = build.CONTRACT.read_text(encoding="utf-8")
    assert build.render(text) == text, "docs/contract.md is stale: run scripts/build_docs.py"
