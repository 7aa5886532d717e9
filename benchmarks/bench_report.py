"""Seconds per leadership report for the corpus (15 PDFs) plus the founding sample, rendered in one process.

Run: .venv/bin/python benchmarks/bench_report.py [--store DIR] [--papermill N]
Without --store the documents are extracted into a temporary store first (not timed). The timed figure is the
whole batch, kernel start included, divided by the number of reports. --papermill N also times the obvious
alternative, `papermill.execute_notebook` (a kernel per report) then the same export, on the first N documents.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import budget_analysis as ba  # noqa: E402
from budget_analysis.report import render_reports  # noqa: E402
from budget_analysis.report.batch import NOTEBOOK, exporter  # noqa: E402
from budget_analysis.store.store import doc_folders  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
SAMPLE = ROOT / "data" / "raw" / "zizhou_pension_center_2024_budget.txt"


def extract(store: Path) -> None:
    files = [SAMPLE, *sorted(CORPUS.glob("*/*.pdf"))]
    print(f"extracting {len(files)} documents into {store} (not timed) ...", flush=True)
    for f in files:
        ba.write_disclosure(ba.load(f), store)


def papermill_route(store: Path, ids: list[str], out: Path) -> float:
    import papermill as pm
    html = exporter()
    start = time.perf_counter()
    for doc_id in ids:
        nb = pm.execute_notebook(str(NOTEBOOK), None, parameters={"doc_id": doc_id, "store": str(store)},
                                 kernel_name="python3", cwd=str(NOTEBOOK.parent), progress_bar=False)
        (out / f"{doc_id}.html").write_text(html.from_notebook_node(nb)[0], encoding="utf-8")
    return (time.perf_counter() - start) / len(ids)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--store", type=Path, help="a processed store (default: extract corpus + sample)")
    ap.add_argument("--papermill", type=int, default=0, metavar="N", help="also time papermill on N documents")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = args.store or Path(tmp) / "processed"
        if args.store is None:
            extract(store)
        ids = [f.name for f in doc_folders(store)]
        start = time.perf_counter()
        written = render_reports(store, ids, Path(tmp) / "reports", progress=True)
        elapsed = time.perf_counter() - start
        print(f"\none kernel: {len(written)} of {len(ids)} reports in {elapsed:.1f} s = "
              f"{elapsed / len(ids):.2f} s per report (goal: 3 s)")
        if args.papermill:
            per = papermill_route(store, ids[: args.papermill], Path(tmp))
            print(f"papermill, a kernel per report: {per:.2f} s per report ({args.papermill} documents)")


if __name__ == "__main__":
    main()
