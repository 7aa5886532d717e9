"""Readers by file type: each turns a file into a RawDocument of grids and text."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from ..errors import ReadError
from .grid import RawDocument
from .text import read_text

# Bump when any reader, normaliser or check changes what a document gives: a batch re-extracts every document
# whose stored reader_version differs (and keeps those whose source bytes and version are unchanged).
READER_VERSION = "2026.12.1"

# Input size limits (bytes), so one odd file cannot take the machine's memory: the file itself, and for an .xlsx
# what its parts unpack to (a 1 MB zip can hold a 1 GB sharedStrings.xml).
LIMITS = {"file": 512 << 20, "xlsx_unpacked": 256 << 20, "xlsx_part": 128 << 20, "txt": 64 << 20}


def _pdf(path: Path, backend: str) -> RawDocument:
    from .pdf import read_pdf
    return read_pdf(path, backend=backend)


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


def read_raw(path: str | Path, backend: str = "pdfplumber") -> RawDocument:
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
    return reader(path, backend)
