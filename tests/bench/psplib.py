"""PSPLIB benchmark: run planner on a set of .sm instances and compare with
the known bounds (known.csv beside the instances).

The full sets are not in this repository (tests/data/psplib holds only the
seven instances the tests read). Get j30/j60 from PSPLIB
(http://www.om-db.wi.tum.de/psplib/data.html) or GitHub
ScheduleOpt/optalcp-benchmarks (benchmarks/rcpsp/data), with a known.csv
(instance,lb,ub) beside each set, and pass their parent folder with --data
(default: ../shared/data/psplib beside the clone, if present).

Usage:
  /usr/bin/python3 tests/bench/psplib.py --set j30 [--sample K] \
      [--time-limit S] [--no-milp] [--jobs J] [--extra ARGS] [--label L] \
      [--list CSV] [--open-of CSV]

Each instance runs as its own single-threaded process with the given time
limit. Prints one table row and the totals (sum of makespans, slots above
the best known); --report FILE appends the row (with the command and
machine) to a Markdown file such as docs/benchmarks.md. --list FILE writes
each instance's result; --open-of FILE then runs again only those that run
left open (above the best known, or not proven where none is known), to
compare variants where they differ.
"""
import argparse
import concurrent.futures as cf
import csv
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", ".."))

ap = argparse.ArgumentParser()
ap.add_argument("--set", default="j30")
ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data",
                                               "psplib"))
ap.add_argument("--planner", default=os.path.join(root, "build", "planner"))
ap.add_argument("--sample", type=int, default=1,
                help="take every K-th instance")
ap.add_argument("--time-limit", type=float, default=10.0)
ap.add_argument("--no-milp", action="store_true")
ap.add_argument("--extra", default="", help="more planner arguments")
ap.add_argument("--jobs", type=int, default=1)
ap.add_argument("--label", default="")
ap.add_argument("--report", default="")
ap.add_argument("--list", default="", help="write per-instance CSV here")
ap.add_argument("--open-of", default="",
                help="only the instances a --list CSV left open: above the "
                "best known or, without one, not proven optimal")
a = ap.parse_args()

setdir = os.path.join(a.data, a.set)
if not os.path.exists(os.path.join(setdir, "known.csv")):
    sys.exit(f"psplib.py: no {a.set} set with known.csv at {setdir}; "
             "pass --data DIR (see the top of this file for where to get it)")
known = {}
with open(os.path.join(setdir, "known.csv")) as f:
    for row in csv.DictReader(f):  # ub empty: no best known (generated sets)
        known[row["instance"]] = (int(row["lb"]),
                                  int(row["ub"]) if row["ub"] else None)


def mpm_time(name):
    """The critical-path length from the instance's PROJECT INFORMATION."""
    with open(os.path.join(setdir, name + ".sm")) as f:
        lines = f.read().splitlines()
    at = next(i for i, x in enumerate(lines) if "MPM-Time" in x)
    return int(lines[at + 1].split()[-1])
names = sorted(known, key=lambda s: tuple(int(x) for x in
                                          s[len(a.set):].split("_")))
if a.open_of:
    def left_open(row):
        """Above the best known (known.csv) or, without one, not proven."""
        ub = known.get(row["instance"], (0, None))[1]
        if not row["makespan"]:
            return False
        return (int(row["makespan"]) > ub if ub is not None
                else row["status"] != "optimal")
    with open(a.open_of) as f:
        left = {row["instance"] for row in csv.DictReader(f)
                if left_open(row)}
    names = [n for n in names if n in left]
else:
    names = names[::a.sample]


def run(name):
    cmd = [a.planner, "solve", os.path.join(setdir, name + ".sm"), "--json",
           "--time-limit", str(a.time_limit)]
    if a.no_milp:
        cmd.append("--no-milp")
    cmd += shlex.split(a.extra)
    t = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True)
    except OSError as e:
        return name, None, time.monotonic() - t, str(e)
    wall = time.monotonic() - t
    if r.returncode != 0:
        return name, None, wall, r.stderr.strip()
    try:
        return name, json.loads(r.stdout), wall, ""
    except ValueError:
        return name, None, wall, "unreadable output: " + r.stdout[:200] + \
            r.stderr[:200]


rows = []
with cf.ThreadPoolExecutor(max_workers=a.jobs) as ex:
    for name, d, wall, err in ex.map(run, names):
        if d is None:
            print(f"{name}: failed: {err}", file=sys.stderr)
            rows.append((name, None, None, None, wall, "error"))
            continue
        lb, ub = known[name]
        ms, bound = d["makespan"], d["lower_bound"]
        if ms < lb or (ub is not None and bound > ub):
            print(f"{name}: BUG makespan {ms} bound {bound} vs [{lb},{ub}]",
                  file=sys.stderr)
        rows.append((name, ms, bound, d["status"], wall, d.get("solver")))

ok = [r for r in rows if r[1] is not None]
if not ok:
    print(f"| {a.set} | {a.label} | {a.time_limit:g} s | {len(rows)} | "
          f"no schedule on any instance |")
    sys.exit(0)
opt_known = [r for r in rows if known[r[0]][0] == known[r[0]][1]]
with_ub = [r for r in ok if known[r[0]][1] is not None]
found = sum(1 for r in opt_known if r[1] is not None and
            r[1] == known[r[0]][1])
proven = sum(1 for r in ok if r[3] == "optimal")
gap_ub = (statistics.mean((r[1] - known[r[0]][1]) / known[r[0]][1]
                          for r in with_ub) * 100 if with_ub else None)
# The deviation from the critical path, the usual measure where optima are
# unknown (J120, generated sets).
cpm = {r[0]: mpm_time(r[0]) for r in ok}  # each file read once
gap_cpm = statistics.mean((r[1] - cpm[r[0]]) / cpm[r[0]] for r in ok) * 100
gap_lb = statistics.mean((r[1] - r[2]) / r[2] for r in ok) * 100
secs = [r[4] for r in rows]
no_sched = len(rows) - len(ok)
label = a.label or ("heuristics" if a.no_milp else "engine")
line = (f"| {a.set} | {label} | {a.time_limit:g} s | {len(rows)} | "
        f"{found}/{len(opt_known)} | {proven} | "
        + (f"{gap_ub:.2f}%" if gap_ub is not None else "-") +
        f" | {gap_lb:.2f}% | {gap_cpm:.2f}% | "
        f"{statistics.mean(secs):.2f} / {max(secs):.2f} |"
        + (f" no schedule on {no_sched}" if no_sched else ""))
head = ("| set | method | limit | instances | optimum found | proven optimal "
        "| avg gap to best known | avg gap to own bound | avg above CPM "
        "| mean / max s |\n"
        "|---|---|---|---|---|---|---|---|---|---|\n"
        "(gaps over the instances with a schedule)")
print(head)
print(line)
# Totals, to compare runs on the same instances (e.g. with --open-of).
print(f"sum of makespans {sum(r[1] for r in ok)}"
      + (f"; slots above the best known "
         f"{sum(r[1] - known[r[0]][1] for r in with_ub)}" if with_ub else ""))
if a.list:
    with open(a.list, "w") as f:
        w = csv.writer(f)
        w.writerow(["instance", "makespan", "bound", "status", "seconds",
                    "solver", "lb", "ub"])
        for r in rows:
            w.writerow([*r, *known[r[0]]])
if a.report:
    cmd = "/usr/bin/python3 tests/bench/psplib.py " + " ".join(
        shlex.quote(x) for x in sys.argv[1:] if x != a.report and
        x != "--report")
    with open(a.report, "a") as f:
        f.write(f"\n{line}\n<!-- {cmd}; {platform.machine()}, "
                f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')} -->\n")
