#!/usr/bin/env bash
# tests/bench/large.sh - a generated large project: solve time and memory.
# Usage: tests/bench/large.sh [TASKS] [RUNS]   (default 5000 tasks, 5 runs)
# Prints the median wall time and the largest resident set over the runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
tasks=${1:-5000}
runs=${2:-5}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 tests/bench/gen_project.py "$tasks" 50 8 \
  $((tasks * 3 / 2)) 1 4 > "$tmp/p.yaml"
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e %M" -o "$tmp/t$i" ./build/planner solve "$tmp/p.yaml" \
    > "$tmp/out$i"
done
sort -n "$tmp"/t* | awk -v n="$runs" '
  { wall[NR] = $1; if ($2 > rss) rss = $2 }
  END { printf "%d runs: median %.2f s wall, max RSS %.0f MiB\n", n,
        wall[int((n + 1) / 2)], rss / 1024 }'
head -2 "$tmp/out1"
