"""The verification rule (document/verification.py, checks/verdict.py) on hand-made grids: an error stands on a
table that reconciles and whose unit is known, and becomes a warning that says so when either fails."""
from budget_analysis.document.disclosure import from_raw
from budget_analysis.document.verification import verification
from budget_analysis.readers.grid import Grid, RawDocument

FUNCTION_HEAD = ["序号", "功能科目编码", "功能科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出"]
ECON_HEAD = ["序号", "部门经济科目编码", "部门经济科目名称", "合计", "人员经费支出", "公用经费支出", "专项业务经费支出"]
CLEAN = [["1", "", "合计", "300", "100", "50", "150"],
         ["2", "208", "社会保障和就业支出", "300", "100", "50", "150"],
         ["3", "20801", "人力资源和社会保障管理事务", "300", "100", "50", "150"],
         ["4", "2080101", "行政运行", "200", "100", "50", "50"],
         ["5", "2080109", "社会保险经办机构", "100", "0", "0", "100"]]
ECON = [["1", "", "合计", "290", "100", "50", "140"], ["2", "301", "工资福利支出", "290", "100", "50", "140"]]


def _doc(function_rows, unit="元"):
    grids = [Grid(title="2024年部门综合预算一般公共预算支出明细表（按功能科目分）", rows=[FUNCTION_HEAD] + function_rows,
                  page=3, unit_printed=unit),
             Grid(title="2024年部门综合预算一般公共预算支出明细表（按经济分类科目分）", rows=[ECON_HEAD] + ECON, page=4)]
    return from_raw(RawDocument(source="hand-made", grids=grids, text=[(1, "")], pages=1), "hand")


def _across(doc):
    f = doc.findings
    return f[(f["check_id"] == "total_across_tables") & f["message"].str.contains("一般公共预算支出合计")].iloc[0]


def test_reconciled_tables_let_the_error_stand():
    doc = _doc(CLEAN)
    v = verification(doc).set_index("table_kind")
    assert v.loc["gpb_by_function", "verified"] and v.loc["gpb_by_economic", "verified"]
    assert (v.loc["gpb_by_function", "page_first"], v.loc["gpb_by_function", "page_last"]) == (3, 3)
    assert list(verification(doc).columns)[:7] == ["table_kind", "table_title", "page_first", "page_last",
                                                    "unit_known", "reconciled", "verified"]
    f = _across(doc)
    assert f.severity == "error" and (f.expected, f.actual) == (300, 290)


def test_broken_total_makes_it_a_warning_that_says_why():
    rows = [r[:] for r in CLEAN]
    rows[0] = ["1", "", "合计", "320", "120", "50", "150"]      # 合计 ≠ Σ类: our reading of 表 p3 is unverified
    doc = _doc(rows)
    v = verification(doc).set_index("table_kind")
    assert not v.loc["gpb_by_function", "reconciled"] and not v.loc["gpb_by_function", "verified"]
    assert v.loc["gpb_by_economic", "verified"]
    f = _across(doc)
    assert f.severity == "warning"
    assert f.message.startswith("我们对一般公共预算支出表（功能分类）第3页的读取未经核实：表内 17 处合计关系中有 2 处不符")
    # the table's own sum error stands: both failing identities differ by the one misprinted 20
    own = doc.findings[doc.findings["check_id"] == "hierarchy_sum"]
    assert len(own) and (own["severity"] == "error").all()


def test_unknown_unit_makes_it_a_warning():
    doc = _doc(CLEAN, unit="")
    v = verification(doc).set_index("table_kind")
    assert not v.loc["gpb_by_function", "unit_known"] and v.loc["gpb_by_function", "reconciled"]
    f = _across(doc)
    assert f.severity == "warning" and "金额单位未能确定" in f.message


def test_a_total_read_twice_is_not_an_error_of_the_document():
    """A table continued over a page break and read twice: Σ类 is exactly twice the printed 合计."""
    rows = [r[:] for r in CLEAN] + [["6", "208", "社会保障和就业支出", "300", "100", "50", "150"]]
    doc = _doc(rows)
    v = verification(doc).set_index("table_kind")
    assert not v.loc["gpb_by_function", "isolated"] and "两倍" in v.loc["gpb_by_function", "reason"]
    own = doc.findings[doc.findings["check_id"] == "hierarchy_sum"]
    assert len(own) and (own["severity"] == "warning").all()


def test_codes_inferred_from_names_leave_the_table_unverified():
    """A table printing no codes (Hangzhou): the codes come from the names (code_source 'name'), so its hierarchy is
    our inference, and a sum that fails on it is a warning, never an error of the document."""
    rows = [[r[0], "", r[2]] + r[3:] for r in CLEAN]               # the code column left blank
    rows[0] = ["1", "", "合计", "320", "120", "50", "150"]
    doc = _doc(rows)
    lines = doc.lines[doc.lines["table_kind"] == "gpb_by_function"]
    assert set(lines.loc[lines["level"] > 0, "code_source"]) == {"name"} and "2080109" in set(lines["code"])
    v = verification(doc).set_index("table_kind")
    assert not v.loc["gpb_by_function", "verified"] and "由名称推断" in v.loc["gpb_by_function", "reason"]
    f = doc.findings[doc.findings["check_id"].isin(["hierarchy_sum", "total_across_tables"])]
    assert len(f) and (f["severity"] != "error").all()
