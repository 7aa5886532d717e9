"""Command line: `budget-analysis extract|check|report|compare`."""
from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from .errors import BudgetAnalysisError
from .readers.pdf import BACKENDS

def summary_line(doc) -> str:
    f = doc.findings["severity"].value_counts()
    found = int(doc.tables["found"].sum())
    return (f"{doc.doc_id}: {doc.meta.get('unit_name') or '?'} {doc.meta.get('year') or '?'} · "
            f"{found} tables, {len(doc.lines)} lines, {len(doc.projects)} projects, "
            f"{len(doc.indicators)} indicators, {len(doc.claims)} claims · findings: "
            f"{f.get('error', 0)} error, {f.get('warning', 0)} warning, {f.get('info', 0)} info")


def cmd_extract(args) -> int:
    from .readers import input_files
    from .store.store import extract_files
    if not input_files(args.paths):
        print("no input files found in " + " ".join(args.paths), file=sys.stderr)
        return 2
    failed = 0
    for _, result in extract_files(args.paths, args.out, args.backend):
        if isinstance(result, BudgetAnalysisError):
            print(f"error: {result}", file=sys.stderr)
            failed += 1
        else:
            print(summary_line(result), flush=True)
    return 1 if failed else 0


def _doc(target: str, store: str):
    from .document.disclosure import load
    from .store.store import read_disclosure
    folder = Path(store) / target
    if (folder / "meta.json").exists():
        return read_disclosure(folder)
    return load(target)


def cmd_check(args) -> int:
    from .report.text import findings_table
    try:
        doc = _doc(args.target, args.store)
    except BudgetAnalysisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    f = doc.findings
    if args.severity:
        order = ["error", "warning", "info"]
        f = f[f["severity"].isin(order[: order.index(args.severity) + 1])]
    if args.format == "json":
        print(f.to_json(orient="records", force_ascii=False, indent=1))
    elif args.format == "csv":
        f.to_csv(sys.stdout, index=False)
    else:
        print(findings_table(f))
    return 0


def cmd_checks(args) -> int:
    from .checks.registry import checks_table, markdown
    if args.format == "markdown":
        print(markdown())
    elif args.format == "csv":
        print(checks_table().to_csv(index=False), end="")
    else:
        print(checks_table().to_string(index=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", level=logging.INFO)
    parser = argparse.ArgumentParser(prog="budget-analysis", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="read disclosures into OUT/<doc_id>/ (meta.json + Parquet tables)")
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument("--out", default="data/processed")
    p.add_argument("--backend", default="pdfplumber", choices=list(BACKENDS))
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("check", help="print the findings of one document")
    p.add_argument("target", help="a file, or a doc_id in --store")
    p.add_argument("--store", default="data/processed")
    p.add_argument("--format", default="table", choices=["table", "json", "csv"])
    p.add_argument("--severity", choices=["error", "warning", "info"], help="show this severity and worse")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("checks", help="list every check: id, title, severity, what it rests on")
    p.add_argument("--format", default="table", choices=["table", "markdown", "csv"])
    p.set_defaults(func=cmd_checks)
    from .compare.years import add_cli as add_compare_cli
    from .report import add_cli as add_report_cli
    add_report_cli(sub)
    add_compare_cli(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
