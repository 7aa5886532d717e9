"""Function codes that the Ministry of Finance renumbered, split or merged between budget years.

A rename that keeps the code (医疗卫生与计划生育支出 → 卫生健康支出, both 210) needs no entry: comparisons match
on codes. An entry says that money a document of `from_year` or earlier printed under `from_code` is printed under
`to_code` from `to_year` on (`share` of it, for a split). The table lives in data/crosswalk.csv, one `version` per
revision of the 政府收支分类科目, so that a comparison can name the revisions it applied.
"""
from __future__ import annotations

from functools import cache
from importlib import resources

import pandas as pd

COLUMNS = ["version", "from_year", "to_year", "from_code", "from_name", "to_code", "to_name", "share", "note"]


@cache
def _read() -> pd.DataFrame:
    with resources.files("budget_analysis").joinpath("reference/data/crosswalk.csv").open(encoding="utf-8") as f:
        df = pd.read_csv(f, dtype={"from_code": str, "to_code": str, "version": str})
    return df[COLUMNS]


def load_crosswalk(versions: list[str] | None = None) -> pd.DataFrame:
    """The crosswalk rows (all versions, or the ones named)."""
    df = _read()
    return (df if versions is None else df[df["version"].isin(versions)]).reset_index(drop=True)


def applicable(earlier: int, later: int, crosswalk: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows that apply when a document of year `earlier` is compared with one of year `later`."""
    cw = load_crosswalk() if crosswalk is None else crosswalk
    return cw[(cw["from_year"] >= earlier) & (cw["to_year"] <= later)].reset_index(drop=True)
