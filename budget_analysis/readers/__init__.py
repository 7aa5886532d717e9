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


def _pdf(path: Path, backend: str, data: bytes | None = None) -> RawDocument:
    from .pdf import read_pdf
    try:
        raw = read_pdf(path, backend=backend, data=data)
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


def read_raw(path: str | Path, backend: str = DEFAULT_BACKEND, data: bytes | None = None) -> RawDocument:
    """The file as a RawDocument; `data`, the PDF's bytes when the caller has read them (so it is opened once)."""
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
    if data is not None and reader is _pdf:
        return _pdf(path, backend, data)
    return reader(path, backend)
