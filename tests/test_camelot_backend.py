"""The camelot backend yields the same lines and projects as pdfplumber on the fixture."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import budget_analysis

pytest.importorskip("camelot")

FIXTURE = Path(__file__).parent / "fixtures" / "zizhou_pension_center_2024_budget_fixture.pdf"


@pytest.fixture(scope="module")
def docs():
    return {b: budget_analysis.load(FIXTURE, backend=b) for b in ("pdfplumber", "camelot")}


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    # camelot gives no character boxes, so the positions (issue 16) are pdfplumber's alone
    frame = frame.drop(columns=["doc_id", "x0", "top", "x1", "bottom"], errors="ignore")
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


@pytest.mark.parametrize("attr", ["lines", "projects"])
def test_same_as_pdfplumber(docs, attr):
    theirs, ours = (getattr(docs[b], attr) for b in ("pdfplumber", "camelot"))
    assert len(ours)
    pd.testing.assert_frame_equal(_sorted(ours), _sorted(theirs))
