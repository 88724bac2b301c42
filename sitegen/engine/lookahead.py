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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sitegen.engine import cachefiles
from sitegen.engine.workers import end_with
from sitegen.engine.writer import spare_of, tree_root

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


class Ahead:
    """look() of the records in folder at tree, in a child forked now; vouches() waits for it."""

    def __init__(self, folder: Path, tree: Path):
        self.parent = os.getpid()
        self.verdict: tuple[tuple[int, int], dict[str, str]] | None = None
        self.pid, self.fd = 0, -1
        self.roots: dict[str, tuple[int, int]] = {}
        if sys.platform != "linux" or not folder.is_dir():  # nothing recorded: nothing to look at
            self.verdict = NOTHING
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
                data = memoryview(pickle.dumps(look(folder, tree), protocol=pickle.HIGHEST_PROTOCOL))
                while data:
                    data = data[os.write(write, data) :]
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self.pid, self.fd = pid, read

    def vouches(self, name: str, token: str, root: Path) -> bool:
        """Whether the child found the unit's files (written under token) as written in the
        folder now at root. Only in the process that started it (a forked worker: never)."""
        if os.getpid() != self.parent:
            return False
        if self.verdict is None:
            self.verdict = self._collected()
            self.close()
        key = str(root)
        if key not in self.roots:
            try:
                self.roots[key] = tree_root(root)
            except OSError:
                self.roots[key] = (-1, -1)
        (looked, found) = self.verdict
        return looked == self.roots[key] and bool(token) and found.get(name) == token

    def _collected(self) -> tuple[tuple[int, int], dict[str, str]]:
        chunks = []
        try:
            while chunk := os.read(self.fd, 1 << 20):
                chunks.append(chunk)
            verdict = pickle.loads(b"".join(chunks))
        except Exception:  # the child killed, out of memory: nothing vouched for
            verdict = NOTHING
        ok = isinstance(verdict, tuple) and len(verdict) == 2 and isinstance(verdict[1], dict)
        return verdict if ok else NOTHING

    def close(self) -> None:
        """The child stopped (when still looking) and reaped."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.pid and os.getpid() == self.parent:
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                if self.verdict is None:
                    os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            self.pid = 0


@contextmanager
def looked_ahead(cache: Path, out: Path) -> Iterator[Ahead]:
    """The look at the files of the build that out's next build writes over (its spare),
    for the length of the block."""
    target = out.resolve()
    ahead = Ahead(records_folder(cache, target), spare_of(target))
    try:
        yield ahead
    finally:
        ahead.close()
