"""What Jinja's sandbox costs a web build: sandboxed themes against plain Jinja, in one run.

Themes render in a sandbox (SECURITY.md) because whoever can push may change
them. This builds the corpus's web pages cold, in one process, alternately with
the theme environment sitegen uses and with the same environment on plain
Jinja (patched in here only: sitegen has no switch for it), and prints each
side's median and the ratio sandboxed / plain (issue 18's bound: at most 1.10).

    .venv/bin/python benchmarks/sandbox.py --pages 1000 --pairs 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus import generate
from jinja2 import Environment, Template

from sitegen.build import build
from sitegen.content.loader import load
from sitegen.engine import recording
from sitegen.outputs import theme as theme_module
from sitegen.settings import Settings


class PlainRecording(Environment):
    """The theme environment without the sandbox: what the benchmark compares against."""

    def get_template(self, name: str | Template, parent: str | None = None, globals: Any = None) -> Template:
        if isinstance(name, str):
            recording.read("template", name)
        return super().get_template(name, parent, globals)


def timed(site: Any, work: Path, plain: bool) -> float:
    sandboxed = theme_module.RecordingEnvironment
    theme_module.RecordingEnvironment = PlainRecording if plain else sandboxed  # type: ignore[misc]
    # each side compiles its own templates, as a cold build does (each build has its own)
    work = Path(tempfile.mkdtemp(dir=work))
    out, cache = work / "out", work / "cache"
    try:
        start = time.perf_counter()
        build(site, out, Settings.resolve(site.root, cache))
        return time.perf_counter() - start
    finally:
        theme_module.RecordingEnvironment = sandboxed  # type: ignore[misc]
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sitegen-sandbox-") as tmp:
        content, _ = generate(Path(tmp) / "corpus", args.pages)
        site = load(content)
        times: dict[bool, list[float]] = {True: [], False: []}
        timed(site, Path(tmp), plain=False)  # imports, fonts: not counted
        for _ in range(args.pairs):
            for plain in (False, True):
                times[plain].append(timed(site, Path(tmp), plain))
        sandboxed, plain = statistics.median(times[False]), statistics.median(times[True])
        print(f"pages {args.pages}, pairs {args.pairs}")
        print(f"sandboxed: median {sandboxed:.2f} s  {[round(t, 2) for t in times[False]]}")
        print(f"plain:     median {plain:.2f} s  {[round(t, 2) for t in times[True]]}")
        ratios = [s / p for s, p in zip(times[False], times[True], strict=True)]
        print(f"sandboxed / plain: median {statistics.median(ratios):.3f} (pairs {[round(r, 3) for r in ratios]})")


if __name__ == "__main__":
    main()
