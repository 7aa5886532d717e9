"""One root exception; every message names the file (and page where known)."""
from __future__ import annotations


class BudgetAnalysisError(Exception):
    """Root of the faults of input or environment (findings are data, not exceptions)."""


class ReadError(BudgetAnalysisError):
    """A file that cannot be read as a disclosure at all."""

    def __init__(self, path, message: str):
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")
