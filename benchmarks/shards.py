"""The website on a CI matrix: per-shard time for N = 1, 2, 4 and the wall time a matrix gives.

    .venv/bin/python benchmarks/shards.py [--pages 25000] [--counts 1,2,4] [--work DIR]

benchmarks/corpus.py writes N programme pages (125 councils at 25,000); then, one after
another in fresh processes, each with an empty cache as a fresh CI job has:
  - the unsharded build, `sitegen build` (the corpus's site.yaml names the web output only);
  - for each count N > 1, its shards `build --shard I/N`, then `merge` of them with an empty
    cache, as a last job of the matrix would.
A matrix runs its shards side by side on machines of their own, so its wall time is its
slowest shard plus the merge; the Hugo build of the same pages is measured beside it, once,
as the reference the other benchmarks use. Every merged site is compared with the unsharded
one, file by file: byte-identical, or the script fails.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402
from web_vs_hugo import hugo, measure  # noqa: E402


def same_tree(a: Path, b: Path) -> bool:
    """Every file under a is under b with the same bytes, and no other."""
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in cmp.common_dirs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=25_000)
    ap.add_argument("--counts", default="1,2,4")
    ap.add_argument("--work", type=Path, default=None, help="kept after the run (default: a temporary folder)")
    args = ap.parse_args()
    counts = [int(n) for n in args.counts.split(",")]
    if counts[0] != 1:
        raise SystemExit("--counts starts with 1: the unsharded build every merge is compared with")
    work = args.work or Path(tempfile.mkdtemp(prefix="sitegen-shards-"))
    content, site = generate(work / "corpus", args.pages)
    sitegen = [sys.executable, "-m", "sitegen.cli"]

    def run(*cmd: str, cache: Path) -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return measure([*sitegen, *cmd, "--content", str(content), "--cache", str(cache)])[0]

    shutil.rmtree(work / "hugo", ignore_errors=True)
    h_full = measure([hugo(), "--quiet", "-s", str(site), "-d", str(work / "hugo")])[0]
    rows = []
    whole = work / "whole"
    shutil.rmtree(whole, ignore_errors=True)
    for n in counts:
        if n == 1:
            seconds = run("build", "--out", str(whole), cache=work / "cache")
            rows.append((1, [seconds], 0.0, seconds))
            continue
        shards, times = [], []
        for i in range(1, n + 1):
            out = work / f"shard-{n}-{i}"
            shutil.rmtree(out, ignore_errors=True)
            times.append(run("build", "--out", str(out), "--shard", f"{i}/{n}", cache=work / "cache"))
            shards.append(str(out))
        merged = work / f"merged-{n}"
        shutil.rmtree(merged, ignore_errors=True)
        merge = run("merge", *shards, "--out", str(merged), cache=work / "cache")
        if not same_tree(whole, merged):
            raise SystemExit(f"N = {n}: the merged site differs from the unsharded build")
        rows.append((n, times, merge, max(times) + merge))
    one = rows[0][3]
    print(f"\n{args.pages:,} programme pages, web output; Hugo's full build of the same pages: {h_full:.1f} s\n")
    print("| N | each shard (s) | merge (s) | matrix wall time (s) | vs N = 1 | vs Hugo |")
    print("|---|---|---|---|---|---|")
    for n, times, merge, wall in rows:
        shards = ", ".join(f"{t:.1f}" for t in times)
        print(f"| {n} | {shards} | {merge:.1f} | {wall:.1f} | {wall / one:.2f} × | {wall / h_full:.1f} × |")
    print("\nEvery merged site is byte-identical to the unsharded build (compared file by file).")


if __name__ == "__main__":
    main()
