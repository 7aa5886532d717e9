"""`annotate`: the original PDF with each finding boxed and numbered, plus a legend (issue 16).
Real document: 西安市气象局 2022 (p11 says 事业单位医疗 4.16 万元, the p22 table prints 41651.4 元)."""
import json
import re

import pypdfium2 as pdfium

from budget_analysis.cli import main
from budget_analysis.report.annotate import annotate, numbered
from conftest import loaded, needs_corpus
from test_positions import WEATHER

pytestmark = needs_corpus


def _text(pdf, page: int, box=None) -> str:
    p = pdf[page - 1]
    tp = p.get_textpage()
    if box is None:
        return re.sub(r"\s+", "", tp.get_text_range())
    h = p.get_height()
    x0, top, x1, bottom = box
    return re.sub(r"\s+", "", tp.get_text_bounded(x0, h - bottom, x1, h - top))


def test_marks_and_legend(tmp_path):
    doc = loaded(WEATHER)
    path, total, marked = annotate(doc, tmp_path / "weather_annotated.pdf")
    assert total == len(doc.findings) and 0 < marked <= total
    out, src = pdfium.PdfDocument(str(path)), pdfium.PdfDocument(str(WEATHER))
    assert len(out) > len(src)  # every original page, then the legend
    rows = numbered(doc.findings)
    row = rows[(rows["check_id"] == "narrative_rounding") & (rows["code"] == "2101102")].iloc[0]
    n = int(row["number"])
    b = next(b for b in json.loads(row["boxes"]) if b["page"] == 11)
    # the finding's number is drawn in the left margin at the height of the 4.16 on p11; the print is untouched
    assert _text(out, 11, (0, b["top"], 40, b["bottom"])) == str(n)
    assert _text(out, 11, (b["x0"], b["top"], b["x1"], b["bottom"])) == "4.16"
    assert _text(out, 11).startswith(_text(src, 11))  # the page's own text first, then the drawn numbers
    legend = "".join(_text(out, p) for p in range(len(src) + 1, len(out) + 1))
    assert f"自动核对发现（{total}项）" in legend and f"{n}.[提示]第11页" in legend
    assert "未能定位" in legend  # findings without a box are listed, not silently dropped


def test_cli_refuses_a_text_dump(sample, tmp_path, capsys):
    assert main(["annotate", "data/raw/zizhou_pension_center_2024_budget.txt", "--out", str(tmp_path / "x.pdf")]) == 1
    assert "source PDF" in capsys.readouterr().err
