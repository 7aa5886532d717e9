"""The narrative as the text checks read it: paragraphs with pages, sentences, the budget year.

From a file, the paragraphs come from `doc.raw.text` (目录 and tables left out by `narrative_text`); read back
from the store (`doc.raw` None) only the claims' sentences are left, one paragraph each, so the checks that need
the whole text return nothing rather than guess.
"""
from __future__ import annotations

import re

import pandas as pd

from ..narrative.paragraphs import paragraphs

SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")


def narrative(doc) -> list[tuple[int | None, str]]:
    """(page, paragraph) of the running text; the claims' sentences when the raw text is gone."""
    if doc.raw is not None:
        if doc.paragraphs is None:
            doc.paragraphs = paragraphs(doc.raw.text)
        return [(p.starts[0][1], p.text) for p in doc.paragraphs]
    c = doc.claims.drop_duplicates("sentence")
    return [(None if pd.isna(p) else int(p), s) for p, s in zip(c["page"], c["sentence"])]


def has_text(doc) -> bool:
    return doc.raw is not None


def sentences(text: str) -> list[str]:
    return [s for s in SENTENCE.findall(text) if s.strip("。；！？ ")]


def year_of(doc) -> int | None:
    y = doc.meta.get("year")
    return None if y is None or pd.isna(y) else int(y)


def page_of(page) -> int | None:
    return None if page is None or pd.isna(page) else int(page)
