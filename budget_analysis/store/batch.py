"""A batch: plan (hash each file once, give it a doc_id that never collides, skip what the store already holds),
run the tasks on an executor, log every file's outcome to OUT/_runs.jsonl, then compact the dataset.

Exit codes of a run: 0 every file read (or unchanged), 1 some refused or failed, 2 the environment (the store
cannot be written: read-only, full, missing permissions).
"""
from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..document import meta as _meta
from ..errors import BudgetAnalysisError
from ..readers import READER_VERSION, input_files
from .pool import Result, Task, default_jobs, run_dask, run_processes, run_serial
from .store import TMP, clear_temporary, doc_folders, read_meta
from ..readers.settings import DEFAULT_BACKEND

log = logging.getLogger(__name__)
RUN_LOG = "_runs.jsonl"
REFUSED = "_refused.json"   # sha256 → reason, reader_version: a refusal is not re-read until either changes
STATUSES = ("read", "refused", "failed", "environment", "skipped")


class StoreUnwritable(BudgetAnalysisError):
    """The store folder cannot be written (read-only, full, no permission): an environment error, exit 2."""


@dataclass
class RunSummary:
    results: list[Result] = field(default_factory=list)
    seconds: float = 0.0
    log_path: Path | None = None
    compact_error: str = ""

    @property
    def counts(self) -> Counter:
        return Counter(r.status for r in self.results)

    @property
    def exit_code(self) -> int:
        c = self.counts
        if c["environment"] or self.compact_error:
            return 2
        return 1 if c["refused"] or c["failed"] else 0

    def line(self) -> str:
        c = self.counts
        env = f", environment {c['environment']}" if c["environment"] else ""
        return (f"run: read {c['read']}, refused {c['refused']}, failed {c['failed']}{env}, skipped {c['skipped']}"
                f" in {self.seconds:.1f} s (log {self.log_path})")


def plan(paths, out: str | Path, backend: str = DEFAULT_BACKEND, force: bool = False, ocr: str = "auto"):
    """(tasks to run, results already known): unreadable paths, duplicates of other files' bytes, and documents
    the store holds from the same bytes and reader version."""
    out = Path(out)
    known: list[Result] = []
    files: list[tuple[Path, str]] = []
    refused = {} if force else read_refused(out)
    seen_paths, seen_bytes = set(), {}
    for path in input_files(paths):
        key = os.path.abspath(path)
        if key in seen_paths:
            continue
        seen_paths.add(key)
        if not path.exists():
            known.append(Result(str(path), "", "refused", "no such file"))
            continue
        try:
            sha = _meta.sha256(path)
        except OSError as exc:
            known.append(Result(str(path), "", "refused", f"cannot read file ({exc.strerror or exc})"))
            continue
        if sha in seen_bytes:
            known.append(Result(str(path), "", "skipped", f"same bytes as {seen_bytes[sha]}"))
            log.warning("%s: same bytes as %s, read once", path, seen_bytes[sha])
            continue
        seen_bytes[sha] = str(path)
        if (r := refused.get(sha)) and r.get("reader_version") == READER_VERSION:
            known.append(Result(str(path), r.get("doc_id", ""), "refused", r["reason"]))
            continue
        files.append((path, sha))
    tasks = []
    for (path, sha), doc_id in zip(files, assign_ids(files, out)):
        stored = _stored(out, doc_id)
        if not force and stored and stored.get("sha256") == sha and stored.get("reader_version") == READER_VERSION:
            known.append(Result(str(path), doc_id, "skipped", "unchanged"))
            continue
        tasks.append(Task(str(path), doc_id, sha, str(out), backend, ocr))
    return tasks, known


def read_refused(out: Path) -> dict:
    try:
        return json.loads((out / REFUSED).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _remember_refusals(out: Path, tasks: list[Task], results: list[Result]) -> None:
    """Keep the refusals of this run (by source bytes) so a rerun reports them without reading again."""
    by_path = {t.path: t.sha256 for t in tasks}
    refused = read_refused(out)
    before = dict(refused)
    for r in results:
        if r.path in by_path:
            if r.status == "refused":
                refused[by_path[r.path]] = {"reason": r.reason, "path": r.path, "doc_id": r.doc_id,
                                            "reader_version": READER_VERSION}
            else:
                refused.pop(by_path[r.path], None)
    if refused == before:
        return
    tmp = out / TMP / f"refused.{uuid.uuid4().hex[:8]}"
    try:
        tmp.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(refused, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(tmp, out / REFUSED)
    except OSError as exc:
        log.error("%s: not written (%s)", out / REFUSED, exc.strerror or exc)


def assign_ids(files: list[tuple[Path, str]], out: Path) -> list[str]:
    """Stable ids: the file stem, unless another file of this run or a document already in the store (from
    another file: other bytes, another folder) has it; then the stem plus a hash of the file's last folders
    and name."""
    base = [_meta.doc_id_for(p) for p, _ in files]
    groups: dict[str, list[int]] = {}
    for i, b in enumerate(base):
        groups.setdefault(b, []).append(i)
    ids = list(base)
    for b, members in groups.items():
        stored = _stored(out, b)
        if stored:
            owner = next((i for i in members if _same_source(files[i], stored)), None)
        else:
            owner = members[0]
        for i in members:
            if i != owner:
                ids[i] = _meta.disambiguate(b, Path(*files[i][0].parts[-3:]))
    if len(set(ids)) < len(ids):  # same stem and same last folders: the whole path decides
        count = Counter(ids)
        ids = [_meta.disambiguate(b, files[i][0].resolve()) if count[ids[i]] > 1 and ids[i] != b else ids[i]
               for i, b in enumerate(base)]
    return ids


def _same_source(file: tuple[Path, str], stored: dict) -> bool:
    """The stored document came from this file: the same bytes, or the same file name in a folder of the same
    name (a re-published file, also after the whole input tree moved)."""
    path, sha = file
    src = stored.get("source_path") or ""
    return stored.get("sha256") == sha or (bool(src) and Path(src).parts[-2:] == Path(path).parts[-2:])


def _stored(out: Path, doc_id: str) -> dict | None:
    try:
        return read_meta(out / doc_id)
    except (OSError, ValueError):
        return None


def check_writable(out: Path) -> None:
    """Fail early, with the reason, when the store cannot be written at all."""
    try:
        (out / TMP).mkdir(parents=True, exist_ok=True)
        probe = out / TMP / f"probe.{uuid.uuid4().hex[:8]}"
        probe.write_bytes(b"x" * 4096)
        probe.unlink()
    except OSError as exc:
        raise StoreUnwritable(f"{out}: the store cannot be written ({exc.strerror or exc})") from exc


def run(paths, out: str | Path, backend: str = DEFAULT_BACKEND, jobs: int | None = None, scheduler=None,
        force: bool = False, progress: bool | None = None, compact: bool = True, ocr: str = "auto") -> RunSummary:
    """Extract every file of `paths` into the store `out`: resumable, one task per document, each file's
    outcome in the summary and in OUT/_runs.jsonl. Raises StoreUnwritable before any work if `out` cannot
    be written."""
    out = Path(out)
    start = time.perf_counter()
    check_writable(out)
    with _exclusive(out):
        return _run(paths, out, backend, jobs, scheduler, force, progress, compact, start, ocr)


def _run(paths, out: Path, backend, jobs, scheduler, force, progress, compact, start, ocr="auto") -> RunSummary:
    clear_temporary(out)  # what a killed run left half-written (no other run writes: the lock says so)
    tasks, known = plan(paths, out, backend, force, ocr)
    jobs = jobs or default_jobs()
    summary = RunSummary(results=list(known), log_path=out / RUN_LOG)
    run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:6]
    if scheduler is not None:
        results = run_dask(tasks, scheduler)
    elif jobs > 1 and len(tasks) > 1:
        results = run_processes(tasks, min(jobs, len(tasks)))
    else:
        results = run_serial(tasks)
    with _RunLog(out / RUN_LOG, run_id) as runlog, _progress(len(tasks), progress, len(known)) as bar:
        for r in known:
            runlog.write(r)
        for r in results:
            summary.results.append(r)
            runlog.write(r)
            log.info("%s: %s %s", r.path, r.status, r.reason)  # the caller reports failures, in input order
            if bar is not None:
                bar.update(1)
                bar.set_postfix(_postfix(summary.counts), refresh=False)
        _remember_refusals(out, tasks, summary.results)
        if compact and (any(r.status == "read" for r in summary.results) or not _dataset_current(out)):
            try:
                from .dataset import compact as _compact
                _compact(out)
            except OSError as exc:
                summary.compact_error = f"{out}: the dataset could not be written ({exc.strerror or exc})"
                log.error("%s", summary.compact_error)
        summary.seconds = time.perf_counter() - start
        runlog.summary(summary, jobs if scheduler is None else "dask")
    order = {os.path.abspath(p): i for i, p in enumerate(map(str, input_files(paths)))}
    summary.results.sort(key=lambda r: order.get(os.path.abspath(r.path), len(order)))
    return summary


class _exclusive:
    """One writing run per store (OUT/.lock, released by the system when the process dies)."""

    def __init__(self, out: Path):
        self.path, self.f = out / ".lock", None

    def __enter__(self):
        import fcntl
        self.f = open(self.path, "a")
        try:
            fcntl.flock(self.f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            self.f.close()
            raise StoreUnwritable(f"{self.path.parent}: another run is writing this store") from exc
        return self

    def __exit__(self, *exc):
        self.f.close()


def _dataset_current(out: Path) -> bool:
    from .dataset import is_current
    return is_current(out) or not doc_folders(out)


def _postfix(c: Counter) -> dict:
    return {"read": c["read"], "refused": c["refused"], "failed": c["failed"] + c["environment"],
            "skipped": c["skipped"]}


class _progress:
    """tqdm on stderr with counts and ETA (off when asked, or when stderr is not a terminal and not asked)."""

    def __init__(self, total: int, enabled: bool | None, skipped: int):
        self.total, self.enabled, self.skipped = total, enabled, skipped
        self.bar = None

    def __enter__(self):
        if self.enabled is False or not self.total:
            return None
        from tqdm import tqdm
        self.bar = tqdm(total=self.total, unit="doc", desc="extract", disable=None if self.enabled is None
                        else False, dynamic_ncols=True)
        return self.bar

    def __exit__(self, *exc):
        if self.bar is not None:
            self.bar.close()


class _RunLog:
    """OUT/_runs.jsonl: one JSON line per file as it finishes (a killed run keeps what it did), then the run."""

    def __init__(self, path: Path, run_id: str):
        self.path, self.run_id, self.f = path, run_id, None

    def __enter__(self):
        try:
            self.f = open(self.path, "a", encoding="utf-8")
        except OSError as exc:
            log.error("%s: run log not written (%s)", self.path, exc.strerror or exc)
        return self

    def write(self, r: Result) -> None:
        self._line({"run": self.run_id, **r.record()})

    def summary(self, s: RunSummary, jobs) -> None:
        self._line({"run": self.run_id, "totals": dict(s.counts), "seconds": round(s.seconds, 3), "jobs": jobs,
                    "reader_version": READER_VERSION, "exit_code": s.exit_code,
                    "load_average": list(os.getloadavg()) if hasattr(os, "getloadavg") else None})

    def _line(self, record: dict) -> None:
        if self.f is None:
            return
        try:
            self.f.write(json.dumps(record, ensure_ascii=False) + "\n")
            self.f.flush()
        except OSError as exc:  # a full disk: the documents matter more than their log
            log.error("%s: run log line lost (%s)", self.path, exc.strerror or exc)

    def __exit__(self, *exc):
        if self.f is not None:
            try:
                self.f.close()
            except OSError:
                pass
