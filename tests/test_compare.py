"""Year-over-year and cross-unit comparison on the real corpus pairs and on the founding sample.

Figures are the documents' own: Jiangsu 高级人民法院 2017/2018 (万元 tables, here in 元) and Shanghai 万里街道
2023/2024 (元 tables); the founding sample alone gives a baseline from what its narrative says about 2023.
"""
import argparse

import pandas as pd
import pytest

import budget_analysis as ba
from budget_analysis.compare.years import add_cli, check_prior_year, to_html
from budget_analysis.compare.units import name_from_titles, panel, unit_key, units
from budget_analysis.reference.crosswalk import applicable, load_crosswalk
from conftest import CORPUS, SAMPLE, needs_corpus

JIANGSU = "江苏省高级人民法院"
WANLI = "上海市普陀区人民政府万里街道办事处"
ZIZHOU = "子洲县机关事业单位和居民养老保险经办中心"


def _store(tmp_path_factory, name, paths):
    out = tmp_path_factory.mktemp(name)
    for p in paths:
        ba.write_disclosure(ba.load(p), out)
    return ba.load_store(out)


@pytest.fixture(scope="module")
def jiangsu(tmp_path_factory):
    return _store(tmp_path_factory, "jiangsu", sorted((CORPUS / "jiangsu").glob("*.pdf")))


@pytest.fixture(scope="module")
def wanli(tmp_path_factory):
    return _store(tmp_path_factory, "wanli", sorted((CORPUS / "shanghai").glob("*.pdf")))


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    return _store(tmp_path_factory, "sample", [SAMPLE])


def _table_codes(store, year, kind="gpb_by_function"):
    lines = store.lines[(store.lines["year"] == year) & (store.lines["table_kind"] == kind)]
    return set(lines.loc[lines["level"] > 0, "code"])


def _adds_up(df):
    """The 类 changes add up to the 合计 change."""
    assert df.loc[df["level"] == 1, "change"].sum() == pytest.approx(df.loc[df["level"] == 0, "change"].iloc[0])


# --- unit identity -------------------------------------------------------------------------------------------

def test_unit_key_folds_scope_notes_spaces_and_document_kind():
    assert unit_key("西安市审计局（汇总）") == "西安市审计局"
    assert unit_key(" 江苏省高级人民法院 部门") == unit_key("江苏省高级人民法院") == JIANGSU
    assert unit_key("某某事业单位") == "某某事业单位"  # a name that really ends in 单位 keeps it


def test_unit_name_from_table_titles_when_the_cover_has_none():
    titles = ["一、2017年度江苏省高级人民法院部门收支预算总表", "二、2017年度江苏省高级人民法院部门收入预算总表",
              "五、2017年度江苏省高级人民法院部门财政拨款支出预算表"]
    assert unit_key(name_from_titles(titles)) == JIANGSU


def test_units_key_by_code_where_printed_else_by_name(sample_store):
    store = sample_store
    meta = pd.concat([store.meta.assign(doc_id=d, unit_name=n, unit_code=c, year=y) for d, n, c, y in [
        ("a", "西安市气象局", "234", 2022), ("b", "西安市气象局（汇总）", "", 2023), ("c", "西安市商务局", "1", 2022),
        ("d", "西安市交通运输局", "1", 2022), ("e", "西安市审计局", "117", 2024), ("f", "西安市审计局", "117001", 2025)]],
        ignore_index=True)
    keys = dict(zip(meta["doc_id"], units(ba.Store(**{**store.__dict__, "meta": meta}))["unit_key"]))
    assert keys["a"] == keys["b"] == "234"  # the name printed next to a code elsewhere takes the code
    assert keys["c"] != keys["d"]  # '1' from a project table is no unit code
    assert keys["e"] == keys["f"] == "西安市审计局"  # one name, two codes: the name decides


# --- SQL ---------------------------------------------------------------------------------------------------

def test_query_over_a_folder_and_over_a_store(sample_store):
    sql = "SELECT unit, year, amount_yuan FROM lines WHERE table_kind = 'gpb_by_function' AND level = 0 AND measure = 'total'"
    for source in (sample_store.folder, sample_store):
        got = ba.query(source, sql)
        assert got.to_dict("records") == [dict(unit=ZIZHOU, year=2024, amount_yuan=133491208.0)]
    assert ba.query(sample_store.folder, "SELECT count(*) AS n FROM meta")["n"].iloc[0] == 1


# --- the founding sample: a baseline from the narrative -------------------------------------------------------

def test_one_document_gives_last_year_as_it_states_it(sample_store):
    df = ba.compare(sample_store, unit=ZIZHOU)
    total = df[df["level"] == 0].iloc[0]
    assert list(df.columns[3:5]) == ["2023", "2024"]
    assert total["2023"] == 113929100.0  # 上年预算拨款支出 11392.91 万元
    assert round(total["change"] / 1e4, 2) == 1956.21 == total["stated_change_wan"]
    assert total["basis"] == "stated by zizhou_pension_center_2024_budget"
    item = df.set_index("code").loc["2082699"]  # 8000 万元, 较上年增加 1000 万元
    assert (item["2023"], item["2024"], item["status"]) == (70000000.0, 80000000.0, "both")
    assert df.set_index("code").loc["208", "status"] == "not stated"


def test_reasons_of_a_coded_item_made_of_parts(sample_store):
    row = ba.compare(sample_store, unit=ZIZHOU).set_index("code").loc["2080109"]
    assert row["stated_change_wan"] == pytest.approx(956.21)  # 人员经费 +20.02, 公用经费 0, 专项业务费 +936.19
    assert row["stated_reason"].startswith("人员经费：新增副主任一名及普调工资；专项业务费：")


# --- Jiangsu 高级人民法院 2017/2018 ---------------------------------------------------------------------------

@needs_corpus
def test_jiangsu_function_codes_of_both_years(jiangsu):
    df = ba.compare(jiangsu, unit=JIANGSU, years=[2017, 2018])
    assert set(df["code"]) - {""} == _table_codes(jiangsu, 2017) | _table_codes(jiangsu, 2018)
    _adds_up(df)
    rows = df.set_index("code")
    assert (rows.loc["", "2017"], rows.loc["", "2018"], rows.loc["", "change"]) == (288493800.0, 331721500.0, 43227700.0)
    assert rows.loc["", "stated_change_wan"] == 4322.77
    expected = {"204": (235131100.0, 262008800.0), "208": (23471300.0, 22547600.0), "221": (29891400.0, 47165100.0)}
    for code, (a, b) in expected.items():
        assert (rows.loc[code, "2017"], rows.loc[code, "2018"]) == (a, b)
    assert rows.loc["204", "stated_reason"] == "增加人员经费中单位预留机动安排的其他工资福利等支出"
    assert rows.loc["2040504", "stated_reason"] == "徐州铁路运输法院审判专项业务费支出预算的增加"
    assert rows.loc["2210202", "stated_change_wan"] == 1358.26
    assert rows.loc["2080505", "status"] == "added" and pd.isna(rows.loc["2080505", "2017"])
    assert rows.loc["2080505", "change"] == 13268100.0


@needs_corpus
def test_jiangsu_reason_matched_across_a_reordered_name(jiangsu):
    """The text says 一般行政事务管理 where the table prints 一般行政管理事务 (2040502)."""
    rows = ba.compare(jiangsu, unit=JIANGSU).set_index("code")
    assert rows.loc["2040502", "stated_reason"] == "江苏法院云平台租赁费项目经费预算安排减少"


@needs_corpus
def test_jiangsu_prior_year_check_finds_the_misstated_2040502(jiangsu):
    """2018 says 6049.97 万元, 减少 392.92 — so 6442.89 in 2017 — but the 2017 table printed 6432.89."""
    f = check_prior_year(jiangsu, JIANGSU)
    assert list(f["code"]) == ["2040502"]
    assert (f["check_id"].iloc[0], f["severity"].iloc[0]) == ("prior_year_mismatch", "warning")
    assert (f["expected"].iloc[0], f["actual"].iloc[0]) == (64328900.0, 64428900.0)


@needs_corpus
def test_jiangsu_economic_and_split(jiangsu):
    econ = ba.compare(jiangsu, unit=JIANGSU, by="economic")
    assert econ.attrs["table_kind"] == "basic_by_economic"  # Jiangsu prints no 一般公共预算 economic table
    _adds_up(econ)
    assert econ.set_index("code").loc["30231", "stated_reason"].startswith("徐州铁路运输法院公务用车改革")
    split = ba.compare(jiangsu, unit=JIANGSU, by="split").set_index("code")
    assert (split.loc["basic", "2017"], split.loc["basic", "2018"]) == (171231900.0, 185708200.0)
    assert split.loc["basic", "stated_change_wan"] == 1447.63
    assert split.loc["personnel", "status"] == "not printed"


def test_crosswalk_table_is_versioned_and_applies_by_year():
    cw = load_crosswalk()
    assert set(cw.columns) >= {"version", "from_year", "to_year", "from_code", "to_code", "share", "note"}
    assert applicable(2017, 2018).empty and len(applicable(2018, 2019)) == len(cw)
    assert "210" not in set(cw["from_code"])  # 医疗卫生与计划生育支出 → 卫生健康支出 kept its code: no row


def test_crosswalk_status_mapped_on_a_synthetic_pair(sample_store):
    """2080505 of the sample printed as 2018's, renumbered to 2080599 by a 2019 revision, comes back mapped."""
    lines = sample_store.lines.copy()
    earlier = lines.assign(doc_id="old", year=2018)
    earlier["code"] = earlier["code"].replace({"2080505": "2080599"})
    store = ba.Store(**{**sample_store.__dict__,
                        "meta": pd.concat([sample_store.meta, sample_store.meta.assign(doc_id="old", year=2018)]),
                        "lines": pd.concat([lines, earlier], ignore_index=True)})
    cw = pd.DataFrame([dict(version="t", from_year=2018, to_year=2019, from_code="2080599", from_name="",
                            to_code="2080505", to_name="机关事业单位基本养老保险缴费支出", share=1.0, note="renumbered")])
    df = ba.compare(store, unit=ZIZHOU, years=[2018, 2024], crosswalk=cw).set_index("code")
    assert df.loc["2080505", "status"] == "mapped"
    assert df.loc["2080505", "crosswalk_note"] == "2080599→2080505 renumbered"
    assert df.loc["2080505", "2018"] == df.loc["2080505", "2024"] == 238707.0
    assert "2080599" not in df.index


# --- Shanghai 万里街道 2023/2024 -------------------------------------------------------------------------------

@needs_corpus
def test_wanli_function_codes_of_both_years(wanli):
    df = ba.compare(wanli, unit=WANLI, years=[2023, 2024])
    assert set(df["code"]) - {""} == _table_codes(wanli, 2023) | _table_codes(wanli, 2024)
    _adds_up(df)
    rows = df.set_index("code")
    assert (rows.loc["", "2023"], rows.loc["", "2024"], rows.loc["", "change"]) == (164978640.0, 156211123.0, -8767517.0)
    assert rows.loc["", "stated_change_wan"] == -876.75
    expected = {"201": (2976800.0, 2932700.0), "208": (27073236.0, 19604064.0), "212": (121319878.0, 119385303.0)}
    for code, (a, b) in expected.items():
        assert (rows.loc[code, "2023"], rows.loc[code, "2024"]) == (a, b)
    assert rows.loc["205", "status"] == "added" and rows.loc["205", "2024"] == 250000.0
    assert rows.loc["2010506", "status"] == "removed" and rows.loc["2010506", "2023"] == 26300.0
    assert rows.loc["2010507", "stated_reason"] == "项目调整"  # 专项普查活动, 比2023年预算执行数减少57.14%


@needs_corpus
def test_wanli_prior_year_total_agrees(wanli):
    f = check_prior_year(wanli, WANLI)
    assert "" not in set(f["code"])  # 2024 says 15621.11 − (−876.75) = 16497.86 万元, the 2023 合计


# --- command line, HTML, panel, charts ---------------------------------------------------------------------

@needs_corpus
def test_cli_compare_prints_the_table_and_writes_html(jiangsu, tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_cli(parser.add_subparsers())
    html = tmp_path / "cmp.html"
    args = parser.parse_args(["compare", "--unit", "江苏省高级人民法院（汇总）", "--years", "2017", "2018",
                              "--store", str(jiangsu.folder), "--html", str(html)])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert "4322.77" in out and "增加人员经费中单位预留机动安排的其他工资福利等支出" in out
    assert "2040502" in html.read_text(encoding="utf-8")
    args = parser.parse_args(["compare", "--unit", "nobody", "--store", str(jiangsu.folder)])
    assert args.func(args) == 1


def test_html_page_for_the_sample(sample_store):
    page = to_html(sample_store, ZIZHOU)
    assert "11,392.91" in page and "下一年文件所述上年数" in page
    # issue 16: the report's style, Chinese headers and statuses, figures right-aligned, no English column name
    assert "table.t th.num" in page and '<td class="num">11,392.91</td>' in page
    assert "增减（万元）" in page and "状态" in page
    for english in ("change_wan", "change_%", "both", "added", "stated_reason", "crosswalk_note"):
        assert english not in page


@needs_corpus
def test_panel_and_charts(jiangsu):
    import matplotlib.pyplot as plt
    from budget_analysis.charts import compare as cc
    p = panel(jiangsu, 2018)
    assert p[["unit", "total_yuan", "top1"]].to_dict("records") == [
        dict(unit=JIANGSU, total_yuan=331721500.0, top1="204 公共安全支出")]
    assert p["top1_share"].iloc[0] == pytest.approx(262008800 / 331721500)
    df = ba.compare(jiangsu, unit=JIANGSU)
    fig = cc.change_by_class(df)
    assert fig.data["change_wan"].sum() == pytest.approx(4322.77)
    assert set(cc.largest_growth(df).data["year"]) == {"2017", "2018"}
    assert cc.share_slope(df).data["2018"].sum() == pytest.approx(100)
    cc.panel_split(p)
    plt.close("all")
