"""`load`: read → recognise → normalise → parse narrative → check, as a short recipe."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import meta as _meta
from .errors import ReadError
from .grid import RawDocument
from .checks import run_checks
from .inventory import build_inventory
from .matching import attach_matches
from .normalise import normalise
from .normalise.cells import UNIT_CODE
from .readers import read_raw
from .schema import frame


@dataclass
class Disclosure:
    """One document as tidy tables (see CONTRACT.md); `raw` keeps what the reader saw."""

    meta: dict
    lines: pd.DataFrame
    projects: pd.DataFrame
    indicators: pd.DataFrame
    claims: pd.DataFrame
    findings: pd.DataFrame
    tables: pd.DataFrame
    raw: RawDocument | None = field(default=None, repr=False)

    @property
    def doc_id(self) -> str:
        return self.meta["doc_id"]

    def table(self, kind: str, measure: str | None = None) -> pd.DataFrame:
        """The lines of one table kind (optionally one measure)."""
        df = self.lines[self.lines["table_kind"] == kind]
        return df if measure is None else df[df["measure"] == measure]

    def __repr__(self) -> str:
        m = self.meta
        return (f"<Disclosure {m['doc_id']}: {m.get('unit_name')} {m.get('year')} · {len(self.lines)} lines, "
                f"{len(self.projects)} projects, {len(self.indicators)} indicators, {len(self.claims)} claims, "
                f"{len(self.findings)} findings>")


def load(path: str | Path, backend: str = "pdfplumber") -> Disclosure:
    """Read one disclosure (.pdf, .xlsx/.xls, .txt) into contract tables; raises ReadError if unreadable."""
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file")
    raw = read_raw(path, backend=backend)
    return from_raw(raw, _meta.doc_id_for(path), sha256=_meta.sha256(path))


def from_raw(raw: RawDocument, doc_id: str, sha256: str = "") -> Disclosure:
    """Recognise, normalise, parse the narrative and check what a reader produced."""
    parts = normalise(raw, doc_id)
    if not parts["inventory"] or all(not r["kind"] for r in parts["inventory"]):
        raise ReadError(raw.source, "not a budget disclosure (no budget table recognised)")
    lines = frame("lines", parts["lines"])
    projects = frame("projects", parts["projects"])
    indicators = frame("indicators", attach_matches(parts["indicators"], parts["projects"]))
    tables, inventory_findings = build_inventory(parts["contents"], parts["inventory"], doc_id)
    first_text = next((t for _, t in raw.text if t and t.strip()), "")
    kinds = set(tables["kind"])
    m = dict(doc_id=doc_id, **_meta.cover_facts(first_text), unit_code=_unit_code(projects, lines),
             parent_dept=_parent(parts), template=_meta.template_of(kinds, [g.unit_printed for g in raw.grids]),
             source_path=raw.source, sha256=sha256, pages=raw.pages, reader=raw.reader,
             problems=list(raw.problems))
    doc = Disclosure(meta=m, lines=lines, projects=projects, indicators=indicators,
                     claims=_claims(raw, doc_id), findings=frame("findings"), tables=tables, raw=raw)
    doc.findings = frame("findings", [dict(doc_id=doc_id, **f) for f in inventory_findings + run_checks(doc)])
    return doc


def _claims(raw: RawDocument, doc_id: str) -> pd.DataFrame:
    try:
        from .narrative import parse_claims
    except ImportError:
        return frame("claims")
    return frame("claims", parse_claims(raw.text, doc_id=doc_id))


def _unit_code(projects: pd.DataFrame, lines: pd.DataFrame) -> str:
    """The unit's 单位编码 (3+ digits; '1' 全额 and '-' rows are funding types, not units)."""
    codes = [c for c in projects["unit_code"].unique() if UNIT_CODE.fullmatch(c or "")] if len(projects) else []
    if len(codes) == 1:
        return codes[0]
    spend = lines[(lines["table_kind"] == "project_spending") & (lines["level"] == 1)]
    units = sorted((c for c in spend["code"].unique() if UNIT_CODE.fullmatch(c or "")), key=len)
    return units[0] if units else ""


def _parent(parts: dict) -> str:
    depts = [p["department"] for p in parts["performance"] if p.get("department")]
    return max(set(depts), key=depts.count) if depts else ""
