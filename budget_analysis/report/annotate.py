"""`budget-analysis annotate DOC --out DOC_annotated.pdf`: the original PDF with every finding marked on it.

Each box of a finding gets a coloured rectangle (red 错误, orange 警告, grey 提示) and its finding's number beside
it; a note annotation carries the message, and legend pages at the end list every finding by number, so the
marked PDF can be read in any viewer and printed. The original pages are copied untouched (pypdf).
"""
from __future__ import annotations

import io
import sys
import textwrap
from pathlib import Path

import pandas as pd

from ..checks.registry import TITLES
from ..document.positions import boxes as finding_boxes
from .sections import SEVERITIES, plain_message

COLOURS = {"error": "d62728", "warning": "ff7f0e", "info": "7f7f7f"}
_ORDER = {"error": 0, "warning": 1, "info": 2}


def numbered(findings: pd.DataFrame) -> pd.DataFrame:
    """The findings worst first, then by page, numbered from 1 (the numbers the marks and legend use)."""
    f = findings.assign(_o=findings["severity"].map(_ORDER).fillna(3),
                        _p=findings["page"].astype("Float64")).sort_values(["_o", "_p"], kind="stable",
                                                                           na_position="last")
    return f.drop(columns=["_o", "_p"]).reset_index(drop=True).assign(number=lambda d: d.index + 1)


def _legend_pdf(doc, rows: pd.DataFrame) -> bytes:
    """Legend pages (A4, matplotlib with the CJK font): number, severity, page, check and message."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    from ..charts.style import chart_style
    lines: list[tuple[str, str]] = []
    for r in rows.itertuples():
        where = f"第{int(r.page)}页" if pd.notna(r.page) else "无页码"
        marked = "已标注" if finding_boxes(r._asdict()) else "未能定位"
        head = f"{r.number}. [{SEVERITIES.get(r.severity, r.severity)}] {where} {TITLES.get(r.check_id, r.check_id)}（{marked}）"
        lines.append((head, COLOURS.get(r.severity, "000000")))
        for part in textwrap.wrap(plain_message(r.message), 46):
            lines.append(("    " + part, "333333"))
    per_page = 46
    out = io.BytesIO()
    title = f"{doc.meta.get('unit_name') or doc.doc_id} {doc.meta.get('year') or ''} 自动核对发现（{len(rows)} 项）"
    with chart_style(), mpl.rc_context({"pdf.fonttype": 42}), PdfPages(out) as pdf:
        for start in range(0, max(len(lines), 1), per_page):
            fig = plt.figure(figsize=(8.27, 11.69))
            fig.text(0.07, 0.96, title if start == 0 else title + "（续）", fontsize=13)
            if start == 0:
                fig.text(0.07, 0.935, "编号与页面上的方框编号一致；红：错误，橙：警告，灰：提示。", fontsize=9)
            for k, (text, colour) in enumerate(lines[start:start + per_page]):
                fig.text(0.07, 0.91 - k * 0.0188, text, fontsize=9, color="#" + colour)
            pdf.savefig(fig)
            plt.close(fig)
    return out.getvalue()


def _overlay(size: tuple[float, float], marks: list[tuple[dict, int, str]]) -> bytes:
    """One transparent PDF page of `size` points with each (box, number, colour) drawn: a rectangle round the
    figure and the number on a coloured tab in the left margin at its height, where it hides no print. Drawn into
    the page rather than as annotations, so every viewer and printer shows it."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle as Rect

    from ..charts.style import chart_style
    w, h = size
    out = io.BytesIO()
    with chart_style(), mpl.rc_context({"pdf.fonttype": 42}):  # TrueType: the numbers stay searchable text
        fig = plt.figure(figsize=(w / 72, h / 72))
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, w)
        ax.set_ylim(h, 0)  # top-left origin, as the boxes are
        ax.axis("off")
        used: dict[int, float] = {}  # line of print → where the next tab in the margin goes
        for b, number, colour in marks:
            c = "#" + colour
            ax.add_patch(Rect((b["x0"] - 2, b["top"] - 2), b["x1"] - b["x0"] + 4, b["bottom"] - b["top"] + 4,
                              fill=False, edgecolor=c, linewidth=1.5))
            mid = (b["top"] + b["bottom"]) / 2
            x = used.get(round(mid / 6), 3.0)
            used[round(mid / 6)] = x + 6 + 5 * len(str(number))
            ax.text(x, mid, str(number), ha="left", va="center", fontsize=8, color="white",
                    bbox=dict(boxstyle="square,pad=0.15", fc=c, ec=c))
        fig.savefig(out, format="pdf", transparent=True)
        plt.close(fig)
    return out.getvalue()


def annotate(doc, out: str | Path) -> tuple[Path, int, int]:
    """Write the annotated copy of the document's PDF to `out`; returns (path, findings, findings marked)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Text

    source = Path(str(doc.meta.get("source_path") or ""))
    if source.suffix.lower() != ".pdf" or not source.exists():
        raise FileNotFoundError(f"{doc.doc_id}: the source PDF is not available ({source})")
    rows = numbered(doc.findings)
    writer = PdfWriter(clone_from=PdfReader(str(source)))
    by_page: dict[int, list] = {}
    marked = 0
    for r in rows.itertuples():
        marks = [b for b in finding_boxes(r._asdict()) if 1 <= int(b["page"]) <= len(writer.pages)]
        marked += bool(marks)
        for b in marks:
            by_page.setdefault(int(b["page"]) - 1, []).append((b, r.number, COLOURS.get(r.severity, "000000")))
            box = writer.pages[int(b["page"]) - 1].mediabox
            x1, y1 = float(box.left) + b["x1"], float(box.top) - b["top"]
            note = f"{r.number}. {TITLES.get(r.check_id, r.check_id)}：{plain_message(r.message)}"
            writer.add_annotation(int(b["page"]) - 1, Text(rect=(x1 + 2, y1 - 8, x1 + 12, y1 + 2), text=note))
    for page_no, marks in by_page.items():
        page = writer.pages[page_no]
        box = page.mediabox
        layer = PdfReader(io.BytesIO(_overlay((float(box.width), float(box.height)), marks))).pages[0]
        page.merge_translated_page(layer, float(box.left), float(box.bottom))
    for page in PdfReader(io.BytesIO(_legend_pdf(doc, rows))).pages:
        writer.add_page(page)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as fh:
        writer.write(fh)
    return out, len(rows), marked


def add_cli(subparsers) -> None:
    p = subparsers.add_parser("annotate", help="the original PDF with a box and a numbered note per finding")
    p.add_argument("target", help="a PDF, or a doc_id in --store")
    p.add_argument("--store", default="data/processed")
    p.add_argument("--out", help="default: <doc_id>_annotated.pdf beside the current folder")
    p.set_defaults(func=_cmd_annotate)


def _cmd_annotate(args) -> int:
    from ..store.store import open_document as _doc
    from ..errors import BudgetAnalysisError
    try:
        doc = _doc(args.target, args.store)
        path, total, marked = annotate(doc, args.out or f"{doc.doc_id}_annotated.pdf")
    except (BudgetAnalysisError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{path}: {total} findings, {marked} marked on their pages, legend on the last page(s)")
    return 0
