"""`load`: read → recognise and normalise → narrative → document → checks, as a short recipe of named steps.

Each step runs once and leaves what later steps need on the `Context` (the paragraphs of the prose, the
normalised parts, the document), so nothing is read or split twice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import meta as _meta
from ..errors import ReadError
from ..narrative.claims import parse_claims
from ..narrative.execution import execution_claims, resolve_codes
from ..narrative.paragraphs import Paragraph, paragraphs
from ..normalise import normalise
from ..normalise.cells import unparsed_amounts
from ..normalise.matching import attach_matches
from ..normalise.schema import frame
from ..normalise.units import resolve_units
from ..readers import parts_sha256, read_parts, read_raw
from ..readers.grid import RawDocument
from ..readers.settings import Settings
from ..text import UNIT_CODE
from .inventory import build_inventory
from .positions import place_claims, place_findings, place_indicators, place_lines
from .prose import budget_prose
from .quality import add_quality


@dataclass
class Disclosure:
    """One document as tidy tables (see docs/contract.md); `raw` keeps what the reader saw."""

    meta: dict
    lines: pd.DataFrame
    projects: pd.DataFrame
    indicators: pd.DataFrame
    claims: pd.DataFrame
    findings: pd.DataFrame
    tables: pd.DataFrame
    raw: RawDocument | None = field(default=None, repr=False)
    paragraphs: list[Paragraph] | None = field(default=None, repr=False)  # the prose, split once
    quality: pd.DataFrame = field(default_factory=lambda: frame("quality"))  # the accuracy meter, per table

    @property
    def doc_id(self) -> str:
        return self.meta["doc_id"]

    def table(self, kind: str, measure: str | None = None) -> pd.DataFrame:
        """The lines of one table kind (optionally one measure)."""
        df = self.lines[self.lines["table_kind"] == kind]
        return df if measure is None else df[df["measure"] == measure]

    def show(self, finding, **kw):
        """The finding on its page(s) with both sides boxed (a PIL image; see document/show.py)."""
        from .show import show
        return show(self, finding, **kw)

    def show_page(self, page: int, boxes: list[dict] | None = None, **kw):
        """Page `page` of the PDF with `boxes` ({page, x0, top, x1, bottom, role}) drawn (a PIL image)."""
        from .show import show_page
        return show_page(self, page, boxes, **kw)

    def _repr_html_(self) -> str:
        from .show import summary_html
        return summary_html(self)

    def __repr__(self) -> str:
        m = self.meta
        return (f"<Disclosure {m['doc_id']}: {m.get('unit_name')} {m.get('year')} · {len(self.lines)} lines, "
                f"{len(self.projects)} projects, {len(self.indicators)} indicators, {len(self.claims)} claims, "
                f"{len(self.findings)} findings>")


@dataclass
class Context:
    """What one load carries from step to step."""

    raw: RawDocument
    doc_id: str
    sha256: str = ""
    settings: Settings = field(default_factory=Settings)
    parts: dict = field(default_factory=dict)            # normalise(): records by table
    paragraphs: list[Paragraph] = field(default_factory=list)
    claims: pd.DataFrame | None = None
    doc: Disclosure | None = None


def load(path, backend: str | None = None, settings: Settings | None = None) -> Disclosure:
    """Read one disclosure (.pdf, .xlsx/.xls, .txt) into contract tables; raises ReadError if unreadable.
    A list of files is one document split over files (a narrative and its table attachment): see `read_parts`.
    A PDF is read from disk once and opened once: the reader and the hash share its bytes, and the reader's open
    document serves every later step (RawDocument.open_pdfs)."""
    settings = settings or (Settings(backend=backend) if backend else Settings())
    if isinstance(path, (list, tuple)):
        paths = [Path(p) for p in path]
        data = [_pdf_bytes(p) for p in paths]
        raw = read_parts(paths, backend=settings.backend, data=data)
        return from_raw(raw, _meta.doc_id_for(paths[0]), sha256=parts_sha256(paths, data), settings=settings)
    path = Path(path)
    if not path.exists():
        raise ReadError(path, "no such file")
    data = _pdf_bytes(path)
    raw = read_raw(path, backend=settings.backend, data=data, ocr=settings.ocr)
    return from_raw(raw, _meta.doc_id_for(path), sha256=_meta.sha256(path if data is None else data),
                    settings=settings)


def _pdf_bytes(path: Path) -> bytes | None:
    """A PDF's bytes when it is within the reader's size limit (else None: read_raw refuses it with the reason)."""
    from ..readers import LIMITS
    try:
        if path.suffix.lower() == ".pdf" and 0 < path.stat().st_size <= LIMITS["file"]:
            return path.read_bytes()
    except OSError:
        return None  # read_raw says why
    return None


def from_raw(raw: RawDocument, doc_id: str, sha256: str = "", settings: Settings | None = None) -> Disclosure:
    """The recipe: each step once, in order."""
    ctx = Context(raw=raw, doc_id=doc_id, sha256=sha256, settings=settings or Settings())
    try:
        for step in (resolve_grid_units, recognise_and_normalise, read_narrative, assemble_document,
                     run_document_checks, measure_quality, locate_findings):
            step(ctx)
    finally:
        raw.close()  # the PDF the reader left open: every step that reads it has run
    return ctx.doc


def resolve_grid_units(ctx: Context) -> None:
    resolve_units(ctx.raw)


def measure_quality(ctx: Context) -> None:
    add_quality(ctx.doc, ctx.raw)


def recognise_and_normalise(ctx: Context) -> None:
    with unparsed_amounts() as unparsed:
        ctx.parts = normalise(ctx.raw, ctx.doc_id)
    ctx.parts["unparsed_amounts"] = unparsed
    inventory = ctx.parts["inventory"]
    if not inventory or all(not r["kind"] for r in inventory):
        if not budget_prose(ctx.raw.text)[0]:  # a narrative-only file (its tables in another file) is accepted
            raise ReadError(ctx.raw.source, "not a budget disclosure (no budget table recognised)")
        ctx.raw.problems.append("no budget table recognised: read as a narrative-only disclosure")


def read_narrative(ctx: Context) -> None:
    ctx.paragraphs = paragraphs(ctx.raw.text)
    claims = parse_claims(ctx.raw.text, doc_id=ctx.doc_id, paras=ctx.paragraphs)
    if any(r["kind"].startswith("final_") for r in ctx.parts["inventory"]):  # a 决算: its execution statements
        found = resolve_codes(execution_claims(ctx.paragraphs, ctx.doc_id), frame("lines", ctx.parts["lines"]))
        claims = pd.concat([claims, frame("claims", found)], ignore_index=True) if found else claims
    ctx.claims = frame("claims", claims)


def assemble_document(ctx: Context) -> None:
    parts, raw = ctx.parts, ctx.raw
    place_lines(parts["lines"], parts.get("grids", []))
    place_indicators(parts["indicators"], parts.get("grids", []))
    lines = frame("lines", parts["lines"])
    projects = frame("projects", parts["projects"])
    indicators = frame("indicators", attach_matches(parts["indicators"], parts["projects"]))
    tables = build_inventory(parts["contents"], parts["inventory"], ctx.doc_id)
    first_text = next((t for _, t in raw.text if t and t.strip()), "")
    cover = _meta.cover_facts(first_text)
    cover["kind"] = _meta.document_kind(cover["kind"], tables["kind"])
    m = dict(doc_id=ctx.doc_id, **cover, unit_code=_unit_code(projects, lines),
             parent_dept=_parent(parts), template=_meta.template_of(set(tables["kind"]),
                                                                   [g.unit_printed for g in raw.grids]),
             source_path=raw.source, sha256=ctx.sha256, pages=raw.pages, reader=raw.reader,
             problems=list(raw.problems))
    if getattr(raw, "parts", None):  # a document split over files: which file holds which pages
        m["parts"] = raw.parts
    claims = frame("claims", place_claims(ctx.claims, raw.source, getattr(raw, "parts", None), raw.open_pdfs))
    ctx.doc = Disclosure(meta=m, lines=lines, projects=projects, indicators=indicators, claims=claims,
                         findings=frame("findings"), tables=tables, raw=raw, paragraphs=ctx.paragraphs)


def run_document_checks(ctx: Context) -> None:
    from ..checks import run_checks  # checks sit above the document: imported when the recipe runs
    from ..checks.amounts import unparsed_findings
    doc = ctx.doc
    found = run_checks(doc) + unparsed_findings(ctx.raw, ctx.parts.get("unparsed_amounts", []))
    doc.findings = frame("findings", [dict(doc_id=doc.doc_id, **f) for f in found])


def locate_findings(ctx: Context) -> None:
    """Every finding (the checks' and the accuracy meter's) with the boxes of what it compares."""
    doc = ctx.doc
    doc.findings = frame("findings", place_findings(doc.findings, doc.lines, doc.claims))


def _unit_code(projects: pd.DataFrame, lines: pd.DataFrame) -> str:
    """The unit's 单位编码 (3+ digits; '1' 全额 and '-' rows are funding types, not units)."""
    codes = [c for c in projects["unit_code"].unique() if UNIT_CODE.fullmatch(c or "")] if len(projects) else []
    if len(codes) == 1:
        return codes[0]
    spend = lines[(lines["table_kind"] == "project_spending") & (lines["level"] == 1)]
    units = sorted((c for c in spend["code"].unique() if UNIT_CODE.fullmatch(c or "")), key=len)
    return units[0] if units else ""


_BODY = re.compile(r"(局|委员会|委|厅|办公室|办|院|会|部|中心|所|站|队|处|室|馆|政府|街道|镇|乡|公司|校|学|社|团)$")


def _parent(parts: dict) -> str:
    """The 主管部门 most target tables name (a label such as 实施期限 read from the next cell is no body);
    ties go to the first named, so the result never depends on hashing."""
    depts = [p["department"] for p in parts["performance"] if _BODY.search(p.get("department") or "")]
    return max(dict.fromkeys(depts), key=depts.count) if depts else ""
