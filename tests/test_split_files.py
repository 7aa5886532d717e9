"""Issue 12, failure class 7: documents split over files. A narrative-only file is a disclosure (claims, meta);
non-disclosures stay refused; `ba.load([text, tables])` and `extract --pair` read a narrative and its table
attachment as one document. Real files of ../shared/wide, named in each test."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import budget_analysis as ba
from budget_analysis import cli
from budget_analysis.document.prose import budget_prose
from budget_analysis.readers import pair_files, read_raw

WIDE = Path(__file__).resolve().parents[2] / "shared" / "wide"
pytestmark = pytest.mark.skipif(not WIDE.exists(), reason="../shared/wide not available")

BEIJING_TEXT = WIDE / "beijing" / "beijing_0712b170dd.pdf"  # 北京市信访办公室 2026 部门预算信息公开 (7 pages, no tables)
XIAN_DRC = WIDE / "shaanxi" / "shaanxi_xian_development_reform_commission_2019_dept_comprehensive_budget.pdf"
JS = WIDE / "jiangsu"
JS_TEXT = JS / "jiangsu_prov_cppcc_office_2018_budget_text.pdf"      # 17 pages of 情况说明
JS_TABLES = JS / "jiangsu_prov_cppcc_office_2018_budget_tables.pdf"  # its 公开01–12表, 12 pages


@pytest.fixture(scope="module")
def pair():
    return ba.load([JS_TEXT, JS_TABLES])


def test_narrative_only_file_is_a_disclosure():
    """Beijing 信访办 2026: its 情况说明 states 收入预算 and 支出预算 in 万元; read, with its claims and meta."""
    doc = ba.load(BEIJING_TEXT)
    assert doc.meta["year"] == 2026 and "信访办公室" in doc.meta["unit_name"]
    assert doc.lines.empty and len(doc.claims) > 10
    assert any("narrative-only" in p for p in doc.meta["problems"])
    assert doc.claims["amount_wan"].notna().sum() > 10


def test_xian_drc_2019_narrative_read():
    """西安发改委 2019 部门综合预算说明 (28 pages, its tables published apart): p? states the 三公 budget 18.6 万元."""
    doc = ba.load(XIAN_DRC)
    three = doc.claims[doc.claims["sentence"].str.contains("“三公”经费预算18.6万元", regex=False)]
    assert 18.6 in set(three["amount_wan"])


@pytest.mark.parametrize("path", [WIDE / "changchun" / "changchun_05fa362900.pdf",   # an inspection list
                                  WIDE / "zhenjiang" / "zhenjiang_54f7a67967.pdf"])  # a web-site annual report
def test_non_disclosures_still_refused(path):
    with pytest.raises(ba.ReadError, match="not a budget disclosure"):
        ba.load(path)


def test_budget_prose_hand_made():
    assert budget_prose([(1, "某局2026年部门预算。收入预算100万元，支出预算100万元，一般公共预算拨款90万元，"
                            "基本支出80万元，项目支出20万元。")]) == (True, "")
    ok, why = budget_prose([(1, "关于开展安全检查的通知。请各单位于3月1日前报送。")])
    assert not ok and "names no budget" in why
    ok, why = budget_prose([(1, "这不是预算公开文件。")])
    assert not ok


def test_load_list_reads_narrative_and_tables_as_one(pair):
    """Jiangsu 政协办公厅 2018: text (17 pages) + tables (12 pages) as one document of 29 pages; the tables' p9
    “三公”经费、会议费、培训费支出预算表 is page 26 of the whole, the text's claims keep their pages."""
    assert pair.meta["pages"] == 29
    assert [(Path(p["source"]).name, p["first_page"], p["pages"]) for p in pair.meta["parts"]] == [
        (JS_TEXT.name, 1, 17), (JS_TABLES.name, 18, 12)]
    three = pair.tables[pair.tables["kind"] == "three_public"]
    assert three["page"].tolist() == [26]
    # 收入预算总计 10150.48 万元 is stated on the text's p8; the tables file's 公开02表 prints 10,150.48 on its p2 (= p19)
    assert 10150.48 in set(pair.claims.loc[pair.claims["page"] == 8, "amount_wan"])
    grid = next(g for g in pair.raw.grids if g.page == 19)
    assert any("10,150.48" in c for r in grid.rows for c in r)
    assert pair.meta["unit_name"] == "江苏省政协办公厅" and pair.meta["year"] == 2018
    assert len(pair.meta["sha256"]) == 64


def test_pages_of_each_part_unchanged():
    """The offset is the only change: the tables file read alone has the same grid on its own p9."""
    alone = read_raw(JS_TABLES)
    assert [g.page for g in alone.grids if "三公" in (g.title or "")] == [9]


def test_pair_folder_rule(tmp_path):
    for f in (JS_TEXT, JS_TABLES, BEIJING_TEXT):
        (tmp_path / f.name).symlink_to(f)
    groups = pair_files([tmp_path])
    assert [[p.name for p in g] for g in groups] == [[BEIJING_TEXT.name], [JS_TEXT.name, JS_TABLES.name]]


def test_cli_extract_pair(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    for f in (JS_TEXT, JS_TABLES):
        (src / f.name).symlink_to(f)
    out = tmp_path / "out"
    assert cli.main(["extract", str(src), "--pair", "--out", str(out)]) == 0
    meta = json.loads((out / "jiangsu_prov_cppcc_office_2018_budget_text" / "meta.json").read_text(encoding="utf-8"))
    assert meta["pages"] == 29 and len(meta["parts"]) == 2
    assert "jiangsu_prov_cppcc_office_2018_budget_text" in capsys.readouterr().out
