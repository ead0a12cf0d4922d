"""Sum TAP subtests over meson test logs and print 'N passed, N failed'
(skipped subtests are counted apart, not as passed).
A test that failed without reporting a failing subtest (a crash, a
sanitizer abort) counts as one more failure. Exits 1 if anything failed."""
import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError:
        print(f"missing test log {path}")
        failed += 1
        continue
    for line in lines:
        t = json.loads(line)
        out = t.get("stdout", "") or ""
        skips = len(re.findall(r"^ok \d+ .*# SKIP", out, re.M))
        skipped += skips
        ok = len(re.findall(r"^ok \d+", out, re.M)) - skips
        bad = len(re.findall(r"^not ok \d+", out, re.M))
        passed += ok
        failed += bad
        if t.get("result") not in ("OK", "SKIP", "EXPECTEDFAIL") and bad == 0:
            failed += 1
if skipped:
    print(f"{skipped} skipped (a tool missing on this machine)")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
