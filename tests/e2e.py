"""End-to-end tests: drive the planner binary, then read what it wrote with
tools no one here wrote (qpdf, pdffonts, pdftotext, openpyxl, sqlite3).

Usage: /usr/bin/python3 e2e.py PLANNER SOURCE_ROOT   (prints TAP)
"""
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time

import openpyxl

import taplib
from taplib import FIXED, ok, run, tool

taplib.PLANNER = sys.argv[1]
ROOT = sys.argv[2]


def example(rel):
    return os.path.join(ROOT, "examples", rel)


def solve_json(path):
    r = run("solve", path, "--json", *FIXED)
    return json.loads(r.stdout) if r.returncode == 0 else None


def check_pdf(pdf, names, label):
    r = tool("qpdf", "--check", pdf)
    ok(r.returncode == 0, f"{label}: qpdf --check passes", r.stdout + r.stderr)
    r = tool("pdffonts", pdf)
    rows = [l for l in r.stdout.splitlines()[2:] if l.strip()]
    # columns: name type encoding emb sub uni object ID; emb is 4th from end
    emb = [l.split()[-5] for l in rows]
    ok(r.returncode == 0 and rows and all(e == "yes" for e in emb),
       f"{label}: every font is embedded", r.stdout)
    r = tool("pdftotext", "-layout", pdf, "-")
    text = re.sub(r"\s+", "", r.stdout)
    missing = [n for n in names if re.sub(r"\s+", "", n) not in text]
    ok(r.returncode == 0 and not missing,
       f"{label}: pdftotext finds all {len(names)} task names",
       "missing: " + ", ".join(missing[:10]))
    return r.stdout


SHEETS = ["Summary", "Tasks", "Milestones", "Resources", "Changes", "Risks",
          "Change requests", "History", "S-curve"]
# With three-point estimates, after Milestones.
RISK_SHEETS = SHEETS[:3] + ["Schedule risk"] + SHEETS[3:]


def columns(ws):
    """Header name -> 0-based column index of a report sheet."""
    return {c.value: i for i, c in enumerate(ws[1]) if c.value}


def check_xlsx(path, sched, label, estimates):
    wb = openpyxl.load_workbook(path)
    ok(wb.sheetnames == (RISK_SHEETS if estimates else SHEETS),
       f"{label}: report sheets", wb.sheetnames)
    ws = wb["Tasks"]
    col = columns(ws)
    want = ["WBS", "ID", "Name", "Owner", "Priority", "State", "% complete",
            "Start", "Finish", "Baseline start", "Baseline finish",
            "Finish variance (d)", "Total float (d)", "Critical", "Late"]
    ok(all(h in col for h in want), f"{label}: Tasks header", list(col))
    ok(ws.freeze_panes == "D2",
       f"{label}: header row and WBS, ID, name columns frozen",
       ws.freeze_panes)
    ok(bool(ws.auto_filter.ref), f"{label}: autofilter set")
    ok(len(ws.conditional_formatting) >= 1,
       f"{label}: late and critical rows have conditional formats")
    by_id = {t["id"]: t for t in sched["tasks"]}
    bad = []
    for row in ws.iter_rows(min_row=2, values_only=True):
        tid, start, finish = row[col["ID"]], row[col["Start"]], \
            row[col["Finish"]]
        t = by_id.get(tid)
        if (t is None or not isinstance(start, datetime.datetime)
                or start.date().isoformat() != t["start"]
                or finish.date().isoformat() != t["finish"]):
            bad.append((tid, start, finish, t and (t["start"], t["finish"])))
    ok(ws.max_row - 1 == len(sched["tasks"]) and not bad,
       f"{label}: task dates are Excel dates equal to solve --json",
       bad[:5])
    summ = {r[0]: r[1] for r in wb["Summary"].iter_rows(min_row=2,
                                                        values_only=True)
            if r[0]}
    fin = summ.get("Forecast finish")
    ok(isinstance(fin, datetime.datetime)
       and fin.date().isoformat() == sched["finish"],
       f"{label}: summary finish date matches", summ)
    crit = sum(1 for t in sched["tasks"] if t["critical"] and not t["summary"])
    ok(summ.get("Critical tasks (open)") == crit,
       f"{label}: summary critical count",
       (summ.get("Critical tasks (open)"), crit))
    ok(len(wb["Summary"]._charts) >= 1,
       f"{label}: Summary carries the earned-value chart")
    # Who does the work: the Assigned column names the people solve --json
    # assigns; free float is never above total float.
    names = {}
    for t in sched["tasks"]:
        names[t["id"]] = {a["name"] for a in t["assignments"]}
    wrong, above = [], []
    for row in ws.iter_rows(min_row=2, values_only=True):
        tid, who = row[col["ID"]], row[col["Assigned"]] or ""
        listed = {re.sub(r" \d+%$", "", w) for w in who.split(", ") if w}
        if listed != names.get(tid, set()):
            wrong.append((tid, who, names.get(tid)))
        tf, ff = row[col["Total float (d)"]], row[col["Free float (d)"]]
        if tf is not None and (ff is None or ff > tf):
            above.append((tid, tf, ff))
    ok(any(names.values()) and not wrong,
       f"{label}: Tasks names the assigned people", wrong[:5])
    ok(not above, f"{label}: free float <= total float", above[:5])
    # Stakeholder sheets speak in working days and dates, without solver
    # terms.
    jargon = []
    for name in ("Summary", "Tasks", "Milestones", "Changes"):
        for row in wb[name].iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str) and re.search(
                        r"\bslots?\b|ga\+|milp|sgs-|makespan|solver", v):
                    jargon.append((name, v))
    ok(not jargon, f"{label}: no solver terms on the report's sheets",
       jargon[:5])
    right = {r[3]: r[4] for r in wb["Summary"].iter_rows(min_row=2,
                                                         values_only=True)
             if len(r) > 4 and r[3]}
    plan = right.get("Plan") or ""
    ok(right.get("Duration (working days)") == sched["makespan"] and
       right.get("Shortest possible (working days)") ==
       sched["lower_bound"] and
       (plan == "no plan with these people finishes sooner") ==
       (sched["status"] == "optimal"),
       f"{label}: duration, shortest possible and the verdict in working "
       "days", right)


def test_example(rel, status_date):
    path = example(rel)
    label = rel
    sched = solve_json(path)
    if not ok(sched is not None, f"{label}: solve --json parses"):
        return
    with tempfile.TemporaryDirectory() as tmp:
        out, db = os.path.join(tmp, "out"), os.path.join(tmp, "planner.db")
        r = run("run", path, "-o", out, "--db", db, "--status-date",
                status_date, *FIXED)
        ok(r.returncode == 0, f"{label}: run exits 0", r.stderr)
        ok(sorted(os.listdir(out)) == ["gantt.pdf", "status.xlsx"]
           if os.path.isdir(out) else False,
           f"{label}: run leaves exactly gantt.pdf and status.xlsx")
        names = [t["name"] for t in sched["tasks"]]
        check_pdf(os.path.join(out, "gantt.pdf"), names, label)
        with open(path, encoding="utf-8") as f:
            estimates = "estimate:" in f.read()
        check_xlsx(os.path.join(out, "status.xlsx"), sched, label, estimates)
        con = sqlite3.connect(db)
        runs = con.execute("select id, status, finish from run").fetchall()
        ok(len(runs) == 1 and runs[0][2] == sched["finish"],
           f"{label}: database holds the run", runs)
        n = con.execute("select count(*) from run_task where run_id=?",
                        (runs[0][0],)).fetchone()[0]
        ok(n == len(sched["tasks"]), f"{label}: one row per task", n)
        ok(con.execute("pragma user_version").fetchone()[0] == 5,
           f"{label}: schema version 5")
        con.close()
        r = run("run", path, "-o", out, "--db", db, "-q", *FIXED)
        con = sqlite3.connect(db)
        ok(r.returncode == 0 and
           con.execute("select count(*) from run").fetchone()[0] == 2,
           f"{label}: a second run is added, not replaced", r.stderr)
        ok(con.execute("pragma integrity_check").fetchone()[0] == "ok",
           f"{label}: database integrity")
        con.close()


def test_formula_text():
    """Input text is written as text: no formula, no hyperlink."""
    path = os.path.join(ROOT, "tests", "data", "yaml", "formula-text.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        r = run("run", path, "-o", tmp, "--db", os.path.join(tmp, "p.db"),
                *FIXED)
        ok(r.returncode == 0, "formula-like text: run exits 0", r.stderr)
        wb = openpyxl.load_workbook(os.path.join(tmp, "status.xlsx"))
        texts = ["=1+2", "+cmd|' /C calc'!A0", "http://example.com/x",
                 "@SUM(A1:A9)", "=2*3", "-1+1",
                 '=HYPERLINK("http://example.com","click")']
        found = {}
        for ws in wb:
            for row in ws.iter_rows():
                for c in row:
                    if c.value in texts:
                        found.setdefault(c.value, []).append(
                            (ws.title, c.data_type, c.hyperlink))
        bad = {k: v for k, v in found.items()
               if any(d != "s" or h is not None for _, d, h in v)}
        ok(set(found) == set(texts) and not bad,
           "formula-like text stays text (no formula, no link) in every "
           "sheet", (sorted(set(texts) - set(found)), bad))


def test_gbk_table():
    """A WBS table in GB18030 (what a Chinese Excel saves as 'CSV') is
    converted, with a note."""
    path = os.path.join("tests", "data", "csv", "gbk.yaml")
    r = run("solve", path, "--json", *FIXED, cwd=ROOT)
    d = json.loads(r.stdout) if r.returncode == 0 else {"tasks": []}
    ok([t["name"] for t in d["tasks"]] == ["需求调研", "系统设计", "上线"] and
       "read as GB18030" in r.stderr,
       "a GB18030 table is read, names intact, with a note", r.stderr)


def test_outsourcing():
    """A pool may buy capacity: used when it shortens the project, people
    first, and reported with its cost."""
    path = os.path.join(ROOT, "tests", "data", "yaml", "outsourcing.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        r = run("run", path, "-o", tmp, "--db", os.path.join(tmp, "p.db"),
                *FIXED)
        ok(r.returncode == 0 and "duration 11 working days" in r.stdout and
           "outsourced: 10.0 person-days, cost 6000.00" in r.stdout and
           "outsourcing bought: 10.0 person-days for 6000.00 finish the "
           "project 10 working days sooner, worth 7500.00 at a cost of "
           "delay of 750.00 a day" in r.stderr,
           "outsourcing: three tasks at once with two contractors, the "
           "minimum 10 person-days bought, worth the team's 750 a day",
           r.stdout + r.stderr)
        wb = openpyxl.load_workbook(os.path.join(tmp, "status.xlsx"))
        summ = {row[0]: row[1] for row in wb["Summary"].iter_rows(
            values_only=True) if row[0]}
        ok(summ.get("Outsourced person-days") == 10 and
           summ.get("Outsourcing cost") == 6000,
           "the report shows what was bought and its cost", summ)
        with open(path, encoding="utf-8") as f:
            text = re.sub(r", outsourcing: \{[^}]*\}", "", f.read())
        plain = os.path.join(tmp, "plain.yaml")
        with open(plain, "w", encoding="utf-8") as f:
            f.write(text)
        r = run("solve", plain, *FIXED)
        ok(r.returncode == 0 and "duration 21 working days" in r.stdout,
           "without outsourcing the same work takes 21 working days",
           r.stdout)
        # Not bought when it costs more than the days it saves are worth,
        # or when it breaks the budget.
        src = open(path, encoding="utf-8").read()
        cases = [
            ("a day rate of 1,000,000",
             src.replace("cost_per_day: 600", "cost_per_day: 1000000"),
             "outsourcing not bought: 10.0 person-days for 10000000.00 "
             "would finish 10 working days sooner, worth 7500.00"),
            ("a cost of delay of 100 a day",
             src.replace("start: 2026-03-02",
                         "start: 2026-03-02\ncost_of_delay: 100"),
             "outsourcing not bought: 10.0 person-days for 6000.00 would "
             "finish 10 working days sooner, worth 1000.00 at a cost of "
             "delay of 100.00 a day"),
            ("a budget of 10,000",
             src.replace("start: 2026-03-02",
                         "start: 2026-03-02\nbudget: 10000"),
             "outsourcing not bought: it would finish 10 working days "
             "sooner, but the plan would cost 10350.00, over the budget of "
             "10000.00"),
        ]
        for what, text, note in cases:
            variant = os.path.join(tmp, "variant.yaml")
            with open(variant, "w", encoding="utf-8") as f:
                f.write(text)
            r = run("solve", variant, *FIXED)
            ok(r.returncode == 0 and "duration 21 working days" in r.stdout
               and "outsourced" not in r.stdout and note in r.stderr,
               f"outsourcing is not bought with {what}", r.stdout + r.stderr)
        d = solve_json(path)
        costs = [t["cost"] for t in d["tasks"]] if d else []
        ok(d and d["cost_unit"] == "money" and d["cost_of_delay"] == 750 and
           abs(d["cost"] - sum(costs)) < 0.01 and
           abs(d["cost"] - 10350) < 0.01,
           "solve --json gives the cost per task and in all (10,350)",
           d and {k: d.get(k) for k in ("cost", "cost_unit",
                                        "cost_of_delay")})


def test_bad_inputs():
    bad_dir = os.path.join(ROOT, "tests", "data", "bad")
    for name in sorted(os.listdir(bad_dir)):
        if not name.endswith((".yaml", ".csv", ".xml", ".gan")) or name.startswith("_"):
            continue
        path = os.path.join(bad_dir, name)
        with open(os.path.join(bad_dir, name.rsplit(".", 1)[0] + ".err"),
                  encoding="utf-8") as f:
            want_exit = int(f.readline().split()[-1])
            want = f.read()
        # progress-*.csv are progress tables for a fixed small project.
        args = (["tests/data/progress/project.yaml", "--progress",
                 os.path.join("tests", "data", "bad", name)]
                if name.startswith("progress-") else [path])
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out")
            r = run("run", *args, "-o", out, "--db",
                    os.path.join(tmp, "p.db"), cwd=os.path.join(ROOT))
            got = r.stderr.replace(ROOT + "/", "")
            if taplib.WRAPPER:  # valgrind speaks for the YAML probe's child
                got = "".join(l for l in got.splitlines(True)
                              if not l.startswith("=="))
            ok(r.returncode == want_exit and got == want,
               f"bad input {name}: exit {want_exit} and the exact message",
               f"exit {r.returncode}\n{got}")
            ok(not os.path.exists(out) and
               not os.path.exists(os.path.join(tmp, "p.db")),
               f"bad input {name}: no output and no database written")


def test_cli():
    r = run("--help")
    ok(r.returncode == 0 and "Usage: planner" in r.stdout, "--help exits 0")
    r = run("--version")
    ok(r.returncode == 0 and r.stdout.startswith("planner "), "--version")
    r = run("frobnicate", "x.yaml")
    ok(r.returncode == 2 and "unknown command" in r.stderr,
       "unknown command exits 2", r.stderr)
    r = run("run")
    ok(r.returncode == 2, "missing file exits 2")
    r = run("check", "/nonexistent/p.yaml")
    ok(r.returncode == 1 and "cannot open '/nonexistent/p.yaml'" in r.stderr,
       "unreadable file exits 1 with the reason", r.stderr)
    r = run("check", example("website.yaml"), "--status-date", "2026-02-30")
    ok(r.returncode == 2 and "--status-date '2026-02-30'" in r.stderr,
       "bad --status-date exits 2", r.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o500)
        out = os.path.join(tmp, "out")
        r = run("run", example("website.yaml"), "-o", out, "--db",
                os.path.join(tmp, "x.db"))
        if os.geteuid() != 0:
            ok(r.returncode == 1 and "error:" in r.stderr,
               "unwritable folder exits 1", r.stderr)


def test_warnings_once():
    """A late weekly run warns once per deadline the critical path
    misses, though the Monte Carlo run builds the network again."""
    with tempfile.TemporaryDirectory() as tmp:
        r = run("run", example("core-migration.yaml"), "--progress",
                example("core-migration-progress.csv"), "--status-date",
                "2026-06-15", *FIXED, "-o", os.path.join(tmp, "out"),
                "--db", os.path.join(tmp, "p.db"))
    lines = [l for l in r.stderr.splitlines() if "warning:" in l]
    ok(r.returncode == 0 and "risk: P50" in r.stdout and
       len(lines) >= 2 and len(set(lines)) == len(lines),
       "run with progress: each warning once, the simulation ran",
       r.stderr)


def test_health_risk():
    """A deadline the plan keeps but the simulation over the estimates
    meets in under half its runs makes the status amber (and says why, in
    the report too); the same deadline a week later leaves it green."""
    text = ("project: At risk\nstart: 2026-03-02\ntasks:\n"
            "  - { id: build, duration: 10d, estimate: 8d..10d..25d }\n"
            "  - { id: ship, milestone: true, after: [build], "
            "deadline: %s }\n")
    for deadline, want in (("2026-03-16", "amber"), ("2026-03-27", "green")):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "p.yaml")
            with open(path, "w", encoding="utf-8") as f:
                f.write(text % deadline)
            out = os.path.join(tmp, "out")
            r = run("run", path, "-o", out, "--db", os.path.join(tmp, "p.db"),
                    "--json")
            d = json.loads(r.stdout) if r.returncode == 0 else {}
            health = d.get("health", {})
            xlsx = os.path.join(out, "status.xlsx")
            ws = openpyxl.load_workbook(xlsx) if d else None
            chance = at_risk = None
            if ws:
                rows = outlook_sheet(xlsx)
                head = rows[0] if rows else []
                chance = next((row[head.index("Chance of meeting the "
                                              "deadline")]
                               for row in rows[1:]
                               if row[head.index("ID")] == "ship"), None)
                facts = {row[0]: row[1] for row in
                         ws["Summary"].iter_rows(values_only=True)}
                at_risk = facts.get("At-risk tasks")
            why = "1 deadline met in under half the simulated runs"
            ok(d.get("finish", "9") <= deadline and chance is not None and
               (chance < 0.5) == (want == "amber") and
               health.get("status") == want and
               (why in health.get("why", "")) == (want == "amber") and
               ws["Summary"]["B3"].value == want.upper() and
               at_risk == (1 if want == "amber" else 0) and
               "simulation" in health.get("rule", ""),
               f"deadline {deadline}: kept by the plan, met in "
               f"{chance} of the runs: status {want}", (health, chance))


def test_late_bound():
    """A late plan (milestones past their deadlines on a later status
    date) still gets a bound on its finish above the critical path: the
    deadlines, soft, are left out of that search. Every plan any run finds
    finishes no sooner, and the plan is not called optimal."""
    late = [example("core-migration.yaml"), "--progress",
            example("core-migration-progress.csv"), "--status-date",
            "2026-06-15", "--json"]
    runs = {}
    for name, extra in (("engine", ["--time-limit", "5"]),
                        ("seed 2", ["--time-limit", "5", "--seed", "2"]),
                        ("heuristics", FIXED)):
        r = run("solve", *late, *extra)
        runs[name] = json.loads(r.stdout) if r.returncode == 0 else None
    # The same project without its deadlines: plans that need not keep
    # them, which the bound on the finish must not exceed either.
    with open(late[0], encoding="utf-8") as f:
        text = re.sub(r"(?m)^ *deadline: .*\n", "", f.read())
    with tempfile.TemporaryDirectory() as tmp:
        free = os.path.join(tmp, "no-deadlines.yaml")
        with open(free, "w", encoding="utf-8") as f:
            f.write(text)
        r = run("solve", free, *late[1:], "--time-limit", "5")
        runs["no deadlines"] = (json.loads(r.stdout) if r.returncode == 0
                                else None)
    e, h = runs["engine"], runs["heuristics"]
    if not ok(all(runs.values()) and "deadline" not in text,
              "the late plan solves three ways, and without its deadlines"):
        return
    ok(e["lateness"] > 0 and e["status"] == "feasible",
       "it is late and not called optimal", (e["lateness"], e["status"]))
    ok(e["lower_bound"] > h["lower_bound"],
       "the finish bound rises above the heuristics' (critical path)",
       (e["lower_bound"], h["lower_bound"]))
    low = min(x["makespan"] for x in runs.values())
    ok(e["lower_bound"] <= low,
       "no plan of any run finishes before it, the one without deadlines "
       "included", (e["lower_bound"], low))
    ok(e["lower_bound"] < e["makespan"],
       "and it stays below the late plan (a shorter one exists that is "
       "later on the deadlines)", (e["lower_bound"], e["makespan"]))


def test_deadline_chain():
    path = os.path.join("tests", "data", "yaml", "deadline-chain.yaml")
    r = run("solve", path, *FIXED, cwd=ROOT)
    want = (f"{path}:6:5: warning: task 'c' cannot finish by its deadline "
            "2026-03-10 even with unlimited people: 'a' -> 'b' -> 'c' "
            "finishes 2026-03-17 at the earliest\n")
    ok(r.returncode == 0 and r.stderr == want,
       "an impossible deadline is a warning naming the chain", r.stderr)
    r = run("solve", path, "--json", *FIXED, cwd=ROOT)
    diags = json.loads(r.stderr).get("diagnostics", []) if r.stderr else []
    ok(r.returncode == 0 and json.loads(r.stdout).get("tasks") and
       diags == [{"severity": "warning", "file": path, "line": 6,
                  "column": 5, "message": want.split("warning: ")[1][:-1]}],
       "under --json the warning comes as JSON on stderr", r.stderr)
    d = json.loads(r.stdout) if r.returncode == 0 else {"tasks": []}
    late = [t["id"] for t in d["tasks"] if t["late"]]
    ok(late == ["c"], "and the task is scheduled, shown late", late)
    # 'deadlines: hard' makes it an error: exit 3, nothing written.
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        text = f.read()
    with tempfile.TemporaryDirectory() as tmp:
        hard = os.path.join(tmp, "hard.yaml")

        def write_mode(mode):
            with open(hard, "w", encoding="utf-8") as f:
                f.write(text.replace("start: 2026-03-02\n",
                                     f"start: 2026-03-02\ndeadlines: {mode}\n"))

        write_mode("hard")
        out, db = os.path.join(tmp, "out"), os.path.join(tmp, "p.db")
        r = run("run", hard, "-o", out, "--db", db, *FIXED)
        want = (f"{hard}:7:5: error: task 'c' cannot finish by its deadline "
                "2026-03-10 even with unlimited people: 'a' -> 'b' -> 'c' "
                "finishes 2026-03-17 at the earliest\n")
        ok(r.returncode == 3 and r.stderr == want
           and not os.path.exists(out) and not os.path.exists(db),
           "with 'deadlines: hard' it is an error, exit 3, no output",
           (r.returncode, r.stderr))
        r = run("check", hard)
        ok(r.returncode == 3 and r.stderr == want,
           "and check reports it the same way", (r.returncode, r.stderr))
        write_mode("firm")
        r = run("check", hard)
        ok(r.returncode == 2 and r.stderr.startswith(
               f"{hard}:3:12: error: deadlines 'firm' is not valid"),
           "an unknown deadlines mode is an input error", r.stderr)


def test_reserve():
    """A reserve slows a person's effort-driven work; it does not lock them
    out of pool work: the website example, whose people keep 10% and 20%,
    finishes within 12% of the same project without reserves, and its
    JSON names who does each task."""
    with tempfile.TemporaryDirectory() as tmp:
        text = open(example("website.yaml"), encoding="utf-8").read()
        none = os.path.join(tmp, "website-no-reserve.yaml")
        with open(none, "w", encoding="utf-8") as f:
            f.write(re.sub(r"reserve: \d+%", "reserve: 0%", text))
        with_r, without = solve_json(example("website.yaml")), \
            solve_json(none)
        ok(with_r and without and "reserve: 10%" in text and
           with_r["makespan"] <= 1.12 * without["makespan"],
           "website: finish with reserves within 12% of without",
           with_r and without and (with_r["finish"], without["finish"]))
        people = {a["resource"] for t in (with_r or {"tasks": []})["tasks"]
                  for a in t["assignments"]}
        ok(people == {"alice", "bob", "carol"},
           "website: every person does some of the work", people)
        t = {t["id"]: t for t in (with_r or {"tasks": []})["tasks"]}
        asg = t.get("checkout", {}).get("assignments", [])
        ok(asg and all(set(a) == {"resource", "name", "units", "from", "to"}
                       for a in asg) and
           asg[0]["from"] == t["checkout"]["start"] and
           asg[-1]["to"] == t["checkout"]["finish"],
           "solve --json lists who does a task, with units and dates", asg)
        # The chart labels each bar with its people: Carol works on the
        # hosting task at 80%, which no grid column says.
        r = run("gantt", example("website.yaml"), "-o", tmp, *FIXED)
        text = tool("pdftotext", "-layout", os.path.join(tmp, "gantt.pdf"),
                    "-").stdout if r.returncode == 0 else ""
        ok("Carol Díaz 80%" in text,
           "the chart's bar label names the people and their share",
           r.stderr)


def test_json():
    """--json on the commands that report: run, check and diff print one
    JSON document on stdout, and so does a failure."""
    path = example("website.yaml")
    with tempfile.TemporaryDirectory() as tmp:
        out, db = os.path.join(tmp, "out"), os.path.join(tmp, "p.db")
        r = run("run", path, "-o", out, "--db", db, "--status-date",
                "2026-03-16", "--json", *FIXED)
        d = json.loads(r.stdout) if r.returncode == 0 else {}
        sched = solve_json(path) or {}
        ok(d.get("run") == 1 and d.get("finish") == sched.get("finish") and
           d.get("duration_days") == sched.get("makespan") and
           d.get("baseline", {}).get("run") == 1 and
           os.path.exists(d.get("gantt", "")) and
           os.path.exists(d.get("report", "")) and d.get("database") == db,
           "run --json: the run, its finish and duration, the baseline, "
           "the files", r.stdout + r.stderr)
        health = d.get("health", {})
        ok(health.get("status") == "green" and
           "no deadline missed" in health.get("why", "") and
           health.get("rule", "").startswith("Red: "),
           "run --json: the first run is green, with why and the rule",
           health)
        ok(d.get("earned_value", {}).get("spi") is None and
           d.get("earned_value", {}).get("bac", 0) > 0,
           "without progress, SPI is null and BAC is the plan's cost",
           d.get("earned_value"))
        ws = openpyxl.load_workbook(os.path.join(out, "status.xlsx"))[
            "Resources"]
        weeks = [c.value.date().isoformat() if c.value and
                 hasattr(c.value, "date") else c.value for c in ws[1]]
        bob = next((row for row in ws.iter_rows(min_row=2)
                    if row[1].value == "Bob Chen"), None)
        away = bob[weeks.index("2026-03-23")].value if bob else None
        marked = [weeks[c.column - 1] for c in bob or []
                  if c.number_format.endswith('" L"')]
        ok(away == "leave" and "Carol" not in str(marked) and
           all(w == "2026-03-23" for w in marked),
           "Resources marks Bob Chen's week of leave (2026-03-23)",
           (away, marked))
        r = run("run", path, "-o", out, "--db", db, "--status-date",
                "2026-03-23", "--json", *FIXED)
        d2 = json.loads(r.stdout) if r.returncode == 0 else {}
        ok(d2.get("run") == 2 and d2.get("previous_run") == 1,
           "a second run --json names the previous run", r.stdout)
        r = run("diff", "1", "2", "--db", db, "--json")
        d = json.loads(r.stdout) if r.returncode == 0 else {}
        ok(d.get("from", {}).get("run") == 1 and
           d.get("to", {}).get("run") == 2 and
           isinstance(d.get("changes"), list) and
           isinstance(d.get("finish_moved_days"), int),
           "diff --json: both runs, the finish's move, the changes",
           r.stdout + r.stderr)
        r = run("diff", "1", "9", "--db", db, "--json")
        d = json.loads(r.stdout) if r.stdout else {}
        ok(r.returncode == 2 and d.get("error", {}).get("exit") == 2 and
           "has no run 9" in d["error"]["diagnostics"][0]["message"] and
           r.stderr == "",
           "a failed diff --json is one error document on stdout",
           r.stdout + r.stderr)
    r = run("check", path, "--json")
    d = json.loads(r.stdout) if r.returncode == 0 else {}
    ok(d.get("ok") is True and d.get("tasks") == 10 and
       d.get("resources") == 3,
       "check --json counts what the file holds", r.stdout)
    bad = os.path.join("tests", "data", "bad", "cycle.yaml")
    r = run("check", bad, "--json", cwd=ROOT)
    d = json.loads(r.stdout) if r.stdout else {}
    diag = (d.get("error", {}).get("diagnostics") or [{}])[0]
    with open(os.path.join(ROOT, "tests", "data", "bad", "cycle.err"),
              encoding="utf-8") as f:
        f.readline()
        text = f.read().strip()
    ok(r.returncode == 2 and diag.get("severity") == "error" and
       f"{diag.get('file')}:{diag.get('line')}:{diag.get('column')}: "
       f"error: {diag.get('message')}" == text,
       "check --json on bad input: the same file:line:col error as JSON",
       (r.stdout, text))


def test_driving_chains():
    """What holds each task where it starts (driven_by in solve --json), on
    generated projects where people are the bottleneck: a task held by
    another (its predecessor, or the one whose people it takes over) never
    has more float than that one, so critical work is a chain back to the
    start, a date, someone's leave or a busy pool; a task taking over
    people shares one with the task it waits for, who works on it after
    they are done with that one."""
    gen = os.path.join(ROOT, "tests", "bench", "gen_project.py")
    with tempfile.TemporaryDirectory() as tmp:
        for args in (("200", "10", "3", "300", "1"),
                     ("400", "15", "4", "500", "2")):
            path = os.path.join(tmp, "g.yaml")
            with open(path, "w", encoding="utf-8") as f:
                subprocess.run(["/usr/bin/python3", gen, *args], stdout=f,
                               check=True)
            d = solve_json(path) or {"tasks": []}
            ts = {t["id"]: t for t in d["tasks"]}
            leaves = [t for t in d["tasks"] if not t["summary"]]
            looser, handed, apart, reasons = [], 0, [], set()
            for t in leaves:
                held = t["driven_by"] or {}
                reasons.add(held.get("reason"))
                for x in held.get("tasks", []):
                    if ts[x]["total_float"] > t["total_float"]:
                        looser.append((t["id"], x))
                if held.get("reason") == "people" and held["tasks"]:
                    b = ts[held["tasks"][0]]
                    handed += 1
                    # People can change within a task: compare the
                    # person's own time on each.
                    if not any(x["resource"] == y["resource"] and
                               x["to"] < y["from"]
                               for x in b["assignments"]
                               for y in t["assignments"]):
                        apart.append((t["id"], b["id"]))
            crit = [t for t in leaves if t["critical"]]
            label = "gen_project " + " ".join(args)
            ok(leaves and not looser,
               f"{label}: no task has more float than what holds it "
               f"({len(crit)} critical)", looser[:5])
            ok(handed > 0 and not apart,
               f"{label}: {handed} tasks take over people, each from a task "
               "that person finishes first", 
               apart[:5])
            ok({"project start", "predecessor", "people"} <= reasons,
               f"{label}: reasons given: {sorted(map(str, reasons))}")
    d = solve_json(example("website.yaml")) or {"tasks": []}
    held = {t["id"]: t["driven_by"] for t in d["tasks"]}
    ok(held.get("catalog") == {"reason": "leave", "tasks": []} and
       held.get("test", {}).get("reason") == "predecessor",
       "website: the catalog waits for Bob's leave, the acceptance test "
       "for its predecessor", held)


def test_language():
    """language: zh gives Chinese labels in the chart and the report, and
    the report's cells a Simplified Chinese font; LibreOffice (when
    installed) takes that font for the Chinese text."""
    with open(example("core-migration.yaml"), encoding="utf-8") as f:
        text = "language: zh\n" + f.read()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "zh.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        out, db = os.path.join(tmp, "out"), os.path.join(tmp, "p.db")
        r = run("run", path, "-o", out, "--db", db, "--status-date",
                "2026-04-20", "-q", *FIXED)
        ok(r.returncode == 0, "a Chinese project runs", r.stderr)
        xlsx = os.path.join(out, "status.xlsx")
        wb = openpyxl.load_workbook(xlsx)
        ok(wb.sheetnames == ["概览", "任务", "里程碑", "进度风险", "资源", "变化",
                             "风险", "变更请求", "历史", "S曲线"],
           "the report's sheets have Chinese names", wb.sheetnames)
        # Header cells: no English words left but the abbreviations.
        allowed = {"WBS", "ID", "BAC", "PV", "EV", "AC", "SPI", "CPI", "UTC",
                   "L", "S", "P"}  # P50, P80, P95
        english = sorted({w for ws in wb.worksheets for c in ws[1]
                          if isinstance(c.value, str)
                          for w in re.findall(r"[A-Za-z]+", c.value)} -
                         allowed)
        ok(not english, "no English words in any sheet's header row",
           english)
        summary = wb["概览"]
        fonts = {c.font.name for row in summary.iter_rows(max_row=12)
                 for c in row if c.value is not None}
        ok(summary["A3"].value == "状态" and
           summary["B3"].value in ("绿", "黄", "红") and
           fonts == {"Noto Sans CJK SC"},
           "the status reads 状态 绿/黄/红, in a Simplified Chinese font",
           (summary["A3"].value, summary["B3"].value, fonts))
        pdf = os.path.join(out, "gantt.pdf")
        page = tool("pdftotext", "-f", "1", "-l", "1", pdf, "-").stdout
        ok("第 1 页，共" in page and "摘要任务" in page and "状态日期" in page
           and "Status date" not in page and "Page" not in page,
           "the chart's header and legend are in Chinese", page[-300:])
        faces = tool("pdffonts", pdf).stdout
        ok("NotoSansCJKsc" in faces and "jp" not in faces.lower(),
           "the chart embeds the Simplified Chinese face", faces)
        soffice = shutil.which("soffice")
        if not soffice:
            taplib.skip("LibreOffice takes the report's font for Chinese text",
                        "soffice not installed")
            return
        subprocess.run([soffice, "--headless", "--convert-to", "fods",
                        "--outdir", tmp, xlsx], capture_output=True,
                       timeout=300)
        fods = os.path.join(tmp, "status.fods")
        asian = set(re.findall(r'font-name-asian="([^"]*)"',
                               open(fods, encoding="utf-8").read())
                    if os.path.exists(fods) else [])
        ok("Noto Sans CJK SC" in asian,
           "LibreOffice takes the report's font for Chinese text", asian)


RISKY = """project: Risky
start: 2026-03-02
resources: [{ id: ann }, { id: bob }]
tasks:
  - { id: a, name: Build, estimate: 3d..5d..9d, needs: [{ resource: ann }] }
  - { id: b, name: Test, effort: 3d, estimate: 2d..3d..8d,
      needs: [{ resource: ann }], after: [a] }
  - { id: c, name: Docs, duration: 4d, needs: [{ resource: bob }] }
  - { id: m, name: Release, milestone: true, after: [b, c],
      deadline: 2026-03-16 }
"""


def test_risk():
    """planner risk: P50/P80/P95 finishes, criticality and the chance of
    each deadline from three-point estimates, the same for the same seed;
    estimates in YAML and in the CSV table; bad ones are refused."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "risky.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(RISKY)
        runs = [run("risk", path, "--json", "--runs", "500", "--seed", seed)
                for seed in ("1", "1", "2")]
        docs = [json.loads(r.stdout) if r.returncode == 0 else {}
                for r in runs]
        for d in docs:
            d.pop("seconds", None)
        a = docs[0]
        ok(a.get("runs") == 500 and a == docs[1] and a != docs[2],
           "risk --json: 500 runs; seed 1 twice gives the same figures, "
           "seed 2 others", runs[0].stderr)
        tasks = {t["id"]: t for t in a.get("tasks", [])}
        ordered = all(t["finish"]["p50"] <= t["finish"]["p80"] <=
                      t["finish"]["p95"] for t in tasks.values())
        ok(ordered and a["plan_finish"] <= a["finish"]["p80"] and
           sum(h["runs"] for h in a["histogram"]) == 500,
           "P50 <= P80 <= P95 everywhere, the plan no later than P80, the "
           "histogram holds every run", a.get("finish"))
        ok(tasks["a"]["criticality"] == 1 and tasks["c"]["criticality"] < 1
           and 0 < tasks["m"]["on_time"] < 1 and "on_time" not in tasks["a"],
           "the chain Build-Test-Release is critical, Docs seldom; the "
           "release meets its deadline in some runs only",
           {k: (t["criticality"], t.get("on_time")) for k, t in tasks.items()})
        r = run("risk", path, "--runs", "200")
        ok(r.returncode == 0 and "finish: P50" in r.stdout and
           "by its deadline 2026-03-16 in" in r.stdout and
           "most often critical:" in r.stdout,
           "risk prints the finish, the deadline's chance and the most "
           "critical tasks", r.stdout)
        bad = os.path.join(tmp, "bad.yaml")
        with open(bad, "w", encoding="utf-8") as f:
            f.write(RISKY.replace("3d..5d..9d", "5d..3d..9d"))
        r = run("check", bad)
        ok(r.returncode == 2 and
           f"{bad}:5:37: error: estimate '5d..3d..9d' is not valid: the "
           "optimistic estimate must not exceed the most likely" in r.stderr,
           "an estimate out of order is refused at its place", r.stderr)
        r = run("risk", example("website.yaml"))
        ok(r.returncode == 2 and "no three-point estimates" in r.stderr,
           "risk on a project without estimates says so", r.stderr)
        table = os.path.join(tmp, "wbs.csv")
        with open(table, "w", encoding="utf-8") as f:
            f.write("wbs,id,name,duration,estimate,predecessors\n"
                    "1,a,Build,,3d..5d..9d,\n"
                    "2,b,Test,2d,1d..2d..6d,a\n")
        proj = os.path.join(tmp, "csv.yaml")
        with open(proj, "w", encoding="utf-8") as f:
            f.write("project: CSV\nstart: 2026-03-02\ntasks_csv: wbs.csv\n")
        r = run("risk", proj, "--json", "--runs", "100")
        d = json.loads(r.stdout) if r.returncode == 0 else {}
        out = os.path.join(tmp, "back.csv")
        r2 = run("export", proj, "-o", out)
        back = open(out, encoding="utf-8").read() if r2.returncode == 0 else ""
        ok(d.get("runs") == 100 and "3d..5d..9d" in back and
           "1d..2d..6d" in back,
           "estimates come from the CSV table and go back to it",
           (r.stderr, back[:300]))


def outlook_sheet(path):
    """The Schedule risk sheet of a report: its rows as values, or []."""
    wb = openpyxl.load_workbook(path)
    if "Schedule risk" not in wb.sheetnames:
        return []
    return [list(row) for row in wb["Schedule risk"].iter_rows(
        values_only=True)]


def chart_kinds(path, sheet_file):
    """The chart kinds (barChart, scatterChart...) drawn on a sheet of an
    xlsx, and the sheet names their series refer to."""
    import zipfile
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        rels = f"xl/worksheets/_rels/{sheet_file}.rels"
        drawing = re.search(r'Target="../drawings/(drawing\d+\.xml)"',
                            z.read(rels).decode()) if rels in names else None
        if not drawing:
            return [], set()
        drels = z.read(f"xl/drawings/_rels/{drawing.group(1)}.rels").decode()
        kinds, refs = [], set()
        for chart in re.findall(r'Target="../charts/(chart\d+\.xml)"',
                                drels):
            xml = z.read(f"xl/charts/{chart}").decode()
            kinds += re.findall(r"<c:(\w+Chart)>", xml)
            refs |= set(re.findall(r"<c:f>'?([^'!<]+)'?!", xml))
        return kinds, refs


def test_risk_run():
    """The weekly run with estimates: its Monte Carlo figures are those of
    'planner risk' for the same seed, printed, in run --json, kept in the
    database, on a Schedule risk sheet with its charts (and again from
    report --run), and as P80 marks in the chart's legend."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "risky.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(RISKY)
        out, db = os.path.join(tmp, "out"), os.path.join(tmp, "p.db")
        r = run("run", path, "-o", out, "--db", db, "--runs", "500",
                "--seed", "3", "--status-date", "2026-03-02", "--json",
                *FIXED)
        doc = json.loads(r.stdout) if r.returncode == 0 else {}
        risk = doc.get("risk") or {}
        r2 = run("risk", path, "--runs", "500", "--seed", "3", "--json",
                 *FIXED)
        alone = json.loads(r2.stdout) if r2.returncode == 0 else {}
        ok(risk.get("runs") == 500 and risk.get("seed") == 3 and
           [risk.get(k) for k in ("p50", "p80", "p95")] ==
           [alone.get("finish", {}).get(k) for k in ("p50", "p80", "p95")],
           "run --json has the P50/P80/P95 finish 'planner risk' gives for "
           "the same seed", (risk, alone.get("finish"), r.stderr))
        r3 = run("run", path, "-o", out, "--db", db, "--runs", "500",
                 "--seed", "3", "--status-date", "2026-03-02", *FIXED)
        ok(r3.returncode == 0 and
           f"risk: P50 {risk.get('p50')}, P80 {risk.get('p80')}, P95 "
           f"{risk.get('p95')} (500 runs, seed 3)" in r3.stdout,
           "run prints the simulated finishes", r3.stdout)
        con = sqlite3.connect(db)
        row = con.execute("select runs, seed from run_outlook where "
                          "run_id = 2").fetchone()
        hist = con.execute("select sum(runs) from run_outlook_hist where "
                           "run_id = 2").fetchone()[0]
        est = con.execute("select est_low, est_likely, est_high, risk_p80 "
                          "from run_task where run_id = 2 and task_id = "
                          "'a'").fetchone()
        con.close()
        ok(row == (500, 3) and hist == 500 and est[:3] == (3, 5, 9) and
           est[3] is not None,
           "the database keeps the runs, seed, histogram, estimates and "
           "each task's figures", (row, hist, est))
        xlsx = os.path.join(out, "status.xlsx")
        rows = outlook_sheet(xlsx)
        head = rows[0] if rows else []
        col = {h: i for i, h in enumerate(head) if h}
        project = rows[1] if len(rows) > 1 else []
        iso = lambda v: v.date().isoformat() if v else None
        ok(rows and [iso(project[col[k]]) for k in ("P50", "P80", "P95")] ==
           [risk.get("p50"), risk.get("p80"), risk.get("p95")],
           "the Schedule risk sheet's project row has the run's P50/P80/P95",
           project)
        tasks = {t["id"]: t for t in alone.get("tasks", [])}
        release = next((r for r in rows if r[col.get("ID", 1)] == "m"), None)
        chance = release[col["Chance of meeting the deadline"]] \
            if release else None
        ok(release is not None and chance is not None and
           abs(chance - tasks["m"]["on_time"]) < 1e-9 and
           abs(release[col["Critical in (share of runs)"]] -
               tasks["m"]["criticality"]) < 1e-9,
           "the release's chance of meeting its deadline and criticality "
           "are those of 'planner risk'", (release, tasks.get("m")))
        at = next((k for k, r in enumerate(rows)
                   if r[col["Plan finish"]] == "Finish by"), None)
        bars = []
        for r in rows[at + 1:] if at else []:
            if r[col["Plan finish"]] is None:
                break
            bars.append(r[col["Plan finish"]:col["Plan finish"] + 4])
        runs_sum = sum(b[1] for b in bars)
        p80 = next((iso(b[0]) for b in bars if b[3] >= 0.8), None)
        ok(bars and runs_sum == 500 and abs(bars[-1][3] - 1) < 1e-9 and
           all(abs(b[2] - b[1] / 500) < 1e-9 for b in bars) and
           p80 == risk.get("p80"),
           "the histogram's table holds every run, its shares add up, and "
           "80% of the runs are in by the P80 date", bars)
        wb = openpyxl.load_workbook(xlsx)
        index = wb.sheetnames.index("Schedule risk") + 1
        kinds, refs = chart_kinds(xlsx, f"sheet{index}.xml")
        ok(sorted(kinds) == ["barChart", "scatterChart"] and
           refs == {"Schedule risk"},
           "the sheet has a column chart of the finishes and a curve of "
           "the chance of finishing by each date, both from its table",
           (kinds, refs))
        again = os.path.join(tmp, "again")
        r = run("report", "--db", db, "--run", "2", "-o", again)
        ok(r.returncode == 0 and
           outlook_sheet(os.path.join(again, "status.xlsx")) == rows,
           "report --run draws the same Schedule risk sheet from the "
           "database", r.stderr)
        legend = "P80: 8 in 10 simulated runs finish by then"
        text = re.sub(r"\s+", " ", tool("pdftotext", os.path.join(
            out, "gantt.pdf"), "-").stdout)
        r = run("gantt", "--db", db, "--run", "2", "-o", again)
        stored = re.sub(r"\s+", " ", tool("pdftotext", os.path.join(
            again, "gantt.pdf"), "-").stdout)
        r2 = run("gantt", example("website.yaml"), "-o", again)
        plain = re.sub(r"\s+", " ", tool("pdftotext", os.path.join(
            again, "gantt.pdf"), "-").stdout)
        ok(legend in text and legend in stored and legend not in plain,
           "the chart marks P80 on milestones (in its legend) from the run "
           "and from the database, not without estimates")
        r = run("run", example("website.yaml"), "-o", out, "--db", db,
                "--json", *FIXED)
        doc = json.loads(r.stdout) if r.returncode == 0 else {}
        ok("risk" in doc and doc["risk"] is None and
           not outlook_sheet(os.path.join(out, "status.xlsx")),
           "without estimates: risk null, no Schedule risk sheet", r.stderr)


SCENARIOS = """project: Scenario demo
start: 2026-03-02
pools:
  - { id: dba, name: DBAs }
resources:
  - { id: ann, name: Ann, pools: [dba], cost_per_day: 800 }
  - { id: bob, name: Bob, pools: [dba], cost_per_day: 700 }
tasks:
  - { id: a, name: Schema, effort: 10d, needs: [{ pool: dba }] }
  - { id: b, name: Migrate, effort: 10d, needs: [{ pool: dba }] }
  - { id: c, name: Tune, effort: 10d, needs: [{ pool: dba }] }
  - { id: m, name: Done, milestone: true, after: [a, b, c] }
scenarios:
  - id: more-dba
    name: One more DBA
    add_resources:
      - { id: cy, name: Cy, pools: [dba], cost_per_day: 900 }
  - id: leave
    name: Bob away three weeks
    resources:
      - { id: bob, vacations: [2026-03-02..2026-03-20] }
  - id: short
    name: Tune in 2 days
    tasks:
      - { id: c, duration: 2d }
  - id: buy
    name: Contractors
    pools:
      - { id: dba, outsourcing: { max_units: 1, cost_per_day: 300 } }
"""


def test_scenarios():
    """What-if scenarios: compare schedules the plan and each scenario
    (people added, leave changed, a duration, a pool bought) side by side
    in text, JSON and compare.xlsx; run --scenario records a run the
    history marks and that baselines and "the last run" pass over; bad
    scenarios are refused at their place."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "sc.yaml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(SCENARIOS)
        out = os.path.join(tmp, "out")
        r = run("compare", path, "-o", out, "--json", *FIXED)
        doc = json.loads(r.stdout) if r.returncode == 0 else {}
        got = {v["id"]: v for v in doc.get("variants", [])}
        days = {k: v["working_days"] for k, v in got.items()}
        ok(days == {"plan": 20, "more-dba": 10, "leave": 25, "short": 12,
                    "buy": 10} and
           [v["scenario"] for v in doc["variants"]] ==
           [False, True, True, True, True],
           "compare: a third DBA halves the plan, three weeks of leave add "
           "five days, a 2-day task saves eight, bought capacity ten",
           (days, r.stderr))
        ok(got.get("buy", {}).get("outsourced_person_days") == 10 and
           got.get("plan", {}).get("outsourced_person_days") == 0 and
           got["more-dba"]["cost"] == got["plan"]["cost"] + 1000 and
           got["short"]["milestones"][0]["finish"] == "2026-03-17",
           "compare: the bought pool's person-days, the new person's cost, "
           "each milestone's finish", got)
        notes = [d["message"] for d in
                 json.loads(r.stderr or "{}").get("diagnostics", [])]
        ok(any(m.startswith("scenario 'buy': outsourcing bought") for m in
               notes) and not any("outsourcing" in m and
                                  not m.startswith("scenario 'buy'")
                                  for m in notes),
           "compare: a scenario's notes name the scenario", notes)
        wb = openpyxl.load_workbook(os.path.join(out, "compare.xlsx"))
        ws = wb["Scenarios"]
        rows = {row[0]: row[1:] for row in ws.iter_rows(values_only=True)
                if row[0]}
        heads = [c.value for c in ws[1]][1:]
        ok(heads == ["plan", "more-dba", "leave", "short", "buy"] and
           list(rows["Working days"]) == [20, 10, 25, 12, 10] and
           list(rows["Against the plan (working days)"]) ==
           [0, -10, 5, -8, -10] and
           [d.date().isoformat() for d in rows["Finish"]] ==
           [got[k]["finish"] for k in heads],
           "compare.xlsx has the variants side by side with the change "
           "against the plan", rows)
        kinds, refs = chart_kinds(os.path.join(out, "compare.xlsx"),
                                  "sheet1.xml")
        ok(kinds == ["barChart"] and refs == {"Scenarios"} and
           ws.sheet_properties.pageSetUpPr.fitToPage and
           ws.page_setup.fitToHeight in (None, 1) and
           ws.page_setup.fitToWidth in (None, 1),
           "compare.xlsx draws the finishes as bars from its table, and "
           "prints on one page", (kinds, refs, ws.page_setup.fitToHeight))
        r = run("compare", path, "short", "-o", out, *FIXED)
        ok(r.returncode == 0 and "short" in r.stdout and
           "more-dba" not in r.stdout and "12 (-8)" in r.stdout,
           "compare with names compares those only", r.stdout)
        db = os.path.join(tmp, "p.db")
        common = ["--db", db, "-o", out, "--status-date", "2026-03-02",
                  "--json", *FIXED]
        first = json.loads(run("run", path, *common).stdout or "{}")
        r = run("run", path, "--scenario", "more-dba", *common)
        what = json.loads(r.stdout) if r.returncode == 0 else {}
        later = json.loads(run("run", path, *common).stdout or "{}")
        ok(what.get("scenario") == "more-dba" and
           what.get("finish") == "2026-03-13" and
           (what.get("baseline") or {}).get("run") == first.get("run") and
           os.path.exists(os.path.join(out, "more-dba", "status.xlsx")) and
           later.get("previous_run") == first.get("run"),
           "run --scenario: compared with the plan's baseline, written to "
           "out/more-dba/, and the next run of the plan passes over it",
           (what, later.get("previous_run")))
        hist = json.loads(run("history", "--db", db, "--json").stdout)
        ok([h["scenario"] for h in hist] == [None, "more-dba", None] and
           "what-if: more-dba" in run("history", "--db", db).stdout,
           "history marks the scenario's run", hist)
        r = run("baseline", "set", "what", "--run", str(what.get("run")),
                "--db", db)
        ok(r.returncode == 2 and "cannot be a baseline" in r.stderr,
           "a scenario's run cannot be a baseline", r.stderr)
        again = os.path.join(tmp, "again")
        r = run("report", "--db", db, "--run", str(what.get("run")), "-o",
                again)
        summary = openpyxl.load_workbook(
            os.path.join(again, "status.xlsx"))["Summary"]
        ok(r.returncode == 0 and
           summary["A1"].value == "Scenario demo \u2014 what-if: One more DBA"
           and "not the plan" in (summary["A2"].value or ""),
           "the scenario's report says it is a what-if",
           (summary["A1"].value, summary["A2"].value))
        bad = [("resources:\n      - { id: bob,", "resources:\n      - { id: bobb,",
                ["check"], ":21:15: error: scenario 'leave' changes person "
                "'bobb', which the project does not have"),
               ("{ id: cy, name: Cy", "{ id: ann, name: Cy", ["check"],
                ":17:15: error: scenario 'more-dba' adds 'ann', who is "
                "already in resources"),
               ("duration: 2d }", "duration: 2x }", ["check"],
                ":25:28: error: duration '2x' is not valid"),
               ("", "", ["solve", "--scenario", "nope"],
                ":14:3: error: the project has no scenario 'nope' (it has "
                "'more-dba', 'leave', 'short', 'buy')")]
        for old, new, cmd, want in bad:
            text = SCENARIOS.replace(old, new) if old else SCENARIOS
            bpath = os.path.join(tmp, "bad.yaml")
            with open(bpath, "w", encoding="utf-8") as f:
                f.write(text)
            r = run(cmd[0], bpath, *cmd[1:])
            ok(r.returncode == 2 and bpath + want in r.stderr,
               f"refused at its place: {want.split('error: ')[1][:40]}",
               r.stderr)
        r = run("solve", example("core-migration.yaml").replace(
            ".yaml", "-progress.csv"), "--scenario", "x")
        ok(r.returncode == 2 and "needs a YAML project file" in r.stderr,
           "--scenario with a file that has none is refused", r.stderr)


PORTFOLIO_CRM = """project: CRM upgrade
start: 2026-03-02
pools:
  - { id: dba, name: DBAs }
resources:
  - { id: ann, name: Ann, pools: [dba], cost_per_day: 800 }
  - { id: carl, name: Carl, cost_per_day: 600 }
tasks:
  - id: crm-design
    name: CRM design
    duration: 5d
    owner: carl
    needs: [{ resource: carl }]
  - id: crm-db
    name: CRM schema change
    effort: 10d
    needs: [{ pool: dba }]
    after: [crm-design]
  - id: crm-live
    name: CRM live
    milestone: true
    after: [crm-db]
    deadline: 2026-04-03
"""
PORTFOLIO_BILLING = """project: Billing migration
start: 2026-03-09
pools:
  - { id: dba, name: DBAs }
resources:
  - { id: ann, name: Ann, pools: [dba], cost_per_day: 800 }
  - { id: dora, name: Dora, cost_per_day: 700 }
tasks:
  - id: bill-prep
    name: Billing data prep
    duration: 3d
    needs: [{ resource: dora }]
  - id: bill-db
    name: Billing database move
    effort: 8d
    needs: [{ pool: dba }]
    after: [bill-prep]
  - id: bill-live
    name: Billing live
    milestone: true
    after: [bill-db]
"""


def test_portfolio():
    """Projects sharing a DBA: one schedule over both (no one booked twice,
    project priorities decide who goes first), each project's chart,
    report and run, the portfolio's chart and load; a slip in one project
    explained in the other; duplicate ids and a person defined two ways
    refused."""
    with tempfile.TemporaryDirectory() as tmp:
        def write(name, text):
            path = os.path.join(tmp, name)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            return path
        crm = write("crm.yaml", PORTFOLIO_CRM)
        bill = write("billing.yaml", PORTFOLIO_BILLING)
        pf = write("pf.yaml", "portfolio: Q1 portfolio\nprojects:\n"
                   "  - { file: crm.yaml, priority: P1 }\n"
                   "  - { file: billing.yaml, priority: P2 }\n")
        alone = {p: (solve_json(p) or {}).get("finish") for p in (crm, bill)}
        out, db = os.path.join(tmp, "out"), os.path.join(tmp, "p.db")
        args = ["-o", out, "--db", db, "--status-date", "2026-03-02",
                "--json", *FIXED]
        r = run("run", pf, *args)
        doc = json.loads(r.stdout) if r.returncode == 0 else {}
        fin = {p["project"]: p["finish"] for p in doc.get("projects", [])}
        ok(doc.get("portfolio") == "Q1 portfolio" and
           fin == {"CRM upgrade": alone[crm],
                   "Billing migration": "2026-04-01"} and
           alone[bill] == "2026-03-23",
           "the P1 project keeps its own finish; the P2 one waits for the "
           "shared DBA (alone it would finish 2026-03-23)", (fin, alone,
                                                             r.stderr))
        # What the portfolio proves is about all the projects: billing,
        # which could finish 2026-03-23 alone, is not called optimal.
        bill_doc = next((p for p in doc.get("projects", [])
                         if p["project"] == "Billing migration"), {})
        facts = {}
        if bill_doc:
            ws = openpyxl.load_workbook(os.path.join(
                out, "billing", "status.xlsx"))["Summary"]
            facts = {row[3]: row[4] for row in ws.iter_rows(values_only=True)
                     if len(row) > 4}
        hist = run("history", "--db", db, "--json")
        runs = json.loads(hist.stdout) if hist.returncode == 0 else []
        ok(bill_doc.get("status") == "feasible" and
           bill_doc.get("shortest_possible_days", 0) is None and
           facts.get("Plan", "").startswith("not known: planned with other "
                                            "projects") and
           facts.get("Shortest possible (working days)") == "n/a" and
           len(runs) == 2 and all(x["gap"] is None for x in runs),
           "a project of a portfolio claims no bound of its own (status, "
           "report, history)", (bill_doc.get("status"), facts.get("Plan"),
                                [x.get("gap") for x in runs]))
        whole = solve_json(pf) or {}
        r = run("check", pf)
        ok(whole.get("finish") == "2026-04-01" and r.returncode == 0 and
           "ok (" in r.stdout,
           "check and solve take the portfolio file whole", (whole.get(
               "finish"), r.stdout + r.stderr))
        files = sorted(os.path.relpath(os.path.join(d, f), out)
                       for d, _, fs in os.walk(out) for f in fs)
        ok(files == [f"{k}/{n}" for k in ("billing", "crm", "portfolio")
                     for n in ("gantt.pdf", "status.xlsx")],
           "each project's chart and report, and the portfolio's", files)
        con = sqlite3.connect(db)
        booked = con.execute(
            "select r.project, a.task_id, a.start, a.finish from "
            "run_assignment a join run r on r.id = a.run_id where "
            "a.resource_id = 'ann' order by a.start").fetchall()
        projects = con.execute("select project from run order by id"
                               ).fetchall()
        con.close()
        ok(len(booked) == 2 and booked[0][3] < booked[1][2] and
           {b[0] for b in booked} == {"CRM upgrade", "Billing migration"} and
           projects == [("CRM upgrade",), ("Billing migration",)],
           "each project's run is recorded, and Ann is booked in one at a "
           "time", booked)
        text = tool("pdftotext", os.path.join(out, "portfolio",
                                              "gantt.pdf"), "-").stdout
        load = openpyxl.load_workbook(os.path.join(out, "portfolio",
                                                   "status.xlsx"))
        ann = next((row for row in load["Resources"].iter_rows(
            min_row=2, values_only=True) if row[1] == "Ann"), ())
        ok("CRM upgrade" in text and "Billing migration" in text and
           tuple(ann[2:7]) == (0, 1, 1, 1, 1),
           "the portfolio's chart has both projects, its report Ann's load "
           "over both: CRM's two weeks, then billing's", ann)
        write("crm.yaml", PORTFOLIO_CRM.replace("effort: 10d", "effort: 13d"))
        r = run("run", pf, *args)
        doc = json.loads(r.stdout) if r.returncode == 0 else {}
        slips = {p["project"]: [s.get("why", "") for s in p.get("slips", [])]
                 for p in doc.get("projects", [])}
        ok(any("'bill-db' waits for people busy on 'crm-db' of another "
               "project" in w for w in slips.get("Billing migration", [])),
           "the billing slip is explained by the CRM task that holds the "
           "DBA", slips)
        swap = write("swap.yaml", "portfolio: Q1\nprojects:\n"
                     "  - { file: crm.yaml, priority: P3 }\n"
                     "  - { file: billing.yaml, priority: P0 }\n")
        r = run("run", swap, "-o", os.path.join(tmp, "o2"), "--db",
                os.path.join(tmp, "p2.db"), "--status-date", "2026-03-02",
                "--json", *FIXED)
        doc = json.loads(r.stdout) if r.returncode == 0 else {}
        fin = {p["project"]: p["finish"] for p in doc.get("projects", [])}
        ok(fin.get("Billing migration") == alone[bill] and
           fin.get("CRM upgrade", "") > alone[crm],
           "with billing P0 the DBA does billing first", fin)
        write("crm.yaml", PORTFOLIO_CRM)
        dup = write("dup.yaml", PORTFOLIO_BILLING.replace("bill-prep",
                                                          "crm-design"))
        r = run("run", crm, dup, "-o", os.path.join(tmp, "o3"), "--db",
                os.path.join(tmp, "p3.db"))
        ok(r.returncode == 2 and
           f"{dup}:9:9: error: duplicate task id 'crm-design' (first "
           f"defined at {crm}:9)" in r.stderr and
           not os.path.exists(os.path.join(tmp, "o3")),
           "a task id in two projects is refused at its place, nothing "
           "written", r.stderr)
        half = write("half.yaml", PORTFOLIO_BILLING.replace(
            "cost_per_day: 800 }", "cost_per_day: 800, availability: 50% }"))
        r = run("run", crm, half, "-o", os.path.join(tmp, "o3"))
        ok(r.returncode == 2 and
           f"{half}:6:5: error: person 'ann' is defined differently here "
           f"than at {crm}:6:5" in r.stderr,
           "a person defined two ways is refused", r.stderr)
        stuck = os.path.join(tmp, "o4")
        os.makedirs(stuck)
        write("o4/billing", "a file where billing's folder would go\n")
        db4 = os.path.join(tmp, "p4.db")
        r = run("run", pf, "-o", stuck, "--db", db4, *FIXED)
        con = sqlite3.connect(db4)
        n = con.execute("select count(*) from run").fetchone()[0] \
            if con.execute("select count(*) from sqlite_master where "
                           "name = 'run'").fetchone()[0] else 0
        con.close()
        ok(r.returncode == 1 and n == 0 and
           not os.path.exists(os.path.join(stuck, "crm", "gantt.pdf")),
           "a portfolio run that fails on its second project records and "
           "writes nothing of the first", (r.returncode, n, r.stderr))
        bad = write("bad.yaml", "portfolio: X\nprojects:\n"
                    "  - { file: crm.yaml, priority: P9 }\n")
        r = run("run", bad)
        ok(r.returncode == 2 and
           f"{bad}:3:33: error: priority 'P9' is not valid" in r.stderr,
           "a bad project priority in the portfolio file is refused",
           r.stderr)


def test_install():
    """The man page renders cleanly with groff, documents every command
    --help lists, and meson install puts it and the binary in place."""
    page = os.path.join(ROOT, "docs", "planner.1")
    r = tool("groff", "-man", "-Tutf8", "-ww", "-z", page)
    ok(r.returncode == 0 and r.stderr == "",
       "groff renders the man page without a warning", r.stderr)
    text = tool("groff", "-man", "-Tutf8", page).stdout
    text = re.sub(r".\x08", "", text)  # no overstrike
    helptext = run("--help").stdout
    commands = re.findall(r"^  ([a-z]+) ", helptext, re.M)
    missing = [c for c in set(commands) if f"planner {c}" not in text]
    ok(len(set(commands)) >= 10 and not missing,
       "the man page has every command of --help", missing)
    build = os.path.dirname(taplib.PLANNER)
    with tempfile.TemporaryDirectory() as dest:
        r = subprocess.run(["meson", "install", "-C", build, "--destdir",
                            dest, "--no-rebuild", "--quiet"],
                           capture_output=True, text=True)
        files = sorted(os.path.relpath(os.path.join(d, f), dest)
                       for d, _, fs in os.walk(dest) for f in fs)
        ok(r.returncode == 0 and
           any(f.endswith("bin/planner") for f in files) and
           any(f.endswith("share/man/man1/planner.1") for f in files),
           "meson install puts bin/planner and man1/planner.1 in place",
           (files, r.stderr))


def test_psplib():
    sm = os.path.join(ROOT, "tests", "data", "psplib", "j30", "j301_1.sm")
    r = run("solve", sm, "--json", "--time-limit", "3")
    d = json.loads(r.stdout) if r.returncode == 0 else {}
    ok(r.returncode == 0 and d.get("status") in ("optimal", "feasible")
       and len(d.get("tasks", [])) == 32 and
       all(isinstance(t["start"], int) for t in d["tasks"]),
       "solve FILE.sm --json gives integer periods for 32 jobs", r.stderr)
    ok(d.get("lower_bound", 0) <= d.get("makespan", -1) and
       isinstance(d.get("seconds"), float) and d["seconds"] < 3.3,
       "the bound is below the makespan and the time limit holds", d)
    # The engine's default path (heuristics, bounds, GLPK) on a real
    # project, with a short limit.
    t = time.monotonic()
    r = run("solve", example("website.yaml"), "--json", "--time-limit", "2")
    wall = time.monotonic() - t
    d = json.loads(r.stdout) if r.returncode == 0 else {}
    slack = 60 if taplib.WRAPPER else 0.5  # valgrind is slow to start
    ok(r.returncode == 0 and wall < 2.2 + slack,
       f"default engine on a project ends within its limit ({wall:.2f} s)",
       r.stderr)
    # The complete search reports its nodes: it runs on a problem whose
    # bound the MILP leaves open (it may then close it), never without the
    # MILP phases. j3015_5's optimum is proven by the search.
    r = run("solve", os.path.join(ROOT, "tests", "data", "psplib", "j30",
                                  "j3015_5.sm"), "--json",
            "--time-limit", "3")
    d = json.loads(r.stdout) if r.returncode == 0 else {}
    nodes = d.get("search_nodes")
    ok(isinstance(nodes, int)
       and d.get("lower_bound", 0) <= d.get("makespan", 0)
       and (nodes > 0 or bool(taplib.WRAPPER)),
       "solve --json counts the complete search's nodes on an open bound",
       {k: d.get(k) for k in ("makespan", "lower_bound", "search_nodes")})
    # The label: the part that found the schedule first (a person-level
    # rule when one wins: "sgs-lft"), then the exact parts that ran
    # besides it.
    parts = d.get("solver", "").split("+")
    ok((parts[0] in ("ga", "milp", "lns", "search", "ls")
        or parts[0].startswith("sgs-"))
       and len(set(parts)) == len(parts)
       and ("search" in parts) == (nodes is not None and nodes > 0)
       and ("milp" in parts or bool(taplib.WRAPPER)),
       "the solver label names who found the schedule and what ran",
       d.get("solver"))
    d = solve_json(example("core-migration.yaml"))
    ok(d is not None and d.get("search_nodes") == 0
       and re.fullmatch(r"ga|ls|sgs-[a-z]+", d.get("solver", "")) is not None,
       "and none with --no-milp, nor in the label",
       d and {k: d.get(k) for k in ("search_nodes", "solver")})


test_cli()
test_example("core-migration.yaml", "2026-04-20")
test_example("website.yaml", "2026-03-30")
test_example("csv/project.yaml", "2026-06-15")
test_bad_inputs()
test_outsourcing()
test_gbk_table()
test_formula_text()
test_deadline_chain()
test_warnings_once()
test_health_risk()
test_late_bound()
test_reserve()
test_json()
test_driving_chains()
test_language()
test_risk()
test_risk_run()
test_scenarios()
test_portfolio()
test_install()
test_psplib()
taplib.finish()
