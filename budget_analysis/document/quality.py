"""The accuracy meter: how much of what each table prints ended up in the data, measured independently.

Camelot gives every table a parsing report; this gives every table of every document one (`doc.quality`, one row
per table, and `quality.parquet` in the store): its unit and where the unit was found, whether the verification
reconciled it, and **accounted numbers**: of the amounts printed inside the table's frame on each of its pages —
read again from pypdfium2's text layer, not from the cells pdfplumber placed — how many are in `lines` (or
`projects`, `indicators`) at that page, in the printed unit. A printed amount that is not accounted for is data
lost, reported as `number_unaccounted` with its page. Pages that carry an image and almost no text (a table
scanned into a text PDF) get a row of their own and a `page_image_only` finding: never skipped in silence.

"Amount" here is a token with a decimal point or a thousands separator (`1,833.30`, `0.00`, `12,000`): codes,
栏次, years and page numbers are integers and are not counted; integers in amount columns are not counted either.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd

from ..checks.registry import finding
from ..normalise.catalog import recognise
from ..normalise.schema import frame
from ..normalise.units import FACTORS, factor
from ..readers.pdf import SPARSE_TEXT, image_cover, visible_text

_AMOUNT = re.compile(r"(?<![\d.,])-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)(?![\d%])")
_IMAGE_TEXT = SPARSE_TEXT  # a page with an image and fewer characters of text than this: its content is the image
_IMAGE_SHARE = 0.1   # … a warning when the images cover this much of the page (else a logo or a heading: info)
_LISTED = 8          # unaccounted amounts named in one finding


def _key(value: float) -> float:
    return round(float(value), 6)


def printed_amounts(text: str) -> list[float]:
    """The amounts printed in a text, as numbers (`1,833.30` → 1833.3), percentages left out."""
    return [_key(m.group(0).replace(",", "")) for m in _AMOUNT.finditer(text or "")]


class _Pdf:
    """pypdfium2 opened once, and only when asked: text inside a box (pdfplumber's top-left coordinates) and
    image-only pages. What the reader already took from the text layer while the page was open
    (`RawDocument.frame_texts`, `sparse_pages`: the same pypdfium2 calls) is used as it is."""

    def __init__(self, path: str, raw=None):
        self.path = path
        self._doc = (getattr(raw, "open_pdfs", None) or {}).get(1)  # the reader's open document, if left open
        self._mine = False  # opened here (then closed here)
        self.frames = getattr(raw, "frame_texts", None) or {}
        self.sparse = getattr(raw, "sparse_pages", None)

    @property
    def doc(self):
        if self._doc is None:
            import pypdfium2 as pdfium
            self._doc, self._mine = pdfium.PdfDocument(self.path), True
        return self._doc

    def text_in(self, page: int, bbox: tuple[float, float, float, float]) -> str | None:
        known = self.frames.get((page, tuple(bbox)))
        if known is not None:
            return known
        p = self.doc[page - 1]
        try:
            if p.get_rotation():
                return None  # pdfplumber's box is in the rotated space; counted from the whole page instead
            height = p.get_height()
            x0, top, x1, bottom = bbox
            return p.get_textpage().get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
        finally:
            p.close()

    def page_text(self, page: int) -> str:
        p = self.doc[page - 1]
        try:
            return visible_text(p, p.get_textpage())
        finally:
            p.close()

    def image_pages(self) -> list[tuple[int, float, int]]:
        """(page, share of the page covered by images, characters of text) of pages whose content is an image."""
        if self.sparse is not None:
            return [(page, round(share, 2), chars) for page, share, chars in self.sparse
                    if share > 0 and chars < _IMAGE_TEXT]
        out = []
        for i in range(len(self.doc)):
            p = self.doc[i]
            try:
                share = image_cover(p)
                chars = len(re.sub(r"\s", "", p.get_textpage().get_text_range()))
                if share > 0 and chars < _IMAGE_TEXT:
                    out.append((i + 1, round(share, 2), chars))
            finally:
                p.close()
        return out

    def close(self) -> None:
        if self._mine:
            self._doc.close()


def _open(source: str, raw=None) -> "_Pdf | None":
    """The source PDF for the second reading; None (count the reader's cells) when it is not a readable PDF."""
    if not source.lower().endswith(".pdf") or not Path(source).exists():
        return None
    try:
        pdf = _Pdf(source, raw)
        if not pdf.frames and pdf.sparse is None:
            pdf.doc  # noqa: B018 (nothing from the reader: open now, so an unreadable file counts the cells)
        return pdf
    except Exception:  # noqa: BLE001 (the reader opened it; the meter then counts the cells instead)
        return None


def _emitted(doc) -> Counter:
    """(title, page, printed value) of every number the document's tables gave, in the unit they print."""
    out: Counter = Counter()
    lines = doc.lines
    for title, page, amount, unit in zip(*(lines[c].tolist() for c in ("table_title", "page", "amount_yuan",
                                                                        "unit_printed"))):
        if pd.notna(amount):
            out[(title, int(page) if pd.notna(page) else None, _key(amount / factor(unit)))] += 1
    return out


def _extra(doc) -> Counter:
    """Numbers of projects and indicators, by page (their tables' titles are not kept with them)."""
    out: Counter = Counter()
    for df, col, scale in ((doc.projects, "amount_yuan", None), (doc.indicators, "target_value", 1.0)):
        for page, value in zip(df["page"], df[col]):
            if pd.notna(value):
                where = int(page) if pd.notna(page) else None
                out[(where, _key(value))] += 1
                if scale is None:
                    out[(where, _key(value / 10000))] += 1
    return out


def _take(pool: Counter, key, want: int) -> int:
    got = min(pool.get(key, 0), want)
    if got:
        pool[key] -= got
    return got


def measure(doc, raw) -> tuple[pd.DataFrame, list[dict]]:
    """The quality table and its findings (unit_unknown, number_unaccounted, page_image_only)."""
    from .verification import verification
    checked = verification(doc)
    reconciled = {(r.table_kind, r.table_title): bool(r.reconciled) for r in checked.itertuples()}
    kinds = {}
    for r in doc.lines[["table_title", "table_kind"]].drop_duplicates().itertuples():
        kinds.setdefault(r.table_title, r.table_kind)
    inventory = {(t.title, t.page): t.kind for t in doc.tables.itertuples() if pd.notna(t.page)}
    source = raw.source if raw is not None else ""
    pdf = _open(source, raw)
    pool, extra = _emitted(doc), _extra(doc)
    # tables split out of a reader grid (a second title inside one frame, normalise._split_in_frame_titles) carry
    # titles no reader grid has: their numbers are taken by page from the frame they were printed in
    own = {(g.title, p) for g in raw.grids for p in g.row_pages} if raw is not None else set()
    for (title, page, value), n in list(pool.items()):
        if (title, page) not in own:
            extra[(page, value)] += n
    unitless = set(doc.lines.loc[doc.lines["unit_printed"].fillna("") == "", "table_title"])
    stated = doc.lines.groupby("table_title")["unit_printed"].agg(lambda u: "".join(sorted(set(u.fillna("")))))
    rows, found = [], []
    try:
        for grid in raw.grids if raw is not None else []:
            # a title printed with more than the inventory's canonical one (部门整体支出绩效目标表（2026年度）)
            kind = kinds.get(grid.title) or inventory.get((grid.title, grid.page), "") or recognise(grid.title or "") or ""
            pages = sorted({p for p in grid.row_pages if p is not None})
            printed: Counter = Counter()
            how = "cells"
            if pdf is not None and grid.frames:
                how = "text layer"
                for page, bbox in grid.frames:
                    text = pdf.text_in(page, bbox)
                    if text is None:
                        text, how = pdf.page_text(page), "text layer (whole page)"
                    printed.update((page, v) for v in printed_amounts(text))
            else:
                for row, page in zip(grid.rows, grid.row_pages):
                    printed.update((page, v) for cell in row for v in printed_amounts(cell))
            accounted = 0
            lost: dict[int | None, list[float]] = {}
            for (page, value), n in printed.items():
                got = _take(pool, (grid.title, page, value), n)
                got += _take(extra, (page, value), n - got)
                accounted += got
                if got < n:
                    lost.setdefault(page, []).extend([value] * (n - got))
            total = sum(printed.values())
            rows.append(dict(doc_id=doc.doc_id, table_kind=kind, title=grid.title, number=grid.number or "",
                             page=grid.page, pages=_span(pages),
                             # a normaliser that states its table's unit itself (绩效目标表 in 万元) is named
                             **_unit_of(grid, stated.get(grid.title, "")), reconciled=reconciled.get((kind, grid.title)),
                             numbers_printed=total, numbers_accounted=accounted,
                             share=round(accounted / total, 4) if total else None, counted_from=how,
                             notes="; ".join(grid.notes)))
            where = f"表「{grid.title}」" if grid.title else _untitled(grid.position)
            if not grid.unit_printed and grid.title in unitless:  # amounts in lines rest on the unknown unit
                found.append(finding("unit_unknown", "warning",
                                     f"{where}未印金额单位（框线内外、表头、列名、目录均未找到），金额按印刷数字计入，"
                                     f"单位未经确认", table_kind=kind, page=grid.page))
            for page, values in sorted(lost.items(), key=lambda kv: (kv[0] is None, kv[0] or 0)):
                shown = "、".join(f"{v:,.2f}" for v in values[:_LISTED]) + ("…" if len(values) > _LISTED else "")
                found.append(finding("number_unaccounted", "warning" if kind else "info",
                                     f"{where}{'' if page is None else f'第{page}页'}印有 {len(values)} 个金额未进入数据："
                                     f"{shown}"
                                     + ("" if kind else "（该表未识别）"), table_kind=kind, page=page))
        if pdf is not None:
            for page, share, chars in pdf.image_pages():
                rows.append(dict(doc_id=doc.doc_id, table_kind="", title="", number="", page=page, pages=str(page),
                                 unit_printed="", unit_source="", reconciled=None, numbers_printed=None,
                                 numbers_accounted=None, share=None, counted_from="",
                                 notes=f"image-only page: images cover {share:.0%}, {chars} characters of text"))
                found.append(finding("page_image_only", "warning" if share >= _IMAGE_SHARE else "info",
                                     f"第{page}页为图片（图片占页面 {share:.0%}，文字仅 {chars} 字），其中内容未读入",
                                     page=page))
    finally:
        if pdf is not None:
            pdf.close()
    return frame("quality", rows), [dict(doc_id=doc.doc_id, **f) for f in found]


def _unit_of(grid, in_lines: str) -> dict:
    if grid.unit_printed or in_lines not in FACTORS:
        return dict(unit_printed=grid.unit_printed or "", unit_source=grid.unit_source)
    return dict(unit_printed=in_lines, unit_source="normaliser")


def _span(pages: list[int]) -> str:
    if not pages:
        return ""
    return str(pages[0]) if pages[0] == pages[-1] else f"{pages[0]}-{pages[-1]}"


def share(quality: pd.DataFrame) -> float | None:
    """The document's accounted share: accounted over printed amounts, all tables together."""
    q = quality.dropna(subset=["numbers_printed"])
    printed = q["numbers_printed"].sum()
    return round(float(q["numbers_accounted"].sum() / printed), 4) if printed else None


def reading_sentence(quality: pd.DataFrame | None) -> str:
    """The report's sentence on how completely the tables were read (empty when nothing was counted)."""
    if quality is None or not len(quality):
        return ""
    value = share(quality)
    unknown = int(((quality["unit_printed"].fillna("") == "") & quality["table_kind"].fillna("").ne("")).sum())
    images = int(quality["notes"].fillna("").str.startswith("image-only").sum())
    out = []
    if value is not None:
        out.append(f"表格印刷金额 {int(quality['numbers_printed'].sum()):,} 个，读入 "
                   f"{int(quality['numbers_accounted'].sum()):,} 个（{value:.1%}）")
    if unknown:
        out.append(f"{unknown} 张表未能确定金额单位")
    if images:
        out.append(f"{images} 页为图片未读入")
    return ("读取情况：" + "；".join(out) + "。") if out else ""


def narrative_scale(doc) -> list[dict]:
    """`unit_by_narrative`: a table none of whose figures the narrative states, though at least two of them, moved
    by a factor of 10,000, are amounts the narrative states — its unit was read wrong (or printed wrong)."""
    claims = doc.claims["amount_wan"].dropna() if len(doc.claims) else pd.Series([], dtype="float64")
    stated = {round(float(a), 2) for a in claims if abs(a) >= 1}
    out = []
    if not stated:
        return out
    for (kind, title), table in doc.lines.groupby(["table_kind", "table_title"], sort=False):
        wan = {round(float(v) / 10000, 6) for v in table["amount_yuan"].dropna() if abs(v) >= 100}
        now = {round(w, 2) for w in wan} & stated
        up = {round(w * 10000, 2) for w in wan} & stated
        down = {round(w / 10000, 2) for w in wan if abs(w) >= 10000} & stated
        moved, word = (up, "乘以一万") if len(up) >= len(down) else (down, "除以一万")
        if now or len(moved) < 2:
            continue
        unit = table["unit_printed"].iloc[0] or "未知单位"
        page = table["page"].dropna()
        shown = "、".join(f"{v:,.2f}" for v in sorted(moved)[:4])
        out.append(finding("unit_by_narrative", "warning",
                           f"表「{title}」按{unit}读入，其数字无一与文字相符，但{word}后与文字所述 {shown} 万元相符："
                           f"表格或文字的金额单位有误", table_kind=kind,
                           page=int(page.iloc[0]) if len(page) else None))
    return out


def add_quality(doc, raw) -> None:
    """The recipe step: `doc.quality` and its findings appended to `doc.findings`."""
    quality, found = measure(doc, raw)
    found += [dict(doc_id=doc.doc_id, **f) for f in narrative_scale(doc)]
    doc.quality = quality
    if found:
        doc.findings = frame("findings", pd.concat([doc.findings, frame("findings", found)], ignore_index=True))
    doc.meta["accounted_share"] = share(quality)


def _untitled(position: str) -> str:
    """A table without a title, named in Chinese by where it is printed ('line 221', 'sheet 表5', 'p5 bbox(…)')."""
    if m := re.fullmatch(r"line (\d+)", position or ""):
        return f"原文第{m.group(1)}行起的无题表格"
    if m := re.fullmatch(r"sheet (.+)", position or ""):
        return f"工作表“{m.group(1)}”中的无题表格"
    if m := re.match(r"p(\d+)", position or ""):
        return f"第{m.group(1)}页的无题表格"
    return "无题表格"
