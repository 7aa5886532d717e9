"""The page beside the finding: a PDF page rendered with pypdfium2 and the boxes drawn on it (PIL).

`show_page` and `show` return PIL images, which Jupyter displays inline; `crop` cuts the region around the
boxes for the report. A document without its PDF (text dumps, workbooks, a moved file) gives None and says why.
"""
from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from .positions import boxes as finding_boxes

SCALE = 2.0  # render at 144 dpi: cell text stays legible in a crop
COLOURS = {"table": (214, 39, 40), "text": (31, 119, 180), "": (255, 127, 14)}  # red cell, blue sentence


def _pdf_path(doc) -> Path | None:
    path = Path(str(doc.meta.get("source_path") or ""))
    return path if path.suffix.lower() == ".pdf" and path.exists() else None


def render_page(path: str | Path, page: int, boxes: list[dict] = (), scale: float = SCALE):
    """One 1-based page as a PIL image with each box of that page outlined and numbered."""
    import pypdfium2 as pdfium
    from PIL import ImageDraw

    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()
    draw = ImageDraw.Draw(image)
    for n, b in enumerate(boxes, start=1):
        if int(b.get("page", page)) != page:
            continue
        colour = COLOURS.get(b.get("role", ""), COLOURS[""])
        x0, top, x1, bottom = (b[k] * scale for k in ("x0", "top", "x1", "bottom"))
        pad = 2 * scale
        draw.rectangle([x0 - pad, top - pad, x1 + pad, bottom + pad], outline=colour, width=max(2, int(scale)))
        label = str(b.get("label", n))  # left of the box: amounts are right-aligned, their left is blank
        lw, mid = 6 * scale * len(label) + 2 * scale, (top + bottom) / 2
        draw.rectangle([x0 - pad - lw, mid - 5.5 * scale, x0 - pad, mid + 5.5 * scale], fill=colour)
        draw.text((x0 - pad - lw + scale, mid - 5.5 * scale), label, fill=(255, 255, 255),
                  font_size=int(10 * scale))
    return image


def crop(image, boxes: list[dict], page: int, scale: float = SCALE, margin: float = 60.0, width: float = 420.0):
    """The part of a rendered page around its boxes: the boxes' rows plus `margin` points above and below,
    at least `width` points wide, so the reader sees the row and its column heads' neighbourhood."""
    mine = [b for b in boxes if int(b["page"]) == page]
    if not mine:
        return image
    x0, x1 = min(b["x0"] for b in mine), max(b["x1"] for b in mine)
    top, bottom = min(b["top"] for b in mine), max(b["bottom"] for b in mine)
    centre, half = (x0 + x1) / 2, max(width, x1 - x0 + 40) / 2
    w, h = image.size
    left = max(0, (centre - half) * scale)
    right = min(w, (centre + half) * scale)
    return image.crop((int(left), int(max(0, (top - margin) * scale)), int(right),
                       int(min(h, (bottom + margin) * scale))))


def side_by_side(images: list):
    """Images next to each other on white, tops aligned (a finding's table page and its text page)."""
    from PIL import Image
    if len(images) == 1:
        return images[0]
    gap = 16
    out = Image.new("RGB", (sum(i.width for i in images) + gap * (len(images) - 1), max(i.height for i in images)),
                    "white")
    x = 0
    for i in images:
        out.paste(i, (x, 0))
        x += i.width + gap
    return out


def show_page(doc, page: int, boxes: list[dict] | None = None, scale: float = SCALE):
    """Page `page` of the document's PDF with `boxes` drawn; None (and a printed reason) without the PDF."""
    path = _pdf_path(doc)
    if path is None:
        print(f"{doc.doc_id}: no PDF to show ({doc.meta.get('source_path') or 'no source path'})")
        return None
    return render_page(path, page, boxes or [], scale)


def _finding_row(doc, finding):
    if isinstance(finding, pd.Series):
        return finding
    if isinstance(finding, int):
        return doc.findings.iloc[finding]
    rows = doc.findings[doc.findings["check_id"] == finding]
    if rows.empty:
        raise KeyError(f"no finding {finding!r} in {doc.doc_id}")
    return rows.iloc[0]


def show(doc, finding, scale: float = SCALE, cropped: bool = False):
    """A finding (its row, its position in doc.findings, or a check_id: the first such) on its page(s): each
    side boxed, the table page and the text page next to each other; the finding's page when no box is known."""
    row = _finding_row(doc, finding)
    marks = finding_boxes(row)
    pages = list(dict.fromkeys(int(b["page"]) for b in marks))
    if not pages and pd.notna(row.get("page")):
        pages = [int(row["page"])]
    if not pages:
        print(f"{row['check_id']}: the finding names no page")
        return None
    images = []
    for page in pages:
        image = show_page(doc, page, marks, scale)
        if image is None:
            return None
        images.append(crop(image, marks, page, scale) if cropped else image)
    return side_by_side(images)


def summary_html(doc) -> str:
    """A short HTML card for Jupyter: unit, year, pages and how many rows each table has."""
    m = doc.meta
    counts = doc.findings["severity"].value_counts() if len(doc.findings) else {}
    cells = [("行", len(doc.lines)), ("项目", len(doc.projects)), ("绩效指标", len(doc.indicators)),
             ("文字数据", len(doc.claims)), ("错误", counts.get("error", 0)), ("警告", counts.get("warning", 0)),
             ("提示", counts.get("info", 0))]
    head = f"{m.get('unit_name') or doc.doc_id} {m.get('year') or ''}".strip()
    facts = "　".join(x for x in (f"{m['pages']} 页" if m.get("pages") else "",
                                  Path(str(m.get("source_path") or "")).name) if x)
    row = "".join(f"<td style='text-align:right;padding:0 8px'>{v:,}</td>" for _, v in cells)
    labels = "".join(f"<th style='padding:0 8px'>{k}</th>" for k, _ in cells)
    return (f"<div><b>{html.escape(head)}</b> <span style='color:#666'>{html.escape(facts)}</span>"
            f"<table><tr>{labels}</tr><tr>{row}</tr></table></div>")


def store_html(store) -> str:
    """A short HTML card for a Store: documents by year and the largest units."""
    meta = store.meta
    years = meta["year"].value_counts(dropna=False).sort_index() if len(meta) else pd.Series(dtype=int)
    by_year = "，".join(f"{'未知年份' if pd.isna(y) else int(y)}年 {n} 份" for y, n in years.items())
    return (f"<div><b>数据仓库</b> <span style='color:#666'>{html.escape(str(store.folder))}</span>"
            f"<p>{len(meta):,} 份文件{('：' + html.escape(by_year)) if by_year else ''}</p></div>")
