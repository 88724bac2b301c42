"""Which revision of the sources a file was made from, asked of git.

Print booklets name it in their colophon, and every web page says when its sources
last changed. Each plan asks for the last commit
that touched its own folder, so committing one plan does not change (and
re-render) every other plan's PDF.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
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


Grouped = dict[str, list[tuple[str, Revision]]]  # revisions by their url's first folder (grouped)


def grouped(revisions: Mapping[str, Revision | None]) -> Grouped:
    """The revisions by the first folder of their url (a council's): for latest() of the pages
    that hold several, asked for each council's pages by an edit's build."""
    found: Grouped = {}
    for url, r in revisions.items():
        if r:
            found.setdefault(url.split("/", 1)[0], []).append((url, r))
    return found


def latest(revisions: Mapping[str, Revision | None], path: str, by_folder: Grouped | None = None) -> Revision | None:
    """The last commit behind the page at path: of the plans and editions it belongs to (a
    programme, an article) or holds (a council); of every one for a page of the whole site.
    by_folder: grouped(revisions), if the caller keeps it."""
    # asked for every page: the plan or edition a page belongs to is one of its path's own
    # prefixes (a few lookups); only the few pages that hold others look at more
    cut = path.rfind("/")
    while cut >= 0:  # each folder of the path, nearest first ("a/b/c/", "a/b/", "a/")
        owner = path[: cut + 1]
        if owner in revisions:
            return revisions[owner]
        cut = path.rfind("/", 0, cut)
    if by_folder is not None and (first := path.find("/")) > 0:  # a url under path shares its first folder
        known = [r for url, r in by_folder.get(path[:first], ()) if url.startswith(path)]
    else:
        known = [r for url, r in revisions.items() if r and (not path or url.startswith(path))]
    mine = known or [r for r in revisions.values() if r]
    return max(mine, key=lambda r: datetime.fromisoformat(r.date), default=None)


# Every git command sitegen runs: a content folder that holds HEAD, config, objects/ and refs/
# is a bare repository to git's discovery, and its pushed config ran its core.fsmonitor
# command on the server. Only a repository named explicitly (or the server's own, for the
# hooks: own_bare) is taken bare, and no repository's config may start a monitor (SECURITY.md).
GIT = ("git", "-c", "core.fsmonitor=false")
NO_DISCOVERED_BARE = ("-c", "safe.bareRepository=explicit")


def git_argv(folder: Path | str, *args: str, own_bare: bool = False) -> list[str]:
    """The command line of a git command run in folder (see GIT)."""
    return [*GIT, *(() if own_bare else NO_DISCOVERED_BARE), "-C", str(folder), *args]


def run_git(
    folder: Path | str,
    *args: str,
    data: bytes | None = None,
    env: Mapping[str, str] | None = None,
    own_bare: bool = False,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[bytes]:
    """The one way sitegen runs a git command and waits for it: in folder, with GIT's
    safeguards; its output as bytes, its failure for the caller to say in its own words."""
    argv = git_argv(folder, *args, own_bare=own_bare)
    return subprocess.run(argv, input=data, capture_output=True, env=env, timeout=timeout)


def _git(folder: Path, *args: str) -> str | None:
    try:
        run = run_git(folder, *args, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return run.stdout.decode("utf-8", "replace").strip() if run.returncode == 0 else None


@dataclass(frozen=True)
class Status:
    """A folder of a repository as `git status` sees it, asked once per build: git looks at
    every file under it (a twentieth of a second on a big site), and the no-op check and the
    pages' revisions each asked again (benchmarks/README.md). Every file, raw: a deploy's
    message to the operator asks git in its own words (workflow/deploy.revision)."""

    top: Path  # the repository's top folder, resolved
    entries: tuple[str, ...]  # "XY path", the path relative to top (porcelain v1), uncommitted
    root: Path | None = None  # the folder asked about
    since: int = 0  # ns (time.time_ns), a clock's tick before git began to look
    listed: bytes = b""  # `git ls-files --stage -v -z` of root, asked beside the status

    @property
    def changed(self) -> list[str]:
        return [e[3:] for e in self.entries]

    @cached_property
    def blobs(self) -> dict[str, str]:
        """Each file under root that git found as committed, by its path relative to root:
        its blob id. Only a file whose change time is before since holds what git checked out
        of that blob now (one changed since git looked is not known here; and the checkout's
        conversions, .gitattributes' eol or encoding, may make other bytes of one blob): see
        content/councilcache._digests. Empty outside a repository, or when git cannot say."""
        if self.root is None or not self.listed:
            return {}
        try:
            inside = Path(self.root).resolve().relative_to(self.top).as_posix()
        except ValueError:  # not under the repository's top as git found it: nothing vouched for
            return {}
        prefix = "" if inside == "." else f"{inside}/"
        changed = {p[len(prefix) :] for p in self.changed if p.startswith(prefix)}
        found = {}
        for line in self.listed.decode("utf-8", "surrogateescape").split("\0"):
            meta, _, path = line.partition("\t")
            fields = meta.split(" ")  # tag, mode, blob, stage
            # one git looks at (H: not assume-unchanged, h, nor skip-worktree, S, which status
            # does not check), a regular file (not a link, 120000, nor a submodule), merged
            if fields[:2] in (["H", "100644"], ["H", "100755"]) and fields[3:] == ["0"] and path not in changed:
                found[path] = fields[2]
        return found


CLOCK_TICK_NS = 50_000_000  # above the kernel's coarse clock tick (1 to 10 ms), as fingerprint.RACY


def status(root: Path) -> Status | None:
    """The status of root's part of its repository; None outside one (or without git)."""
    with ask_status(root) as asked:
        return asked()


class StatusAsked:
    """git status of a folder, started when made (ask_status) and waited for when called;
    left (an exception before the answer was asked for), git is stopped and waited for."""

    def __init__(self, root: Path):
        self.root = root
        # what changed after this, git may not have seen; a file's times come from the kernel's
        # clock, which may run a tick behind this one
        self.since = time.time_ns() - CLOCK_TICK_NS
        self.top = _git(root, "rev-parse", "--show-toplevel")
        self.proc: subprocess.Popen[bytes] | None = None
        self.listing: subprocess.Popen[bytes] | None = None
        self.found: Status | None = None
        self.answered = not self.top  # outside a repository: None
        if self.top:
            # "XY path": not through _git, whose strip() would take a leading blank of the first XY
            argv = git_argv(root, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", ".")
            # the index's blobs, beside it (Status.blobs): read by the load, before any worker
            listing = git_argv(root, "ls-files", "--stage", "-v", "-z", "--", ".")
            with contextlib.suppress(OSError):
                self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                self.listing = subprocess.Popen(listing, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def __enter__(self) -> StatusAsked:
        return self

    def __exit__(self, *exc: object) -> None:
        for proc in (self.proc, self.listing):
            if proc is not None and proc.returncode is None:
                proc.kill()
                proc.communicate()

    def __call__(self) -> Status | None:
        if not self.answered:
            self.answered, self.found = True, self._answer()
        return self.found

    def _answer(self) -> Status:
        top, out = Path(self.top or ".").resolve(), None
        if self.proc is not None:
            try:
                out, _ = self.proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.communicate()
        if out is None or self.proc is None or self.proc.returncode != 0:
            return Status(top, ())  # as before: a status git cannot give, nothing said uncommitted (nor committed)
        fields = iter(out.decode("utf-8", "surrogateescape").split("\0"))
        entries = []
        for e in fields:
            if len(e) > 3 and e[2] == " ":
                entries.append(e)
                # a rename or copy, staged (R.) or in the working tree (.R, after `git add -N`):
                # the field after it is the path it came from, not an entry of its own
                if "R" in e[:2] or "C" in e[:2]:
                    next(fields, None)
        return Status(top, tuple(entries), self.root, self.since, self._listed())

    def _listed(self) -> bytes:
        """What ls-files said; nothing when it failed (no file is then vouched for)."""
        if self.listing is None:
            return b""
        try:
            out, _ = self.listing.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.listing.kill()
            self.listing.communicate()
            return b""
        return out if self.listing.returncode == 0 else b""


def ask_status(root: Path) -> StatusAsked:
    """status(root), git started now and waited for when the answer is asked for: a command
    does its own look at the content's files meanwhile (a build's walk, a deploy's load).
    Used as a context: git is never left running behind it."""
    return StatusAsked(root)


def _resolved_under(folder: Path, root: Path, resolved: Path) -> Path:
    """folder.resolve(), through root's resolved path when folder is below root: the loader
    refuses links under the content folder, and resolving every plan's folder one by one
    looked at each of their parts again (thousands of lstats on a big site)."""
    parts = folder.parts
    if parts[: len(root.parts)] == root.parts and ".." not in parts:
        return resolved.joinpath(*parts[len(root.parts) :])
    return folder.resolve()


def revisions(root: Path, folders: Mapping[str, Path], seen: Status | None = None) -> dict[str, Revision | None]:
    """For each folder below root (by key): what revision(folder) says, from one walk of
    root's history and one status: asking git twice per plan and edition was thousands of
    processes a build on a national site (benchmarks/README.md). seen: root's status, when
    the command has asked it already."""
    found: dict[str, Revision | None] = dict.fromkeys(folders)
    seen = seen or status(root)
    if seen is None:
        return found
    toplevel = seen.top
    resolved = root.resolve()
    wanted: dict[str, list[str]] = {}  # folder, relative to the repository: the keys it answers
    for key, folder in folders.items():
        try:
            rel = _resolved_under(folder, root, resolved).relative_to(toplevel).as_posix()
        except ValueError:  # outside this repository
            continue
        wanted.setdefault("" if rel == "." else rel, []).append(key)
    changed = seen.changed
    # each changed path marks the wanted folders above it: a walk up each path, not every
    # folder against every path (a new council's hundreds of uncommitted files, many plans)
    dirty = {""} & wanted.keys() if changed else set()
    for c in changed:
        parts = c.rstrip("/").split("/")
        dirty.update(f for n in range(1, len(parts) + 1) if (f := "/".join(parts[:n])) in wanted)
    # newest first; each folder takes the first commit that touched a file below it
    # core.quotePath off: a file named in Korean is listed as its name, not as "\354\202…"
    args = git_argv(root, "-c", "core.quotePath=false", "log", "--format=%x01%H%x00%cI%x00%an")
    args += ["--name-only", "--", "."]
    left = set(wanted)
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True) as proc:
        assert proc.stdout is not None
        commit: Revision | None = None
        reached: set[str] = set()  # the folders this commit's files are in, and those above them
        for line in proc.stdout:
            line = line.rstrip("\n")
            if line.startswith("\x01"):
                sha, date, author = line[1:].split("\0")
                commit, reached = Revision(sha, date, False, author), set()
            elif line and commit:
                # each folder above the file, nearest first, up to the root (""); one this
                # commit reached already had the folders above it looked at (a commit that
                # adds a council lists all its files, most of them beside one another)
                f = line
                while f:
                    cut = f.rfind("/")
                    f = f[:cut] if cut >= 0 else ""
                    if f in reached:
                        break
                    reached.add(f)
                    if f in left:
                        left.discard(f)
                        for key in wanted[f]:
                            found[key] = Revision(commit.commit, commit.date, f in dirty, commit.author)
                if not left:
                    proc.kill()  # the rest of history cannot change the answer
                    break
    return found


def revision(folder: Path) -> Revision | None:
    """The last commit that touched folder, or None outside a git repository."""
    found = _git(folder, "log", "-1", "--format=%H%x00%cI%x00%an", "--", ".")
    if not found:
        return None
    commit, date, author = found.split("\0")
    status = _git(folder, "status", "--porcelain", "--", ".")
    return Revision(commit, date, bool(status), author)
