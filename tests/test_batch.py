"""Batches: ids that never collide, resume, per-file isolation and exit codes, a kill mid-run, the process
pool and a Dask LocalCluster equal to a serial run. Documents are small real ones (tests/minidocs.py)."""
import errno
import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

import budget_analysis as ba
from budget_analysis import cli
from budget_analysis.document.meta import disambiguate, doc_id_for
from budget_analysis.store import batch, store as store_mod
from conftest import ROOT
from minidocs import mini_text


def corpus(folder, n: int):
    """n distinct small documents (the 20805 total differs, so do the bytes), in two sub-folders."""
    return [mini_text(folder / ("a" if i % 2 else "b") / f"doc{i:02d}.txt",
                      {"\t20805\t行政事业单位养老支出\t358061\t": f"\t20805\t行政事业单位养老支出\t{358061 + i}\t"})
            for i in range(n)]


def frames(out) -> dict[str, pd.DataFrame]:
    """Every table of a store, sorted, with categories as plain strings: what two stores must agree on."""
    s = ba.load_store(out)
    got = {"meta": s.meta.drop(columns=["problems"], errors="ignore")}
    for name in ("lines", "findings", "tables", "claims"):
        got[name] = getattr(s, name)
    out_ = {}
    for name, df in got.items():
        df = df.astype({c: "string" for c in df.columns if isinstance(df[c].dtype, pd.CategoricalDtype)})
        out_[name] = df.sort_values(list(df.columns[:6])).reset_index(drop=True)
    return out_


def assert_same_store(a, b):
    fa, fb = frames(a), frames(b)
    for name in fa:
        pd.testing.assert_frame_equal(fa[name], fb[name], check_dtype=False, obj=name)


def test_ids_never_collide_and_stay_stable(tmp_path):
    raw = tmp_path / "raw"
    mini_text(raw / "xian" / "budget.txt")
    mini_text(raw / "yanan" / "budget.txt", tail="\n")             # other bytes, same name
    mini_text(raw / "xian" / "copy.txt")                            # the same bytes as xian/budget.txt
    mini_text(raw / "!!!.txt", tail="\n\n")
    long = raw / ("预" * 82 + ".txt")                                # 246 + 4 bytes: the longest name allowed
    mini_text(long, tail="\n\n\n")
    assert len(long.name.encode()) == 250
    summary = batch.run([raw], tmp_path / "out", jobs=1, progress=False)
    status = {os.path.relpath(r.path, raw): (r.status, r.doc_id, r.reason) for r in summary.results}
    other = disambiguate("budget", "raw/yanan/budget.txt")
    assert status["xian/budget.txt"] == ("read", "budget", "")
    assert status["yanan/budget.txt"] == ("read", other, "")
    assert status["xian/copy.txt"][0] == "skipped" and status["xian/copy.txt"][2].startswith("same bytes as ")
    assert status["!!!.txt"][:2] == ("read", doc_id_for("!!!.txt")) and doc_id_for("!!!.txt").startswith("doc_")
    long_id = status[long.name][1]
    assert len(long_id.encode()) <= 80 and long_id.startswith("预" * 20)
    (tmp_path / f"{long_id}.html").write_text("a report's file name fits")
    store = ba.load_store(tmp_path / "out")
    assert sorted(store.meta["doc_id"]) == sorted(["budget", other, doc_id_for("!!!.txt"), long_id])
    assert summary.exit_code == 0
    again = batch.run([raw], tmp_path / "out", jobs=1, progress=False, force=True)   # same ids on a rerun
    assert {r.path: r.doc_id for r in again.results if r.doc_id} == \
        {r.path: r.doc_id for r in summary.results if r.doc_id}
    # a later run with only the second budget.txt does not overwrite the first one's document
    solo = batch.run([raw / "yanan"], tmp_path / "out", jobs=1, progress=False)
    assert [(r.doc_id, r.status) for r in solo.results] == [(other, "skipped")]


def test_resume_skips_unchanged_and_redoes_changed(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    files = corpus(raw, 3)
    out = tmp_path / "out"
    first = batch.run([raw], out, jobs=1, progress=False)
    assert first.counts["read"] == 3
    stamps = store_mod.doc_stamps(out)
    second = batch.run([raw], out, jobs=1, progress=False)
    assert [r.status for r in second.results] == ["skipped"] * 3 and {r.reason for r in second.results} == {"unchanged"}
    assert store_mod.doc_stamps(out) == stamps                       # nothing rewritten
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third = batch.run([raw], out, jobs=1, progress=False)
    assert {r.doc_id: r.status for r in third.results} == {"doc00": "read", "doc01": "skipped", "doc02": "skipped"}
    monkeypatch.setattr(batch, "READER_VERSION", "next")
    monkeypatch.setattr(store_mod, "READER_VERSION", "next")
    assert batch.run([raw], out, jobs=1, progress=False).counts["read"] == 3
    assert ba.load_store(out).meta["reader_version"].tolist() == ["next"] * 3
    assert batch.run([raw], out, jobs=1, progress=True, force=True).counts["read"] == 3
    bar = capsys.readouterr().err                                    # tqdm on stderr: counts, rate and ETA
    assert "extract: 100%" in bar and "3/3" in bar and "read=3" in bar and "doc/s" in bar
    log = [json.loads(l) for l in (out / batch.RUN_LOG).read_text(encoding="utf-8").splitlines()]
    assert [l["totals"] for l in log if "totals" in l] == [{"read": 3}, {"skipped": 3}, {"read": 1, "skipped": 2},
                                                             {"read": 3}, {"read": 3}]


def test_one_bad_file_never_stops_the_others(tmp_path, monkeypatch, capsys):
    raw = tmp_path / "raw"
    corpus(raw, 3)
    (raw / "notes.txt").write_text("这不是预算公开文件。\n", encoding="utf-8")
    from budget_analysis.document import disclosure  # the worker imports its helpers when it runs
    from_raw = disclosure.from_raw

    def explode(raw_doc, doc_id, **kw):
        if doc_id == "doc01":
            raise RuntimeError("a bug in a normaliser")
        return from_raw(raw_doc, doc_id, **kw)

    monkeypatch.setattr(disclosure, "from_raw", explode)
    write = store_mod.write_disclosure

    def disk_full(doc, out):
        if doc.doc_id == "doc02":
            raise OSError(errno.ENOSPC, "No space left on device")
        return write(doc, out)

    monkeypatch.setattr(store_mod, "write_disclosure", disk_full)
    code = cli.main(["extract", str(raw), "--out", str(tmp_path / "out"), "--jobs", "1"])
    err = capsys.readouterr().err.splitlines()
    assert code == 2                                                  # the disk is an environment error
    assert err == [f"error: {raw / 'a' / 'doc01.txt'}: RuntimeError: a bug in a normaliser",
                   f"error: {raw / 'b' / 'doc02.txt'}: cannot write {tmp_path / 'out'}: No space left on device",
                   f"error: {raw / 'notes.txt'}: not a budget disclosure (no budget table recognised)"]
    assert ba.load_store(tmp_path / "out").meta["doc_id"].tolist() == ["doc00"]   # the good file is written
    assert not any((tmp_path / "out" / ".tmp").iterdir())
    monkeypatch.setattr(disclosure, "from_raw", from_raw)
    monkeypatch.setattr(store_mod, "write_disclosure", write)
    assert cli.main(["extract", str(raw), "--out", str(tmp_path / "out"), "-q"]) == 1   # only the refusal left
    assert capsys.readouterr().out == ""


def test_usage_and_environment_exit_2(tmp_path, capsys):
    doc = mini_text(tmp_path / "doc.txt")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert cli.main(["extract", str(doc), "--out", str(blocker / "store")]) == 2
    assert f"error: {blocker / 'store'}: the store cannot be written" in capsys.readouterr().err
    import fcntl
    (tmp_path / "busy").mkdir()
    with open(tmp_path / "busy" / ".lock", "a") as held:              # another run holds the store
        fcntl.flock(held, fcntl.LOCK_EX)
        assert cli.main(["extract", str(doc), "--out", str(tmp_path / "busy")]) == 2
    assert "another run is writing this store" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert cli.main(["extract", str(tmp_path / "empty"), "--out", str(tmp_path / "o")]) == 2   # no input files
    assert cli.main(["extract", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")]) == 1  # a refusal
    assert cli.main(["extract", str(doc), "--jobs", "0", "--out", str(tmp_path / "o")]) == 2
    with pytest.raises(SystemExit) as exc:
        cli.main(["extract", "--bogus"])
    assert exc.value.code == 2


def test_kill_mid_run_then_rerun_equals_clean_run(tmp_path):
    raw = tmp_path / "raw"
    corpus(raw, 6)
    out, clean = tmp_path / "killed", tmp_path / "clean"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "budget_analysis.cli", "extract", str(raw), "--out", str(out),
                             "--jobs", "1", "-q"], env=env, cwd=ROOT)
    deadline = time.time() + 120
    while time.time() < deadline and not store_mod.doc_folders(out) and proc.poll() is None:
        time.sleep(0.02)
    was_running = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert was_running, "the run ended before it could be killed"
    done = len(store_mod.doc_folders(out))
    assert 1 <= done < 6
    # what a kill can leave: a temporary folder mid-write, and (from older versions) a folder without meta.json
    (out / ".tmp" / "doc05.half").mkdir(parents=True, exist_ok=True)
    (out / ".tmp" / "doc05.half" / "lines.parquet").write_bytes(b"PAR1 cut")
    (out / "doc04x").mkdir(exist_ok=True)
    assert len(ba.load_store(out).meta) == done                       # loads, and sees only whole documents
    assert batch.run([raw], out, jobs=1, progress=False).counts == {"read": 6 - done, "skipped": done}
    batch.run([raw], clean, jobs=1, progress=False)
    assert_same_store(out, clean)
    assert not (out / ".tmp" / "doc05.half").exists()


def test_process_pool_and_dask_equal_a_serial_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    raw = tmp_path / "raw"
    corpus(raw, 4)
    serial = batch.run([raw], tmp_path / "serial", jobs=1, progress=False)
    pooled = batch.run([raw], tmp_path / "pool", jobs=2, progress=False)
    assert serial.counts == pooled.counts == {"read": 4}
    assert_same_store(tmp_path / "serial", tmp_path / "pool")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as lc, \
            distributed.Client(lc) as client:
        on_dask = batch.run([raw], tmp_path / "dask", scheduler=client, progress=False)
        address = lc.scheduler_address
        assert cli.main(["extract", str(raw), "--out", str(tmp_path / "dask_cli"), "--scheduler", address,
                         "-q"]) == 0
    assert on_dask.counts == {"read": 4}
    assert_same_store(tmp_path / "serial", tmp_path / "dask")
    assert_same_store(tmp_path / "serial", tmp_path / "dask_cli")


def test_a_worker_that_dies_fails_its_file_only(tmp_path, monkeypatch):
    # a crash in C code or the OOM killer ends the worker process; the pool (fork) inherits this patch
    from budget_analysis.document import disclosure
    from_raw = disclosure.from_raw

    def die(raw_doc, doc_id, **kw):
        if doc_id == "doc01":
            os._exit(9)
        return from_raw(raw_doc, doc_id, **kw)

    monkeypatch.setattr(disclosure, "from_raw", die)
    raw = tmp_path / "raw"
    corpus(raw, 3)
    summary = batch.run([raw], tmp_path / "out", jobs=2, progress=False)
    assert {r.doc_id: (r.status, r.reason) for r in summary.results} == {
        "doc00": ("read", ""), "doc01": ("failed", "the worker process died reading this file"),
        "doc02": ("read", "")}
    assert summary.exit_code == 1
