"""Ground truth for the OCR route: a text PDF's pages rendered to an image-only PDF, and the amounts OCR reads
from it scored against what the text route reads from the original.

Used by tests/test_ocr.py (a page or two) and benchmarks/bench_ocr.py (the larger sweep).
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

KEY = ["table_kind", "code", "measure"]


def image_pdf(src, pages: list[int], out, dpi: int = 200, noise: float = 0.0, seed: int = 0,
              rotate: float = 0.0) -> Path:
    """Pages (1-based) of `src` as an image-only PDF at `dpi`; `noise`: std of Gaussian grey noise (0–255)
    plus as many random dark specks per megapixel, like a scanner's; `rotate`: degrees the sheet lies askew."""
    import pypdfium2 as pdfium
    from PIL import Image
    rng = np.random.default_rng(seed)
    doc = pdfium.PdfDocument(str(src))
    images = []
    try:
        for p in pages:
            grey = doc[p - 1].render(scale=dpi / 72, grayscale=True).to_numpy()
            grey = (grey[..., 0] if grey.ndim == 3 else grey).astype(np.float32)
            if noise:
                grey += rng.normal(0, noise, grey.shape)
                specks = rng.integers(0, grey.size, int(noise * grey.size / 1e6))
                grey.flat[specks] = 0
            image = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8), mode="L")
            if rotate:
                image = image.rotate(rotate, resample=Image.BICUBIC, fillcolor=255)
            images.append(image)
    finally:
        doc.close()
    out = Path(out)
    images[0].save(out, save_all=True, append_images=images[1:], resolution=dpi)
    return out


def title_pages(lines: pd.DataFrame, quality: pd.DataFrame) -> pd.Series:
    """The page each line's table title is printed on (`doc.quality.page`), NaN where the table has none."""
    titled = quality.groupby(["table_kind", "title"])["page"].min()
    return pd.Series([titled.get((k, t)) for k, t in zip(lines["table_kind"], lines["table_title"])],
                     index=lines.index, dtype="float")


def amount_accuracy(truth: pd.DataFrame, ocr: pd.DataFrame, pages: list[int],
                    starts: pd.DataFrame | None = None) -> dict:
    """Share of the text route's amounts on `pages` that OCR read equal, matched by table kind, code and measure
    in print order (the n-th 合计 of a kind with the n-th); OCR page k is source page pages[k-1]. Tables that
    start before the first of `pages` are left out: without their title page they cannot be recognised.
    `starts` (the text route's `doc.quality`) gives the page each table's title is printed on, which may be the
    page before its first amount (江苏 2018 p10: 财政拨款收支预算总表's title and header, its rows on p11)."""
    first = truth.groupby(["table_kind", "table_title"])["page"].transform("min")
    if starts is not None:
        first = title_pages(truth, starts).fillna(first)
    t = truth[truth["page"].isin(pages) & first.isin(pages)].copy()
    o = ocr.copy()
    o["page"] = o["page"].map(lambda k: pages[int(k) - 1] if pd.notna(k) else k)
    for df in (t, o):
        df["n"] = df.groupby(KEY).cumcount()
    m = t.merge(o, on=KEY + ["n"], how="left", suffixes=("", "_ocr"))
    equal = (m["amount_yuan"] - m["amount_yuan_ocr"]).abs() < 0.005
    return dict(amounts=len(t), equal=int(equal.sum()), share=float(equal.mean()) if len(t) else float("nan"),
                missing=int(m["amount_yuan_ocr"].isna().sum()),
                wrong=m.loc[~equal & m["amount_yuan_ocr"].notna(), KEY + ["page", "amount_yuan", "amount_yuan_ocr"]])
