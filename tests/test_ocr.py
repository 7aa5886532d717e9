"""OCR of image pages (issue 18): rulings from the image, OCR'd characters placed by the text reader's own
logic, confidence per amount, OCR tables verified only by their identities, the misread cell named.

OCR is slow (~10 s of CPU a page here), so the tests OCR few pages, each once per session; the larger accuracy
sweep is benchmarks/bench_ocr.py.
"""
from __future__ import annotations

import atexit
import math
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import budget_analysis as ba
from budget_analysis.checks.ocr import misreading, ocr_suspect_cells
from budget_analysis.document.verification import verification
from budget_analysis.normalise.schema import frame
from budget_analysis.readers import ocr as ocr_engine
from budget_analysis.readers.image_pages import box_chars, rulings
from budget_analysis.readers.ocr import TextBox
from budget_analysis.readers.scan_truth import amount_accuracy, image_pdf
from budget_analysis.readers.settings import Settings
from conftest import CORPUS, WIDE, loaded, needs_corpus, needs_wide

needs_ocr = pytest.mark.skipif(not ocr_engine.available(),
                               reason="OCR extra not installed (pip install 'budget-analysis[ocr]')")
AUDIT = CORPUS / "shaanxi" / "shaanxi_xian_audit_bureau_2026_dept_budget.pdf"
_RENDERS = Path(tempfile.mkdtemp(prefix="ocr_test_"))   # image PDFs made from corpus pages, removed at exit
atexit.register(shutil.rmtree, _RENDERS, True)


# --- rulings and characters: hand-made images, no OCR engine needed -------------------------------------------

def _grid_image():
    """A 3×2 table at 200 dpi: rulings 3 px thick, one header border only one row high, a bold 一 above."""
    img = np.full((800, 1000), 255, np.uint8)
    for y in (200, 260, 400, 540):
        img[y:y + 3, 100:900] = 0
    for x in (100, 500, 900):
        img[200:543, x:x + 3] = 0
    img[200:263, 300:303] = 0          # a border in the header row only (63 px, under the 0.25 in of a long one)
    img[100:112, 400:470] = 0          # a bold 一 of the title: long enough, but meets no ruling
    img[300:330, 700:703] = 0          # a stroke of a digit inside a cell: meets no ruling
    return img


def test_rulings_from_image():
    edges, clean = rulings(_grid_image(), dpi=200)
    h = sorted(round(e["top"] * 200 / 72) for e in edges if e["orientation"] == "h")
    v = sorted(round(e["x0"] * 200 / 72) for e in edges if e["orientation"] == "v")
    assert h == [201, 261, 401, 541]
    assert v == [101, 301, 501, 901]
    assert clean[100:112, 400:470].max() == 0          # the 一 is text: left for the recogniser
    assert clean[300:330, 700:703].max() == 0
    assert clean[200:203, 100:900].min() == 255       # rulings erased before recognition


@pytest.mark.parametrize("angle", [0.8, -1.3])
def test_askew_scan_turned_flat(angle):
    from PIL import Image
    from budget_analysis.readers.image_pages import deskew
    turned = np.asarray(Image.fromarray(_grid_image()).rotate(angle, resample=Image.BICUBIC, fillcolor=255))
    flat, found = deskew(turned)
    assert found == pytest.approx(-angle, abs=0.11)
    edges, _ = rulings(flat, dpi=200)
    assert sorted(round(e["top"] * 200 / 72) for e in edges if e["orientation"] == "h") == [201, 261, 401, 541]


def test_box_characters_in_points():
    box = TextBox("1,985, 851.68", x0=1494, top=365, x1=1600, bottom=393, confidence=0.976)
    chars = box_chars([box], dpi=200)
    assert "".join(c["text"] for c in chars) == "1,985,851.68"   # the recogniser's space inside a number dropped
    assert chars[0]["x0"] == pytest.approx(1494 * 72 / 200) and chars[-1]["x1"] == pytest.approx(1600 * 72 / 200)
    assert {c["confidence"] for c in chars} == {0.976}


def test_box_over_an_erased_ruling_is_two_cells_texts():
    """商务局 2022 p62: the header '公务用' of 公务用车购置费 and of 公务用车运行费 read as one box across the
    erased ruling at x=747 px; its characters are kept a third of an em off the ruling on both sides."""
    chars = tuple((c, x0, x1, 0.99) for c, x0, x1 in
                  [("公", 703, 717), ("务", 717, 730), ("用", 730, 744), ("公", 750, 764), ("务", 764, 777),
                   ("用", 781, 794)])
    box = TextBox("公务用公务用", x0=706, top=438, x1=792, bottom=450, confidence=0.99, chars=chars)
    wall = {"orientation": "v", "x0": 747 * 72 / 200, "top": 300 * 72 / 200, "bottom": 900 * 72 / 200}
    placed = [(c["text"], c["x0"] * 200 / 72, c["x1"] * 200 / 72) for c in box_chars([box], 200, [wall])]
    left, right = placed[:3], placed[3:]
    assert max(x1 for _, _, x1 in left) <= 747 - 4 and min(x0 for _, x0, _ in right) >= 747 + 4
    assert [c for c, _, _ in placed] == list("公务用公务用")
    assert len(box_chars([box], 200)) == 6                       # without rulings nothing moves apart


def test_recogniser_positions_fitted_to_the_ink_in_order():
    """商务局 p62 '-300.00': the recogniser puts the '-' left of the tightened box; clamped to the box it fell
    behind the '3' ('3- 00.00'). Stretched onto the box, the characters keep their order."""
    chars = tuple((c, x0, x1, 0.97) for c, x0, x1 in
                  [("-", 1863, 1867), ("3", 1869, 1875), ("0", 1875, 1880), ("0", 1880, 1886), (".", 1886, 1893),
                   ("0", 1895, 1900), ("0", 1900, 1907)])
    out = box_chars([TextBox("-300.00", x0=1871, top=546, x1=1907, bottom=554, confidence=0.97, chars=chars)])
    xs = [c["x0"] for c in out]
    assert "".join(c["text"] for c in out) == "-300.00" and xs == sorted(xs)
    assert out[0]["x0"] == pytest.approx(1871 * 72 / 200) and out[-1]["x1"] == pytest.approx(1907 * 72 / 200)


def test_decimal_point_read_as_comma_or_colon():
    """住建局 p61 '4480,00' (a thousands comma is always followed by three digits) and 交通局 p78 '143:76'."""
    got = ["".join(c["text"] for c in box_chars([TextBox(t, x0=0, top=0, x1=60, bottom=9, confidence=0.99)]))
           for t in ("4480,00", "146400,00", "143:76", "1,985", "3,240,145.00")]
    assert got == ["4480.00", "146400.00", "143.76", "1,985", "3,240,145.00"]


def test_stacked_characters_keep_the_text_order():
    """交通局 p78: 会 printed over 议 in a narrow header, one box whose characters the recogniser puts at one x
    (议 a pixel left of 会): placed by position the header read 议会费 and the 会议费 column went unnamed."""
    box = TextBox("会议", x0=906, top=666, x1=926, bottom=712, confidence=1.0,
                  chars=(("会", 899, 933, 1.0), ("议", 898, 932, 1.0)))
    out = box_chars([box])
    assert [c["text"] for c in out] == ["会", "议"] and out[0]["x0"] < out[1]["x0"]


def test_misreading_kinds():
    assert misreading("2152394982", "2152894982") == "第5位数字 3→8"
    assert misreading("12345", "12435") == "相邻数字 34 颠倒"
    assert misreading("1234", "12534") == "漏识一位数字"
    assert misreading("12534", "1234") == "多识一位数字"
    assert misreading("1234", "1299") == ""


# --- verification and the suspect cell: hand-made lines -------------------------------------------------------

def _doc(amounts: dict, confidence: float | None = 0.9):
    """A 按功能分类 table: 合计, 类 201 and 205, each with total = personnel + public."""
    recs = []
    for row, (code, level, parent) in enumerate([("", 0, ""), ("201", 1, ""), ("205", 1, "")], start=1):
        for measure in ("total", "personnel", "public"):
            recs.append(dict(doc_id="t", unit_code="", table_kind="gpb_by_function", table_title="一般公共预算支出表",
                             classification="function", code=code, name="合计" if not code else code, level=level,
                             parent_code=parent, measure=measure, amount_yuan=amounts[(code, measure)],
                             unit_printed="元", page=3, row=row, decimals=2,
                             ocr_confidence=math.nan if confidence is None else confidence))

    class Doc:
        lines = frame("lines", recs)
    return Doc()


GOOD = {("", "total"): 1000.0, ("", "personnel"): 700.0, ("", "public"): 300.0,
        ("201", "total"): 600.0, ("201", "personnel"): 400.0, ("201", "public"): 200.0,
        ("205", "total"): 400.0, ("205", "personnel"): 300.0, ("205", "public"): 100.0}


def test_ocr_table_verified_only_when_it_reconciles():
    assert verification(_doc(GOOD)).iloc[0][["verified", "ocr"]].tolist() == [True, True]
    misread = {**GOOD, ("201", "personnel"): 900.0}    # 400.00 read as 900.00
    row = verification(_doc(misread)).iloc[0]
    assert not row["verified"] and not row["isolated"] and row["reason"].startswith("OCR")
    assert verification(_doc(misread, confidence=None)).iloc[0]["isolated"]   # text route: a misprint


def test_suspect_cell_named_not_corrected():
    misread = {**GOOD, ("201", "personnel"): 900.0}
    doc = _doc(misread)
    found = ocr_suspect_cells(doc)
    assert len(found) == 1
    f = found[0]
    assert (f["check_id"], f["severity"], f["code"], f["actual"], f["expected"]) == \
        ("ocr_suspect_cell", "warning", "201", 900.0, 400.0)
    assert "900.00" in f["message"] and "400.00" in f["message"] and "未自动更正" in f["message"]
    assert doc.lines.loc[(doc.lines.code == "201") & (doc.lines.measure == "personnel"), "amount_yuan"].item() == 900
    assert ocr_suspect_cells(_doc(misread, confidence=None)) == []      # text tables are not suspected of OCR


def test_lost_minus_sign_named():
    """A faint '-' is what OCR drops (商务局 p62 '-300.00' read as '300.00'): a read value's negative is a candidate."""
    printed = {**GOOD, ("", "total"): 800.0, ("", "public"): 100.0, ("205", "total"): 200.0, ("205", "public"): -100.0}
    (f,) = ocr_suspect_cells(_doc({**printed, ("205", "public"): 100.0}))
    assert (f["code"], f["actual"], f["expected"]) == ("205", 100.0, -100.0) and "漏识负号" in f["message"]
    assert ocr_suspect_cells(_doc(printed)) == []


@needs_corpus
def test_three_public_misread_cell_named():
    """审计局 2026 p35 三公 table as OCR might read it: 当年预算 公务用车运行维护费 82,000.00 read 28,000.00."""
    lines = loaded(AUDIT).lines.assign(ocr_confidence=0.9)
    three = lines[lines["table_kind"] == "three_public"]
    cell = three.index[(three["row"] == 5) & (three["name"] == "当年预算") & (three["measure"] == "vehicle_operation")]
    lines.loc[cell, "amount_yuan"] = 28000.0

    class Doc:
        pass
    Doc.lines = lines
    (f,) = [f for f in ocr_suspect_cells(Doc) if f["table_kind"] == "three_public"]
    assert (f["actual"], f["expected"]) == (28000.0, 82000.0)
    assert "公务用车运行维护费" in f["message"] and "相邻数字 28 颠倒" in f["message"]


def test_suspect_cell_unexplained_failures_reported():
    garbled = {**GOOD, ("201", "personnel"): 123.0, ("205", "public"): 7.0}
    found = ocr_suspect_cells(_doc(garbled))
    assert any("无法以单个数字误识解释" in f["message"] for f in found)


# --- settings and the missing extra ---------------------------------------------------------------------------

@lru_cache(maxsize=None)
def _scan(pages: tuple[int, ...], noise: float = 0.0, rotate: float = 0.0) -> Path:
    out = _RENDERS / f"audit_{'_'.join(map(str, pages))}_n{noise}_r{rotate}.pdf"
    return image_pdf(AUDIT, list(pages), out, dpi=200, noise=noise, seed=7, rotate=rotate)


@needs_corpus
def test_ocr_never_refuses_scan():
    with pytest.raises(ba.ReadError, match="no text layer on any page"):
        ba.load(_scan((26,)), settings=Settings(ocr="never"))


@needs_corpus
def test_missing_extra_says_how_to_install(monkeypatch):
    def missing():
        raise ocr_engine.OcrUnavailable("No module named 'rapidocr_onnxruntime'")
    monkeypatch.setattr(ocr_engine, "_engine", missing)
    with pytest.raises(ba.ReadError, match=r"no text layer on any page.*OCR not installed.*budget-analysis\[ocr\]"):
        ba.load(_scan((26,)))
    with pytest.raises(ba.ReadError, match=r"--ocr always"):
        ba.load(_scan((26,)), settings=Settings(ocr="always"))


def test_settings_reject_unknown_mode():
    with pytest.raises(ValueError, match="unknown OCR mode"):
        Settings(ocr="sometimes")


# --- the OCR route against the text route on real pages -------------------------------------------------------

@lru_cache(maxsize=None)
def _ocr_doc(pages: tuple[int, ...], noise: float = 0.0, rotate: float = 0.0):
    return ba.load(_scan(pages, noise, rotate))


@needs_ocr
@needs_corpus
def test_rendered_table_equals_text_route():
    """西安市审计局 2026 p26 (表5 一般公共预算支出明细表（按功能）) rendered at 200 dpi with scanner noise, 0.6° askew."""
    doc = _ocr_doc((26,), 12.0, 0.6)
    acc = amount_accuracy(loaded(AUDIT).lines, doc.lines, [26])
    # 20805 人员经费 4,533,981.47: a speck after 4,601,373.47 read '.' past the ruling into its cell (split_at_rulings)
    assert acc["amounts"] == 92 and acc["equal"] == 92, acc["wrong"]
    lines = doc.table("gpb_by_function")
    printed = lines["amount_yuan"] != 0                              # a blank cell is read as 0: nothing recognised
    assert printed.sum() >= 50 and lines.loc[printed, "ocr_confidence"].between(0.5, 1).all()
    assert lines.loc[~printed, "ocr_confidence"].isna().all()
    v = verification(doc)
    row = v[v.table_kind == "gpb_by_function"].iloc[0]
    assert row["ocr"] and row["verified"] == (row["failed"] == 0)
    if not row["verified"]:
        assert (doc.findings.check_id == "ocr_suspect_cell").any()
    assert any(p.startswith("p1: read by OCR") and "turned -0.6°" in p for p in doc.meta["problems"])


COMMERCE = CORPUS / "shaanxi" / "shaanxi_xian_commerce_bureau_2022_dept_comprehensive_budget.pdf"
COURT_2018 = CORPUS / "jiangsu" / "jiangsu_prov_high_court_2018_budget.pdf"


@lru_cache(maxsize=None)
def _rendered(src: Path, pages: tuple[int, ...], seed: int = 7):
    out = _RENDERS / f"{src.stem}_{'_'.join(map(str, pages))}_s{seed}.pdf"
    return ba.load(image_pdf(src, list(pages), out, dpi=200, noise=12.0, seed=seed))


@needs_ocr
@needs_corpus
def test_total_by_unit_read_by_ocr_with_a_stray_header_character():
    """交通局 2022 p30 收入总表 (by unit) rendered at 200 dpi with noise: OCR reads `自单位编码`; the table is still
    read a row per unit, every amount equal to the text route's."""
    doc = _rendered(CORPUS / "shaanxi" / "shaanxi_xian_transport_bureau_2022_dept_comprehensive_budget.pdf", (30,), 0)
    truth = loaded(CORPUS / "shaanxi" / "shaanxi_xian_transport_bureau_2022_dept_comprehensive_budget.pdf")
    acc = amount_accuracy(truth.lines, doc.lines, [30], truth.quality)
    assert acc["amounts"] == 154 and acc["equal"] == 154, acc["wrong"]


@needs_ocr
@needs_wide
def test_scanned_narrative_is_a_narrative_only_disclosure():
    """北京 部门预算信息公开 narrative (beijing_0712b170dd: cover, p3–4) rendered as a scan: accepted as a narrative-only
    disclosure, its 18 claims of those pages read with the text route's amounts."""
    src = WIDE / "beijing" / "beijing_0712b170dd.pdf"
    scan = image_pdf(src, [1, 3, 4], _RENDERS / "beijing_narrative.pdf", dpi=200, noise=12.0, seed=7)
    doc = ba.load(scan)
    assert "no budget table recognised: read as a narrative-only disclosure" in doc.meta["problems"]
    truth = loaded(src).claims
    truth = truth[truth["page"].isin([3, 4])]
    key = ["amount_wan", "change_wan"]
    assert len(doc.claims) == len(truth) == 18
    assert doc.claims[key].fillna(-1).values.tolist() == truth[key].fillna(-1).values.tolist()
    assert doc.claims["page"].tolist() == (truth["page"] - 1).tolist()   # p3–4 are the scan's pages 2–3


@needs_ocr
@needs_corpus
def test_small_print_and_bold_title_read_by_ocr():
    """西安市商务局 2022 p44 (表6, a bold 22 pt title over a ruled table) and p62 (the 三公 table by unit in
    ~4 pt type, 30 columns), rendered at 200 dpi with noise: the title's strokes are no rulings (they cut
    '一般' out of the title and the table went unrecognised), and texts of neighbouring cells read as one box stay
    in their cells (the 公务用车 columns shifted by one: 123 of 369 amounts equal before)."""
    doc = _rendered(COMMERCE, (44, 62))
    acc = amount_accuracy(loaded(COMMERCE).lines, doc.lines, [44, 62])
    assert acc["amounts"] == 369 and acc["equal"] >= 364, acc["wrong"]
    assert "2022年部门综合预算一般公共预算支出明细表（按经济分类科目分）" in set(doc.lines["table_title"])
    row = doc.lines[(doc.lines.table_kind == "three_public") & (doc.lines.unit_code == "263")]
    assert row.loc[row.measure == "vehicle_operation", "amount_yuan"].tolist()[:2] == [0.0, 275000.0]


TRANSPORT = CORPUS / "shaanxi" / "shaanxi_xian_transport_bureau_2022_dept_comprehensive_budget.pdf"


@needs_ocr
@needs_corpus
def test_boxes_across_rulings_read_cell_by_cell():
    """西安市交通运输局 2022 p78 (三公 by unit, 30 columns in 万元): the detector joined three cells into one box
    ('143:76472.89248.84'), put 114.52's last digit in the next cell ('114.5' | '282.00'), read the stacked
    header 会/议/费 as 议会费 and lost the faint minus of the 增减 block; 192 of 216 amounts equal before."""
    doc = _rendered(TRANSPORT, (78,))
    acc = amount_accuracy(loaded(TRANSPORT).lines, doc.lines, [78], loaded(TRANSPORT).quality)
    assert acc["amounts"] == 216 and acc["share"] == 1.0, acc["wrong"]
    row = doc.lines[(doc.lines.unit_code == "222") & (doc.lines.measure == "reception")]
    assert row["amount_yuan"].tolist() == [404900.0, 388400.0, -16500.0]


@needs_ocr
@needs_corpus
def test_thin_leading_numeral_read_again():
    """江苏高院 2018 p9 收支预算总表: the detector leaves out the thin 一 of '一、财政拨款'; the box is read again
    with room on its left. The 3,258.06 of 单位预留机动经费 (its label wrapped around it) stays in 支出用途."""
    doc = _rendered(COURT_2018, (9,))
    s = doc.table("summary")
    assert {"财政拨款", "一般公共服务支出"} <= set(s["name"])
    assert s.loc[s.name == "单位预留机动经费", ["measure", "amount_yuan"]].values.tolist() == [["expenditure", 32580600.0]]
    acc = amount_accuracy(loaded(COURT_2018).lines, doc.lines, [9])
    assert acc["share"] == 1.0, acc["wrong"]


@needs_ocr
@needs_wide
def test_real_scans_refused_as_not_a_disclosure_in_the_pool(tmp_path):
    """长沙 文化广电旅游体育局 scan (2 pages, a funding notice): read by OCR inside the batch pool's worker
    processes, then refused for what it is, not for its missing text layer."""
    from budget_analysis.store.batch import run
    scan = WIDE / "scanned" / "changsha_6ba9b67373.pdf"
    summary = run([scan], tmp_path / "store", jobs=2, progress=False, ocr="auto")
    (r,) = summary.results
    assert r.status == "refused" and r.reason.startswith("not a budget disclosure"), r.reason


def test_cli_ocr_option(capsys, tmp_path):
    from budget_analysis.cli import main
    with pytest.raises(SystemExit):
        main(["check", "x.pdf", "--ocr", "sometimes"])
    assert "invalid choice: 'sometimes'" in capsys.readouterr().err


@needs_corpus
def test_cli_check_ocr_never(capsys, tmp_path):
    from budget_analysis.cli import main
    assert main(["check", str(_scan((26,))), "--store", str(tmp_path), "--ocr", "never"]) == 1
    assert "no text layer on any page" in capsys.readouterr().err
