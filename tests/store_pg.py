"""The run history in PostgreSQL, end to end: a server from Debian's package
is started in a temporary folder on a free port (as the postgres user when
run as root), and the same weekly runs go into it and into a SQLite file;
history, diff, baselines and report --run must say the same from both,
parallel writers must each land whole, and bad URLs, refused connections,
wrong passwords and a newer schema must be refused with nothing written.
Without PostgreSQL's server programs, every check is reported skipped.

Usage: /usr/bin/python3 store_pg.py PLANNER SOURCE_ROOT   (prints TAP)
"""
import glob
import json
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile

import openpyxl

import taplib
from taplib import FIXED, ok, run, tool

taplib.PLANNER = sys.argv[1]
ROOT = sys.argv[2]
EXAMPLE = os.path.join(ROOT, "examples", "core-migration.yaml")
PROGRESS = os.path.join(ROOT, "examples", "core-migration-progress.csv")
SMALL = os.path.join(ROOT, "tests", "data", "progress", "project.yaml")
CHECKS = 10  # reported skipped without a server


class Server:
    """A throw-away PostgreSQL server: role planner (password 'secret')
    over TCP on 127.0.0.1, trust on its own socket for set-up."""

    def __init__(self, tmp):
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL's server programs are not "
                               "installed (Debian package postgresql)")
        self.bin = os.path.dirname(found[-1])
        self.dir = os.path.join(tmp, "pg")
        os.makedirs(self.dir)
        self.user = None
        if os.getuid() == 0:  # the server refuses to run as root
            self.user = pwd.getpwnam("postgres")
            os.chown(self.dir, self.user.pw_uid, self.user.pw_gid)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        pw = os.path.join(self.dir, "pw")
        self.as_owner(["sh", "-c", f"echo secret > {pw}"])
        self.as_owner([os.path.join(self.bin, "initdb"), "-D",
                       os.path.join(self.dir, "data"), "-U", "planner",
                       "--pwfile", pw, "--auth-local=trust",
                       "--auth-host=scram-sha-256"])
        self.as_owner([os.path.join(self.bin, "pg_ctl"), "-D",
                       os.path.join(self.dir, "data"), "-w", "-l",
                       os.path.join(self.dir, "log"), "-o",
                       f"-p {self.port} -k {self.dir} "
                       "-c listen_addresses=127.0.0.1", "start"])

    def as_owner(self, args):
        if self.user:
            args = ["runuser", "-u", "postgres", "--", *args]
        r = subprocess.run(args, capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(" ".join(args) + ": " + r.stderr[-500:])
        return r

    def url(self, db, password="secret"):
        return f"postgresql://planner:{password}@127.0.0.1:{self.port}/{db}"

    def sql(self, db, statement):
        """Runs statement over the socket; returns its rows as text."""
        r = self.as_owner([os.path.join(self.bin, "psql"), "-At", "-h",
                           self.dir, "-p", str(self.port), "-U", "planner",
                           "-d", db, "-c", statement])
        return r.stdout.strip()

    def stop(self):
        self.as_owner([os.path.join(self.bin, "pg_ctl"), "-D",
                       os.path.join(self.dir, "data"), "-m", "immediate",
                       "stop"])


def report_rows(path):
    wb = openpyxl.load_workbook(path)
    return {ws.title: [r for r in ws.iter_rows(values_only=True)
                       if r and r[0] != "Recorded (UTC)"]
            for ws in wb.worksheets if ws.title != "History"}


def weeks(db, out):
    """Two weekly runs of the example into db; their exit codes."""
    a = run("run", EXAMPLE, "--db", db, "-o", out, "--status-date",
            "2026-04-20", "-q", *FIXED)
    b = run("run", EXAMPLE, "--db", db, "-o", out, "--status-date",
            "2026-04-27", "--progress", PROGRESS, "-q", *FIXED)
    return a.returncode, b.returncode, a.stderr + b.stderr


def main():
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o755)
        try:
            server = Server(tmp)
        except (RuntimeError, KeyError, OSError) as e:
            for _ in range(CHECKS):
                taplib.skip("PostgreSQL store", str(e).splitlines()[0])
            taplib.finish()
        try:
            checks(server, tmp)
        finally:
            server.stop()
    taplib.finish()


def unit_checks(server):
    """tests/test_store.c's round trip and rollback against PostgreSQL;
    its TAP lines become checks here."""
    exe = os.path.join(os.path.dirname(taplib.PLANNER), "tests",
                       "test_store")
    for db in ("a", "b"):
        server.sql("postgres", f"CREATE DATABASE {db}")
    prefix = server.url("")
    r = subprocess.run([*taplib.WRAPPER, exe, EXAMPLE,
                        os.path.join(ROOT, "tests", "data", "db",
                                     "schema-v1.sql"), prefix],
                       capture_output=True, text=True)
    lines = [l for l in r.stdout.splitlines()
             if l.startswith(("ok ", "not ok "))]
    for line in lines:
        name = line.split(" - ", 1)[-1]
        ok(line.startswith("ok "), "store unit test on PostgreSQL: " + name)
    ok(r.returncode == 0 and len(lines) >= 20,
       f"test_store against PostgreSQL: {len(lines)} checks, exit 0",
       r.stdout[-800:] + r.stderr[-800:])


def checks(server, tmp):
    unit_checks(server)
    server.sql("postgres", "CREATE DATABASE weekly")
    url = server.url("weekly")
    lite = os.path.join(tmp, "weekly.db")
    rc_pg = weeks(url, os.path.join(tmp, "o1"))
    rc_lite = weeks(lite, os.path.join(tmp, "o2"))
    ok(rc_pg[:2] == (0, 0) and rc_lite[:2] == (0, 0) and
       server.sql("weekly", "SELECT version FROM planner_meta") ==
       str(sqlite3.connect(lite).execute("pragma user_version").fetchone()[0]),
       "two weekly runs into PostgreSQL and into SQLite; the same schema "
       "version", rc_pg[2])
    hist = [json.loads(run("history", "--db", d, "--json").stdout or "[]")
            for d in (url, lite)]
    keep = ("run", "project", "status_date", "start", "finish", "makespan",
            "lower_bound", "status", "compared_with", "bac", "pv", "ev",
            "ac", "baselines")
    ok(len(hist[0]) == 2 and
       [{k: h[k] for k in keep} for h in hist[0]] ==
       [{k: h[k] for k in keep} for h in hist[1]],
       "history says the same from both", hist)
    diffs = [run("diff", "1", "2", "--db", d, "--json").stdout
             for d in (url, lite)]
    ok(diffs[0] and diffs[0] == diffs[1], "diff says the same from both",
       diffs[0][:500])
    reports = []
    for d, o in ((url, "r1"), (lite, "r2")):
        r = run("report", "--db", d, "--run", "2", "-o",
                os.path.join(tmp, o), "-q")
        reports.append(report_rows(os.path.join(tmp, o, "status.xlsx"))
                       if r.returncode == 0 else {})
    ok(reports[0] and reports[0] == reports[1],
       "report --run 2 is cell for cell the same from both (run times "
       "aside)", [k for k in reports[0] if reports[0][k] != reports[1][k]])
    r = run("baseline", "set", "signed-off", "--run", "1", "--db", url)
    listed = run("baseline", "list", "--db", url).stdout
    g = run("gantt", "--db", url, "--run", "2", "-o", os.path.join(tmp, "g"),
            "-q")
    ok(r.returncode == 0 and "signed-off" in listed and g.returncode == 0 and
       os.path.exists(os.path.join(tmp, "g", "gantt.pdf")),
       "baselines and gantt --run work on PostgreSQL", r.stderr + listed)

    # Several machines at once: each run lands whole.
    server.sql("postgres", "CREATE DATABASE team")
    team = server.url("team")
    procs = [subprocess.Popen(
        taplib.command("run", SMALL, "--db", team, "-o",
                       os.path.join(tmp, f"p{i}"), "-q", *FIXED),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(6)]
    results = [p.communicate() + (p.returncode,) for p in procs]
    counts = server.sql("team", "SELECT r.id, count(t.task_id) FROM run r "
                        "JOIN run_task t ON t.run_id = r.id GROUP BY r.id "
                        "ORDER BY r.id").splitlines()
    ok(all(rc == 0 for _, _, rc in results) and len(counts) == 6 and
       len({c.split("|")[1] for c in counts}) == 1 and
       server.sql("team", "SELECT count(*) FROM baseline") == "1",
       "six runs at once from six processes: six whole runs, one initial "
       "baseline", (counts, [e for _, e, _ in results if e][:2]))

    # Refusals, each writing nothing.
    before = server.sql("weekly", "SELECT count(*) FROM run")
    bad = [
        ("a refused connection", server.url("weekly").replace(
            str(server.port), "1"), "Connection refused"),
        ("a wrong password", server.url("weekly", "wrong"),
         "password authentication failed"),
        ("a malformed URL", "postgresql://[oops", "cannot open"),
    ]
    for label, target, want in bad:
        r = run("run", EXAMPLE, "--db", target, "-o",
                os.path.join(tmp, "nope"), "-q", *FIXED)
        ok(r.returncode == 1 and want in r.stderr and
           ":wrong@" not in r.stderr and ":secret@" not in r.stderr and
           not os.path.exists(os.path.join(tmp, "nope", "gantt.pdf")),
           f"{label}: exit 1, a clear message, no password shown, nothing "
           "written", r.stderr)
    server.sql("weekly", "UPDATE planner_meta SET version = 99")
    r = run("history", "--db", url)
    after = server.sql("weekly", "SELECT count(*) FROM run")
    ok(r.returncode == 1 and "schema version 99, newer than this planner"
       in r.stderr and before == after,
       "a newer schema is refused", r.stderr)


main()
