"""planner's lower bounds on generated projects, and a check of each bound
that does not rely on planner's code.

Usage: /usr/bin/python3 tests/bench/bounds.py [--time-limit S]
           [--seeds 1 2 3] [--check-limit S] [--priorities]
           [--max-effort D] [--planner BIN] [SIZE ...]
       (default sizes 300 600 1000 3000; run from the repository root
       after tools/bootstrap.sh)

Each size N and seed is `gen_project.py N N/20 N/100 1.5N SEED 15`
(pools with reserves and leave, holidays, 1-15 day efforts, or 1-D with
--max-effort D: short tasks, where whole days weigh most;
--priorities adds a random P0-P4 to every task). planner solves it with
--time-limit S (default 10); the gap is (makespan - bound) / bound.

The check, for every bound B:
- an energy bound E worked out here from the project file alone: a
  pool's members do at most their speed (1 - reserve) of effort a working
  day, none on leave or holidays, so all the effort on a pool (or on one
  named person) needs at least the working days by which their summed
  speed reaches it. If B <= E, B is valid whatever planner's code does.
- otherwise B rests on planner's own reasoning; then no schedule any run
  finds may finish before it: planner again with two other seeds and
  --check-limit (default 30 s). A makespan below B prints BUG.
"""
import argparse
import datetime
import json
import math
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
PLANNER = os.path.join(ROOT, "build", "planner")
GEN = os.path.join(ROOT, "tests", "bench", "gen_project.py")

ap = argparse.ArgumentParser()
ap.add_argument("sizes", nargs="*", type=int,
                default=[300, 600, 1000, 3000])
ap.add_argument("--time-limit", type=float, default=10.0)
ap.add_argument("--check-limit", type=float, default=30.0)
ap.add_argument("--seeds", nargs="+", type=int, default=[1, 2, 3])
ap.add_argument("--priorities", action="store_true")
ap.add_argument("--max-effort", type=int, default=15)
ap.add_argument("--planner", default=PLANNER)
a = ap.parse_args()


def days(text):
    """Dates of '2026-02-10..2026-02-14' and '2026-05-01' list items."""
    out = set()
    for item in re.findall(r"[\d-]{10}(?:\.\.[\d-]{10})?", text):
        lo, _, hi = item.partition("..")
        d = datetime.date.fromisoformat(lo)
        end = datetime.date.fromisoformat(hi or lo)
        while d <= end:
            out.add(d)
            d += datetime.timedelta(days=1)
    return out


def energy_bound(text):
    """The working days by which every pool's and named person's effort
    can be done at their members' full speed (see the top of the file)."""
    start = datetime.date.fromisoformat(
        re.search(r"^start: (\S+)", text, re.M).group(1))
    holidays = days(re.search(r"holidays: \[(.*)\]", text).group(1))
    people = {}
    for m in re.finditer(r"- \{ id: (p\d+), pools: \[(pool\d+)\], "
                         r"reserve: (\d+)%(?:, vacations: \[([^\]]*)\])? \}",
                         text):
        pid, pool, reserve, vac = m.groups()
        people[pid] = (pool, 1 - int(reserve) / 100, days(vac or ""))
    work = {}
    for m in re.finditer(r"effort: (\d+)d, needs: \[\{ (pool|resource): "
                         r"(\w+)", text):
        effort, kind, who = int(m.group(1)), m.group(2), m.group(3)
        work[who] = work.get(who, 0) + effort
        if kind == "resource":  # the person's pool does it too
            pool = people[who][0]
            work[pool] = work.get(pool, 0) + effort
    best = 0
    for who, w in work.items():
        members = [p for p, v in people.items() if p == who or v[0] == who]
        done, slots, d = 0.0, 0, start
        while done < w - 1e-9:
            if d.weekday() < 5 and d not in holidays:
                slots += 1
                done += sum(people[p][1] for p in members
                            if d not in people[p][2])
            d += datetime.timedelta(days=1)
        best = max(best, slots)
    return best


def path_bound(text):
    """The longest chain of dependencies, each task as short as its
    fastest possible people make it: effort / (the summed speed of the
    pool's `units` fastest members, or its person's speed), rounded up to whole days as
    planner schedules them. A named person's task moves on only on their
    working days (as if it could stop for their leave: a relaxation); a
    pool's ignores leave."""
    start = datetime.date.fromisoformat(
        re.search(r"^start: (\S+)", text, re.M).group(1))
    holidays = days(re.search(r"holidays: \[(.*)\]", text).group(1))
    workdays = []
    d = start
    while len(workdays) < 20000:
        if d.weekday() < 5 and d not in holidays:
            workdays.append(d)
        d += datetime.timedelta(days=1)
    speed, pool_of, away = {}, {}, {}
    for m in re.finditer(r"- \{ id: (p\d+), pools: \[(pool\d+)\], "
                         r"reserve: (\d+)%(?:, vacations: \[([^\]]*)\])?",
                         text):
        speed[m.group(1)] = 1 - int(m.group(3)) / 100
        pool_of[m.group(1)] = m.group(2)
        away[m.group(1)] = days(m.group(4) or "")
    speeds = {}  # each pool's speeds, fastest first
    for p, v in speed.items():
        speeds.setdefault(pool_of[p], []).append(v)
    for v in speeds.values():
        v.sort(reverse=True)

    def fastest(pool, units):
        """The most speed `units` people of the pool can add up to."""
        whole = int(units)
        top = speeds[pool][:whole]
        rest = speeds[pool][whole:whole + 1]
        return sum(top) + (units - whole) * (rest[0] if rest else 0)
    finish = {}
    for m in re.finditer(r"- \{ id: (t\d+), (?:priority: P\d, )?"
                         r"effort: (\d+)d, needs: \[\{ (pool|resource): "
                         r"(\w+)(?:, units: ([\d.]+))? \}\]"
                         r"(?:, after: \[([^\]]*)\])?", text):
        tid, effort, kind, who, units, after = m.groups()
        rate = (fastest(who, float(units or 1)) if kind == "pool"
                else speed[who])
        dur = math.ceil(int(effort) / rate - 1e-9)
        preds = [x.strip() for x in (after or "").split(",") if x.strip()]
        t = max([finish[x] for x in preds] + [0])
        if kind == "pool":
            finish[tid] = t + dur
            continue
        while dur > 0:  # slot t is workdays[t]
            dur -= workdays[t] not in away[who]
            t += 1
        finish[tid] = t
    return max(finish.values())


def solve(path, limit, seed):
    out = subprocess.run([a.planner, "solve", path, "--json", "--time-limit",
                          str(limit), "--seed", str(seed)],
                         capture_output=True, text=True, check=True).stdout
    d = json.loads(out)
    return d["makespan"], d["lower_bound"], d["seconds"]


def with_priorities(text, seed):
    import random
    rng = random.Random(seed)
    return re.sub(r"(- \{ id: t\d+, )", lambda m: m.group(1) +
                  "priority: P%d, " % rng.randint(0, 4), text)


print("| tasks | seed | makespan | bound | gap | bound worked out here "
      "| bound checked by | s |")
print("|---:|---:|---:|---:|---:|---:|---|---:|")
gaps = {}
bugs = 0
with tempfile.TemporaryDirectory() as tmp:
    for n in a.sizes:
        for seed in a.seeds:
            text = subprocess.run(
                ["/usr/bin/python3", GEN, str(n), str(max(n // 20, 1)),
                 str(max(n // 100, 1)), str(n * 3 // 2), str(seed),
                 str(a.max_effort)],
                capture_output=True, text=True, check=True).stdout
            if a.priorities:
                text = with_priorities(text, seed)
            path = os.path.join(tmp, f"p{n}_{seed}.yaml")
            with open(path, "w") as f:
                f.write(text)
            ms, bound, secs = solve(path, a.time_limit, seed)
            energy = max(energy_bound(text), path_bound(text))
            gap = (ms - bound) / bound * 100
            gaps.setdefault(n, []).append(gap)
            if ms < energy:
                print(f"BUG: p{n}_{seed} makespan {ms} below the bound "
                      f"worked out here, {energy}", file=sys.stderr)
                bugs += 1
            if bound <= energy:
                how = "the bound here"
            else:
                others = [solve(path, a.check_limit, s)[0]
                          for s in (seed + 100, seed + 200)]
                low = min(others + [ms])
                how = f"no schedule below it ({len(others) + 1} runs)"
                if low < bound:
                    print(f"BUG: p{n}_{seed} bound {bound} above a "
                          f"schedule of {low}", file=sys.stderr)
                    how = f"BUG: a schedule of {low}"
                    bugs += 1
            print(f"| {n} | {seed} | {ms} | {bound} | {gap:.1f}% | {energy} "
                  f"| {how} | {secs:.1f} |", flush=True)
for n, g in gaps.items():
    print(f"{n} tasks: mean gap {sum(g) / len(g):.2f}%, max {max(g):.2f}%")
sys.exit(1 if bugs else 0)
