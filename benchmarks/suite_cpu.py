"""Where the test suite's CPU goes, test by test: the machine's busy time around each test.

    .venv/bin/python benchmarks/suite_cpu.py [--top 30] [pytest arguments...]

Runs the suite in one process, one test after another (no xdist: with two workers side by
side, the machine's busy time cannot be told apart by test), and records around each test
the CPU time the whole machine spent (/proc/stat: every process, the browsers, Java and the
forked `sitegen` runs included, which a process's own counters miss). A session fixture is
charged to the first test that asks for it. Prints the total, the files and the costliest
tests. Run it on a quiet machine: anything else running is charged to the tests.

As a pytest plugin (`-p suite_cpu`, with benchmarks/ on PYTHONPATH) it writes one JSON line
per test to $SUITE_CPU_LOG.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent


def busy() -> float:
    """Seconds of CPU the machine has spent, all cores, all processes, idle and I/O wait left out."""
    with open("/proc/stat", encoding="ascii") as f:
        ticks = [int(v) for v in f.readline().split()[1:]]
    return (sum(ticks) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Any:
    """The plugin: the machine's busy time around each test, as a JSON line."""
    start, cpu = time.time(), busy()
    yield
    line = {"id": item.nodeid, "wall": time.time() - start, "cpu": busy() - cpu}
    with open(os.environ["SUITE_CPU_LOG"], "a", encoding="utf-8") as f:
        f.write(json.dumps(line) + "\n")


def main() -> None:
    args = sys.argv[1:]
    top = 30
    if args[:1] == ["--top"]:
        top, args = int(args[1]), args[2:]
    log = Path(tempfile.mkdtemp(prefix="suite-cpu-")) / "tests.jsonl"
    env = {**os.environ, "SUITE_CPU_LOG": str(log), "PYTHONPATH": str(ROOT / "benchmarks")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as scripts/dev.sh test runs it
    start, cpu = time.time(), busy()
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "suite_cpu", *args]
    subprocess.run(command, cwd=ROOT, env=env, check=False)
    wall, total = time.time() - start, busy() - cpu
    rows = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    print(f"\n{len(rows)} tests, one after another: {wall:.0f} s wall, {total:.0f} CPU-s on the machine")
    print(f"(in the tests: {sum(r['cpu'] for r in rows):.0f} CPU-s; the rest is collection and teardown)\n")
    by_file: Counter[str] = Counter()
    for r in rows:
        by_file[r["id"].split("::")[0]] += r["cpu"]
    print("| file | CPU-s |\n|---|---|")
    for name, seconds in by_file.most_common():
        print(f"| {name} | {seconds:.0f} |")
    print("\n| test | CPU-s | wall s |\n|---|---|---|")
    for r in sorted(rows, key=lambda r: -r["cpu"])[:top]:
        print(f"| {r['id'].split('::', 1)[1]} | {r['cpu']:.0f} | {r['wall']:.0f} |")


if __name__ == "__main__":
    main()
