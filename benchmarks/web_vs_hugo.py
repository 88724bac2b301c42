"""The website build against Hugo, on the same synthetic pages, in one run on this
machine, reported as ratios (issue 7's targets).

    .venv/bin/python benchmarks/web_vs_hugo.py [--sizes 1000,10000,25000] [--runs 1]

For each size: benchmarks/corpus.py writes N programme pages for both, sitegen's
committed in a git repository as CI checks a push out (--no-git: outside git); then,
each in a fresh process, the median of the runs of
  - a cold full build: `sitegen build --outputs web` (empty cache) and `hugo`;
  - a rebuild with nothing changed: sitegen again with the cache left in place,
    against Hugo's full build;
  - a rebuild after one programme file is edited (a sentence appended), against
    Hugo's full build: CI's push path (issue 23; the preview's edits are set
    against `hugo server`'s fast render, which benchmarks/edit_latency.py measures);
  - `sitegen deploy --to` a folder of releases after the same edit (issue 23);
    both in a site's steady state: a few builds and deploys first, each more than
    the file system's clock tick after the one before (as pushes are), so that the
    output's and the releases' folders have records to go by;
  - a GitHub Actions job after the same edit, committed (git only): the commit
    cloned afresh, build/ and the cache restored as actions/cache restores them
    (`tar --posix`: every file new, its time kept), the build timed, both saved
    again (ci_job);
  - the stack's floor: benchmarks/floor.py, the naive pipeline issue 7 names
    (PyYAML, markdown-it-py, Jinja2, a process per core) making Hugo's pages from
    Hugo's tree, cold; what any generator on sitegen's stack pays at least;
with the peak memory of each: the kernel's maximum resident set size, read
when the process exits (wait4), which costs the builds nothing; it is the
largest single process of the build (sitegen forks one renderer per core,
sharing the loaded site copy-on-write, so a sum would count it twice). Hugo is Debian's `hugo` package; the
script installs it when it is missing and it may (root and apt-get).
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
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import generate  # noqa: E402

TARGETS: dict[str, float | None] = {  # issue 7: sitegen / Hugo
    "cold full build": 1.5,
    "rebuild, nothing changed": 0.1,
    "rebuild after one edit": 0.2,  # issue 23: CI's push path (fresh process, cache kept)
    "deploy after one edit": 0.3,  # issue 23
    "CI job after one edit (clone, build/ and cache restored)": 0.2,  # issue 23: CI's push path as it runs
    "naive Python pipeline, cold (floor.py)": None,
    "peak memory": 0.25,
}


def hugo() -> str:
    found = shutil.which("hugo")
    if not found:
        subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], check=True, stdout=subprocess.DEVNULL)
        found = shutil.which("hugo")
    if not found:
        raise SystemExit("hugo is not installed: apt-get install hugo")
    return found


def measure(cmd: list[str]) -> tuple[float, int]:
    """Wall seconds and peak resident bytes of one run."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return seconds, usage.ru_maxrss * 1024


def median_run(cmd: list[str], runs: int, before=None) -> tuple[float, int]:
    results = []
    for _ in range(runs):
        if before:
            before()
        results.append(measure(cmd))
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def committed(folder: Path) -> None:
    """folder as a git repository with everything committed, as CI checks a push out: the
    edits below are then what git status shows, and the pages' revisions come from git."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "corpus"]):
        subprocess.run(["git", "-C", str(folder), *args], check=True, env=env, stdout=subprocess.DEVNULL)


def ci_job(repo: Path, work: Path, runs: int, edit: Callable[[], None]) -> tuple[float, int]:
    """The build of a GitHub Actions job on a push (.github/workflows/site.yml), median of
    runs after a cold job and one more: the pushed commit cloned into the same folder
    afresh, build/ and .sitegen-cache restored from the last job's tar (tar --posix, as
    actions/cache saves and restores them), the build timed, both saved again."""
    job, saved = work / "ci-job", work / "ci-saved.tar"
    command = [sys.executable, "-m", "sitegen.cli", "build", "--content", str(job / "src/content")]
    command += ["--out", str(job / "build"), "--outputs", "web", "--cache", str(job / ".sitegen-cache")]

    def git(*args: str) -> None:
        env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.invalid"}
        env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.invalid"}
        subprocess.run(["git", *args], check=True, env=env, stdout=subprocess.DEVNULL)

    def checked_out() -> None:
        time.sleep(2.1)  # pushes are seconds apart
        edit()
        git("-C", str(repo), "commit", "-q", "-am", "edit")
        shutil.rmtree(job, ignore_errors=True)
        git("clone", "-q", str(repo), str(job / "src"))
        if saved.exists():
            subprocess.run(["tar", "-xf", str(saved), "-C", str(job)], check=True)

    def save() -> None:
        subprocess.run(["tar", "--posix", "-cf", str(saved), "-C", str(job), "build", ".sitegen-cache"], check=True)

    results = []
    for n in range(runs + 2):
        checked_out()
        measured = measure(command)
        save()
        if n >= 2:
            results.append(measured)
    return statistics.median(r[0] for r in results), max(r[1] for r in results)


def bench(size: int, runs: int, work: Path, git: bool = True) -> dict[str, tuple[float, float, int, int]]:
    content, site = generate(work / "corpus", size)
    if git:
        committed(content.parent)
    out, cache = work / "out-sitegen", work / "cache"
    sitegen = [sys.executable, "-m", "sitegen.cli", "build", "--content", str(content), "--out", str(out)]
    sitegen += ["--outputs", "web", "--cache", str(cache)]
    hugo_cmd = [hugo(), "--quiet", "-s", str(site), "-d", str(work / "out-hugo")]

    def cold() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)

    h_cold, h_mem = median_run(hugo_cmd, runs, lambda: shutil.rmtree(work / "out-hugo", ignore_errors=True))
    s_cold, s_mem = median_run(sitegen, runs, cold)
    floor = [sys.executable, str(ROOT / "benchmarks/floor.py"), str(site), str(work / "out-floor")]
    f_cold, f_mem = median_run(floor, runs, lambda: shutil.rmtree(work / "out-floor", ignore_errors=True))
    s_warm, w_mem = median_run(sitegen, runs)  # cache and output from the run before
    edited = content / "councils/c000/plans/2017/programmes/p01.md"
    count = iter(range(1_000_000))

    def edit() -> None:  # one sentence more in one programme, as an editor saves a file
        with edited.open("a", encoding="utf-8") as f:
            f.write(f"\n고친 문장 {next(count)}입니다.\n")

    def settled_edit() -> None:  # the folders' times older than the clock's tick by then
        time.sleep(2.1)
        edit()

    median_run(sitegen, 1, edit)  # the spare (the build before the last) is the cold one: refreshed once
    # a site's steady state: each of the output's two trees pruned once with its folders'
    # times settled, so the prune has a record to go by (writer.FolderRecord); without
    # these two, the measured build lists every folder and records them, ~0.3 s more
    median_run(sitegen, 2, settled_edit)
    s_edit, e_mem = median_run(sitegen, runs, settled_edit)
    # deploy to a folder of releases after the same edit, the cache kept (what the git hook runs)
    deploy = [sys.executable, "-m", "sitegen.cli", "deploy", "--content", str(content), "--outputs", "web"]
    # --keep 1: a target's steady state (releases kept, and the one dropped last waiting as the
    # next one's start) after two deploys rather than the default's six
    deploy += ["--cache", str(cache), "--to", str(work / "releases"), "--keep", "1"]
    median_run(deploy, 1)  # the first release, and its build folder
    median_run(deploy, 1, edit)  # the spare of that folder refreshed once, as above; the first release dropped
    # as for the builds: each release tree (and build tree) made once more with settled times,
    # so the release made from the spare has its record (deploy.TreeRecord); without these two
    # the measured deploy lists both trees' every folder, ~1 s more
    median_run(deploy, 2, settled_edit)
    s_deploy, d_mem = median_run(deploy, runs, settled_edit)
    ci = ci_job(content.parent, work, runs, edit) if git else None
    made = {n: sum(1 for _ in (work / f"out-{n}").rglob("*.html")) for n in ("sitegen", "hugo")}
    print(
        f"{size:,} programme pages: HTML pages built: sitegen {made['sitegen']:,}, Hugo {made['hugo']:,}",
        file=sys.stderr,
    )
    return {
        "cold full build": (s_cold, h_cold, s_mem, h_mem),
        "rebuild, nothing changed": (s_warm, h_cold, w_mem, h_mem),
        "rebuild after one edit": (s_edit, h_cold, e_mem, h_mem),
        "deploy after one edit": (s_deploy, h_cold, d_mem, h_mem),
        "naive Python pipeline, cold (floor.py)": (f_cold, h_cold, f_mem, h_mem),
    } | ({"CI job after one edit (clone, build/ and cache restored)": (ci[0], h_cold, ci[1], h_mem)} if ci else {})


def target(name: str) -> str:
    limit = TARGETS[name]
    return f"≤ {limit} ×" if limit is not None else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--no-git", action="store_true", help="content outside git (benchmarks before 2026-12-02, 4th)")
    args = parser.parse_args()
    # sitegen's Python compiled first, as an installed package is (a checkout run with
    # PYTHONDONTWRITEBYTECODE would compile it in every process it measures)
    compiled = [sys.executable, "-m", "compileall", "-q", str(ROOT / "sitegen")]
    subprocess.run(compiled, check=True, stdout=subprocess.DEVNULL)
    sizes = [int(s) for s in args.sizes.split(",")]
    version = subprocess.run([hugo(), "version"], capture_output=True, text=True).stdout.split()[1]
    print(f"Hugo {version}; {args.runs} run(s) each, median; seconds and peak MB\n")
    print("| pages | measure | sitegen s | Hugo s | ratio | target | sitegen MB | Hugo MB | memory ratio |")
    print("|---|---|---|---|---|---|---|---|---|")
    per_page, floors = {}, {}
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
            rows = bench(size, args.runs, Path(tmp), git=not args.no_git)
        for name, (s, h, sm, hm) in rows.items():
            print(
                f"| {size:,} | {name} | {s:.2f} | {h:.2f} | {s / h:.2f} × | {target(name)} "
                f"| {sm / 1e6:.0f} | {hm / 1e6:.0f} | {sm / hm:.2f} × (≤ {TARGETS['peak memory']}) |"
            )
        per_page[size] = rows["cold full build"][0] / size
        floors[size] = rows["cold full build"][0] / rows["naive Python pipeline, cold (floor.py)"][0]
    print()
    for size, ratio in floors.items():
        print(f"{size:,} programme pages: sitegen's cold build / the naive pipeline's: {ratio:.2f} ×")
    if len(sizes) > 1:
        first, last = sizes[0], sizes[-1]
        growth = per_page[last] / per_page[first]
        print(f"\nper-page cost at {last:,} / at {first:,}: {growth:.2f} × (target ≤ 1.2 ×)")


if __name__ == "__main__":
    main()
