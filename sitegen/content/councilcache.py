"""Councils as last loaded and checked, kept in the build cache between processes.

CI builds each push in a fresh process with the cache kept (issue 23): the
parse cache (parsecache.py) spares it parsing unchanged files, but reading,
unpickling and checking every entry of a big site one by one was still most
of an edit's build. Nothing in a council refers to another council, so a
council whose files are byte for byte as they were, loaded under the same
site.yaml by the same sitegen, is the same entry with the same notes: it is
kept whole, one pickle per council, and taken in one read. The live preview
keeps the same in memory (loader.Kept); this is its counterpart on disk.

A council is known by the bytes of every file under its folder (a fresh
checkout gives every file a new time, so times cannot say), the files outside
it that its checks read (a picture in a shared folder), its path (messages and
entries name it), site.yaml's digest, the messages' language and sitegen's
content code. Only councils without errors are kept: one with an error is
loaded again until it is fixed, and the build stops anyway.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from sitegen.engine import cachefiles
from sitegen.engine.fingerprint import walk
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

# what is kept of a council: its key, the entry, its notes (never errors) and the files
# outside its folder that its checks read, each with the digest it had
Stored = tuple[str, Any, list[Problem], dict[str, str]]


def file_digest(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return hashlib.blake2b(f.read(), digest_size=16).hexdigest()
    except OSError:
        return ""


class CouncilCache:
    def __init__(self, folder: Path):
        self.folder = folder
        h = hashlib.blake2b(digest_size=16)
        for name in CODE:
            h.update(name.encode() + b"\0" + (PACKAGE / name).read_bytes())
        self.code = h.hexdigest()

    def key(self, council: Path, site_digest: str) -> str:
        """The council's files by their bytes, with everything else its load depends on."""
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{self.code}\0{language()}\0{site_digest}\0{council.resolve()}\0".encode())
        for rel, entry in walk(council):
            h.update(f"{rel}\0{file_digest(entry.path)}\0".encode())
        return h.hexdigest()

    def _path(self, name: str) -> Path:
        return self.folder / f"{name}.pickle"

    def get(self, name: str, key: str) -> tuple[Any, list[Problem], dict[str, str]] | None:
        """The council kept under key, its notes and outside reads; None when there is none,
        it was kept under another key, or a file outside it that it read has changed."""
        stored = cachefiles.load(self._path(name))
        if not isinstance(stored, tuple) or len(stored) != 4 or stored[0] != key:
            return None
        _, council, notes, outside = stored
        if any(file_digest(path) != digest for path, digest in outside.items()):
            return None
        return council, notes, outside

    def put(self, name: str, key: str, council: Any, notes: list[Problem], outside: set[str]) -> None:
        cachefiles.dump(self._path(name), (key, council, notes, {p: file_digest(p) for p in sorted(outside)}))
