"""Parsed files kept between builds, so the loader parses only the files that changed.

Parsing a programme's front matter (YAML with every value's position) and
validating it into the model is most of the loader's time. The result depends
only on the text, the file's place (messages name it) and the context the
model is validated in (the plan's year), and on sitegen's own parsing code;
so it is kept in the build cache under a hash of those; only parses without
problems are kept, so a file with one is parsed again until it is fixed. The
checks that look at other files (teams, vocabularies, links between files,
images) still run on every load.

Entries are kept in one file per content folder (a plan's programmes/, an
edition's articles/), so an edit rewrites one small file. Each load keeps only
the entries it used: renamed or deleted files do not pile up.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Any

import pydantic
import yaml

from sitegen.content.source import Positions
from sitegen.engine import cachefiles

PACKAGE = Path(__file__).resolve().parents[1]  # sitegen/
# What a parse (with its link check) depends on besides its input: a change to any
# of these parses again; so does a change of this file's own format.
CODE = [
    *(f"content/{n}.py" for n in ("source", "validate", "loader", "links", "parsecache")),
    *sorted(f"content/model/{p.name}" for p in (PACKAGE / "content/model").glob("*.py")),
]

Parsed = tuple[bytes, bytes, str]  # pickled model data, pickled positions, digest (only parses without problems kept)


class StoredPositions(Positions):
    """A file's positions kept pickled until a message needs one: most files never do,
    and unpickling every file's thousands of positions was most of a warm load."""

    def __init__(self, blob: bytes):
        super().__init__()
        self.blob = blob
        self.loaded = False

    def at(self, path: Any, key: bool = False) -> tuple[int, int]:
        if not self.loaded:
            real: Positions = pickle.loads(self.blob)
            self.values, self.keys, self.loaded = real.values, real.keys, True
        return super().at(path, key)


def stored(positions: Positions) -> bytes:
    return pickle.dumps(positions, protocol=pickle.HIGHEST_PROTOCOL)


class ParseCache:
    def __init__(self, folder: Path, memo: cachefiles.Memo | None = None):
        self.folder = folder
        self.memo = memo  # the preview's: shards stay in memory between loads
        h = hashlib.blake2b(f"pydantic {pydantic.VERSION} pyyaml {yaml.__version__}".encode(), digest_size=16)
        for name in CODE:
            h.update(name.encode() + b"\0" + (PACKAGE / name).read_bytes())
        self.code = h.hexdigest()
        self.shards: dict[Path, dict[str, Parsed]] = {}  # by content folder: as read
        self.used: dict[Path, dict[str, Parsed]] = {}  # by content folder: what this load used

    def filled(self) -> bool:
        """Whether earlier loads by this very code left entries here (after an upgrade of
        sitegen every entry is stale, and the loader had better parse side by side)."""
        try:
            return (self.folder / "code").read_text(encoding="ascii") == self.code
        except (OSError, ValueError):
            return False

    def key(self, kind: str, shown: str, text: str, context: dict[str, Any]) -> str:
        h = hashlib.blake2b(digest_size=16)
        h.update(f"{self.code}\0{kind}\0{shown}\0{context!r}\0".encode())
        h.update(text.encode("utf-8"))
        return h.hexdigest()

    def _shard(self, folder: Path) -> Path:
        return self.folder / f"{hashlib.blake2b(str(folder).encode(), digest_size=12).hexdigest()}.pickle"

    def get(self, folder: Path, key: str) -> Parsed | None:
        if folder not in self.shards:
            self.shards[folder] = cachefiles.load(self._shard(folder), self.memo) or {}
        found = self.shards[folder].get(key)
        if found is not None:
            self.used.setdefault(folder, {})[key] = found
        return found

    def put(self, folder: Path, key: str, parsed: Parsed) -> None:
        self.used.setdefault(folder, {})[key] = parsed

    def save(self) -> None:
        """Write the folders whose entries differ from what was read."""
        for folder, entries in self.used.items():
            if entries.keys() == self.shards.get(folder, {}).keys():
                continue
            cachefiles.dump(self._shard(folder), entries, self.memo)
        if self.used and not self.filled():
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / "code").write_text(self.code, encoding="ascii")
