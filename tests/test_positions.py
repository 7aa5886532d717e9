"""Boxes land on the printed text: what pypdfium2 reads under a line's, claim's or indicator's box is the
figure as printed (issue 16). Real corpus pages: 西安市气象局 2022 (元 tables), 江苏省高级人民法院 2018 (万元)."""
import json
import re

import pypdfium2 as pdfium
import pytest

from budget_analysis.normalise.cells import parse_amount
from conftest import CORPUS, loaded, needs_corpus

pytestmark = needs_corpus
WEATHER = CORPUS / "shaanxi" / "shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf"
COURT = CORPUS / "jiangsu" / "jiangsu_prov_high_court_2018_budget.pdf"


def under(path, page: int, row) -> str:
    """The text pypdfium2 reads inside a box (top-left origin points), spaces removed."""
    pdf = pdfium.PdfDocument(str(path))
    p = pdf[page - 1]
    h = p.get_height()
    tp = p.get_textpage()
    text = tp.get_text_bounded(row.x0 - 0.5, h - row.bottom - 0.5, row.x1 + 0.5, h - row.top + 0.5)
    pdf.close()
    return re.sub(r"\s+", "", text)


def one(df, **where):
    for k, v in where.items():
        df = df[df[k] == v]
    assert len(df) >= 1, where
    return df.iloc[0]


def test_line_boxes_hold_the_printed_amount_yuan():
    doc = loaded(WEATHER)
    # p22 一般公共预算支出表: 合计 18999011.66; p30 “三公”经费表 合计 12240 (元, printed without decimals)
    assert under(WEATHER, 22, one(doc.lines, table_kind="gpb_by_function", page=22, level=0, measure="total")) \
        == "18999011.66"
    assert under(WEATHER, 30, one(doc.lines, table_kind="three_public", page=30, measure="grand_total")) == "12240"


def test_line_boxes_hold_the_printed_amount_wan():
    doc = loaded(COURT)
    # p12 一般公共预算支出表: 204 公共安全支出 26,200.88 万元; p14 三公: 因公出国（境）费 170.00 万元
    assert under(COURT, 12, one(doc.lines, table_kind="gpb_by_function", page=12, code="204", measure="total")) \
        == "26,200.88"
    assert under(COURT, 14, one(doc.lines, table_kind="three_public", page=14, measure="abroad")) == "170.00"


@pytest.mark.parametrize("path,kinds", [
    (WEATHER, ["gpb_by_function", "basic_by_economic", "gpb_by_gov_economic", "three_public", "project_spending"]),
    (COURT, ["gpb_by_function", "basic_by_economic", "three_public", "procurement"]),
])
def test_every_boxed_line_of_several_tables_reads_back(path, kinds):
    doc = loaded(path)
    lines = doc.lines[doc.lines["table_kind"].isin(kinds) & doc.lines["x0"].notna()]
    assert lines["page"].nunique() >= 4 and len(lines) >= 80
    for _, r in lines.iterrows():
        factor = 10000.0 if r.unit_printed == "万元" else 1.0
        value = parse_amount(under(path, int(r.page), r))[0]
        assert value is not None and abs(value * factor - r.amount_yuan) < 0.01 * factor, (r.table_kind, r.page, r.row)


def test_printed_amounts_all_have_a_box():
    """Every line whose amount is printed (not a blank cell read as 0) has a box on these documents."""
    for path in (WEATHER, COURT):
        lines = loaded(path).lines
        assert lines.loc[lines["amount_yuan"] != 0, "x0"].notna().mean() > 0.99


def test_claim_and_indicator_boxes():
    court = loaded(COURT)
    claim = one(court.claims, page=17, amount_wan=33172.15)
    assert under(COURT, 17, claim) == "33172.15"
    weather = loaded(WEATHER)
    ind = one(weather.indicators, page=31, target_raw="每月站点正常运行率≥95%")
    assert under(WEATHER, 31, ind) == "指标1：区域自动气象站运行正常每月站点正常运行率≥95%"


def test_a_finding_names_both_sides():
    """气象局 p11 says 事业单位医疗 4.16 万元; the p22 table prints 41651.40 元: one box on each page."""
    doc = loaded(WEATHER)
    f = one(doc.findings, check_id="narrative_rounding", code="2101102")
    boxes = json.loads(f.boxes)
    sides = {b["role"]: b for b in boxes}
    assert sides["text"]["page"] == 11 and sides["table"]["page"] == 22

    class Box:
        def __init__(self, b):
            self.x0, self.top, self.x1, self.bottom = b["x0"], b["top"], b["x1"], b["bottom"]
    assert under(WEATHER, 11, Box(sides["text"])) == "4.16"
    assert parse_amount(under(WEATHER, 22, Box(sides["table"])))[0] == pytest.approx(41651.4)


def test_text_dumps_have_no_boxes(sample):
    assert sample.lines[["x0", "top", "x1", "bottom"]].isna().all().all()
    assert (sample.findings["boxes"] == "[]").all()
