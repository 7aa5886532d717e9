"""The 15 real PDFs: every promised table found, the function tables reconcile, totals agree (issue 3)."""
import pytest

import budget_analysis as ba
from conftest import corpus_pdfs, loaded, needs_corpus

pytestmark = needs_corpus
PDFS = corpus_pdfs()
# 一般公共预算 合计 of each document's function table, as printed (元)
TOTALS = {
    "jiangsu_prov_high_court_2017_budget": 288_493_800.00,
    "jiangsu_prov_high_court_2018_budget": 331_721_500.00,
    "shaanxi_xian_audit_bureau_2026_dept_budget": 40_052_896.08,
    "shaanxi_xian_commerce_bureau_2022_dept_comprehensive_budget": 573_980_610.20,
    "shaanxi_xian_ecology_environment_bureau_2022_dept_comprehensive_budget": 518_161_240.01,
    "shaanxi_xian_housing_urban_rural_construction_bureau_2022_dept_comprehensive_budget": 2_271_233_740.03,
    "shaanxi_xian_industry_it_bureau_2022_dept_comprehensive_budget": 1_053_642_667.43,
    "shaanxi_xian_medical_security_bureau_2022_dept_comprehensive_budget": 480_544_221.60,
    "shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget": 18_999_011.66,
    "shaanxi_xian_natural_resources_planning_bureau_2022_dept_comprehensive_budget": 640_224_693.80,
    "shaanxi_xian_sasac_2022_dept_comprehensive_budget": 25_180_591.33,
    "shaanxi_xian_science_technology_bureau_2022_dept_comprehensive_budget": 936_647_884.30,
    "shaanxi_xian_transport_bureau_2022_dept_comprehensive_budget": 748_683_300.00,
    "shanghai_putuo_wanli_subdistrict_2023_dept_budget": 164_978_640.00,
    "shanghai_putuo_wanli_subdistrict_2024_dept_budget": 156_211_123.00,
}


@pytest.fixture(scope="module")
def docs():
    return {p.stem: loaded(p) for p in PDFS}


def test_corpus_is_complete():
    assert sorted(p.stem for p in PDFS) == sorted(TOTALS)


@pytest.mark.parametrize("doc_id", sorted(TOTALS))
def test_function_table_reconciles(docs, doc_id):
    doc = docs[doc_id]
    g = doc.table("gpb_by_function", "total")
    assert g[g.level == 0]["amount_yuan"].tolist() == [TOTALS[doc_id]]
    half = 0.5 * len(g)  # display rounding: half a printed unit per term at most
    assert abs(g[g.level == 1]["amount_yuan"].sum() - TOTALS[doc_id]) <= 0.05
    assert abs(g[g.level == 3]["amount_yuan"].sum() - TOTALS[doc_id]) <= half
    f = doc.findings
    assert f[(f.table_kind == "gpb_by_function") & f.check_id.isin(["hierarchy_sum", "row_identity"])].empty


@pytest.mark.parametrize("doc_id", sorted(TOTALS))
def test_function_total_equals_summary(docs, doc_id):
    doc = docs[doc_id]
    l = doc.lines
    revenue = l[l.table_kind.isin(["summary", "appropriation_summary"]) & (l.measure == "revenue")
                & l.name.str.fullmatch(r"一般公共预算(?:拨款|资金)?")]
    assert len(revenue) >= 1
    unit = 100 if (doc.table("gpb_by_function").unit_printed == "万元").any() else 1
    assert (abs(revenue["amount_yuan"] - TOTALS[doc_id]) <= unit).all()


@pytest.mark.parametrize("doc_id", sorted(TOTALS))
def test_listed_tables_found(docs, doc_id):
    t = docs[doc_id].tables
    promised = t[t.listed & ~t.listed_empty]
    assert promised["found"].all(), promised[~promised.found][["number", "title"]]
    assert docs[doc_id].findings.query("check_id == 'table_missing'").empty


def test_known_document_problems(docs):
    """Genuine problems of the documents (DOMAIN.md), found by the checks, not by us."""
    sasac = docs["shaanxi_xian_sasac_2022_dept_comprehensive_budget"].findings
    assert (sasac.check_id == "hierarchy_sum").any()          # 表6 amounts shifted a row from 302
    transport = docs["shaanxi_xian_transport_bureau_2022_dept_comprehensive_budget"].findings
    row = transport[(transport.check_id == "total_across_tables") & (transport.table_kind == "gpb_by_economic")]
    assert "人员经费" in row.message.iloc[0] and abs(row.difference.iloc[0]) >= 200   # 表6 vs 表5 人员经费
    medical = docs["shaanxi_xian_medical_security_bureau_2022_dept_comprehensive_budget"].findings
    assert (medical.check_id == "display_rounding").any()     # 475907032.4 printed for .42


@pytest.mark.parametrize("doc_id,unit,year", [
    ("jiangsu_prov_high_court_2018_budget", "江苏省高级人民法院", 2018),
    ("shanghai_putuo_wanli_subdistrict_2024_dept_budget", "上海市普陀区人民政府万里街道办事处", 2024),
    ("shaanxi_xian_audit_bureau_2026_dept_budget", "西安市审计局(汇总)", 2026),
    ("shaanxi_xian_ecology_environment_bureau_2022_dept_comprehensive_budget", "西安市生态环境局", 2022),
])
def test_meta(docs, doc_id, unit, year):
    assert (docs[doc_id].meta["unit_name"], docs[doc_id].meta["year"]) == (unit, year)


@pytest.mark.parametrize("doc_id", [d for d in sorted(TOTALS) if d.startswith("shaanxi")])
def test_project_tree_adds_up(docs, doc_id):
    """The projects rebuilt from the flat 专项业务经费支出表 add up to its printed 合计, page breaks included."""
    doc = docs[doc_id]
    printed = doc.table("project_spending")
    printed = printed[printed.level == 0]["amount_yuan"].sum()
    assert round(doc.projects["amount_yuan"].sum(), 2) == round(printed, 2) > 0
    assert doc.findings.query("check_id == 'project_group_sum'").empty


def test_label_wrapped_around_its_amount(docs):
    """江苏高院 2018 p9 收支预算总表: `三、单位预留机动经` above, `3,258.06` between, `费` below in 支出用途; the
    amount was taken for the function pair's 三、国防支出 (a 国防 figure the court never printed)."""
    s = docs["jiangsu_prov_high_court_2018_budget"].table("summary")
    assert s.loc[s.name == "单位预留机动经费", ["measure", "amount_yuan"]].values.tolist() == [["expenditure", 32580600.0]]
    assert s.loc[s.name == "国防支出", "amount_yuan"].tolist() == [0.0]
