"""How long a warm `quarto render` of the whole site takes, and where the time goes.

    python benchmarks/render.py [--runs N]

Renders the site N times (after one render that warms the caches) with Quarto's debug log
on, and prints the median of each stage: Quarto's start-up (reading the project, before the
first page), each page, and each post-render script. Frozen posts are not executed, so this
is the time an author waits after editing prose. Needs `quarto` on PATH.
"""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

from blogkit.paths import ROOT

PAGE = re.compile(r"\[\d+/\d+\] (\S+)")
SCRIPT = re.compile(r"Running script '([^']+)'")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def stages(lines):
    """(stage, seconds) pairs from (seconds since start, log line) pairs, in order."""
    marks = [(0.0, "start-up")]
    for seconds, line in lines:
        found = PAGE.search(line) or SCRIPT.search(line)
        if found:
            marks.append((seconds, found.group(1)))
        elif line.startswith("Output created"):
            marks.append((seconds, None))
    pairs = zip(marks, marks[1:], strict=False)
    return [(name, end - start) for (start, name), (end, _) in pairs if name]


def timed_render():
    """One render's stages and its total seconds."""
    start = time.perf_counter()
    process = subprocess.Popen(
        ["quarto", "render", "--log-level", "debug"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines = [(time.perf_counter() - start, ANSI.sub("", line)) for line in process.stdout]
    if process.wait():
        sys.exit("quarto render failed:\n" + "".join(line for _, line in lines[-20:]))
    return stages(lines), time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    if shutil.which("quarto") is None:
        sys.exit("quarto is not on PATH (see README: Render and preview the site)")
    os.environ.setdefault("QUARTO_PYTHON", sys.executable)
    timed_render()  # warm: freeze, sass and listing caches
    results = [timed_render() for _ in range(runs)]
    print(f"warm render, median of {runs}: {statistics.median(t for _, t in results):.1f} s")
    for index, (name, _) in enumerate(results[0][0]):
        seconds = statistics.median(run[index][1] for run, _ in results)
        print(f"  {seconds:5.2f} s  {name}")


if __name__ == "__main__":
    main()
