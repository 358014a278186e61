#!/usr/bin/env python3
"""Growth benchmark: each hostile shape (tests/hostile.py) built at 1x and
10x its size; prints the median wall time and the peak memory of each, and
their ratios. Linear cost gives ratios near 10 (below it while the fixed
cost of a build, about 80 ms and 15 MB, still counts).

growth.py PLANGEN [RUNS]
"""
import os
import subprocess
import sys
import tempfile
import time

SHAPES = [  # shape, size at 1x
    ("run", 100000),
    ("stops", 100000),
    ("notes", 10000),
    ("inline", 2000),
    ("rows", 2000),
    ("errors", 5000),
    ("keys", 20000),
]


def run_once(plangen, doc, out):
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.execv(plangen, [plangen, "build", "-o", out, doc])
    _, status, usage = os.wait4(pid, 0)
    wall = (time.monotonic() - start) * 1000
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        sys.exit("growth.py: %s exited with %d" % (doc, code))
    return wall, usage.ru_maxrss / 1024


def measure(plangen, shape, n, runs, tmp):
    d = os.path.join(tmp, "%s-%d" % (shape, n))
    subprocess.run([sys.executable, os.path.join(os.path.dirname(__file__), "hostile.py"),
                    shape, str(n), d], check=True)
    walls, peak = [], 0
    for _ in range(runs):
        w, m = run_once(plangen, os.path.join(d, "plan.yaml"), os.path.join(tmp, "g.pdf"))
        walls.append(w)
        peak = max(peak, m)
    walls.sort()
    return walls[len(walls) // 2], peak


def main():
    plangen = os.path.abspath(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    worst = 0
    with tempfile.TemporaryDirectory() as tmp:
        for shape, n in SHAPES:
            t1, m1 = measure(plangen, shape, n, runs, tmp)
            t10, m10 = measure(plangen, shape, 10 * n, runs, tmp)
            worst = max(worst, t10 / t1)
            print("growth %-6s %7d -> %8d: %7.1f -> %8.1f ms (x%.1f), %6.1f -> %6.1f MB (x%.1f)"
                  % (shape, n, 10 * n, t1, t10, t10 / t1, m1, m10, m10 / m1))
    print("growth: worst time ratio for 10x input: %.1f" % worst)


main()
