"""Regenerate budget_analysis/reference/data/classification_names.csv from the names the corpus documents print.

    .venv/bin/python scripts/build_names.py [../shared/corpus] [data/raw/…txt ...]

Per code, the name most tables of a year print (names cut at column width are the prefixes of a longer name and
dropped); consecutive years with the same name become one row, valid until the year before the next name was
first seen. The documented renames (RENAMES) are added as they are.
"""
from __future__ import annotations

import csv
import sys
from collections import Counter, defaultdict
from pathlib import Path

import budget_analysis as ba

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "budget_analysis" / "reference" / "data" / "classification_names.csv"
# (classification, code, name, valid_from, valid_to, source): renames documented by the Ministry of Finance
RENAMES = [
    ("function", "210", "医疗卫生与计划生育支出", "", "2018", "MOF 2019年政府收支分类科目: renamed"),
    ("function", "210", "卫生健康支出", "2019", "", "MOF 2019年政府收支分类科目: renamed"),
] + [("gov_economic", code, name, "2018", "", "政府预算支出经济分类 (docs/DOMAIN.md)") for code, name in [
    ("501", "机关工资福利支出"), ("502", "机关商品和服务支出"), ("505", "对事业单位经常性补助"),
    ("506", "对事业单位资本性补助"), ("509", "对个人和家庭的补助"), ("510", "对社会保障基金补助"), ("599", "其他支出")]]


def observed(paths: list[Path]) -> dict:
    """(classification, code) -> {year: Counter(name)} over the coded rows of every document."""
    seen: dict = defaultdict(lambda: defaultdict(Counter))
    for path in paths:
        doc = ba.load(path)
        rows = doc.lines[(doc.lines["code"] != "") & (doc.lines["classification"] != "none")]
        for r in rows.drop_duplicates(["classification", "code", "name", "table_kind"]).itertuples():
            if r.name:
                seen[(r.classification, r.code)][int(doc.meta["year"])][r.name] += 1
    return seen


def rows_of(seen: dict) -> list[tuple]:
    out = []
    for (cls, code), years in sorted(seen.items()):
        every = {n for c in years.values() for n in c}
        spans: list[list] = []
        for year in sorted(years):
            names = [n for n, _ in years[year].most_common() if not any(o != n and o.startswith(n) for o in every)]
            if not names:
                continue
            if spans and spans[-1][0] == names[0]:
                spans[-1][2] = year
            else:
                spans.append([names[0], year, year])
        for i, (name, first, last) in enumerate(spans):
            valid_to = str(spans[i + 1][1] - 1) if i + 1 < len(spans) else ""
            out.append((cls, code, name, str(first), valid_to, "printed in the corpus"))
    return out


def main(args: list[str]) -> None:
    corpus = Path(args[0]) if args else ROOT.parent / "shared" / "corpus"
    paths = sorted(corpus.glob("*/*.pdf")) + [Path(a) for a in args[1:]] + [ROOT / "data/raw/zizhou_pension_center_2024_budget.txt"]
    rows = [r for r in rows_of(observed(paths)) if (r[0], r[1]) not in {(c, k) for c, k, *_ in RENAMES}] + RENAMES
    with OUT.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["classification", "code", "name", "valid_from", "valid_to", "source"])
        w.writerows(sorted(rows, key=lambda r: (r[0], r[1], r[3])))
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1:])
