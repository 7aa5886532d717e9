"""The unit of every table is found, never assumed (issue 12, failure classes 1 and 2), on real pages of
../shared/wide: printed values in 元 after conversion, where the unit was found, the page."""
from __future__ import annotations

import pytest

from budget_analysis.document.disclosure import from_raw
from budget_analysis.normalise.units import column_unit, document_unit, grid_unit, resolve_units, stated_unit
from budget_analysis.readers.grid import Grid, RawDocument
from budget_analysis.readers.pdf import read_pdf
from conftest import WIDE, loaded, needs_wide


def _page(rel: str, *pages: int) -> list[Grid]:
    """The grids of some pages of a wide document, units resolved as the recipe does."""
    grids = read_pdf(WIDE / rel, pages=pages).grids
    resolve_units(RawDocument(source=str(WIDE / rel), grids=grids, text=[]))
    return grids


def _line(doc, kind: str, code: str, measure: str = "total"):
    rows = doc.lines[(doc.lines["table_kind"] == kind) & (doc.lines["code"] == code)
                     & (doc.lines["measure"] == measure)]
    assert len(rows), f"no {kind} {code} {measure}"
    return rows.iloc[0]


# --- statements, by hand --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, unit", [
    ("金额单位：万元", "万元"), ("单位:元", "元"), ("单位名称:重庆市气象局 单位:万元", "万元"),
    ("单位名称 重庆市气象局 单位 万元", "万元"),  # colons printed on another baseline (Chongqing)
    ("单位：万\n元", "万元"), ("单位：千元", "千元"), ("单位名称：西安市民政局", None), ("", None)])
def test_stated_unit(text, unit):
    assert stated_unit(text) == unit


def test_column_and_header_units_from_hand_made_rows():
    assert column_unit("金额（万元）") == "万元" and column_unit("预算数(元)") == "元" and column_unit("金额") is None
    head = [["项目", "金额（万元）"], ["合计", "12.50"]]
    assert grid_unit(head) == ("万元", "column")
    assert grid_unit([["项目", "", "单位：万元"], ["项目", "金额", ""], ["合计", "3.00", ""]]) == ("万元", "header")
    # wrapped over two ruled rows in the same column
    assert grid_unit([["", "单位：万"], ["科目", "元"], ["合计", "3.00"]]) == ("万元", "header")
    # two different column units: nothing can be said
    assert grid_unit([["金额（万元）", "数量（元）"], ["1.00", "2.00"]]) == (None, "")


def test_document_unit_only_when_the_document_states_one():
    assert document_unit([(1, "目录"), (3, "金额单位：万元"), (5, "单位：万元")]) == ("万元", 3)
    assert document_unit([(3, "单位：万元"), (5, "单位：元")]) == (None, None)


def test_unknown_unit_is_a_finding_and_leaves_the_table_unverified():
    rows = [["科目编码", "科目名称", "合计"], ["", "合计", "300.00"], ["208", "社会保障和就业支出", "300.00"],
            ["20801", "人力资源和社会保障管理事务", "300.00"], ["2080101", "行政运行", "300.00"]]
    grid = Grid(title="2024年一般公共预算支出表", rows=rows, page=3, unit_printed="", unit_source="")
    doc = from_raw(RawDocument(source="hand-made", grids=[grid], text=[(3, "第三部分 表格")], pages=3), "hand")
    assert set(doc.lines["unit_printed"]) == {""}
    assert doc.lines["amount_yuan"].max() == 300.0  # taken as printed, not multiplied
    unknown = doc.findings[doc.findings["check_id"] == "unit_unknown"]
    assert len(unknown) == 1 and unknown.iloc[0]["page"] == 3
    assert doc.quality.iloc[0]["unit_printed"] == "" and doc.quality.iloc[0]["unit_source"] == ""
    from budget_analysis.document.verification import verification
    v = verification(doc)
    assert not v["unit_known"].any() and not v["verified"].any()


def test_narrative_ten_thousand_times_the_table_is_a_finding():
    rows = [["科目编码", "科目名称", "合计"], ["", "合计", "1,250.50"], ["208", "社会保障和就业支出", "1,250.50"],
            ["20801", "人力资源和社会保障管理事务", "1,000.00"], ["2080101", "行政运行", "1,000.00"],
            ["20802", "民政管理事务", "250.50"], ["2080201", "行政运行", "250.50"]]
    grid = Grid(title="2024年一般公共预算支出表", rows=rows, page=3, unit_printed="元", unit_source="caption")
    text = "2024年一般公共预算支出1250.50万元，其中：社会保障和就业支出1250.50万元，民政管理事务250.50万元。"
    doc = from_raw(RawDocument(source="hand-made", grids=[grid], text=[(1, text), (3, "")], pages=3), "hand")
    hit = doc.findings[doc.findings["check_id"] == "unit_by_narrative"]
    assert len(hit) == 1 and "1,250.50" in hit.iloc[0]["message"] and "按元读入" in hit.iloc[0]["message"]


# --- real pages -------------------------------------------------------------------------------------------------

@needs_wide
def test_jiangsu_title_department_and_unit_inside_the_frame():
    """jiangsu_prov_cppcc_office_2018_budget_tables.pdf p5 and p7: `财政拨款支出预算表部门：江苏省政协办公厅
    单位：万元` is the frame's first row; 公开05表 above the frame is the label."""
    doc = loaded(WIDE / "jiangsu/jiangsu_prov_cppcc_office_2018_budget_tables.pdf")
    gpb = _line(doc, "gpb_by_function", "201")
    assert (gpb["amount_yuan"], gpb["unit_printed"], gpb["page"]) == (77_474_600.0, "万元", 7)
    total = doc.lines[(doc.lines["table_kind"] == "gpb_by_function") & (doc.lines["level"] == 0)
                      & (doc.lines["measure"] == "total")].iloc[0]
    assert total["amount_yuan"] == 100_704_800.0
    q = doc.quality.set_index("title")
    assert q.loc["财政拨款支出预算表", ["number", "unit_printed", "unit_source", "page"]].tolist() == ["公开05表", "万元", "frame", 5]
    grid = next(g for g in doc.raw.grids if g.title == "财政拨款支出预算表")
    assert grid.rows[0] == ["功能科目代码", "功能科目名称", "金额"]  # the heading row is no data
    assert "heading in the frame: 江苏省政协办公厅" in grid.notes


@needs_wide
def test_chongqing_unit_line_with_colons_on_another_baseline():
    """chongqing_bcd5320f71.pdf p12: `单位名称:重庆市气象局 单位:万元` whose colons (and the year of the title) sit
    on a lower baseline; read in 元 before (10,000× too small)."""
    doc = loaded(WIDE / "chongqing/chongqing_bcd5320f71.pdf")
    row = _line(doc, "gpb_by_function", "2200501")
    assert (row["amount_yuan"], row["unit_printed"], row["page"]) == (53_595_000.0, "万元", 12)
    q = doc.quality.set_index("title")
    assert q.loc["2026年一般公共预算支出情况表", ["number", "unit_printed", "unit_source"]].tolist() == ["表五", "万元", "caption"]


@needs_wide
def test_beijing_frame_headings_split_seventeen_pages_into_tables():
    """beijing_002db9ddba.pdf: each page's frame starts with `预算0N表 …` and `金额单位：万元`; read as one 17-page
    grid in 元 before."""
    grids = _page("beijing/beijing_002db9ddba.pdf", 3, 8)
    assert [(g.number, g.title, g.unit_printed, g.unit_source, g.page) for g in grids] == [
        ("预算02表", "收入总表", "万元", "frame", 3), ("预算05表", "一般公共预算支出表", "万元", "frame", 8)]


@needs_wide
def test_suzhou_title_row_and_department_unit_row_inside_the_frame():
    """suzhou_46f6c07447.pdf p8: caption `公开02表`, then inside the frame `收入总表` and `部门：苏州市数据局 | 单位：万元`."""
    (grid,) = _page("suzhou/suzhou_46f6c07447.pdf", 8)
    assert (grid.number, grid.title, grid.unit_printed, grid.unit_source) == ("公开02表", "收入总表", "万元", "frame")
    assert grid.rows[0][:3] == ["部门代码", "部门名称", "合计"]


@needs_wide
def test_unit_wrapped_over_two_rows_inside_the_frame():
    """jiangsu_prov_high_court_2019_budget.pdf p14: `单位：万` and `元` in two ruled rows of the frame."""
    grids = _page("jiangsu/jiangsu_prov_high_court_2019_budget.pdf", 14)
    assert [(g.number, g.unit_printed, g.unit_source) for g in grids] == [("公开09表", "万元", "frame"),
                                                                          ("公开10表", "万元", "frame")]


@needs_wide
def test_unit_wrapped_over_two_caption_lines():
    """shaanxi_xian_work_safety_bureau_2019_…_tables_only.pdf p30: `单位：万` / `元` on two lines above 表12."""
    (grid,) = _page("shaanxi/shaanxi_xian_work_safety_bureau_2019_dept_comprehensive_budget_tables_only.pdf", 30)
    assert (grid.number, grid.unit_printed, grid.unit_source) == ("表12", "万元", "caption")
    assert grid.title.endswith("政府采购（资产配置、购买服务）预算表")


@needs_wide
def test_unit_row_carrying_the_totals_is_the_table_total():
    """shenzhen_12a61b5a9e.pdf p27 (表7, no 合计 row): `深圳市统计局（本级） | | | 5,417.80 | 4,104.00 | 1,313.80` above
    the first coded row is the table's total in 万元, not a header row (its amounts were lost before)."""
    from budget_analysis.normalise.coded import normalise_coded
    (grid, _) = _page("shenzhen/shenzhen_12a61b5a9e.pdf", 27, 28)
    lines = normalise_coded(grid, "gpb_by_function", "function")
    total = {r["measure"]: (r["amount"], r["page"]) for r in lines if r["level"] == 0}
    assert total == {"total": (5417.80, 27), "basic": (4104.00, 27), "project": (1313.80, 27)}
    assert grid.unit_printed == "万元" and grid.unit_source == "caption"


def test_a_contents_row_is_no_frame_heading():
    """A 目录 framed without a header row starts `表1 | 部门综合预算收支总表`: data, not the frame's heading; a
    heading row `收支预算总表部门：某局 单位：万元` is (hand-made page tables)."""
    from budget_analysis.readers.pdf_cells import PageTable
    from budget_analysis.readers.pdf_layout import frame_heading
    rows = [["表1", "部门综合预算收支总表"], ["表2", "部门综合预算收入总表"]]
    head, rest = frame_heading(PageTable((0, 0, 100, 100), rows, [0, 10], [(0, 50), (50, 100)]))
    assert not head and rest.rows == rows
    rows = [["收支预算总表部门：某局 单位：万元", ""], ["项目", "金额"], ["合计", "1.00"]]
    head, rest = frame_heading(PageTable((0, 0, 100, 100), rows, [0, 10, 20], [(0, 50), (50, 100)]))
    assert (head.title, head.unit, head.unit_source, head.heading) == ("收支预算总表", "万元", "frame", "某局")
    assert rest.rows == rows[1:]
