"""What the Python end-to-end tests share: TAP output and running the
planner binary. Import after setting taplib.PLANNER."""
import os
import shlex
import subprocess
import sys

PLANNER = None
N = 0
FAILED = 0

# A fixed heuristic budget makes runs repeatable (and fast under sanitizers),
# so 'solve --json' and 'run' can be compared date for date.
FIXED = ["--no-milp", "--schedules", "3000", "--time-limit", "120"]


def ok(cond, name, detail=""):
    global N, FAILED
    N += 1
    print(("ok" if cond else "not ok"), N, "-", name)
    if not cond:
        FAILED += 1
        for line in str(detail).splitlines()[:20]:
            print("#", line)
    sys.stdout.flush()
    return cond


def skip(name, reason):
    """A check that cannot run here (a tool missing): reported, not
    counted as passed."""
    global N
    N += 1
    print("ok", N, "-", name, "# SKIP", reason)
    sys.stdout.flush()


# 'meson test --setup valgrindall' sets PM_WRAPPER to a valgrind command:
# every planner process then runs under it (and its errors fail the test
# through valgrind's exit status).
WRAPPER = shlex.split(os.environ.get("PM_WRAPPER", ""))


def command(*args):
    """The argument list that runs planner with args."""
    return [*WRAPPER, PLANNER, *args]


def run(*args, cwd=None):
    return subprocess.run(command(*args), capture_output=True, text=True,
                          cwd=cwd)


def tool(*args):
    return subprocess.run(list(args), capture_output=True, text=True)


def finish():
    print(f"1..{N}")
    sys.exit(1 if FAILED else 0)
