"""Entries' data and bodies kept packed while no output needs them.

A national site holds tens of thousands of programmes and articles. Their
validated models and Markdown, as Python objects, were most of a loaded
site's memory (benchmarks/README.md, "Figures behind the code"), and every process forked
to render pages started with all of it. Packed, the data is its pickle (the
bytes the parse cache keeps anyway) and the body its UTF-8 compressed; an
entry's attribute opens it when read (sitegen/engine/recording.py) and it stays open
until close_all(), which the loader calls when it is done and the build after
each council's pages. So a renderer holds one council's entries open at a
time, and the site as a whole stays a few bytes an entry. What was opened is
kept per context (a ContextVar): a thread closes only what it opened.
"""

from __future__ import annotations

import pickle
import zlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any, TypeVar

from sitegen.content.model.types import Markdown
from sitegen.content.source import text_digest
from sitegen.engine.recording import Lazy

T = TypeVar("T")
_opened: ContextVar[list[Packed] | None] = ContextVar("opened", default=None)  # since the last close_all


def opened() -> list[Packed]:
    """What this context opened since the last close_all."""
    found = _opened.get()
    if found is None:
        found = []
        _opened.set(found)
    return found


class Packed(Lazy):
    __slots__ = ("blob", "digest", "kind", "value")

    def __init__(self, blob: bytes, kind: str, digest: str = ""):
        self.blob = blob
        self.kind = kind  # "data": a pickle; "body": compressed Markdown
        self.digest = digest  # of the body's text, so that comparing it opens nothing
        self.value: Any = None

    @classmethod
    def data(cls, blob: bytes) -> Packed:
        return cls(blob, "data")

    @classmethod
    def body(cls, text: str, digest: str) -> Packed:
        return cls(zlib.compress(text.encode("utf-8"), 1), "body", digest)

    def open(self) -> Any:
        if self.value is None:
            if self.kind == "data":
                self.value = pickle.loads(self.blob)
            else:
                self.value = Markdown(zlib.decompress(self.blob).decode("utf-8"))
            opened().append(self)
        return self.value

    def __reduce__(self) -> tuple[Any, ...]:  # sent between processes packed, never opened
        return Packed, (self.blob, self.kind, self.digest)


def pack(entry: Any, data: Packed, body: str) -> None:
    """Keep an entry's data (as its pickle) and Markdown body packed from now on."""
    entry.__dict__["data"] = data
    entry.__dict__["body"] = Packed.body(body, text_digest(body))


def body_digest(entry: Any) -> str:
    """The digest of an entry's body, packed or not, without opening it."""
    value = entry.__dict__["body"]
    return value.digest if isinstance(value, Packed) else text_digest(value)


def one_by_one(items: Iterable[T]) -> Iterator[T]:
    """items, closing what each opened before the next: for outputs that read the whole site
    (the search page's list of plans), which would otherwise hold every entry open at once."""
    for item in items:
        yield item
        close_all()


def close_all() -> None:
    """Drop what was opened: the next read opens it again."""
    found = opened()
    for packed in found:
        packed.value = None
    found.clear()
