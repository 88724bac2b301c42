"""One commit's sitegen against another's, on the same corpus, in one run.

    .venv/bin/python benchmarks/ab.py --base 64bff0e --pages 1000 --runs 3

For a claim of "no regression": both commits (--this: HEAD by default) are checked
out side by side (git worktrees in one temporary folder, their Python compiled
first, as an installed package is), benchmarks/corpus.py writes N programme pages,
and each side builds them in a fresh process, the two sides taking turns, which
side goes first alternating from run to run (the same commit on both sides gave
0.8 × with "this" always second and run from the checkout: see benchmarks/README.md):
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
    parser.add_argument("--this", default="HEAD", help="the commit measured (commit your change first)")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = ("cold", "no-op", "edit")
    found: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="sitegen-ab-") as tmp:
        work = Path(tmp)
        sides = {"base": work / "base", "this": work / "this"}
        try:
            for side, rev in (("base", args.base), ("this", args.this)):
                git = ["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(sides[side]), rev]
                subprocess.run(git, check=True)
                compiled = [sys.executable, "-m", "compileall", "-q", str(sides[side] / "sitegen")]
                subprocess.run(compiled, check=True, stdout=subprocess.DEVNULL)
            content, _ = generate(work / "corpus", args.pages, 4)
            edited = next(content.glob("councils/*/plans/*/programmes/*.md"))
            original = edited.read_text(encoding="utf-8")
            for n in range(args.runs):
                for side in ("base", "this") if n % 2 == 0 else ("this", "base"):
                    code = sides[side]
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
            for folder in sides.values():
                subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], check=False)
    print(f"{args.pages} programmes, {args.runs} runs; base {args.base}, this {args.this}")
    print(f"{'':8} {'base s':>8} {'this s':>8} {'ratio':>7} {'base MB':>8} {'this MB':>8} {'ratio':>7}")
    for row in rows:
        b = [statistics.median(x) for x in zip(*found[("base", row)], strict=True)]
        t = [statistics.median(x) for x in zip(*found[("this", row)], strict=True)]
        print(f"{row:8} {b[0]:8.2f} {t[0]:8.2f} {t[0] / b[0]:7.2f} {b[1]:8.0f} {t[1]:8.0f} {t[1] / b[1]:7.2f}")


if __name__ == "__main__":
    main()
