#!/usr/bin/env bash
# tests/bench/weekly10k.sh - the whole weekly run at scale: a generated
# project of 10,000 tasks, 100 people in 10 pools, 6,000 dependencies,
# efforts of 1-3 days (about 15 months of work), through 'planner run'
# (import, solve, chart, report, database), timed over several runs.
# Usage: tests/bench/weekly10k.sh [RUNS] [TIME_LIMIT]   (default 3, 10 s)
# Prints the median wall time and largest resident set, and the median of
# each part as 'run --json' reports it (seconds.solve, .chart, ...).
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
limit=${2:-10}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 tests/bench/gen_project.py 10000 100 10 6000 1 3 \
  > "$tmp/p.yaml"
for i in $(seq "$runs"); do
  rm -rf "$tmp/out" "$tmp/p.db"
  /usr/bin/time -f "%e %M" -o "$tmp/t$i" ./build/planner run "$tmp/p.yaml" \
    -o "$tmp/out" --db "$tmp/p.db" --status-date 2026-01-05 \
    --time-limit "$limit" --json > "$tmp/j$i" 2> /dev/null
done
/usr/bin/python3 - "$tmp" "$runs" <<'PY'
import json, statistics, sys
tmp, n = sys.argv[1], int(sys.argv[2])
wall, rss, parts = [], [], {}
for i in range(1, n + 1):
    w, m = open(f"{tmp}/t{i}").read().split()
    wall.append(float(w)); rss.append(int(m))
    d = json.load(open(f"{tmp}/j{i}"))
    for k, v in d["seconds"].items():
        parts.setdefault(k, []).append(v)
    finish, days = d["finish"], d["duration_days"]
print(f"{n} runs: median {statistics.median(wall):.2f} s wall, "
      f"max RSS {max(rss) / 1024:.0f} MiB; finish {finish} "
      f"({days:g} working days)")
print("parts (median): " + ", ".join(
    f"{k} {statistics.median(v):.2f} s" for k, v in parts.items()) +
    f"; the rest (import, variance, process) "
    f"{statistics.median(wall) - sum(statistics.median(v) for v in parts.values()):.2f} s")
PY
