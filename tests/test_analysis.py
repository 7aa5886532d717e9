"""The analysis layer on the founding sample: figures checked against the document by hand."""
import pandas as pd
import pytest

from budget_analysis import analysis as an
from conftest import SAMPLE


def test_total_change_from_the_narrative(sample):
    s = an.change_summary(sample).iloc[0]
    assert (s["current_wan"], s["prior_wan"], s["change_wan"]) == (13349.12, 11392.91, 1956.21)
    assert s["basis"] == "function" and s["subject"] == "一般公共预算拨款支出"


def test_change_drivers_are_the_pension_subsidies(sample):
    d = an.change_drivers(sample)
    items = d[d["kind"] == "item"]
    assert items.iloc[0][["code", "change_wan"]].tolist() == ["2082699", 1000.0]
    assert items.iloc[1][["code", "subject", "change_wan"]].tolist() == ["2080109", "社会保险经办机构/专项业务费", 936.19]
    assert items.iloc[1]["reason"] == "本年度机关事业单位退休人员、城乡居民养老保险县级补贴增加"
    assert items.iloc[:2]["share_of_change"].sum() == pytest.approx((1000 + 936.19) / 1956.21)
    # one basis only: the 313 economic claim (+936.19, the same money as 2080109's 专项) is not added
    assert set(items["basis"]) == {"function"} and "313" not in set(d["code"])


def test_unexplained_is_total_minus_stated(sample):
    d = an.change_drivers(sample)
    rest = d[d["kind"] == "unexplained"]
    assert len(rest) == 1 and d["kind"].iloc[-1] == "unexplained"
    # the document's 人员经费 +20.02 is the unit's whole personnel, so the five personnel items count twice
    assert rest["change_wan"].iloc[0] == pytest.approx(-3.81)
    assert d["change_wan"].sum() == pytest.approx(1956.21)
    assert d["share_of_change"].sum() == pytest.approx(1.0)


def test_forced_economic_basis_leaves_the_reclassification_unexplained(sample):
    d = an.change_drivers(sample, basis="dept_economic")
    assert set(d.loc[d["kind"] == "item", "code"]) == {"301", "302", "303", "309", "313"}
    assert d.loc[d["kind"] == "unexplained", "change_wan"].iloc[0] == pytest.approx(1956.21 - 8967.57)


def test_functional_mix_level1(sample):
    m = an.functional_mix(sample, 1).set_index("code")
    assert list(m.index) == ["208", "221", "210"]
    assert m.loc["208", "amount_yuan"] == 133_242_989
    assert m.loc["208", "share"] == pytest.approx(133_242_989 / 133_491_208)
    assert m.loc["208", "share"] == pytest.approx(0.99814, abs=1e-5)
    assert m["share"].sum() == pytest.approx(1.0)
    assert m.loc["208", "project"] == 131_104_000


def test_functional_mix_levels_2_and_3(sample):
    k = an.functional_mix(sample, 2).set_index("code")
    assert k.loc["20826", "amount_yuan"] == 80_000_000 and k.loc["20826", "parent_code"] == "208"
    assert k.loc["20826", "share_of_parent"] == pytest.approx(80_000_000 / 133_242_989)
    x = an.functional_mix(sample, 3).set_index("code")
    assert x.loc["2080109", "amount_wan"] == 5288.19
    assert x.loc["2080505", "share_of_parent"] == pytest.approx(238_707 / 358_061)


def test_economic_mix(sample):
    e = an.economic_mix(sample)
    dept = e[e["classification"] == "dept_economic"].set_index("code")
    assert dept["amount_yuan"].to_dict() == {"303": 80_008_274, "313": 50_440_000, "301": 2_333_334,
                                             "302": 609_600, "309": 100_000}
    assert dept["share"].sum() == pytest.approx(1.0)
    assert dept.loc["302", ["public", "project"]].tolist() == [45_600, 564_000]
    gov = e[e["classification"] == "gov_economic"].set_index("name")
    assert gov["amount_yuan"].to_dict() == {"对个人和家庭的补助": 80_008_274, "对社会保障基金补助": 50_440_000,
                                            "对事业单位经常性补助": 2_942_934, "对事业单位资本性补助": 100_000}
    assert gov["share"].sum() == pytest.approx(1.0)


def test_spending_split(sample):
    s = an.spending_split(sample)
    assert len(s) == 1
    row = s.iloc[0]
    assert row["unit_code"] == "115010"
    assert (row["personnel"], row["public"], row["basic"], row["project"], row["total"]) == \
        (2_341_608, 45_600, 2_387_208, 131_104_000, 133_491_208)
    assert row["basic_share"] + row["project_share"] == pytest.approx(1.0)


def test_performance_coverage_per_project(sample):
    c = an.performance_coverage(sample).set_index("project")
    assert len(c) == 12 and c["has_targets"].sum() == 9
    uncovered = set(c.index[~c["has_targets"]])
    assert uncovered == {"城乡居民养老保险县级补贴资金", "机关事业单位县配套资金", "机关事业单位养老保险县级补助资金"}
    archive = c.loc["档案室档案管理"]
    assert archive["target_name"] == "档案管理费" and archive["match_score"] == pytest.approx(0.667)
    assert (archive["n_indicators"], archive["n_output"], archive["n_effect"], archive["n_satisfaction"]) == (6, 4, 1, 1)
    check = c.loc["取消集中认证入户认证经费"]
    assert check["placeholders"] == 2 and check["quantified_share"] == pytest.approx(3 / 6)
    assert (c.loc[c["has_targets"], "target_amount_yuan"] == c.loc[c["has_targets"], "amount_yuan"]).all()


def test_performance_coverage_totals(sample):
    t = an.performance_coverage_totals(sample).iloc[0]
    assert (t["n_projects"], t["n_with_targets"]) == (12, 9)
    assert t["covered_yuan"] == 664_000 and t["project_money_yuan"] == 131_104_000
    assert t["uncovered_yuan"] == 130_440_000
    assert t["covered_share"] == pytest.approx(664_000 / 131_104_000)
    # the project rows add up to more than the printed total: 104400000 is printed for a 1044 万 item
    assert t["project_rows_yuan"] == 225_064_000
    assert (t["n_indicators"], t["placeholders"]) == (57, 3)


def test_indicator_mix(sample):
    m = an.indicator_mix(sample)
    assert m["n"].sum() == 57
    output = m[m["level1"] == "产出指标"].groupby("level2")["n"].sum()
    assert output.to_dict() == {"数量指标": 9, "质量指标": 9, "时效指标": 9, "成本指标": 9}


def test_resolve_doc_path(tmp_path, monkeypatch):
    monkeypatch.chdir(SAMPLE.parents[2])  # the repository root, where ../data/raw/… does not exist
    assert an.resolve_doc_path("../data/raw/" + SAMPLE.name).resolve() == SAMPLE
    monkeypatch.chdir(SAMPLE.parents[2] / "tests")
    assert an.resolve_doc_path("../data/raw/" + SAMPLE.name).resolve() == SAMPLE
    with pytest.raises(FileNotFoundError):
        an.resolve_doc_path("../data/raw/nothing.txt", start=tmp_path)


def test_every_analysis_returns_a_frame(sample):
    for fn in (an.change_drivers, an.change_summary, an.economic_mix, an.spending_split,
               an.performance_coverage, an.performance_coverage_totals, an.indicator_mix):
        assert isinstance(fn(sample), pd.DataFrame) and len(fn(sample))


def test_spending_split_keeps_unprinted_columns_unknown():
    """广州 卫健委 一般公共预算支出表 prints 合计 | 基本支出 | 项目支出, no 人员/公用 split: those are unknown (NaN),
    not 0, and 基本支出 is the printed one (179,339.19 万元)."""
    import budget_analysis as ba
    from conftest import loaded
    from pathlib import Path
    wide = Path(__file__).resolve().parents[2] / "shared" / "wide"
    if not wide.exists():
        pytest.skip("../shared/wide not present")
    s = ba.analysis.spending_split(loaded(wide / "guangzhou" / "guangzhou_899e8c545a.pdf"))
    row = s.iloc[0]
    assert pd.isna(row["personnel"]) and pd.isna(row["public"])
    assert row["basic"] == 1_793_391_900.0 and row["project"] == 1_449_757_200.0
