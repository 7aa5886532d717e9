"""三公 tables normalised: a line per cell, the block in `name`, the column in `measure` (hand grids and the corpus)."""
from dataclasses import replace

import pytest

import budget_analysis as ba
from budget_analysis.checks.three_public import table_values, three_public
from budget_analysis.document.disclosure import from_raw
from budget_analysis.readers.grid import Grid, RawDocument
from budget_analysis.normalise import normalise_grid
from budget_analysis.normalise.three_public import column_measure
from conftest import CORPUS, needs_corpus

SHAANXI_TITLE = "2024年部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表"
SHAANXI_HEAD = [["序号", "单位编码", "单位名称", "当年", "", "", "", "", "", "", "", ""],
                ["", "", "", "合计", "“三公”经费", "", "", "", "", "", "会议费", "培训费"],
                ["", "", "", "", "小计", "因公出国（境）费用", "公务接待费", "公务用车购置及运行维护费", "", "", "", ""],
                ["", "", "", "", "", "", "", "小计", "公务用车购置费", "公务用车运行费", "", ""]]
SHAANXI_MEASURES = ["grand_total", "total", "abroad", "reception", "vehicle", "vehicle_purchase",
                    "vehicle_operation", "meeting", "training"]


def lines_of(grid: Grid) -> list[dict]:
    return normalise_grid(grid, "three_public")["lines"]


def by(lines, **kw) -> dict:
    return {l["measure"]: l["amount"] for l in lines if all(l[k] == v for k, v in kw.items())}


def test_shaanxi_one_block_per_unit_row():
    rows = SHAANXI_HEAD + [["1", "", "合计", "40000", "30000", "0", "10000", "20000", "0", "20000", "5000", "5000"],
                           ["2", "117", "某局", "40000", "30000", "0", "10000", "20000", "0", "20000", "5000", "5000"],
                           ["3", "117001", "某局机关", "40000", "30000", "0", "10000", "20000", "", "20000", "5000", "5000"]]
    lines = lines_of(Grid(title=SHAANXI_TITLE, rows=rows, page=9))
    assert len(lines) == 27 and {l["name"] for l in lines} == {"当年预算"}
    assert [l["measure"] for l in lines[:9]] == SHAANXI_MEASURES
    assert [(l["unit_code"], l["level"]) for l in lines[::9]] == [("", 1), ("117", 2), ("117001", 3)]
    assert by(lines, unit_code="")["total"] == 30000 and by(lines, unit_code="117001")["vehicle_purchase"] == 0
    assert all(l["classification"] == "none" and l["code"] == "" and l["page"] == 9 for l in lines)


def test_column_labels_broken_or_merged():
    assert column_measure("公务用车购置公务用车运行费") == "vehicle_purchase"   # two labels in one cell: the first
    assert column_measure("维护费") == "vehicle_operation"
    assert column_measure("公务用车购置及运行维护费公务用车小计购置费") == "vehicle"  # Jiangsu: 小计 merged with 购置费
    assert column_measure("因公出国(境)费用") == "abroad" and column_measure("三公小计") == "total"
    assert column_measure("2023年机关运行经费预算数") == "operating_costs"


def test_one_row_tables_take_the_year():
    shanghai = Grid(title="部门“三公”经费和机关运行经费预算表", unit_printed="万元", rows=[
        ["2024年“三公”经费预算数", "", "", "", "", "", "2024年机关运行经费预算数"],
        ["合计", "因公出国(境)费", "公务接待费", "公务用车购置及运行费", "", "", ""],
        ["", "", "", "小计", "购置费", "运行费", ""],
        ["47.91", "0", "1.35", "46.56", "25", "21.56", "443.18"]])
    assert by(lines_of(shanghai), name="2024年预算") == {
        "total": 47.91, "abroad": 0, "reception": 1.35, "vehicle": 46.56, "vehicle_purchase": 25,
        "vehicle_operation": 21.56, "operating_costs": 443.18}


def test_change_block_with_a_dropped_column_is_matched_by_value():
    """audit 2026: the reader dropped the blank 会议费 column of the 增减 block, and its header shifted."""
    head = [["单位编码", "单位名称", "上年"] + [""] * 8 + ["当年"] + [""] * 8 + ["增减变化情况"] + [""] * 7]
    block = ["合计", "“三公”经费", "", "", "", "", "", "会议费", "培训费"]
    head.append(["", ""] + block + block + ["合计", "“三公”经费", "", "", "", "", "会议费", "培训费"])
    sub = ["", "小计", "因公出国（境）费用", "公务接待费", "公务用车购置及运行维护费", "", "", "", ""]
    head.append(["", ""] + sub + sub + sub[:-1])
    veh = ["", "", "", "", "", "小计", "公务用车购置公务用车运行费", "维护费", "", ""]
    head.append(["", ""] + veh[1:] + veh[1:] + veh[1:-1])
    row = ["合计", "", "526,000.00", "120,000.00", "", "20,000.00", "100,000.00", "", "100,000.00", "20,000.00",
           "386,000.00", "332,000.00", "102,000.00", "", "20,000.00", "82,000.00", "", "82,000.00", "20,000.00",
           "210,000.00", "-194,000.00", "-18,000.00", "", "", "-18,000.00", "", "-18,000.00", "-176,000.00"]
    lines = lines_of(Grid(title="部门综合预算一般公共预算拨款“三公”经费及会议费、培训费支出预算表", rows=head + [row]))
    assert by(lines, name="当年预算")["vehicle_operation"] == 82000 and by(lines, name="上年预算")["meeting"] == 20000
    change = by(lines, name="增减")
    assert change["vehicle_operation"] == -18000 and change["training"] == -176000 and "meeting" not in change
    assert change["grand_total"] == -194000 and change["total"] == -18000


def test_check_runs_on_lines_without_raw():
    rows = SHAANXI_HEAD + [["1", "", "合计", "50000", "30000", "0", "10000", "20000", "0", "20000", "5000", "5000"]]
    raw = RawDocument(source="hand", grids=[Grid(title=SHAANXI_TITLE, rows=rows, page=9)], text=[], pages=1)
    doc = replace(from_raw(raw, "hand"), raw=None)
    found = three_public(doc)
    assert [(f["check_id"], f["expected"], f["actual"]) for f in found] == [("three_public_sum", 40000, 50000)]
    assert table_values(doc)[1]["total"] == 3.0   # the current year's 三公 total (小计) in 万元


@pytest.fixture(scope="module")
def corpus():
    names = {"met": "shaanxi/shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf",
             "js18": "jiangsu/jiangsu_prov_high_court_2018_budget.pdf",
             "transport": "shaanxi/shaanxi_xian_transport_bureau_2022_dept_comprehensive_budget.pdf"}
    return {k: ba.load(CORPUS / v).table("three_public") for k, v in names.items()}


def amounts(t, name, unit_code="") -> dict:
    sel = t[(t["name"] == name) & (t["unit_code"] == unit_code)]
    return dict(zip(sel["measure"], sel["amount_yuan"]))


@needs_corpus
def test_corpus_meteorological_2022(corpus):
    """p30: 2021年 合计 12240 = 三公 2720 (all 公务接待) + 会议 2380 + 培训 7140; 2022年 all 0; 增减 the negatives."""
    t = corpus["met"]
    assert set(t["name"]) == {"2021年预算", "2022年预算", "增减"}
    now = amounts(t, "2022年预算")
    assert now["total"] == 0 and now["vehicle_operation"] == 0 and now["grand_total"] == 0
    before = amounts(t, "2021年预算")
    assert (before["grand_total"], before["total"], before["reception"], before["meeting"], before["training"]) == \
        (12240, 2720, 2720, 2380, 7140)
    assert amounts(t, "增减")["grand_total"] == -12240
    assert amounts(t, "2021年预算", "234")["total"] == 2720


@needs_corpus
def test_corpus_jiangsu_2018(corpus):
    """p14 (万元): 2,558.26 | 620.75 | 170.00 | 266.80 | (购置费 blank) 266.80 | 183.95 | 271.26 | 1,666.25."""
    t = corpus["js18"]
    assert set(t["name"]) == {"2018年预算"} and set(t["level"]) == {1}
    now = amounts(t, "2018年预算")
    assert now == {"grand_total": 25_582_600, "total": 6_207_500, "abroad": 1_700_000, "vehicle": 2_668_000,
                   "vehicle_operation": 2_668_000, "reception": 1_839_500, "meeting": 2_712_600,
                   "training": 16_662_500}


@needs_corpus
def test_corpus_transport_2022_in_wan(corpus):
    """p78 (万元): 2022年 三公 248.84, of which 公务用车运行费 210.00; 增减 培训费 35.40 as printed (not 35.42)."""
    t = corpus["transport"]
    now = amounts(t, "2022年预算")
    assert (now["total"], now["vehicle_operation"], now["grand_total"]) == (2_488_400, 2_100_000, 4_728_900)
    assert amounts(t, "增减")["training"] == 354_000
