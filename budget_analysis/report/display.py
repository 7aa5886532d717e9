"""What the report notebook calls to put things on the page: tables, charts, sentences, findings.

Every output is plain HTML or a PNG, so the exported file needs no JavaScript and no network. Charts are drawn
here rather than left to the inline backend so that their resolution (and so the report's size) is set once.
"""
from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Image, display

from ..document.disclosure import Disclosure, load
from ..store.store import read_disclosure
from ..document.quality import reading_sentence
from . import crops, sections
from .numbers import DASH

DPI = 100


def load_doc(doc_path: str = "", doc_id: str = "", store: str = "") -> Disclosure:
    """A processed document (`doc_id` in `store`) when given, else the raw file at `doc_path`."""
    if doc_id:
        return read_disclosure(Path(store) / doc_id)
    from ..analysis import resolve_doc_path
    return load(resolve_doc_path(doc_path))


_FIGURE = re.compile(r"^[+-]?\d[\d,]*(\.\d+)?%?$")


def _numeric(values) -> bool:
    """A column of written-out figures (`13,349.12`, `+17.17%`, `—`): right-aligned so the digits line up."""
    shown = [str(v) for v in values if str(v) not in ("", DASH)]
    return bool(shown) and all(_FIGURE.match(v) for v in shown)


def html_table(df: pd.DataFrame, css: str = "t", raw: set[str] = frozenset()) -> str:
    """A DataFrame as an HTML table in a horizontally scrollable box (a phone scrolls the table, not the page);
    figure columns right-aligned. Columns in `raw` hold HTML already (escaped by the caller)."""
    cols = list(df.columns)
    num = {c for c in cols if _numeric(df[c])}
    head = "".join(f'<th class="num">{html.escape(str(c))}</th>' if c in num else f"<th>{html.escape(str(c))}</th>"
                   for c in cols)
    body = []
    for row in df.itertuples(index=False):
        cells = []
        for c, v in zip(cols, row):
            shown = v if c in raw else html.escape("" if v is None else str(v))
            cells.append(f'<td class="num">{shown}</td>' if c in num else f"<td>{shown}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<div class="scroll"><table class="{css}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></div>')


def table(make, doc: Disclosure, title: str = "", empty: str = "本文件未提供相关数据。") -> None:
    """`make(doc)` (a function of `sections`) as a plain HTML table; a note where it is empty or fails."""
    if title:
        display(HTML(f'<p class="caption">{html.escape(title)}</p>'))
    try:
        df = make(doc)
    except Exception as exc:  # like chart(): one section failing must not cost the whole report
        return text(f"（此表未能生成：{type(exc).__name__}）", "muted")
    if df.empty:
        return text(empty, "muted")
    display(HTML(html_table(df)))


def text(sentence: str, css: str = "") -> None:
    display(HTML(f'<p class="{css}">{html.escape(sentence)}</p>'))


def chart(draw, doc: Disclosure, data=None) -> None:
    """`draw(doc)`, or `draw(data(doc))` for a chart of a selection, as an embedded PNG; a note where the
    selection is empty or the chart cannot be drawn."""
    import matplotlib.pyplot as plt
    try:
        source = data(doc) if data else doc
        if isinstance(source, pd.DataFrame) and source.empty:
            return text("本文件未提供相关数据。", "muted")
        fig = draw(source)
    except Exception as exc:  # one chart failing must not cost the leader the whole report
        plt.close("all")
        return text(f"（此图未能生成：{type(exc).__name__}）", "muted")
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=DPI)
    plt.close(fig)
    display(Image(data=png.getvalue(), format="png", alt=fig.get_suptitle().replace("\n", " ")))


def title(doc: Disclosure) -> None:
    """The report's heading: unit and year, then the department, the source file and its fingerprint."""
    m = doc.meta
    facts = [f"主管部门：{m['parent_dept']}" if m.get("parent_dept") else "", f"文件：{Path(m['source_path']).name}",
             f"SHA-256 {m['sha256'][:12]}" if m.get("sha256") else ""]
    display(HTML(f"<h1>{html.escape(sections.unit_title(doc))}</h1>"
                 f'<p class="muted">{html.escape("　".join(f for f in facts if f))}</p>'))


def summary(doc: Disclosure) -> None:
    """The opening sentence: this year's total, the change and the reason the document gives."""
    h = sections.headline_figures(doc)
    change = h["change_wan"]
    if pd.isna(change):
        said = "文件未说明与上年相比的增减。"
    else:
        word = "增加" if change > 0 else "减少" if change < 0 else "持平，增减"
        said = (f"比上年{word} {sections.wan(abs(change))} 万元（{sections.pct(h['change_pct'], sign=True)}）"
                + (f"，文件所述原因：{h['reason']}。" if h["reason"] else "，文件未说明原因。"))
    f = h["findings"]
    text(f"本年支出预算 {sections.wan(h['current_wan'])} 万元，{said}"
         f"自动核对发现错误 {f['error']} 项、警告 {f['warning']} 项、提示 {f['info']} 项。"
         + reading_sentence(getattr(doc, "quality", None)), "lead")


def findings_html(doc: Disclosure, store: str = "") -> str:
    """错误 and 警告 open, each with a crop of its page and the boxes drawn (embedded PNG) under its message where
    the document's PDF is at hand; 提示 folded (they are rounding and typesetting details)."""
    groups = sections.findings(doc)
    if not any(len(g) for g in groups.values()):
        return f'<p>{html.escape("自动核对未发现问题。")}</p>'
    pages = crops.PageCache(crops.source_pdf(doc, store))
    parts, made, skipped = [], 0, 0
    for label, rows in groups.items():
        if rows.empty:
            continue
        if label != "提示" and pages.path is not None:
            shown = []
            for i, message in zip(rows.index, rows["说明"]):
                img = ""
                if made < crops.MAX_CROPS:
                    img = crops.finding_crop(pages, doc.findings.loc[i])
                    made += bool(img)
                else:
                    skipped += bool(crops.finding_boxes(doc.findings.loc[i]))
                shown.append(html.escape(message) + img)
            rows = rows.assign(说明=shown)
        parts.append(f'<details{" open" if label != "提示" else ""}><summary><span class="sev sev-{label}">{label}</span>'
                     f" {len(rows)} 项</summary>{html_table(rows, 't findings', raw={'说明'})}</details>")
    if skipped:
        parts.append(f'<p class="muted">另有 {skipped} 项未附页面截图（每份报告最多 {crops.MAX_CROPS} 张）。</p>')
    pages.close()
    return "".join(parts)


def findings(doc: Disclosure, store: str = "") -> None:
    display(HTML(findings_html(doc, store)))
