"""Reviewer-style text checks: each on a hand-written sentence that passes and one that fails, and the sample."""
import pytest

from budget_analysis.reference.classification import current_name, known_names
from budget_analysis.document.disclosure import from_raw
from budget_analysis.readers.grid import Grid, RawDocument

HEAD = ["序号", "功能科目编码", "功能科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出"]
ROWS = [["1", "", "合计", "300", "100", "50", "150"], ["2", "208", "社会保障和就业支出", "300", "100", "50", "150"],
        ["3", "20801", "人力资源和社会保障管理事务", "300", "100", "50", "150"],
        ["4", "2080109", "社会保险经办机构", "300", "100", "50", "150"]]
TITLE = "2024年单位综合预算一般公共预算支出明细表（按功能科目分）"
COVER = "某某中心\n2024年单位预算公开说明\n第二部分 收支情况\n"


def doc_of(text: str, *grids: Grid, title: str = TITLE):
    grid = Grid(title=title, rows=[HEAD] + ROWS, page=3)
    return from_raw(RawDocument(source="hand", grids=[grid, *grids], text=[(1, COVER + text)], pages=1), "hand")


def ids(doc, check_id):
    return doc.findings[doc.findings["check_id"] == check_id]


@pytest.mark.parametrize("check_id,good,bad", [
    ("change_arithmetic", "本单位当年预算收入200.00万元，上年预算收入150.00万元，较上年增加50.00万元，原因是人员增加。",
     "本单位当年预算收入200.00万元，上年预算收入150.00万元，较上年增加40.00万元，原因是人员增加。"),
    ("change_percent", "本单位当年预算收入150.00万元，较上年增加50.00万元，增长50.00%，原因是人员增加。",
     "本单位当年预算收入150.00万元，较上年增加50.00万元(33.33%)，原因是人员增加。"),
    ("change_direction", "本单位当年预算收入150.00万元，较上年减少50.00万元，下降25.00%，原因是人员减少。",
     "本单位当年预算收入150.00万元，较上年减少50.00万元，增长25.00%，原因是人员减少。"),
    ("change_direction_missing", "社会保险经办机构(2080109)0.03万元，较上年增加0.69万元，原因是人员增加。",
     "社会保险经办机构(2080109)0.03万元，较上年资金0.69万元，原因是人员增加。"),
    ("reason_empty", "本单位当年预算收入150.00万元，较上年增加50.00万元，主要原因是人员增加。",
     "本单位当年预算收入150.00万元，较上年增加50.00万元，主要原因是。"),
    ("reason_missing", "本单位当年预算收入150.00万元，较上年增加50.00万元，本年度补贴增加。",
     "本单位当年预算收入150.00万元，较上年增加50.00万元。"),
    ("comparison_year", "本单位当年预算收入150.00万元，比2023年增加50.00万元，原因是人员增加。",
     "本单位当年预算收入150.00万元，比2022年增加50.00万元，原因是人员增加。"),
    ("current_year_as_prior", "2024年本单位财政拨款支出150.00万元，较上年增加50.00万元，原因是人员增加。",
     "2023年本单位财政拨款支出150.00万元，较上年增加50.00万元，原因是人员增加。"),
    ("as_of_year", "截至2023年底，本单位共有车辆0辆。", "截至2021年底，本单位共有车辆0辆。"),
    ("code_name_mismatch", "社会保险经办机构(2080109)0.03万元。", "医疗保险经办机构(2080109)0.03万元。"),
    ("code_name_outdated", "卫生健康支出(210)0.03万元。", "医疗卫生与计划生育支出(210)0.03万元。"),
    ("amount_conflict", "(1)社会保险经办机构(2080109)0.03万元。\n(2)社会保险经办机构(2080109)0.03万元。",
     "(1)社会保险经办机构(2080109)0.03万元。\n(2)社会保险经办机构(2080109)0.05万元。"),
    ("template_placeholder", "本单位无公务接待费预算。", "本单位无XX经费预算。"),
    ("template_instruction", "本单位当年一般公共预算支出0.03万元。",
     "(按照部门预算支出经济分类的类级科目说明当年一般公共预算拨款支出情况。)"),
    ("unit_kind_mismatch", "2024年单位预算公开报表", "2024年部门预算公开报表"),
    ("doubled_punctuation", "本单位无政府采购预算。", "本单位无政府采购预算。。"),
    ("repeated_word", "本单位当年公用经费4.56万元。", "本单位当年公用经费公用经费4.56万元。"),
    ("unbalanced_brackets", "本单位(含下属单位)无政府采购预算。", "本单位(含下属单位无政府采购预算。"),
])
def test_text_check(check_id, good, bad):
    assert ids(doc_of(good), check_id).empty
    f = ids(doc_of(bad), check_id)
    assert len(f) >= 1 and f["page"].iloc[0] in (1, None) or f["page"].isna().iloc[0]


def test_change_arithmetic_figures():
    f = ids(doc_of("本单位当年预算收入200.00万元，上年预算收入150.00万元，较上年增加40.00万元，原因是人员增加。"),
            "change_arithmetic").iloc[0]
    assert (f.expected, f.actual, f.severity) == (50, 40, "error")


def test_change_belongs_to_the_head_of_a_list():
    ok = "本部门当年预算收入4203.47万元，其中：一般公共预算拨款4005.29万元、其他收入100.00万元，较上年增加142.30万元，增长3.50%，原因是人员增加。"
    assert ids(doc_of(ok), "change_percent").empty


THREE_HEAD = [["序号", "单位编码", "单位名称", "当年", "", "", "", "", "", "", "", ""],
              ["", "", "", "合计", "“三公”经费", "", "", "", "", "", "会议费", "培训费"],
              ["", "", "", "", "小计", "因公出国（境）费用", "公务接待费", "公务用车购置及运行维护费", "", "", "", ""],
              ["", "", "", "", "", "", "", "小计", "公务用车购置费", "公务用车运行费", "", ""]]


def three_grid(total: str) -> Grid:
    return Grid(title="2024年部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表", page=9, rows=THREE_HEAD + [
        ["1", "", "合计", total, "30000", "0", "10000", "20000", "0", "20000", "5000", "5000"]])


def test_three_public():
    text = "本单位当年一般公共预算“三公”经费预算支出3.00万元。其中：因公出国(境)经费0万元；公务接待费1.00万元；公务用车运行维护费2.00万元；公务用车购置费0万元。"
    clean = doc_of(text, three_grid("40000"))
    assert clean.findings["check_id"].str.startswith("three_public").sum() == 0
    bad = doc_of(text.replace("公务接待费1.00", "公务接待费1.50"), three_grid("50000"))
    assert ids(bad, "three_public_sum")["expected"].tolist() == [40000]
    assert len(ids(bad, "three_public_text_sum")) == 1
    assert ids(bad, "three_public_text_vs_table")["actual"].tolist() == [1.5]


def test_table_title_year():
    assert ids(doc_of(""), "table_title_year").empty
    assert len(ids(doc_of("", title=TITLE.replace("2024", "2023")), "table_title_year")) == 1


def test_classification_names():
    assert current_name("210", 2018) == "医疗卫生与计划生育支出"
    assert current_name("210", 2024) == "卫生健康支出"
    assert "社会保险经办机构" in set(known_names("2080109")["name"])


def test_from_store_text_checks_are_quiet(sample):
    from dataclasses import replace
    doc = replace(sample, raw=None)
    from budget_analysis.checks import text_hygiene, text_template, text_reasons
    assert text_hygiene.text_hygiene(doc) == [] and text_template.template_leftovers(doc) == []
    assert text_reasons.reasons(doc) == []


def test_sample_text_findings(sample):
    f = sample.findings
    assert len(ids(sample, "template_instruction")) == 3                   # 3 instruction paragraphs left in
    assert ids(sample, "template_placeholder").empty                       # its XX is inside an instruction
    assert "公用经费" in ids(sample, "repeated_word")["message"].iloc[0]
    assert "0.69" in ids(sample, "change_direction_missing")["message"].iloc[0]
    assert ids(sample, "reason_missing").empty                             # item (4) gives its reason unmarked
    assert ids(sample, "unit_kind_mismatch").empty                         # 部门综合预算 table titles are the template's
    assert "子洲机关" in ids(sample, "unit_name_mismatch")["message"].iloc[0]
    assert set(ids(sample, "code_name_mismatch")["code"]) == {"501", "502", "506", "510"}
    assert f[f.check_id.str.startswith("three_public")].empty             # all 0, consistent
    assert ids(sample, "change_arithmetic").empty and ids(sample, "change_percent").empty
