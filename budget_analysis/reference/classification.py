"""Names of classification codes over the years, from `data/classification_names.csv`.

The table holds the names the corpus documents print (by the years they print them; `scripts/build_names.py`
regenerates it) and the renames the Ministry of Finance documented (210 医疗卫生与计划生育支出 → 卫生健康支出
from 2019). Columns: classification, code, name, valid_from, valid_to (empty = open), source.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

PATH = Path(__file__).parent / "data" / "classification_names.csv"


@lru_cache(maxsize=1)
def names() -> pd.DataFrame:
    df = pd.read_csv(PATH, dtype=str, keep_default_na=False)
    for col in ("valid_from", "valid_to"):
        df[col] = pd.to_numeric(df[col], errors="coerce")
    return df


def classification_of(code: str) -> str:
    """function (2xx, 3/5/7 digits), dept_economic (3xx), gov_economic (5xx), or '' for anything else."""
    if len(code) in (3, 5, 7) and code.startswith("2"):
        return "function"
    if len(code) in (3, 5) and code[0] in "35":
        return "dept_economic" if code[0] == "3" else "gov_economic"
    return ""


def known_names(code: str, classification: str | None = None) -> pd.DataFrame:
    """Every name recorded for a code, with its years and source (a frame to read, shared between callers)."""
    return _known(code, classification or classification_of(code))


@lru_cache(maxsize=4096)
def _known(code: str, cls: str) -> pd.DataFrame:
    df = names()
    return df[(df["code"] == code) & (df["classification"] == cls)]


def current_name(code: str, year: int, classification: str | None = None) -> str | None:
    """The name valid in `year`: the latest row that started by then and had not ended; None if unknown."""
    df = known_names(code, classification)
    ok = df[(df["valid_from"].isna() | (df["valid_from"] <= year)) & (df["valid_to"].isna() | (df["valid_to"] >= year))]
    if ok.empty:
        return None
    return ok.sort_values("valid_from", na_position="first")["name"].iloc[-1]
