"""The build cache's pickle files, read once per process while they are unchanged.

The live preview builds again and again in one process; unpickling every
page's record and every parsed file each time cost more than the work they
save. Only the preview keeps them, in a Memo it holds and passes down: a
build reads each once. A file is known by its inode, size and modification
time, so one that another process replaced is read again. What is read is
shared: callers only read it.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# What a long-lived process (sitegen serve) keeps of the files: path → (stamp, object).
Memo = dict[str, tuple[tuple[int, int, int], Any]]

# Whether the command keeps what it loaded to its end (loaded_kept). Not gc.get_freeze_count():
# it counts the frozen objects one by one, all of a large site's.
_keeping: ContextVar[bool] = ContextVar("keeping", default=False)


def _stamp(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns


def load(path: Path, memo: Memo | None = None) -> Any | None:
    """The file's object; None when there is none or it cannot be read (another version of
    sitegen wrote it, say): the caller starts afresh. memo: kept there, taken from there."""
    try:
        stamp = _stamp(path)
        known = memo.get(str(path)) if memo is not None else None
        if known and known[0] == stamp:
            return known[1]
        with path.open("rb") as f, collection_paused():
            value = pickle.load(f)
    except Exception:
        return None
    if memo is not None:
        memo[str(path)] = (stamp, value)
    return value


@dataclass(frozen=True)
class Tail:
    """The bytes a cache file holds after its pickle (dump's tail), read when asked for: the
    file opened again then, its stamp (inode, size, time) as when its pickle was read and the
    bytes' digest as written (digest, when the caller knows it), else an error: no file is
    held open meanwhile (a big site's many records would use up the process's descriptors)."""

    path: str
    stamp: tuple[int, int, int]
    offset: int
    size: int
    digest: str = ""  # blake2b, 16 bytes, hex

    def read(self) -> bytes:
        fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        try:
            st = os.fstat(fd)
            if (st.st_ino, st.st_size, st.st_mtime_ns) != self.stamp:
                raise OSError(f"{self.path}: changed since this build read it")
            parts, at, end = [], self.offset, self.offset + self.size
            while at < end:
                chunk = os.pread(fd, end - at, at)
                if not chunk:
                    raise OSError(f"{self.path}: ends {end - at} bytes early")
                parts.append(chunk)
                at += len(chunk)
        finally:
            os.close(fd)
        data = b"".join(parts)
        if self.digest and hashlib.blake2b(data, digest_size=16).hexdigest() != self.digest:
            with contextlib.suppress(OSError):  # a disposable entry: the next build makes it again
                os.unlink(self.path)
            raise OSError(f"{self.path}: damaged since it was written (removed: build again)")
        return data


def load_with_tail(path: Path) -> tuple[Any, Tail | None]:
    """load() of a file dump() wrote with a tail: its object, and its tail to read when asked
    for (None when it has none); (None, None) when it cannot be read."""
    try:
        with path.open("rb") as f, collection_paused():
            value = pickle.load(f)
            offset = f.tell()  # the unpickler leaves the file just after the pickle
            st = os.fstat(f.fileno())
    except Exception:
        return None, None
    size = st.st_size - offset
    return value, Tail(str(path), (st.st_ino, st.st_size, st.st_mtime_ns), offset, size) if size > 0 else None


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cycle collection while a record is unpickled: it makes objects and no garbage, and
    collections that ran as it went looked again and again at every object made before
    (much of an edit's build on a large site; benchmarks/README.md)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def loaded_kept() -> Iterator[None]:
    """What is loaded lives as long as the command: kept out of the cycle collector's reach
    (gc.freeze), which looked at all of it again and again as a build made objects (an edit's
    build, benchmarks/README.md), and whose look at it in a forked worker copied its pages
    (Python's documentation of gc.freeze). Collection on for what the build makes from it."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.enable()
    keeping = _keeping.set(True)
    try:
        yield
    finally:
        _keeping.reset(keeping)
        if not enabled:
            gc.disable()
        gc.unfreeze()


def kept_frozen() -> None:
    """What the caller has just made lives to the command's end: kept out of the collections'
    look, where the command keeps what it loaded so (loaded_kept; never the preview, which
    freezes nothing). Else the next full collection looked at all of it in vain
    (benchmarks/README.md)."""
    if _keeping.get():
        gc.freeze()


@contextmanager
def collecting() -> Iterator[None]:
    """Cycle collection on for the block, whatever the caller's: parsing and checking a file
    makes garbage in cycles, which a command that collects nothing as it loads (cli.uncollected)
    would hold to its end (half again a cold build's memory, when a site loads in one process).
    Turned on there, what the command made before (its modules, the councils taken from the
    cache) is kept out of the block's collections (gc.freeze): the first one looked at all of
    it, and the next at what outlived that (benchmarks/README.md). At the end, what the block
    left is collected (one look at its own objects only) and the rest thawed: nothing stays
    frozen past it, whether or not the command gets as far as keeping its load."""
    if gc.isenabled():
        yield
        return
    gc.freeze()
    gc.enable()
    try:
        yield
    finally:
        gc.collect()
        gc.disable()
        gc.unfreeze()


def dump(path: Path, value: Any, memo: Memo | None = None, tail: bytes = b"") -> None:
    """Write whole or not at all (a temporary file renamed), whatever else builds beside.
    tail: bytes written after the pickle, read only when asked for (load_with_tail)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
        f.write(tail)
    os.replace(tmp, path)
    if memo is not None:
        memo[str(path)] = (_stamp(path), value)


# The mark of a cache folder (https://bford.info/cachedir/: backup tools skip it too).
CACHE_TAG = "CACHEDIR.TAG"
_TAG_TEXT = "Signature: 8a477f597d28d172789f06886806bc55\n# sitegen's build cache: disposable, remade as needed\n"
# what a cache made before the mark holds: taken as sitegen's when it holds nothing else and
# holds what every build makes
_CACHE_PARTS = frozenset(
    {"councils", "deploy", "file-stamps", "fonts", "markdown", "pages", "parsed", "pdf", "state", "templates"}
)


def cache_refusal(folder: Path, content: Path) -> str | None:
    """Why folder cannot be the cache (a message key), None when it can: it is inside the
    content, or is the repository or a folder holding it, or holds someone's own files (a
    build moves its parts aside and deletes them: deploy/site once took a user's folder).
    Looks only: `sitegen doctor` changes nothing."""
    cache, inside = folder.resolve(), content.resolve()
    if cache.is_relative_to(inside) or inside.parent.is_relative_to(cache):
        return "cache_protected"
    if folder.is_symlink() or (cache.exists() and not cache.is_dir()):
        return "cache_not_ours"
    if cache.is_dir() and not (cache / CACHE_TAG).is_file():
        entries = {p.name for p in cache.iterdir()}
        if entries and (entries - _CACHE_PARTS or not entries & {"state", "parsed", "markdown"}):
            return "cache_not_ours"
    return None


def mark_cache(folder: Path) -> None:
    """The cache folder made, and marked as sitegen's (what cache_refusal then accepts)."""
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / CACHE_TAG).is_file():
        (folder / CACHE_TAG).write_text(_TAG_TEXT, encoding="utf-8")
