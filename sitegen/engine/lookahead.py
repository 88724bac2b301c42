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
from sitegen.engine.writer import FolderRecord, Folders, fs_clock, records_in, spare_of, tree_root

Stamp = tuple[int, int, int]  # a file: inode, size, modification time (ns)
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


def kept(folder: Path, name: str, token: str) -> tuple[list[str], list[Stamp]] | None:
    """The files and stamps kept under token; None when the file is another write's."""
    known = cachefiles.load(folder / f"{name}{LOOK}")
    if not isinstance(known, tuple) or len(known) != 3 or known[0] != token:
        return None
    _, files, stamps = known
    if not isinstance(files, list) or not isinstance(stamps, list) or len(files) != len(stamps):
        return None
    return files, stamps


def as_written(tree: int, files: list[str], stamps: list[Stamp]) -> bool:
    """Whether each file in the folder open as tree is the very file written (its stamp)."""
    for rel, stamp in zip(files, stamps, strict=True):
        try:
            st = os.stat(rel, dir_fd=tree)
        except (FileNotFoundError, NotADirectoryError):
            return False
        if (st.st_ino, st.st_size, st.st_mtime_ns) != stamp:
            return False
    return True


def look(folder: Path, tree: Path) -> tuple[tuple[int, int], dict[str, str]]:
    """The units whose files tree holds as written, by name → token, with tree's device and
    inode as opened (a link is not followed: not a folder a build made)."""
    try:
        fd = os.open(tree, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return NOTHING
    try:
        st = os.fstat(fd)
        found = {}
        with os.scandir(folder) as entries:
            names = [e.name[: -len(LOOK)] for e in entries if e.name.endswith(LOOK) and not e.name.startswith(".")]
        for name in names:
            known = cachefiles.load(folder / f"{name}{LOOK}")
            if isinstance(known, tuple) and len(known) == 3:
                token, files, stamps = known
                with contextlib.suppress(Exception):  # another shape: not vouched for
                    if as_written(fd, files, stamps):
                        found[name] = token
        return (st.st_dev, st.st_ino), found
    except OSError:
        return NOTHING
    finally:
        os.close(fd)


def folder_stats(tree: Path, record: Path, kind: type[Any]) -> Folders | None:
    """Each folder of tree that its record (writer.records_in(record, kind)) names, lstat as
    the build would (writer.Output.prune, deploy._link_tree): so that the build, after it
    wrote, states again only the folders it wrote into."""
    try:
        fd = os.open(tree, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        root = (st.st_dev, st.st_ino)
        known = records_in(record, kind, kind.valid).get(root)
        if known is None:
            return None
        clock = fs_clock(str(tree.parent))  # beside the tree: it is not written into for it
        stats = {}
        for folder in known.folders:
            if folder:  # the root: renamed by every build, always listed
                with contextlib.suppress(OSError):
                    s = os.lstat(folder, dir_fd=fd)
                    stats[folder] = (s.st_mode, s.st_ctime_ns, s.st_size, s.st_mtime_ns, s.st_ino)
        return Folders(root, clock, stats)
    except OSError:
        return None
    finally:
        os.close(fd)


class Ahead:
    """Looks (each a function of no arguments) run in turn in a child forked now; result(n)
    waits for the n-th. The first is look()'s verdict, which vouches() reads."""

    def __init__(self, jobs: list[Callable[[], object]]):
        self.parent = os.getpid()
        self.results: list[object] = []
        self.pid, self.fd, self.jobs = 0, -1, len(jobs)
        self.roots: dict[str, tuple[int, int]] = {}
        if sys.platform != "linux" or not jobs:
            return
        read, write = os.pipe()
        sys.stdout.flush(), sys.stderr.flush()  # or the child's exit writes them again
        pid = os.fork()
        if pid == 0:  # the child: never returns
            code = 1
            try:
                os.close(read)
                end_with(self.parent)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                for job in jobs:
                    data = pickle.dumps(job(), protocol=pickle.HIGHEST_PROTOCOL)
                    view = memoryview(len(data).to_bytes(8, "little") + data)
                    while view:
                        view = view[os.write(write, view) :]
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.pid, self.fd = pid, read

    def result(self, n: int) -> object:
        """The n-th look's result; None when it gave none (the child killed, say), or asked
        in another process than the one that started it (a forked worker)."""
        if os.getpid() != self.parent:
            return None
        while len(self.results) <= n and self.fd >= 0:
            try:
                size = int.from_bytes(self._read(8), "little")
                self.results.append(pickle.loads(self._read(size)))
            except Exception:  # the child ended early: nothing more from it
                self.jobs = len(self.results)
            if len(self.results) >= self.jobs:
                self.close()
        return self.results[n] if n < len(self.results) else None

    def _read(self, size: int) -> bytes:
        parts, left = [], size
        while left:
            chunk = os.read(self.fd, min(left, 1 << 20))
            if not chunk:
                raise EOFError
            parts.append(chunk)
            left -= len(chunk)
        return b"".join(parts)

    def vouches(self, name: str, token: str, root: Path) -> bool:
        """Whether the first look found the unit's files (written under token) as written in
        the folder now at root."""
        verdict = self.result(0)
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
        """The child stopped (when still looking) and reaped."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.pid and os.getpid() == self.parent:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                if len(self.results) < self.jobs:
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0


# which look gives what (Ahead's jobs, in this order)
FILES = 0
BUILD_FOLDERS = 1
RELEASE_FOLDERS = 2


@contextmanager
def looked_ahead(cache: Path, out: Path, release: tuple[Path, Path, type[Any]] | None = None) -> Iterator[Ahead]:
    """For the length of the block, the looks at what out's next build writes over (its
    spare): its councils' files (FILES) and its folders (BUILD_FOLDERS); with release (a
    deploy's spare release, the file of its records, their kind), that one's folders too."""
    target = out.resolve()
    spare = spare_of(target)
    jobs: list[Callable[[], object]] = [
        partial(look, records_folder(cache, target), spare),
        partial(folder_stats, spare, state_path(cache, out, ".folders"), FolderRecord),
    ]
    if release is not None:
        jobs.append(partial(folder_stats, *release))
    ahead = Ahead(jobs)
    try:
        yield ahead
    finally:
        ahead.close()
