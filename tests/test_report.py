"""The leadership report of the founding sample: rendered once, then read as a leader's browser would get it.

The screenshot test needs Debian's chromium (/usr/bin/chromium) and skips without it; it also needs a CJK
system font for the text to be legible, but "not blank" holds either way (tables, rules and charts draw).
"""
import argparse
import base64
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

import budget_analysis as ba
from budget_analysis.report import add_cli, render_reports
from budget_analysis.report import sections

from conftest import ROOT, SAMPLE

DOC_ID = "zizhou_pension_center_2024_budget"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def doc():
    return ba.load(SAMPLE)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory, doc):
    base = tmp_path_factory.mktemp("report")
    ba.write_disclosure(doc, base / "processed")
    written = render_reports(base / "processed", out=base / "reports", progress=False)
    assert written == [base / "reports" / f"{DOC_ID}.html"]
    return base / "reports"


@pytest.fixture(scope="module")
def html(rendered):
    return (rendered / f"{DOC_ID}.html").read_text(encoding="utf-8")


def test_notebook_has_a_papermill_parameters_cell_and_no_outputs():
    nb = nbformat.read(ROOT / "notebooks" / "report.ipynb", as_version=4)
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1 and all(f"{name} = " in params[0].source for name in ("doc_path", "doc_id", "store"))
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_no_code_cells(html):
    assert "jp-InputArea-editor" not in html and 'class="highlight' not in html
    assert "rp.table(" not in html and "import budget_analysis" not in html


def test_nothing_loaded_from_the_network(html):
    assert not re.search(r"<(script|link)\b[^>]*(src|href)\s*=\s*[\"']?(https?:)?//", html, re.I)
    assert "<script" not in html and "@import" not in html and not re.search(r"url\(\s*[\"']?https?:", html)


def test_charts_are_embedded_pngs(html):
    tags = re.findall(r"<img\b[^>]*>", html)
    images = [m.group(1) for t in tags if (m := re.search(r'src="data:image/png;base64,([^"]+)"', t))]
    assert len(images) == len(tags) >= 4
    assert all(base64.b64decode(i[:24]).startswith(b"\x89PNG") for i in images)


def test_headline_total_and_sections_in_chinese(html):
    assert "本年支出预算 13,349.12 万元" in html
    for heading in ("一、总体情况", "二、增减变动原因", "三、支出结构", "四、绩效目标覆盖与质量", "五、自动核对发现"):
        assert heading in html
    assert "未说明部分" in html and "-3.81" in html  # the unexplained rest of the change
    assert html.index("一、总体情况") < html.index("二、") < html.index("三、") < html.index("四、") < html.index("五、")


def _counts(doc) -> list[int]:
    return [int((doc.findings["severity"] == s).sum()) for s in ("error", "warning", "info")]


def test_findings_grouped_by_severity(html, doc):
    for label, count in zip(("错误", "警告", "提示"), _counts(doc)):
        assert not count or re.search(rf'<span class="sev sev-{label}">{label}</span>\s*{count} 项', html)
    assert "文字与表格不符" in html


def test_index_lists_the_report(rendered, doc):
    index = (rendered / "index.html").read_text(encoding="utf-8")
    assert f'href="{DOC_ID}.html"' in index and "子洲县机关事业单位和居民养老保险经办中心" in index
    assert "13,349.12" in index and "+1,956.21" in index and " / ".join(map(str, _counts(doc))) in index


def test_amounts_are_wan_with_two_decimals():
    assert sections.wan(13349.1234) == "13,349.12" and sections.wan(-3.805, sign=True) == "-3.81"
    assert sections.yuan_as_wan(133491208.0) == "13,349.12" and sections.wan(float("nan")) == "—"
    assert sections.plain_message(r"target is $\geq N$ 人, $\leq N\%$") == "target is ≥ N 人, ≤ N%"


def test_cli_refuses_an_unknown_document(tmp_path, capsys):
    parser = argparse.ArgumentParser()
    add_cli(parser.add_subparsers())
    args = parser.parse_args(["report", "no_such_doc", "--store", str(tmp_path), "--out", str(tmp_path / "r")])
    assert args.func(args) == 2
    assert "no_such_doc" in capsys.readouterr().err


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_screenshot_is_not_blank(rendered, tmp_path):
    from PIL import Image, ImageStat
    shot = tmp_path / "report.png"
    subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                    "--disable-component-update", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
                    "--hide-scrollbars", "--window-size=1200,2000", f"--screenshot={shot}",
                    (rendered / f"{DOC_ID}.html").as_uri()], check=True, capture_output=True, timeout=120)
    gray = Image.open(shot).convert("L")
    inked = sum(gray.histogram()[:200]) / (gray.width * gray.height)
    assert ImageStat.Stat(gray).stddev[0] > 20 and inked > 0.02, "the screenshot is (nearly) blank"


def test_amount_columns_are_right_aligned_with_separators(html):
    """issue 16: one formatter (万元, two decimals, thousands separators) and figures right-aligned."""
    assert '<td class="num">13,349.12</td>' in html and '<td class="num">+1,956.21</td>' in html
    assert "table.t td.num" in html and not re.search(r"<td[^>]*>\d{5,}\.\d\d</td>", html)


def test_section_four_flags_the_amount_its_own_finding_questions(html):
    """The sample lists 城乡居民养老保险县级补贴资金 at the printed 10,440 万 while 项目分组合计不符 says it is
    probably 1,044: the list must say so beside the figure, not contradict the coverage figures silently."""
    four = html[html.index("四、绩效目标覆盖与质量"):html.index("五、自动核对发现")]
    row = re.search(r"<tr><td>城乡居民养老保险县级补贴资金</td>.*?</tr>", four).group()
    assert "10,440.00" in row and "金额存疑" in row and "项目分组合计不符" in row


def _visible(html: str) -> str:
    body = re.sub(r"<style.*?</style>|<[^>]+>", " ", html, flags=re.S)
    return re.sub(r"data:image/png;base64,\S+", "", body)


def test_findings_speak_chinese_in_wan(html):
    five = _visible(html[html.index("五、自动核对发现"):])
    assert not re.search(r"\d\s*元", five.replace("万元", "")), "a finding still writes an amount in 元"
    assert "5,110.40 万元" in five and "1,044.00 万元" in five  # the group sum finding, converted from 元
    words = set(re.findall(r"[A-Za-z]{3,}", five)) - {"budget", "analysis"}
    assert not words, f"English in the Chinese report: {sorted(words)}"
    assert "rows without a title line" not in html and "原文第221行起" in five


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")
def test_no_horizontal_overflow_at_375_px(rendered, tmp_path):
    """issue 16: on a 375 px phone the page never scrolls sideways (wide tables and charts scroll in their box).
    Headless chromium keeps windows >= 500 px wide, so the report is measured inside a 375 px iframe."""
    report = rendered / f"{DOC_ID}.html"
    wrap = tmp_path / "wrap.html"
    wrap.write_text(f'<html><body style="margin:0"><iframe id="f" src="{report.as_uri()}" '
                    'style="width:375px;height:800px;border:0"></iframe><script>document.getElementById("f").onload='
                    'function(){var d=this.contentDocument.documentElement;document.body.setAttribute("data-sw",'
                    'd.scrollWidth+"/"+d.clientWidth)}</script></body></html>', encoding="utf-8")
    out = subprocess.run([str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                          "--allow-file-access-from-files", f"--user-data-dir={tmp_path / 'profile'}",
                          "--window-size=800,800", "--virtual-time-budget=5000", "--dump-dom", wrap.as_uri()],
                         check=True, capture_output=True, text=True, timeout=120).stdout
    scroll, client = map(int, re.search(r'data-sw="(\d+)/(\d+)"', out).groups())
    assert scroll <= client, f"the page is {scroll} px wide in a {client} px viewport"
