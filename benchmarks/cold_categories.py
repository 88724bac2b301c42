"""A sampled profile of a build, its CPU grouped by what the build was doing: the templates,
YAML, Markdown and writing files (which the naive pipeline of floor.py does too) apart from
what only sitegen does (share cards, search index, data files, caches, checks, fonts, feeds).

    pip install py-spy   # into any environment: a measuring tool, not a dependency
    py-spy record --subprocesses --rate 50 --format raw -o cold.raw -- \\
        .venv/bin/sitegen build --content CONTENT --out OUT --outputs web
    .venv/bin/python benchmarks/cold_categories.py cold.raw --rate 50

py-spy's raw format is one line per distinct stack: frames joined by ";", then the count of
samples. A sample counts once, for the first category (in the order below) one of whose
frames it holds, so a share card's PNG is the card's even though it writes bytes.
"""

from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

# (category, does the floor do it too, frames that mark it: the start of "function (file")
CATEGORIES: list[tuple[str, bool, tuple[str, ...]]] = [
    ("share cards", False, ("WebRenderer.card (",)),
    (
        "search index",
        False,
        ("SearchIndex.add (", "WebRenderer.search_file (", "text_grams (", "page_parts (", "Gathered.add ("),
    ),
    (
        "data files (CSV, JSON, data packages, figures)",
        False,
        ("to_csv (", "to_json (", "figures (tabledata", "data_table (", "WebRenderer.data_packages ("),
    ),
    ("font subsets (characters noted, subsets cut)", False, ("Gathered.see (", "subset_fonts (")),
    ("feeds, sitemap, calendars", False, ("atom (", "feeds.py")),
    ("checks (validation, links, values)", False, ("Loader.model (", "Loader.check_links (", "Loader._check_value (")),
    ("caches (kept for the next build)", False, ("ParseCache", "CouncilCache", "stored (parsecache", "cachefiles.py")),
    ("entries packed and opened", False, ("packed.py",)),
    ("YAML, with each value's line", True, ("load_yaml (",)),
    ("Markdown", True, ("MarkdownCache.render (",)),
    ("templates (Jinja, sandboxed)", True, ("Template.render (",)),
    ("writing files", True, ("writer.py",)),
]
OTHER = "the rest: the model's views of pages, page assembly, starting and forking processes"


def categorised(raw: Path) -> Counter[str]:
    samples: Counter[str] = Counter()
    for line in raw.read_text(encoding="utf-8", errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not count.isdigit():
            continue
        frames = stack.split(";")
        found = next((name for name, _, marks in CATEGORIES if any(m in f for f in frames for m in marks)), OTHER)
        samples[found] += int(count)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("raw", type=Path, help="py-spy's --format raw output")
    parser.add_argument("--rate", type=float, default=50, help="the samples a second py-spy was given")
    args = parser.parse_args()
    samples = categorised(args.raw)
    total = sum(samples.values())
    floor = {name for name, also, _ in CATEGORIES if also}
    print("| what | CPU s | share | floor.py does it too |\n|---|---|---|---|")
    for name, n in samples.most_common():
        too = "—" if name == OTHER else ("yes" if name in floor else "no")
        print(f"| {name} | {n / args.rate:.1f} | {100 * n / total:.0f} % | {too} |")
    only = sum(n for name, n in samples.items() if name not in floor and name != OTHER)
    print(f"\nall: {total / args.rate:.1f} s of CPU; what only sitegen does: {only / args.rate:.1f} s")


if __name__ == "__main__":
    main()
