"""Inputs that used to crash or mislead a batch, made here at test time: a PDF whose CJK font has no ToUnicode
map, an .xlsx with a dangling shared-string index, formula cells without saved values, amounts no rule reads,
a workbook whose sharedStrings unpack far past its size. Each gives a clear refusal or a finding, never a
traceback and never a silent 0.0."""
import re
import shutil
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

import budget_analysis as ba
from budget_analysis.normalise.cells import parse_amount, unparsed_amounts
from conftest import ROOT
from minidocs import mini_text

XLSX = ROOT / "tests" / "fixtures" / "zizhou_pension_center_2024_budget_fixture.xlsx"


def cid_pdf(path, rows=6):
    """A ruled table in a CJK Type0 font (Identity-H) with no ToUnicode map: pdfminer reads (cid:N)."""
    content = ["0.5 w"] + [f"72 {700 - r * 20} m 472 {700 - r * 20} l S" for r in range(rows + 1)]
    content += [f"{x} 700 m {x} {700 - rows * 20} l S" for x in (72, 272, 472)]
    content.append("BT /F1 14 Tf 72 740 Td <0021002200230024> Tj ET")
    for r in range(rows):
        content.append(f"BT /F1 10 Tf 80 {700 - r * 20 - 14} Td <{0x30 + r:04x}0031> Tj ET")
        content.append(f"BT /F1 10 Tf 280 {700 - r * 20 - 14} Td <00410042{0x50 + r:04x}> Tj ET")
    stream = "\n".join(content).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
            b"/Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [6 0 R] >>",
            b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (Identity) /Supplement 0 >> /FontDescriptor 7 0 R /DW 1000 >>",
            b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 "
            b"/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def test_cid_font_without_tounicode_is_a_clear_refusal(tmp_path):
    # pdfminer gives every glyph as '(cid:N)'; the cell placer used to die on ord() of it (TypeError)
    with pytest.raises(ba.ReadError, match=r"cid\.pdf: text not readable: a font has no ToUnicode map.*pages 1"):
        ba.load(cid_pdf(tmp_path / "cid.pdf"))


_SST = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def shared_strings_xlsx(path, tmp_path, strings: bytes, index: int):
    """A one-sheet workbook whose cell A1 is shared string `index` of `strings` (<si> elements)."""
    wb = Workbook()
    wb.active.append(["placeholder"])
    wb.save(tmp_path / "inline.xlsx")
    with zipfile.ZipFile(tmp_path / "inline.xlsx") as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<c r="A1" t="inlineStr"><is><t>placeholder</t></is></c>',
                              b'<c r="A1" t="s"><v>%d</v></c>' % index, data)
            elif item.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                                    b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"'
                                    b"/></Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdSS" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            dst.writestr(item.filename, data)
        dst.writestr("xl/sharedStrings.xml", _SST + strings + b"</sst>")
    return path


def test_dangling_shared_string_is_a_clear_refusal(tmp_path):
    ok = shared_strings_xlsx(tmp_path / "ok.xlsx", tmp_path, "<si><t>表1 一般公共预算支出表</t></si>".encode(), 0)
    assert read_cells(ok) == [["表1 一般公共预算支出表"]]          # the workbook is sound with index 0
    bad = shared_strings_xlsx(tmp_path / "dangling.xlsx", tmp_path, "<si><t>表1</t></si>".encode(), 7)
    with pytest.raises(ba.ReadError, match=r"dangling\.xlsx: corrupt \.xlsx workbook \(a cell refers to a "
                                           r"shared string the workbook does not hold"):
        ba.load(bad)


def read_cells(path):
    from budget_analysis.readers.excel import _xlsx_sheets
    return _xlsx_sheets(path)[0][1]


def test_huge_shared_strings_refused_before_reading(tmp_path):
    # 2 M tiny strings: a small zip whose sharedStrings.xml unpacks to 32 MiB (openpyxl would hold every one)
    big = shared_strings_xlsx(tmp_path / "bomb.xlsx", tmp_path, b"<si><t>a</t></si>" * 2_000_000, 0)
    assert big.stat().st_size < 1_000_000
    tracemalloc.start()
    with pytest.raises(ba.ReadError, match=r"bomb\.xlsx: workbook too large to read: .*shared strings 32 MiB"):
        ba.load(big)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert peak < 20 * 2**20


def test_formula_cells_without_values_computed_or_reported(tmp_path):
    # 表5 of the fixture workbook (sheet '表5'): 20805 行政事业单位养老支出 合计 358,061 = 238,707 + 119,354;
    # openpyxl saves formulas without a cached value, as programs that write workbooks do
    path = tmp_path / "formulas.xlsx"
    shutil.copy(XLSX, path)
    wb = load_workbook(path)
    ws = wb["表5"]
    assert (ws["B8"].value, ws["D8"].value, ws["E5"].value) == (20805, 358061, 2093389)
    ws["D8"] = "=SUM(D9:D10)"
    ws["E8"] = "=E9+E10"
    ws["E5"] = "=VLOOKUP(B5,其他!A:B,2,0)"    # another sheet: not computed
    wb.save(path)
    doc = ba.load(path)
    fn = doc.table("gpb_by_function")
    amount = lambda code, measure: fn[(fn.code == code) & (fn.measure == measure)]["amount_yuan"].tolist()
    assert amount("20805", "total") == [358061.0]
    assert amount("20805", "personnel") == [358061.0]
    assert amount("208", "personnel") == []                      # not 0.0
    f = doc.findings[doc.findings.check_id == "amount_unparsed"]
    assert f["message"].str.contains("印为「=VLOOKUP(B5,其他!A:B,2,0)」", regex=False).sum() == 1
    assert any("2 formula cells without a saved value computed by the reader: D8, E8" in p
               for p in doc.meta["problems"])
    assert any("1 formula cells without a saved value could not be computed: E5" in p for p in doc.meta["problems"])


def test_unparseable_amounts_are_findings_with_the_printed_text(tmp_path):
    # the sample's 表5 with five cells as some exporters print them
    path = mini_text(tmp_path / "odd.txt", {
        "\t20805\t行政事业单位养老支出\t358061\t": "\t20805\t行政事业单位养老支出\t(45,600.00)\t",
        "\t20801\t人力资源和社会保障管理事务\t52881935\t1732335\t45600\t51104000":
            "\t20801\t人力资源和社会保障管理事务\t52881935\t1732335\t45600\t5.1104E+07",
        "\t2080506\t机关事业单位职业年金缴费支出\t119354\t": "\t2080506\t机关事业单位职业年金缴费支出\t119354元\t",
        "\t20899\t其他社会保障和就业支出\t2993\t2993\t0": "\t20899\t其他社会保障和就业支出\t2993\t2993\t△0",
        "\t2080505\t机关事业单位基本养老保险缴费支出\t238707\t": "\t2080505\t机关事业单位基本养老保险缴费支出\t238.707,00\t",
    })
    doc = ba.load(path)
    fn = doc.table("gpb_by_function")
    cell = lambda code, measure: fn[(fn.code == code) & (fn.measure == measure)]["amount_yuan"].tolist()
    assert cell("20805", "total") == cell("20801", "project") == cell("2080506", "total") == []
    assert cell("20899", "public") == [] and cell("2080505", "total") == []   # was 238.707
    assert cell("20801", "total") == [52881935.0]
    messages = " ".join(doc.findings[doc.findings.check_id == "amount_unparsed"]["message"])
    for printed in ("(45,600.00)", "5.1104E+07", "119354元", "△0", "238.707,00"):
        assert f"印为「{printed}」" in messages
    assert "一般公共预算支出明细表" in messages


def test_parse_amount_keeps_its_interface():
    with unparsed_amounts() as bad:
        assert parse_amount("1,234.50") == (1234.5, 2)
        assert parse_amount("-") == (0.0, 0)
        assert parse_amount("（1）") == (None, 0)          # a label's numbering: no amount, nothing recorded
        assert parse_amount("238.707,00") == (None, 0)
    assert bad == ["238.707,00"]
    assert parse_amount("(45,600.00)") == (None, 0)        # outside a recording block: nothing kept


def test_size_limit_is_a_clear_refusal(tmp_path, monkeypatch):
    from budget_analysis import readers
    monkeypatch.setitem(readers.LIMITS, "txt", 1000)
    with pytest.raises(ba.ReadError, match=r"big\.txt: file too large to read \(0 MiB; limit 0 MiB\)"):
        ba.load(mini_text(tmp_path / "big.txt"))
