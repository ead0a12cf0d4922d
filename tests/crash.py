"""Crash safety: 'planner run' killed with SIGKILL at random moments, 50
times, never leaves a damaged database, a partial run, or a damaged PDF or
xlsx; a disk that fills up (a file size limit) gives a clear error and
leaves the earlier outputs as they were.

Usage: /usr/bin/python3 crash.py PLANNER SOURCE_ROOT   (prints TAP)
"""
import hashlib
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile

import openpyxl

import taplib
from taplib import FIXED, ok, run, tool

taplib.PLANNER = sys.argv[1]
ROOT = sys.argv[2]
PROJECT = os.path.join(ROOT, "examples", "website.yaml")
KILLS = 50


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def outputs_valid(out):
    """Both outputs exist and open: qpdf checks the PDF, openpyxl the xlsx."""
    pdf, xlsx = os.path.join(out, "gantt.pdf"), os.path.join(out,
                                                           "status.xlsx")
    if tool("qpdf", "--check", pdf).returncode != 0:
        return "gantt.pdf fails qpdf --check"
    try:
        zipfile.ZipFile(xlsx).testzip()
        openpyxl.load_workbook(xlsx)
    except Exception as e:  # any damage at all is a failure
        return f"status.xlsx does not open: {e}"
    return None


def database_state(db, n_tasks):
    """None if the database is intact and holds whole runs only."""
    con = sqlite3.connect(db)
    try:
        if con.execute("pragma integrity_check").fetchone()[0] != "ok":
            return "integrity_check fails"
        rows = con.execute("select r.id, count(t.task_id) from run r "
                           "left join run_task t on t.run_id = r.id "
                           "group by r.id").fetchall()
        partial = [(i, n) for i, n in rows if n != n_tasks]
        return f"partial runs {partial}" if partial else None
    finally:
        con.close()


def runs(db):
    con = sqlite3.connect(db)
    n = con.execute("select count(*) from run").fetchone()[0]
    con.close()
    return n


def test_kills(tmp):
    db, out = os.path.join(tmp, "p.db"), os.path.join(tmp, "out")
    args = taplib.command("run", PROJECT, "-o", out, "--db", db, "-q",
                          *FIXED)
    t0 = time.monotonic()
    first = subprocess.run(args, capture_output=True, text=True)
    took = time.monotonic() - t0
    ok(first.returncode == 0, "a first run writes the outputs", first.stderr)
    con = sqlite3.connect(db)
    n_tasks = con.execute("select count(*) from run_task").fetchone()[0]
    con.close()
    rng = random.Random(20261123)
    problems, completed, killed = [], 0, 0
    for i in range(KILLS):
        before = runs(db)
        p = subprocess.Popen(args, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, took * 1.3))
        p.send_signal(signal.SIGKILL)
        rc = p.wait()
        if rc == 0:
            completed += 1
        else:
            killed += 1
        after = runs(db)
        why = database_state(db, n_tasks) or outputs_valid(out)
        if not why and after not in (before, before + 1):
            why = f"runs went from {before} to {after}"
        if why:
            problems.append(f"kill {i + 1}: {why}")
    ok(not problems,
       f"{KILLS} SIGKILLs ({killed} during the run, {completed} after it "
       f"ended): database intact with whole runs, outputs valid",
       "\n".join(problems[:10]))
    ok(killed >= KILLS // 4, "most kills landed while the run was working",
       f"killed {killed}, completed {completed}, a run takes {took:.3f} s")
    # Leftover temporary files of killed runs do not stop the next run.
    r = run("run", PROJECT, "-o", out, "--db", db, "-q", *FIXED)
    ok(r.returncode == 0 and not outputs_valid(out),
       "a run after the kills succeeds", r.stderr)


def limit_file_size():
    resource.setrlimit(resource.RLIMIT_FSIZE, (30000, 30000))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def mount_small_disk(path):
    """A 60 KiB tmpfs at path (root only); False when it cannot be had."""
    os.makedirs(path, exist_ok=True)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=60k", "tmpfs",
                        path], capture_output=True)
    return r.returncode == 0


def test_full_disk(tmp):
    """The outputs' folder fills up (a small tmpfs when this runs as root,
    else a file size limit on the whole process)."""
    out = os.path.join(tmp, "full")
    db = os.path.join(tmp, "d.db")
    small = mount_small_disk(out)
    how = "a full disk" if small else "a file size limit"
    try:
        r = run("run", PROJECT, "-o", out, "--db", db, "-q", *FIXED)
        ok(r.returncode == 0, f"{how}: a first run fits", r.stderr)
        pdf, xlsx = (os.path.join(out, "gantt.pdf"),
                     os.path.join(out, "status.xlsx"))
        saved = (digest(pdf), digest(xlsx), runs(db))
        r = subprocess.run(taplib.command("run", PROJECT, "-o", out,
                                          "--db", db, "-q", *FIXED),
                           capture_output=True,
                           text=True,
                           preexec_fn=None if small else limit_file_size)
        said = (("cannot write '%s'" % pdf in r.stderr or
                 "cannot write '%s'" % xlsx in r.stderr) if small
                else "error:" in r.stderr)
        ok(r.returncode == 1 and said,
           f"{how}: the run fails with exit 1 and names what it could not "
           "write", f"exit {r.returncode}: {r.stderr}")
        ok((digest(pdf), digest(xlsx), runs(db)) == saved,
           f"{how}: last run's PDF, xlsx and database are untouched")
        leftovers = [f for f in os.listdir(out) if f.startswith(".")]
        ok(not leftovers, f"{how}: no temporary files are left behind",
           leftovers)
    finally:
        if small:
            subprocess.run(["umount", out])


def test_newer_schema(tmp):
    db = os.path.join(tmp, "new.db")
    con = sqlite3.connect(db)
    con.execute("create table x (a)")
    con.execute("pragma user_version = 99")
    con.commit()
    con.close()
    saved = digest(db)
    r = run("run", PROJECT, "-o", os.path.join(tmp, "nout"), "--db", db,
            "-q", *FIXED)
    ok(r.returncode == 1 and "schema version 99" in r.stderr and
       digest(db) == saved and not os.path.exists(os.path.join(tmp, "nout",
                                                              "gantt.pdf")),
       "a database from a newer planner is refused and left alone", r.stderr)


with tempfile.TemporaryDirectory() as tmp:
    if not taplib.WRAPPER:  # kills under valgrind test valgrind, not us
        test_kills(tmp)
    test_full_disk(tmp)
    test_newer_schema(tmp)
taplib.finish()
