"""Issue 15: a load opens each PDF once. The reader's PDFium document is handed on (RawDocument.open_pdfs) to
placing the claims and to the accuracy meter, and closed when the load is done. Real files of ../shared."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pytest

import budget_analysis as ba
from budget_analysis.readers import parts_sha256

SHARED = Path(__file__).resolve().parents[2] / "shared"
METEO = SHARED / "corpus" / "shaanxi" / "shaanxi_xian_meteorological_bureau_2022_dept_comprehensive_budget.pdf"
JS = SHARED / "wide" / "jiangsu"
JS_PAIR = [JS / "jiangsu_prov_cppcc_office_2018_budget_text.pdf", JS / "jiangsu_prov_cppcc_office_2018_budget_tables.pdf"]


@pytest.fixture
def opens(monkeypatch):
    """How often each file is opened by PDFium (a document from bytes counts under the name 'bytes')."""
    seen: Counter = Counter()
    init = pdfium.PdfDocument.__init__

    def counted(self, source, *args, **kwargs):
        seen[Path(source).name if isinstance(source, (str, Path)) else "bytes"] += 1
        init(self, source, *args, **kwargs)

    monkeypatch.setattr(pdfium.PdfDocument, "__init__", counted)
    return seen


@pytest.mark.skipif(not METEO.exists(), reason="../shared/corpus not present")
def test_a_load_opens_the_pdf_once(opens):
    doc = ba.load(METEO)
    assert opens == Counter(bytes=1)  # the reader's, from the bytes it read; the claims and the meter use it
    placed = doc.claims.dropna(subset=["x0"])
    assert len(placed) >= 0.8 * doc.claims["amount_wan"].notna().sum() > 0  # the claims were still placed
    assert doc.raw.open_pdfs == {}  # and closed when the load was done


@pytest.mark.skipif(not JS.exists(), reason="../shared/wide not present")
def test_a_document_over_two_files_opens_each_once(opens):
    doc = ba.load(JS_PAIR)
    assert sum(opens.values()) == 2
    placed = doc.claims.dropna(subset=["x0"])
    assert placed["page"].between(1, 17).all() and len(placed) > 10  # boxes on the narrative file's pages
    assert doc.raw.open_pdfs == {}
    assert doc.meta["sha256"] == parts_sha256(JS_PAIR)  # hashed from the bytes read, the same as from the files
