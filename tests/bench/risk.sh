#!/usr/bin/env bash
# tests/bench/risk.sh - Monte Carlo speed: the 63-task example with a
# three-point estimate on every task (optimistic 80%, pessimistic 160% of
# its planned duration or effort), N samples, timed over several runs.
# Usage: tests/bench/risk.sh [SAMPLES] [RUNS]   (default 1000 samples, 5 runs)
# Prints the median wall time of 'planner risk' (which schedules the plan
# first) and the P50/P80/P95 finish.
set -euo pipefail
cd "$(dirname "$0")/../.."
samples=${1:-1000}
runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - examples/core-migration.yaml > "$tmp/p.yaml" <<'PY'
import math, re, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if re.match(r"^\s*estimate:", line):
        continue  # every task gets the same rule below
    sys.stdout.write(line)
    m = re.match(r"^(\s*)(duration|effort): (\d+)d\s*$", line)
    if m:
        n = int(m.group(3))
        lo, hi = max(1, round(0.8 * n)), math.ceil(1.6 * n)
        sys.stdout.write(f"{m.group(1)}estimate: {lo}d..{n}d..{hi}d\n")
PY
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$tmp/t$i" ./build/planner risk "$tmp/p.yaml" \
    --runs "$samples" > "$tmp/out$i"
done
sort -n "$tmp"/t* | awk -v n="$runs" -v s="$samples" '
  { wall[NR] = $1; if ($2 > rss) rss = $2 }
  END { printf "%d samples, %d runs: median %.2f s wall, max RSS %.0f MiB\n",
        s, n, wall[int((n + 1) / 2)], rss / 1024 }'
sed -n 1,2p "$tmp/out1"
