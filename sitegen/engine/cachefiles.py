"""The build cache's pickle files, read once per process while they are unchanged.

The live preview builds again and again in one process; unpickling every
page's record and every parsed file each time cost more than the work they
save. Only the preview keeps them (keep()): a build reads each once. A file
is known by its inode, size and modification time, so one that another
process replaced is read again. What is read is shared: callers only read it.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

_KNOWN: dict[str, tuple[tuple[int, int, int], Any]] = {}
_keeping = False  # only a long-lived process gains: a build would keep every file it read till it ends


def keep() -> None:
    """Keep what is read and written from now on (sitegen serve)."""
    global _keeping
    _keeping = True


def _stamp(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return st.st_ino, st.st_size, st.st_mtime_ns


def load(path: Path) -> Any | None:
    """The file's object; None when there is none or it cannot be read (another version of
    sitegen wrote it, say): the caller starts afresh."""
    try:
        stamp = _stamp(path)
        known = _KNOWN.get(str(path))
        if known and known[0] == stamp:
            return known[1]
        with path.open("rb") as f:
            value = pickle.load(f)
    except Exception:
        return None
    if _keeping:
        _KNOWN[str(path)] = (stamp, value)
    return value


def dump(path: Path, value: Any) -> None:
    """Write whole or not at all (a temporary file renamed), whatever else builds beside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("wb") as f:
        pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    if _keeping:
        _KNOWN[str(path)] = (_stamp(path), value)
