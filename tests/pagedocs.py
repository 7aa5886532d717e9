"""A real document cut to a few pages: its cover and the pages a test names, read and checked as `ba.load` does.

Loading a whole 80-page disclosure takes a minute on a shared machine; a false alarm lives on two or three pages
(the sentence and the table it is compared with), so the tests read only those, through the same reader and recipe.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from budget_analysis.document.disclosure import from_raw
from budget_analysis.readers.grid import RawDocument
from budget_analysis.readers.pdf import read_pdf

WIDE = Path(__file__).resolve().parents[2] / "shared" / "wide"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@lru_cache(maxsize=None)
def pages(path: str, wanted: tuple[int, ...], cover: int = 1):
    """The document at `path` (relative to ../shared/wide) read on its cover page and `wanted` pages only."""
    full = WIDE / path if (WIDE / path).exists() else CORPUS / path
    keep = sorted(set(wanted) | {cover})
    read = read_pdf(full, pages=keep)
    raw = RawDocument(source=str(full), grids=read.grids, text=[(p, t if p in keep else "") for p, t in read.text],
                      pages=read.pages, reader=read.reader, problems=read.problems)
    return from_raw(raw, full.stem)


def errors(doc, check_id: str | None = None):
    f = doc.findings
    f = f[f["severity"] == "error"]
    return f if check_id is None else f[f["check_id"] == check_id]
