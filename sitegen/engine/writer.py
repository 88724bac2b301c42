"""Writing output atomically: a build goes into a folder beside the target and is
switched in only when complete, so a failed or interrupted build never leaves
a half-written site where a good one was. The switch is one atomic exchange
of the two folders where Linux offers it.

The build before the last is kept beside the target as the spare, and the
next build is written over it: a big site's folders are there already and
most of its files are hard links to the same files as the live build's, so
the build only replaces what differs, removes what it did not write, and
swaps. A file is never written into: it is replaced (unlink, then create), so
the live build, which shares those files, is never touched. A build killed
part-way leaves its staging folder, which the next build takes as its spare.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import pickle
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from sitegen.engine import cachefiles

TRASH = ".sitegen-trash"  # beside the output: previous builds being deleted
MARK = ".sitegen-output"  # in every output folder: sitegen made it, and may replace it
# What every build before the mark wrote, so that a site built before it is still taken as sitegen's.
_LEGACY = ("index.html", "schemas/site.schema.json")
COPY_CHUNK = 1 << 20  # bytes read at a time where a file is copied or compared
NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
R = TypeVar("R")
SETTLED_NS = 2_000_000_000  # a folder's time this much older than a look is past the clock's tick


class OutputRefused(Exception):
    """The output folder is not sitegen's to replace; told to the operator, exit status 1."""


def claim(target: Path, protected: list[Path]) -> None:
    """Refuse an output folder a build would replace but did not make: one holding the
    user's own files (a build moves the folder aside and deletes it), the content folder
    (protected[0]) or a folder in it, the repository or any folder that holds one of the
    protected folders. Raises OutputRefused with the reason."""
    from sitegen.messages import text

    out = target.resolve()
    content = protected[0].resolve()
    for folder in protected:
        folder = folder.resolve()
        if folder.is_relative_to(out) or out.is_relative_to(content):
            raise OutputRefused(text("out_protected", out=target, folder=folder))
    if out.is_file() or out.is_symlink():
        raise OutputRefused(text("out_not_folder", out=target))
    if not out.is_dir() or (out / MARK).is_file() or not any(out.iterdir()):
        return
    if all((out / rel).is_file() for rel in _LEGACY):
        return
    raise OutputRefused(text("out_not_ours", out=target, mark=MARK))


# A file as written: inode, size, modification time (ns). The previous build's file is known by
# its size and time alone: a copy that keeps times (a CI's cache restored by tar, every inode
# new) holds what that build wrote. The spare's (the build before, written over) must be the
# very file, by its inode too: on a file system whose times are whole seconds, the build
# before may have written another file of that size in the same second.
Stamp = tuple[int, int, int]


def stamps_of(root: Path, files: list[str]) -> list[Stamp] | None:
    """Each file's stamp, to know it later as the file written (Output.link_unchanged); None
    when one is missing (removed by another build beside this one): nothing to know it by."""
    base = str(root)
    found = []
    for rel in files:
        try:
            st = os.stat(f"{base}/{rel}")
        except OSError:
            return None
        found.append((st.st_ino, st.st_size, st.st_mtime_ns))
    return found


@dataclass(frozen=True)
class Counted:
    """A set of files counted by folder: how many there are, and how many entries (files
    and folders) each folder of theirs holds ("" the root, then "a/", ...)."""

    files: int
    entries: dict[str, int]


def counted(files: Iterable[str]) -> Counted:
    """files (a set: each once), counted by folder."""
    entries = {"": 0}
    n = 0
    for rel in files:
        n += 1
        cut = rel.rfind("/")
        folder = rel[: cut + 1]
        if folder in entries:
            entries[folder] += 1
            continue
        entries[folder] = 1
        while cut > 0:  # a folder new to the count: counted in its parent, and so on up
            cut = rel.rfind("/", 0, cut)
            parent = rel[: cut + 1]
            if parent in entries:
                entries[parent] += 1
                break
            entries[parent] = 1
    return Counted(n, entries)


def merge_counts(into: dict[str, int], part: dict[str, int]) -> None:
    """The entries of two sets of files apart from each other, by folder: a folder both have
    is one entry of its parent, not two."""
    for folder, n in part.items():
        if folder in into:
            into[folder] += n
            if folder:  # its parent is in both too
                into[folder[: folder.rfind("/", 0, -1) + 1]] -= 1
        else:
            into[folder] = n


@dataclass(frozen=True)
class Link:
    """A file of the previous build, taken into this one as it is (see sitegen/outputs/graph.py)."""

    path: str | Path


@dataclass(frozen=True)
class Pieces:
    """A big file's bytes in pieces, written one after another rather than held whole."""

    parts: Iterator[bytes | memoryview]  # views of a file kept in memory too (the search index spliced)


class Output:
    def __init__(self, root: Path, live: bool = False, target: Path | None = None, fresh: bool = False):
        self.root = root
        self.target = target or root  # the folder this output becomes: where the previous build is
        self.live = live  # written where it is served (the preview): each file replaced in one step
        # made empty for this build (no spare): nothing in it to replace or remove, so no
        # unlink before each file and no walk of the whole tree at the end (a cold build)
        self.fresh = fresh
        self.count = 0
        self.seen: set[str] = set()  # every file of this build, written here or by a worker
        self._loose: set[str] = set()  # those of seen not added with their counts (add)
        self._counted: list[Counted] = []  # the counts added with the other files, group by group
        self._base = str(root)
        self._folders: set[str] = set()  # made already: a site has as many folders as pages
        self._all_folders: tuple[int, list[str], dict[str, int]] | None = None  # _tree(), by how many files
        self.stamps: dict[str, tuple[int, int, int]] = {}  # folders as pruned: size, time, inode
        # the folders this build wrote into, with those they are in ("" the root, "a/", ...):
        # the others are as a look ahead found them before the build (lookahead.Folders)
        self.touched: set[str] = {""}
        self.folders_ahead: Callable[[tuple[int, int]], Folders | None] | None = None  # asked by prune
        # the previous build (the live one), whose file is taken where a page is the same again
        self._previous = str(self.target) if self.target != root and os.path.isdir(self.target) else None

    def write(self, rel: str, data: str | bytes | Path | Link | Pieces) -> None:
        self.seen.add(rel)
        self._loose.add(rel)
        self.count += 1
        self.touch([rel])
        path = f"{self._base}/{rel}"  # strings, not Paths: this runs for every file of the site
        if self.live and isinstance(data, Link) and str(data.path) == path:
            return  # written over in place: the file is there already
        folder = path.rpartition("/")[0]
        self._make_folder(folder)
        if isinstance(data, str | bytes | Path) and not self.live:
            data = data.encode("utf-8") if isinstance(data, str) else data
            data = self._as_before(rel, data) or data
        if isinstance(data, Link):  # a hard link: the previous build is never changed
            if self.fresh and self._linked(data.path, path):
                return
            try:
                if os.stat(path).st_ino == os.stat(data.path).st_ino:
                    return  # the spare has it already
                self._clear(path)
            except (FileNotFoundError, NotADirectoryError):
                pass
            try:
                os.link(data.path, path)
            except OSError:
                shutil.copy2(data.path, path)
            return
        if self.live:  # a page being read sees the old file or the new, never half of one
            tmp = f"{folder}/.{os.path.basename(path)}.{os.getpid()}.tmp"
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)  # left by a preview stopped mid-write
            self._create(tmp, data)
            try:
                os.replace(tmp, path)
            except IsADirectoryError:  # a folder of the last build where this one has a file
                self._clear(path)
                os.replace(tmp, path)
            return
        if self.fresh:
            try:
                self._create(path, data)
                return
            except FileExistsError:  # written twice in one build: the last one counts, as below
                pass
        self._clear(path)  # the spare's file may be the live build's too: replaced, not written into
        self._create(path, data)

    def _as_before(self, rel: str, data: bytes | Path) -> Link | None:
        """The previous build's file at rel when it holds these very bytes (data, or the file
        data names: an asset, a PDF from the cache): taken as it is, so that a file made again
        the same (after a change to sitegen or the theme that changes no page, say) keeps its
        inode. Else every such build gave each page a new inode holding the same bytes, and
        each deploy after it compared every file of the site with the release's again
        (sitegen/workflow/deploy.py, known), for good; and the static files, copied anew by
        every build, were a new file in every release."""
        if self._previous is None:
            return None
        before = f"{self._previous}/{rel}"
        try:  # a regular file only: never read through a link, never held up by a pipe
            fd = os.open(before, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:  # none there, a link, or a folder
            return None
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return None
            if isinstance(data, Path):
                if st.st_size != data.stat().st_size:
                    return None
                with open(data, "rb") as src, open(fd, "rb", closefd=False) as old:
                    while (chunk := src.read(COPY_CHUNK)) == old.read(COPY_CHUNK):
                        if not chunk:
                            return Link(before)
                    return None
            if st.st_size != len(data):
                return None
            with open(fd, "rb", closefd=False) as old:
                return Link(before) if old.read() == data else None
        except OSError:
            return None
        finally:
            os.close(fd)

    def _make_folder(self, folder: str) -> None:
        if folder in self._folders:  # made once a build: a site has as many folders as pages
            return
        parent = folder.rpartition("/")[0]
        if len(parent) > len(self._base) and parent not in self._folders:
            self._make_folder(parent)
        # its parent is there: one mkdir, where makedirs looked at the parent first (a fresh
        # folder taking a big site's files from the last build makes all of its folders)
        try:
            os.mkdir(folder)
        except FileExistsError:
            if not os.path.isdir(folder):
                self._made_anyway(folder)
        except OSError:
            self._made_anyway(folder)
        self._folders.add(folder)

    def _made_anyway(self, folder: str) -> None:
        try:
            os.makedirs(folder, exist_ok=True)
        except (FileExistsError, NotADirectoryError):  # a file of the last build on the way
            if self.fresh:
                raise
            self._clear_way(folder)
            os.makedirs(folder, exist_ok=True)

    def _clear(self, path: str) -> None:
        """What the spare (or the preview's last build) has at path removed before this build
        makes a file there: a file unlinked, a folder (a page once made as a folder, now a
        file) removed whole. A folder holding a file this build wrote is its own conflict:
        said, not removed."""
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass
        except (IsADirectoryError, PermissionError):  # Linux says the one, other systems the other
            if not os.path.isdir(path) or os.path.islink(path):
                raise
            inside = f"{path[len(self._base) + 1 :]}/"
            if any(rel.startswith(inside) for rel in self.seen):
                raise
            shutil.rmtree(path)

    def _clear_way(self, folder: str) -> None:
        """The file of the last build where this one needs a folder (a page once a file, now a
        folder with its own files) removed: the first part of the way that is not a folder."""
        path = self._base
        for part in folder[len(self._base) + 1 :].split("/"):
            path = f"{path}/{part}"
            if os.path.islink(path) or (os.path.lexists(path) and not os.path.isdir(path)):
                if path[len(self._base) + 1 :] in self.seen:
                    raise FileExistsError(errno.EEXIST, "a file of this build where it needs a folder", path)
                os.unlink(path)
                return

    @staticmethod
    def _linked(source: str | Path, path: str) -> bool:
        try:
            os.link(source, path)
        except OSError:
            return False
        return True

    def beside(self) -> Output:
        """Another writer into the same folder, as this one writes (a worker's)."""
        return Output(self.root, self.live, self.target, self.fresh)

    @staticmethod
    def _create(path: str, data: str | bytes | Path | Pieces) -> None:
        if isinstance(data, Path):  # an asset (image, static file): copied as it is
            # into a new file only ("x"), as the rest: path may be a link to the live build's
            # file (taken as before earlier in this build), which copyfile would write into
            with open(data, "rb") as src, open(path, "xb") as dst:
                shutil.copyfileobj(src, dst, COPY_CHUNK)
        else:  # by the descriptor: a file object's buffers were a quarter of a small file's making
            parts: Iterable[bytes | memoryview] = (data.encode("utf-8"),) if isinstance(data, str) else ()
            if isinstance(data, Pieces):
                parts = data.parts
            elif not isinstance(data, str):  # bytes, or any other buffer an output returns (bytearray)
                parts = (memoryview(data),)
            fd = os.open(path, NEW_FILE, 0o666)  # as open(path, "x") makes it, under the umask
            try:
                for part in parts:
                    view = memoryview(part)
                    while view:  # a write may take less than it is given
                        view = view[os.write(fd, view) :]
            finally:
                os.close(fd)

    def link_unchanged(self, previous: str, files: list[str], stamps: list[Stamp]) -> bool:
        """Take files from the previous build as it wrote them: stamps are their (inode, size,
        time) as written (Stamp). A file the spare holds with its stamp is the very file (a hard
        link to it): one stat, nothing written, which is most of a big site's files on an edit.
        False when one of them is no longer as written (replaced by hand, or by another
        build), for the caller to make them again, over what was linked. Each file is linked
        first and looked at after: one stat a file, of the very file taken."""
        base = self._base
        for rel, stamp in zip(files, stamps, strict=True):
            self.seen.add(rel)
            self._loose.add(rel)
            self.count += 1
            path = f"{base}/{rel}"
            try:  # a folder made empty for this build (fresh) holds nothing to look at
                st = None if self.fresh else os.stat(path)
            except (FileNotFoundError, NotADirectoryError):  # the latter: a file of the spare on the way
                st = None
            if st is not None and (st.st_ino, st.st_size, st.st_mtime_ns) == stamp:
                continue
            source = f"{previous}/{rel}"
            self._make_folder(path.rpartition("/")[0])
            if st is not None:
                self._clear(path)
            try:
                os.link(source, path)
            except FileNotFoundError:  # not in the previous build
                return False
            except OSError:  # another file system, too many links, or a file there: a new file
                self._clear(path)  # never written into (it may be the previous build's too)
                try:
                    shutil.copy2(source, path)  # its times with it
                except OSError:  # gone since, or a folder
                    return False
            # the very file linked, as written? (a link is its own file here: never as written)
            linked = os.lstat(path)
            if (linked.st_size, linked.st_mtime_ns) != stamp[1:]:
                return False  # what was linked is written over by the caller's render
        return True

    def folders(self) -> list[str]:
        """Every folder of this build's files ("" for the root, then "a/", ...), sorted: once
        pruned, the output's folders (fingerprint.walk_folders without the walk, which was a
        large part of an edit's build on a large site; benchmarks/README.md)."""
        return self._tree()[0]

    def _tree(self) -> tuple[list[str], dict[str, int]]:
        """folders(), and how many entries (files and folders) this build has in each: asked
        by the prune and then by the build. Groups of files added with their count (add) are
        merged, not counted again: an edit's build takes most of the site's files so, and
        their count was a tenth of its time on a big site (benchmarks/README.md)."""
        if self._all_folders and self._all_folders[0] == len(self.seen):
            return self._all_folders[1], self._all_folders[2]
        groups = self._counted
        # the groups and the loose files are apart only if their sizes add up to the whole
        if groups and sum(g.files for g in groups) + len(self._loose) == len(self.seen):
            entries = counted(self._loose).entries
            for group in groups:
                merge_counts(entries, group.entries)
        else:
            entries = counted(self.seen).entries
        self._all_folders = (len(self.seen), sorted(entries), entries)
        return self._all_folders[1], entries

    def counted(self) -> Counted:
        """This writer's files, counted by folder: handed with them to the output they join
        (add), as a worker's are."""
        return Counted(len(self.seen), self._tree()[1])

    def add(self, files: list[str], written: bool = True, counts: Counted | None = None) -> None:
        """Files a worker wrote into this folder; written: False when none was written (each
        found as the last build wrote it, by a look ahead); counts: theirs by folder, when
        known (a council's, kept with its record)."""
        self.seen.update(files)
        # a count of other files (a record damaged or of another version): counted here
        if isinstance(counts, Counted) and counts.files == len(files) and isinstance(counts.entries, dict):
            self._counted.append(counts)
        else:
            self._loose.update(files)
        self.count += len(files)
        if written:
            self.touch(files)

    def touch(self, files: list[str]) -> None:
        """The folders of files (and the folders they are in) written into by this build."""
        touched = self.touched
        for rel in files:
            cut = rel.rfind("/")
            while cut > 0 and (folder := rel[: cut + 1]) not in touched:
                touched.add(folder)
                cut = rel.rfind("/", 0, cut)

    def prune(self, record: Path | None = None) -> None:
        """Remove what the spare had and this build did not write. record: where the folders'
        record is kept (FolderRecord): a folder it vouches for that holds as many entries as
        this build has there holds nothing else, and costs one stat; the others are listed.
        The folders as left are recorded for the build that will write over them next, and
        their stamps kept (stamps) for the build state's signature."""
        if self.fresh:
            return
        start = fs_clock(self._base)  # before any folder is looked at: see FolderRecord.vouches
        folders, expected = self._tree()
        records = Records(record, FolderRecord, FolderRecord.valid) if record else None
        root = tree_root(self._base)
        known = records.get(root) if records is not None else None
        # the folders as a look ahead found them, before the build: those it did not write into
        # are still so (each stat here was most of the prune on a big site)
        ahead = self.folders_ahead(root) if self.folders_ahead is not None else None
        looked, touched = (ahead.stats, self.touched) if ahead is not None else ({}, set())
        if ahead is not None:
            start = min(start, ahead.clock)
        now: dict[str, tuple[int, int]] = {}
        changed = []
        # FolderRecord.vouches, written out: most of a big site's folders pass it here, and a
        # call each was a good part of the loop
        recorded, settled = (known.folders, known.start - SETTLED_NS) if known is not None else ({}, 0)
        stamps, is_dir = self.stamps, stat.S_ISDIR
        for folder in folders:
            st = looked.get(folder) if folder not in touched else None
            if st is not None and st[1] < settled and is_dir(st[0]):
                entry = (st[1], expected[folder])
                if recorded.get(folder) == entry:  # untouched, as the look found it and the record has it
                    now[folder] = entry
                    stamps[folder] = (st[2], st[3], st[4])
                    continue
            try:  # stated now, before it is listed: what the look found may be a build old
                s = os.lstat(f"{self._base}/{folder}".rstrip("/"))  # a link as a link: no "/" after it
            except (FileNotFoundError, NotADirectoryError):  # removed beside this build
                continue
            st = folder_stat(s)
            vouched = known is not None and known.vouches(folder, s.st_ctime_ns, expected[folder])
            mode, ctime, size, mtime, inode = st
            if not stat.S_ISDIR(mode):  # a link where a folder was: never listed through
                continue  # (its parent, listed since it changed, removes it)
            count = expected[folder] if vouched else self._prune_folder(folder, expected)
            if count is None:
                changed.append(folder)
                continue
            now[folder] = (ctime, count)
            self.stamps[folder] = (size, mtime, inode)
        for folder in changed:  # not recorded: its time is this build's, listed again next time
            with contextlib.suppress(OSError):
                after = os.lstat(f"{self._base}/{folder}".rstrip("/"))
                self.stamps[folder] = (after.st_size, after.st_mtime_ns, after.st_ino)
        self.touched.update(changed)  # entries removed: for a look at the tree after (a release's)
        if records is not None:  # with the other tree's (the last other one kept)
            records.save(root, FolderRecord(start, now), [k for k in records.packed if k != root][-1:])

    def _open_folder(self, folder: str) -> int:
        """folder opened one part at a time from the output's root, none followed if a link:
        what it lists and removes is inside the output, whatever was made a link beside this
        build (a folder vouched for by an earlier look may be one now)."""
        fd = os.open(self._base, os.O_RDONLY | os.O_DIRECTORY)
        try:
            for part in folder.split("/")[:-1]:
                below = os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
                os.close(fd)
                fd = below
        except BaseException:
            os.close(fd)
            raise
        return fd

    def _prune_folder(self, folder: str, mine: dict[str, int]) -> int | None:
        """What folder holds and this build did not write, removed: how many entries it holds
        as listed, or None when it held others (its time is now another), or is gone or a
        link, or on the way through one (never listed: _open_folder)."""
        try:
            fd = self._open_folder(folder)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR, errno.ELOOP):  # removed, or made a link, beside this build
                return None
            raise  # unreadable, out of descriptors: said, not passed over (its stale files would be published)
        try:
            with os.scandir(fd) as it:
                entries = list(it)
            seen = self.seen
            # the files this build wrote are most entries: passed over in one comprehension, and
            # only the rest (its folders, and what to remove) looked at one by one
            rest = [e for e in entries if folder + e.name not in seen]
            removed = 0
            for entry in rest:
                if entry.is_dir(follow_symlinks=False):
                    if f"{folder}{entry.name}/" in mine:
                        continue  # a folder of this build's, itself looked at in turn
                    shutil.rmtree(entry.name, dir_fd=fd)
                else:
                    os.unlink(entry.name, dir_fd=fd)
                removed += 1
        finally:
            os.close(fd)
        return None if removed else len(entries)


def fs_clock(folder: str) -> int:
    """Now, by the file system's clock (a file made in folder and its change time read), not
    this machine's: on a network file system the two may be seconds apart."""
    probe = f"{folder}/.sitegen-now.{os.getpid()}"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW  # never through what is there already
    try:
        fd = os.open(probe, flags, 0o600)
    except FileExistsError:  # left by a process of this number that was killed: removed, made anew
        os.unlink(probe)
        fd = os.open(probe, flags, 0o600)
    try:
        return os.fstat(fd).st_ctime_ns
    finally:
        os.close(fd)
        os.unlink(probe)


@dataclass(frozen=True)
class FolderRecord:
    """What an output's folders held when its build pruned it: each folder's change time
    (ctime) and number of entries, with when the look began (start). Adding, removing or
    renaming an entry changes its folder's ctime, and so does anything that sets its times
    back (a copy that keeps times, `cp -a` or `rsync -a`, merged over it): a folder whose
    ctime is still the recorded one holds what it held. The record is taken only for a ctime
    older than start by more than the clock's coarse tick (SETTLED_NS), so that a change
    just after the look cannot keep it. The build after next, written over this very tree
    (the spare), reads it: listing each of a big site's 28,000 folders was a sixth of an
    edit's build (benchmarks/README.md). The root is renamed by every build, so always
    listed. A file changed in place keeps its folder's times: link_unchanged sees it, by
    each file's stamp."""

    start: int  # ns, by the file system's clock (fs_clock)
    folders: dict[str, tuple[int, int]]  # folder → (change time in ns, entries)

    def vouches(self, folder: str, ctime: int, entries: int) -> bool:
        return self.folders.get(folder) == (ctime, entries) and ctime < self.start - SETTLED_NS

    def valid(self) -> bool:
        return isinstance(self.start, int) and isinstance(self.folders, dict)


FolderStat = tuple[int, int, int, int, int]  # a folder's mode, change time, size, modification time, inode


def folder_stat(st: os.stat_result) -> FolderStat:
    return st.st_mode, st.st_ctime_ns, st.st_size, st.st_mtime_ns, st.st_ino


@dataclass(frozen=True)
class Folders:
    """The folders of a tree as a look ahead found them (lookahead.folder_stats): valid for
    those the build has not written into since (Output.touched), in the very tree looked at."""

    root: tuple[int, int]  # the tree's device and inode
    clock: int  # ns, by the file system's clock, before the first folder was looked at
    stats: dict[str, FolderStat]


def tree_root(folder: str | Path) -> tuple[int, int]:
    """A tree's key: its root folder's device and inode (a build's output is one of two trees
    in turn, a release one of a few: each renamed, never made again, while it is kept)."""
    st = os.stat(folder)
    return st.st_dev, st.st_ino


class Records(Generic[R]):
    """Records kept by tree (tree_root) in one cache file, each pickled apart: a build unpickles
    only the one of the tree it looks at and keeps the others' bytes as they are (a big site's
    record of folders holds 27,000 of them, and the file one for each of the output's two
    trees, which every edit's build read and wrote whole). Of kind, and accepted by valid
    (another version of sitegen may have kept another shape); none when unreadable."""

    def __init__(self, path: Path, kind: type[R], valid: Callable[[R], object]):
        kept = cachefiles.load(path)
        self.path, self.kind, self.valid = path, kind, valid
        self.packed = {k: v for k, v in kept.items() if isinstance(v, bytes)} if isinstance(kept, dict) else {}

    def get(self, root: tuple[int, int]) -> R | None:
        with contextlib.suppress(Exception):  # unreadable, a field missing or of another type
            record = pickle.loads(self.packed[root])
            if isinstance(record, self.kind) and self.valid(record):
                return record
        return None

    def save(self, root: tuple[int, int], record: R, others: Iterable[tuple[int, int]]) -> None:
        """This tree's record, with those of the others named as they were, written whole."""
        kept = {k: self.packed[k] for k in others if k in self.packed and k != root}
        cachefiles.dump(self.path, {**kept, root: pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)})


@contextmanager
def in_place(target: Path, before: set[str]) -> Iterator[Output]:
    """Written over the folder as it is served, for the live preview: only what changed is
    written (each file replaced in one step), and of the files the last build wrote
    (before), those this one did not are removed. A build that fails part-way leaves a
    mix of the two, which the preview shows under its problems until the next one."""
    output = Output(target, live=True)
    output.write(MARK, _mark(target))
    yield output
    base = str(target)
    for rel in sorted(before - output.seen, reverse=True):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{base}/{rel}")
        folder = os.path.dirname(f"{base}/{rel}")
        while folder != base and os.path.isdir(folder) and not os.listdir(folder):
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def _mark(target: Path) -> bytes | Link:
    """The output's mark: the previous build's file where it has one, so that the mark never
    counts as a changed file."""
    return Link(target / MARK) if (target / MARK).is_file() else b""


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, bytes(a), at_fdcwd, bytes(b), rename_exchange) == 0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def discard(folder: Path) -> None:
    """Remove a previous build without waiting for it: moved aside (one rename) and deleted
    by a detached `rm`, since unlinking a big site's files takes as long as linking them.
    What a deleter that died left is handed to another by the next build's tidy()."""
    trash = folder.parent / TRASH
    trash.mkdir(exist_ok=True)
    moved = trash / folder.name
    os.rename(folder, moved)
    discard_moved(moved)


def discard_moved(moved: Path) -> None:
    try:
        subprocess.Popen(
            ["rm", "-rf", "--", str(moved)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # outlives the build, and a Ctrl+C of the terminal
        )
    except OSError:
        shutil.rmtree(moved, ignore_errors=True)


def spare_of(target: Path) -> Path:
    return target.parent / f".sitegen-spare-{target.name}"


def tidy(target: Path) -> None:
    """What a killed build left beside the target: its staging folder, which becomes the
    spare, or (killed between the two renames where they cannot be one step) the previous
    build, which goes back."""
    spare = spare_of(target)
    for found in [spare, *target.parent.glob(f".build-{target.name}-*")]:
        if found.is_symlink() or (os.path.lexists(found) and not found.is_dir()):
            found.unlink()  # not a folder a build made (one committed beside a CI output, say): never written through
    for leftover in target.parent.glob(f".build-{target.name}-*"):
        pid = leftover.name.removeprefix(f".build-{target.name}-").removesuffix("-old")
        if not pid.isdigit() or alive(int(pid)):
            continue
        if leftover.name.endswith("-old") and not target.exists():
            os.rename(leftover, target)
        elif not spare.exists():
            os.rename(leftover, spare)
        else:
            discard(leftover)
    trash = target.parent / TRASH
    for leftover in trash.iterdir() if trash.is_dir() else []:
        if leftover.name.startswith((f".build-{target.name}-", f".sitegen-spare-{target.name}")):
            discard_moved(leftover)


@contextmanager
def staged(target: Path, record: Path | None = None) -> Iterator[Output]:
    """The build's output, staged beside target and switched in when complete. record: the
    cache's file of the folders' records (Output.prune)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    tidy(target)
    stage = target.parent / f".build-{target.name}-{os.getpid()}"
    spare = spare_of(target)
    shutil.rmtree(stage, ignore_errors=True)
    try:
        os.rename(spare, stage)  # the build before the last, written over
        fresh = False
    except FileNotFoundError:
        stage.mkdir()
        fresh = True
    output = Output(stage, target=target, fresh=fresh)
    try:
        output.write(MARK, _mark(target))
        yield output
        output.prune(record)
    except BaseException as exc:
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            shutil.rmtree(stage, ignore_errors=True)  # the disk is full: give its space back now
        elif spare.exists():
            discard(stage)
        else:
            os.rename(stage, spare)  # what it wrote is of use to the next build
        raise
    if target.exists() and _exchange(stage, target):
        os.rename(stage, spare)  # the previous build: the next build's spare
        return
    if not target.exists():
        os.rename(stage, target)
        return
    old = target.parent / f".build-{target.name}-{os.getpid()}-old"
    os.rename(target, old)
    os.rename(stage, target)
    if spare.exists():
        discard(old)
    else:
        os.rename(old, spare)
