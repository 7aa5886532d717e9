"""PDF reading speed on the corpus: our default reader, the pdfplumber route, camelot lattice, the text floor.

Run: .venv/bin/python benchmarks/bench_pdf.py [--no-camelot] [--no-plumber] [--no-load] [--no-ocr] [--docs N] [PDF ...]

Every reader runs on the same PDFs in this one process, one after the other per document, so the ratios compare
like with like even on a loaded machine. Each time is given as CPU seconds (this process and its children, from
getrusage: what the work costs) and wall seconds (what a user waits; inflated when other jobs share the cores).
  ours      read_pdf with the default backend (PDFium characters and rulings) over the text layer (ocr='never')
  plumber   read_pdf(backend='pdfplumber', ocr='never'): the same cell placement over pdfminer's parse
  camelot   camelot.read_pdf(pages='all', flavor='lattice') with its defaults
  floor     pypdfium2 alone: open the bytes, every page's text (what any reader must at least pay)
  load      budget_analysis.load(ocr='never'): read, tables, claims, checks (the whole document)
  ocr       read_pdf as a load calls it (ocr='auto'): image pages OCR'd too (two corpus pages; their cost is
            OCR's, measured by bench_ocr.py, so the text-layer routes above carry the goals)
"""
from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from budget_analysis import load  # noqa: E402
from budget_analysis.readers.pdf import read_pdf  # noqa: E402
from budget_analysis.readers.settings import DEFAULT_BACKEND, Settings  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(fn):
    # the per-string caches start empty on every run, as for a document never seen: a repeat would find its
    # own cells there
    from budget_analysis.text import forget
    forget()
    c0, w0 = _cpu(), time.perf_counter()
    result = fn()
    return result, _cpu() - c0, time.perf_counter() - w0


def _floor(path: Path) -> int:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def _camelot(path: Path) -> int:
    import camelot
    return len(camelot.read_pdf(str(path), pages="all", flavor="lattice"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path, help="PDFs to read (default: every corpus PDF)")
    ap.add_argument("--no-camelot", action="store_true")
    ap.add_argument("--no-plumber", action="store_true")
    ap.add_argument("--no-load", action="store_true")
    ap.add_argument("--no-ocr", action="store_true")
    ap.add_argument("--docs", type=int, default=0, help="only the first N PDFs")
    ap.add_argument("--repeat", type=int, default=1,
                    help="read each document N times with each route and keep its least time (on a shared machine "
                         "the least is the one other work disturbed least)")
    args = ap.parse_args()
    files = args.pdfs or sorted(CORPUS.glob("*/*.pdf"))
    if args.docs:
        files = files[:args.docs]
    if not files:
        sys.exit(f"no PDFs (corpus expected under {CORPUS})")
    runs = {"ours": lambda f: len(read_pdf(f, ocr="never").grids), "floor": _floor}
    if not args.no_plumber:
        runs["plumber"] = lambda f: len(read_pdf(f, backend="pdfplumber", ocr="never").grids)
    if not args.no_camelot:
        import camelot  # noqa: F401 (fail before any timing when the extra is missing)
        runs["camelot"] = _camelot
    if not args.no_load:
        runs["load"] = lambda f: len(load(f, settings=Settings(ocr="never")).lines)
    if not args.no_ocr:
        runs["ocr"] = lambda f: len(read_pdf(f).grids)
    cpu = {k: 0.0 for k in runs}
    wall = dict(cpu)
    pages = 0
    print(f"default backend: {DEFAULT_BACKEND}; CPU s/page (wall s/page) per reader; count = grids/tables/lines")
    print(f"{'document':44} {'pages':>5} " + " ".join(f"{k:>19}" for k in runs))
    for f in files:
        n = _floor(f)  # warms the file cache for every reader alike
        pages += n
        cells = []
        best = {name: (float("inf"), float("inf"), 0) for name in runs}
        for _ in range(max(args.repeat, 1)):
            for name, fn in runs.items():
                count, c, w = _timed(lambda: fn(f))
                best[name] = (min(best[name][0], c), min(best[name][1], w), count)
        for name, (c, w, count) in best.items():
            cpu[name] += c
            wall[name] += w
            cells.append(f"{c / n:7.4f} ({w / n:6.4f}) {count:3d}")
        print(f"{f.name[:44]:44} {n:5d} " + " ".join(f"{x:>19}" for x in cells), flush=True)
    print(f"\n{len(files)} PDFs, {pages} pages" + (f", least of {args.repeat} runs per document" if args.repeat > 1 else ""))
    for name in runs:
        print(f"  {name:8} {cpu[name] / pages:.4f} s/page CPU   {wall[name] / pages:.4f} s/page wall")
    ours = cpu["ours"]
    print("ratios (CPU, this run):")
    print(f"  ours / floor   = {ours / cpu['floor']:.1f}x   (goal <= 15x)")
    if "plumber" in cpu:
        print(f"  plumber / ours = {cpu['plumber'] / ours:.1f}x faster than the pdfplumber route")
    if "camelot" in cpu:
        print(f"  ours / camelot = {ours / cpu['camelot']:.3f}x   (goal <= 0.08x)")
    print(f"goals: ours {ours / pages:.4f} s/page (<= 0.01)"
          + (f", whole load {cpu['load'] / pages:.4f} s/page (<= 0.02)" if "load" in cpu else ""))
    with open("/proc/loadavg") as fh:
        print(f"load average at the end: {fh.read().split()[0]} (2 cores)")


if __name__ == "__main__":
    main()
