"""Command line: `budget-analysis extract|check|report|compare`."""
from __future__ import annotations

import argparse
import logging
import sys

from .errors import BudgetAnalysisError
from .readers.pdf import BACKENDS
from .readers.settings import DEFAULT_BACKEND

def summary_line(doc) -> str:
    from .store.pool import summary_line as line
    return line(doc)


def cmd_extract(args) -> int:
    from .readers import input_files
    if args.pair:
        return cmd_extract_pairs(args)
    from .store.batch import StoreUnwritable, run
    if not input_files(args.paths):
        print("no input files found in " + " ".join(args.paths), file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("--jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        summary = run(args.paths, args.out, backend=args.backend, jobs=args.jobs, scheduler=args.scheduler,
                      force=args.force, progress=False if args.quiet else None, compact=not args.no_compact,
                      ocr=args.ocr)
    except StoreUnwritable as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # e.g. the scheduler cannot be reached
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for r in summary.results:
        if r.status == "read":
            if not args.quiet:
                print(r.summary, flush=True)
        elif r.status != "skipped":
            print(f"error: {r.path}: {r.reason}", file=sys.stderr)
    if summary.compact_error:
        print(f"error: {summary.compact_error}", file=sys.stderr)
    if not args.quiet:
        print(summary.line(), flush=True)
    return summary.exit_code


def cmd_extract_pairs(args) -> int:
    """`extract --pair`: documents split over files, read as one each (a narrative and its table attachment):
    the folder rule X_text.pdf + X_tables.pdf (readers.pair_files), every other file alone; written to --out."""
    from .document.disclosure import load
    from .errors import ReadError
    from .readers import pair_files
    from .store.store import write_disclosure
    groups = pair_files(args.paths)
    if not groups:
        print("no input files found in " + " ".join(args.paths), file=sys.stderr)
        return 2
    failed = 0
    for group in groups:
        try:
            doc = load(group if len(group) > 1 else group[0], backend=args.backend)
        except ReadError as exc:
            print(f"error: {exc}", file=sys.stderr)
            failed += 1
            continue
        write_disclosure(doc, args.out)
        if not args.quiet:
            print(summary_line(doc), flush=True)
    return 1 if failed else 0


def cmd_compact(args) -> int:
    from .store.dataset import compact
    from .store.store import doc_folders
    if not doc_folders(args.store):
        print(f"error: no processed document in {args.store}", file=sys.stderr)
        return 2
    try:
        done = compact(args.store)
    except OSError as exc:
        print(f"error: {args.store}: the dataset could not be written ({exc.strerror or exc})", file=sys.stderr)
        return 2
    if not args.quiet:
        print(f"{done['docs']} documents; year partitions rewritten: {', '.join(done['years']) or 'none'}")
    return 0


def _doc(target: str, store: str, ocr: str = "auto"):
    from .store.store import open_document
    return open_document(target, store, ocr)


def cmd_check(args) -> int:
    from .report.text import findings_table
    try:
        doc = _doc(args.target, args.store, args.ocr)
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


def _verbosity() -> argparse.ArgumentParser:
    """-q/-v, accepted before the command and after it."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                   help="errors only: no progress bar, no per-document lines")
    p.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS, help="more log lines (-vv: debug)")
    return p


def _setup_logging(args) -> None:
    quiet, verbose = getattr(args, "quiet", False), getattr(args, "verbose", 0)
    level = logging.ERROR if quiet else {0: logging.WARNING, 1: logging.INFO}.get(verbose, logging.DEBUG)
    logging.basicConfig(format="%(levelname)s %(name)s: %(message)s", level=level, force=True)
    args.quiet, args.verbose = quiet, verbose


def _ocr_option(p: argparse.ArgumentParser) -> None:
    from .readers.settings import OCR_MODES
    p.add_argument("--ocr", default="auto", choices=OCR_MODES,
                   help="OCR image pages: auto = pages without a text layer, when the extra is installed "
                        "(pip install 'budget-analysis[ocr]'); always = every page; never = none")


def main(argv: list[str] | None = None) -> int:
    v = _verbosity()
    parser = argparse.ArgumentParser(prog="budget-analysis", description=__doc__, parents=[v])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", parents=[v],
                       help="read disclosures into OUT/<doc_id>/ (meta.json + Parquet tables) and OUT/_dataset/")
    p.add_argument("paths", nargs="+", help="files or folders")
    p.add_argument("--out", default="data/processed")
    p.add_argument("--backend", default=DEFAULT_BACKEND, choices=list(BACKENDS))
    p.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--scheduler", help="run the tasks on a Dask cluster, e.g. tcp://host:8786 (extra: dask); "
                                       "--out must be a path every worker can write")
    p.add_argument("--force", action="store_true", help="re-read documents whose source and reader are unchanged")
    p.add_argument("--no-compact", action="store_true", help="leave OUT/_dataset as it is (see `compact`)")
    p.add_argument("--pair", action="store_true", help="read X_text + X_tables files beside each other as one "
                   "document (a narrative and its table attachment); written to --out without the batch machinery")
    _ocr_option(p)
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("compact", parents=[v], help="rewrite OUT/_dataset (Parquet by year) from the documents")
    p.add_argument("store", nargs="?", default="data/processed")
    p.set_defaults(func=cmd_compact)
    p = sub.add_parser("check", help="print the findings of one document")
    p.add_argument("target", help="a file, or a doc_id in --store")
    p.add_argument("--store", default="data/processed")
    p.add_argument("--format", default="table", choices=["table", "json", "csv"])
    p.add_argument("--severity", choices=["error", "warning", "info"], help="show this severity and worse")
    _ocr_option(p)
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("checks", help="list every check: id, title, severity, what it rests on")
    p.add_argument("--format", default="table", choices=["table", "markdown", "csv"])
    p.set_defaults(func=cmd_checks)
    from .compare.years import add_cli as add_compare_cli
    from .report import add_cli as add_report_cli
    add_report_cli(sub)
    add_compare_cli(sub)
    from .store.export import add_cli as add_export_cli
    add_export_cli(sub)
    from .report.annotate import add_cli as add_annotate_cli
    add_annotate_cli(sub)
    args = parser.parse_args(argv)
    _setup_logging(args)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
