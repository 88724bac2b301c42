"""Publishing a finished build: to a local folder of releases, or to a git branch.

Local: each build is copied to releases/<revision>/ and the `current` link is
switched with one rename (atomic on POSIX), so the web server sees the old
site or the new one, never a mix. The newest `keep` releases stay, for
`--rollback`, which switches to the one before and removes the one it left.
The oldest one dropped waits, unserved, as releases/.spare: the next release is
made from it, replacing only the files that differ.
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
import stat
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.engine import cachefiles, lookahead, writer
from sitegen.engine.git import git_argv, run_git
from sitegen.engine.lookahead import Ahead
from sitegen.engine.writer import TRASH, Folders, discard_moved
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


Stamp = tuple[int, int, int]  # a file: inode, size, modification time (ns)
RELEASED = ".sitegen-released"  # beside releases/: the build's files as the last release took them
SPARE = ".spare"  # in releases/: a release no longer kept, which the next one is made from
MIRRORED = ".sitegen-mirrored"  # beside releases/: each release's folders as made (TreeRecord)


@dataclass(frozen=True)
class TreeRecord:
    """A release's folders as _link_tree left them, each the mirror of the build's: by
    folder, the build's folder's change time (ctime) and the release's. A folder's ctime
    moves with any entry added, removed or replaced in it (and with its mode or times set),
    so where both are still as recorded, the release's folder still holds the very files
    the build's holds: the release made from it later (it comes back as the spare) passes
    it over with two stats rather than listing both (most of a deploy after an edit on a
    big site; benchmarks/README.md). Only times older than the look (start, by the file
    system's clock) by more than the clock's tick (writer.SETTLED_NS) are taken. The
    build's folder is a tree of its own (the build's output and its spare take turns):
    the record holds for the build tree it was made from (build: its root; another
    tree's folders have other change times anyway)."""

    build: tuple[int, int]  # the build tree's root folder: device, inode
    start: int  # ns, by the file system's clock (writer.fs_clock)
    folders: dict[str, tuple[int, int]]  # folder → (the build's ctime, the release's ctime)

    def vouches(self, folder: str, build_ctime: int, release_ctime: int) -> bool:
        settled = self.start - writer.SETTLED_NS
        return self.folders.get(folder) == (build_ctime, release_ctime) and max(build_ctime, release_ctime) < settled

    def valid(self) -> bool:
        folders = self.folders.items()
        shaped = all(isinstance(f, str) and isinstance(t, tuple) and len(t) == 2 for f, t in folders)
        return isinstance(self.build, tuple) and isinstance(self.start, int) and shaped


def _link_tree(
    build: Path,
    dest: Path,
    previous: Path | None,
    known: dict[str, tuple[Stamp, Stamp]],
    reuse: bool = False,
    mirrored: TreeRecord | None = None,
    looked: Looked | None = None,
) -> tuple[dict[str, tuple[Stamp, Stamp]], TreeRecord]:
    """dest made as build's tree, each file a hard link: to the previous release's file where
    the bytes are the same (the site-wide files are written anew by every build, mostly
    unchanged), else to the build's (never written into: the writer replaces files); a copy
    across file systems. Releases so share every file that did not change. The trees are
    read folder by folder with scandir, whose entries carry their inodes: a file that is the
    previous release's (the build linked it) costs a link; one the last release took as it
    is now, into a file still as it was (known: the two stamps then), a stat and a link; only
    the others are compared byte by byte (a big site's release was a copytree that compared
    every file after a build that made every page again). A folder of the spare that holds
    the build's very files is not compared with the previous release: the writer keeps a
    page made again the same as the live build's file, so after an edit most folders are
    such, and listing the previous release's too was a third of a deploy's scandirs.

    reuse: dest is a release no longer kept (SPARE), brought up to date in place rather than
    made anew: a big site's folders are there and most of its files are the very files to
    link, so only what differs is replaced and what the build does not have is removed
    (making every folder and link again was most of a deploy after an edit; benchmarks/README.md).
    Nothing in it is followed: an entry of the wrong kind is removed and made again.

    mirrored: dest's record (TreeRecord), when reused: a folder it vouches for is passed over.
    looked: both trees' folders as a look ahead found them, for those it can tell (Looked).

    Returns the stamps (the build's file, the file released) of the files whose release is
    not the build's file itself, for the next release (known); and dest's record."""
    stamped: dict[str, tuple[Stamp, Stamp]] = {}
    mode = 0o777 & ~_umask()  # a reused folder as if made now (the spare's may have been made otherwise)
    # before any folder is looked at (TreeRecord.vouches), by the clock of the file systems of
    # both trees (beside them: neither is written into for it)
    start = min(writer.fs_clock(str(build.parent)), writer.fs_clock(str(dest.parent)))
    if looked is not None:
        start = min(start, looked.clock)
    if mirrored is not None and (not reuse or mirrored.build != writer.tree_root(build)):
        mirrored = None  # made from the build's other tree, or not reused
    # with a look at both trees, the folders the record vouches for are found all at once, and
    # the walk goes down only to the others (leads: they and the folders they are in); a step
    # of the walk for each folder was most of a deploy's release on a big site
    # (benchmarks/README.md). Those it passes over are the spare's as recorded.
    vouched = looked.vouched(mirrored, mode) if mirrored is not None and looked is not None else None
    leads = None
    if mirrored is not None and vouched is not None:
        leads = _leading_to([f for f in mirrored.folders if f not in vouched])
    below: dict[str, list[str]] = {}  # the recorded folders the walk may go down to, by the folder they are in
    if mirrored is not None:
        recorded = mirrored.folders
        for folder in leads if leads is not None else recorded:
            if folder and folder in recorded:
                below.setdefault(folder[: folder.rstrip("/").rfind("/") + 1], []).append(folder)
    times: dict[str, tuple[int, int]] = {}
    listed: list[str] = []
    real: tuple[set[str], set[str]] = (set(), set())  # folders of each tree seen to be folders
    folders = [("", reuse)]
    while folders:
        rel, there_before = folders.pop()
        if mirrored is not None and there_before and rel:  # the root is renamed by every release
            if vouched is not None and rel in vouched:
                pair: tuple[int, int] | None = vouched[rel]
            else:
                pair = (looked.pair(rel, mode) if looked else None) or _ctimes(build, dest, rel, mode)
                pair = pair if pair is not None and mirrored.vouches(rel, *pair) else None
            if pair is not None:
                times[rel] = pair
                folders += [(f, True) for f in below.get(rel, [])]
                continue
        listed.append(rel)
        there: dict[str, os.DirEntry[str]] = {}
        # neither tree listed or written through a link: a folder passed over above may have
        # been made one since a look (never the root, made by this release and the build)
        _folders_on_the_way(build, rel, real[0])
        _folders_on_the_way(dest, rel, real[1])
        if not _is_folder(build, rel):
            raise DeployError(text("deploy_folder_changed", folder=f"{build}/{rel}"))
        if there_before and not _is_folder(dest, rel):
            os.unlink(f"{dest}/{rel}".rstrip("/"))  # made a link since it was looked at: never listed through
            there_before = False
        if there_before:
            with os.scandir(f"{dest}/{rel}") as it:
                there = {e.name: e for e in it}
            if stat.S_IMODE(os.lstat(f"{dest}/{rel}").st_mode) != mode:  # a chmod moves its ctime
                os.chmod(f"{dest}/{rel}", mode)
        else:
            os.mkdir(f"{dest}/{rel}")
        before: dict[str, int] | None = None  # the previous release's files here, listed when first asked
        with os.scandir(f"{build}/{rel}") as it:
            entries = list(it)
        for e in entries:
            here, dst = f"{rel}{e.name}", f"{dest}/{rel}{e.name}"
            old = there.pop(e.name, None)
            is_dir = e.is_dir(follow_symlinks=False)
            if old is not None and old.is_dir(follow_symlinks=False) != is_dir:
                _delete(old)  # a folder where the build has a file, or the other way round
                old = None
            if is_dir:
                folders.append((f"{here}/", old is not None))
                continue
            if e.is_symlink():
                if old is not None:
                    os.unlink(dst)
                os.symlink(os.readlink(e.path), dst)
                continue
            src, inode = e.path, e.inode()
            if old is not None and not old.is_symlink() and old.inode() == inode:
                continue  # the spare holds the build's very file (the live release's too, mostly)
            if before is None:  # only a folder with a file to link is compared with the live release
                before = {}
                if previous is not None:
                    with contextlib.suppress(OSError), os.scandir(f"{previous}/{rel}") as it:
                        before = {f.name: f.inode() for f in it if f.is_file(follow_symlinks=False)}
            was = before.get(e.name)
            if was is not None and was != inode:  # another inode: the bytes may be the same
                st = e.stat()
                stamp = released = (st.st_ino, st.st_size, st.st_mtime_ns)
                with contextlib.suppress(OSError):  # unreadable: the build's file
                    last = os.stat(f"{previous}/{here}")
                    stamp_last = (last.st_ino, last.st_size, last.st_mtime_ns)
                    # both as the last release left them, or the same bytes
                    if known.get(here) == (stamp, stamp_last) or filecmp.cmp(f"{previous}/{here}", src, shallow=False):
                        src, inode, released = f"{previous}/{here}", was, stamp_last
                stamped[here] = (stamp, released)
            if old is not None:
                if not old.is_symlink() and old.inode() == inode:
                    continue  # the spare holds this very file already
                os.unlink(dst)
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)
        for left in there.values():  # in the spare, not in this build
            _delete(left)
    for rel in listed:
        if (now := _ctimes(build, dest, rel, mode)) is not None:
            times[rel] = now
    # the vouched folders the walk did not reach, as the record has them: those passed over
    # below a vouched folder; and those below a folder the build no longer has, removed from
    # the release with it, whose record is never taken (that folder's parent, listed here, is
    # listed next time too: its time is this release's, not settled before the next look)
    if vouched is not None:
        times = {**vouched, **times}
    return stamped, TreeRecord(writer.tree_root(build), start, times)


def _leading_to(folders: list[str]) -> set[str]:
    """The folders given and every folder they are in ("a/b/" → "a/b/", "a/", "")."""
    found: set[str] = set()
    for folder in folders:
        while folder not in found:
            found.add(folder)
            if not folder:
                break
            folder = folder[: folder.rstrip("/").rfind("/") + 1]
    return found


@dataclass(frozen=True)
class Looked:
    """The folders of a build's tree and of the spare release made from it, as the look
    ahead found them before the build (lookahead.folder_stats): for a folder the build did
    not write into (touched), its pair of change times without stating either again (two
    stats a folder were a third of a deploy's release on a big site)."""

    build: Folders
    release: Folders
    touched: set[str]

    @property
    def clock(self) -> int:
        return min(self.build.clock, self.release.clock)

    def vouched(self, record: TreeRecord, mode: int) -> dict[str, tuple[int, int]]:
        """The folders record vouches for (TreeRecord.vouches, with the pair as pair() gives
        it), by their pair: every folder's in one pass."""
        settled = record.start - writer.SETTLED_NS
        built, released, touched = self.build.stats, self.release.stats, self.touched
        found: dict[str, tuple[int, int]] = {}
        for rel, times in record.folders.items():
            if not rel or rel in touched or (b := built.get(rel)) is None or (d := released.get(rel)) is None:
                continue
            # the look's times first: a record of another version may hold anything in their place
            if (b[1], d[1]) != times or max(times) >= settled:
                continue
            if stat.S_ISDIR(b[0]) and stat.S_ISDIR(d[0]) and stat.S_IMODE(d[0]) == mode:
                found[rel] = (b[1], d[1])
        return found

    def pair(self, rel: str, mode: int) -> tuple[int, int] | None:
        """As _ctimes gives it; None where the look cannot tell (the folder written into)."""
        if (
            rel in self.touched
            or (b := self.build.stats.get(rel)) is None
            or (d := self.release.stats.get(rel)) is None
        ):
            return None
        if not (stat.S_ISDIR(b[0]) and stat.S_ISDIR(d[0])) or stat.S_IMODE(d[0]) != mode:
            return None
        return b[1], d[1]


def _folders_on_the_way(root: Path, rel: str, real: set[str]) -> None:
    """Each folder rel is in (below root) is a folder, not a link: else the release stops
    (DeployError) rather than list or write through it. real: those seen so, not stated again."""
    cut = rel.find("/")
    while 0 <= cut < len(rel) - 1:
        folder = rel[: cut + 1]
        if folder not in real:
            if not _is_folder(root, folder):
                raise DeployError(text("deploy_folder_changed", folder=f"{root}/{folder}"))
            real.add(folder)
        cut = rel.find("/", cut + 1)


def _is_folder(root: Path, rel: str) -> bool:
    """Whether rel below root is a folder itself, not a link to one (no "/" after it: that
    follows a link)."""
    return stat.S_ISDIR(os.lstat(f"{root}/{rel}".rstrip("/")).st_mode)


def _ctimes(build: Path, dest: Path, rel: str, mode: int) -> tuple[int, int] | None:
    """The change times of the build's folder rel and the release's, or None where either is
    not a folder (a link is never taken for one) or the release's has not the mode a folder
    made now would (the umask changed since: it is listed, and its mode set)."""
    try:
        b, d = os.lstat(f"{build}/{rel}".rstrip("/")), os.lstat(f"{dest}/{rel}".rstrip("/"))  # a link as a link
    except OSError:
        return None
    if not (stat.S_ISDIR(b.st_mode) and stat.S_ISDIR(d.st_mode)) or stat.S_IMODE(d.st_mode) != mode:
        return None
    return b.st_ctime_ns, d.st_ctime_ns


def _umask() -> int:
    mask = os.umask(0o22)
    os.umask(mask)
    return mask


def _delete(entry: os.DirEntry[str]) -> None:
    if entry.is_dir(follow_symlinks=False):
        shutil.rmtree(entry.path)
    else:
        os.unlink(entry.path)


def ask_revision(content: Path) -> Callable[[], tuple[str, list[str]]]:
    """The release's name, when asked for: the content's commit (short hash), with a UTC time
    stamp when it has uncommitted edits or no git; and those edits (git status lines, in
    git's own words: names quoted, an untracked folder as one line, as the operator's
    settings say), for the operator to see. Not the build's status (git.status): that one
    lists every file, raw. Its two git commands start now, side by side, and are waited for
    when it is asked for (a deploy asks after the load: git looks while the content loads)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    asked = []
    with contextlib.suppress(OSError):  # no git: a time stamp, no edits
        for args in (("rev-parse", "--short=12", "HEAD"), ("status", "--porcelain", "--", ".")):
            argv = git_argv(content, *args)
            asked.append(subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL))

    def answer() -> tuple[str, list[str]]:
        outs = [(p.communicate()[0], p.returncode) for p in asked]
        if len(outs) != 2 or any(code != 0 for _, code in outs):
            return stamp, []
        head, dirty = outs[0][0].decode("utf-8", "replace").strip(), outs[1][0].decode("utf-8", "replace")
        return (f"{head}-{stamp}" if dirty.strip() else head), dirty.splitlines()

    return answer


def git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> str:
    proc = run_git(cwd, *args, env={**os.environ, **(env or {})})
    out, err = (s.decode("utf-8", "replace").strip() for s in (proc.stdout, proc.stderr))
    if proc.returncode != 0:
        raise DeployError(f"git {' '.join(args)}: {err or out}")
    return proc.stdout.decode("utf-8", "replace")


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


def claim_target(target: Path, content: Path) -> None:
    """Refuse a target that a deploy would change but sitegen never deployed to: one holding
    someone's own files (a file named current was replaced, old folders under releases/
    deleted), the repository or a folder holding it, or one inside the content (as --out).
    DeployError says why."""
    from sitegen.messages import text

    to, inside = target.resolve(), content.resolve()
    if to.is_relative_to(inside) or inside.parent.is_relative_to(to):
        raise DeployError(text("deploy_protected", to=target, folder=inside.parent))
    # a file; a releases/ that is a link (its folders would be deleted wherever it leads)
    if (to.exists() and not to.is_dir()) or (to / RELEASES).is_symlink():
        raise DeployError(text("deploy_not_ours", to=target, mark=LOCK))
    if to.is_dir() and not (to / LOCK).is_file() and any(to.iterdir()):
        raise DeployError(text("deploy_not_ours", to=target, mark=LOCK))


def to_folder(
    build: Path, target: Path, name: str, keep: int = 5, ahead: Ahead | None = None, touched: set[str] | None = None
) -> str:
    """Release a finished build folder; returns the release's name. ahead: the look begun
    before the build (lookahead.looked_ahead with release_look(target)); touched: the
    folders the build wrote into (writer.Output.touched)."""
    with locked(target):
        return _release(build, target, name, keep, ahead, touched)


def release_look(target: Path) -> tuple[Path, Path, type[TreeRecord]]:
    """What a look ahead at target's spare release needs (lookahead.looked_ahead's release)."""
    return target / RELEASES / SPARE, target / MIRRORED, TreeRecord


def _release(
    build: Path, target: Path, name: str, keep: int, ahead: Ahead | None = None, touched: set[str] | None = None
) -> str:
    folder = target / RELEASES
    folder.mkdir(exist_ok=True)
    for stale in folder.glob(".staging-*"):  # a deploy killed part-way (we hold the lock: none runs)
        _discard(target, stale, stale.name)
    for left in (target / TRASH).iterdir() if (target / TRASH).is_dir() else []:
        discard_moved(left)  # a deleter that died, or one still at it (a second rm is harmless)
    if (folder / name).exists():  # the same revision again (a re-run): a distinct name, the newest
        name = f"{name}-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-{os.getpid()}"
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=folder))
    try:
        live = current(target)
        previous = folder / live if live and (folder / live).is_dir() else None
        record = cachefiles.load(target / RELEASED)
        known: dict = {}
        if isinstance(record, tuple) and len(record) == 3 and record[:2] == (live, str(build)):
            known = record[2] if isinstance(record[2], dict) else {}
        reuse = (folder / SPARE).is_dir() and not (folder / SPARE).is_symlink()
        records = writer.Records(target / MIRRORED, TreeRecord, TreeRecord.valid)
        mirrored, looked = None, None
        if reuse:
            mirrored = records.get(writer.tree_root(folder / SPARE))
            os.rename(folder / SPARE, staging / "site")
            if ahead is not None and touched is not None:  # each look at the very tree it looked at
                built = ahead.folders(lookahead.BUILD_FOLDERS, writer.tree_root(build))
                spared = ahead.folders(lookahead.RELEASE_FOLDERS, writer.tree_root(staging / "site"))
                looked = Looked(built, spared, touched) if built and spared else None
        stamped, made = _link_tree(build, staging / "site", previous, known, reuse, mirrored, looked)
        tree = writer.tree_root(staging / "site")
        os.rename(staging / "site", folder / name)
    finally:
        if (staging / "site").is_dir():  # a release that failed part-way: deleted without waiting
            _discard(target, staging / "site", "failed")
        shutil.rmtree(staging, ignore_errors=True)
    os.utime(folder / name)  # released now: the order rollback follows
    switch(target, name)
    cachefiles.dump(target / RELEASED, (name, str(build), stamped))
    # the records of the trees that are still releases (or the spare), and this one's
    trees = {writer.tree_root(p) for p in folder.iterdir() if p.is_dir() and not p.is_symlink()}
    records.save(tree, made, [k for k in records.packed if k in trees])
    live = current(target)
    spare = folder / SPARE
    if spare.is_symlink() or (os.path.lexists(spare) and not spare.is_dir()):
        spare.unlink()  # not one this made (a link is never followed into): replaced below
    for old in releases(target)[: max(0, len(releases(target)) - keep)]:
        if old == live:
            continue
        if spare.exists():
            _remove(target, old)
        else:  # the next release's start (see _link_tree); never served, never rolled back to
            os.rename(folder / old, spare)
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
    _remove(target, live)
    return previous


def _remove(target: Path, name: str) -> None:
    """A release moved aside at once and deleted without waiting: a release is a whole site,
    and unlinking its files took seconds of every deploy of a big one. What a deleter that
    died left (a killed job, a reboot) is handed to another by the next release."""
    _discard(target, target / RELEASES / name, name)


def _discard(target: Path, folder: Path, name: str) -> None:
    trash = target / TRASH
    try:
        trash.mkdir(exist_ok=True)
        moved = trash / f"{name}-{os.getpid()}-{time.monotonic_ns()}"
        os.rename(folder, moved)
    except OSError:  # not ours to move (another user's folder): removed what can be, in place
        shutil.rmtree(folder, ignore_errors=True)
        return
    discard_moved(moved)


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
