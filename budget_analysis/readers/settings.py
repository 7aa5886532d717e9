"""How to read: one validated settings object handed from the entry point down to every step."""
from __future__ import annotations

from dataclasses import dataclass, replace

OCR_MODES = ("auto", "never", "always")
DEFAULT_BACKEND = "pdfium"  # the PDF backend of readers.pdf.BACKENDS a load uses unless told


@dataclass(frozen=True)
class Settings:
    """backend: a PDF table backend of `readers.pdf.BACKENDS`; ocr: when image pages are OCR'd;
    amount_tolerance_yuan: the smallest difference a reconciliation reports (below it: equal)."""

    backend: str = DEFAULT_BACKEND
    ocr: str = "auto"
    amount_tolerance_yuan: float = 0.5

    def __post_init__(self):
        from .pdf import BACKENDS
        if self.backend not in BACKENDS:
            raise ValueError(f"unknown PDF backend {self.backend!r} (one of {', '.join(BACKENDS)})")
        if self.ocr not in OCR_MODES:
            raise ValueError(f"unknown OCR mode {self.ocr!r} (one of {', '.join(OCR_MODES)})")
        if not self.amount_tolerance_yuan >= 0:
            raise ValueError(f"amount_tolerance_yuan must be ≥ 0, not {self.amount_tolerance_yuan!r}")

    def with_(self, **changes) -> "Settings":
        return replace(self, **changes)
