"""Document metadata read from the cover and title: unit, year, kind, template."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

_TITLE = re.compile(r"(20\d{2})\s*年?\s*(?:度)?\s*(?:部门|单位)?.{0,12}?(单位|部门)(?:综合)?预算")


def doc_id_for(path: str | Path) -> str:
    """The file stem, with anything that is not a word character replaced: stable and path-safe."""
    return re.sub(r"[^\w\-]+", "_", Path(path).stem).strip("_")


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cover_facts(text: str) -> dict:
    """unit_name, year and kind (单位/部门) from the first lines of the document."""
    head = unicodedata.normalize("NFKC", text[:3000])
    lines = [re.sub(r"\s+", "", l) for l in head.splitlines() if l.strip()]
    year, kind, unit = None, "", ""
    for k, line in enumerate(lines[:40]):
        m = _TITLE.search(line)
        if m:
            year, kind = int(m.group(1)), {"单位": "unit", "部门": "department"}[m.group(2)]
            before = line[: m.start()]
            unit = before or (lines[k - 1] if k else "")
            break
    if year is None:
        if m := re.search(r"(20\d{2})\s*年", head):
            year = int(m.group(1))
    unit = re.sub(r"^(目录|第.部分)", "", unit)
    unit = re.sub(r"(20\d{2}年?度?)$", "", unit)
    return dict(unit_name=unit, year=year, kind=kind)


def template_of(kinds: set[str], units: list[str]) -> str:
    if "project_spending" in kinds or "performance_overall" in kinds:
        return "shaanxi"
    if "soe_capital_by_function" in kinds:
        return "mof9"
    if units and units.count("万元") > len(units) / 2:
        return "jiangsu"
    return "unknown"
