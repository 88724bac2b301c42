"""Progress of a long build: a bar in a terminal (tqdm, a well-kept one), and one plain
line per step in CI logs and pipes, where a redrawn bar would be noise."""

from __future__ import annotations

import sys
from typing import TextIO


class Progress:
    """A bar in a terminal; in CI and logs, one plain line per step."""

    def __init__(self, total: int, label: str, stream: TextIO | None = None):
        stream = stream or sys.stderr  # as it is now, not as it was at import (a test's capture)
        self.total, self.done, self.stream = total, 0, stream
        self.bar = None
        if total and stream.isatty():
            from tqdm import tqdm  # a well-kept progress bar; not needed off a terminal

            fmt = "{desc} {n_fmt}/{total_fmt} |{bar}| {elapsed} {postfix}"
            self.bar = tqdm(total=total, desc=label, file=stream, leave=False, bar_format=fmt)

    def step(self, line: str) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(line[:40])
        else:
            print(f"[{self.done}/{self.total}] {line}", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
