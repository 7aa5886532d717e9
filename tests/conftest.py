from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "zizhou_pension_center_2024_budget.txt"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture(scope="session")
def sample():
    import budget_analysis as ba
    return ba.load(SAMPLE)


def corpus_pdfs() -> list[Path]:
    return sorted(CORPUS.glob("*/*.pdf")) if CORPUS.exists() else []


needs_corpus = pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus not present")

WIDE = ROOT.parent / "shared" / "wide"
needs_wide = pytest.mark.skipif(not WIDE.exists(), reason="../shared/wide not present")


@lru_cache(maxsize=None)
def loaded(path: str | Path, backend: str | None = None):
    """A document parsed once per test session (per worker under xdist), whichever test asks first.
    Tests must not change what they get back."""
    import budget_analysis as ba
    return ba.load(Path(path), backend=backend)
