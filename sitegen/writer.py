"""Writing output atomically: a build goes into a folder beside the target and is
switched in only when complete, so a failed or interrupted build never leaves
a half-written site where a good one was.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Output:
    def __init__(self, root: Path):
        self.root = root
        self.count = 0

    def write(self, rel: str, data: str | bytes | Path) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, Path):  # an asset (image, static file): copied as it is
            shutil.copyfile(data, path)
            self.count += 1
            return
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        self.count += 1


@contextmanager
def staged(target: Path) -> Iterator[Output]:
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = target.parent / f".build-{target.name}-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir()
    try:
        yield Output(stage)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    old = target.parent / f".build-{target.name}-{os.getpid()}-old"
    if target.exists():
        os.rename(target, old)
    os.rename(stage, target)
    shutil.rmtree(old, ignore_errors=True)
