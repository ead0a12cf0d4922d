"""Interchange: every Microsoft Project XML sample in tests/data/samples
imports; task, link, resource and assignment counts match what Python's
own XML reader finds in the same file; the native file written by
'planner import' reads back with the same counts; recurring calendar
exceptions expand to the days Project itself listed; the schedule of tasks
without resources matches the dates Project stored.

Usage: /usr/bin/python3 interchange.py PLANNER SOURCE_ROOT   (prints TAP)
"""
import csv
import datetime
import json
import os
import re
import sys
import tempfile
import xml.etree.ElementTree as ET

import taplib
from taplib import ok, run

taplib.PLANNER = sys.argv[1]
ROOT = sys.argv[2]
SAMPLES = os.path.join(ROOT, "tests", "data", "samples", "mspdi")
NS = "{http://schemas.microsoft.com/project}"


def text(node, tag, default=""):
    v = node.findtext(NS + tag)
    return v if v is not None else default


def expected_counts(path):
    """Counts by the import's rules, read with ElementTree."""
    root = ET.parse(path).getroot()
    tasks = {}
    for t in root.iter(NS + "Task"):
        uid = text(t, "UID")
        if uid == "0" or text(t, "OutlineLevel", "1") == "0" or \
                text(t, "IsNull", "0") == "1":
            continue
        tasks[uid] = t
    links = sum(1 for t in tasks.values()
                for k in t.findall(NS + "PredecessorLink")
                if text(k, "PredecessorUID") in tasks)
    work = {text(r, "UID") for r in root.iter(NS + "Resource")
            if int(text(r, "UID", "-1")) > 0 and text(r, "Name")
            and text(r, "Type", "1") == "1"}
    leaves = {u for u, t in tasks.items() if text(t, "Summary", "0") != "1"}
    assignments = sum(
        1 for a in root.iter(NS + "Assignment")
        if text(a, "TaskUID") in leaves and text(a, "ResourceUID") in work
        and float(text(a, "Units", "1")) > 0)
    return len(tasks), links, len(work), assignments


def fidelity_count(report, prefix):
    return sum(i["count"] for i in report["items"]
               if i["kind"] == "kept" and i["what"].startswith(prefix))


def test_samples(tmp):
    files = sorted(f for f in os.listdir(SAMPLES) if f.endswith(".xml"))
    ok(len(files) >= 12, f"{len(files)} MSPDI samples found", SAMPLES)
    for name in files:
        path = os.path.join(SAMPLES, name)
        out = os.path.join(tmp, name + ".yaml")
        r = run("import", path, "-o", out, "--json")
        try:
            report = json.loads(r.stdout)
        except ValueError:
            report = {"items": []}
        want = expected_counts(path)
        if want[0] == 0:
            err = report.get("error", {})
            d = (err.get("diagnostics") or [{}])[0]
            ok(r.returncode == 2 and err.get("exit") == 2 and
               d.get("line", 0) > 0 and
               d.get("message", "").startswith("the project has no tasks")
               and not os.path.exists(out),
               f"{name}: a file without tasks is an input error (as JSON "
               "under --json), and nothing is written", r.stdout)
            continue
        if not ok(r.returncode == 0, f"{name}: imports", r.stderr):
            continue
        got = (fidelity_count(report, "tasks"),
               fidelity_count(report, "links"),
               fidelity_count(report, "work resources"),
               fidelity_count(report, "assignments"))
        ok(got == want,
           f"{name}: tasks, links, resources, assignments {want} as "
           "ElementTree counts them", got)
        r = run("check", out)
        m = re.search(r"ok \((\d+) tasks, (\d+) dependencies, (\d+) "
                      r"resources", r.stdout)
        back = tuple(int(x) for x in m.groups()) if m else None
        ok(r.returncode == 0 and back == want[:3],
           f"{name}: the written project file reads back the same",
           (back, r.stdout + r.stderr))


GAN = os.path.join(ROOT, "tests", "data", "samples", "gan")


def test_gan(tmp):
    files = sorted(f for f in os.listdir(GAN) if f.endswith(".gan"))
    ok(len(files) >= 3, f"{len(files)} GanttProject samples found")
    for name in files:
        path = os.path.join(GAN, name)
        root = ET.parse(path).getroot()
        tasks = list(root.find("tasks").iter("task")) \
            if root.find("tasks") is not None else []
        summary = {t.get("id") for t in tasks if t.find("task") is not None}
        want = (len(tasks), sum(1 for _ in root.iter("depend")),
                len(root.findall("resources/resource")),
                sum(1 for a in root.iter("allocation")
                    if a.get("task-id") not in summary),
                len(root.findall("vacations/vacation")))
        out = os.path.join(tmp, name + ".yaml")
        r = run("import", path, "-o", out, "--json")
        report = json.loads(r.stdout) if r.returncode == 0 else {"items": []}
        got = tuple(fidelity_count(report, w) for w in (
            "tasks", "dependencies", "resources", "allocations",
            "vacations"))
        ok(r.returncode == 0 and got == want,
           f"{name}: tasks, dependencies, resources, allocations, vacations "
           f"{want} as ElementTree counts them", (got, r.stderr))


def expand(a, b):
    d = datetime.date.fromisoformat(a)
    last = datetime.date.fromisoformat(b or a)
    while d <= last:
        yield d
        d += datetime.timedelta(days=1)


def test_recurring(tmp):
    """Project writes each recurring exception's days again as old-style
    WeekDay entries: those are the answer."""
    path = os.path.join(SAMPLES,
                        "calendar-recurring-exceptions-project2016-mspdi.xml")
    root = ET.parse(path).getroot()
    want = set()
    for w in root.iter(NS + "WeekDay"):
        if text(w, "DayType") == "0" and text(w, "DayWorking") == "0":
            tp = w.find(NS + "TimePeriod")
            want |= set(expand(text(tp, "FromDate")[:10],
                               text(tp, "ToDate")[:10]))
    # The file has no task of its own, which planner refuses: a copy with
    # one task added carries the same calendar.
    with open(path, encoding="utf-8") as f:
        xml = f.read()
    one = os.path.join(tmp, "cal-with-a-task.xml")
    with open(one, "w", encoding="utf-8") as f:
        f.write(xml.replace("</Tasks>", "<Task><UID>1</UID><ID>1</ID>"
                            "<Name>Work</Name><OutlineLevel>1</OutlineLevel>"
                            "<Duration>PT8H0M0S</Duration></Task></Tasks>",
                            1))
    out = os.path.join(tmp, "cal.yaml")
    r = run("import", one, "-o", out, "-q")
    got = set()
    with open(out, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s+- (\d{4}-\d\d-\d\d)(?:\.\.(\d{4}-\d\d-\d\d))?$",
                         line)
            if m:
                got |= set(expand(m.group(1), m.group(2)))
    ok(r.returncode == 0 and want and got == want,
       f"recurring exceptions expand to the {len(want)} days Project "
       "listed", (sorted(want - got)[:5], sorted(got - want)[:5]))


def filed_finish(t, start_time):
    """Project stores a finish at the next working day's start time when
    work ends at the end of a day: that is the previous working day."""
    finish = text(t, "Finish")
    d = datetime.date.fromisoformat(finish[:10])
    if finish[11:19] == start_time and text(t, "Start") != finish:
        d -= datetime.timedelta(days=1)
        while d.weekday() >= 5:
            d -= datetime.timedelta(days=1)
    return d.isoformat()


def test_dates():
    for name in ("mpxj-mspdirelations.xml", "task-links-project2019-mspdi.xml",
                 "mpxj-legacy-sample1.xml"):
        path = os.path.join(SAMPLES, name)
        root = ET.parse(path).getroot()
        start_time = text(root, "DefaultStartTime", "08:00:00")
        busy = {text(a, "TaskUID") for a in root.iter(NS + "Assignment")
                if int(text(a, "ResourceUID", "-1")) > 0}
        filed = {text(t, "UID"): (text(t, "Start")[:10],
                                  filed_finish(t, start_time))
                 for t in root.iter(NS + "Task")
                 if text(t, "Summary", "0") != "1" and text(t, "UID") != "0"}
        r = run("solve", path, "--json", "-q")
        d = json.loads(r.stdout) if r.returncode == 0 else {"tasks": []}
        free = [t for t in d["tasks"]
                if not t["summary"] and t["id"] not in busy]
        bad = [(t["id"], t["start"], t["finish"], filed.get(t["id"]))
               for t in free if (t["start"], t["finish"]) != filed.get(t["id"])]
        ok(r.returncode == 0 and free and not bad,
           f"{name}: {len(free)} tasks without resources get Project's "
           "dates", bad[:5])


FIXED = taplib.FIXED


def exported(path):
    """Tasks, links and assignments of an MSPDI file, by name."""
    root = ET.parse(path).getroot()
    tasks = {text(t, "UID"): t for t in root.iter(NS + "Task")
             if text(t, "UID") != "0"}
    name = {u: text(t, "Name") for u, t in tasks.items()}
    people = {text(r, "UID"): text(r, "Name") for r in root.iter(NS + "Resource")}
    rows = {(text(t, "Name"), text(t, "Start"), text(t, "Finish"),
             text(t, "Duration"), text(t, "Milestone"), text(t, "OutlineLevel"))
            for t in tasks.values()}
    links = {(name.get(text(k, "PredecessorUID")), text(t, "Name"),
              text(k, "Type"), text(k, "LinkLag"))
             for t in tasks.values() for k in t.findall(NS + "PredecessorLink")}
    work = {(name.get(text(a, "TaskUID")), people.get(text(a, "ResourceUID")),
             text(a, "Units")) for a in root.iter(NS + "Assignment")}
    return rows, links, work


def test_round_trips(tmp):
    project = os.path.join(ROOT, "tests", "data", "yaml", "roundtrip.yaml")
    first = os.path.join(tmp, "rt.xml")
    r = run("export", project, "-o", first, *FIXED)
    ok(r.returncode == 0, "export --mspdi writes the schedule", r.stderr)
    again_yaml = os.path.join(tmp, "rt-again.yaml")
    second = os.path.join(tmp, "rt-again.xml")
    r1 = run("import", first, "-o", again_yaml, "-q")
    r2 = run("export", again_yaml, "-o", second, *FIXED)
    ok(r1.returncode == 0 and r2.returncode == 0,
       "the export imports and exports again", r1.stderr + r2.stderr)
    if r1.returncode == 0 and r2.returncode == 0:
        a, b = exported(first), exported(second)
        for i, what in enumerate(("tasks and dates", "links", "assignments")):
            ok(a[i] == b[i] and a[i],
               f"MSPDI round trip keeps the {what} ({len(a[i])})",
               (sorted(a[i] - b[i])[:3], sorted(b[i] - a[i])[:3]))
    # Element order: MSPDI is a sequence schema; our children must come in
    # the order Project itself writes them (learnt from its 2019 files).
    before = set()  # (parent, a, b): a came before b under parent
    for sample in ("task-links-project2019-mspdi.xml",
                   "task-baselines-project2019-mspdi.xml",
                   "assignment-text-project2019-mspdi.xml"):
        for el in ET.parse(os.path.join(SAMPLES, sample)).getroot().iter():
            tags = [c.tag for c in el]
            for i, a in enumerate(tags):
                for b in tags[i + 1:]:
                    if a != b:
                        before.add((el.tag, a, b))
    bad = []
    for el in ET.parse(first).getroot().iter():
        tags = [c.tag for c in el]
        for i, a in enumerate(tags):
            for b in tags[i + 1:]:
                if (el.tag, b, a) in before and (el.tag, a, b) not in before:
                    bad.append((el.tag.split("}")[1], a.split("}")[1],
                                b.split("}")[1]))
    ok(not bad, "exported MSPDI elements follow Project's own order",
       bad[:2])
    # CSV: the exported table, read through a project file, schedules the
    # same.
    table = os.path.join(tmp, "rt.csv")
    r = run("export", project, "-o", table, *FIXED)
    with open(project, encoding="utf-8") as f:
        head = f.read().split("tasks:")[0]
    with_csv = os.path.join(tmp, "rt-csv.yaml")
    with open(with_csv, "w", encoding="utf-8") as f:
        f.write(head + "tasks_csv: rt.csv\n")
    s1 = run("solve", project, "--json", "-q", *FIXED)
    s2 = run("solve", with_csv, "--json", "-q", *FIXED)
    d1 = json.loads(s1.stdout) if s1.returncode == 0 else {"tasks": []}
    d2 = json.loads(s2.stdout) if s2.returncode == 0 else {"tasks": [0]}
    key = [(t["id"], t["start"], t["finish"]) for t in d1["tasks"]]
    ok(r.returncode == 0 and s2.returncode == 0 and key and
       key == [(t["id"], t["start"], t["finish"]) for t in d2["tasks"]],
       "CSV round trip: the exported table schedules to the same dates",
       s2.stderr)
    # Names a spreadsheet would take for formulas are written as text
    # ('=1+2) and read back as they were.
    formula = os.path.join(ROOT, "tests", "data", "yaml", "formula-text.yaml")
    table = os.path.join(tmp, "formula.csv")
    r = run("export", formula, "-o", table, *FIXED)
    with open(table, encoding="utf-8", newline="") as f:
        names = {row["id"]: row["name"] for row in csv.DictReader(f)}
    ok(r.returncode == 0 and names.get("a") == "'=1+2" and
       names.get("b") == "'+cmd|' /C calc'!A0" and
       names.get("c") == "http://example.com/x" and
       "approximated     2  names that a spreadsheet would take for a "
       "formula" in r.stderr,
       "CSV export guards cells starting with = + - @, and says so",
       (names, r.stderr))
    with open(formula, encoding="utf-8") as f:
        head = f.read().split("tasks:")[0]
    with_csv = os.path.join(tmp, "formula-csv.yaml")
    with open(with_csv, "w", encoding="utf-8") as f:
        f.write(head + "tasks_csv: formula.csv\n")
    d = json.loads(run("solve", with_csv, "--json", "-q", *FIXED).stdout
                   or "{}")
    ok([t["name"] for t in d.get("tasks", [])] ==
       ["=1+2", "+cmd|' /C calc'!A0", "http://example.com/x"],
       "and the table reads back with the names as they were",
       d.get("tasks"))
    # MSPDI export says what Project cannot hold.
    web = os.path.join(tmp, "website.xml")
    r = run("export", os.path.join(ROOT, "examples", "website.yaml"), "-o",
            web, *FIXED)
    ok(r.returncode == 0 and
       re.search(r"approximated +5  pool needs, written as the people the "
                 r"schedule assigned .*'design': pool 'dev' -> \w+",
                 r.stderr) and
       re.search(r"approximated +2  reserves, written as lower max units",
                 r.stderr) and
       re.search(r"dropped +6  owners", r.stderr),
       "MSPDI export reports pools written as people, reserves and owners",
       r.stderr)
    units = {text(a, "ResourceUID"): float(text(a, "Units"))
             for a in ET.parse(web).getroot().iter(NS + "Assignment")}
    maxu = {text(x, "UID"): float(text(x, "MaxUnits"))
            for x in ET.parse(web).getroot().iter(NS + "Resource")}
    ok(units and all(u <= maxu[k] for k, u in units.items()),
       "no exported assignment asks for more than the person's max units",
       (units, maxu))
    # A stored run exports with its baseline.
    db = os.path.join(tmp, "rt.db")
    run("run", project, "-o", os.path.join(tmp, "o"), "--db", db, "-q",
        *FIXED)
    stored = os.path.join(tmp, "run1.xml")
    r = run("export", "--run", "1", "--db", db, "-o", stored, "-q")
    root = ET.parse(stored).getroot() if r.returncode == 0 else None
    baselines = len(list(root.iter(NS + "Baseline"))) if root else 0
    ok(r.returncode == 0 and baselines == len(key),
       "export --run 1 carries the baseline of every task",
       (baselines, len(key), r.stderr))


def test_fuzz_regressions():
    """Inputs the fuzzers found: each reads cleanly (done or a clear error),
    never a crash or a sanitizer report."""
    folder = os.path.join(ROOT, "tests", "data", "mspdi")
    for name in sorted(os.listdir(folder)):
        r = run("check", os.path.join(folder, name))
        ok(r.returncode in (0, 2) and "runtime error" not in r.stderr and
           "Sanitizer" not in r.stderr,
           f"fuzz regression {name} reads cleanly", r.stderr[-500:])


with tempfile.TemporaryDirectory() as tmp:
    test_fuzz_regressions()
    test_round_trips(tmp)
    test_samples(tmp)
    test_gan(tmp)
    test_recurring(tmp)
    test_dates()
taplib.finish()
