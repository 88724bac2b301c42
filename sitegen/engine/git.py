"""Which revision of the sources a file was made from, asked of git.

Print booklets name it in their colophon, and every web page says when its sources
last changed. Each plan asks for the last commit
that touched its own folder, so committing one plan does not change (and
re-render) every other plan's PDF.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Revision:
    commit: str
    date: str  # ISO 8601, the committer date
    dirty: bool  # the folder has changes not yet committed
    author: str = ""  # who made the commit (what a push shows as its author)

    @property
    def short(self) -> str:
        return self.commit[:10]


def latest(revisions: Mapping[str, Revision | None], path: str) -> Revision | None:
    """The last commit behind the page at path: of the plans and editions it belongs to (a
    programme, an article) or holds (a council); of every one for a page of the whole site."""
    # asked for every page: the plan or edition a page belongs to is one of its path's own
    # prefixes (a few lookups); only the few pages that hold others look at every one
    parts = path.split("/")[:-1]
    for n in range(len(parts), 0, -1):
        owner = "/".join(parts[:n]) + "/"
        if owner in revisions:
            return revisions[owner]
    known = [r for url, r in revisions.items() if r and (not path or url.startswith(path))]
    mine = known or [r for r in revisions.values() if r]
    return max(mine, key=lambda r: datetime.fromisoformat(r.date), default=None)


def _git(folder: Path, *args: str) -> str | None:
    try:
        run = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return run.stdout.strip() if run.returncode == 0 else None


def revision(folder: Path) -> Revision | None:
    """The last commit that touched folder, or None outside a git repository."""
    found = _git(folder, "log", "-1", "--format=%H%x00%cI%x00%an", "--", ".")
    if not found:
        return None
    commit, date, author = found.split("\0")
    status = _git(folder, "status", "--porcelain", "--", ".")
    return Revision(commit, date, bool(status), author)
