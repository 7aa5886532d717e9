"""The `budget-analysis report` subcommand, registered by cli.py through `add_cli`."""
from __future__ import annotations


def add_cli(subparsers) -> None:
    p = subparsers.add_parser("report", help="render reports/<doc_id>.html and reports/index.html from the store")
    p.add_argument("doc_ids", nargs="*", metavar="DOC_ID", help="documents in --store (default: all)")
    p.add_argument("--store", default="data/processed")
    p.add_argument("--out", default="reports")
    p.add_argument("--quiet", action="store_true", help="no progress lines")
    p.set_defaults(func=_cmd_report)


def _cmd_report(args) -> int:
    """Exit 0 when every document got its report, 1 when some failed, 2 when there was nothing to render."""
    import sys

    from ..store.store import doc_folders
    from . import render_reports
    wanted = args.doc_ids or [f.name for f in doc_folders(args.store)]
    if not wanted:
        print(f"error: no processed documents in {args.store} (run `budget-analysis extract` first)", file=sys.stderr)
        return 2
    try:
        written = render_reports(args.store, wanted, args.out, progress=not args.quiet)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0 if len(written) == len(wanted) else 1
