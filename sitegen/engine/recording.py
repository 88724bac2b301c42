"""Recording what an output reads while it is made.

The build's dependency graph (sitegen/outputs/graph.py) needs to know, for every
page, which parts of the sources it was made from. Rather than each renderer
declaring them (and forgetting one), the reads are observed: an entry's
`data` and `body` attributes note their file when read, the theme's Jinja
environment notes each template it loads, and a renderer notes the linked
file sizes and copied images it uses. Outside `recording()` nothing is noted.

What is being recorded is the caller's context (a ContextVar), not the
process's: the preview's build thread and a check beside it never see each
other's reads, and a forked worker starts with its parent's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

Read = tuple[str, str]  # (kind, name): ("data", "content/…/plan.yaml"), ("template", "plan.html") …

_seen: ContextVar[set[Read] | None] = ContextVar("recording", default=None)


def read(kind: str, name: str) -> None:
    seen = _seen.get()
    if seen is not None:
        seen.add((kind, name))


@contextmanager
def recording() -> Iterator[set[Read]]:
    """Everything read inside the block; blocks do not nest (one output is made at a time)."""
    seen: set[Read] = set()
    token = _seen.set(seen)
    try:
        yield seen
    finally:
        _seen.reset(token)


class Lazy:
    """A value kept in another form until read (content/packed.Packed): reading it opens it."""

    __slots__ = ()  # a site holds one per entry field: no dict each

    def open(self) -> Any:
        raise NotImplementedError

    def length(self, owner: Any, name: str) -> int | None:
        """The length of the list it holds for owner's field name, when known without opening."""
        return None


class Recorded:
    """An entry's attribute that notes its source file when read: the entry's `data` (what
    the file's YAML says) or `body` (its Markdown), compared separately, so a change of
    wording re-renders the pages that show the wording and not those that show the title."""

    def __init__(self, part: str):
        self.part = part
        self.name = part

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, obj: Any, owner: type | None = None) -> Any:
        if obj is None:
            return self
        seen = _seen.get()
        if seen is not None:
            seen.add((self.part, obj.__dict__["source"].shown))
        value = obj.__dict__[self.name]
        return value.open() if isinstance(value, Lazy) else value

    def __set__(self, obj: Any, value: Any) -> None:
        obj.__dict__[self.name] = value


T = TypeVar("T", bound=type)


def recorded(*names: str, **parts: str):
    """Make the named dataclass fields Recorded; put above @dataclass, which must see plain fields.
    parts: fields read as a part named otherwise (name="data": a digest of the entry's data)."""

    def wrap(cls: T) -> T:
        for name, part in [*((n, n) for n in names), *parts.items()]:
            field = Recorded(part)
            field.name = name
            setattr(cls, name, field)
        return cls

    return wrap
