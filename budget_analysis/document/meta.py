"""Document metadata read from the cover and title: unit, year, kind (预算 or 决算), unit_kind, template."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

from ..narrative.paragraphs import budget_year

_UNIT_BEFORE = re.compile(r"^(?P<unit>.{2,40}?)(?P<year>20\d{2})年度?(?P<what>.{0,12}?)(?P<doc>预算|决算)")
_YEAR_BEFORE = re.compile(r"^(?P<year>20\d{2})年度?(?P<unit>.{2,40}?)(?P<what>部门|单位)?(?P<doc>预算|决算)公开")
_NAMED_UNIT = re.compile(r"(?:预算主管部门|主管部门|预算单位|单位名称|部门名称)[:：](?P<unit>[^\s:：]{2,40})")



_MAX_ID_BYTES = 80  # leaves room for '<doc_id>.html' and a temp suffix under any file system's 255-byte limit


def doc_id_for(path: str | Path) -> str:
    """The file stem, with anything that is not a word character replaced: stable and path-safe.
    A stem with no word character ('!!!.txt') or too long for a file name gets a hash of the name instead of
    the missing or cut part, so the id is never empty and two long names never become one id."""
    stem = Path(path).stem
    slug = re.sub(r"[^\w\-]+", "_", stem).strip("_-")
    if slug and len(slug.encode("utf-8")) <= _MAX_ID_BYTES:
        return slug
    cut = slug.encode("utf-8")[:_MAX_ID_BYTES - 9].decode("utf-8", "ignore").rstrip("_-")
    return f"{cut or 'doc'}_{short_hash(stem)}"


def short_hash(text: str) -> str:
    """8 hex digits of a name's hash: a suffix that keeps ids apart without making them long."""
    return hashlib.blake2s(text.encode("utf-8"), digest_size=4).hexdigest()


def disambiguate(doc_id: str, source: str | Path) -> str:
    """A second id for a file whose stem gives the id of another file (two `budget.pdf` in two folders):
    the id plus a hash of the file's own path, the same on every run."""
    base = doc_id.encode("utf-8")[:_MAX_ID_BYTES - 9].decode("utf-8", "ignore")
    return f"{base}_{short_hash(Path(source).as_posix())}"


def sha256(path: str | Path | bytes) -> str:
    """The source's hash: of the bytes already read, or of the file read in blocks (never held whole for it)."""
    if isinstance(path, bytes):
        return hashlib.sha256(path).hexdigest()
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def cover_facts(text: str) -> dict:
    """unit_name, year, unit_kind (unit/department) and the cover's kind (budget/final_accounts, '' when the
    cover does not say) from the cover: the title may wrap over lines, put the year before or after the unit, or
    leave the unit to a 预算主管部门 line."""
    head = unicodedata.normalize("NFKC", text[:3000])
    lines = [re.sub(r"\s+", "", l) for l in head.splitlines() if l.strip()]
    lines = [l for l in lines if not re.fullmatch(r"[-—–]*\d+[-—–]*", l)]  # page numbers
    year, unit_kind, unit, kind = None, "", "", ""
    for k in range(min(len(lines), 40)):
        blob = "".join(lines[k:k + 3])
        m = _UNIT_BEFORE.match(blob) or _YEAR_BEFORE.match(blob)
        if m and not re.match(r"^(目录|第.部分)", blob):
            year, unit = int(m.group("year")), m.group("unit")
            unit_kind = "unit" if "单位" in (m.group("what") or "") else "department"
            kind = "final_accounts" if m.group("doc") == "决算" else "budget"
            break
    if named := _NAMED_UNIT.search("\n".join(lines[:40]).replace("\n", " ")):
        unit = named.group("unit")
    if year is None:
        year = budget_year(head)
    return dict(unit_name=unit, year=year, kind=kind, unit_kind=unit_kind)


def document_kind(cover_kind: str, table_kinds) -> str:
    """`final_accounts` when the cover says 决算 or most recognised tables are 决算 tables, else `budget`:
    a 决算 whose cover was not read still prints 决算 in every table title."""
    kinds = [k for k in table_kinds if k and k != "contents"]
    final = sum(k.startswith("final_") for k in kinds)
    if cover_kind == "final_accounts" or (kinds and final > len(kinds) / 2):
        return "final_accounts"
    return "budget"


def template_of(kinds: set[str], units: list[str]) -> str:
    if "final_gpb_by_function" in kinds or "final_summary" in kinds:
        return "mof_final"
    if "project_spending" in kinds or "performance_overall" in kinds:
        return "shaanxi"
    if "soe_capital_by_function" in kinds:
        return "mof9"
    if units and units.count("万元") > len(units) / 2:
        return "jiangsu"
    return "unknown"
