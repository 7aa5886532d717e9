"""The OCR engine behind image pages: RapidOCR (PP-OCRv4 Chinese models inside the wheel, run by onnxruntime).

Imported lazily and held once per process, so a document without image pages never pays for it, and a batch
worker loads the models once for all its documents. Nothing is downloaded: the models ship in the
`rapidocr-onnxruntime` wheel (`pip install 'budget-analysis[ocr]'`).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

INSTALL_HINT = "pip install 'budget-analysis[ocr]'"


class OcrUnavailable(RuntimeError):
    """The OCR extra is not installed."""

    def __init__(self, cause: str = ""):
        super().__init__(f"OCR not installed ({INSTALL_HINT}){': ' + cause if cause else ''}")


@dataclass(frozen=True)
class TextBox:
    """One recognised line of text in image pixels: its text, box and the recogniser's confidence (0–1)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    chars: tuple = ()  # (character, x0, x1, confidence) from the recogniser's alignment, when it gave them


def available() -> bool:
    """True when the engine can be imported (the extra is installed)."""
    try:
        _engine()
    except OcrUnavailable:
        return False
    return True


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:
        raise OcrUnavailable(str(exc)) from exc
    # one thread per process by default: batch workers are the parallelism, and the machine is shared
    threads = int(os.environ.get("BUDGET_OCR_THREADS", "1"))
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, print_verbose=False,
                    max_side_len=4000)


def recognise(image: np.ndarray) -> list[TextBox]:
    """Text boxes of a page image (H×W grey or H×W×3 uint8), top to bottom. No rotation classifier: disclosure
    pages are upright, and the classifier costs time on every box."""
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    result, _ = _engine()(np.ascontiguousarray(image), use_cls=False, return_word_box=True)
    boxes = []
    for points, text, score, *words in result or []:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        chars = ()
        if len(words) == 3 and len(words[0]) == len(words[1]) == len(words[2]):
            chars = tuple((str(c), min(p[0] for p in q), max(p[0] for p in q), float(cf))
                          for q, c, cf in zip(*words))
        boxes.append(TextBox(str(text), min(xs), min(ys), max(xs), max(ys), float(score), chars))
    return sorted(boxes, key=lambda b: (b.top, b.x0))


def recognise_crops(crops: list[np.ndarray]) -> list[tuple[str, float]]:
    """The recogniser alone on image crops (grey or RGB uint8): (text, confidence) for each, in order."""
    if not crops:
        return []
    crops = [np.ascontiguousarray(np.stack([c] * 3, axis=-1) if c.ndim == 2 else c) for c in crops]
    result = _engine().text_rec(crops)
    result = result[0] if isinstance(result, tuple) else result
    return [(str(text), float(conf)) for text, conf in result]


def misreading(read: str, alt: str) -> str:
    """How `alt` differs from `read` (digit strings of one number), if by one OCR-like slip: '' if not."""
    if len(read) == len(alt):
        diff = [i for i, (a, b) in enumerate(zip(read, alt)) if a != b]
        if len(diff) == 1:
            return f"第{diff[0] + 1}位数字 {read[diff[0]]}→{alt[diff[0]]}"
        if len(diff) == 2 and diff[1] == diff[0] + 1 and read[diff[0]] == alt[diff[1]] and read[diff[1]] == alt[diff[0]]:
            return f"相邻数字 {read[diff[0]]}{read[diff[1]]} 颠倒"
        return ""
    if len(alt) == len(read) + 1 and any(alt[:i] + alt[i + 1:] == read for i in range(len(alt))):
        return "漏识一位数字"
    if len(read) == len(alt) + 1 and any(read[:i] + read[i + 1:] == alt for i in range(len(read))):
        return "多识一位数字"
    return ""
