"""Per-document reading table of a whole extract store (issue 12's meter, issue 13's error count).

For each document `budget-analysis extract` wrote: tables recognised / titled tables printed, the accounted share
(`quality.parquet`: amounts printed inside each table's frame that are in the data), printed coded amounts found at
their code, page and value (`bench_templates.printed_coded`, read again from pypdfium2's text layer), whether the
一般公共预算 function table reconciles, and the errors raised. Refused documents are listed with their reason.

    budget-analysis extract ../shared/wide --out /tmp/wide -j 2 --ocr never
    python benchmarks/bench_wide.py /tmp/wide > benchmarks/results/wide.md
"""
from __future__ import annotations

import json
import sys
from multiprocessing import Pool
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pypdfium2 as pdfium

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_templates import found_in, printed_coded  # noqa: E402
from budget_analysis.readers.pdf import visible_text  # noqa: E402


def _row(run: dict, store: Path) -> dict:
    out = dict(doc=run["doc_id"] or Path(run["path"]).stem, path=run["path"], status=run["status"],
               reason=run.get("reason", ""))
    if run["status"] != "read":
        return out
    folder = store / run["doc_id"]
    lines, quality = pd.read_parquet(folder / "lines.parquet"), pd.read_parquet(folder / "quality.parquet")
    tables, findings = pd.read_parquet(folder / "tables.parquet"), pd.read_parquet(folder / "findings.parquet")
    pdf = pdfium.PdfDocument(run["path"])
    try:
        text = [(i + 1, visible_text(pdf[i], pdf[i].get_textpage())) for i in range(len(pdf))]  # as printed: not what lies off the page
    finally:
        pdf.close()
    printed = printed_coded(SimpleNamespace(text=text))
    found = found_in(lines, printed)
    titled = tables[tables["title"].fillna("").str.contains("表|明细", regex=True) & tables["found"]]
    function = quality[quality["table_kind"] == "gpb_by_function"]["reconciled"]
    out.update(tables=len(titled), recognised=int((titled["kind"].fillna("") != "").sum()),
               numbers=int(quality["numbers_printed"].sum()), accounted=int(quality["numbers_accounted"].sum()),
               coded=len(printed), coded_found=found,
               function_reconciled="–" if function.empty else ("yes" if function.fillna(False).all() else "no"),
               errors=int((findings["severity"] == "error").sum()))
    return out


def main(store: Path) -> None:
    runs = {}
    for line in (store / "_runs.jsonl").read_text(encoding="utf-8").splitlines():
        run = json.loads(line)
        if "path" in run:  # a run's totals line has none
            runs[run["path"]] = run  # the last run of each path
    with Pool(2) as pool:
        rows = pool.starmap(_row, [(r, store) for r in sorted(runs.values(), key=lambda r: r["path"])])
    read = [r for r in rows if r["status"] == "read"]
    pct = lambda a, b: f"{a / b:.1%}" if b else "–"  # noqa: E731
    print("| document | tables recognised / printed | amounts accounted | coded amounts found | function table "
          "reconciled | errors |")
    print("|---|---|---|---|---|---|")
    for r in read:
        print(f"| {r['doc']} | {r['recognised']}/{r['tables']} | {r['accounted']:,}/{r['numbers']:,} "
              f"({pct(r['accounted'], r['numbers'])}) | {r['coded_found']}/{r['coded']} "
              f"({pct(r['coded_found'], r['coded'])}) | {r['function_reconciled']} | {r['errors']} |")
    sized = [r for r in read if r["coded"] >= 20]
    mean = sum(r["coded_found"] / r["coded"] for r in sized) / len(sized) if sized else float("nan")
    print(f"\n{len(read)} documents read, {len(rows) - len(read)} refused. Amounts accounted "
          f"{pct(sum(r['accounted'] for r in read), sum(r['numbers'] for r in read))} (all tables together); "
          f"printed coded amounts found {mean:.2%} per document over the {len(sized)} documents printing ≥ 20 "
          f"({sum(r['coded_found'] / r['coded'] >= 0.99 for r in sized)} at ≥ 99%), pooled "
          f"{pct(sum(r['coded_found'] for r in read), sum(r['coded'] for r in read))}; function table reconciled in "
          f"{sum(r['function_reconciled'] == 'yes' for r in read)} of "
          f"{sum(r['function_reconciled'] != '–' for r in read)}; errors {sum(r['errors'] for r in read)}.")
    print("\n| refused | reason |\n|---|---|")
    for r in rows:
        if r["status"] != "read":
            print(f"| {Path(r['path']).name} | {r['reason']} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
