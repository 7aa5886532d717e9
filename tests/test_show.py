"""The page beside the finding (issue 16): doc.show / show_page images, report crops, summaries for Jupyter.
Real document: 西安市气象局 2022 (3 三公 errors on p13, a rounding note p11 ↔ p22)."""
import base64
import io
import re

import pandas as pd
from PIL import Image

from budget_analysis.normalise.schema import frame
from budget_analysis.report.display import findings_html
from budget_analysis.report.text import findings_table
from conftest import loaded, needs_corpus
from test_positions import WEATHER


@needs_corpus
def test_show_draws_both_sides_next_to_each_other():
    doc = loaded(WEATHER)
    f = doc.findings[(doc.findings["check_id"] == "narrative_rounding") & (doc.findings["code"] == "2101102")].iloc[0]
    image = doc.show(f)
    p11 = doc.show_page(11)
    p22 = doc.show_page(22)
    assert image.width > p11.width + p22.width - 1 and image.height == max(p11.height, p22.height)
    # the box is drawn: the red/blue outline changes pixels of the plain page around the figure
    boxed = doc.show_page(11, [{"page": 11, "x0": 356.5, "top": 338.75, "x1": 385.86, "bottom": 350.14,
                                "role": "text"}])
    assert boxed.getpixel((int(356.5 * 2) - 4, int(344 * 2))) == (31, 119, 180) != p11.getpixel((709, 688))


@needs_corpus
def test_report_crops_for_errors_and_warnings():
    doc = loaded(WEATHER)
    html = findings_html(doc)
    errors = html[html.index("sev-错误"):html.index("sev-警告")]
    shots = re.findall(r'<img src="data:image/png;base64,([^"]+)" alt="第13页原文"', errors)
    assert len(shots) == 3  # each 三公 error beside its p13 sentence
    img = Image.open(io.BytesIO(base64.b64decode(shots[0])))
    assert 300 < img.width < 800 and img.height < 300  # a crop of the row, not the whole page
    hints = html[html.index("sev-提示"):]
    assert "data:image" not in hints  # 提示 stay text only


def test_no_crops_without_a_pdf(sample):
    assert "data:image" not in findings_html(sample) and "<table" in findings_html(sample)
    assert sample.show_page(1) is None


def test_repr_html_summarises(sample):
    card = sample._repr_html_()
    assert "子洲县机关事业单位和居民养老保险经办中心 2024" in card and f"{len(sample.lines):,}" in card
    assert "错误" in card and "<table>" in card


def test_check_output_prints_symbols_not_latex():
    f = frame("findings", [dict(doc_id="x", check_id="target_placeholder", severity="warning",
                                message=r"指标“认证人员数量”的指标值是未填写的占位符 $\geq N$人", page=3)])
    out = findings_table(f)
    assert "≥ N人" in out and "$" not in out and "\\geq" not in out
