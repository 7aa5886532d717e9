"""Excel and CSV export (issue 16): the workbook reopened with openpyxl equals the store; CSV opens in Chinese
Excel (UTF-8 with BOM); headers in Chinese, 万元 with thousands separators, header row frozen."""
import math

import openpyxl
import pandas as pd
import pytest

import budget_analysis as ba
from budget_analysis.cli import main
from budget_analysis.normalise.schema import COLUMNS
from budget_analysis.store.export import HEADERS, SHEETS, export_csv, export_xlsx, read_back


def _norm(v):
    """A cell value as comparable: blanks and NA are None, numbers floats, the rest text."""
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) or v == "":
        return None
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        return float(v)
    try:
        return float(v) if isinstance(v, str) and v.strip() and v.replace(".", "", 1).replace("-", "", 1).isdigit() \
            else str(v)
    except ValueError:
        return str(v)


def assert_same(table: pd.DataFrame, back: pd.DataFrame):
    assert list(back.columns) == list(table.columns)
    assert len(back) == len(table)
    for c in table.columns:
        for a, b in zip(table[c].astype(object), back[c]):
            a, b = _norm(a), _norm(b)
            if isinstance(a, float) and isinstance(b, float):
                assert b == pytest.approx(a, abs=1e-6), c
            else:
                assert a == b, (c, a, b)


@pytest.fixture(scope="module")
def store(tmp_path_factory, sample):
    out = tmp_path_factory.mktemp("store")
    ba.write_disclosure(sample, out)
    return ba.load_store(out, categorical=False)


def test_workbook_equals_the_store(store, tmp_path):
    path = export_xlsx(store, tmp_path / "store.xlsx")
    for name in COLUMNS:
        table = getattr(store, name)
        assert_same(table, read_back(path, name))
    assert len(store.lines) > 50  # the sample is a real document (子洲县 养老中心 2024), not an empty store


def test_workbook_layout(sample, tmp_path):
    path = export_xlsx(sample, tmp_path / "doc.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [SHEETS[n] for n in COLUMNS if n in SHEETS]
    ws = wb[SHEETS["lines"]]
    assert ws.freeze_panes == "A2"
    heads = [c.value for c in ws[1]]
    assert heads[:3] == ["文件编号", "单位编码", "表格类型"] and "金额（万元）" in heads
    col = heads.index("金额（万元）") + 1
    first = sample.lines.iloc[0]
    cell = ws.cell(row=2, column=col)
    assert cell.number_format == "#,##0.00"
    assert cell.value == pytest.approx(first["amount_yuan"] / 10000)
    assert all(h in HEADERS.values() for h in heads)  # no English header left


def test_csv_has_a_bom_and_chinese_headers(sample, tmp_path):
    files = export_csv(sample, tmp_path / "csv")
    assert {p.stem for p in files} == set(COLUMNS)
    raw = (tmp_path / "csv" / "findings.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8").splitlines()[0].startswith("文件编号,检查项,严重程度,说明")


def test_cli_export(store, tmp_path, capsys):
    assert main(["export", str(store.folder), "--xlsx", str(tmp_path / "x.xlsx"), "--csv", str(tmp_path / "c")]) == 0
    assert (tmp_path / "x.xlsx").exists() and (tmp_path / "c" / "lines.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    assert "文件清单" in openpyxl.load_workbook(tmp_path / "x.xlsx").sheetnames
    assert main(["export", str(store.folder)]) == 2
