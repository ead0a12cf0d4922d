#!/usr/bin/env bash
# tools/fuzz.sh - run a libFuzzer harness for a while.
# Usage: tools/fuzz.sh TARGET [SECONDS] [JOBS]
#   TARGET: yaml, csv, progress, psplib, mspdi, gan, pipeline (or 'all', one after the
#   other). Builds build-fuzz with clang (ASan + UBSan + libFuzzer), seeds a
#   corpus from tests/data and examples, runs, and leaves crashes in
#   fuzz-out/TARGET/ (each one becomes a regression test: docs/testing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: tools/fuzz.sh TARGET [SECONDS] [JOBS]}
seconds=${2:-60}
jobs=${3:-1}
if [ "$target" = all ]; then
  for t in yaml csv progress psplib mspdi gan pipeline; do "$0" "$t" "$seconds" "$jobs"; done
  exit 0
fi
if [ ! -f build-fuzz/build.ninja ]; then
  CC=clang meson setup build-fuzz -Dfuzz=true -Db_lundef=false \
    -Db_sanitize=address,undefined -Dbuildtype=debugoptimized >/dev/null
fi
ninja -C build-fuzz "tests/fuzz/fuzz_$target" >/dev/null
corpus=fuzz-out/$target/corpus
mkdir -p "$corpus" "fuzz-out/$target/crashes"
seed() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$corpus/"; done; return 0; }
case $target in
  yaml|pipeline) seed examples/*.yaml examples/csv/*.yaml tests/data/bad/*.yaml \
                      tests/data/yaml/*.yaml tests/data/progress/*.yaml ;;
  csv)      seed examples/csv/*.csv tests/data/csv/*.csv tests/data/bad/_*.csv ;;
  progress) seed examples/*.csv tests/data/bad/progress-*.csv ;;
  psplib)   seed tests/data/psplib/j30/j301_1.sm tests/data/psplib/j30/j305_1.sm ;;
  mspdi)    seed tests/data/samples/mspdi/mpxj-mspdirelations.xml \
                 tests/data/samples/mspdi/mpxj-legacy-sample1.xml \
                 tests/data/samples/mspdi/ganttproject-issue2659.xml tests/data/bad/*.xml ;;
  gan)      seed tests/data/samples/gan/*.gan tests/data/bad/*.gan ;;
esac
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
"build-fuzz/tests/fuzz/fuzz_$target" "$corpus" -max_total_time="$seconds" \
  -jobs="$jobs" -workers="$jobs" -max_len=65536 -timeout=20 \
  -artifact_prefix="fuzz-out/$target/crashes/" 2>&1 | tail -n 5
echo "fuzz_$target: $(ls "fuzz-out/$target/crashes" | wc -l) crash files," \
  "corpus $(ls "$corpus" | wc -l) inputs"
