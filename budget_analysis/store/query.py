"""SQL over processed documents with DuckDB, for analysts who would rather write a GROUP BY than pandas.

Every contract table is a view of the same name (lines, projects, indicators, claims, findings, tables), with
the document's `unit` and `year` joined on, and `meta` holds one row per document.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from ..normalise.schema import TABLES
from .store import Store, load_store


def query(store_or_folder: Store | str | Path, sql: str) -> pd.DataFrame:
    """Run `sql` against a Store (its DataFrames) or a processed folder (its Parquet files, read in place)."""
    import duckdb  # only SQL users pay for it
    con = duckdb.connect()
    try:
        if isinstance(store_or_folder, Store):
            _register_frames(con, store_or_folder)
        else:
            _register_folder(con, Path(store_or_folder))
        return con.execute(sql).df()
    finally:
        con.close()


def _register_frames(con, store: Store) -> None:
    con.register("meta", store.meta)
    for name in TABLES:
        con.register(name, getattr(store, name))


def _register_folder(con, folder: Path) -> None:
    if not any(folder.glob("*/meta.json")):
        _register_frames(con, load_store(folder))  # an empty store still gives every view its columns
        return
    con.execute(f"CREATE VIEW meta AS SELECT * FROM read_json_auto('{_glob(folder, 'meta.json')}', "
                "union_by_name=true)")
    for name in TABLES:
        con.execute(f"CREATE VIEW {name} AS SELECT t.*, m.unit_name AS unit, m.year "
                    f"FROM read_parquet('{_glob(folder, name + '.parquet')}', union_by_name=true) t "
                    "LEFT JOIN meta m USING (doc_id)")


def _glob(folder: Path, file: str) -> str:
    return (folder.resolve() / "*" / file).as_posix().replace("'", "''")
