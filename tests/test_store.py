"""The store as a dataset: hive-partitioned Parquet by year that DuckDB reads directly, compacted incrementally;
load_store lazy with columns= and filters=; query and compare the same on the dataset as on the folders."""
import shutil

import duckdb
import pandas as pd
import pytest

import budget_analysis as ba
from budget_analysis.store import batch, dataset
from budget_analysis.store.store import doc_folders
from minidocs import mini_text

YEAR_2023 = {"2024年单位预算公开说明": "2023年单位预算公开说明"}


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    """Three small documents of the sample's unit: two of 2024 (one with 20805 at 358,062), one of 2023."""
    base = tmp_path_factory.mktemp("two_years")
    mini_text(base / "raw" / "y2024.txt")
    mini_text(base / "raw" / "y2024b.txt", {"\t20805\t行政事业单位养老支出\t358061\t": "\t20805\t行政事业单位养老支出\t358062\t"})
    mini_text(base / "raw" / "y2023.txt", YEAR_2023)
    assert batch.run([base / "raw"], base / "out", jobs=1, progress=False).exit_code == 0
    return base


def plain(df: pd.DataFrame) -> pd.DataFrame:
    df = df.astype({c: "string" for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)})
    return df.sort_values(["doc_id", *[c for c in ("table_kind", "code", "measure", "row", "check_id", "message")
                                       if c in df]]).reset_index(drop=True)


def test_dataset_is_hive_partitioned_and_read_by_duckdb_directly(two_years):
    root = two_years / "out" / "_dataset"
    assert sorted(p.name for p in (root / "lines").iterdir()) == ["year=2023", "year=2024"]
    con = duckdb.connect()
    got = con.execute(f"""SELECT year, doc_id, unit, amount_yuan FROM read_parquet('{root}/lines/*/*.parquet',
                          hive_partitioning=true) WHERE code = '20805' AND measure = 'total' ORDER BY doc_id""").df()
    assert got.to_dict("records") == [
        {"year": 2023, "doc_id": "y2023", "unit": "子洲县机关事业单位和居民养老保险经办中心", "amount_yuan": 358061.0},
        {"year": 2024, "doc_id": "y2024", "unit": "子洲县机关事业单位和居民养老保险经办中心", "amount_yuan": 358061.0},
        {"year": 2024, "doc_id": "y2024b", "unit": "子洲县机关事业单位和居民养老保险经办中心", "amount_yuan": 358062.0}]
    assert set(con.execute(f"SELECT doc_id FROM read_parquet('{root}/meta/*/*.parquet', hive_partitioning=true)")
               .df()["doc_id"]) == {"y2023", "y2024", "y2024b"}


def test_load_store_from_the_dataset_equals_the_folders(two_years, tmp_path):
    out = two_years / "out"
    assert dataset.is_current(out)
    folders = tmp_path / "folders"        # the same documents without a dataset: load_store reads the folders
    for f in doc_folders(out):
        shutil.copytree(f, folders / f.name)
    a, b = ba.load_store(out), ba.load_store(folders)
    assert not dataset.is_current(folders)
    for name in ("lines", "findings", "tables", "projects", "claims", "indicators"):
        pd.testing.assert_frame_equal(plain(getattr(a, name)), plain(getattr(b, name)), check_dtype=False, obj=name)
    assert isinstance(a.lines["table_kind"].dtype, pd.CategoricalDtype)
    assert str(a.lines["amount_yuan"].dtype) == "float64" and str(a.lines["year"].dtype) == "Int64"
    sql = "SELECT year, count(*) AS n, sum(amount_yuan) AS s FROM lines GROUP BY year ORDER BY year"
    pd.testing.assert_frame_equal(ba.query(out, sql), ba.query(folders, sql), check_dtype=False)


def test_load_store_columns_and_filters_are_lazy(two_years):
    store = ba.load_store(two_years / "out", columns=["code", "measure", "amount_yuan"], filters=[("year", "=", 2024)])
    assert "lines" not in store.__dict__                               # nothing read until asked
    assert sorted(store.meta["doc_id"]) == ["y2024", "y2024b"]
    lines = store.lines
    assert list(lines.columns) == ["doc_id", "code", "measure", "amount_yuan", "unit", "year"]
    assert set(lines["year"]) == {2024} and len(lines) == 2 * 56
    f = ba.load_store(two_years / "out", filters=[("year", "=", 2023), ("code", "=", "20805")]).lines
    assert f[["doc_id", "measure", "amount_yuan"]].to_dict("records")[0] == \
        {"doc_id": "y2023", "measure": "total", "amount_yuan": 358061.0}


def test_compaction_rewrites_only_the_changed_year(two_years, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(two_years / "out", out)
    shutil.copytree(two_years / "raw", tmp_path / "raw")
    assert dataset.compact(out)["years"] == []                          # up to date: nothing rewritten
    part = lambda year: (out / "_dataset" / "lines" / f"year={year}" / "part-0.parquet").stat().st_mtime_ns
    before = part(2023), part(2024)
    mini_text(tmp_path / "raw" / "y2023.txt", YEAR_2023, tail="\n")
    summary = batch.run([tmp_path / "raw"], out, jobs=1, progress=False)
    assert summary.counts == {"read": 1, "skipped": 2}
    assert part(2023) != before[0] and part(2024) == before[1]
    assert dataset.read_manifest(out)["years"] == {"y2023": "2023", "y2024": "2024", "y2024b": "2024"}
    shutil.rmtree(out / "y2024b")
    assert not dataset.is_current(out)
    assert ba.query(out, "SELECT count(*) AS n FROM meta")["n"].iloc[0] == 2   # the folders, while stale
    assert dataset.compact(out)["years"] == ["2024"]
    assert sorted(ba.load_store(out).lines["doc_id"].unique()) == ["y2023", "y2024"]


def test_compare_is_the_same_on_the_dataset(two_years, tmp_path):
    folders = tmp_path / "folders"
    for f in doc_folders(two_years / "out"):
        if f.name != "y2024b":
            shutil.copytree(f, folders / f.name)
    mine = tmp_path / "compacted"
    shutil.copytree(folders, mine)
    dataset.compact(mine)
    unit = "子洲县机关事业单位和居民养老保险经办中心"
    a = ba.compare(ba.load_store(mine), unit=unit, years=[2023, 2024])
    b = ba.compare(ba.load_store(folders), unit=unit, years=[2023, 2024])
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True), check_dtype=False,
                                  check_categorical=False)
    assert len(a) > 0
