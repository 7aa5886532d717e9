"""Batch machinery at scale: extract throughput at 1 and 2 workers, a rerun of unchanged files, and the
compacted dataset of 1,000 documents (load_store of one year's lines, a typical query: time and peak memory).

    .venv/bin/python benchmarks/bench_batch.py [--extract-docs 40] [--docs 1000] [--work /tmp/ba_bench_batch]

Documents are copies of the founding sample (data/raw/, distinct bytes so distinct ids and hashes). Extraction
is timed on `--extract-docs` copies at 1 and 2 workers (the reader's own speed is bench_pdf.py's subject); the
1,000-document store is those documents' folders copied under distinct ids and spread over four years (what
is measured there is the store, not the reader). The machine's load average is printed with each timing:
on a shared machine the 2-worker speed-up is bounded by the cores actually free.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyarrow as pa  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

from budget_analysis.normalise.schema import COLUMNS  # noqa: E402
from budget_analysis.store import batch, dataset  # noqa: E402

SAMPLE = ROOT / "data" / "raw" / "zizhou_pension_center_2024_budget.txt"
YEARS = (2021, 2022, 2023, 2024)


def copies(folder: Path, n: int, prefix: str = "doc") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    text = SAMPLE.read_bytes()
    out = []
    for i in range(n):
        p = folder / f"{prefix}{i:05d}.txt"
        p.write_bytes(text + b"\n" * (i % 7) + f"<!-- {i} -->".encode())  # distinct bytes, same tables
        out.append(p)
    return out


def load() -> tuple[float, ...]:
    return tuple(round(x, 1) for x in os.getloadavg())


def timed_run(paths, out: Path, jobs: int) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    before, start, cpu = load(), time.perf_counter(), _children_cpu() + time.process_time()
    summary = batch.run(paths, out, jobs=jobs, progress=False)
    seconds = time.perf_counter() - start
    return dict(jobs=jobs, seconds=round(seconds, 2), docs=summary.counts["read"],
                docs_per_s=round(summary.counts["read"] / seconds, 3), load_before=before, load_after=load(),
                cpu_s=round(_children_cpu() + time.process_time() - cpu, 1))


def _children_cpu() -> float:
    r = os.times()
    return r.children_user + r.children_system


def big_store(template: Path, sources: list[Path], out: Path) -> None:
    """`len(sources)` document folders copied from `template` under distinct ids, each with its own source's
    hash and path (so a rerun over `sources` finds every one unchanged), years spread over YEARS."""
    shutil.rmtree(out, ignore_errors=True)
    meta0 = json.loads((template / "meta.json").read_text(encoding="utf-8"))
    tables = {name: pq.read_table(template / f"{name}.parquet") for name in COLUMNS}
    for i, src in enumerate(sources):
        doc_id = src.stem
        folder = out / doc_id
        folder.mkdir(parents=True)
        for name, t in tables.items():
            col = t.schema.get_field_index("doc_id")
            t2 = t.set_column(col, "doc_id", pa.array([doc_id] * t.num_rows, pa.string()))
            for c in ("amount_yuan", "actual", "expected"):  # each copy its own figures: no free compression
                if c in t2.column_names:
                    k = t2.schema.get_field_index(c)
                    scaled = pc.round(pc.multiply(t2.column(c), 1 + (i * 7919 % 1000) / 997), 2)
                    t2 = t2.set_column(k, c, scaled)
            pq.write_table(t2, folder / f"{name}.parquet")
        meta = {**meta0, "doc_id": doc_id, "sha256": hashlib.sha256(src.read_bytes()).hexdigest(),
                "source_path": str(src), "year": YEARS[i % len(YEARS)],
                "unit_name": f"{meta0['unit_name']}{i % 250:03d}"}
        (folder / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")


_PROBE = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
import budget_analysis as ba, duckdb, pyarrow
def rss():
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
before = rss()
t, cpu = time.perf_counter(), time.process_time()
{body}
seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
print(json.dumps(dict(seconds=round(seconds, 3), cpu_s=round(cpu, 3), rss_growth_mib=round(rss() - before, 1),
                      peak_rss_mib=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                      result_mib=round(float(size) / 2**20, 1), rows=int(rows))))
"""


def probe(body: str) -> dict:
    """Time and peak RSS growth of `body` in a fresh process (imports done before the clock starts)."""
    code = _PROBE.format(root=str(ROOT), body=body)
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(r.stdout.strip().splitlines()[-1])


def _logged_rate(out: Path) -> float:
    """Documents per second of the first run logged in `out` (the 2-worker extraction of an earlier run)."""
    for line in (out / batch.RUN_LOG).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        if "totals" in rec:
            return rec["totals"].get("read", 0) / rec["seconds"]
    raise SystemExit(f"no run logged in {out}: run without --store-only first")


def disk_mib(folder: Path) -> float:
    return round(sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20, 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--extract-docs", type=int, default=40)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--work", default="/tmp/ba_bench_batch")
    ap.add_argument("--store-only", action="store_true",
                    help="skip the extraction timings; reuse WORK/out1 from an earlier run as the template")
    args = ap.parse_args()
    work = Path(args.work)
    report = {"cores": len(os.sched_getaffinity(0))}
    if not args.store_only:
        shutil.rmtree(work, ignore_errors=True)
        few = copies(work / "raw_few", args.extract_docs)
        one = timed_run(few, work / "out1", 1)
        two = timed_run(few, work / "out2", 2)
        report["extract"] = [one, two]
        report["speedup_2_vs_1"] = round(two["docs_per_s"] / one["docs_per_s"], 2)
        start = time.perf_counter()
        again = batch.run(few, work / "out1", jobs=1, progress=False)
        rerun = time.perf_counter() - start
        report["rerun_few"] = dict(seconds=round(rerun, 3), skipped=again.counts["skipped"],
                                   share_of_first=round(rerun / one["seconds"], 4))
    docs_per_s = report["extract"][1]["docs_per_s"] if "extract" in report else _logged_rate(work / "out2")
    shutil.rmtree(work / "raw_many", ignore_errors=True)
    many = copies(work / "raw_many", args.docs, prefix="big")
    template = batch.doc_folders(work / "out1")[0]
    big_store(template, many, work / "store")
    start, cpu = time.perf_counter(), time.process_time()
    dataset.compact(work / "store")
    report["compact"] = dict(seconds=round(time.perf_counter() - start, 2), cpu_s=round(time.process_time() - cpu, 2))
    start = time.perf_counter()
    again = batch.run(many, work / "store", jobs=2, progress=False)
    rerun = time.perf_counter() - start
    first_estimate = args.docs / docs_per_s
    report["rerun_many"] = dict(docs=args.docs, seconds=round(rerun, 2), skipped=again.counts["skipped"],
                                share_of_first_estimated=round(rerun / first_estimate, 4))
    store = str(work / "store")
    report["dataset_mib"] = disk_mib(work / "store" / "_dataset")
    report["dataset_lines_2024_mib"] = disk_mib(work / "store" / "_dataset" / "lines" / "year=2024")
    report["documents_on_disk_mib"] = round(sum(disk_mib(f) for f in batch.doc_folders(work / "store")), 1)
    result = "rows, size = len(df), df.memory_usage(deep=True).sum()"
    report["load_store_year_lines"] = probe(
        f"df = ba.load_store({store!r}, filters=[('year', '=', 2024)]).lines\n{result}")
    report["load_store_all_lines"] = probe(f"df = ba.load_store({store!r}).lines\n{result}")
    report["query"] = probe(
        f"df = ba.query({store!r}, \"SELECT unit, table_kind, code, sum(amount_yuan) AS yuan FROM lines "
        f"WHERE year = 2024 AND measure = 'total' GROUP BY ALL\")\n{result}")
    report["query_findings_all_years"] = probe(
        f"df = ba.query({store!r}, \"SELECT year, check_id, count(*) AS n FROM findings GROUP BY ALL\")\n{result}")
    report["load_after"] = load()
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
