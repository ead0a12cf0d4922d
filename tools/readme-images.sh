#!/usr/bin/env bash
# tools/readme-images.sh - draws the README's chart images again: the
# core-migration example on its second Monday (progress reported on two
# Mondays, so the bars show progress and the baseline), its first chart
# page and its first resource-load page, at 90 dpi.
# Usage: tools/readme-images.sh   (after tools/bootstrap.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head="task,actual_start,actual_finish,percent_complete,remaining"
printf '%s\n%s\n%s\n%s\n%s\n' "$head" "kickoff,2026-03-02,2026-03-02,," \
  "charter,2026-03-03,2026-03-06,," "req-biz,2026-03-03,,40%," \
  "req-data,2026-03-03,,30%," > "$tmp/week1.csv"
printf '%s\n%s\n%s\n%s\n%s\n' "$head" "kickoff,2026-03-02,2026-03-02,," \
  "charter,2026-03-03,2026-03-06,," "req-biz,2026-03-03,,60%," \
  "req-data,2026-03-03,,80%," > "$tmp/week2.csv"
for week in 1 2; do
  date=$([ "$week" = 1 ] && echo 2026-03-09 || echo 2026-03-16)
  ./build/planner run examples/core-migration.yaml --status-date "$date" \
    --progress "$tmp/week$week.csv" -o "$tmp/out" --db "$tmp/p.db" -q
done
pdf="$tmp/out/gantt.pdf"
pages=$(pdfinfo "$pdf" | awk '/^Pages:/ { print $2 }')
load=""
for p in $(seq 1 "$pages"); do
  if pdftotext -f "$p" -l "$p" "$pdf" - | grep -q "Resource load by week"; then
    load=$p
    break
  fi
done
pdftoppm -png -r 90 -f 1 -l 1 -singlefile "$pdf" \
  docs/images/gantt-core-migration
pdftoppm -png -r 90 -f "$load" -l "$load" -singlefile "$pdf" \
  docs/images/resources-core-migration
echo "docs/images: chart page 1 and resource page $load of $pages"
