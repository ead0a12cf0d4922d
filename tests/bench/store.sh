#!/usr/bin/env bash
# tests/bench/store.sh - the run history at 1,000 runs, SQLite and
# PostgreSQL side by side.
# Usage: tests/bench/store.sh POSTGRESQL_URL [RUNS]   (default 1000 runs)
#   POSTGRESQL_URL: an empty database the user may create tables in.
# For each backend: 10 weekly runs of the example with 'planner run'
# (median wall time), then the store filled to RUNS runs by copying the
# last run's rows (SQL, each backend's own client), then 'history' and
# 'diff 1 RUNS', 5 times each (median wall time).
set -euo pipefail
cd "$(dirname "$0")/../.."
url=${1:?usage: tests/bench/store.sh POSTGRESQL_URL [RUNS]}
total=${2:-1000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
timed() { # label, command...: median wall time of 5 runs
  local label=$1; shift
  for i in 1 2 3 4 5; do
    /usr/bin/time -f "%e" -o "$tmp/t" "$@" > /dev/null
    cat "$tmp/t"
  done | median | xargs printf "  %-28s %s s\n" "$label"
}
# SQL that copies run 'last' (with every table that refers to it) until
# there are 'total' runs; columns read from the schema ($1: sqlite|pg).
fill_sql() {
  /usr/bin/python3 - "$1" "$total" "$tmp/columns" <<'PY'
import sys
kind, total, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cols = {}
for line in open(path):
    table, col = line.strip().split("|")
    cols.setdefault(table, []).append(col)
run_cols = [c for c in cols["run"] if c != "id"]
print("BEGIN;")
for k in range(total - 10):
    print(f"INSERT INTO run ({', '.join(run_cols)}) SELECT "
          f"{', '.join(run_cols)} FROM run WHERE id = 10;")
    for table, cs in cols.items():
        if table in ("run", "baseline", "planner_meta") or "run_id" not in cs:
            continue
        keep = [c for c in cs if c not in ("run_id", "rowid")]
        print(f"INSERT INTO {table} (run_id, {', '.join(keep)}) SELECT "
              f"(SELECT max(id) FROM run), {', '.join(keep)} FROM {table} "
              f"WHERE run_id = 10;")
print("COMMIT;")
PY
}
bench() { # label, db
  echo "$1:"
  for i in $(seq 10); do
    /usr/bin/time -f "%e" -o "$tmp/r$i" ./build/planner run \
      examples/core-migration.yaml --db "$2" -o "$tmp/out" -q \
      --status-date 2026-04-20 --no-milp --schedules 300 --runs 100
  done
  cat "$tmp"/r* | median | xargs printf "  %-28s %s s\n" "planner run (10 runs)"
}
lite="$tmp/bench.db"
bench "SQLite" "$lite"
sqlite3 "$lite" "SELECT m.name || '|' || p.name FROM sqlite_master m,
  pragma_table_info(m.name) p WHERE m.type = 'table'" > "$tmp/columns"
fill_sql sqlite | sqlite3 "$lite"
./build/planner history --db "$lite" | tail -n +2 | wc -l |
  xargs printf "  %-28s %s\n" "runs stored"
./build/planner diff 1 "$total" --db "$lite" > /dev/null
timed "history ($total runs)" ./build/planner history --db "$lite"
timed "diff 1 $total" ./build/planner diff 1 "$total" --db "$lite"
ls -l "$lite" | awk '{ printf "  %-28s %.1f MiB\n", "file", $5 / 1048576 }'
bench "PostgreSQL" "$url"
psql -At "$url" -c "SELECT table_name || '|' || column_name FROM
  information_schema.columns WHERE table_schema = 'public' ORDER BY
  table_name, ordinal_position" > "$tmp/columns"
fill_sql pg | psql -q "$url" > /dev/null
./build/planner history --db "$url" | tail -n +2 | wc -l |
  xargs printf "  %-28s %s\n" "runs stored"
./build/planner diff 1 "$total" --db "$url" > /dev/null
timed "history ($total runs)" ./build/planner history --db "$url"
timed "diff 1 $total" ./build/planner diff 1 "$total" --db "$url"
