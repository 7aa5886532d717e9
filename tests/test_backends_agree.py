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

# Wide documents (../shared/wide) on which both routes agree today; both routes read each in full, so this list
# holds a spread of cities and templates rather than all 134 (see the README's speed section for the rest).
WIDE_AGREE: list[str] = []


def _assert_same(path):
    ours, ref = loaded(path, "pdfium"), loaded(path, "pdfplumber")
    assert ours.meta["reader"] == "pdfium" and ref.meta["reader"] == "pdfplumber"
    for name in FRAMES:
        pd.testing.assert_frame_equal(getattr(ours, name), getattr(ref, name), obj=f"{path.name} {name}")
    assert {k: v for k, v in ours.meta.items() if k != "reader"} == {k: v for k, v in ref.meta.items() if k != "reader"}


@needs_corpus
@pytest.mark.parametrize("path", corpus_pdfs(), ids=lambda p: p.stem)
def test_corpus_document_agrees(path):
    _assert_same(path)


@needs_wide
@pytest.mark.parametrize("rel", WIDE_AGREE)
def test_wide_document_agrees(rel):
    _assert_same(WIDE / rel)

