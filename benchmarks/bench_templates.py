"""Template generalisation meter (issue 12, classes 3–7) on ../shared/wide documents.

For each document: the share of printed coded amounts found in `lines` (a text-layer row of pypdfium2 that
starts with a 功能/经济 code — `2010101 行政运行 …`, `[201]一般公共服务支出 …`, `201 01 01 …` — whose amounts are
looked up at that code, page and printed value), and tables recognised / printed (grids whose title names a
table, 表 or 明细, against those given a kind). Raw reads are cached under /tmp so reruns only normalise.

    PYTHONPATH=$PWD python benchmarks/bench_templates.py ../shared/wide/guangzhou/*.pdf
"""
from __future__ import annotations

import hashlib
import pickle
import re
import sys
from pathlib import Path

from budget_analysis.document.disclosure import from_raw
from budget_analysis.errors import ReadError
from budget_analysis.readers import read_raw

CACHE = Path("/tmp/tpl_raw_cache")
_ROW = re.compile(r"^\s*(?:\[(\d{3})\]|(\d{3})\s+(\d{2})(?:\s+(\d{2}))?(?=\s*[^\d\s])|(\d{3}(?:\d{2}){0,2})(?!\d))")
_AMOUNT = re.compile(r"(?<![\d.])-?\d{1,3}(?:,\d{3})*(?:\.\d{1,2})(?![\d%])|(?<![\d.,])-?\d+\.\d{1,2}(?![\d%])")

_TOTAL = re.compile(r"\s(?=合\s*计|总\s*计)")


def raw_of(path: Path):
    """The reader's RawDocument, from the cache when the file bytes were read before."""
    CACHE.mkdir(exist_ok=True)
    key = CACHE / (hashlib.sha256(path.read_bytes()).hexdigest()[:16] + ".pkl")
    if key.exists():
        return pickle.loads(key.read_bytes())
    raw = read_raw(path)
    key.write_bytes(pickle.dumps(raw))
    return raw


# a further code inside the same text line, after an amount or a blank cell: two blocks printed side by side
# (Putuo 决算 基本支出表 `301 工资福利支出 2,082.85 302 商品和服务支出 171.07`), or a table whose text layer has no
# line breaks (Putuo 2025 `208 05 06 … 705,443.00 208 05 99 …`)
_NEXT = re.compile(r"(?<=\s)(?=(?:\[\d{3}\]|[235]\d{2}(?:\s\d{2}){1,2}|[235]\d{2}(?:\d{2}){0,2})\s*[\u4e00-\u9fff（(])")


def printed_coded(raw) -> list[tuple[str, int, float]]:
    """(code, page, value) for each amount on a text-layer row that starts with a classification code."""
    out = []
    for page, text in raw.text:
        for line in text.splitlines():
            for part in _NEXT.split(line) if _ROW.match(line) else []:
                m = _ROW.match(part)
                if not m:
                    continue
                code = m.group(1) or (m.group(2) + m.group(3) + (m.group(4) or "") if m.group(2) else m.group(5))
                if code[0] not in "235":  # 功能 2xx, 经济 3xx / 5xx; `119 西安市统计局` is a unit row, no code
                    continue
                rest = _TOTAL.split(part[m.end():])[0]  # a one-line text layer runs on into the 合计 row
                if not re.match(r"\s*[\u4e00-\u9fff（(]", rest):  # a code is followed by its name
                    continue
                for a in _AMOUNT.findall(rest):
                    out.append((code, page, float(a.replace(",", ""))))
    return out


def found_in(lines, printed: list[tuple[str, int, float]]) -> int:
    """How many printed (code, page, value) are in `lines` at that code and page, in the printed unit. A line
    without a code is looked up at its unit code: a 汇总 table's unit rows (西安 人社局 2020 p49 `242 西安市人力资源和
    社会保障局 267.78 …`) print the unit's code where other rows print a classification code."""
    scale = lines["unit_printed"].astype(object).map({"万元": 10000.0}).fillna(1.0).astype(float)
    codes = lines["code"].fillna("").where(lines["code"].fillna("") != "", lines["unit_code"].fillna(""))
    have: dict = {}
    for code, page, value in zip(codes, lines["page"], lines["amount_yuan"].astype(float) / scale):
        have.setdefault((code, page), []).append(value)
    return sum(any(abs(v - value) < 0.006 for v in have.get((code, page), [])) for code, page, value in printed)


def measure(path: Path) -> dict:
    raw = raw_of(path)
    try:
        doc = from_raw(raw, path.stem)
    except ReadError as exc:
        return dict(doc=str(path), refused=exc.reason if hasattr(exc, "reason") else str(exc))
    lines = doc.lines
    printed = printed_coded(raw)
    found = found_in(lines, printed)
    inv = [g for g in doc.raw.grids if re.search(r"表|明细", g.title or "")]
    kinds = doc.tables
    titled = kinds[kinds["title"].str.contains("表|明细", regex=True) & kinds["found"]]
    recognised = int((titled["kind"] != "").sum())
    return dict(doc=str(path), printed=len(printed), found=found,
                share=round(found / len(printed), 3) if printed else None,
                tables=len(titled), recognised=recognised, grids_titled=len(inv), lines=len(lines),
                claims=len(doc.claims))


def main(paths: list[str]) -> None:
    for p in paths:
        try:
            r = measure(Path(p))
        except Exception as exc:  # noqa: BLE001 (a benchmark reports and goes on)
            r = dict(doc=p, error=f"{type(exc).__name__}: {exc}")
        print(r, flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
