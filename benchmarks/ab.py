"""This checkout's sitegen against an earlier commit's, on the same corpus, in one run.

    .venv/bin/python benchmarks/ab.py --base 64bff0e --pages 1000 --runs 3

For a claim of "no regression": the base commit is checked out beside (a git
worktree in a temporary folder), benchmarks/corpus.py writes N programme pages,
and each side builds them in a fresh process, the two sides taking turns:
  - cold: `sitegen build --outputs web`, empty output and cache;
  - no-op: the same again, nothing changed;
  - edit: after one programme file is edited (a sentence appended; undone after).
Wall time by the clock, peak memory as the kernel reports it when the process
exits (wait4). Prints each side's medians and the ratio this / base per row.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402


def timed(code: Path, content: Path, out: Path, cache: Path) -> tuple[float, float]:
    """(seconds, peak MB) of one build by the sitegen in code."""
    args = [sys.executable, "-m", "sitegen.cli", "build", "--content", str(content), "--outputs", "web"]
    args += ["--out", str(out), "--cache", str(cache)]
    env = {**os.environ, "PYTHONPATH": str(code)}
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=code, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the build by {code} failed")
    return seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare against")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = ("cold", "no-op", "edit")
    found: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="sitegen-ab-") as tmp:
        work = Path(tmp)
        base = work / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(base), args.base], check=True)
        try:
            content, _ = generate(work / "corpus", args.pages, 4)
            edited = next(content.glob("councils/*/plans/*/programmes/*.md"))
            original = edited.read_text(encoding="utf-8")
            for _ in range(args.runs):
                for side, code in (("base", base), ("this", ROOT)):
                    out, cache = work / f"out-{side}", work / f"cache-{side}"
                    shutil.rmtree(out, ignore_errors=True)
                    shutil.rmtree(cache, ignore_errors=True)
                    found.setdefault((side, "cold"), []).append(timed(code, content, out, cache))
                    found.setdefault((side, "no-op"), []).append(timed(code, content, out, cache))
                    edited.write_text(original + "\n한 문장을 더 씁니다.\n", encoding="utf-8")
                    try:
                        found.setdefault((side, "edit"), []).append(timed(code, content, out, cache))
                    finally:
                        edited.write_text(original, encoding="utf-8")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=False)
    print(f"{args.pages} programmes, {args.runs} runs; base {args.base}")
    print(f"{'':8} {'base s':>8} {'this s':>8} {'ratio':>7} {'base MB':>8} {'this MB':>8} {'ratio':>7}")
    for row in rows:
        b = [statistics.median(x) for x in zip(*found[("base", row)], strict=True)]
        t = [statistics.median(x) for x in zip(*found[("this", row)], strict=True)]
        print(f"{row:8} {b[0]:8.2f} {t[0]:8.2f} {t[0] / b[0]:7.2f} {b[1]:8.0f} {t[1]:8.0f} {t[1] / b[1]:7.2f}")


if __name__ == "__main__":
    main()
