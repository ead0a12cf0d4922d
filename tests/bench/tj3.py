"""planner beside TaskJuggler 3 (Debian's tj3) on the same generated
projects: each gen_project.py file is converted to a .tjp (people with
their reserve as efficiency and their leave, holidays, effort tasks on a
named person or on a pool's members as alternatives, dependencies), both
tools schedule it, and the finishes and times are printed side by side.

Usage: /usr/bin/python3 tests/bench/tj3.py [--hour] [--planner=BIN] [SIZE ...]
       (default 100 300 600; --hour: planner schedules in hours too, as
       TaskJuggler does, instead of whole days)
Run from the repository root after tools/bootstrap.sh, with tj3 installed.
planner runs with its default 10 s time limit.

The conversion keeps what both tools model alike. What differs: a pool
need of 0.5 is a half-day limit in TaskJuggler (planner: half a seat), a
need of 2 two allocations; TaskJuggler schedules in hours, planner in
days. Finishes are compared in working days from the project start.
"""
import argparse
import datetime
import json
import os
import re
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PLANNER = os.path.join(ROOT, "build", "planner")
GEN = os.path.join(ROOT, "tests", "bench", "gen_project.py")


def end_excl(d):
    """The day after an ISO date (TaskJuggler's intervals end exclusive)."""
    return (datetime.date.fromisoformat(d) +
            datetime.timedelta(days=1)).isoformat()


def ranges(text):
    """'2026-02-10..2026-02-14' and '2026-05-01' items of a YAML list."""
    out = []
    for item in re.findall(r"[\d-]{10}(?:\.\.[\d-]{10})?", text):
        a, _, b = item.partition("..")
        out.append((a, b or a))
    return out


def convert(yaml_text):
    """The generated project as TaskJuggler source."""
    start = re.search(r"^start: (\S+)", yaml_text, re.M).group(1)
    hol = re.search(r"holidays: \[(.*)\]", yaml_text)
    pools = {}
    people = []
    for m in re.finditer(r"- \{ id: (p\d+), pools: \[(pool\d+)\], "
                         r"reserve: (\d+)%(?:, vacations: \[([^\]]*)\])? \}",
                         yaml_text):
        pid, pool, reserve, vac = m.groups()
        pools.setdefault(pool, []).append(pid)
        people.append((pid, int(reserve), ranges(vac or "")))
    lines = [f'project synth "Synthetic" {start} +12y {{',
             '  timezone "UTC"', "  dailyworkinghours 8",
             "  workinghours mon - fri 9:00 - 13:00, 14:00 - 18:00",
             "}"]
    for a, b in ranges(hol.group(1) if hol else ""):
        lines.append(f'leaves holiday "holiday" {a} - {end_excl(b)}')
    for pid, reserve, vac in people:
        body = [f"efficiency {(100 - reserve) / 100:.2f}"]
        body += [f"leaves annual {a} - {end_excl(b)}" for a, b in vac]
        lines.append(f'resource {pid} "{pid}" {{ ' + " ".join(body) + " }")
    phase_of, tasks = {}, []
    phase = None
    for line in yaml_text.splitlines():
        m = re.match(r"  - id: (ph\d+)", line)
        if m:
            phase = m.group(1)
            tasks.append((phase, None))
            continue
        m = re.match(r"      - \{ id: (t\d+), effort: (\d+)d, needs: "
                     r"\[\{ (pool|resource): (\w+)(?:, units: ([\d.]+))? "
                     r"\}\](?:, after: \[([^\]]*)\])? \}", line)
        if m:
            tid = m.group(1)
            phase_of[tid] = phase
            tasks.append((phase, m.groups()))
    open_phase = None
    for phase, t in tasks:
        if t is None:
            if open_phase:
                lines.append("}")
            lines.append(f'task {phase} "{phase}" {{')
            open_phase = phase
            continue
        tid, effort, kind, what, units, after = t
        body = [f"effort {effort}d"]
        if kind == "resource":
            body.append(f"allocate {what}")
        else:
            members = pools[what]
            alts = ", ".join(members[1:])
            one = (f"{members[0]} {{ alternative {alts} select minloaded "
                   "persistent }" if alts else members[0])
            n = 2 if units == "2" else 1
            body.append("allocate " + ", ".join([one] * n))
            if units == "0.5":
                body.append("limits { dailymax 4h }")
        if after:
            deps = [f"{phase_of[a.strip()]}.{a.strip()}"
                    for a in after.split(",")]
            body.append("depends " + ", ".join(deps))
        lines.append(f'  task {tid} "{tid}" {{ ' + " ".join(body) + " }")
    if open_phase:
        lines.append("}")
    lines.append('taskreport finish "finish" { formats csv '
                 'columns id, start, end }')
    return start, "\n".join(lines) + "\n"


def working_days(start, end):
    """Working days (Monday to Friday) from start up to end, inclusive of
    the day the last work ends."""
    a = datetime.date.fromisoformat(start)
    b = datetime.date.fromisoformat(end)
    n = 0
    while a <= b:
        n += a.weekday() < 5
        a += datetime.timedelta(days=1)
    return n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--hour", action="store_true")
    ap.add_argument("--planner", default=PLANNER)
    ap.add_argument("sizes", nargs="*", type=int, default=[100, 300, 600])
    a = ap.parse_args()
    hour, planner, sizes = a.hour, a.planner, a.sizes
    print(f"{'tasks':>6} {'planner finish':>15} {'bound':>5} "
          f"{'tj3 finish':>15} {'planner s':>10} {'tj3 s':>8} "
          f"{'time ratio':>10}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            yaml_path = os.path.join(tmp, "p.yaml")
            text = subprocess.run(
                ["/usr/bin/python3", GEN, str(n), str(max(6, n // 20)),
                 str(max(2, n // 100)), str(n * 3 // 2), "7", "10"],
                capture_output=True, text=True, check=True).stdout
            start, tjp = convert(text)
            if hour:
                text = text.replace("calendar:\n",
                                    "calendar:\n  granularity: hour\n", 1)
            with open(yaml_path, "w") as f:
                f.write(text)
            with open(os.path.join(tmp, "p.tjp"), "w") as f:
                f.write(tjp)
            t0 = time.monotonic()
            r = subprocess.run([planner, "solve", yaml_path, "--json"],
                               capture_output=True, text=True)
            t_planner = time.monotonic() - t0
            if r.returncode != 0:
                print(f"{n:>6} planner failed: {r.stderr[:200]}")
                continue
            sched = json.loads(r.stdout)
            finish = sched["finish"]
            bound = round(sched["lower_bound"] /
                          max(1, sched["makespan"]) *
                          working_days(start, finish))
            t0 = time.monotonic()
            r = subprocess.run(["tj3", "--silent", "--no-color", "-o", tmp,
                                "p.tjp"], capture_output=True, text=True,
                               cwd=tmp)
            t_tj3 = time.monotonic() - t0
            csv_path = os.path.join(tmp, "finish.csv")
            if r.returncode != 0 or not os.path.exists(csv_path):
                print(f"{n:>6} tj3 failed: {(r.stderr or r.stdout)[:300]}")
                continue
            ends = re.findall(r'"(\d{4}-\d{2}-\d{2})[^"]*"\s*$',
                              open(csv_path).read(), re.M)
            tj_finish = max(ends)
            pd = working_days(start, finish)
            td = working_days(start, tj_finish)
            print(f"{n:>6} {finish:>10} {pd:>4} {bound:>5} {tj_finish:>10} "
                  f"{td:>4}"
                  f" {t_planner:>10.2f} {t_tj3:>8.2f} "
                  f"{t_planner / t_tj3:>10.2f}")


main()
