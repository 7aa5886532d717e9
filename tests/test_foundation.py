"""The founding sample, from raw text to contract tables (issue 2)."""
import json
import subprocess
import sys

import pandas as pd
import pytest

import budget_analysis as ba
from budget_analysis.normalise.schema import COLUMNS
from conftest import SAMPLE


def amount(doc, kind, code, measure="total"):
    l = doc.lines
    sel = l[(l.table_kind == kind) & (l.code == code) & (l.measure == measure)]
    assert len(sel) == 1, (kind, code, measure, sel)
    return sel["amount_yuan"].iloc[0]


def test_meta(sample):
    m = sample.meta
    assert m["unit_name"] == "子洲县机关事业单位和居民养老保险经办中心"
    assert m["year"] == 2024 and m["unit_kind"] == "unit" and m["kind"] == "budget" and m["template"] == "shaanxi"
    assert m["unit_code"] == "115010" and m["parent_dept"] == "子洲县人力资源和社会保障局"


def test_columns_follow_the_contract(sample):
    for name, cols in COLUMNS.items():
        assert list(getattr(sample, name).columns) == list(cols), name


@pytest.mark.parametrize("code,measure,expected", [
    ("", "total", 133_491_208), ("208", "total", 133_242_989), ("2080109", "total", 52_881_935),
    ("2080109", "personnel", 1_732_335), ("2080109", "public", 45_600), ("2080109", "project", 51_104_000),
    ("2080505", "total", 238_707), ("2082699", "total", 80_000_000), ("2210201", "total", 197_338),
])
def test_gpb_by_function(sample, code, measure, expected):
    assert amount(sample, "gpb_by_function", code, measure) == expected


@pytest.mark.parametrize("code,expected", [("301", 2_333_334), ("302", 609_600), ("303", 80_008_274),
                                           ("313", 50_440_000)])
def test_gpb_by_economic(sample, code, expected):
    assert amount(sample, "gpb_by_economic", code) == expected


def test_basic_by_function_total(sample):
    assert amount(sample, "basic_by_function", "") == 2_387_208


def test_hierarchy_fields(sample):
    l = sample.table("gpb_by_function", "total").set_index("code")
    assert l.loc["", "level"] == 0 and l.loc["208", "level"] == 1
    assert l.loc["20805", "level"] == 2 and l.loc["20805", "parent_code"] == "208"
    assert l.loc["2080505", "level"] == 3 and l.loc["2080505", "parent_code"] == "20805"
    e = sample.table("gpb_by_economic", "total").set_index("code")
    assert e.loc["30101", "level"] == 2 and e.loc["30101", "parent_code"] == "301"


def test_truncated_name_completed_from_elsewhere(sample):
    b = sample.table("basic_by_function", "total").set_index("code")
    assert b.loc["2082699", "name"] == "财政对其他基本养老保险基金的补助"   # 表7 prints it cut short


def test_projects(sample):
    p = sample.projects
    assert len(p) == 12
    got = dict(zip(p["project"], p["amount_yuan"]))
    assert got["城乡居民养老保险县级补贴资金"] == 104_400_000   # as printed (the group says otherwise)
    assert got["机关事业单位养老保险县级补助资金"] == 80_000_000
    assert got["档案室档案管理"] == 50_000
    assert set(p["group"]) == {"专用项目/履职项目", "专用项目/专项资金项目"}


def test_performance_tables(sample):
    i = sample.indicators
    assert i[i.table_kind == "project"]["project"].nunique() == 9
    assert i[i.table_kind == "overall"]["project"].unique().tolist() == ["子洲县机关事业单位和居民养老保险经办中心"]
    row = i[(i.indicator == "核查次数")].iloc[0]
    assert (row.operator, row.target_value, row.target_unit) == ("≥", 300.0, "次")
    placeholders = i[i.is_placeholder]
    assert set(placeholders["target_raw"]) == {"$\\geqN$人", "$\\leqN\\%$"}
    assert len(placeholders) == 3
    unq = i[(i.indicator == "改善困难职工生活条件")].iloc[0]
    assert not unq.is_quantified and unq.level1 == "效益指标"
    # merged 一级/二级 cells carried down; the shifted 满意度 row of 档案管理费 still lands right
    d = i[(i.project == "档案管理费") & (i.indicator == "受益群众满意度")].iloc[0]
    assert (d.level1, d.level2, d.target_raw) == ("满意度指标", "服务对象满意度指标", "≥95%")
    cost = i[(i.indicator == "单次活动成本")].iloc[0]
    assert (cost.level1, cost.level2) == ("产出指标", "成本指标")


def test_project_names_matched(sample):
    i = sample.indicators.drop_duplicates("project").set_index("project")
    assert i.loc["档案管理费", "project_matched"] == "档案室档案管理"
    assert i.loc["养老保险经办、待遇核查", "project_matched"] == "养老保险代办、待遇核查"
    assert 0.5 <= i.loc["档案管理费", "match_score"] < 1


def test_contents_and_missing_tables(sample):
    t = sample.tables.set_index("number")
    assert t.loc["表9", "listed_empty"] and t.loc["表9", "empty_reason"] == "本单位不涉及"
    assert not t.loc["表1", "found"] and t.loc["表5", "found"]
    missing = sample.findings[sample.findings.check_id == "table_missing"]
    assert sorted(missing["table_kind"]) == ["expenditure", "revenue", "summary"]
    assert set(missing["severity"]) == {"warning"}
    numbering = sample.findings[sample.findings.check_id == "table_numbering"]
    assert "正文印为表8" in numbering[numbering.table_kind == "gpb_by_economic"]["message"].iloc[0]


def test_extract_cli_writes_parquet(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("这不是预算公开文件。\n", encoding="utf-8")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.txt"
    out = tmp_path / "out"
    r = subprocess.run([sys.executable, "-m", "budget_analysis.cli", "extract", str(SAMPLE), str(bad),
                        str(empty), str(missing), "--out", str(out)], capture_output=True, text=True)
    assert r.returncode == 1
    errors = r.stderr.strip().splitlines()
    assert len(errors) == 3
    assert f"{bad}: not a budget disclosure" in errors[0]
    assert f"{empty}: empty file" in errors[1]
    assert f"{missing}: no such file" in errors[2]
    assert "zizhou_pension_center_2024_budget: 子洲县" in r.stdout
    folder = out / "zizhou_pension_center_2024_budget"
    assert json.loads((folder / "meta.json").read_text())["year"] == 2024
    lines = pd.read_parquet(folder / "lines.parquet")
    assert len(lines) == len(ba.load(SAMPLE).lines)
    store = ba.load_store(out)
    assert store.meta["doc_id"].tolist() == ["zizhou_pension_center_2024_budget"]
    assert {"unit", "year"} <= set(store.lines.columns)
    back = store.doc("zizhou_pension_center_2024_budget")
    pd.testing.assert_frame_equal(back.lines, ba.load(SAMPLE).lines)


def test_extract_store_skips_what_it_cannot_read(tmp_path, caplog):
    folder = tmp_path / "raw"
    folder.mkdir()
    (folder / "zizhou.txt").write_bytes(SAMPLE.read_bytes())
    (folder / "notes.txt").write_text("这不是预算公开文件。\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("", encoding="utf-8")
    store = ba.extract_store([folder], tmp_path / "out")
    assert store.meta["doc_id"].tolist() == ["zizhou"]
    assert store.lines[store.lines.table_kind == "gpb_by_function"]["amount_yuan"].max() == 133_491_208
    assert "notes.txt: not a budget disclosure" in caplog.text
