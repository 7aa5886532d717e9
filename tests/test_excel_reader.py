"""read_excel on small hand-made workbooks: headings, printed numbers, merged cells, errors."""
import re
import zipfile
from datetime import datetime

import pytest
from openpyxl import Workbook

from budget_analysis import ReadError
from budget_analysis.readers.excel import read_excel
from conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "zizhou_pension_center_2024_budget_fixture.xlsx"


def workbook(path, sheets: dict[str, list[list]], formats: dict[tuple[str, str], str] | None = None,
             merged: dict[str, list[str]] | None = None):
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        for rng in (merged or {}).get(name, []):
            ws.merge_cells(rng)
    for (name, ref), fmt in (formats or {}).items():
        wb[name][ref].number_format = fmt
    wb.save(path)
    return path


@pytest.fixture
def table_workbook(tmp_path):
    """A 表7 in 万元 as budget systems export it, plus a prose sheet and a numbered sheet name."""
    return workbook(tmp_path / "made.xlsx", {
        "说明": [["子洲县某单位2024年单位预算公开说明"], [None], ["一、主要职责"]],
        "Sheet2": [
            ["表7"],
            ["2024年部门综合预算一般公共预算基本支出明细表（按功能科目分）"],
            ["单位名称：某单位", None, None, "金额单位：万元"],
            ["功能科目", None, "合计", "备注", None],
            ["编码", "名称", None, None],
            [208, "社会保障和\n就业支出", 1234.5, None],
            [20805, "行政事业单位养老支出", 0.30000000000000004, 0.955],
            [None, "预算日期", datetime(2024, 3, 1)],
        ],
        "T05": [["一般公共预算支出表"], ["金额单位：元"], ["项目名称", "金额"], ["合计", 12]],
    }, formats={("Sheet2", "C6"): "#,##0.00", ("Sheet2", "D7"): "0.0%"},
        merged={"Sheet2": ["A2:D2", "A4:B4"]})


def test_headings_from_cells_merged_title_and_unit(table_workbook):
    grid = read_excel(table_workbook).grids[0]
    assert grid.title == "2024年部门综合预算一般公共预算基本支出明细表（按功能科目分）"
    assert (grid.number, grid.unit_printed, grid.reader, grid.position) == ("表7", "万元", "excel", "sheet Sheet2")


def test_cells_as_printed(table_workbook):
    assert read_excel(table_workbook).grids[0].rows == [
        ["功能科目", "", "合计", "备注"],              # merged header: value top-left, '' beside it
        ["编码", "名称"],
        ["208", "社会保障和就业支出", "1,234.50"],     # a wrapped cell joins its lines
        ["20805", "行政事业单位养老支出", "0.3", "95.5%"],  # General shows 15 significant digits
        ["", "预算日期", "2024-03-01"],
    ]


def test_number_from_sheet_name_and_prose_sheet_as_text(table_workbook):
    raw = read_excel(table_workbook)
    assert [(g.number, g.title, g.unit_printed, g.rows) for g in raw.grids[1:]] == [
        ("表5", "一般公共预算支出表", "元", [["项目名称", "金额"], ["合计", "12"]])]
    assert raw.text == [(None, "子洲县某单位2024年单位预算公开说明\n\n一、主要职责")]


def test_fixture_sheet_names_give_repeated_numbers():
    numbers = [g.number for g in read_excel(FIXTURE).grids]
    assert numbers.count("表8") == 2 and numbers.count("表13") == 9


def test_not_a_workbook_names_the_file(tmp_path):
    fake = tmp_path / "budget.xlsx"
    fake.write_text("序号\t项目\t金额\n1\t合计\t100\n", encoding="utf-8")
    with pytest.raises(ReadError, match=re.escape(str(fake)) + ".*not an Excel workbook"):
        read_excel(fake)


def test_corrupt_workbook(tmp_path):
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(FIXTURE.read_bytes()[:4000])
    with pytest.raises(ReadError, match=re.escape(str(truncated)) + ".*corrupt"):
        read_excel(truncated)
    broken_sheet = tmp_path / "broken_sheet.xlsx"  # a sheet's XML cut in half inside a sound zip
    with zipfile.ZipFile(FIXTURE) as src, zipfile.ZipFile(broken_sheet, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            dst.writestr(info, body[: len(body) // 2] if info.filename.endswith("sheet3.xml") else body)
    with pytest.raises(ReadError, match="corrupt .xlsx workbook"):
        read_excel(broken_sheet)
    empty_zip = tmp_path / "empty_zip.xls"  # a zip without a workbook, whatever the suffix
    with zipfile.ZipFile(empty_zip, "w") as z:
        z.writestr("readme.txt", "nothing here")
    with pytest.raises(ReadError, match="corrupt"):
        read_excel(empty_zip)


def test_password_protected(tmp_path):
    # Excel saves an encrypted .xlsx as an OLE2 file holding an 'EncryptedPackage' stream.
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(ReadError, match="password-protected"):
        read_excel(locked)


def test_html_saved_as_xls(tmp_path):
    page = tmp_path / "export.xls"
    page.write_text("<html><body><table><tr><td>表5</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(ReadError, match="HTML"):
        read_excel(page)


def test_workbook_without_tables(tmp_path):
    prose = workbook(tmp_path / "prose.xlsx", {"说明": [["只有说明文字，没有表格。"]]})
    with pytest.raises(ReadError, match="no sheet holds a table"):
        read_excel(prose)
