"""Render processed documents into `reports/<doc_id>.html` and `reports/index.html`, all in one kernel."""
from __future__ import annotations

import logging
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from nbclient.exceptions import CellExecutionError
from nbconvert import HTMLExporter
from papermill.iorw import load_notebook_node

from ..store.store import doc_folders, read_disclosure
from . import sections
from .kernel import KernelSession

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "report.ipynb"


def exporter() -> HTMLExporter:
    """nbconvert with our template (inline CSS, no script) and without code or prompts."""
    return HTMLExporter(template_name="report", extra_template_basedirs=[str(TEMPLATES)], exclude_input=True,
                        exclude_input_prompt=True, exclude_output_prompt=True)


def _index_row(doc, href: str | None, failed: str = "") -> dict:
    """A listing row; a failed report gets no figures (what failed in its notebook may fail here too)."""
    row = dict(unit=doc.meta.get("unit_name") or doc.doc_id, year=doc.meta.get("year") or sections.DASH,
               href=href, failed=failed, total=sections.DASH, change=sections.DASH, change_pct=sections.DASH,
               findings=sections.DASH)
    if failed:
        return row
    h = sections.headline_figures(doc)
    f = h["findings"]
    return row | dict(total=sections.wan(h["current_wan"]), change=sections.wan(h["change_wan"], sign=True),
                      change_pct=sections.pct(h["change_pct"], sign=True),
                      findings=f"{f['error']} / {f['warning']} / {f['info']}")


def write_index(rows: list[dict], out: Path) -> Path:
    env = Environment(loader=FileSystemLoader(TEMPLATES / "report"), autoescape=select_autoescape(["j2"]))
    path = out / "index.html"
    path.write_text(env.get_template("listing.html.j2").render(rows=rows), encoding="utf-8")
    return path


def render(store: str | Path = "data/processed", doc_ids: list[str] | None = None, out: str | Path = "reports",
           progress: bool = True, notebook: str | Path = NOTEBOOK) -> list[Path]:
    """Execute `notebook` once per document in one kernel, export each to HTML, then write the index.

    A document whose notebook fails is listed in the index as failed and the batch goes on; the returned list
    holds the reports written (not the index). Raises FileNotFoundError for an unknown doc_id."""
    store, out = Path(store).resolve(), Path(out)
    out.mkdir(parents=True, exist_ok=True)
    ids = list(doc_ids) if doc_ids else [f.name for f in doc_folders(store)]
    missing = [i for i in ids if not (store / i / "meta.json").exists()]
    if missing:
        raise FileNotFoundError(f"not in {store}: {', '.join(missing)}")
    nb, html = load_notebook_node(str(notebook)), exporter()
    written, rows = [], []
    with KernelSession(Path(notebook).resolve().parent) as kernel:
        for n, doc_id in enumerate(ids, 1):
            start, doc = time.perf_counter(), read_disclosure(store / doc_id)
            try:
                done = kernel.run(nb, {"doc_id": doc_id, "store": str(store)})
            except CellExecutionError as exc:
                rows.append(_index_row(doc, None, failed=exc.ename))
                _say(progress, f"[{n}/{len(ids)}] {doc_id}: FAILED ({exc.ename}: {exc.evalue})")
                continue
            body, _ = html.from_notebook_node(done, resources={"metadata": {"name": sections.unit_title(doc)}})
            path = out / f"{doc_id}.html"
            path.write_text(body, encoding="utf-8")
            written.append(path)
            rows.append(_index_row(doc, path.name))
            _say(progress, f"[{n}/{len(ids)}] {path}  {time.perf_counter() - start:.1f} s")
    _say(progress, f"{write_index(rows, out)}: {len(written)} of {len(ids)} reports")
    return written


def _say(progress: bool, line: str) -> None:
    if progress:
        log.info("%s", line)
