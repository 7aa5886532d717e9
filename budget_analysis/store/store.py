"""Processed documents on disk: OUT/<doc_id>/meta.json plus one Parquet file per table."""
from __future__ import annotations

import json
import logging
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..document.disclosure import Disclosure
from ..errors import BudgetAnalysisError

log = logging.getLogger(__name__)
from ..readers import input_files
from ..normalise.schema import TABLES, frame


def extract_files(paths, out: str | Path, backend: str = "pdfplumber"):
    """Read every file of `paths` (folders expanded) into `out`; yields (path, Disclosure or the ReadError),
    so one unreadable file never stops the others."""
    from ..document.disclosure import load
    for path in input_files(paths):
        try:
            doc = load(path, backend=backend)
        except BudgetAnalysisError as exc:
            yield path, exc
            continue
        write_disclosure(doc, out)
        yield path, doc


def extract_store(paths, out: str | Path | None = None, backend: str = "pdfplumber") -> "Store":
    """`budget-analysis extract` from Python: the files into `out` (a new temporary folder when None), as a Store;
    files that cannot be read are logged (logger budget_analysis.store) and left out."""
    out = Path(out) if out else Path(tempfile.mkdtemp(prefix="ba_store_"))
    for path, result in extract_files(paths, out, backend):
        if isinstance(result, BudgetAnalysisError):
            log.error("%s", result)
    return load_store(out)


def write_disclosure(doc: Disclosure, out: str | Path) -> Path:
    folder = Path(out) / doc.doc_id
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "meta.json").write_text(json.dumps(doc.meta, ensure_ascii=False, indent=2), encoding="utf-8")
    for name in TABLES:
        getattr(doc, name).to_parquet(folder / f"{name}.parquet", index=False)
    return folder


def read_disclosure(folder: str | Path) -> Disclosure:
    """A processed document back in memory (without the reader's raw grids)."""
    folder = Path(folder)
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    tables = {name: frame(name, pd.read_parquet(folder / f"{name}.parquet")) for name in TABLES}
    return Disclosure(meta=meta, **tables)


@dataclass
class Store:
    """Every processed document, concatenated; each table carries doc_id, unit and year."""

    meta: pd.DataFrame
    lines: pd.DataFrame
    projects: pd.DataFrame
    indicators: pd.DataFrame
    claims: pd.DataFrame
    findings: pd.DataFrame
    tables: pd.DataFrame
    folder: Path

    def doc(self, doc_id: str) -> Disclosure:
        return read_disclosure(self.folder / doc_id)

    def __repr__(self) -> str:
        return f"<Store {self.folder}: {len(self.meta)} documents, {len(self.lines)} lines>"


def doc_folders(folder: str | Path) -> list[Path]:
    return sorted(p.parent for p in Path(folder).glob("*/meta.json"))


def load_store(folder: str | Path = "data/processed") -> Store:
    folder = Path(folder)
    metas = [json.loads((p / "meta.json").read_text(encoding="utf-8")) for p in doc_folders(folder)]
    meta = pd.DataFrame(metas, columns=["doc_id", "unit_name", "unit_code", "parent_dept", "year", "kind",
                                        "template", "source_path", "sha256", "pages"] if not metas else None)
    parts = {}
    for name in TABLES:
        frames = [frame(name, pd.read_parquet(p / f"{name}.parquet")) for p in doc_folders(folder)]
        df = pd.concat(frames, ignore_index=True) if frames else frame(name)
        if len(meta):
            df = df.merge(meta[["doc_id", "unit_name", "year"]].rename(columns={"unit_name": "unit"}),
                          on="doc_id", how="left")
        else:
            df = df.assign(unit=pd.Series(dtype="string"), year=pd.Series(dtype="Int64"))
        parts[name] = df
    return Store(meta=meta, folder=folder, **parts)
