"""The accuracy meter (document/quality.py) on real pages of ../shared/wide: printed amounts read again from
pypdfium2's text layer and found in the data, data lost reported with its page, image-only pages reported."""
from __future__ import annotations

import copy

import budget_analysis as ba

from budget_analysis.document.disclosure import from_raw
from budget_analysis.document.quality import _Pdf, printed_amounts, reading_sentence, share
from budget_analysis.readers.grid import Grid, RawDocument
from budget_analysis.readers.pdf import read_pdf
from budget_analysis.store.pool import summary_line
from conftest import WIDE, loaded, needs_wide

CPPCC = "jiangsu/jiangsu_prov_cppcc_office_2018_budget_tables.pdf"


def test_printed_amounts_are_decimals_or_grouped_figures():
    assert printed_amounts("201 一般公共服务支出 7,747.46 0.00 2080505 12% 2026 1,200 -3.5") == \
        [7747.46, 0.0, 1200.0, -3.5]


@needs_wide
def test_every_printed_amount_of_a_reconciled_table_is_accounted():
    """cppcc 2018 tables p5 (财政拨款支出预算表, 17 amounts) and p8 (一般公共预算基本支出预算表, 28)."""
    doc = loaded(WIDE / CPPCC)
    q = doc.quality.set_index("title")
    for title, page, printed in (("财政拨款支出预算表", 5, 17), ("一般公共预算基本支出预算表", 8, 28)):
        row = q.loc[title]
        assert (row["page"], row["numbers_printed"], row["numbers_accounted"], row["share"], row["counted_from"],
                bool(row["reconciled"])) == (page, printed, printed, 1.0, "text layer", True)
    assert share(doc.quality) == round(doc.quality["numbers_accounted"].sum()
                                       / doc.quality["numbers_printed"].sum(), 4)
    assert f"accounted {share(doc.quality):.1%} of" in summary_line(doc)
    assert f"（{share(doc.quality):.1%}）" in reading_sentence(doc.quality)  # the report's opening paragraph


@needs_wide
def test_a_row_the_reader_lost_is_reported_with_its_page():
    """cppcc 2018 tables p7: drop the reader's row 201 一般公共服务支出 (7,747.46) — the meter, reading the page
    again, reports that amount as not in the data, on page 7."""
    (grid,) = read_pdf(WIDE / CPPCC, pages=[7]).grids
    lossy = copy.deepcopy(grid)
    keep = [i for i, r in enumerate(lossy.rows) if r[0] != "201"]
    lossy.rows = [lossy.rows[i] for i in keep]
    lossy.row_pages = [lossy.row_pages[i] for i in keep]
    doc = from_raw(RawDocument(source=str(WIDE / CPPCC), grids=[lossy], text=[(7, "")], pages=12), "lossy")
    row = doc.quality.iloc[0]
    assert (row["title"], row["unit_printed"], row["numbers_printed"], row["numbers_accounted"]) == \
        ("一般公共预算支出预算表", "万元", 17, 16)
    lost = doc.findings[doc.findings["check_id"] == "number_unaccounted"]
    assert len(lost) == 1 and lost.iloc[0]["page"] == 7 and "7,747.46" in lost.iloc[0]["message"]
    assert lost.iloc[0]["severity"] == "warning"


@needs_wide
def test_image_only_pages_inside_text_pdfs_are_found():
    """Xi'an hrss 2020 p11 (staff charts as images, 29 characters of text) and Beijing beijing_977a55b8f5 p8 (the
    attachment heading as images)."""
    for rel, page in (("shaanxi/shaanxi_xian_hrss_bureau_2020_dept_comprehensive_budget.pdf", 11),
                      ("beijing/beijing_977a55b8f5.pdf", 8)):
        pdf = _Pdf(str(WIDE / rel))
        try:
            assert page in [p for p, _, _ in pdf.image_pages()]
        finally:
            pdf.close()


@needs_wide
def test_an_image_only_page_is_a_quality_row_and_a_finding():
    """beijing_977a55b8f5.pdf p8 carries no table text; with one (hand-made) table read from the document, the
    meter still gives page 8 a row and a finding rather than skipping it."""
    rows = [["科目编码", "科目名称", "合计"], ["", "合计", "3.00"], ["201", "一般公共服务支出", "3.00"],
            ["20101", "人大事务", "3.00"], ["2010101", "行政运行", "3.00"]]
    grid = Grid(title="一般公共预算支出表", rows=rows, page=7, unit_printed="万元")
    doc = from_raw(RawDocument(source=str(WIDE / "beijing/beijing_977a55b8f5.pdf"), grids=[grid],
                               text=[(7, "")], pages=8), "img")
    image = doc.quality[doc.quality["notes"].str.startswith("image-only")]
    assert image["page"].tolist() == [8]
    found = doc.findings[doc.findings["check_id"] == "page_image_only"]
    assert found["page"].tolist() == [8]


@needs_wide
def test_quality_table_round_trips_through_the_store(tmp_path):
    from budget_analysis.store.dataset import compact, read_table
    from budget_analysis.store.store import read_disclosure, write_disclosure
    doc = loaded(WIDE / CPPCC)
    folder = write_disclosure(doc, tmp_path)
    back = read_disclosure(folder)
    assert back.quality["numbers_accounted"].tolist() == doc.quality["numbers_accounted"].tolist()
    assert back.quality["unit_source"].tolist() == doc.quality["unit_source"].tolist()
    compact(tmp_path)
    table = read_table(tmp_path, "quality")
    assert int(table["numbers_printed"].sum()) == int(doc.quality["numbers_printed"].sum())
    # the dataset adds each document's `unit` (its name): the table's own unit column is `unit_printed`
    store = ba.load_store(tmp_path)
    assert store.quality["unit_printed"].astype(str).tolist() == doc.quality["unit_printed"].tolist() == \
        ["万元"] * len(doc.quality)
