"""The PDF reader on the real corpus: the layout quirks of DOMAIN.md, value by value."""
from __future__ import annotations

from pathlib import Path

import pytest

from budget_analysis.errors import ReadError
from budget_analysis.readers.pdf import read_pdf

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
if not CORPUS.is_dir():
    pytest.skip(f"real corpus not found at {CORPUS}", allow_module_level=True)

XIAN = CORPUS / "shaanxi"


@pytest.fixture(scope="module")
def read():
    cache: dict[str, object] = {}

    def _read(rel: str):
        if rel not in cache:
            cache[rel] = read_pdf(CORPUS / rel)
        return cache[rel]
    return _read


def _grid(doc, number=None, title_part=None):
    hits = [g for g in doc.grids if (number is None or g.number == number)
            and (title_part is None or title_part in g.title)]
    assert hits, f"no grid {number} {title_part}"
    return hits[0]


def _row(grid, code):
    rows = [r for r in grid.rows if code in r]
    assert rows, f"row {code} missing"
    return rows[0]


def test_overflowing_name_goes_back_to_its_cell(read):
    doc = read("shaanxi/shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf")
    t5 = _grid(doc, "表5")
    assert t5.title == "2022年部门综合预算一般公共预算支出明细表（按功能科目分）"
    assert t5.unit_printed == "元" and t5.page == 22 and t5.reader == "pdfium"
    assert _row(t5, "2080506") == ["4", "2080506", "机关事业单位职业年金缴费支出",
                                   "43608.96", "43608.96", "0", "0", ""]
    assert _row(t5, "2089999")[2:4] == ["其他社会保障和就业支出", "1090.22"]
    assert t5.rows[0] == ["序号", "功能科目编码", "功能科目名称", "合计", "人员经费支出",
                          "公用经费支出", "专项业务经费支出", "备注"]


def test_interleaved_overflow_chars(read):
    doc = read("shaanxi/shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf")
    row = _row(_grid(doc, "表3"), "234002")
    assert row[2:5] == ["西安市人工影响天气服务保障中心", "1839311.66", "1839311.66"]


def test_three_public_unit_rows_all_read(read):
    """表13 p30: both unit rows under the department row, every printed value in place."""
    doc = read("shaanxi/shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf")
    t13 = _grid(doc, "表13")
    assert "“三公”经费、会议费、培训费表" in t13.title and t13.page == 30
    body = [r for r in t13.rows if r[0] in {"1", "2", "3", "4"}]
    assert [r[:3] for r in body] == [["1", "", "合计"], ["2", "234", "西安市气象局"],
                                     ["3", "234001", "西安市气象局"],
                                     ["4", "234002", "西安市人工影响天气服务保障中心"]]
    assert _row(t13, "234001")[3:] == ["0"] * 27
    assert _row(t13, "234002")[3:] == (["12240", "2720", "0", "2720", "0", "0", "0", "2380", "7140"]
                                       + ["0"] * 9
                                       + ["-12240", "-2720", "0", "-2720", "0", "0", "0", "-2380", "-7140"])


def test_centred_name_wider_than_its_cell_kept_whole(read):
    """A centred name overflowing both neighbours: not in 单位编码, no '维' glued to the amount."""
    doc = read("shaanxi/shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf")
    t10 = _grid(doc, "表10")
    assert t10.page == 27
    row = [r for r in t10.rows if r[0] == "9"][0]
    assert row[:4] == ["9", "", "气象灾害、空气质量、气象影视、农业气象等业务运维", "6540000"]
    assert row[4].startswith("西安市气象灾害")
    assert _row(t10, "234001")[:4] == ["3", "234001", "西安市气象局", "17159700"]


def test_overflow_runs_whole_across_cells(read):
    """Brackets follow the overflowing name; headers set across a ruling stay apart."""
    doc = read("shaanxi/shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf")
    t1 = _grid(doc, "表1")
    assert [r for r in t1.rows if r[0] == "12"][0][5:7] == ["(5)资本性支出(基本建设)", "0.00"]
    assert _grid(doc, "表13").rows[0][:3] == ["序号", "单位编码", "单位名称"]
    sci = read("shaanxi/shaanxi_xian_science_technology_bureau_2022_dept_comprehensive_budget.pdf")
    row = [r for r in _grid(sci, "表12").rows if r[0] == "16"][0]
    assert row[5:7] == ["大市场网络平台开发运营及硬", "C0206运行维护服务"]


def test_overprinted_title_deduplicated(read):
    doc = read("shaanxi/shaanxi_xian_commerce_bureau_2022_dept_comprehensive_budget.pdf")
    t5 = _grid(doc, "表5")
    assert t5.title == "2022年部门综合预算一般公共预算支出明细表（按功能科目分）"
    assert t5.rows[0][0] == "序号"
    assert [g.number for g in doc.grids if g.number] == [f"表{i}" for i in range(1, 17)]


def test_first_row_of_continuation_page_kept(read):
    doc = read("shaanxi/shaanxi_xian_industry_it_bureau_2022_dept_comprehensive_budget.pdf")
    t5 = _grid(doc, "表5")
    row = _row(t5, "215")
    assert row[:4] == ["24", "215", "资源勘探工业信息等支出", "1021805239.60"]
    assert t5.row_pages[t5.rows.index(row)] == 28
    serials = [int(r[0]) for r in t5.rows if r[0].isdigit()]
    assert serials == list(range(1, len(serials) + 1))


def test_jiangsu_tables_in_wan_yuan_and_lost_row(read):
    doc = read("jiangsu/jiangsu_prov_high_court_2018_budget.pdf")
    fn = _grid(doc, title_part="一般公共预算支出预算表")
    assert fn.unit_printed == "万元"
    assert _row(fn, "2040504") == ["2040504", "案件审判", "1,833.30"]
    assert fn.rows[0] == ["功能科目代码", "功能科目名称", "金额"]
    on_p13 = [g for g in doc.grids if g.page == 13]
    assert [g.title for g in on_p13] == ["八、2018年度江苏省高级人民法院一般公共预算基本支出预算表"]
    basic = _grid(doc, title_part="八、")
    assert _row(basic, "30101")[1:] == ["基本工资", "2,679.68"]


def test_several_tables_per_page_are_separate(read):
    doc = read("jiangsu/jiangsu_prov_high_court_2018_budget.pdf")
    titles = [g.title for g in doc.grids if g.page == 10]
    assert [t[:2] for t in titles] == ["二、", "三、", "四、"]


def test_shanghai_code_columns_and_repeated_headers(read):
    doc = read("shanghai/shanghai_putuo_wanli_subdistrict_2023_dept_budget.pdf")
    fn = _grid(doc, title_part="一般公共预算支出功能分类预算表")
    assert fn.rows[2][:3] == ["类", "款", "项"]
    assert _row(fn, "统计管理")[:6] == ["201", "05", "06", "统计管理", "26,300", "0"]
    assert sum(1 for r in fn.rows if r[0] == "项目") == 1, "repeated header rows kept"
    assert fn.rows[-1][:5] == ["合计", "", "", "", "164,978,640"]
    assert set(fn.row_pages) == {20, 21, 22, 23}


def test_title_printed_inside_the_table(read):
    doc = read("shanghai/shanghai_putuo_wanli_subdistrict_2023_dept_budget.pdf")
    perf = [g for g in doc.grids if g.title == "财政项目支出绩效目标填报表"]
    assert len(perf) == 5 and all(g.rows[0][0] != g.title for g in perf)


@pytest.mark.parametrize("rel, tables", [
    ("shaanxi/shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf", 16),
    ("shaanxi/shaanxi_xian_sasac_2022_dept_comprehensive_budget.pdf", 16),
    ("shaanxi/shaanxi_xian_transport_bureau_2022_dept_comprehensive_budget.pdf", 13),  # 14–16 unlabelled
])
def test_xian_documents_have_every_numbered_table_once(read, rel, tables):
    doc = read(rel)
    numbers = [g.number for g in doc.grids if g.number]
    assert sorted(set(numbers), key=lambda n: int(n[1:])) == [f"表{i}" for i in range(1, tables + 1)]
    assert any(g.title == "目录" for g in doc.grids)
    assert len(doc.text) == doc.pages and [p for p, _ in doc.text] == list(range(1, doc.pages + 1))
    for g in doc.grids:
        assert len(g.row_pages) == len(g.rows)
        assert len({len(r) for r in g.rows}) <= 1, f"ragged grid {g.title}"


def test_page_without_text_layer_reported(read):
    """p16 is an image (a pie chart 人员构成): named, and OCR'd when the extra is installed."""
    from budget_analysis.readers.ocr import available
    doc = read("shaanxi/shaanxi_xian_medical_security_bureau_2022_dept_comprehensive_budget.pdf")
    assert doc.problems[0] == "p16: no text layer (scanned image?)"
    if available():
        assert len(doc.problems) == 2 and doc.problems[1].startswith("p16: read by OCR")
        assert "在职事业人员" in dict(doc.text)[16]
    else:
        assert doc.problems[1] == "1 image page(s) not read: OCR not installed (pip install 'budget-analysis[ocr]')"


def test_not_a_pdf_raises(tmp_path):
    fake = tmp_path / "budget.pdf"
    fake.write_text("年度预算", encoding="utf-8")
    with pytest.raises(ReadError, match="not a PDF"):
        read_pdf(fake)


def test_repeated_wrapped_title_continues_the_table(read):
    doc = read("shaanxi/shaanxi_xian_transport_bureau_2022_dept_comprehensive_budget.pdf")
    t6 = _grid(doc, "表6")
    assert t6.title == "2022年部门综合预算一般公共预算支出明细表（按经济分类科目分）"
    assert t6.unit_printed == "万元"
    assert set(t6.row_pages) == set(range(38, 44))
    assert sum(1 for r in t6.rows if r[0] == "序号") == 1
    assert not [g for g in doc.grids if g.title.startswith("预算表") or g.title.startswith("会议费")]
    projects = [g for g in doc.grids if g.title == "2022年部门专项业务经费绩效目标表"]
    assert len(projects) == 6 and len({g.page for g in projects}) == 6


def test_unchecked_pdfium_calls_agree_with_pypdfium2():
    """readers/pdfium_calls calls PDFium without ctypes' argument checks: on a real table page (商务局 2022 p35, 254 paths) every
    character's loose box, font size, matrix and text object, and every path's segments, are what pypdfium2's
    declared functions give."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    from budget_analysis.readers import pdfium_calls as pc

    pdf = pdfium.PdfDocument(next(XIAN.glob("*commerce*2022*.pdf")))
    page = pdf[34]
    tp = page.get_textpage()
    try:
        raw, h = tp.raw, pc.handle(tp.raw)
        n = c.FPDFText_CountChars(raw)
        assert n == pc.count_chars(h) > 300
        a, b, m1, m2 = c.FS_RECTF(), c.FS_RECTF(), c.FS_MATRIX(), c.FS_MATRIX()
        objects = set()
        for i in range(n):
            assert c.FPDFText_GetUnicode(raw, i) == pc.get_unicode(h, i)
            assert bool(c.FPDFText_GetLooseCharBox(raw, i, a)) == bool(pc.loose_char_box(h, i, ctypes.byref(b)))
            assert (a.left, a.right, a.top, a.bottom) == (b.left, b.right, b.top, b.bottom)
            assert c.FPDFText_GetFontSize(raw, i) == pc.font_size(h, i)
            c.FPDFText_GetMatrix(raw, i, m1)
            pc.char_matrix(h, i, ctypes.byref(m2))
            assert (m1.a, m1.d, m1.e, m1.f) == (m2.a, m2.d, m2.e, m2.f)
            assert ctypes.cast(c.FPDFText_GetTextObject(raw, i), ctypes.c_void_p).value == pc.text_object(h, i)
            objects.add(pc.text_object(h, i))
        assert len(objects) > 10
        ph = pc.handle(page.raw)
        paths = 0
        x, y = ctypes.c_float(), ctypes.c_float()
        for j in range(c.FPDFPage_CountObjects(page.raw)):
            obj, fast = c.FPDFPage_GetObject(page.raw, j), pc.get_object(ph, j)
            assert c.FPDFPageObj_GetType(obj) == pc.object_type(fast)
            if pc.object_type(fast) != c.FPDF_PAGEOBJ_PATH:
                continue
            paths += 1
            assert c.FPDFPath_CountSegments(obj) == pc.count_segments(fast)
            for k in range(pc.count_segments(fast)):
                seg = pc.get_segment(fast, k)
                pc.segment_point(seg, ctypes.byref(x), ctypes.byref(y))
                want = c.FPDFPath_GetPathSegment(obj, k)
                wx, wy = ctypes.c_float(), ctypes.c_float()
                c.FPDFPathSegment_GetPoint(want, wx, wy)
                assert (x.value, y.value) == (wx.value, wy.value)
                assert pc.segment_type(seg) == c.FPDFPathSegment_GetType(want)
        assert paths > 200
    finally:
        tp.close()
        page.close()
        pdf.close()
