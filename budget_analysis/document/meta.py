"""Document metadata read from the cover and title: unit, year, kind, template."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ..narrative.paragraphs import budget_year

_UNIT_BEFORE = re.compile(r"^(?P<unit>.{2,40}?)(?P<year>20\d{2})年度?(?P<what>.{0,12}?)预算")
_YEAR_BEFORE = re.compile(r"^(?P<year>20\d{2})年度?(?P<unit>.{2,40}?)(?P<what>部门|单位)?预算公开")
_NAMED_UNIT = re.compile(r"(?:预算主管部门|主管部门|预算单位|单位名称|部门名称)[:：](?P<unit>[^\s:：]{2,40})")



def doc_id_for(path: str | Path) -> str:
    """The file stem, with anything that is not a word character replaced: stable and path-safe."""
    return re.sub(r"[^\w\-]+", "_", Path(path).stem).strip("_")


def sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def cover_facts(text: str) -> dict:
    """unit_name, year and kind (unit/department) from the cover: the title may wrap over lines,
    put the year before or after the unit, or leave the unit to a 预算主管部门 line."""
    head = unicodedata.normalize("NFKC", text[:3000])
    lines = [re.sub(r"\s+", "", l) for l in head.splitlines() if l.strip()]
    lines = [l for l in lines if not re.fullmatch(r"[-—–]*\d+[-—–]*", l)]  # page numbers
    year, kind, unit = None, "", ""
    for k in range(min(len(lines), 40)):
        blob = "".join(lines[k:k + 3])
        m = _UNIT_BEFORE.match(blob) or _YEAR_BEFORE.match(blob)
        if m and not re.match(r"^(目录|第.部分)", blob):
            year, unit = int(m.group("year")), m.group("unit")
            kind = "unit" if "单位" in (m.group("what") or "") else "department"
            break
    if named := _NAMED_UNIT.search("\n".join(lines[:40]).replace("\n", " ")):
        unit = named.group("unit")
    if year is None:
        year = budget_year(head)
    return dict(unit_name=unit, year=year, kind=kind)


def template_of(kinds: set[str], units: list[str]) -> str:
    if "project_spending" in kinds or "performance_overall" in kinds:
        return "shaanxi"
    if "soe_capital_by_function" in kinds:
        return "mof9"
    if units and units.count("万元") > len(units) / 2:
        return "jiangsu"
    return "unknown"
