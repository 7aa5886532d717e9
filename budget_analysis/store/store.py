"""Processed documents on disk: OUT/<doc_id>/meta.json plus one Parquet file per table.

A document is written whole into OUT/.tmp/ and renamed into place, meta.json last, so a folder with a meta.json
is always complete and a kill mid-write leaves only a temporary folder that nothing reads (and the next write
clears). `load_store` reads the compacted dataset (store/dataset.py) when it is current, else the folders.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import uuid
from pathlib import Path

import pandas as pd

from ..document.disclosure import Disclosure
from ..normalise.schema import COLUMNS, frame
from ..readers import READER_VERSION
from ..readers.settings import DEFAULT_BACKEND

log = logging.getLogger(__name__)
TMP = ".tmp"


def extract_files(paths, out: str | Path, backend: str = DEFAULT_BACKEND):
    """Read every file of `paths` (folders expanded) into `out`, one after the other; yields (path, Disclosure
    or the error), so one unreadable file never stops the others. `batch.run` is the parallel, resumable form."""
    from ..document.disclosure import load
    from ..readers import input_files
    for path in input_files(paths):
        try:
            doc = load(path, backend=backend)
        except Exception as exc:  # noqa: BLE001 (per-file isolation: the reason is yielded, the run goes on)
            yield path, exc
            continue
        write_disclosure(doc, out)
        yield path, doc


def extract_store(paths, out: str | Path | None = None, backend: str = DEFAULT_BACKEND, jobs: int = 1) -> "Store":
    """`budget-analysis extract` from Python: the files into `out` (a new temporary folder when None), as a Store;
    files that cannot be read are logged (logger budget_analysis.store) and left out."""
    from .batch import run
    out = Path(out) if out else Path(tempfile.mkdtemp(prefix="ba_store_"))
    for r in run(paths, out, backend=backend, jobs=jobs, progress=False).results:
        if r.status not in ("read", "skipped"):
            log.error("%s: %s", r.path, r.reason)
    return load_store(out)


def write_disclosure(doc: Disclosure, out: str | Path) -> Path:
    """Write one document atomically: everything into OUT/.tmp/<id>.<random>/, then renamed to OUT/<doc_id>."""
    out = Path(out)
    folder = out / doc.doc_id
    tmp = out / TMP / f"{doc.doc_id[:40]}.{uuid.uuid4().hex[:12]}"
    tmp.mkdir(parents=True)
    try:
        for name in COLUMNS:
            getattr(doc, name).to_parquet(tmp / f"{name}.parquet", index=False)
        meta = {**doc.meta, "reader_version": doc.meta.get("reader_version") or READER_VERSION}
        (tmp / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2, default=str),
                                       encoding="utf-8")
        if folder.exists():  # the old version goes aside first: a reader sees the old or the new, never a mix
            old = out / TMP / f"old.{uuid.uuid4().hex[:12]}"
            os.replace(folder, old)
            os.replace(tmp, folder)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return folder


def clear_temporary(out: str | Path) -> None:
    """Remove what killed runs left in OUT/.tmp (never read, safe to delete when no run is writing)."""
    shutil.rmtree(Path(out) / TMP, ignore_errors=True)


def read_meta(folder: str | Path) -> dict:
    return json.loads((Path(folder) / "meta.json").read_text(encoding="utf-8"))


def read_disclosure(folder: str | Path) -> Disclosure:
    """A processed document back in memory (without the reader's raw grids); a table added to the contract
    after the document was written comes back empty."""
    folder = Path(folder)
    meta = read_meta(folder)
    tables = {name: frame(name, pd.read_parquet(folder / f"{name}.parquet")
                          if (folder / f"{name}.parquet").exists() else None) for name in COLUMNS}
    return Disclosure(meta=meta, **tables)


def doc_folders(folder: str | Path) -> list[Path]:
    """Every complete document folder (temporary and dataset folders, whose names start with . or _, excluded)."""
    return sorted(p.parent for p in Path(folder).glob("*/meta.json") if p.parent.name[:1] not in "._")


def doc_stamps(folder: str | Path) -> dict[str, str]:
    """doc_id → 'mtime_ns:size' of its meta.json: a cheap fingerprint (a rewrite renames a new meta.json in)."""
    out = {}
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return out
    for e in entries:
        if e.name[:1] in "._" or not e.is_dir():
            continue
        try:
            st = os.stat(os.path.join(e.path, "meta.json"))
        except FileNotFoundError:
            continue
        out[e.name] = f"{st.st_mtime_ns}:{st.st_size}"
    return dict(sorted(out.items()))


class Store:
    """Every processed document; each table carries doc_id, unit and year. Tables are read on first use, only
    the `columns` asked for (with doc_id, unit, year) and only the rows `filters` keep."""

    def __init__(self, meta: pd.DataFrame, folder: str | Path, columns: list[str] | None = None, filters=None,
                 **tables: pd.DataFrame):
        self.meta = meta
        self.folder = Path(folder)
        self.columns = columns
        self.filters = filters
        unknown = set(tables) - set(COLUMNS)
        if unknown:
            raise TypeError(f"unknown tables {sorted(unknown)}")
        self.__dict__.update(tables)

    def __getattr__(self, name: str) -> pd.DataFrame:
        if name in COLUMNS:  # only reached when the table has not been read yet
            df = _read_table(self.folder, name, self.columns, self.filters, self.meta)
            self.__dict__[name] = df
            return df
        raise AttributeError(name)

    def doc(self, doc_id: str) -> Disclosure:
        return read_disclosure(self.folder / doc_id)

    def __repr__(self) -> str:
        return f"<Store {self.folder}: {len(self.meta)} documents>"

    def _repr_html_(self) -> str:
        from ..document.show import store_html
        return store_html(self)


def load_store(folder: str | Path = "data/processed", columns: list[str] | None = None, filters=None,
               categorical: bool = True) -> Store:
    """The store as DataFrames, read lazily. `columns` (of the tables; doc_id, unit and year always come) and
    `filters` (pyarrow's form, e.g. [("year", "=", 2024)]) are pushed down to the compacted dataset when it is
    current; otherwise the document folders are read and filtered."""
    from . import dataset
    folder = Path(folder)
    if dataset.is_current(folder):
        meta = dataset.read_table(folder, "meta", filters=_meta_filters(filters), categorical=False)
        return Store(meta=meta.astype({"year": "Int64"}), folder=folder, columns=columns,
                     filters=(filters, categorical, True))
    metas = [read_meta(p) for p in doc_folders(folder)]
    meta = pd.DataFrame(metas, columns=list(dataset.META) if not metas else None)
    if "year" in meta:
        meta["year"] = pd.to_numeric(meta["year"], errors="coerce").astype("Int64")
    if filters:
        meta = _filter(meta.assign(unit=meta.get("unit_name")), _meta_filters(filters) or []).drop(columns="unit")
    return Store(meta=meta.reset_index(drop=True), folder=folder, columns=columns,
                 filters=(filters, categorical, False))


def _meta_filters(filters):
    """The filters that speak of what meta has too (year, unit, doc_id), so meta lists the same documents."""
    if not filters:
        return None
    keep = [f for f in filters if f[0] in ("year", "doc_id", "unit")]
    return [(("unit_name" if c == "unit" else c), op, v) for c, op, v in keep] or None


def _read_table(folder: Path, name: str, columns, options, meta: pd.DataFrame) -> pd.DataFrame:
    from . import dataset
    filters, categorical, compacted = options if isinstance(options, tuple) else (options, True, False)
    want = None if columns is None else list(dict.fromkeys(["doc_id", *[c for c in columns if c in
                                                                        COLUMNS[name]], "unit", "year"]))
    if compacted:
        return dataset.read_table(folder, name, columns=want, filters=filters, categorical=categorical)
    ids = set(meta["doc_id"]) if len(meta) else set()
    frames = [frame(name, pd.read_parquet(p / f"{name}.parquet") if (p / f"{name}.parquet").exists() else None)
              for p in doc_folders(folder) if p.name in ids]
    df = pd.concat(frames, ignore_index=True) if frames else frame(name)
    if len(meta):
        df = df.merge(meta[["doc_id", "unit_name", "year"]].rename(columns={"unit_name": "unit"}),
                      on="doc_id", how="left")
    else:
        df = df.assign(unit=pd.Series(dtype="string"), year=pd.Series(dtype="Int64"))
    df["unit"] = df["unit"].astype("string").fillna("")
    if filters:
        df = _filter(df, filters)
    return (df if want is None else df[want]).reset_index(drop=True)


def _filter(df: pd.DataFrame, filters) -> pd.DataFrame:
    """pyarrow-style conjunctive filters on a DataFrame (the folder path, where nothing is pushed down)."""
    keep = pd.Series(True, index=df.index)
    ops = {"=": "eq", "==": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}
    for col, op, value in filters:
        s = df[col]
        if op in ("in", "not in"):
            hit = s.isin(list(value))
            keep &= hit if op == "in" else ~hit
        else:
            keep &= getattr(s, ops[op])(value).fillna(False).astype(bool)
    return df[keep]


def open_document(target: str, store: str, ocr: str = "auto"):
    """A doc_id of the store `store`, else a file read now: what `check`, `annotate` and `export` take."""
    from ..document.disclosure import load
    from ..readers.settings import Settings
    folder = Path(store) / target
    if (folder / "meta.json").exists():
        return read_disclosure(folder)
    return load(target, settings=Settings(ocr=ocr))
