"""OCR route against the text route: corpus pages rendered to image-only PDFs, read back by OCR.

Run: nice -n 10 .venv/bin/python benchmarks/bench_ocr.py [--docs 5] [--pages 2] [--noise 12] [--dpi 200]
For each of the first --docs corpus PDFs (spread over the provinces), the --pages pages with the most table
amounts on their tables' title pages in the text route are rendered at --dpi (with Gaussian grey noise and specks
of std --noise), each wrapped as an image-only PDF of its own and loaded with OCR. Prints per document: OCR
wall and CPU seconds per page, amounts equal to the text route, OCR tables verified, tables reconciled or with
their misread cell named; then the totals.
The machine is shared (2 cores, many sessions): CPU seconds are the figure to compare, wall time shows the load.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import budget_analysis as ba  # noqa: E402
from budget_analysis.document.verification import verification  # noqa: E402
from budget_analysis.readers.scan_truth import amount_accuracy, image_pdf, title_pages  # noqa: E402

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def sample(n_docs: int) -> list[Path]:
    """Documents taken round-robin over the provinces, so each layout is represented."""
    by_dir = [sorted(d.glob("*.pdf")) for d in sorted(CORPUS.iterdir()) if d.is_dir()]
    out = []
    while len(out) < n_docs and any(by_dir):
        for files in by_dir:
            if files and len(out) < n_docs:
                out.append(files.pop(0))
    return out


def table_pages(doc, k: int) -> list[int]:
    """The k pages where the most table amounts are printed on their table's title page (a continuation page
    alone has no title)."""
    lines = doc.lines.dropna(subset=["page"])
    counts = lines[lines["page"] == title_pages(lines, doc.quality)].groupby("page").size().sort_values(ascending=False)
    return sorted(int(p) for p in counts.index[:k])


def bench_page(path: Path, truth, page: int, noise: float, dpi: int, tmp: Path) -> dict:
    """One page as its own image-only PDF: pages sampled apart would otherwise be stitched as one table's parts
    (江苏 2018 p9's 收支总表 run on into p15's 机关运行经费 rows), which the text route never sees."""
    scan = image_pdf(path, [page], tmp / f"{path.stem}_p{page}.pdf", dpi=dpi, noise=noise)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        doc = ba.load(scan)
    except ba.ReadError as exc:
        print(f"{path.stem} p{page}: OCR route refused: {exc.message}", flush=True)
        doc = None
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    acc = amount_accuracy(truth.lines, truth.lines.iloc[:0] if doc is None else doc.lines, [page], truth.quality)
    out = dict(wall=wall, cpu=cpu, amounts=acc["amounts"], equal=acc["equal"], missing=acc["missing"],
               wrong=acc["wrong"], tables=0, verified=0, settled=0, suspects=0)
    if doc is not None:
        v = verification(doc)
        v = v[v["ocr"]]
        named = set(doc.findings.loc[doc.findings.check_id == "ocr_suspect_cell", "table_kind"])
        out.update(tables=len(v), verified=int(v["verified"].sum()),
                   settled=int((v["reconciled"] | v["table_kind"].isin(named)).sum()),
                   suspects=int((doc.findings.check_id == "ocr_suspect_cell").sum()))
    return out


def bench_one(path: Path, k: int, noise: float, dpi: int, tmp: Path) -> dict:
    truth = ba.load(path)
    pages = table_pages(truth, k)
    runs = [bench_page(path, truth, p, noise, dpi, tmp) for p in pages]
    total = {key: sum(r[key] for r in runs) for key in runs[0] if key != "wrong"}
    return dict(doc=path.stem, pages=pages, wall_per_page=total.pop("wall") / len(pages),
                cpu_per_page=total.pop("cpu") / len(pages), wrong=pd.concat([r["wrong"] for r in runs]), **total)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=5)
    ap.add_argument("--pages", type=int, default=2)
    ap.add_argument("--noise", type=float, default=12.0)
    ap.add_argument("--dpi", type=int, default=200)
    ap.add_argument("--show-wrong", action="store_true", help="print every amount OCR read differently")
    args = ap.parse_args()
    if not CORPUS.exists():
        sys.exit(f"no corpus under {CORPUS}")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for path in sample(args.docs):
            r = bench_one(path, args.pages, args.noise, args.dpi, Path(tmp))
            rows.append(r)
            print(f"{r['doc'][:58]:58} p{','.join(map(str, r['pages'])):9} {r['cpu_per_page']:5.1f} s CPU/page "
                  f"({r['wall_per_page']:5.1f} wall)  amounts {r['equal']}/{r['amounts']} "
                  f"(missing {r['missing']})  tables verified {r['verified']}/{r['tables']}, "
                  f"reconciled or named {r['settled']}/{r['tables']}", flush=True)
            if args.show_wrong and len(r["wrong"]):
                print(r["wrong"].to_string(), flush=True)
    pages = sum(len(r["pages"]) for r in rows)
    amounts, equal = sum(r["amounts"] for r in rows), sum(r["equal"] for r in rows)
    tables = sum(r["tables"] for r in rows)
    print(f"total: {pages} pages, {sum(r['cpu_per_page'] * len(r['pages']) for r in rows) / pages:.1f} s CPU/page, "
          f"{sum(r['wall_per_page'] * len(r['pages']) for r in rows) / pages:.1f} s wall/page; amounts equal "
          f"{equal}/{amounts} = {equal / max(amounts, 1):.2%}; OCR tables verified "
          f"{sum(r['verified'] for r in rows)}/{tables}, reconciled or misread cell named "
          f"{sum(r['settled'] for r in rows)}/{tables}; {sum(r['suspects'] for r in rows)} ocr_suspect_cell findings")


if __name__ == "__main__":
    main()
