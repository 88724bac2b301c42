"""The two Markdown engines side by side: the same HTML, and the time each takes.

    .venv/bin/python benchmarks/markdown_engines.py CONTENT_FOLDER...

For every Markdown text of the content folders (each body of a .md file, and every
string of every YAML file and front matter: more than the prose fields, so the
comparison is not narrowed to what a template happens to render today), renders it
with markdown-it-py and with markdown-it-pyrs at each heading shift the outputs use,
and prints the number of texts, how many differ (each one printed) and each engine's
CPU time. The native engine is used only while this says 0 (sitegen/outputs/markdown.py);
tests/test_markdown.py runs the same comparison on the default content and a corpus.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from sitegen.outputs.markdown import _render, native

SHIFTS = (1, 2, 3)  # what pages (1), chapters and tables (2) and level texts (3) shift by


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def texts(content: Path) -> list[str]:
    """Every Markdown text of a content folder, in a stable order."""
    found: list[str] = []
    for path in sorted(content.rglob("*")):
        if path.suffix == ".md":
            source = path.read_text(encoding="utf-8")
            _, front, body = source.split("---\n", 2) if source.startswith("---\n") else ("", "", source)
            found.append(body)
            found.extend(strings(yaml.load(front, Loader=yaml.CSafeLoader)))
        elif path.suffix == ".yaml":
            found.extend(strings(yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)))
    return found


def differences(found: list[str]) -> list[tuple[str, int, str, str]]:
    """(text, shift, markdown-it-py's HTML, the native engine's) wherever the two differ."""
    return [
        (text, shift, slow, fast)
        for text in found
        for shift in SHIFTS
        if (slow := _render(text, shift, "", fast=False)) != (fast := _render(text, shift, ""))
    ]


def timed(found: list[str], fast: bool) -> float:
    start = time.process_time()
    for text in found:
        _render(text, 1, "", fast=fast)
    return time.process_time() - start


def main() -> None:
    if native() is None:
        sys.exit("markdown-it-pyrs is not installed: pip install -e '.[fast]'")
    found = [t for folder in sys.argv[1:] for t in texts(Path(folder))]
    differ = differences(found)
    for text, shift, slow, fast in differ:
        print(f"differs at shift {shift}: {text[:80]!r}\n  py: {slow[:200]!r}\n  rs: {fast[:200]!r}")
    slow, fast = timed(found, False), timed(found, True)
    size = sum(len(t.encode()) for t in found) / 1e6
    print(f"{len(found)} texts ({size:.1f} MB), {len(differ)} differ at shifts {SHIFTS}")
    print(f"markdown-it-py {slow:.2f} s, markdown-it-pyrs {fast:.2f} s of CPU: {fast / slow:.3f} x")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
