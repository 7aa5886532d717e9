"""Where an OCR'd table does not add up, the cell most likely misread: one digit changed, two neighbours swapped,
a digit dropped or added, a minus sign lost, such that the failing identities then hold. Named as a warning, never
corrected.

Each candidate is one term of a failing identity (a child read too low, a total read too high, ...) taking the value
that closes that identity; it stands only when that value is one such misreading of the printed digits. The
candidate that closes the most failing identities while breaking none that held wins (ties: lowest OCR confidence),
and the search repeats until no failing identity can be explained; what is left is reported as unexplained.
"""
from __future__ import annotations

import pandas as pd

from . import register
from .registry import finding
from ..document.verification import hierarchy_comparisons, row_comparisons, three_public_comparisons, _fails
from ..normalise.catalog import MEASURE_TITLES
from ..readers.ocr import misreading



def _digits(value_yuan: float, scale: float, decimals: int) -> str:
    return f"{abs(value_yuan) / scale:.{decimals}f}".replace(".", "")


def _index(lines: pd.DataFrame, kind, title, measure, row, code=None) -> list:
    m = (lines["table_kind"] == kind) & (lines["table_title"] == title) & (lines["measure"] == measure) \
        & (lines["row"] == row)
    if code is not None:
        m &= lines["code"] == code
    return list(lines.index[m])


def _comparisons(lines: pd.DataFrame) -> list[dict]:
    """Each identity with its terms as (line index, +1 for a part, -1 for the whole); the 三公 ones carry theirs."""
    out = []
    for c in hierarchy_comparisons(lines):
        if c.get("unchecked"):
            continue  # two tables run together: no identity to name a cell by
        k, t, ms = c["table_kind"], c["table_title"], c["measure"]
        terms = [(i, -1) for i in _index(lines, k, t, ms, c["row"]["row"], c["row"]["code"])[:1]]
        for kid in c["parts"]:
            terms += [(i, 1) for i in _index(lines, k, t, ms, kid["row"], kid["code"])[:1]]
        out.append(dict(c, terms=terms))
    for c in row_comparisons(lines):
        k, t, r = c["table_kind"], c["table_title"], c["row"]["row"]
        terms = [(i, -1) for i in _index(lines, k, t, c["identity"], r)[:1]]
        for p in c["parts"]:
            terms += [(i, 1) for i in _index(lines, k, t, p, r)[:1]]
        out.append(dict(c, terms=terms))
    return out + [c for c in three_public_comparisons(lines) if not c.get("unchecked")]


def _closes(c: dict, line: int, delta: float) -> bool:
    sign = dict(c["terms"]).get(line)
    if sign is None:
        return not _fails(c)
    moved = dict(c, actual=c["actual"] + delta) if sign > 0 else dict(c, expected=c["expected"] + delta)
    return not _fails(moved)


def _candidates(lines: pd.DataFrame, comps: list[dict], failing: list[dict]):
    seen = set()
    for c in failing:
        gap = c["expected"] - c["actual"]
        for line, sign in c["terms"]:
            r = lines.loc[line]
            alt = r["amount_yuan"] + gap if sign > 0 else r["amount_yuan"] - gap
            # a faint '-' is the one sign OCR loses: a negative alternative stands only as the read value's negative
            lost_sign = alt < 0 < r["amount_yuan"] and abs(alt + r["amount_yuan"]) < 0.005
            if (line, round(alt, 2)) in seen or pd.isna(r["decimals"]) or (alt < 0 <= r["amount_yuan"] and not lost_sign):
                continue
            seen.add((line, round(alt, 2)))
            scale = 10000.0 if r["unit_printed"] == "万元" else 1.0
            dec = int(r["decimals"])
            how = "漏识负号" if lost_sign else misreading(_digits(r["amount_yuan"], scale, dec), _digits(alt, scale, dec))
            if not how:
                continue
            mine = [x for x in comps if line in dict(x["terms"])]
            closed = [x for x in failing if line in dict(x["terms"]) and _closes(x, line, alt - r["amount_yuan"])]
            broken = [x for x in mine if not _fails(x) and not _closes(x, line, alt - r["amount_yuan"])]
            yield dict(line=line, alt=round(alt, 2), how=how, closed=closed, broken=broken, scale=scale, dec=dec)


@register
def ocr_suspect_cells(doc) -> list[dict]:
    lines = doc.lines
    if lines.empty or "ocr_confidence" not in lines or lines["ocr_confidence"].isna().all():
        return []
    out = []
    ocr_tables = lines[lines["ocr_confidence"].notna()][["table_kind", "table_title"]].drop_duplicates()
    for kind, title in ocr_tables.itertuples(index=False):
        table = lines[(lines["table_kind"] == kind) & (lines["table_title"] == title)]
        comps = _comparisons(table)
        failing = [c for c in comps if _fails(c)]
        while failing:
            best = max(_candidates(table, comps, failing), default=None,
                       key=lambda k: (len(k["closed"]) - len(k["broken"]),
                                      -_conf(table.loc[k["line"], "ocr_confidence"])))
            if best is None or not best["closed"] or len(best["broken"]) >= len(best["closed"]):
                break
            out.append(_suspect(table.loc[best["line"]], best))
            failing = [c for c in failing if all(c is not x for x in best["closed"])]
        if failing:
            pages = sorted({int(table.loc[i, "page"]) for c in failing for i, _ in c["terms"]
                            if pd.notna(table.loc[i, "page"])})
            out.append(finding("ocr_suspect_cell", "warning",
                               f"OCR 识别的「{title}」有 {len(failing)} 处合计关系不符，无法以单个数字误识解释"
                               f"（页 {', '.join(map(str, pages))}），需人工核对", table_kind=kind,
                               page=pages[0] if pages else None))
    return out


def _conf(v) -> float:
    return 1.0 if pd.isna(v) else float(v)


def _suspect(r: pd.Series, k: dict) -> dict:
    read = f"{r['amount_yuan'] / k['scale']:,.{k['dec']}f}"
    alt = f"{k['alt'] / k['scale']:,.{k['dec']}f}"
    conf = "" if pd.isna(r["ocr_confidence"]) else f"，OCR 置信度 {r['ocr_confidence']:.2f}"
    where = f"p{int(r['page'])} " if pd.notna(r["page"]) else ""
    name = r["name"] or r["code"]
    return finding("ocr_suspect_cell", "warning",
                   f"「{r['table_title']}」{where}第 {int(r['row'])} 行 {r['code']} {name} "
                   f"{MEASURE_TITLES.get(r['measure'], r['measure'])}：识别为 {read}，若为 {alt}（{k['how']}）则 "
                   f"{len(k['closed'])} 处合计关系相符{conf}；疑为误识，未自动更正",
                   expected=k["alt"], actual=float(r["amount_yuan"]), table_kind=r["table_kind"],
                   code=r["code"], page=int(r["page"]) if pd.notna(r["page"]) else None)

