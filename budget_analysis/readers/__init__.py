"""Readers by file type: each turns a file into a RawDocument of grids and text."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import ReadError
from .grid import RawDocument
from .settings import DEFAULT_BACKEND
from .text import read_text

# Bump when any reader, normaliser or check changes what a document gives: a batch re-extracts every document
# whose stored reader_version differs (and keeps those whose source bytes and version are unchanged).
READER_VERSION = "2026.12.2"

# Input size limits (bytes), so one odd file cannot take the machine's memory: the file itself, and for an .xlsx
# what its parts unpack to (a 1 MB zip can hold a 1 GB sharedStrings.xml).
LIMITS = {"file": 512 << 20, "txt": 64 << 20, "xlsx_unpacked": 256 << 20, "xlsx_part": 128 << 20,
          "xlsx_strings": 16 << 20}


def _pdf(path: Path, backend: str, ocr: str = "auto", data: bytes | None = None) -> RawDocument:
    from .pdf import read_pdf
    try:
        raw = read_pdf(path, backend=backend, data=data, ocr=ocr)
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 (said plainly when it is the known cause, else passed on)
        if pages := _cid_pages(path):
            raise ReadError(path, _CID_REASON.format(pages=pages)) from exc
        raise
    cid = sum("(cid:" in c for g in raw.grids for r in g.rows for c in r)
    if cid:
        raw.problems.append(f"{cid} table cells hold (cid:N) glyphs (a font without ToUnicode): not readable")
    return raw


_CID_REASON = ("text not readable: a font has no ToUnicode map, so its characters come out as (cid:N) "
               "(pages {pages}); export the PDF again with embedded Unicode fonts")


def _cid_pages(path: Path, most: int = 50) -> str:
    """The pages (of the first `most`) whose characters pdfminer gives as (cid:N)."""
    import pdfplumber
    found = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            for i, page in enumerate(pdf.pages[:most], start=1):
                if any(c["text"].startswith("(cid:") for c in page.chars):
                    found.append(str(i))
                page.close()
    except Exception:  # noqa: BLE001 (only a probe for a better message)
        return ""
    return ", ".join(found[:10]) + (" …" if len(found) > 10 else "")


def _excel(path: Path, backend: str) -> RawDocument:
    from .excel import read_excel
    return read_excel(path)


READERS: dict[str, Callable[[Path, str], RawDocument]] = {
    ".pdf": _pdf,
    ".xlsx": _excel,
    ".xls": _excel,
    ".txt": lambda path, backend: read_text(path),
}


def input_files(paths) -> list[Path]:
    """Files to read: each path as given, a folder as every file in it a reader takes (hidden ones skipped)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in READERS and not f.name.startswith("."))
        else:
            out.append(p)
    return out


def read_raw(path: str | Path, backend: str = DEFAULT_BACKEND, ocr: str = "auto", data: bytes | None = None) -> RawDocument:
    """One file as a RawDocument; `ocr` (auto|never|always) says which PDF image pages are OCR'd; `data`, the
    PDF's bytes when the caller has read them (so it is opened once)."""
    path = Path(path)
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise ReadError(path, f"unsupported file type '{path.suffix}' (expected one of {', '.join(READERS)})")
    size = path.stat().st_size
    if size == 0:
        raise ReadError(path, "empty file")
    limit = LIMITS["txt"] if path.suffix.lower() == ".txt" else LIMITS["file"]
    if size > limit:
        raise ReadError(path, f"file too large to read ({size / 2**20:.0f} MiB; limit {limit >> 20} MiB)")
    return _pdf(path, backend, ocr, data) if reader is _pdf else reader(path, backend)


def read_parts(paths, backend: str = DEFAULT_BACKEND, data: list | None = None) -> RawDocument:
    """One document printed over several files (Jiangsu `*_text` + `*_tables`, Beijing 情况说明 + 报表): the files
    in the order given, read one after another. Pages are numbered on through the files (the second file's page 1
    follows the first file's last page), so every page number stays unique; `RawDocument.parts` says which file
    holds which pages (`data`: each file's bytes when the caller has read them, else None)."""
    paths = [Path(p) for p in paths]
    raws = [read_raw(p, backend=backend, data=d) for p, d in zip(paths, data or [None] * len(paths))]
    if not raws:
        raise ReadError(Path("."), "no files given")
    grids, text, problems, parts, opened, offset = [], [], [], [], {}, 0
    for path, raw in zip(paths, raws):
        if 1 in raw.open_pdfs:
            opened[offset + 1] = raw.open_pdfs.pop(1)
        for g in raw.grids:
            g.page = g.page + offset if g.page else g.page
            g.row_pages = [p + offset if p else p for p in g.row_pages]
        grids += raw.grids
        text += [(p + offset if p else p, t) for p, t in raw.text]
        problems += [f"{path.name}: {m}" for m in raw.problems]
        pages = raw.pages or max((p for p, _ in raw.text if p), default=0)
        parts.append(dict(source=str(path), first_page=offset + 1, pages=pages))
        offset += pages
    merged = RawDocument(source=" + ".join(str(p) for p in paths), grids=grids, text=text, pages=offset or None,
                         reader="+".join(dict.fromkeys(r.reader for r in raws)), problems=problems,
                         open_pdfs=opened)
    merged.parts = parts
    return merged


def parts_sha256(paths, data: list | None = None) -> str:
    """The hash of a document split over files: of its files' hashes, in order (`data`: the bytes already read,
    None where the file is to be read for it)."""
    import hashlib
    from ..document.meta import sha256
    data = data or [None] * len(paths)
    return hashlib.sha256("".join(sha256(p if d is None else d) for p, d in zip(paths, data)).encode()).hexdigest()


def pair_files(paths) -> list[list[Path]]:
    """The folder rule for split documents: `X_text.pdf` and `X_tables.pdf` beside each other are one document
    (narrative first); every other file stands alone. Used by `budget-analysis extract --pair`."""
    files = input_files(paths)
    out, used = [], set()
    for f in files:
        if f in used:
            continue
        stem = f.stem
        if stem.endswith("_text") and (mate := f.with_name(stem[:-5] + "_tables" + f.suffix)) in files:
            out.append([f, mate])
            used |= {f, mate}
        elif stem.endswith("_tables") and (mate := f.with_name(stem[:-7] + "_text" + f.suffix)) in files:
            continue  # taken with its narrative
        else:
            out.append([f])
            used.add(f)
    return out
