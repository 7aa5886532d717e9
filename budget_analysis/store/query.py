"""SQL over processed documents with DuckDB, for analysts who would rather write a GROUP BY than pandas.

Every contract table is a view of the same name (lines, projects, indicators, claims, findings, tables), with
the document's `unit` and `year` joined on, and `meta` holds one row per document. A store whose compacted
dataset is current is queried there (hive-partitioned by year, so `WHERE year = 2024` reads one partition);
otherwise the per-document files are read in place.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..normalise.schema import COLUMNS
from . import dataset
from .store import Store, load_store


def query(store_or_folder: Store | str | Path, sql: str) -> pd.DataFrame:
    """Run `sql` against a Store (its DataFrames) or a processed folder (its Parquet files, read in place)."""
    import duckdb  # only SQL users pay for it
    con = duckdb.connect()
    try:
        if isinstance(store_or_folder, Store):
            _register_frames(con, store_or_folder)
        elif dataset.is_current(store_or_folder):
            _register_dataset(con, Path(store_or_folder))
        else:
            _register_folder(con, Path(store_or_folder))
        return con.execute(sql).df()
    finally:
        con.close()


def _register_frames(con, store: Store) -> None:
    con.register("meta", store.meta)
    for name in COLUMNS:
        con.register(name, getattr(store, name))


def _register_dataset(con, folder: Path) -> None:
    for name in dataset.dataset_tables():
        path = (dataset.root(folder).resolve() / name).as_posix().replace("'", "''")
        if not any(dataset.root(folder).joinpath(name).glob("*/*.parquet")):
            con.register(name, dataset.read_table(folder, name, categorical=False))
            continue
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}/*/*.parquet', "
                    "hive_partitioning=true, hive_types={'year': INTEGER}, union_by_name=true)")


def _register_folder(con, folder: Path) -> None:
    if not any(folder.glob("*/meta.json")):
        _register_frames(con, load_store(folder))  # an empty store still gives every view its columns
        return
    con.execute(f"CREATE VIEW meta AS SELECT * FROM read_json_auto('{_glob(folder, 'meta.json')}', "
                "union_by_name=true)")
    for name in COLUMNS:
        con.execute(f"CREATE VIEW {name} AS SELECT t.*, m.unit_name AS unit, m.year "
                    f"FROM read_parquet('{_glob(folder, name + '.parquet')}', union_by_name=true) t "
                    "LEFT JOIN meta m USING (doc_id)")


def _glob(folder: Path, file: str) -> str:
    return (folder.resolve() / "*" / file).as_posix().replace("'", "''")
