"""Seconds per page and peak memory of the PDF of the largest seed plan:
WeasyPrint (as sitegen runs it) against headless Chromium printing the same
HTML, measured in one run on this machine and reported as ratios.

    .venv/bin/python benchmarks/pdf_vs_chromium.py [--runs 3]

Each measurement is a fresh process; peak memory is the largest sum of the
resident memory of the process and all its descendants, sampled every 10 ms
from /proc (Chromium's work happens in child processes).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
]


def tree_rss(root: int) -> int:
    """Resident bytes of root and its descendants."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry.name}/stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            pages = int(Path(f"/proc/{entry.name}/statm").read_text().split()[1])
        except (OSError, IndexError, ValueError):
            continue
        pid = int(entry.name)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def measure(cmd: list[str]) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, tree_rss(proc.pid))
        time.sleep(0.01)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return seconds, peak


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def largest_booklet(folder: Path) -> tuple[str, Path]:
    """The seed plan whose booklet has the most pages, written out as HTML."""
    from sitegen.content.loader import load
    from sitegen.engine.git import revision
    from sitegen.outputs.pdf.booklet import BUILD_DATE, BookletRenderer
    from sitegen.outputs.theme import Theme
    from sitegen.settings import Settings

    site = load(ROOT / "content")
    theme = Theme(Settings.resolve(site.root).theme_dirs(site.config.theme), site.config.language)
    revisions = {p.url: revision(p.source.path.parent) for p in site.all_plans()}
    renderer = BookletRenderer(site, theme, site.config.print, revisions)
    best = None
    for b in renderer.booklets():
        html = folder / (Path(b.rel).stem + ".html")
        html.write_text(b.html.replace(BUILD_DATE, "2026. 1. 1."), encoding="utf-8")
        pdf = html.with_suffix(".probe.pdf")
        subprocess.run(weasyprint_cmd(html, pdf), check=True)
        n = pages(pdf)
        if best is None or n > best[0]:
            best = (n, b.title, html)
    assert best is not None
    return best[1], best[2]


def all_documents(folder: Path) -> list[Path]:
    """Every PDF the default site has (plan booklets and newsletter editions), as the HTML
    the build typesets."""
    from sitegen.content.loader import load
    from sitegen.outputs.pdf.booklet import BUILD_DATE, BookletRenderer
    from sitegen.outputs.pdf.magazine import MagazineRenderer
    from sitegen.outputs.theme import Theme
    from sitegen.settings import Settings

    site = load(ROOT / "content")
    theme = Theme(Settings.resolve(site.root).theme_dirs(site.config.theme), site.config.language)
    made = list(BookletRenderer(site, theme, site.config.print, {}).booklets())
    made += MagazineRenderer(site, theme, site.config.print, {}).editions()
    files = []
    for b in made:
        html = folder / (Path(b.rel).stem + ".all.html")
        html.write_text(b.html.replace(BUILD_DATE, "2026. 1. 1."), encoding="utf-8")
        files.append(html)
    return files


def whole_site(folder: Path, runs: int) -> None:
    """Issue 7's PDF target: every PDF of the default site, cold, by `sitegen build`
    (its process pool, as a build runs) against headless Chromium printing the same HTML
    files one after another; then the build again, warm, which must typeset none."""
    docs = all_documents(folder)
    chromium, built, warm = [], [], []
    for run in range(runs):
        start = time.perf_counter()
        for i, html in enumerate(docs):
            cmd = chromium_cmd(html, html.with_suffix(f".{run}.pdf"), folder / f"profile-all-{run}-{i}")
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        chromium.append(time.perf_counter() - start)
        cache, out = folder / f"cache-{run}", folder / f"out-{run}"
        cmd = [sys.executable, "-m", "sitegen.cli", "build", "--content", str(ROOT / "content")]
        cmd += ["--out", str(out), "--outputs", "pdf", "--cache", str(cache)]
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        built.append(time.perf_counter() - start)
        again = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
        warm.append(again.stderr.count("PDF 만듦"))
    c, w = statistics.median(chromium), statistics.median(built)
    print(f"\nAll {len(docs)} PDFs of the default site, cold; median of {runs} runs")
    print("| | seconds |\n|---|---|")
    print(f"| sitegen build --outputs pdf (process pool) | {w:.2f} |")
    print(f"| Chromium, one file after another | {c:.2f} |")
    print(f"\nsitegen / Chromium: {w / c:.2f} × (target ≤ 2 ×); PDFs typeset by a warm rebuild: {max(warm)} (target 0)")


def weasyprint_cmd(html: Path, pdf: Path) -> list[str]:
    code = (
        "import sys; from sitegen.outputs.pdf.typeset import render_job, Job; "
        "render_job(Job('', '', open(sys.argv[1], encoding='utf-8').read(), sys.argv[2], '0' * 64, 'pdf/ua-1', ''))"
    )
    return [sys.executable, "-c", code, str(html), str(pdf)]


def chromium_cmd(html: Path, pdf: Path, profile: Path) -> list[str]:
    return ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri()]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        title, html = largest_booklet(folder)
        rows = {}
        for name in ("WeasyPrint", "Chromium"):
            times, peaks, count = [], [], 0
            for run in range(args.runs):
                pdf = folder / f"{name}-{run}.pdf"
                cmd = (
                    weasyprint_cmd(html, pdf)
                    if name == "WeasyPrint"
                    else chromium_cmd(html, pdf, folder / f"profile-{run}")
                )
                seconds, peak = measure(cmd)
                times.append(seconds)
                peaks.append(peak)
                count = pages(pdf)
            rows[name] = (statistics.median(times), max(peaks), count)
        print(f"Largest seed plan: {title}; median of {args.runs} runs, one process each")
        print("| renderer | pages | seconds | seconds per page | peak memory (MB) |")
        print("|---|---|---|---|---|")
        for name, (seconds, peak, count) in rows.items():
            print(f"| {name} | {count} | {seconds:.2f} | {seconds / count:.3f} | {peak / 1e6:.0f} |")
        w, c = rows["WeasyPrint"], rows["Chromium"]
        per_page = (w[0] / w[2]) / (c[0] / c[2])
        print(
            f"\nWeasyPrint / Chromium: {w[0] / c[0]:.2f} × the wall time, {per_page:.2f} × per page, "
            f"{w[1] / c[1]:.2f} × the peak memory"
        )
        whole_site(folder, args.runs)


if __name__ == "__main__":
    main()
