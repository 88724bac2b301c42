"""Councils as last loaded and checked, kept in the build cache between processes.

CI builds each push in a fresh process with the cache kept (issue 23): the
parse cache (parsecache.py) spares it parsing unchanged files, but reading,
unpickling and checking every entry of a big site one by one was still most
of an edit's build. Nothing in a council refers to another council, so a
council whose files are byte for byte as they were, loaded under the same
config by the same sitegen, is the same entry with the same notes: it is
kept whole, one pickle per council, and taken in one read. The live preview
keeps the same in memory (loader.Kept); this is its counterpart on disk.

A council is known by every file and folder under its folder, by their bytes
(a fresh checkout gives every file a new time, so times cannot say that a file
is unchanged, only that it may be: a file's digest is taken again unless its
inode, size and times are as when it was last taken; nothing is skipped, so a
picture anywhere in it is checked again when it changes), the
files outside it that its checks read (a picture in a shared folder), its
place as messages show it, the config's digest without its vocabularies (kept
beside it as the sets it was checked against: see CouncilCache.get), the
messages' language, and sitegen's content code with the libraries it validates
by. Paths are kept relative to the content folder, so a checkout elsewhere (the git hook's, a new
one each push) takes the same councils. Only councils without errors are
kept: one with an error is loaded again until it is fixed, and the build stops
anyway.

A council's programmes and articles (most of its objects) are pickled apart
from the rest of it, with their digests beside them: taken from the cache,
they are unpickled only when one of them is read (entries.KeptApart), and the
dependency graph compares the pages' records against the digests. An edit's
build reads none of the untouched councils' (benchmarks/README.md); their bytes
are held until the build ends.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import os
import pickle
import stat
import sys
import time
import zlib
from pathlib import Path, PurePath
from typing import Any

import pydantic
import yaml

from sitegen.content.entries import ArticleEntry, CouncilEntry, ProgrammeEntry, Source
from sitegen.content.packed import body_digest
from sitegen.engine.cachefiles import collection_paused
from sitegen.engine.fingerprint import installed_version
from sitegen.engine.git import Status
from sitegen.engine.recording import Lazy
from sitegen.messages import language
from sitegen.problems import Problem

PACKAGE = Path(__file__).resolve().parents[1]  # sitegen/
# What a council's load depends on besides its files: a change to any of these loads it again.
CODE = tuple(
    sorted(
        [
            *(p.relative_to(PACKAGE).as_posix() for p in (PACKAGE / "content").rglob("*.py")),
            "messages.py",
            "messages_en.py",
            "problems.py",
        ]
    )
)
LIBRARIES = f"python {sys.version} pydantic {pydantic.VERSION} pyyaml {yaml.__version__}"
# its parser finds the links refused (imported only when a text may hold one: links.py)
LIBRARIES += f" markdown-it {installed_version('markdown_it', 'markdown-it-py')}"


def file_digest(path: str) -> str:
    """The file's bytes, hashed in chunks ("" when it cannot be read, or is not a regular file:
    a link, or a pipe put there after the build's walk, which a plain open would wait on forever)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return ""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a folder, a pipe, a device
            return ""
        with open(fd, "rb", closefd=False) as f:
            return hashlib.file_digest(f, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except OSError:
        return ""
    finally:
        os.close(fd)


# A file's digest is taken again unless its stat (inode, size, times) is as when it was taken
# and that was after its last change by more than this: a file written in the same tick as
# it was hashed keeps its times (git's "racy" entries), so such digests are not kept.
SETTLED_NS = 2_000_000_000
# relative path → (inode, size, mtime, ctime, digest, the blob git had for it then or "")
Stamps = dict[str, tuple[int, int, int, int, str, str]]


def _listed(folder: str) -> list[tuple[str, os.DirEntry]]:
    """Every folder and file under folder (relative path, a folder's with a final "/"), in order."""
    found: list[tuple[str, os.DirEntry]] = []
    stack = [(folder, "")]
    while stack:
        here, prefix = stack.pop()
        with os.scandir(here) as it:
            for e in it:
                if e.is_dir(follow_symlinks=False):
                    found.append((f"{prefix}{e.name}/", e))
                    stack.append((e.path, f"{prefix}{e.name}/"))
                else:
                    found.append((f"{prefix}{e.name}", e))
    return sorted(found, key=lambda f: f[0])


def _digests(
    entries: list[tuple[str, os.DirEntry]], known: Stamps, now: Stamps, git: Status | None = None, prefix: str = ""
) -> list[tuple[str, str]]:
    """Each entry: (relative path, "" for a folder or the file's digest). known: the digests of
    files whose stat is unchanged since, or whose blob git says is unchanged since (a fresh
    clone, as every CI job and deploy makes, gives every file a new stat: each was read and
    hashed again); now: filled with these. git: the content's status (its blobs by path
    under the content folder, prefix + the entry's path), asked before these stats."""
    found: list[tuple[str, str]] = []
    settled = time.time_ns() - SETTLED_NS
    blobs, since = (git.blobs, git.since) if git is not None else ({}, 0)
    for rel, e in entries:
        if rel[-1] == "/":
            found.append((rel, ""))
            continue
        st = e.stat(follow_symlinks=False)
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        # as committed, and not changed since git looked: that blob as checked out (and of the
        # same size: a conversion .gitattributes asks for, eol or encoding, changes it)
        blob = blobs.get(f"{prefix}{rel}", "") if max(st.st_mtime_ns, st.st_ctime_ns) < since else ""
        last = known.get(rel)
        kept = isinstance(last, tuple) and len(last) == 6
        if kept and last and (last[:4] == stamp or (blob and last[5] == blob and last[1] == st.st_size)):
            digest = last[4]
        else:
            digest = file_digest(e.path)
        # a link's stat says nothing of its target (links are refused by the checks)
        if stat.S_ISREG(st.st_mode) and max(st.st_mtime_ns, st.st_ctime_ns) < settled:
            now[rel] = (*stamp, digest, blob)
        elif blob and stat.S_ISREG(st.st_mode) and _stat_of(e.path) == stamp:
            # checked out just now (a deploy's clone): kept for its blob only, as its times may
            # be shared by an edit in the same tick; read as its stat still says
            now[rel] = (0, st.st_size, 0, 0, digest, blob)
        found.append((rel, digest))
    return found


def _stat_of(path: str) -> tuple[int, int, int, int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


class _SourcePath(str):
    """A Source's path relative to the content folder, on its way into the pickle: unpickled
    as its text, which Source makes a Path when asked for (no call per Source unpickled)."""


class _Entangled(Exception):
    """A council's part above its programmes and articles refers to one of them."""


class _Pickler(pickle.Pickler):
    """Paths under the content folder kept relative to it (see the module's docstring); a
    Source's path marked as such, for the unpickler to leave as text (entries.Source).
    named: objects pickled as a name (by id) that the unpickler gives back (put, _Held);
    refused: types that may not be met, and then each named object may be met only once
    (raising _Entangled: entries refer to what is below them only through their lists)."""

    def __init__(
        self, file: Any, root: str, named: dict[int, tuple[str, int]] | None = None, refused: tuple[type, ...] = ()
    ):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.root = f"{root}/"
        self.named = named or {}
        self.refused = refused
        self.met: set[int] = set()

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Source and (text := str(obj.path)).startswith(self.root):
            state = {k: v for k, v in obj.__dict__.items() if k != "path"}
            state["_path_text"] = _SourcePath(text[len(self.root) :])
            return copyreg.__newobj__, (Source,), state  # type: ignore[attr-defined]
        return NotImplemented

    # persistent ids: "s" or "p" (a Source's path, left as text, or another path) and the
    # path relative to the content folder; one string, not a tuple, for each of thousands
    def persistent_id(self, obj: Any) -> str | tuple[str, int] | None:
        if type(obj) is _SourcePath:
            return f"s{obj}"
        if isinstance(obj, PurePath) and str(obj).startswith(self.root):
            return f"p{str(obj)[len(self.root) :]}"
        if self.named and (name := self.named.get(id(obj))) is not None:
            if self.refused:  # a list kept apart has one place: a second would unpickle as a stray
                if id(obj) in self.met:
                    raise _Entangled
                self.met.add(id(obj))
            return name
        if type(obj) in self.refused:
            raise _Entangled
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: Any, root: str, above: list[Any] | None = None):
        super().__init__(file)
        self.root = root
        self.above = above

    def persistent_load(self, pid: Any) -> Any:
        if type(pid) is str and pid[:1] == "s":
            return f"{self.root}/{pid[1:]}"
        if type(pid) is str and pid[:1] == "p":
            return Path(f"{self.root}/{pid[1:]}")
        if type(pid) is tuple and len(pid) == 2 and type(pid[1]) is int:
            if pid[0] == "k" and self.above is not None:  # an entry above, already unpickled
                return self.above[pid[1]]
            if pid[0] == "l":  # a list kept apart: its place, until _Held puts it there
                return _Apart(pid[1])
        raise pickle.UnpicklingError("not a persistent id of the council cache")


def _texts(*values: Any) -> bool:
    return all(type(v) is str for v in values)


def _frame(council: CouncilEntry) -> tuple[list[Any], list[tuple[Any, str]]]:
    """The council's entries above its programmes and articles, in one order, and the places
    of its lists of programmes and articles (an entry and its field)."""
    above: list[Any] = [council, *council.plans]
    places: list[tuple[Any, str]] = [(plan, "programmes") for plan in council.plans]
    for pub in council.publications:
        above.append(pub)
        for edition in pub.editions:
            above.append(edition)
            places.append((edition, "articles"))
    return above, places


class _Apart:
    """Where a list kept apart goes, as the council's first pickle holds it."""

    __slots__ = ("index",)

    def __init__(self, index: int):
        self.index = index


class _Held(Lazy):
    """A council's programmes and articles, pickled apart from the rest of it (CouncilCache.put)
    and unpickled when one of the lists is first read (entries.KeptApart): each put in its
    place, referring to the very entries above them. digests: theirs by source (data, body),
    which the build's dependency graph asks for without reading them (entries.held_digests)."""

    __slots__ = ("above", "data", "digests", "lengths", "places", "root")

    def __init__(
        self,
        data: bytes,
        root: str,
        above: list[Any],
        places: list[tuple[Any, str]],
        digests: dict[str, tuple[str, str]],
        lengths: list[int],
    ):
        self.data, self.root, self.above, self.places, self.digests = data, root, above, places, digests
        self.lengths = lengths  # of each place's list: counted without unpickling them (build-info, shards)

    def length(self, owner: Any, name: str) -> int | None:
        for (entry, field), n in zip(self.places, self.lengths, strict=True):
            if entry is owner and field == name:
                return n
        return None

    def open(self) -> None:
        with collection_paused():
            lists = _Unpickler(io.BytesIO(self.data), self.root, self.above).load()
        for (entry, name), value in zip(self.places, lists, strict=True):
            entry.__dict__[name] = value


Words = dict[str, frozenset[str]]  # the vocabularies, by name, as sets


class CouncilCache:
    def __init__(self, folder: Path, root: Path):
        self.folder = folder
        self.stamps = folder.with_name("file-stamps")  # beside it: its files' digests by their stat (_digests)
        self.root = str(root)  # the content folder as the loader names it (its Paths start so)
        h = hashlib.blake2b(LIBRARIES.encode(), digest_size=16)
        for name in CODE:
            h.update(name.encode() + b"\0" + (PACKAGE / name).read_bytes())
        self.code = h.hexdigest()

    def key(
        self,
        council: Path,
        shown: str,
        config_digest: str,
        listed: list[tuple[str, os.DirEntry]] | None = None,
        git: Status | None = None,
    ) -> str:
        """Everything under the council's folder by its bytes, with what else its load depends
        on. listed: what is under it, as the build's walk of the content found it (Tree);
        git: the content folder's status, asked before (_digests)."""
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{self.code}\0{language()}\0{config_digest}\0{shown}\0".encode())
        stamps = self.stamps / f"{council.name}.pickle"
        try:
            known = pickle.loads(stamps.read_bytes())
        except Exception:  # none yet, or damaged: every file hashed
            known = {}
        if not isinstance(known, dict):
            known = {}
        now: Stamps = {}
        entries = _listed(str(council)) if listed is None else listed
        for rel, digest in _digests(entries, known, now, git, f"councils/{council.name}/"):
            h.update(f"{rel}\0{digest}\0".encode())
        if now != known:
            stamps.parent.mkdir(parents=True, exist_ok=True)
            tmp = stamps.with_name(f".{stamps.name}.{os.getpid()}.tmp")
            tmp.write_bytes(pickle.dumps(now, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(tmp, stamps)
        return h.hexdigest()

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.pickle"

    def get(self, name: str, key: str, words: Words) -> tuple[Any, list[Problem]] | None:
        """The council kept under key and its notes; None when there is none, it cannot be read
        (damaged, another version's), it was kept under another key, a file outside it that
        it read has changed, or it was checked against other vocabularies (words) than these
        and either had notes or used a word these do not have. A vocabulary's words are only
        checked against (no page and no loaded value depends on them), and a council is kept
        only without errors: with no note, it used none of the words taken out, and a word
        added cannot make it wrong. A note may say a word is unknown: checked again."""
        try:
            with self._path(name).open("rb") as f, collection_paused():
                stored = _Unpickler(f, self.root).load()
            kept, council, notes, outside, checked, apart, check, digests, lengths = stored
            if kept != key or not isinstance(notes, list) or not isinstance(outside, dict):
                return None
            if not isinstance(checked, dict) or set(checked) != set(words):
                return None
            if checked != words and (notes or any(not checked[k] <= words[k] for k in words)):
                return None
            if any(file_digest(f"{self.root}/{rel}") != digest for rel, digest in outside.items()):
                return None
            if apart is not None:  # its programmes and articles: their bytes checked now, unpickled when read
                if not isinstance(apart, bytes) or zlib.crc32(apart) != check or not isinstance(digests, dict):
                    return None
                if not all(type(d) is tuple and len(d) == 2 and _texts(*d) for d in digests.values()):
                    return None
                above, places = _frame(council)
                if type(lengths) is not list or len(lengths) != len(places):
                    return None
                if not all(type(n) is int and n >= 0 for n in lengths):
                    return None
                held = _Held(apart, self.root, above, places, digests, lengths)
                for n, (entry, field) in enumerate(places):
                    if not isinstance(there := entry.__dict__.get(field), _Apart) or there.index != n:
                        return None
                    entry.__dict__[field] = held
        except Exception:  # a cache entry is disposable: anything wrong with it, and it is made again
            return None
        return council, notes

    def put(self, name: str, key: str, council: Any, notes: list[Problem], outside: set[str], words: Words) -> None:
        """Kept whole or not at all (a temporary file renamed). outside: absolute paths of files
        under the content folder; words: the vocabularies it was checked against."""
        prefix = f"{Path(self.root).resolve()}/"  # as check_file records them, resolved
        relative = {p[len(prefix) :]: file_digest(p) for p in sorted(outside) if p.startswith(prefix)}
        if len(relative) != len(outside):
            return  # it read a file outside the content folder (refused, so never here): not kept
        path = self._path(name)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        # its programmes and articles apart from the rest (each entry above them named by its
        # place), so that a build that reads no one of them unpickles none (entries.KeptApart)
        above, places = _frame(council)
        lists = [getattr(entry, field) for entry, field in places]
        apart = io.BytesIO()
        _Pickler(apart, self.root, {id(e): ("k", n) for n, e in enumerate(above)}).dump(lists)
        named = {id(items): ("l", n) for n, items in enumerate(lists)}
        refused = (ProgrammeEntry, ArticleEntry)
        digests = {e.source.shown: (e.source.digest, body_digest(e)) for items in lists for e in items}
        try:
            with tmp.open("wb") as f:
                data = apart.getvalue()
                lengths = [len(items) for items in lists]
                _Pickler(f, self.root, named, refused).dump(
                    (key, council, notes, relative, words, data, zlib.crc32(data), digests, lengths)
                )
        except _Entangled:  # something above them refers to one of them: kept in one piece
            with tmp.open("wb") as f:
                _Pickler(f, self.root).dump((key, council, notes, relative, words, None, 0, None, None))
        os.replace(tmp, path)
