"""The look at the last build's files, begun ahead in a forked process.

An edit's build takes most of a big site's pages as the build before wrote them,
each file one stat to see it is still the very file (writer.Output.link_unchanged):
on a big site that look was the largest serial share of an edit's build after
the load (benchmarks/README.md). It needs neither the content nor the model,
only what each council's pages wrote and their stamps (kept here, beside the
council's record) and the folder the build will write over (the spare): so a
child forked before the content is loaded looks, on the core the loading leaves
idle, and the build asks for its verdict when it takes the councils
(sitegen/outputs/web/output.py). A council it did not vouch for is looked at
as before; the verdict holds only for the very folder it looked at (its device
and inode), so a spare another build took meanwhile is looked at again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from sitegen.engine import cachefiles
from sitegen.engine.fingerprint import state_path
from sitegen.engine.workers import end_with
from sitegen.engine.writer import FolderRecord, Folders, Records, Stamp, folder_stat, fs_clock, spare_of, tree_root

LOOK = ".look.pickle"  # after the council's slug: its files and their stamps as written
NOTHING: tuple[tuple[int, int], dict[str, str]] = ((0, 0), {})


def records_folder(cache: Path, previous: Path) -> Path:
    """Where the records of the build that wrote previous (an output folder) are kept."""
    return cache / "pages" / hashlib.sha256(str(previous.resolve()).encode()).hexdigest()[:16]


def keep(folder: Path, name: str, files: list[str], stamps: list[Stamp]) -> str:
    """The files of a unit (a council's pages) as written, for the next build's look: the
    token that names this very write, for the unit's record to carry."""
    token = os.urandom(8).hex()
    cachefiles.dump(folder / f"{name}{LOOK}", (token, files, stamps))
    return token


def _read(folder: Path, name: str) -> tuple[str, list[str], list[Stamp]] | None:
    """A unit's look file: its token, files and stamps; None when unreadable or of another shape."""
    known = cachefiles.load(folder / f"{name}{LOOK}")
    if not isinstance(known, tuple) or len(known) != 3:
        return None
    token, files, stamps = known
    if not isinstance(files, list) or not isinstance(stamps, list) or len(files) != len(stamps):
        return None
    return token, files, stamps


def kept(folder: Path, name: str, token: str) -> tuple[list[str], list[Stamp]] | None:
    """The files and stamps kept under token; None when the file is another write's."""
    known = _read(folder, name)
    return (known[1], known[2]) if known is not None and known[0] == token else None


def as_written(tree: int, files: list[str], stamps: list[Stamp]) -> bool:
    """Whether each file in the folder open as tree is the very file written (its stamp)."""
    for rel, stamp in zip(files, stamps, strict=True):
        try:
            st = os.stat(rel, dir_fd=tree)
        except (FileNotFoundError, NotADirectoryError):
            return False
        if (st.st_ino, st.st_size, st.st_mtime_ns) != stamp:  # the very file (writer.Stamp)
            return False
    return True


@contextmanager
def _opened(tree: Path) -> Iterator[tuple[int, tuple[int, int]] | None]:
    """tree opened as a folder (a link is not followed: not a folder a build made), with its
    device and inode; None when it cannot be."""
    try:
        fd = os.open(tree, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        yield None
        return
    try:
        st = os.fstat(fd)
        yield fd, (st.st_dev, st.st_ino)
    finally:
        os.close(fd)


def look(folder: Path, tree: Path) -> tuple[tuple[int, int], dict[str, str]]:
    """The units whose files tree holds as written, by name → token, with tree's device and
    inode as opened."""
    with _opened(tree) as opened:
        if opened is None:
            return NOTHING
        fd, root = opened
        found = {}
        try:
            with os.scandir(folder) as entries:
                names = [e.name[: -len(LOOK)] for e in entries if e.name.endswith(LOOK) and not e.name.startswith(".")]
        except OSError:
            return NOTHING
        for name in names:
            if (known := _read(folder, name)) is not None:
                token, files, stamps = known
                with contextlib.suppress(Exception):  # a stamp of another shape: not vouched for
                    if as_written(fd, files, stamps):
                        found[name] = token
        return root, found


def folder_stats(tree: Path, record: Path, kind: type[Any], clock: int | None) -> Folders | None:
    """Each folder of tree that its record (writer.Records(record, kind)) names, lstat as
    the build would (writer.Output.prune, deploy._link_tree; a link is a link): so that the
    build, after it wrote, states again only the folders it wrote into. clock: the file
    system's time before the look (tree_clock), None when there was no tree to look at."""
    if clock is None:
        return None
    with _opened(tree) as opened:
        if opened is None:
            return None
        fd, root = opened
        known = Records(record, kind, kind.valid).get(root)
        if known is None:
            return None
        stats = {}
        for folder in known.folders:
            if folder:  # the root: renamed by every build, always listed
                with contextlib.suppress(OSError):
                    stats[folder] = folder_stat(os.lstat(folder.rstrip("/"), dir_fd=fd))
        return Folders(root, clock, stats)


# which look gives what (Ahead's jobs, in this order)
FILES = 0
BUILD_FOLDERS = 1
RELEASE_FOLDERS = 2


class Ahead:
    """Looks (each a function of no arguments) run in turn in a child forked now; result(n)
    waits for the n-th. The first is look()'s verdict, which vouches() reads. Each result is
    written to a file in memory (memfd), and only where it lies to the pipe: a result bigger
    than the pipe holds would stop the child until the parent read it, and the next look
    would no longer be ahead."""

    def __init__(self, jobs: list[Callable[[], object]]):
        self.parent = os.getpid()
        self.results: list[object] = []
        self.pid, self.fd, self.store, self.jobs, self.ended = 0, -1, -1, len(jobs), False
        self.roots: dict[str, tuple[int, int]] = {}
        if sys.platform != "linux" or not jobs:
            self.ended = True
            return
        opened: list[int] = []
        try:  # a look is a speed-up: where it cannot start (no memfd, no process left), none
            opened.append(os.memfd_create("sitegen-look", os.MFD_CLOEXEC))
            opened.extend(os.pipe())
            sys.stdout.flush(), sys.stderr.flush()  # or the child's exit writes them again
            pid = os.fork()
        except OSError:
            for fd in opened:
                os.close(fd)
            self.ended = True
            return
        store, read, write = opened
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.close(read)
                end_with(self.parent)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                at = 0
                for job in jobs:
                    data = memoryview(pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL))
                    size, done = len(data), 0
                    while done < size:
                        done += os.pwrite(store, data[done:], at + done)
                    os.write(write, at.to_bytes(8, "little") + size.to_bytes(8, "little"))  # 16 bytes: never waits
                    at += size
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.pid, self.fd, self.store = pid, read, store

    def result(self, n: int) -> object:
        """The n-th look's result; None when it gave none (the child killed, say), or asked
        in another process than the one that started it (a forked worker)."""
        if os.getpid() != self.parent:
            return None
        while len(self.results) <= n and not self.ended:
            try:
                notice = self._read(16)
                at, size = int.from_bytes(notice[:8], "little"), int.from_bytes(notice[8:], "little")
                parts, done = [], 0
                while done < size:
                    chunk = os.pread(self.store, size - done, at + done)
                    if not chunk:
                        raise EOFError
                    parts.append(chunk)
                    done += len(chunk)
                self.results.append(pickle.loads(b"".join(parts)))
            except Exception:  # the child ended early, or what it wrote is unreadable: no more from it
                self.ended = True
            if self.ended or len(self.results) >= self.jobs:
                self.close()
        return self.results[n] if n < len(self.results) else None

    def _read(self, size: int) -> bytes:
        data = b""
        while len(data) < size:
            chunk = os.read(self.fd, size - len(data))
            if not chunk:
                raise EOFError
            data += chunk
        return data

    def vouches(self, name: str, token: str, root: Path) -> bool:
        """Whether the first look found the unit's files (written under token) as written in
        the folder now at root."""
        verdict = self.result(FILES)
        if not (isinstance(verdict, tuple) and len(verdict) == 2 and isinstance(verdict[1], dict)):
            return False
        key = str(root)
        if key not in self.roots:
            try:
                self.roots[key] = tree_root(root)
            except OSError:
                self.roots[key] = (-1, -1)
        looked, found = verdict
        return looked == self.roots[key] and bool(token) and found.get(name) == token

    def folders(self, n: int, root: tuple[int, int]) -> Folders | None:
        """The n-th look's folders, when it looked at the tree whose root is root."""
        found = self.result(n)
        return found if isinstance(found, Folders) and found.root == root else None

    def close(self) -> None:
        """The child stopped (unless it gave every result) and reaped; its files closed."""
        self.ended = True
        if self.pid and os.getpid() == self.parent:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                if len(self.results) < self.jobs:
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0
        for fd in (self.fd, self.store):
            if fd >= 0:
                os.close(fd)
        self.fd = self.store = -1


def tree_clock(tree: Path) -> int | None:
    """The file system's time now (writer.fs_clock), taken in the tree about to be looked at,
    by this process before it forks (its root is listed by every build, a probe there is
    removed; a child killed would leave it); None when tree is not a folder."""
    if tree.is_symlink() or not tree.is_dir():
        return None
    try:
        return fs_clock(str(tree))
    except OSError:
        return None


@contextmanager
def looked_ahead(cache: Path, out: Path, release: tuple[Path, Path, type[Any]] | None = None) -> Iterator[Ahead]:
    """For the length of the block, the looks at what out's next build writes over (its
    spare): its councils' files (FILES) and its folders (BUILD_FOLDERS); with release (a
    deploy's spare release, the file of its records, their kind), that one's folders too."""
    target = out.resolve()
    spare = spare_of(target)
    jobs: list[Callable[[], object]] = [
        partial(look, records_folder(cache, target), spare),
        partial(folder_stats, spare, state_path(cache, out, ".folders"), FolderRecord, tree_clock(spare)),
    ]
    if release is not None:
        jobs.append(partial(folder_stats, *release, tree_clock(release[0])))
    ahead = Ahead(jobs)
    try:
        yield ahead
    finally:
        ahead.close()
