"""Page crops for the report: the region of the PDF page around a finding's boxes, as an embedded PNG.

A leader checks a finding by looking at the page; the crop shows the printed row or sentence with the box drawn
(red: the table cell, blue: the sentence), so the report stays one offline file. Documents without their PDF
(text dumps, workbooks, a moved file) get no crops, and the report says nothing it cannot show.
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from ..document.positions import boxes as finding_boxes
from ..document.show import crop, render_page, side_by_side

MAX_CROPS = 40   # per report: a document with hundreds of warnings must not become a 50 MB file
SCALE = 1.5      # 108 dpi: printed digits stay legible, a crop stays ~30 KB


def source_pdf(doc, store: str | Path = "") -> Path | None:
    """The document's PDF: its recorded path as it is, or relative to the store's folder or its parents, the
    checkout or the folder above the kernel's (a store written from the repository root, read from notebooks/)."""
    recorded = Path(str(doc.meta.get("source_path") or ""))
    if recorded.suffix.lower() != ".pdf":
        return None
    candidates = [recorded]
    if not recorded.is_absolute():
        base = Path(store).resolve() if store else Path.cwd()
        here = Path(__file__).resolve().parents[2]  # the checkout, where `extract` usually runs
        candidates += [p / recorded for p in (base, *base.parents, here, Path.cwd().parent)]
    return next((p for p in candidates if p.exists()), None)


class PageCache:
    """Each page rendered once per report, however many findings sit on it."""

    def __init__(self, path: Path | None):
        self.path, self._pages = path, {}

    def page(self, number: int):
        if number not in self._pages:
            self._pages[number] = render_page(self.path, number, [], SCALE)
        return self._pages[number]

    def close(self) -> None:
        self._pages.clear()


def finding_crop(pages: PageCache, finding) -> str:
    """An <img> of the finding's page region(s) with its boxes drawn, or '' when nothing is known to show."""
    marks = finding_boxes(finding)
    if pages.path is None or not marks:
        return ""
    from PIL import ImageDraw

    from ..document.show import COLOURS
    images = []
    for number in dict.fromkeys(int(b["page"]) for b in marks):
        image = pages.page(number).copy()
        draw = ImageDraw.Draw(image)
        for b in marks:
            if int(b["page"]) == number:
                x0, top, x1, bottom = (b[k] * SCALE for k in ("x0", "top", "x1", "bottom"))
                draw.rectangle([x0 - 3, top - 3, x1 + 3, bottom + 3], outline=COLOURS.get(b.get("role", ""),
                                                                                       COLOURS[""]), width=3)
        images.append(crop(image, marks, number, SCALE, margin=36, width=360))
    shot = side_by_side(images).convert("P", palette=1, colors=64)  # adaptive palette: a third of the bytes
    png = io.BytesIO()
    shot.save(png, format="PNG", optimize=True)
    where = "、".join(f"第{n}页" for n in dict.fromkeys(int(b["page"]) for b in marks))
    roles = {b.get("role", "") for b in marks}
    legend = "，".join(t for r, t in (("table", "红框为表格中的数字"), ("text", "蓝框为文字中的数字")) if r in roles)
    return (f'<div class="crop"><img src="data:image/png;base64,{base64.b64encode(png.getvalue()).decode()}" '
            f'alt="{html.escape(where)}原文"><span class="muted">{html.escape(where)}原文'
            f'{"：" + legend if legend else ""}</span></div>')
