"""Issue 12, failure classes 3–6: templates of other cities, asserted on the printed values of real pages of
../shared/wide (file and page named in each test). Each document is read once per session."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import pytest

from budget_analysis.document.disclosure import from_raw
from budget_analysis.normalise import normalise_grid
from budget_analysis.normalise.catalog import canonical_title, recognise
from budget_analysis.normalise.codes import CodeStack
from budget_analysis.normalise.headers import is_column_numbers, roles, column_labels
from budget_analysis.readers import read_raw
from pagedocs import pages

WIDE = Path(__file__).resolve().parents[2] / "shared" / "wide"
pytestmark = pytest.mark.skipif(not WIDE.exists(), reason="../shared/wide not available")

GUANGZHOU = "guangzhou/guangzhou_fd386ee305.pdf"      # 广州市气象局 2026
YANTAI = "yantai/yantai_18e04068e8.pdf"               # 烟台市信访局 2026
CHANGSHA = "changsha/changsha_209dbec829.pdf"         # 长沙职业教育基地综合协调办公室 2026
HANGZHOU = "hangzhou/hangzhou_28647feb2e.pdf"         # 杭州市气象局 2026
XIAN_HRSS = "shaanxi/shaanxi_xian_hrss_bureau_2020_dept_comprehensive_budget.pdf"
XIAN_PETITION = "shaanxi/shaanxi_xian_petition_bureau_2026_dept_budget.pdf"
SHANGHAI = "shanghai/shanghai_1f5b87c95f.pdf"         # 上海市住房和城乡建设管理委员会… 2026 单位预算
JIANGSU_TABLES = "jiangsu/jiangsu_prov_cppcc_office_2018_budget_tables.pdf"


@lru_cache(maxsize=None)
def raw(name: str):
    return read_raw(WIDE / name)


@lru_cache(maxsize=None)
def doc(name: str):
    return from_raw(raw(name), Path(name).stem)


def page_text(d, page: int) -> str:
    return next(t for p, t in d.raw.text if p == page)


def line(d, **where):
    """The one line matching every column = value given (in `d.lines`, or in a lines frame); fails when none or
    several match."""
    df = d if isinstance(d, pd.DataFrame) else d.lines
    for col, value in where.items():
        df = df[df[col] == value]
    assert len(df) == 1, f"{len(df)} lines for {where}"
    return df.iloc[0]


# --- class 3: catalog synonyms -------------------------------------------------------------------------------

@pytest.mark.parametrize("title, kind", [
    ("收支总体情况表", "summary"), ("收入总体情况表", "revenue"), ("本年支出总体情况表", "expenditure"),
    ("支出总体情况表", "expenditure"), ("财政拨款收支总体情况表", "appropriation_summary"),
    ("一般公共预算（拨款）支出（预算）表", "gpb_by_function"), ("2026年度一般公共预算拨款支出预算表", "gpb_by_function"),
    ("一般公共预算基本支出情况表", "basic_by_economic"), ("项目支出（绩效）表", "project_performance"),
    ("2026年预算单位财政拨款收支预算总表", "appropriation_summary"), ("2026年预算单位财务收支预算总表", "summary"),
    ("预算01表 收支总表", "summary"), ("预算 01表 收支总表", "summary"), ("公开01表 收支预算总表", "summary"),
    ("一般公共预算机关运行经费支出预算表", "operating_costs"),
    ("一般公共预算项目支出情况表（按经济分类科目）", "project_by_economic"),
    ("2026年一般公共预算“三公”\n经费支出预算表", "three_public"),
    # the names every Shaanxi 目录 prints stay what they were
    ("部门综合预算一般公共预算支出明细表（按支出经济分类科目）", "gpb_by_economic"),
    ("部门综合预算财政拨款上年结转资金支出表", "carryover"),
])
def test_title_words_name_the_table(title, kind):
    assert recognise(title) == kind, canonical_title(title)


def test_guangzhou_mof_titles_recognised_and_read():
    """广州 2026 (guangzhou_fd386ee305): every one of its 12 titled tables now has a kind; p8 本年支出总体情况表
    prints 2060503 科技条件专项 53.44 万元 (合计 and 项目支出)."""
    d = doc(GUANGZHOU)
    kinds = dict(zip(d.tables["page"], d.tables["kind"]))
    assert kinds[5] == "summary" and kinds[7] == "revenue" and kinds[8] == "expenditure"
    assert kinds[10] == "appropriation_summary" and kinds[16] == "project_by_economic"
    row = line(d, table_kind="expenditure", code="2060503", measure="total")
    assert (row["amount_yuan"], row["page"], row["name"]) == (534400.0, 8, "科技条件专项")
    assert line(d, table_kind="expenditure", code="2060503", measure="project")["amount_yuan"] == 534400.0


def test_operating_costs_table_emits_lines():
    """Jiangsu 政协办公厅 2018 公开11表 (p11) 一般公共预算机关运行经费支出预算表: 302 商品和服务支出 1,115.85."""
    grid = next(g for g in raw(JIANGSU_TABLES).grids if g.page == 11)
    lines = normalise_grid(grid, "operating_costs")["lines"]
    got = [(r["code"], r["measure"], r["amount"], r["page"]) for r in lines if r["code"] == "302"]
    assert got == [("302", "operating_costs", 1115.85, 11)]
    assert lines[0]["classification"] == "dept_economic"


# --- class 4: codes in every printed form --------------------------------------------------------------------

def test_bracketed_codes_guangzhou():
    """p12 一般公共预算支出情况表: `[2060503]科技条件专项 53.44`; p14 基本支出: `[30101]基本工资 726.63`."""
    d = doc(GUANGZHOU)
    row = line(d, table_kind="gpb_by_function", code="2060503", measure="total")
    assert (row["amount_yuan"], row["page"], row["level"], row["parent_code"]) == (534400.0, 12, 3, "20605")
    row = line(d, table_kind="basic_by_economic", code="30101")
    assert (row["amount_yuan"], row["page"], row["name"]) == (7266300.0, 14, "基本工资")


def test_split_class_kuan_xiang_columns_yantai():
    """烟台信访局 p13 一般公共预算支出情况表: 201 | | , | 40 | , | | 01 行政运行 507.97 (人员 434.57, 公用 73.40):
    one line per measure at 2014001, completed from the rows above and said so."""
    d = doc(YANTAI)
    got = d.lines[(d.lines["code"] == "2014001") & (d.lines["table_kind"] == "gpb_by_function")]
    assert dict(zip(got["measure"], got["amount_yuan"])) == {
        "total": 5079700.0, "basic": 5079700.0, "personnel": 4345700.0, "public": 734000.0, "project": 0.0}
    assert set(got["page"]) == {13} and set(got["code_source"]) == {"context"} and len(got) == 5
    assert line(d, table_kind="gpb_by_function", code="201", measure="total")["code_source"] == ""
    # p15 基本支出: 部门 301 | 01 基本工资 beside 政府 501 | 01 工资奖金津补贴, 145.81
    # (its 基本支出预算 › 小计 is the basic measure)
    row = line(d, table_kind="basic_by_economic", code="30101", measure="basic", page=15, amount_yuan=1458100.0)
    gov = line(d, table_kind="basic_by_gov_economic", row=row["row"], measure="basic", page=15)
    assert (gov["code"], gov["amount_yuan"], gov["name"]) == ("50101", 1458100.0, "工资奖金津补贴")


def test_kuan_printed_as_two_digits_xian_2020():
    """西安人社 2020 p33: `201 一般公共服务支出 56.52`, `10 人力资源事务 56.52`, `2011007 博士后日常经费 7`;
    p35: the 7-digit economic code `3010201 津贴补贴 1342.73` (政府 50101)."""
    d = doc(XIAN_HRSS)
    row = line(d, table_kind="gpb_by_function", code="20110", measure="total", page=33)
    assert (row["amount_yuan"], row["name"], row["code_source"], row["level"]) == (565200.0, "人力资源事务", "context", 2)
    assert line(d, table_kind="gpb_by_function", code="2011007", measure="total", page=33)["amount_yuan"] == 70000.0
    got = d.lines[(d.lines["code"] == "3010201") & (d.lines["page"] == 35) & (d.lines["measure"] == "total")]
    assert 13427300.0 in set(got["amount_yuan"])


def test_codes_inferred_from_names_hangzhou():
    """杭州气象局 p17 支出预算总表 prints no codes: 科学技术支出 28.00 is 类 206 and 技术研究与开发 its 款 20604,
    both inferred from the names (code_source 'name'), never passed off as printed."""
    d = doc(HANGZHOU)
    row = line(d, table_kind="expenditure", name="科学技术支出", measure="total")
    assert (row["code"], row["level"], row["code_source"], row["amount_yuan"], row["page"]) == ("206", 1, "name", 280000.0, 17)
    row = line(d, table_kind="expenditure", name="技术研究与开发", measure="total")
    assert (row["code"], row["code_source"]) == ("20604", "name")


def test_code_stack_hand_made():
    s = CodeStack()
    assert s.split(["201", "", ""]) == ("201", "")
    assert s.split(["", "40", ""]) == ("20140", "context")
    assert s.split(["", "", "01"]) == ("2014001", "context")
    assert s.split(["208", "05", "02"]) == ("2080502", "")
    assert s.split(["", "", ""]) == ("", "")
    assert CodeStack().split(["", "", "01"]) == ("", "")  # nothing above to complete it: no code, not a guess
    assert s.kuan("10") == ("20810", "context")


# --- class 5: multi-row headers ------------------------------------------------------------------------------

def test_column_number_rows_are_no_data():
    assert is_column_numbers(["**", "**", "1", "2", "3"]) and is_column_numbers(["栏次", "1", "2", "3"])
    assert not is_column_numbers(["201", "", "", "一般公共服务支出", "1.00"])
    labels = column_labels([["科目编码", "", "", "功能科目", "总 计", "基本支出", "项目支出"],
                            ["类", "款", "项", "", "", "", ""], ["**", "**", "**", "**", "1", "2", "3"]])
    assert labels[4] == "总计" and labels[5] == "基本支出"


def test_basic_subtotal_personnel_public_hangzhou():
    """杭州 p19 一般公共预算支出预算表: 合计 5,753.07 | 基本支出›小计 3,745.07 | 人员经费 2,906.80 |
    日常公用支出 838.27 | 项目支出 2,008.00 — 小计 is basic, 日常公用支出 is public (not dropped)."""
    d = doc(HANGZHOU)
    got = d.lines[(d.lines["table_kind"] == "gpb_by_function") & (d.lines["name"] == "合计")]
    assert dict(zip(got["measure"], got["amount_yuan"])) == {
        "total": 57530700.0, "basic": 37450700.0, "personnel": 29068000.0, "public": 8382700.0, "project": 20080000.0}
    # p17 支出预算总表: 人员支出 2,906.80 is personnel, 日常公用支出 838.27 public
    got = d.lines[(d.lines["table_kind"] == "expenditure") & (d.lines["name"] == "合计") & (d.lines["page"] == 17)]
    assert got.set_index("measure")["amount_yuan"][["personnel", "public"]].tolist() == [29068000.0, 8382700.0]


def test_changsha_star_row_skipped():
    """长沙 p14 部门支出总体情况表: the `** ** ** ** 1 2 3` row is no data; 2050399 其他职业教育支出 656.73,
    基本支出 386.73, and ` | 03 | ` 职业教育 is 20503."""
    d = doc(CHANGSHA)
    row = line(d, table_kind="expenditure", code="2050399", measure="total")
    assert (row["amount_yuan"], row["page"]) == (6567300.0, 14)
    assert line(d, table_kind="expenditure", code="2050399", measure="basic")["amount_yuan"] == 3867300.0
    assert line(d, table_kind="expenditure", code="20503", measure="total")["name"] == "职业教育"
    assert not ((d.lines["table_kind"] == "expenditure") & (d.lines["amount_yuan"] == 10000.0)).any()


def test_shanghai_expenditure_side_is_not_revenue():
    """上海 2026 单位预算 p7 财务收支预算总表: 社会保障和就业支出 2,257,618 (人员经费 1,970,498, 公用经费 287,120)
    is expenditure, its parts personnel/public."""
    d = doc(SHANGHAI)
    got = d.lines[(d.lines["page"] == 7) & (d.lines["name"] == "社会保障和就业支出")]
    assert dict(zip(got["measure"], got["amount_yuan"])) == {
        "expenditure": 2257618.0, "personnel": 1970498.0, "public": 287120.0, "project": 0.0}


def test_shanghai_level_codes_in_prose():
    """Shanghai states codes level by level in the prose, codes first or names first (hand-made sentences in
    the printed form): the claim carries the whole code and the deepest name."""
    from budget_analysis.narrative.claims import parse_claims
    text = [(7, "二、财政拨款支出预算情况说明\n1.“（201类）一般公共服务支出（06款）财政事务（01项）行政运行”1,623.18万元，"
                "主要用于人员经费。2.“卫生健康支出（210类）行政事业单位医疗（11款）行政单位医疗（01项）”52.21万元。\n")]
    got = parse_claims(text, "x")
    assert got[["subject", "code", "amount_wan", "page"]].values.tolist() == [
        ["行政运行", "2010601", 1623.18, 7], ["行政单位医疗", "2101101", 52.21, 7]]


def test_roles_hand_made_two_code_blocks():
    header = [["科目编码", "", "部门预算支出经济分类科目名称", "科目编码", "", "政府预算支出经济分类科目名称", "基本支出预算", "", ""],
              ["类", "款", "", "类", "款", "", "小计", "人员支出", "日常公用支出"]]
    r = roles(column_labels(header), header[-1])
    assert [r[j] for j in range(9)] == ["code_1", "code_2", "name", "gov_code_1", "gov_code_2", "gov_name",
                                        "basic", "personnel", "public"]


# --- class 6: 目录 layouts -------------------------------------------------------------------------------------

def test_shaanxi_2026_report_contents():
    """西安信访局 2026 p18: the untitled 报表 | 报表名称 | 是否空表 | 表格为空的理由 grid is the 目录: 表9 政府性基金收支表
    listed empty (不涉及), 表5 found."""
    d = doc(XIAN_PETITION)
    t = d.tables.set_index("number")
    assert t.loc["表9", "kind"] == "gov_fund" and bool(t.loc["表9", "listed_empty"]) and t.loc["表9", "empty_reason"] == "不涉及"
    assert t.loc["表5", "kind"] == "gpb_by_function" and bool(t.loc["表5", "found"]) and bool(t.loc["表5", "listed"])
    assert len(t.index[t.index.str.startswith("表")]) == 16


# --- class 5: the Jiangsu 收支预算总表 / 收入预算总表 / 支出预算总表 shapes ----------------------------------------

JIANGSU_PARTY_2019 = "jiangsu/jiangsu_prov_party_committee_office_2019_budget_tables.pdf"


def test_jiangsu_summary_spanned_subtotal_and_headed_amounts():
    """中共江苏省委办公厅 2019 公开表: p1 `当年支出小计` spans 功能分类 and 支出用途, its 27,664.22 printed in the
    last column (read as 0 before); p2 `收入总计 |  | 27,664.22` and `一般公共预算资金 | 小计`; p3 支出预算总表
    prints 合计 | 基本支出 | 项目支出 | 单位预留机动经费 over one row of figures and no label column."""
    d = doc(JIANGSU_PARTY_2019)
    assert line(d, page=1, name="当年支出小计")["amount_yuan"] == 276_642_200.0
    assert line(d, page=1, name="支出合计")["amount_yuan"] == 276_642_200.0
    assert line(d, page=2, name="收入总计")["amount_yuan"] == 276_642_200.0
    assert line(d, page=2, name="一般公共预算资金小计")["amount_yuan"] == 276_642_200.0
    got = {r["name"]: r["amount_yuan"] for _, r in d.lines[d.lines["page"] == 3].iterrows()}
    assert got == {"合计": 276_642_200.0, "基本支出": 117_006_300.0, "项目支出": 130_253_800.0,
                   "单位预留机动经费": 29_382_100.0}
    q = d.quality.set_index("page")
    assert q.loc[1, "share"] == 1.0 and q.loc[2, "share"] == 1.0 and q.loc[3, "share"] == 1.0


def test_jiangsu_operating_costs_row_wrapped_over_two_grid_rows():
    """江苏高院 2019 p15 机关运行经费表: `302 | 商品和服务支出 |` with its 3,580.05 on the grid row below (read as
    0 before, which made two false hierarchy_sum errors)."""
    d = doc("jiangsu/jiangsu_prov_high_court_2019_budget.pdf")
    row = line(d, page=15, code="302", table_kind="operating_costs")
    assert row["amount_yuan"] == 35_800_500.0
    assert d.findings[(d.findings["check_id"] == "hierarchy_sum") & (d.findings["page"] == 15)].empty


def test_shenzhen_three_public_rows_named_by_their_year():
    """深圳 表9: 预算单位 | 年度 | 总计 … with rows 2025年 / 2026年 / 增减变化金额: each row is its year's block."""
    d = doc("shenzhen/shenzhen_12a61b5a9e.pdf")
    t = d.table("three_public")
    got = {(r["name"], r["measure"]): r["amount_yuan"] for _, r in t.iterrows()}
    assert got[("2025年预算", "total")] == 596_200.0 and got[("2026年预算", "total")] == 325_600.0
    assert got[("增减", "abroad")] == -270_700.0


def test_beijing_purchase_of_services_table():
    """北京 财政拨款政府购买服务明细表 (指导性目录 一级/二级/三级 | 预算金额, 6 decimals): recognised and read."""
    d = doc("beijing/beijing_f988a95d4a.pdf")
    t = d.table("purchase_services")
    assert t.loc[t["level"] == 0, "amount_yuan"].tolist() == [66_781_740.5]
    assert t.loc[t["name"] == "公共安全隐患排查治理服务", "amount_yuan"].iloc[0] == 477_822.0


def test_text_and_rulings_beyond_the_page_box_are_not_read_jiangsu_npc_2017_p11():
    """江苏人大 2017 p11 prints 财政拨款支出预算表 down to 2210202 提租补贴 1,018.01 at its foot; the Excel sheet's
    content stream runs on below the page box (y 842–2774: 财政拨款基本支出预算表 with 合计 7,666.68, a 政府性基金 table),
    which no viewer shows and which p12–14 print. The page is what it shows: one table, its text layer ends at
    提租补贴, and the 基本支出 table is read where it is printed (p12–14)."""
    d = doc("jiangsu/jiangsu_prov_npc_office_2017_budget_text.pdf")
    l = d.lines[(d.lines["page"] == 11) & (d.lines["level"] == 0)]
    assert dict(zip(l["table_title"], l["amount_yuan"])) == {"财政拨款支出预算表": 136_490_700.0}
    assert line(d, page=11, code="2210202")["amount_yuan"] == 10_180_100.0
    assert not d.lines[(d.lines["page"] == 11) & d.lines["code"].isin(["301", "30101", "30312"])].shape[0]
    assert page_text(d, 11).rstrip().splitlines()[-1] == "2210202 提租补贴 1,018.01"
    basic = d.lines[d.lines["table_title"] == "财政拨款基本支出预算表"]
    assert line(basic, page=13, code="30101")["amount_yuan"] == 10_151_500.0
    assert line(basic, page=15, code="30312")["amount_yuan"] == 10_180_100.0
    assert basic.loc[basic["level"] == 0, "amount_yuan"].tolist() == [76_666_800.0]


def test_beijing_target_table_one_band_per_project():
    """北京 预算12表 项目支出绩效目标表 (p37): 项目名称 | 项目总额 | 财政资金 | 其他资金 | 绩效目标 | 一级/二级/三级指标 |
    绩效指标性质 | 本年绩效指标值 | 绩效度量单位, one band of rows per project: each project's money is a line and
    each indicator carries its project and its parsed target (`≤ | 243.2 | 万元` → ≤ 243.2 万元)."""
    d = doc("beijing/beijing_cef2b86dfc.pdf")
    name = "11000022T000000476959-人才培养质量建设-普通话水平测试费"
    money = d.lines[(d.lines["table_kind"] == "performance_project") & (d.lines["name"] == name)]
    assert dict(zip(money["measure"], money["amount_yuan"])) == {"total": 2_432_000.0, "appropriation": 2_432_000.0}
    i = d.indicators[(d.indicators["project"] == name)].set_index("indicator")
    assert (i.loc["总成本", "operator"], i.loc["总成本", "target_value"], i.loc["总成本", "target_unit"]) == ("≤", 243.2, "万元")
    assert i.loc["参与培训人员满意度", "target_raw"] == "≥95%" and i.loc["参与培训人员满意度", "level1"] == "满意度指标"


def test_procurement_table_with_several_amount_columns_suzhou():
    """苏州 政府采购支出表 (p26): … 采购组织形式 | 一般公共预算资金 | 政府性基金 | 其他资金 | 总计: the 总计 column is read
    too, named by the row's label (it was dropped: its own left neighbour is an empty amount column)."""
    d = doc("suzhou/suzhou_bfdf55f4c2.pdf")
    t = d.lines[(d.lines["table_kind"] == "procurement") & (d.lines["name"] == "合计")]
    assert dict(zip(t["measure"], t["amount_yuan"])) == {"amount": 36_681_700.0, "total": 36_681_700.0}


def test_title_printed_above_its_label_xian_health_2022_final_p147():
    """西安 卫健委 2022 决算 p147 prints `收入决算表`, then `公开02表` under it, then `编制部门：… 金额单位：万元`, then the
    table: the title is the line above the label (it was lost, the label being the nearest line)."""
    d = pages("shaanxi/shaanxi_xian_health_commission_2022_dept_final_accounts.pdf", (147,))
    g = next(g for g in d.raw.grids if g.page == 147)
    assert (g.title, g.number, g.unit_printed, g.notes) == ("收入决算表", "公开02表", "万元", [])
    assert line(d, page=147, code="2010405", measure="actual")["amount_yuan"] == 560_000.0
    assert line(d, page=147, code="205", measure="actual")["amount_yuan"] == 56_241_600.0
    assert line(d, page=147, code="205", measure="business_income")["amount_yuan"] == 7_205_000.0


def test_title_at_the_foot_of_the_page_before_jiangsu_npc_2017_p19():
    """江苏人大 2017 p18 ends with the title `一般公共预算机关运行经费支出预算表` under the 基本支出 table; its table (部门：…
    单位：万元 inside the frame, 合计 5,619.31) is on p19: it takes that title (it was untitled and unrecognised)."""
    d = doc("jiangsu/jiangsu_prov_npc_office_2017_budget_text.pdf")
    g = next(g for g in d.raw.grids if g.page == 19)
    assert g.title == "一般公共预算机关运行经费支出预算表" and "no title found above the table" not in g.notes
    l = d.lines[d.lines["table_kind"] == "operating_costs"]
    assert line(l, page=19, code="30201")["amount_yuan"] == 7_705_000.0
    assert l.loc[l["level"] == 0, "amount_yuan"].tolist() == [56_193_100.0]


def test_page_box_not_trusted_on_an_inverted_mediabox_xian_civil_affairs_2021_p39():
    """西安 民政局 2021 p39 has MediaBox [0 595.276 841.89 0] (top and bottom swapped): pdfplumber, which reads the
    page, sets its characters and rulings at top 652–1104 of a 595 pt page although PDFium shows them all on it.
    Nothing is cut away as off the page there: 表1 收支总表 is read whole."""
    d = pages("shaanxi/shaanxi_xian_civil_affairs_bureau_2021_dept_comprehensive_budget.pdf", (39, 40, 41))
    g = next(g for g in d.raw.grids if g.page == 39)
    assert (g.number, g.title) == ("表1", "2021年部门综合预算收支总表")
    assert len(d.lines[d.lines["table_kind"] == "summary"]) > 20


def test_title_inside_the_frame_beats_a_heading_above_the_label_jiangsu_procuratorate_2019_p14():
    """江苏 检察院 2019 p14 prints `第二部分 2019年度部门预算表`, then `公开 01 表`, then the frame whose first row is
    `收支预算总表`: the title is the frame's (the line above the label is a part heading)."""
    d = pages("jiangsu/jiangsu_prov_procuratorate_2019_budget.pdf", (14,))
    g = next(g for g in d.raw.grids if g.page == 14)
    assert (g.title, g.number) == ("收支预算总表", "公开01表")
    assert line(d, page=14, measure="revenue", name="收入合计")["amount_yuan"] == 241_697_400.0


def test_procurement_table_coded_over_split_code_columns_yantai_p25():
    """烟台 统计局 公开表12 政府采购预算表 (p25) is a 功能分类 table: 类 | 款 | 项 | 科目名称 | 合计 | 财政拨款 … with `201`,
    then `05`, `01` (two digits) in the 款 and 项 columns. Its rows carry their codes (they were read as unnamed
    purchase items, every amount under one `amount`)."""
    d = pages("yantai/yantai_643c0a24bc.pdf", (25,))
    l = d.lines[d.lines["table_kind"] == "procurement"]
    assert line(l, code="2010507", measure="total")["amount_yuan"] == 475_000.0
    assert line(l, code="2010501", measure="gpb")["amount_yuan"] == 18_300.0
    assert line(l, code="201", measure="total")["level"] == 1


def test_columns_headed_in_different_header_rows_stay_apart_yantai_p25():
    """烟台 文旅局 公开表10 基本支出预算情况表 (p25): `国有资本经营预算` (under 财政拨款, second header row) and
    `财政专户管理资金` (over both rows) are neighbouring columns, both empty in every body row; they were merged, which
    put every later header one column left, and 单位资金's 539.94 (505 对事业单位经常性补助) was lost."""
    d = pages("yantai/yantai_b5a0bb5c8b.pdf", (25,))
    l = d.lines[(d.lines["table_kind"] == "basic_by_gov_economic") & (d.lines["code"] == "505")]
    assert dict(zip(l["measure"], l["amount_yuan"])) == {
        "total": 96_374_300.0, "appropriation": 90_974_900.0, "gpb": 90_974_900.0, "gov_fund": 0.0,
        "soe_capital": 0.0, "special_account": 0.0, "unit_funds": 5_399_400.0, "non_appropriation_balance": 0.0,
        "carryover": 0.0}


def test_procurement_columns_of_the_expenditure_table_shenzhen_p22():
    """深圳 退役军人事务局 表3 支出总表 (p22) prints, after 上缴上级支出, `2026年政府采购项目` › 小计 and two 其中 columns
    (预留给中小企业 / 小型、微型企业): 208 社会保障和就业支出 1,905.82 | 1,038.36 | 578.00. The 小计 was read as a second
    `total` and the 其中 columns were lost."""
    d = pages("shenzhen/shenzhen_7209394ce0.pdf", (22,))
    l = d.lines[(d.lines["page"] == 22) & (d.lines["code"] == "208")]
    assert dict(zip(l["measure"], l["amount_yuan"])) == {
        "total": 540_246_900.0, "basic": 17_380_200.0, "project": 522_866_700.0, "operating_spending": 0.0,
        "grants_to_affiliates": 0.0, "paid_to_superior": 0.0, "procurement": 19_058_200.0,
        "procurement_sme": 10_383_600.0, "procurement_small": 5_780_000.0}


def test_digits_font_with_a_deep_descent_stays_on_its_row_chongqing_p14():
    """重庆 气象局 2026 表六 (p14): the digits' font declares a descent of about 11 pt, so pdfminer's boxes put
    `301 … 5,293.75` half a row below `工资福利支出`, across the ruling: every name was read one row late (30110 named
    其他社会保障缴费) and the page's last row (30113 住房公积金 39.70) fell below the frame. PDFium's glyph origins put
    code, name and amounts on one baseline; the box is set from there."""
    d = pages("chongqing/chongqing_bcd5320f71.pdf", (14, 15))
    l = d.lines[(d.lines["table_kind"] == "basic_by_economic") & (d.lines["measure"] == "total")]
    assert (line(l, code="301")["name"], line(l, code="301")["amount_yuan"]) == ("工资福利支出", 52_937_500.0)
    assert (line(l, code="30110")["name"], line(l, code="30110")["amount_yuan"]) == ("职工基本医疗保险缴费", 273_200.0)
    assert (line(l, code="30113")["name"], line(l, code="30113")["amount_yuan"]) == ("住房公积金", 397_000.0)


def test_totals_printed_by_unit_xian_audit_2026_p23():
    """西安 审计局 2026 表2 部门综合预算收入总表 (p23): `单位编码 | 单位名称 | 合计 | 一般公共预算拨款 › 小计 | … |
    上年实户资金余额 | 其他收入`, a row per unit. Read as label | amount pairs, the unit code column was taken for
    amounts and only the two columns beside a label kept: 981,827.50 and 1,000,000.00 were lost on every row."""
    d = pages("shaanxi/shaanxi_xian_audit_bureau_2026_dept_budget.pdf", (23,))
    l = d.lines[(d.lines["table_kind"] == "revenue") & (d.lines["unit_code"] == "117001")]
    got = dict(zip(l["measure"], l["amount_yuan"]))
    assert (got["total"], got["gpb"], got["account_balance"], got["other_income"]) == \
        (42_034_723.58, 40_052_896.08, 981_827.50, 1_000_000.0)
    assert set(l["name"]) == {"西安市审计局"} and (l["level"] == 2).all()


def test_units_rows_of_a_total_by_unit_xian_science_2022_p43_44():
    """西安 科技局 2022 收入总表 / 支出总表 (p43–44) print 序号 | 单位编码 | 单位名称 and eight units: only the 合计 row was
    read (both of its first columns as `total`); each unit is its own row now, and 公共预算拨款 › 小计 is `gpb`."""
    d = pages("shaanxi/shaanxi_xian_science_technology_bureau_2022_dept_comprehensive_budget.pdf", (43, 44))
    rev = d.lines[d.lines["table_kind"] == "revenue"]
    assert line(rev, unit_code="204003", measure="total")["amount_yuan"] == 1_153_992.13
    assert line(rev, unit_code="204001", measure="gpb_of_which")["amount_yuan"] == 874_160_000.0
    assert line(rev, unit_code="204001", measure="account_balance")["amount_yuan"] == 7_217_115.63
    spend = d.lines[d.lines["table_kind"] == "expenditure"]
    assert line(spend, name="合计", measure="gpb")["amount_yuan"] == 936_647_884.3
    assert sorted(set(spend["unit_code"]) - {""}) == ["204", "204001", "204003", "204004", "204005", "204009",
                                                     "204017", "204018"]


def test_department_code_column_wuxi_commerce_p10():
    """无锡 商务局 2026 公开02表 收入总表 (p10): `部门代码 | 部门名称 | 合计 | 本年收入 › 小计 | 一般公共预算 | … |
    上年结转结余 › 小计 | …`: `317 无锡市商务局 17,466.65` is the department's row (unit 317, not 经济分类 317), 本年收入
    › 小计 is `revenue_year` and the 上年结转结余 block's columns are `carryover…`."""
    d = pages("wuxi/wuxi_fa1b1c71a0.pdf", (10,))
    l = d.lines[(d.lines["table_kind"] == "revenue") & (d.lines["unit_code"] == "317")]
    got = dict(zip(l["measure"], l["amount_yuan"]))
    assert (got["total"], got["revenue_year"], got["gpb"]) == (174_666_500.0, 174_666_500.0, 174_666_500.0)
    assert got["carryover"] == 0.0 and got["carryover_gpb"] == 0.0 and (l["code"] == "").all()
    assert line(d.lines, table_kind="revenue", unit_code="317002", measure="total")["amount_yuan"] == 16_762_200.0


def test_earlier_year_column_is_last_years_figure_chongqing_p15():
    """重庆 市政府办公厅 2026 一般公共预算支出情况表 (p15): `2025年预算数 | 2026年预算数 › 总计 | 基本支出 …`. The 2025
    column was a second `total` (2010301 行政运行 6,077.49 beside 6,342.71), so no row identity held: 21 of 106 failed
    and the table was unverified. It is `prior_year`."""
    d = pages("chongqing/chongqing_3be48d9f27.pdf", (15, 16))
    l = d.lines[(d.lines["table_kind"] == "gpb_by_function") & (d.lines["code"] == "2010301")]
    assert dict(zip(l["measure"], l["amount_yuan"])) == {
        "prior_year": 60_774_900.0, "total": 63_427_100.0, "basic": 63_427_100.0, "personnel": 45_429_700.0,
        "public": 17_997_400.0, "project": 0.0}
    assert _function_table(d)["reconciled"]


def test_project_budget_less_capital_works_is_not_a_total_beijing_p8():
    """北京 预算05表 一般公共预算支出表 (p8) prints 项目支出 › 项目支出总数 | 扣除基建项目后预算数; the second was a second
    `total` (0.00 on 2013650 事业运行 beside 400.233346 万元), so the table showed two different 合计 and was unverified."""
    d = pages("beijing/beijing_002db9ddba.pdf", (8,))
    l = d.lines[(d.lines["table_kind"] == "gpb_by_function") & (d.lines["code"] == "2013650")]
    assert dict(zip(l["measure"], l["amount_yuan"])) == {
        "total": 4_002_333.46, "basic": 4_002_333.46, "personnel": 3_757_270.08, "public": 245_063.38, "project": 0.0,
        "project_excl_capital": 0.0}
    assert _function_table(d)["reconciled"]


def _function_table(d):
    from budget_analysis.document.verification import verification
    v = verification(d)
    return v[v["table_kind"] == "gpb_by_function"].iloc[0]


def test_three_public_items_per_fund_shenzhen_p36():
    """深圳 退役军人事务局 表9 财政拨款“三公”经费支出表 (p36) prints each item under 一般公共预算 | 政府性基金预算 |
    国有资本经营预算; only the first fund column of each item was read (36 of 54 amounts lost)."""
    d = pages("shenzhen/shenzhen_7209394ce0.pdf", (36,))
    l = d.lines[(d.lines["table_kind"] == "three_public") & (d.lines["name"] == "2026年预算")]
    got = dict(zip(l["measure"], l["amount_yuan"]))
    assert (got["abroad"], got["abroad_gov_fund"], got["abroad_soe_capital"]) == (43_800.0, 0.0, 0.0)
    assert (got["vehicle_operation"], got["vehicle_operation_soe_capital"]) == (26_000.0, 0.0)
    assert len(got) == 18
    q = d.quality[d.quality["table_kind"] == "three_public"].iloc[0]
    assert (q["numbers_printed"], q["numbers_accounted"]) == (54, 54)


def test_three_public_items_down_with_fund_columns_guangzhou_p17():
    """广州 气象局 财政拨款安排的行政经费及“三公”经费预算表 (p17): items down the first column, `合计 | 一般公共预算 |
    政府性基金预算 | 国有资本经营预算` across; only 合计 was read and 行政经费 523.62 not at all (22 of 28 lost)."""
    d = pages(GUANGZHOU, (17,))
    l = d.lines[d.lines["table_kind"] == "three_public"]
    got = dict(zip(l["measure"], l["amount_yuan"]))
    assert (got["administrative"], got["administrative_gpb"]) == (5_236_200.0, 5_236_200.0)
    assert (got["vehicle_operation"], got["vehicle_operation_gpb"], got["vehicle_operation_gov_fund"]) == \
        (248_000.0, 248_000.0, 0.0)
    from budget_analysis.document.verification import verification
    v = verification(d)
    assert v[v["table_kind"] == "three_public"].iloc[0]["reconciled"]


def test_target_table_project_over_several_bands_beijing_p30():
    """北京 预算12表 项目支出绩效目标表 (p30): `11000026T000003742841-就业管理工作经费项目` is one merged name cell over three
    bands, each with its 项目总额 and 绩效目标 (33.545250 | 600.719600 | 6.750000 万元); the bands without the name were
    lost (103 amounts of the document's target tables). A line per band, the project's money their sum."""
    d = pages("beijing/beijing_673d7aef49.pdf", (30,))
    l = d.lines[(d.lines["table_kind"] == "performance_project") & (d.lines["measure"] == "total")]
    first = l[l["name"] == "11000026T000003742841-就业管理工作经费项目"]
    assert first["amount_yuan"].tolist() == [335_452.5, 6_007_196.0, 67_500.0]
    assert l[l["name"] == "11000026T000003742511-就业管理活动经费项目"]["amount_yuan"].tolist()[:2] == \
        [2_998_026.0, 420_000.0]


def test_overall_target_table_task_money_xian_hrss_2020_p56():
    """西安 人社局 2020 部门整体支出绩效目标表 (p56): 年度主要任务 | 任务名称 | 主要内容 | 预算金额（万元） › 总额 | 财政拨款 |
    其他资金, five tasks and 金额合计 182,066.56: only the indicators were read, the money of every task was lost (the
    corpus's 2026 tables print the same block: 审计局 p42 金额合计 4,203.47)."""
    d = pages(XIAN_HRSS, (56,))
    l = d.lines[d.lines["table_kind"] == "performance_overall"]
    assert line(l, name="就业工作", measure="total")["amount_yuan"] == 177_209_700.0
    assert line(l, name="就业工作", measure="other_income")["amount_yuan"] == 3_500_000.0
    assert line(l, name="合计", measure="appropriation")["amount_yuan"] == 1_817_165_600.0
    assert (l["unit_printed"] == "万元").all()
    q = d.quality[d.quality["table_kind"] == "performance_overall"].iloc[0]
    assert q["numbers_accounted"] == q["numbers_printed"] >= 14


def test_total_by_unit_with_vertical_header_text_xian_industry_2022_p23():
    """西安 工信局 2022 收入总表 (p23) prints its column labels vertically, cut over the header rows (政府 / 性基 / 金拨款):
    the joined labels name the columns; 上年结转 is one column here, not a block over the columns after it."""
    d = pages("shaanxi/shaanxi_xian_industry_it_bureau_2022_dept_comprehensive_budget.pdf", (23,))
    l = d.lines[(d.lines["table_kind"] == "revenue") & (d.lines["name"] == "合计")]
    got = dict(zip(l["measure"], l["amount_yuan"]))
    assert (got["total"], got["gpb"], got["gpb_of_which"]) == (1_059_464_715.06, 1_053_642_667.43, 1_000_000_000.0)
    assert (got["business_income"], got["account_balance"], got["other_income"]) == (2_430_000.0, 3_392_047.63, 0.0)
    assert len(got) == len(l) == 12


def test_project_table_fund_columns_beside_its_total_yantai_p28():
    """烟台 文旅局 项目支出预算情况表 (p28): 项目名称 | 项目类别 | 合计 | 财政拨款 › 小计 | 一般公共预算 | … | 财政专户管理资金 |
    单位资金 | 使用非财政拨款结余 | 上年结转. Only 合计 was read (23 of 62 amounts on the page lost): the fund columns
    are a line each, as beside 广州's 总计."""
    d = pages("yantai/yantai_b5a0bb5c8b.pdf", (28, 29))
    l = d.lines[(d.lines["table_kind"] == "project_spending") & (d.lines["name"] == "合计")]
    got = dict(zip(l["measure"], l["amount_yuan"]))
    assert (got["total"], got["appropriation"], got["special_account"], got["unit_funds"], got["carryover"]) == \
        (97_986_600.0, 67_434_200.0, 25_000_000.0, 5_010_000.0, 542_400.0)
    p = d.projects
    assert p.loc[p["project"] == "大剧院运转经费", "amount_yuan"].tolist() == [14_495_000.0]


def test_project_target_money_block_yantai_p37():
    """烟台 文旅局 政策和项目预算绩效目标表 (p37): 项目资金（万元） | 年度预算资金总额： | 347.47, then 其中：财政拨款 347.47 and
    其他资金 0.00; `年度预算资金总额` was not taken for the project's money (年度资金总额 / 实施期资金总额 were), so none of
    the document's 33 target tables stated an amount."""
    d = pages("yantai/yantai_b5a0bb5c8b.pdf", (37,))
    l = d.lines[d.lines["table_kind"] == "performance_project"]
    assert dict(zip(l["measure"], l["amount_yuan"])) == {"total": 3_474_700.0, "appropriation": 3_474_700.0,
                                                         "other_income": 0.0}
    assert set(l["name"]) == {"文化艺术事业资金"} and set(l["unit_printed"]) == {"万元"}
