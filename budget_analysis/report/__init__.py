"""The leadership report: one Chinese HTML per document, rendered from notebooks/report.ipynb.

The notebook calls `display` and `sections` (importing this package stays light, so the kernel starts the report
quickly); `render_reports` runs it for a batch of processed documents in one kernel (see `batch`, `kernel`).
"""
from __future__ import annotations

from pathlib import Path

from .cli import add_cli

__all__ = ["render_reports", "add_cli"]


def render_reports(store: str | Path = "data/processed", doc_ids: list[str] | None = None,
                   out: str | Path = "reports", progress: bool = True) -> list[Path]:
    """Render `reports/<doc_id>.html` for each document of `store` (or only `doc_ids`) plus `index.html`."""
    from .batch import render  # nbconvert and jupyter_client load only when reports are rendered
    return render(store, doc_ids, out, progress)
