"""One document per task, and the executors that run tasks: in this process, a process pool, or Dask.

`extract_one` never raises: whatever goes wrong while reading or writing one file becomes that file's result
(status and reason), so no file can stop the others. Executors yield results as tasks finish.
"""
from __future__ import annotations

import errno
import logging
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass, field

from ..readers.settings import DEFAULT_BACKEND

log = logging.getLogger(__name__)

_ENVIRONMENT = {errno.ENOSPC, errno.EROFS, errno.EACCES, errno.EPERM, errno.EDQUOT, errno.ENAMETOOLONG}


@dataclass
class Task:
    path: str
    doc_id: str
    sha256: str
    out: str
    backend: str = DEFAULT_BACKEND
    ocr: str = "auto"               # which image pages are OCR'd (Settings.ocr)


@dataclass
class Result:
    path: str
    doc_id: str
    status: str                 # read | refused | failed | environment | skipped
    reason: str = ""
    seconds: float = 0.0
    counts: dict = field(default_factory=dict)
    summary: str = ""

    def record(self) -> dict:
        return asdict(self)


def extract_one(task: Task) -> Result:
    """Read one file and write its document atomically into the store; every exception becomes the result."""
    from ..document.disclosure import from_raw
    from ..errors import ReadError
    from ..readers import read_raw
    from ..readers.settings import Settings
    from .store import write_disclosure
    start = time.perf_counter()
    res = Result(task.path, task.doc_id, "read")
    try:
        settings = Settings(backend=task.backend, ocr=task.ocr)
        raw = read_raw(task.path, backend=task.backend, ocr=task.ocr)
        doc = from_raw(raw, task.doc_id, sha256=task.sha256, settings=settings)
        try:
            write_disclosure(doc, task.out)
        except OSError as exc:
            res.status = "environment" if exc.errno in _ENVIRONMENT else "failed"
            res.reason = f"cannot write {task.out}: {exc.strerror or exc}"
        else:
            res.counts = _counts(doc)
            res.summary = summary_line(doc)
    except ReadError as exc:
        res.status, res.reason = "refused", exc.message
    except MemoryError:
        res.status, res.reason = "failed", "out of memory while reading"
    except Exception as exc:  # noqa: BLE001 (per-file isolation)
        res.status, res.reason = "failed", f"{type(exc).__name__}: {exc}"[:500]
    res.seconds = round(time.perf_counter() - start, 3)
    return res


def _counts(doc) -> dict:
    sev = doc.findings["severity"].value_counts()
    return dict(tables=int(doc.tables["found"].sum()), lines=len(doc.lines), projects=len(doc.projects),
                indicators=len(doc.indicators), claims=len(doc.claims),
                error=int(sev.get("error", 0)), warning=int(sev.get("warning", 0)), info=int(sev.get("info", 0)))


def summary_line(doc) -> str:
    c = _counts(doc)
    return (f"{doc.doc_id}: {doc.meta.get('unit_name') or '?'} {doc.meta.get('year') or '?'} · "
            f"{c['tables']} tables, {c['lines']} lines, {c['projects']} projects, "
            f"{c['indicators']} indicators, {c['claims']} claims · findings: "
            f"{c['error']} error, {c['warning']} warning, {c['info']} info" + _accounted(doc))


def _accounted(doc) -> str:
    """` · accounted 97.5% of 1,234 printed amounts` (document/quality.py), or nothing when none were counted."""
    from ..document.quality import share
    q = getattr(doc, "quality", None)
    value = share(q) if q is not None and len(q) else None
    if value is None:
        return ""
    return f" · accounted {value:.1%} of {int(q['numbers_printed'].sum()):,} printed amounts"


def run_serial(tasks: list[Task]):
    for t in tasks:
        yield extract_one(t)


def run_processes(tasks: list[Task], jobs: int):
    """A process pool, at most 2×jobs tasks in flight. A worker that dies (a crash in C code, the OOM killer)
    breaks the pool and every task in flight with it: the rest go on in a new pool, and each task that was in
    flight is then run alone in a pool of its own, so only the file that kills its worker fails."""
    pending = list(reversed(tasks))
    suspects: list[Task] = []
    while pending:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            running: dict = {}
            broken = False
            while (pending or running) and not broken:
                while pending and len(running) < 2 * jobs:
                    t = pending.pop()
                    running[pool.submit(extract_one, t)] = t
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for fut in done:
                    t = running.pop(fut)
                    try:
                        yield fut.result()
                    except BrokenProcessPool:
                        broken = True
                        suspects.append(t)
            if broken:
                suspects += running.values()
                log.warning("a worker process died; %d tasks will be retried one by one", len(suspects))
    for t in suspects:
        with ProcessPoolExecutor(max_workers=1) as alone:
            try:
                yield alone.submit(extract_one, t).result()
            except BrokenProcessPool:
                yield Result(t.path, t.doc_id, "failed", "the worker process died reading this file")


def run_dask(tasks: list[Task], scheduler):
    """The same tasks on a Dask distributed cluster (`scheduler`: an address such as tcp://host:8786, or a
    Client); the store must be a path every worker can write."""
    from distributed import Client, as_completed
    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        futures = client.map(extract_one, tasks, pure=False)
        by_key = {f.key: t for f, t in zip(futures, tasks)}
        for fut in as_completed(futures):
            t = by_key[fut.key]
            try:
                yield fut.result()
            except Exception as exc:  # noqa: BLE001 (a worker lost: that file's failure, not the run's)
                yield Result(t.path, t.doc_id, "failed", f"dask worker: {type(exc).__name__}: {exc}"[:500])
            fut.release()
    finally:
        if client is not scheduler:
            client.close()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return os.cpu_count() or 1
