"""Whole-corpus PDF table extraction: our reader against camelot lattice defaults.

Run: .venv/bin/python benchmarks/bench_pdf.py [--no-camelot] [--memory]
Prints seconds per page and grids/tables found per document. Timing runs untraced;
--memory adds a second, tracemalloc-traced run per reader for peak Python memory
(tracing slows both readers ~10x, so it never feeds the timings).
"""
from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from budget_analysis.readers.pdf import read_pdf  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _measure(fn, memory: bool):
    t0 = time.perf_counter()
    result = fn()
    elapsed = time.perf_counter() - t0
    if not memory:
        return result, elapsed, float("nan")
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return result, elapsed, peak / 2**20


def main() -> None:
    files = sorted(CORPUS.glob("*/*.pdf"))
    if not files:
        sys.exit(f"no corpus PDFs under {CORPUS}")
    use_camelot = "--no-camelot" not in sys.argv
    memory = "--memory" in sys.argv
    if use_camelot:
        import camelot
    print(f"{'document':52} {'pages':>5} | {'ours s/p':>8} {'grids':>5} {'MiB':>6}"
          + (f" | {'camelot s/p':>11} {'tables':>6} {'MiB':>6}" if use_camelot else ""))
    totals = {"pages": 0, "ours": 0.0, "camelot": 0.0}
    for f in files:
        doc, t_ours, m_ours = _measure(lambda: read_pdf(f), memory)
        line = f"{f.name[:52]:52} {doc.pages:5d} | {t_ours / doc.pages:8.3f} {len(doc.grids):5d} {m_ours:6.1f}"
        totals["pages"] += doc.pages
        totals["ours"] += t_ours
        if use_camelot:
            tables, t_cam, m_cam = _measure(
                lambda: camelot.read_pdf(str(f), pages="all", flavor="lattice"), memory)
            totals["camelot"] += t_cam
            line += f" | {t_cam / doc.pages:11.3f} {len(tables):6d} {m_cam:6.1f}"
        print(line, flush=True)
    pages = totals["pages"]
    print(f"\nours: {totals['ours']:.1f} s for {pages} pages = {totals['ours'] / pages:.3f} s/page")
    if use_camelot:
        print(f"camelot lattice: {totals['camelot']:.1f} s = {totals['camelot'] / pages:.3f} s/page; "
              f"ratio camelot/ours = {totals['camelot'] / totals['ours']:.1f}x")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"process max RSS {rss:.0f} MiB (both readers); MiB columns: tracemalloc peaks with --memory")


if __name__ == "__main__":
    main()
