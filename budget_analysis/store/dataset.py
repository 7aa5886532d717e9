"""The store as a dataset: every table compacted into Parquet partitioned by year, hive style.

    OUT/_dataset/<table>/year=2024/part-0.parquet      (year=__HIVE_DEFAULT_PARTITION__ where no year was read)

Per-document folders stay the unit of writing (atomic, resumable); the dataset is what readers scan: DuckDB
(`read_parquet('OUT/_dataset/lines/*/*.parquet', hive_partitioning=1)`), Polars (`scan_parquet(...,
hive_partitioning=True)`) and Spark read it directly. Each table carries `unit` and `year`; `meta` is a table
too. Compaction rewrites only the years whose documents changed, each file written aside and renamed into place,
and `manifest.json` (written last) says which document versions it holds, so a stale dataset is never mistaken
for a current one.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from ..normalise.schema import COLUMNS

log = logging.getLogger(__name__)

DATASET = "_dataset"
NULL_YEAR = "__HIVE_DEFAULT_PARTITION__"   # what pyarrow, DuckDB, Polars and Spark read as a null partition
_ARROW = {"string": pa.string(), "float64": pa.float64(), "boolean": pa.bool_(), "Int8": pa.int8(),
          "Int16": pa.int16(), "Int32": pa.int32(), "Int64": pa.int64()}
_PANDAS = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype(), pa.bool_(): pd.BooleanDtype(),
           pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
           pa.int64(): pd.Int64Dtype()}
META = {"doc_id": "string", "unit_name": "string", "unit_code": "string", "parent_dept": "string", "year": "Int32",
        "kind": "string", "template": "string", "source_path": "string", "sha256": "string", "pages": "Int32",
        "reader": "string", "reader_version": "string", "problems": "string",
        "unit_kind": "string"}  # issue 17: `kind` is budget|final_accounts, `unit_kind` unit|department
# Columns with few distinct values: read as pandas categories (a tenth of the memory of strings on 1,000 docs)
CATEGORICAL = {"doc_id", "unit", "unit_code", "table_kind", "table_title", "classification", "measure",
               "unit_printed", "check_id", "severity", "kind", "unit_kind", "section", "direction", "level1", "level2",
               "operator", "target_unit", "group"}


def schema(name: str) -> pa.Schema:
    """The Arrow schema of one table in the dataset: the contract's columns (COLUMNS), then unit (year is the
    partition)."""
    cols = META if name == "meta" else {**COLUMNS[name], "unit": "string"}
    return pa.schema([(c, _ARROW[t]) for c, t in cols.items() if c != "year"])


def dataset_tables() -> list[str]:
    return ["meta", *COLUMNS]


def root(folder: str | Path) -> Path:
    return Path(folder) / DATASET


def _manifest_path(folder: Path) -> Path:
    return root(folder) / "manifest.json"


def read_manifest(folder: str | Path) -> dict:
    try:
        return json.loads(_manifest_path(Path(folder)).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def is_current(folder: str | Path, docs: dict[str, dict] | None = None) -> bool:
    """Whether the dataset holds exactly the documents now in the store (by each meta.json's mtime and size),
    for every table the code now knows."""
    from .store import doc_stamps
    m = read_manifest(folder)
    return bool(m) and m.get("tables") == dataset_tables() and m.get("docs") == doc_stamps(folder)


def compact(folder: str | Path) -> dict:
    """Bring OUT/_dataset up to date with the document folders; returns {'years': rewritten, 'docs': n}."""
    from .store import doc_stamps, read_meta
    folder = Path(folder)
    stamps = doc_stamps(folder)
    old = read_manifest(folder)
    metas = {d: read_meta(folder / d) for d in stamps}
    years = {d: _year_dir(m.get("year")) for d, m in metas.items()}
    if old.get("tables") != dataset_tables():
        old = {}
    old_docs, old_years = old.get("docs", {}), old.get("years", {})
    changed = {years[d] for d in stamps if old_docs.get(d) != stamps[d] or old_years.get(d) != years[d]}
    changed |= {old_years[d] for d in old_docs if d not in stamps and d in old_years}
    if not old:
        changed |= set(years.values())
    for year in sorted(changed):
        ids = sorted(d for d in stamps if years[d] == year)
        _write_year(folder, year, ids, metas)
    manifest = {"tables": dataset_tables(), "docs": stamps, "years": years}
    tmp = _manifest_path(folder).with_suffix(".json.tmp")
    root(folder).mkdir(parents=True, exist_ok=True)
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, _manifest_path(folder))
    log.info("compacted %d documents: %d year partitions rewritten", len(stamps), len(changed))
    return {"years": sorted(changed), "docs": len(stamps)}


def _year_dir(year) -> str:
    return NULL_YEAR if year in (None, "") or pd.isna(year) else str(int(year))


def _write_year(folder: Path, year: str, ids: list[str], metas: dict[str, dict]) -> None:
    for name in dataset_tables():
        part = root(folder) / name / f"year={year}"
        if not ids:
            shutil.rmtree(part, ignore_errors=True)
            continue
        if name == "meta":
            table = _meta_table([metas[d] for d in ids])
        else:
            table = _concat(folder, name, ids, metas)
        part.mkdir(parents=True, exist_ok=True)
        tmp = part / f".part-0.{os.getpid()}.tmp"
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, part / "part-0.parquet")


def _meta_table(metas: list[dict]) -> pa.Table:
    rows = []
    for m in metas:
        row = {c: m.get(c) for c in META if c != "year"}
        row["problems"] = json.dumps(m.get("problems") or [], ensure_ascii=False)
        row["pages"] = None if m.get("pages") in (None, "") else int(m["pages"])
        rows.append({c: (None if v is None else v if c == "pages" else str(v)) for c, v in row.items()})
    return pa.Table.from_pylist(rows, schema=schema("meta"))


def _concat(folder: Path, name: str, ids: list[str], metas: dict[str, dict]) -> pa.Table:
    """The documents' files of one table as one Arrow table in the dataset's schema (one scan over all files:
    a column a document lacks comes back null), with each document's unit."""
    target = schema(name)
    files = [str(folder / d / f"{name}.parquet") for d in ids if (folder / d / f"{name}.parquet").exists()]
    if not files:
        return target.empty_table()
    in_files = pa.schema([f for f in target if f.name != "unit"])
    table = pads.dataset(files, schema=in_files, format="parquet").to_table()
    units = pa.array([metas[d].get("unit_name") or "" for d in ids], pa.string())
    where = pc.index_in(table.column("doc_id"), value_set=pa.array(ids, pa.string()))
    return table.append_column("unit", units.take(where)).select(target.names).cast(target)


def _partitioning():
    return pads.partitioning(pa.schema([("year", pa.int32())]), flavor="hive")


def read_table(folder: str | Path, name: str, columns: list[str] | None = None, filters=None,
               categorical: bool = True) -> pd.DataFrame:
    """One table of the dataset as pandas, reading only `columns` and the partitions and row groups `filters`
    (pyarrow's form: [("year", "=", 2024), ("unit", "in", [...])]) can match; contract dtypes, and the
    CATEGORICAL columns read straight from Parquet's dictionaries as pandas categories."""
    path = root(folder) / name
    target = schema(name).append(pa.field("year", pa.int32()))
    dictionary = [f.name for f in target if categorical and f.name in CATEGORICAL]
    if not path.exists():
        table = target.empty_table()
    else:
        fmt = pads.ParquetFileFormat(read_options={"dictionary_columns": dictionary})
        dataset = pads.dataset(path, format=fmt, partitioning=_partitioning(), schema=target)
        expr = pq.filters_to_expression(filters) if filters else None
        table = dataset.to_table(columns=columns, filter=expr)
    if columns:
        table = table.select(columns)
    df = table.to_pandas(types_mapper=_PANDAS.get)
    for c in df.columns:
        dtype = df[c].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            if dtype.categories.dtype != pd.StringDtype():
                df[c] = df[c].cat.set_categories(dtype.categories.astype(pd.StringDtype()))
        elif pd.api.types.is_string_dtype(dtype):
            if name != "meta" and table.column(c).null_count:
                df[c] = df[c].fillna("")
            if categorical and c in CATEGORICAL:
                df[c] = df[c].astype("category")
    if "year" in df:
        df["year"] = df["year"].astype("Int64")
    return df
