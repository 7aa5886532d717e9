"""The PDFium reader and the pdfplumber reader give the same tidy tables (issue 15).

Both routes feed one cell placement; they differ only in where characters and ruling lines come from (PDFium's
parsed page against pdfminer's). Every corpus document must agree on lines, projects, indicators and claims; the
wide documents listed in WIDE_AGREE were checked to agree and must keep agreeing. Each document is its own test
(xdist spreads them), and each load is cached for the session by conftest.loaded.
"""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import WIDE, corpus_pdfs, loaded, needs_corpus, needs_wide

FRAMES = ("lines", "projects", "indicators", "claims")
BOX = ["x0", "top", "x1", "bottom"]  # printed boxes: PDFium rounds coordinates to 0.01 pt otherwise than pdfminer

# Wide documents (../shared/wide) on which both routes agree today, a spread of cities and templates: both routes
# read each in full, so not all 134 are here. The PDFium route was compared on every wide document against the
# baseline store main wrote with pdfplumber (README, speed section).
WIDE_AGREE = [
    "beijing/beijing_002db9ddba.pdf",                                   # 预算01表 tables only, 万元
    "changsha/changsha_209dbec829.pdf",
    "chongqing/chongqing_3be48d9f27.pdf",
    "guangzhou/guangzhou_1ab28b8055.pdf",
    "hangzhou/hangzhou_28647feb2e.pdf",
    "huzhou/huzhou_914fa90d9f.pdf",
    "jiangsu/jiangsu_prov_cppcc_office_2017_budget_tables.pdf",         # a split `_tables` PDF
    "quanzhou/quanzhou_135d334639.pdf",
    "other_provinces/shandong_yantai_justice_bureau_2026_dept_budget.pdf",
]


def _assert_same(path):
    ours, ref = loaded(path, "pdfium"), loaded(path, "pdfplumber")
    assert ours.meta["reader"] == "pdfium" and ref.meta["reader"] == "pdfplumber"
    for name in FRAMES:
        a, b = getattr(ours, name), getattr(ref, name)
        box = [c for c in BOX if c in a]
        pd.testing.assert_frame_equal(a.drop(columns=box), b.drop(columns=box), obj=f"{path.name} {name}")
        if box:  # the same boxes, to a tenth of a point (a digit is ~5 pt wide)
            pd.testing.assert_frame_equal(a[box], b[box], check_exact=False, atol=0.1, rtol=0, obj=f"{path.name} {name} boxes")
    assert {k: v for k, v in ours.meta.items() if k != "reader"} == {k: v for k, v in ref.meta.items() if k != "reader"}


@needs_corpus
@pytest.mark.parametrize("path", corpus_pdfs(), ids=lambda p: p.stem)
def test_corpus_document_agrees(path):
    _assert_same(path)


@needs_wide
@pytest.mark.parametrize("rel", WIDE_AGREE)
def test_wide_document_agrees(rel):
    _assert_same(WIDE / rel)

