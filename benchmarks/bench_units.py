"""Amounts in the wrong unit and the accounted-number share, per document (issue 12).

Usage: python benchmarks/bench_units.py OUT.jsonl FILE.pdf ...   (one JSON line per document, appended)
       python benchmarks/bench_units.py --table BEFORE.jsonl AFTER.jsonl   (the README's Markdown table)

"Wrong unit" is judged independently of the reader: every `lines` row's page is read again with pypdfium2 and the
unit statements printed on it (`单位：万元`, `金额单位：元`, also without the colon and wrapped, and a column
header's `金额（万元）`) are collected; where
the page states one unit only, a line whose `unit_printed` differs (or is empty) is in the wrong unit; a page that
states none takes the document's single stated unit; a page stating several is not judged (`unmeasured`). Run it
once with PYTHONPATH pointing at the old code for the "before" column.
"""
from __future__ import annotations

import json
import re
import sys
import time

STATED = re.compile(r"(?:金额)?单位\s*[:：]?\s*(万\s*元|千\s*元|亿\s*元|元)"
                    r"|金额\s*[（(]\s*(万\s*元|元)\s*[)）]")  # a column header's unit (预算金额（万元）)


def page_units(path: str) -> dict[int, set[str]]:
    import pypdfium2 as pdfium
    doc = pdfium.PdfDocument(path)
    try:
        return {i + 1: {re.sub(r"\s", "", m.group(1) or m.group(2))
                        for m in STATED.finditer(re.sub(r"\s+", " ", doc[i].get_textpage().get_text_range()))}
                for i in range(len(doc))}
    finally:
        doc.close()


def measure(path: str) -> dict:
    import budget_analysis as ba
    from budget_analysis.document.verification import verification
    start = time.time()
    try:
        doc = ba.load(path)
    except Exception as exc:  # noqa: BLE001 (a refusal is a result)
        return dict(file=path, error=str(exc)[:200])
    units = page_units(path)
    stated = set().union(*units.values()) if units else set()
    whole = next(iter(stated)) if len(stated) == 1 else None
    wrong = right = unmeasured = 0
    for page, unit in zip(doc.lines["page"], doc.lines["unit_printed"]):
        on_page = units.get(int(page), set()) if page == page and page is not None else set()
        true = next(iter(on_page)) if len(on_page) == 1 else (whole if not on_page else None)
        if true is None:
            unmeasured += 1
        elif unit == true:
            right += 1
        else:
            wrong += 1
    v = verification(doc)
    fn = v[v["table_kind"] == "gpb_by_function"]
    rec = dict(file=path, lines=len(doc.lines), tables=int(doc.tables["found"].sum()), wrong_unit=wrong,
               right_unit=right, unmeasured=unmeasured,
               function_reconciled=bool(len(fn)) and bool(fn["reconciled"].all()), seconds=round(time.time() - start, 1))
    q = getattr(doc, "quality", None)
    if q is not None and len(q):
        rec.update(printed=int(q["numbers_printed"].sum()), accounted=int(q["numbers_accounted"].sum()),
                   unit_unknown=int(((q["unit_printed"] == "") & (q["title"] != "")).sum()),
                   image_pages=int(q["notes"].str.startswith("image-only").sum()))
    return rec


def table(before: str, after: str) -> str:
    def read(p):
        return {json.loads(l)["file"].rsplit("/", 1)[-1]: json.loads(l) for l in open(p, encoding="utf-8")}
    old, new = read(before), read(after)
    out = ["| document | lines in the wrong unit (before → after) | lines | tables recognised | amounts accounted "
           "| share | function table reconciled (before → after) |", "|---|---|---|---|---|---|---|"]
    shares = []
    for name, b in new.items():
        a = old.get(name, {})
        if "error" in b:
            out.append(f"| {name[:-4]} | refused: {b['error'].split(': ', 1)[-1][:70]} | | | | | |")
            continue
        was = "refused" if "error" in a else a.get("wrong_unit", "–")
        share = b["accounted"] / b["printed"] if b.get("printed") else None
        if share is not None:
            shares.append(share)
        out.append(f"| {name[:-4]} | {was} → {b['wrong_unit']} | {b['lines']} | {b['tables']} | "
                   f"{b.get('accounted', '–')}/{b.get('printed', '–')} | "
                   f"{'–' if share is None else f'{share:.1%}'} | {a.get('function_reconciled', '–')} → "
                   f"{b['function_reconciled']} |")
    wrong_old = sum(a.get("wrong_unit", 0) for a in old.values() if "error" not in a)
    wrong_new = sum(b.get("wrong_unit", 0) for b in new.values() if "error" not in b)
    out.append(f"\nLines in the wrong unit: {wrong_old:,} before, {wrong_new:,} after; mean accounted share "
               f"{sum(shares) / max(len(shares), 1):.1%} over {len(shares)} documents.")
    return "\n".join(out)


if __name__ == "__main__":
    if sys.argv[1] == "--table":
        print(table(sys.argv[2], sys.argv[3]))
    else:
        with open(sys.argv[1], "a", encoding="utf-8") as fh:
            for f in sys.argv[2:]:
                fh.write(json.dumps(measure(f), ensure_ascii=False) + "\n")
                fh.flush()
