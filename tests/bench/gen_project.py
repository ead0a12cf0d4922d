"""Generate a large synthetic project file for benchmarks.

Usage: gen_project.py TASKS PEOPLE POOLS DEPS SEED [MAX_EFFORT_DAYS]
       > project.yaml
Phases of 20-60 tasks, each task an effort on one pool (sometimes a named
person), dependencies to earlier tasks only (so the network is acyclic),
vacations spread over two years.
"""
import random
import sys

n, people, pools, deps, seed = (int(a) for a in sys.argv[1:6])
max_effort = int(sys.argv[6]) if len(sys.argv) > 6 else 15
rng = random.Random(seed)
out = ["project: Synthetic %d tasks" % n, "start: 2026-01-05",
       "calendar:", "  holidays: [2026-05-01, 2026-12-25..2026-12-26, "
       "2027-05-01, 2027-12-24..2027-12-31]", "pools:"]
for p in range(pools):
    out.append("  - { id: pool%d }" % p)
out.append("resources:")
for r in range(people):
    vac = ""
    if rng.random() < 0.7:
        m = rng.randint(1, 12)
        vac = ", vacations: [2026-%02d-10..2026-%02d-14]" % (m, m)
    out.append("  - { id: p%d, pools: [pool%d], reserve: %d%%%s }"
               % (r, r % pools, rng.choice([0, 10, 15, 20]), vac))
out.append("tasks:")
leaf = []
t = 0
phase = 0
preds = {}
while t < n:
    size = min(rng.randint(20, 60), n - t)
    out.append("  - id: ph%d" % phase)
    out.append("    children:")
    for _ in range(size):
        tid = "t%d" % t
        leaf.append(tid)
        need = ("{ pool: pool%d, units: %s }"
                % (rng.randrange(pools), rng.choice(["1", "1", "0.5", "2"])))
        if rng.random() < 0.2:
            need = "{ resource: p%d }" % rng.randrange(people)
        out.append("      - { id: %s, effort: %dd, needs: [%s]%s }"
                   % (tid, rng.randint(1, max_effort), need, "%s"))
        preds[len(out) - 1] = tid
        t += 1
    phase += 1
# dependencies to earlier tasks (near ones mostly)
after = {x: [] for x in leaf}
idx = {x: i for i, x in enumerate(leaf)}
for _ in range(deps):
    b = rng.randrange(1, len(leaf))
    a = max(0, b - rng.randint(1, 40))
    if leaf[a] not in after[leaf[b]]:
        after[leaf[b]].append(leaf[a])
for line_no, tid in preds.items():
    a = after[tid]
    out[line_no] = out[line_no] % (", after: [%s]" % ", ".join(a) if a else "")
print("\n".join(out))
