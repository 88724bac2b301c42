"""Publishing a finished build: to a local folder of releases, or to a git branch.

Local: each build is copied to releases/<revision>/ and the `current` link is
switched with one rename (atomic on POSIX), so the web server sees the old
site or the new one, never a mix. The newest `keep` releases stay, for
`--rollback`, which switches to the one before and removes the one it left.
A build that failed never gets here: deploy builds first, into
a staging folder, and only a complete build is released.

Git: the build becomes one new commit on top of the branch (gh-pages, say) of
the given remote, as GitHub Pages or any static host that pulls a branch wants.
"""

from __future__ import annotations

import contextlib
import fcntl
import filecmp
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sitegen.messages import text

RELEASES = "releases"
CURRENT = "current"


class DeployError(Exception):
    """Told to the operator as a sentence, with exit status 1."""


@contextlib.contextmanager
def built(cache: Path) -> Iterator[Path]:
    """The folder releases are built in: inside the cache (sitegen's own), not $TMPDIR, and
    kept from one deploy to the next like any build's output, so a deploy renders only what
    changed since the last (the dependency graph reuses the rest) and a killed deploy's
    staging folder is tidied by the next (writer.tidy). One deploy at a time uses it."""
    folder = cache / "deploy"
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / ".lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield folder / "site"


def _released(build: Path, previous: Path | None) -> Callable[[str, str], None]:
    """How a release takes each file of the build: the previous release's file where the bytes
    are the same (the site-wide files are written anew by every build, mostly unchanged), else
    a hard link to the build's (never written into: the writer replaces files); a copy across
    file systems. Releases so share every file that did not change."""
    base = str(build)

    def take(src: str, dst: str) -> None:
        before = f"{previous}/{os.path.relpath(src, base)}" if previous else ""
        try:
            if (
                before
                and os.path.isfile(before)
                and not os.path.samefile(before, src)
                and filecmp.cmp(before, src, shallow=False)  # sizes first, then the bytes
            ):
                src = before
            os.link(src, dst)
        except OSError:
            shutil.copy2(src, dst)

    return take


def revision(content: Path) -> tuple[str, list[str]]:
    """The release's name: the content's commit (short hash), with a UTC time stamp when it has
    uncommitted edits or no git; and those edits (git status lines), for the operator to see."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    try:
        head = git(content, "rev-parse", "--short=12", "HEAD").strip()
        dirty = git(content, "status", "--porcelain", "--", ".").splitlines()
    except DeployError:
        return stamp, []
    return (f"{head}-{stamp}" if dirty else head), dirty


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if proc.returncode != 0:
        raise DeployError(f"git {' '.join(args)}: {proc.stderr.strip() or proc.stdout.strip()}")
    return proc.stdout


def releases(target: Path) -> list[str]:
    """Release names, oldest first (by when they were released)."""
    folder = target / RELEASES
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return [p.name for p in sorted(found, key=lambda p: (p.stat().st_mtime_ns, p.name))]


def current(target: Path) -> str | None:
    link = target / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def switch(target: Path, name: str) -> None:
    """Point `current` at releases/<name> with one rename."""
    tmp = target / f".{CURRENT}-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(Path(RELEASES) / name, tmp)
    os.replace(tmp, target / CURRENT)


LOCK = ".sitegen-deploy.lock"


@contextlib.contextmanager
def locked(target: Path) -> Iterator[None]:
    """One deploy or rollback at a time on a target: two at once each saw the release
    missing, staged into the same folder and switched to a half-copied one."""
    target.mkdir(parents=True, exist_ok=True)
    with (target / LOCK).open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def to_folder(build: Path, target: Path, name: str, keep: int = 5) -> str:
    """Release a finished build folder; returns the release's name."""
    with locked(target):
        return _release(build, target, name, keep)


def _release(build: Path, target: Path, name: str, keep: int) -> str:
    folder = target / RELEASES
    folder.mkdir(exist_ok=True)
    for stale in folder.glob(".staging-*"):  # a deploy killed part-way (we hold the lock: none runs)
        shutil.rmtree(stale, ignore_errors=True)
    if (folder / name).exists():  # the same revision again (a re-run): a distinct name, the newest
        name = f"{name}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-{os.getpid()}"
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    try:
        live = current(target)
        previous = folder / live if live and (folder / live).is_dir() else None
        shutil.copytree(build, staging / "site", symlinks=True, copy_function=_released(build, previous))
        os.rename(staging / "site", folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    os.utime(folder / name)  # released now: the order rollback follows
    switch(target, name)
    live = current(target)
    for old in releases(target)[: max(0, len(releases(target)) - keep)]:
        if old != live:
            shutil.rmtree(folder / old, ignore_errors=True)
    return name


def rollback(target: Path) -> str:
    """Switch `current` back to the release before it."""
    with locked(target):
        return _rollback(target)


def _rollback(target: Path) -> str:
    names, live = releases(target), current(target)
    if live not in names or names.index(live) == 0:
        raise DeployError(text("deploy_no_previous", to=target, live=live or text("nothing")))
    previous = names[names.index(live) - 1]
    switch(target, previous)
    # as Capistrano does: the release rolled back from is removed, so a second rollback goes further back
    shutil.rmtree(target / RELEASES / live, ignore_errors=True)
    return previous


def to_branch(build: Path, remote: str, branch: str, message: str) -> str:
    """Commit the build as the new tree of `branch` on `remote` and push; returns the commit."""
    with tempfile.TemporaryDirectory(prefix="sitegen-deploy-") as tmp:
        work = Path(tmp)
        git(work, "init", "-q")
        env = {
            "GIT_AUTHOR_NAME": "sitegen",
            "GIT_AUTHOR_EMAIL": "sitegen@localhost",
            "GIT_COMMITTER_NAME": "sitegen",
            "GIT_COMMITTER_EMAIL": "sitegen@localhost",
        }
        has_branch = bool(git(work, "ls-remote", "--heads", remote, branch).strip())
        if has_branch:
            git(work, "fetch", "-q", "--depth", "1", remote, branch)
            git(work, "checkout", "-q", "-B", branch, "FETCH_HEAD")
        else:
            git(work, "checkout", "-q", "--orphan", branch)
        for entry in work.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        shutil.copytree(build, work, dirs_exist_ok=True)
        (work / ".nojekyll").write_bytes(b"")  # GitHub Pages: serve folders as they are
        git(work, "add", "-A")
        git(work, "commit", "-q", "--allow-empty", "-m", message, env=env)
        git(work, "push", "-q", remote, f"HEAD:refs/heads/{branch}")
        return git(work, "rev-parse", "HEAD").strip()
