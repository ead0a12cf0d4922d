"""Generate PSPLIB-style single-mode RCPSP instances (.sm) for tuning.

Usage: gen_rcpsp.py OUTDIR [--jobs 120] [--per-group 1] [--seed 1]

Writes OUTDIR/g<n><group>_<i>.sm and OUTDIR/known.csv (lb = the
critical-path length, ub empty: nobody knows the optimum). The parameters
follow ProGen's design for PSPLIB's J120 set (Kolisch, Sprecher and
Drexl, Management Science 41(10), 1995): four renewable resources,
durations 1-10, demands 1-10, three start and three end activities, at
most three predecessors and successors each, and a full factorial of

  network complexity NC  (non-redundant arcs per activity): 1.5, 1.8, 2.1
  resource factor RF     (share of the resources a job uses): .25 .5 .75 1
  resource strength RS   (capacity between the largest single demand and
                          the peak of the earliest-start schedule): .1-.5

that is 60 parameter groups, numbered with RS varying fastest, then RF,
then NC (group 1: NC 1.5, RF .25, RS .1). This is a generator written
from the paper's description, not ProGen itself: its instances are of
the same kind, not the same instances; the engine is judged on PSPLIB's
own J120 set, which this repository does not hold and was not tuned on.
"""
import argparse
import os
import random

ap = argparse.ArgumentParser()
ap.add_argument("outdir")
ap.add_argument("--jobs", type=int, default=120)
ap.add_argument("--per-group", type=int, default=1)
ap.add_argument("--seed", type=int, default=1)
a = ap.parse_args()

NCS = (1.5, 1.8, 2.1)
RFS = (0.25, 0.5, 0.75, 1.0)
RSS = (0.1, 0.2, 0.3, 0.4, 0.5)
K = 4
MAX_ARCS = 3


def reach(succ, a_, b_):
    """Is b_ reachable from a_ (a_ < b_, arcs go forward)?"""
    stack, seen = [a_], {a_}
    while stack:
        x = stack.pop()
        if x == b_:
            return True
        for y in succ[x]:
            if y <= b_ and y not in seen:
                seen.add(y)
                stack.append(y)
    return False


def redundant(succ, pred, i, j):
    """Would i -> j be implied, or imply an existing arc?"""
    if reach(succ, i, j):
        return True
    if any(reach(succ, p, i) for p in pred[j]):
        return True  # p -> j would become implied through i
    if any(reach(succ, j, s) for s in succ[i]):
        return True  # i -> s would become implied through j
    return False


def network(rng, n, nc):
    succ = {i: [] for i in range(1, n + 1)}
    pred = {i: [] for i in range(1, n + 1)}
    starts, ends = set(range(1, 4)), set(range(n - 2, n + 1))

    def add(i, j):
        succ[i].append(j)
        pred[j].append(i)

    for j in range(4, n + 1):  # every non-start job gets a predecessor
        cands = [i for i in range(1, j) if i not in ends and
                 len(succ[i]) < MAX_ARCS]
        add(rng.choice(cands), j)
    for i in range(1, n - 2):  # every non-end job gets a successor
        if not succ[i]:
            cands = [j for j in range(i + 1, n + 1) if j not in starts and
                     len(pred[j]) < MAX_ARCS and not reach(succ, i, j)]
            if not cands:
                cands = [j for j in range(i + 1, n + 1) if j not in starts]
            add(i, rng.choice(cands))
    # arcs from the source and to the sink count as ProGen counts them
    target = round(nc * (n + 2)) - len(starts) - len(ends)
    arcs = sum(len(s) for s in succ.values())
    tries = 0
    while arcs < target and tries < 200 * n:
        tries += 1
        i = rng.randint(1, n - 1)
        j = rng.randint(i + 1, min(n, i + n // 4))
        if (i in ends or j in starts or len(succ[i]) >= MAX_ARCS or
                len(pred[j]) >= MAX_ARCS or j in succ[i] or
                redundant(succ, pred, i, j)):
            continue
        add(i, j)
        arcs += 1
    return succ


def instance(rng, n, nc, rf, rs):
    succ = network(rng, n, nc)
    dur = {j: rng.randint(1, 10) for j in range(1, n + 1)}
    uses = max(1, round(rf * K))
    req = {}
    for j in range(1, n + 1):
        ks = rng.sample(range(K), uses)
        req[j] = [rng.randint(1, 10) if k in ks else 0 for k in range(K)]
    es = {j: 0 for j in range(1, n + 1)}
    for i in range(1, n + 1):  # jobs are numbered in topological order
        for j in succ[i]:
            es[j] = max(es[j], es[i] + dur[i])
    cpm = max(es[j] + dur[j] for j in es)
    cap = []
    for k in range(K):
        kmin = max(req[j][k] for j in req)
        peak = [0] * (cpm + 1)
        for j in req:
            for t in range(es[j], es[j] + dur[j]):
                peak[t] += req[j][k]
        kmax = max(peak)
        cap.append(kmin + round(rs * (kmax - kmin)))
    return succ, dur, req, cap, cpm


def write_sm(path, n, succ, dur, req, cap, cpm):
    total = n + 2
    src_succ = [j for j in range(1, n + 1)
                if all(j not in succ[i] for i in succ)]
    lines = ["*" * 72,
             "file with basedata            : gen_rcpsp.py",
             "*" * 72,
             "projects                      :  1",
             f"jobs (incl. supersource/sink ):  {total}",
             f"horizon                       :  {sum(dur.values())}",
             "RESOURCES",
             f"  - renewable                 :  {K}   R",
             "  - nonrenewable              :  0   N",
             "  - doubly constrained        :  0   D",
             "*" * 72,
             "PROJECT INFORMATION:",
             "pronr.  #jobs rel.date duedate tardcost  MPM-Time",
             f"    1    {n}      0       {cpm}        0       {cpm}",
             "*" * 72,
             "PRECEDENCE RELATIONS:",
             "jobnr.    #modes  #successors   successors"]

    def prec(job, s):
        return (f"  {job:2d}        1          {len(s)}   " +
                "".join(f"{x:4d}" for x in s))

    lines.append(prec(1, [j + 1 for j in src_succ]))
    for j in range(1, n + 1):
        s = [x + 1 for x in succ[j]] or [total]
        lines.append(prec(j + 1, sorted(s)))
    lines.append(prec(total, []))
    lines += ["*" * 72, "REQUESTS/DURATIONS:",
              "jobnr. mode duration  R 1  R 2  R 3  R 4",
              "-" * 72]
    lines.append("  1      1     0       0    0    0    0")
    for j in range(1, n + 1):
        lines.append(f"{j + 1:3d}      1    {dur[j]:2d}    " +
                     " ".join(f"{q:4d}" for q in req[j]))
    lines.append(f"{total:3d}      1     0       0    0    0    0")
    lines += ["*" * 72, "RESOURCEAVAILABILITIES:",
              "  R 1  R 2  R 3  R 4",
              "  " + " ".join(f"{c:4d}" for c in cap), "*" * 72]
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


os.makedirs(a.outdir, exist_ok=True)
rng = random.Random(a.seed)
known = ["instance,lb,ub"]
group = 0
for nc in NCS:
    for rf in RFS:
        for rs in RSS:
            group += 1
            for i in range(1, a.per_group + 1):
                name = f"g{a.jobs}{group}_{i}"
                inst = instance(rng, a.jobs, nc, rf, rs)
                write_sm(os.path.join(a.outdir, name + ".sm"), a.jobs, *inst)
                known.append(f"{name},{inst[-1]},")
with open(os.path.join(a.outdir, "known.csv"), "w") as f:
    f.write("\n".join(known) + "\n")
