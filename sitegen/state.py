"""The build state: what the last successful build into a folder was made from.

Before loading anything, a build fingerprints its inputs (every file under
content/, the themes, sitegen's own code, the options, SOURCE_DATE_EPOCH and
the content's git commit) and the output folder as that build left it. When
both match the state recorded in the cache, the output is already what this
build would write, and nothing is done: a rebuild with nothing changed costs
reading and hashing the sources, not rendering them (Lektor keeps such a
build state for the same reason).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sitegen.revision import _git

PACKAGE = Path(__file__).resolve().parent
PACKAGE_THEMES = PACKAGE.parent / "themes"  # the default theme; here, so a no-op build imports nothing heavy
SKIP_DIRS = {".git", "__pycache__", ".sitegen-cache"}


def walk_files(root: Path) -> list[str]:
    """Every file under root as a path relative to it, in a fixed order. Strings and
    scandir, not Paths: this runs over every file of a big site on every build."""
    found: list[str] = []

    def visit(folder: str, prefix: str) -> None:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
        for e in entries:
            if e.is_dir(follow_symlinks=False):
                if e.name not in SKIP_DIRS:
                    visit(e.path, f"{prefix}{e.name}/")
            elif e.is_file():
                found.append(f"{prefix}{e.name}")

    visit(str(root), "")
    return found


def inputs(content: Path, themes: list[Path], options: dict[str, object]) -> str:
    """A hash of everything a build reads."""
    return fingerprint([content, *themes, PACKAGE], options, git=content)


def fingerprint(roots: list[Path], options: dict[str, object], git: Path | None = None, epoch: bool = True) -> str:
    """A hash of the files under roots (folders or single files), the options, SOURCE_DATE_EPOCH
    (unless epoch is False: web pages print no date of the build) and, for git, the last
    commit and uncommitted state of that folder."""
    h = hashlib.sha256()
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    if epoch:
        h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    if git:  # colophons name commits: a commit without a file change still changes the output
        h.update((_git(git, "log", "-1", "--format=%H", "--", ".") or "").encode())
        h.update((_git(git, "status", "--porcelain", "--", ".") or "").encode())
    for root in roots:
        if root.is_file():
            files, base = [root.name], str(root.parent)
        else:
            files, base = (walk_files(root) if root.is_dir() else []), str(root)
        for rel in files:
            if rel.endswith(".pyc"):
                continue
            h.update(f"\0{rel}\0".encode())
            with open(f"{base}/{rel}", "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


def signature(root: Path, files: list[str]) -> str:
    """Name, size and modification time of each of files under root ('' when one is missing)."""
    h = hashlib.sha256()
    base = str(root)
    for rel in files:
        try:
            st = os.stat(f"{base}/{rel}")
        except OSError:
            return ""
        h.update(f"{rel}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.hexdigest()


def outputs(out: Path) -> str:
    """The output folder as it stands: every file's name, size and modification time."""
    if not out.is_dir():
        return ""
    return signature(out, walk_files(out))


class BuildState:
    def __init__(self, cache: Path, out: Path):
        key = hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]
        self.path = cache / "state" / f"{key}.json"
        self.out = out

    def unchanged(self, fingerprint: str) -> bool:
        try:
            known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return known.get("inputs") == fingerprint and known.get("outputs") == outputs(self.out)

    def record(self, fingerprint: str, files: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        state = {"inputs": fingerprint, "outputs": outputs(self.out), "files": files}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        os.replace(tmp, self.path)

    def files(self) -> int:
        return int(json.loads(self.path.read_text(encoding="utf-8")).get("files", 0))
