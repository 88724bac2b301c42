"""The search index file (search/index.json): written whole, or spliced from the last build's.

The index holds the text of every page of the site, and joining every council's part and
writing it again was a large share of an edit's build (benchmarks/README.md, issue 23). Each part
(a council's pages, or a site-wide page) comes with a key, the digest of what it adds to
the file; the last build's file is kept with its layout (search.Layout: where each part's
documents and each bigram's entry lie). When this build's parts are the last build's but
for a few with as many documents as before, the file is the last one's bytes with those
parts' documents written again and, in each bigram they had or have, their run of
document numbers replaced: a part's numbers are consecutive and each entry's numbers are
in order, so the run is found by bisecting the entry's text. The result is the file
written whole, byte for byte (tests/test_engine.py); anything else is written whole.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate

from sitegen.outputs.web.search import PIECE, Layout, SearchIndex, doc_json

Bytes = bytes | memoryview


@dataclass
class Part:
    """One part of the index, in the site's order: its key (SearchIndex.digest), how many
    documents and which bigrams it has, and the part itself, read only when it is written."""

    key: str
    docs: int
    grams: tuple[str, ...]  # sorted
    index: Callable[[], SearchIndex]
    release: Callable[[], None] | None = None  # lets go of what index() reads, once written whole


def part_of(index: SearchIndex) -> Part:
    index.index()
    return Part(index.digest(), len(index.docs), tuple(sorted(index.postings)), lambda: index)


def layout_of(parts: list[Part], base: str) -> Layout:
    return Layout(base, [p.key for p in parts], [p.docs for p in parts], [p.grams for p in parts])


def whole(parts: list[Part], layout: Layout) -> Iterator[bytes]:
    """Every part joined and written, the layout filled in as it goes."""
    joined = SearchIndex()
    for part in parts:
        joined.join(part.index())  # each read, joined and let go in turn
        if part.release is not None:
            part.release()
    return joined.pieces(layout)


def changes(parts: list[Part], old: Layout, base: str) -> list[int] | None:
    """The parts that changed since the file laid out as old was written, when it can be spliced
    from that file: the same base, the same parts but for these, each with as many documents
    as before, and no more than half of them (splicing costs each changed part's bigrams;
    with most parts changed, writing whole costs less)."""
    if old.base != base or len(parts) != len(old.keys) or len(old.spans) != len(parts):
        return None
    if len(old.docs) != len(parts) or len(old.grams_of) != len(parts):
        return None
    changed = [i for i, part in enumerate(parts) if part.key != old.keys[i]]
    if any(parts[i].docs != old.docs[i] for i in changed) or len(changed) * 2 > len(parts):
        return None
    return changed


def spliced(
    parts: list[Part], old: Layout, data: bytes, base: str, changed: list[int]
) -> tuple[list[Bytes], Layout] | None:
    """The file for parts, from the last build's (data, laid out as old; changed: as changes()
    found them): its pieces, most of them views of data, and its layout; None when data is
    not as old describes it."""
    if len(old.starts) != len(old.grams) or len(old.ends) != len(old.grams):
        return None
    out = _Out(memoryview(data))
    layout = layout_of(parts, base)
    indexes = {i: parts[i].index() for i in changed}  # read once each
    out.put(b'{"docs":[')
    first = True
    for i, part in enumerate(parts):
        if not part.docs:
            layout.spans.append((0, 0))
            continue
        if not first:
            out.put(b",")
        first, start = False, out.size
        if i in indexes:
            out.put(b",".join(doc_json(d) for d in indexes[i].docs))
        else:
            out.copy(*old.spans[i])
        layout.spans.append((start, out.size))
    out.put(b'],"grams":{')
    bases = [0, *accumulate(p.docs for p in parts)]
    had = {i: set(old.grams_of[i]) for i in changed}
    touched: set[str] = set()
    for i in changed:
        touched.update(had[i])
        touched.update(parts[i].grams)
    entries = _Entries(out, old, layout)
    for gram in sorted(touched):
        # the changed parts that had or have gram: each its range of numbers and its new ones
        runs: list[tuple[int, int, Iterable[int]]] = [
            (bases[i], bases[i + 1], indexes[i].postings.get(gram, ()))
            for i in changed
            if gram in had[i] or gram in indexes[i].postings
        ]
        n = bisect_left(old.grams, gram)
        entries.keep_until(n)
        if n < len(old.grams) and old.grams[n] == gram:
            start, end = old.starts[n], old.ends[n]
            if data[end - 1 : end] != b"]":
                return None
            numbers = data.rfind(b"[", start, end) + 1
            head: Bytes = out.view[start:numbers]
            body = _replaced(data, out.view, numbers, end - 1, runs)
            entries.skip(n + 1)
        else:
            head = f"{json.dumps(gram, ensure_ascii=False)}:[".encode()
            body = _replaced(data, out.view, 0, 0, runs)
        if body:
            entries.add(gram, [head, *body, b"]"])
    entries.keep_until(len(old.grams))
    out.put(b"}}")
    return out.pieces, layout


def _replaced(
    data: bytes, view: memoryview, start: int, end: int, runs: Sequence[tuple[int, int, Iterable[int]]]
) -> list[Bytes]:
    """The numbers of data[start:end] ("3,8,12"), each run's range [low, high) replaced by
    that run's numbers (low + each): the pieces to write, commas between them."""
    kept: list[Bytes] = []
    at = start
    for low, high, ids in runs:
        cut = _first_at_least(data, at, end, low)
        if cut > at:
            kept.append(view[at : cut - 1] if cut < end else view[at:end])  # its comma left out
        at = _first_at_least(data, cut, end, high)
        if ids:
            kept.append(",".join(str(low + i) for i in ids).encode())
    if at < end:
        kept.append(view[at:end])
    return [x for piece in kept for x in (b",", piece)][1:]


def _first_at_least(data: bytes, low: int, high: int, number: int) -> int:
    """Where in data[low:high] (numbers in order, comma-separated; low at one's start) the
    first number at least number starts; high when there is none. By bisection on the
    text: a few numbers read, however long the entry."""
    while low < high:
        middle = (low + high) // 2
        start = data.rfind(b",", low, middle) + 1 or low  # the number middle is in
        end = data.find(b",", start, high)
        end = high if end < 0 else end
        if int(data[start:end]) >= number:
            high = start
        else:
            low = end + 1 if end < high else high
    return low


class _Out:
    """The file's pieces, views of the last file and new bytes, and its size so far."""

    def __init__(self, view: memoryview):
        self.view = view
        self.pieces: list[Bytes] = []
        self.size = 0

    def put(self, data: Bytes) -> None:
        self.pieces.append(data)
        self.size += len(data)

    def copy(self, start: int, end: int) -> None:
        self.put(self.view[start:end])


class _Entries:
    """The bigrams' entries written in order: runs of the last file's entries copied as
    one piece, the touched ones written anew, the layout's offsets moved with them."""

    def __init__(self, out: _Out, old: Layout, layout: Layout):
        self.out, self.old, self.layout = out, old, layout
        self.next = 0  # the last file's first entry not yet copied or skipped

    def _comma(self) -> None:
        if self.layout.grams:
            self.out.put(b",")

    def keep_until(self, n: int) -> None:
        """The last file's entries up to n (not included) copied as they are."""
        old, layout = self.old, self.layout
        if n <= self.next:
            return
        self._comma()
        start, end = old.starts[self.next], old.ends[n - 1]
        shift = self.out.size - start
        self.out.copy(start, end)
        layout.grams.extend(old.grams[self.next : n])
        layout.starts.extend([s + shift for s in old.starts[self.next : n]])
        layout.ends.extend([e + shift for e in old.ends[self.next : n]])
        self.next = n

    def skip(self, n: int) -> None:
        self.next = n

    def add(self, gram: str, pieces: list[Bytes]) -> None:
        self._comma()
        self.layout.grams.append(gram)
        self.layout.starts.append(self.out.size)
        for piece in pieces:
            self.out.put(piece)
        self.layout.ends.append(self.out.size)


def chunked(pieces: list[Bytes]) -> Iterator[Bytes]:
    """Small pieces gathered to about PIECE bytes a write; big ones (views of the last file)
    written as they are."""
    small: list[Bytes] = []
    size = 0
    for piece in pieces:
        if len(piece) >= PIECE:
            if small:
                yield b"".join(small)
                small, size = [], 0
            yield piece
            continue
        small.append(piece)
        size += len(piece)
        if size >= PIECE:
            yield b"".join(small)
            small, size = [], 0
    if small:
        yield b"".join(small)
