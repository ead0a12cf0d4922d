#!/usr/bin/env bash
# tests/bench/render.sh - chart rendering speed: a generated project of
# about 2,000 tasks and 3,000 dependencies, scheduled once, then its stored
# run drawn again (read, rebuild, compare, draw every page) several times.
# Usage: tests/bench/render.sh [TASKS] [RUNS]     (default 2000 tasks, 7 runs)
# Prints the median wall time of 'planner gantt --run 1'.
set -euo pipefail
cd "$(dirname "$0")/../.."
tasks=${1:-2000}
runs=${2:-7}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 tests/bench/gen_project.py "$tasks" 40 6 \
  $((tasks * 3 / 2 + 200)) 3 > "$tmp/p.yaml"
./build/planner check "$tmp/p.yaml"
./build/planner run "$tmp/p.yaml" -o "$tmp/out" --db "$tmp/p.db" --no-milp \
  --schedules 2000 -q
for i in $(seq "$runs"); do
  /usr/bin/time -f "%e" -o "$tmp/t$i" ./build/planner gantt --run 1 \
    --db "$tmp/p.db" -o "$tmp/g" -q
done
pages=$(pdfinfo "$tmp/g/gantt.pdf" | awk '/^Pages/ { print $2 }')
sort -n "$tmp"/t* | awk -v n="$runs" -v p="$pages" '
  { t[NR] = $1 } END { printf "%d runs: median %.2f s for %d pages\n", n,
  t[int((n + 1) / 2)], p }'
