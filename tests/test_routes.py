"""One document, three routes: the founding text dump, and the xlsx and ruled-PDF
fixtures that scripts/make_fixtures.py renders from it (tests/fixtures/), must give the
same lines, projects and indicators once the columns saying *where* a value was read
(doc_id, page, row, and the printed box) are dropped."""
from functools import cache

import pandas as pd
import pytest

import budget_analysis as ba
from conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
XLSX = FIXTURES / "zizhou_pension_center_2024_budget_fixture.xlsx"
PDF = FIXTURES / "zizhou_pension_center_2024_budget_fixture.pdf"
WHERE = ["doc_id", "page", "row", "x0", "top", "x1", "bottom"]  # where a value was read, and its box



def comparable(df: pd.DataFrame) -> pd.DataFrame:
    df = df.drop(columns=[c for c in WHERE if c in df])
    return df.sort_values(list(df.columns)).reset_index(drop=True)


def assert_same(got: pd.DataFrame, expected: pd.DataFrame, name: str) -> None:
    pd.testing.assert_frame_equal(comparable(got), comparable(expected), obj=name)


@cache
def load(path):
    """Loaded in the test body, once per route."""
    return ba.load(path)


@pytest.mark.parametrize("name", ["lines", "projects", "indicators"])
def test_xlsx_route_matches_text(sample, name):
    assert_same(getattr(load(XLSX), name), getattr(sample, name), name)


def test_xlsx_route_keeps_grids_and_cover(sample):
    xlsx_doc = load(XLSX)
    def trailing_empty_rows_dropped(rows):  # an empty last row does not exist in a sheet
        while rows and not rows[-1]:
            rows = rows[:-1]
        return rows

    expected = [(g.title, g.number, trailing_empty_rows_dropped(g.rows)) for g in sample.raw.grids]
    assert [(g.title, g.number, g.rows) for g in xlsx_doc.raw.grids] == expected
    # the unit wherever the text states one (the fixture was written when an unstated unit defaulted to 元, so its
    # sheets state 元 where the text is silent)
    assert [(g.unit_printed, g.unit_source) for g, t in zip(xlsx_doc.raw.grids, sample.raw.grids) if t.unit_source
            in ("caption", "document")] == [(t.unit_printed, t.unit_source) for t in sample.raw.grids
                                           if t.unit_source in ("caption", "document")]
    assert {k: xlsx_doc.meta[k] for k in ("unit_name", "year", "kind", "unit_kind", "template", "unit_code")} == \
        {k: sample.meta[k] for k in ("unit_name", "year", "kind", "unit_kind", "template", "unit_code")}


@pytest.mark.parametrize("name", ["lines", "projects", "indicators"])
def test_pdf_route_matches_text(sample, name):
    assert_same(getattr(load(PDF), name), getattr(sample, name), name)
