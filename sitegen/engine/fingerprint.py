"""The build state: what the last successful build into a folder was made from.

Before loading anything, a build fingerprints its inputs (every file under
content/, the themes, sitegen's own code, the options, SOURCE_DATE_EPOCH and
the content's git commit) and the output folder as that build left it. When
both match the state recorded in the cache, the output is already what this
build would write, and nothing is done: a rebuild with nothing changed costs
a stat of the sources and of the output's folders, not reading or rendering
them (Lektor keeps such a build state for the same reason; git's index looks
at files the same way).
"""

from __future__ import annotations

import bisect
import contextlib
import errno
import hashlib
import importlib.util
import json
import os
import stat
import time
from collections.abc import Mapping
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

from sitegen.engine.git import Status, _git, status

PACKAGE = Path(__file__).resolve().parents[1]  # sitegen/
PACKAGE_THEMES = PACKAGE.parent / "themes"  # the default theme; here, so a no-op build imports nothing heavy
SKIP_DIRS = {".git", "__pycache__", ".sitegen-cache"}
# what a push brings is looked at whole (a theme's static/__pycache__/x.css is published like
# any file): only git's own folder and a cache are passed over
PUSHED_SKIP = {".git", ".sitegen-cache"}


def walk(root: Path) -> list[tuple[str, os.DirEntry]]:
    """Every file under root as (path relative to it, its directory entry), in a fixed
    order. Strings and scandir, not Paths, and one sort at the end, not one per folder:
    this runs over every file of a big site on every build."""
    found: list[tuple[str, os.DirEntry]] = []
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    if e.name not in SKIP_DIRS:
                        stack.append((e.path, f"{prefix}{e.name}/"))
                elif e.is_file():
                    found.append((f"{prefix}{e.name}", e))
    found.sort(key=itemgetter(0))
    return found


class Tree:
    """Every file and folder under root as one walk found them, in order by relative path
    (a folder's with a final "/"), each with its os.DirEntry, which keeps the stat whoever
    asks first took. A build looked at every file of the content three times before it
    rendered anything (its no-op check, the loader's refusal of links and devices, each
    council's key in the cache: sitegen/content/councilcache.py); it walks once."""

    def __init__(self, root: Path):
        self.root = root
        found: list[tuple[str, os.DirEntry, bool]] = []  # (relative path, entry, under PUSHED_SKIP)
        stack = [(str(root), "", False)]
        while stack:
            folder, prefix, skipped = stack.pop()
            try:
                it = os.scandir(folder)
            except FileNotFoundError:  # removed since its folder was listed
                continue
            with it:
                for e in it:
                    if e.is_dir(follow_symlinks=False):
                        found.append((f"{prefix}{e.name}/", e, skipped))
                        stack.append((e.path, f"{prefix}{e.name}/", skipped or e.name in PUSHED_SKIP))
                    else:
                        found.append((f"{prefix}{e.name}", e, skipped))
        found.sort(key=itemgetter(0))
        self.entries = found
        self._names = [rel for rel, _, _ in found]

    def files(self) -> list[tuple[str, os.DirEntry]]:
        """Everything not a folder and not under PUSHED_SKIP: files, and links, pipes and devices
        (which the loader refuses: the fingerprint notes them by their own stat, unread)."""
        return [(rel, e) for rel, e, skipped in self.entries if not skipped and rel[-1] != "/"]

    def under(self, folder: str) -> list[tuple[str, os.DirEntry]]:
        """Everything below folder ("a/b/"), its paths relative to it, in order."""
        start = bisect.bisect_right(self._names, folder)  # past the folder's own entry
        end = bisect.bisect_left(self._names, f"{folder[:-1]}0")  # "0" follows "/": past the last below it
        return [(rel[len(folder) :], e) for rel, e, _ in self.entries[start:end]]


def walk_folders(root: Path) -> list[str]:
    """Every folder under root as its relative path ("" for root, then "a/", ...), in a fixed
    order; its files are not kept (at the end of a big build, 89,000 entries held at once
    were the top of its memory)."""
    found: list[str] = []
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        found.append(prefix)
        with os.scandir(folder) as it:
            dirs = [e for e in it if e.is_dir(follow_symlinks=False) and e.name not in SKIP_DIRS]
        stack += [(e.path, f"{prefix}{e.name}/") for e in dirs]
    found.sort()
    return found


def walk_files(root: Path) -> list[str]:
    """Every file under root as a path relative to it, in a fixed order."""
    return [rel for rel, _ in walk(root)]


# The libraries that make the pages and the schemas (their versions are in the base digest,
# sitegen/build.py): looked at by their files, found without importing them, so that an
# upgrade is a change to the no-op check too and a no-op build still imports nothing heavy.
RENDERING_PACKAGES = ("jinja2", "markupsafe", "markdown_it", "mdit_py_plugins", "pydantic", "pydantic_core", "yaml")


def installed_version(module: str, distribution: str) -> str:
    """distribution's version, as the name of its record beside module says it (pip's
    "name-version.dist-info"), without importing module: the Markdown parser's import alone
    was a share of an edit's build, which parses no Markdown with it (the native engine
    renders, the cache has the rest). Where there is no one such record (another installer's
    layout), the module's own __version__."""
    spec = importlib.util.find_spec(module)
    if spec is not None and spec.origin:
        folder = Path(spec.origin).parent.parent
        prefix = f"{distribution.replace('-', '_')}-".lower()
        with contextlib.suppress(OSError):
            names = [e.name for e in os.scandir(folder) if e.name.lower().startswith(prefix)]
            found = [n[len(prefix) : -len(".dist-info")] for n in names if n.endswith(".dist-info")]
            if len(found) == 1:
                return found[0]
    return str(getattr(importlib.import_module(module), "__version__", ""))


def library_folders() -> list[Path]:
    found = []
    for name in RENDERING_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found += [Path(p) for p in spec.submodule_search_locations]
    return found


def inputs(
    content: Path, themes: list[Path], options: dict[str, object], seen: Status | None = None, tree: Tree | None = None
) -> str:
    """What everything a build reads looks like: by name, size and modification time, not
    by reading it (git's index does the same), so that a rebuild with nothing changed
    reads no file. A file changed within the last RACY seconds is hashed as well: a
    second edit of the same size within the same tick of the file system's clock (a few
    milliseconds) would keep its size and time. What a push brings (content/ and the
    themes/ beside it, settings.theme_roots) is looked at without following a link: a link
    or a device there is noted by its own stat, never opened (the loader refuses it)."""
    roots = [content, *themes, PACKAGE, *library_folders()]
    pushed = (content, content.parent / "themes")
    return fingerprint(roots, options, git=content, by_stat=True, seen=seen, tree=tree, unfollowed=pushed)


RACY = 0.05  # seconds: above the kernel's coarse clock tick (1 to 10 ms)


def fingerprint(
    roots: list[Path],
    options: Mapping[str, object],
    git: Path | None = None,
    epoch: bool = True,
    by_stat: bool = False,
    seen: Status | None = None,
    tree: Tree | None = None,
    unfollowed: tuple[Path, ...] = (),
) -> str:
    """A hash of the files under roots (folders or single files), the options, SOURCE_DATE_EPOCH
    (unless epoch is False: web pages print no date of the build) and, for git, the last
    commit and uncommitted state of that folder. by_stat: files by name, size, time and
    inode rather than by their bytes (see inputs). seen: git's status of that folder, when
    the command has asked it already (git.Status); tree: one of roots as walked already;
    unfollowed: roots looked at without following a link (tree's is one), nothing under
    them opened but regular files."""
    h = hashlib.sha256()
    h.update(json.dumps(options, sort_keys=True, default=str).encode())
    if epoch:
        h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    if git:  # colophons name commits: a commit without a file change still changes the output
        h.update((_git(git, "log", "-1", "--format=%H", "--", ".") or "").encode())
        found = seen or status(git)
        h.update(repr(found.entries if found else None).encode())
    recent = time.time_ns() - int(RACY * 1e9)
    pushed = [os.path.abspath(f) for f in unfollowed]  # as written: a link on the way is not resolved
    for root in roots:
        files: list[tuple[str, os.DirEntry | None]]
        here = os.path.abspath(root)  # a root inside a pushed one (--theme themes/x) is pushed too
        top = next((p for p in pushed if os.path.commonpath([here, p]) == p), None)
        own = top is not None or (tree is not None and root == tree.root)
        if top is not None and (link := _link_on_the_way(here, top)):  # noted, not followed
            h.update(f"\0{link}\0{os.readlink(link)}".encode())  # (the loader refuses it)
            continue
        if root.is_file():
            files, base = [(root.name, None)], str(root.parent)
        elif tree is not None and root == tree.root:
            files, base = list(tree.files()), str(root)
        elif own:
            files, base = list(Tree(root).files() if root.is_dir() else []), str(root)
        else:
            files, base = list(walk(root) if root.is_dir() else []), str(root)
        for rel, entry in files:
            if rel.endswith(".pyc") and not own:  # sitegen's and the libraries' compiled code
                continue
            h.update(f"\0{rel}\0".encode())
            if by_stat:
                try:
                    st = entry.stat(follow_symlinks=not own) if entry else os.stat(f"{base}/{rel}")
                except FileNotFoundError:  # removed since it was listed: a change
                    h.update(b"\0gone")
                    continue
                h.update(f"{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}\0{st.st_mode}".encode())
                if st.st_mtime_ns < recent or not stat.S_ISREG(st.st_mode):
                    continue
            elif own and entry is not None and not entry.is_file(follow_symlinks=False):
                continue
            h.update(hashlib.sha256(_contents(f"{base}/{rel}", own)).digest())
    return h.hexdigest()


def _link_on_the_way(path: str, top: str) -> str | None:
    """The first link among path and the folders above it, up to top (as written, absolute)."""
    while True:
        if os.path.islink(path):
            return path
        if path == top or os.path.dirname(path) == path:
            return None
        path = os.path.dirname(path)


def _contents(path: str, plain: bool) -> bytes:
    """The file's bytes; plain: only a regular file's, opened without following a link or
    waiting on a pipe (one may have taken its place since it was looked at), else b"-"."""
    if not plain:
        with open(path, "rb") as f:
            return f.read()
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return b"-"
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return b"-"
        with open(fd, "rb", closefd=False) as f:
            return f.read()
    finally:
        os.close(fd)


def signature(
    root: Path, files: list[str], known: Mapping[str, tuple[int, int, int]] | None = None, inode: bool = False
) -> str:
    """Size and modification time (ns) of each of files (or folders) under root ('' when
    one is missing), and their inode if asked. Without: a copy of a build's output that
    keeps times (a CI's cache restored, which tar does to the nanosecond) is the output as
    written, and a file or folder the build replaces or changes gets a time of its own.

    Of the output's folders (BuildState), it stands for their files: a build never writes
    into a file (sitegen/engine/writer.py replaces it), and adding, removing, replacing or
    renaming a file changes its folder's time, so it sees every change a build or a
    deletion makes without a stat of each of a big site's files. (A file written into by
    hand, in place, is not seen; neither Make nor Lektor sees it.) known: (size, time,
    inode) of some of them, as the build's prune left them (Output.stamps), not asked again."""
    h = hashlib.sha256()
    base = str(root)
    known = known or {}
    for rel in files:
        if (stamp := known.get(rel)) is not None:
            size, mtime, ino = stamp
        else:
            try:
                st = os.stat(f"{base}/{rel}")
            except OSError:
                return ""
            size, mtime, ino = st.st_size, st.st_mtime_ns, st.st_ino
        h.update(f"{rel}\0{size}\0{mtime}\0{ino if inode else ''}\n".encode())
    return h.hexdigest()


def file_sha256(path: str | Path) -> bytes | None:
    """The file's SHA-256 (None when it is not a regular file or cannot be read), read once a
    process for each version of it, by its stat: the theme's fonts, megabytes each, are read
    by the site-wide pages' records, the e-books' and the font cutter's cache key, which read
    and hashed them three times in every build (benchmarks/README.md)."""
    try:
        st = os.stat(path)
        return _sha256(str(path), st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    except _Unsettled as read:
        return read.digest
    except OSError:  # unreadable now (not kept: asked again next time), or no regular file
        return None


class _Unsettled(Exception):
    """A file read whose version cannot be kept: changed within the clock's tick (RACY: a file
    rewritten at once with as many bytes may show the same times), or since its stat."""

    def __init__(self, digest: bytes):
        self.digest = digest


@lru_cache(maxsize=1024)
def _sha256(path: str, ino: int, size: int, mtime: int, ctime: int) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a pipe put in its place: never waited on
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", path)
        with open(fd, "rb", closefd=False) as f:
            digest = hashlib.file_digest(f, "sha256").digest()
    finally:
        os.close(fd)
    if (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns) != (ino, size, mtime, ctime):
        raise _Unsettled(digest)
    if max(mtime, ctime) >= time.time_ns() - int(RACY * 1e9):
        raise _Unsettled(digest)
    return digest


def state_path(cache: Path, out: Path, suffix: str) -> Path:
    """Where the cache keeps what it knows of the output folder out (by its resolved path)."""
    return cache / "state" / f"{hashlib.sha256(str(out.resolve()).encode()).hexdigest()[:16]}{suffix}"


class BuildState:
    def __init__(self, cache: Path, out: Path):
        self.path = state_path(cache, out, ".json")
        self.out = out
        self.known: dict = {}

    def unchanged(self, fingerprint: str) -> bool:
        try:
            self.known = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if self.known.get("inputs") != fingerprint or not self.out.is_dir():
            return False
        return self.known.get("outputs") == signature(self.out, self.known.get("folders", []))

    def record(
        self,
        fingerprint: str,
        files: int,
        folders: list[str] | None = None,
        stamps: Mapping[str, tuple[int, int, int]] | None = None,
    ) -> None:
        """folders: the output's, when the build knows them (else walked); stamps: of some of
        them, as the build left them (see signature)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        folders = walk_folders(self.out) if folders is None else folders
        state = {"inputs": fingerprint, "outputs": signature(self.out, folders, stamps), "files": files}
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({**state, "folders": folders}), encoding="utf-8")
        os.replace(tmp, self.path)

    def files(self) -> int:
        return int(self.known.get("files", 0))
