"""A search index that works for Korean, built from the pages as rendered.

Korean writes particles onto words (예산은, 예산을, 예산의) and compounds
nouns without spaces (홍보예산), so word-based static indexes such as
Pagefind or lunr miss them: they would need a morphological analyser for
Korean that neither ships. Instead every page's text is indexed by character
bigrams (single syllables too), the approach of CJK full-text engines such
as Lucene's CJKBigramFilter: 예산 is a bigram of 예산은 and of 홍보예산, so
both are found with no dictionary.

The browser script (static/search.js) finds the pages that hold a query
word's bigrams, then ranks them on the page's own title, headings and text,
which the index carries: how often and where each word occurs (BM25, title
and headings above body), a snippet around the first match. A word whose
bigrams lead nowhere is looked for in the pages' text with the spaces taken
out (주민참여예산 finds 주민 참여 예산), then one jamo edit away (유튜부 finds 유튜브).

The index is a JSON file of documents plus postings; pages are found by
their text inside <main>, so what is indexed is exactly what residents read.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import operator
import re
import sys
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from html import unescape
from typing import Any

WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3\u3131-\u318e]+")
# Pages made with these templates list what other pages are about (a plan's programmes, its
# schedule, its budget): found, but ranked below the page about the thing itself.
LISTINGS = frozenset(
    {"index.html", "council.html", "plan.html", "schedule.html", "budget.html", "indicators.html", "compare.html"}
    | {"news_publication.html", "news_edition.html"}
)
TEXT = 6000  # characters of a page's text the index carries, for ranking and snippets
PIECE = 1 << 20  # bytes of the index written at a time


def text_grams(text: str) -> set[str]:
    """The bigrams of every word of text, and each one-character word as it is. All at
    once: the distinct words (a page repeats its words: half the pairs to take) joined by
    a separator, every adjacent pair taken in C (map over the string and itself shifted),
    the pairs that straddle a separator dropped."""
    words = set(WORD.findall(text.lower()))
    joined = "\0".join(words)
    found = {g for g in set(map(operator.add, joined, joined[1:])) if "\0" not in g}
    found.update(w for w in words if len(w) == 1)
    return found


# The text inside <main>, as residents read it: scripts, styles, SVG titles and
# descriptions (the chart's text alternative is in its table) left out. Regular
# expressions over our own templates' output, six times faster than html.parser
# and the same text on every page of the default site.
MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
SKIPPED = re.compile(r"<(script|style|title|desc|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
# what a theme marks as not the page's text: the hint over a wide table ("옆으로 밀어 …") and
# its download links ("이 표 내려받기: CSV (caption) · JSON (caption)"), which made the
# words around a match in the results, caption and all, twice over
SEARCH_SKIP = re.compile(r"<!--search:skip-->.*?<!--/search:skip-->", re.S)
COMMENT = re.compile(r"<!--.*?-->", re.S)
TAG = re.compile(r"<[^>]*>")
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S)
HEADING = re.compile(r"<h[2-4]\b[^>]*>(.*?)</h[2-4]\s*>", re.S)


def page_text(html: str) -> tuple[str, str]:
    """(h1, all text of <main>) of a rendered page."""
    title, _, text = page_parts(html)
    return title, text


def page_parts(html: str) -> tuple[str, list[str], str]:
    """(h1, the headings h2 to h4, all text of <main>) of a rendered page."""
    found = MAIN.search(html)
    body = SKIPPED.sub(" ", COMMENT.sub(" ", SEARCH_SKIP.sub(" ", found.group(1)))) if found else ""
    h1 = H1.search(body)
    title = _plain(h1.group(1)) if h1 else ""
    return title, [_plain(h) for h in HEADING.findall(body)], _plain(body)


def _plain(html: str) -> str:
    # runs of white space as one space: str.split's white space is re's \s (every code point
    # alike), in a third of a substitution's time
    return " ".join(unescape(TAG.sub(" ", html)).split())


@dataclass
class Document:
    url: str
    title: str
    context: str  # council and plan, so results from several councils can be told apart
    headings: str  # h2 to h4, one a line: ranked above the text
    text: str  # the text after the title, its first TEXT characters: ranked, and the snippets cut from it
    listing: bool  # a page made with one of LISTINGS
    grams: str  # the page's bigrams, space-separated: compact to keep and to send between processes


class SearchIndex:
    """Documents and their postings (bigram → document numbers). Pages are added where they
    are rendered, in parallel processes; indexes join by offsetting document numbers, so the
    per-bigram work is done where the pages were made. Joined postings are kept as arrays
    of 32-bit numbers: a list's int objects took many times the memory (benchmarks/README.md,
    "Figures behind the code")."""

    def __init__(self) -> None:
        self.docs: list[Document] = []
        self.postings: dict[str, list[int] | array] = {}
        self.indexed = 0  # docs[:indexed] are in postings

    def add(self, url: str, html: str, context: str, *, listing: bool = False) -> None:
        title, headings, text = page_parts(html)
        found = text_grams(f"{title} {text}")
        body = text[len(title) :].strip() if text.startswith(title) else text
        doc = Document(url, title, context, "\n".join(headings), body[:TEXT], listing, " ".join(sorted(found)))
        self.docs.append(doc)

    def index(self) -> None:
        for i in range(self.indexed, len(self.docs)):
            for g in self.docs[i].grams.split(" "):
                if g:
                    self.postings.setdefault(g, []).append(i)
        self.indexed = len(self.docs)

    def compact(self) -> SearchIndex:
        """An indexed copy to send to the process that joins: documents without their bigrams
        (the postings hold them) and postings as arrays (pickled as bytes)."""
        self.index()
        out = SearchIndex()
        out.docs = [replace(d, grams="") for d in self.docs]
        out.postings = {g: array("I", ids) for g, ids in self.postings.items()}
        out.indexed = len(out.docs)
        return out

    def join(self, other: SearchIndex) -> None:
        """other's documents after these (other is left as it is)."""
        if not other.indexed:  # a page's few documents: indexed later with the rest
            self.docs += other.docs
            return
        self.index()
        base = len(self.docs)
        for g, ids in other.postings.items():
            mine = self.postings.get(g)
            if not isinstance(mine, array):
                mine = self.postings[g] = array("I", mine or ())
            mine.extend([base + i for i in ids] if base else ids)
        self.docs += other.docs
        self.indexed = base + other.indexed
        self.index()  # other's documents it had not indexed yet

    def record(self) -> dict[str, Any]:
        """As plain JSON data, to be read back by from_record: what a shard build hands the
        merge (it compacts first, as a council's index is compacted to be joined). Postings
        as little-endian 32-bit numbers in base64: a tenth of a list of numbers to read."""
        out = self.compact()
        docs = [[d.url, d.title, d.context, d.headings, d.text, d.listing] for d in out.docs]
        return {"docs": docs, "postings": {g: _packed(ids) for g, ids in out.postings.items()}}

    @classmethod
    def from_record(cls, data: dict[str, Any]) -> SearchIndex:
        """The index record() gave; ValueError when it is not one (a damaged file)."""
        out = cls()
        out.docs = [Document(str(u), str(t), str(c), str(h), str(x), bool(b), "") for u, t, c, h, x, b in data["docs"]]
        out.postings = {str(g): _unpacked(ids, len(out.docs)) for g, ids in data["postings"].items()}
        out.indexed = len(out.docs)
        return out

    def digest(self) -> str:
        """Of its documents and postings: two indexes with the same digest write the same
        documents and bigrams into the file (see searchfile.Part)."""
        self.index()
        h = hashlib.blake2b(digest_size=16)
        for d in self.docs:
            h.update(doc_json(d) + b"\0")  # JSON: no NUL of its own
        for g in sorted(self.postings):
            gram, ids = g.encode(), array("I", self.postings[g]).tobytes()
            h.update(len(gram).to_bytes(4, "little") + gram + len(ids).to_bytes(4, "little") + ids)
        return h.hexdigest()

    def to_json(self) -> bytes:
        return b"".join(self.pieces())

    def pieces(self, layout: Layout | None = None) -> Iterator[bytes]:
        """{"docs": [...], "grams": {bigram: [document numbers]}}, bigrams in order, as UTF-8
        in pieces of about PIECE bytes, for the build to write one after another rather than
        hold the whole file (twice over while BytesIO gave it up; it grows with a site's
        vocabulary; size in benchmarks/README.md, "Figures behind the code"). layout: where
        each part's documents (layout.docs, in order) and each bigram's entry went, filled in
        as they are written, for the next build to splice (searchfile.py)."""
        self.index()
        out = io.BytesIO()
        written = 0  # bytes yielded before out
        at: list[tuple[int, int]] = []  # each document's span in the file, when a layout is asked for
        out.write(b'{"docs":[')
        for i, d in enumerate(self.docs):
            if i:
                out.write(b",")
            start = written + out.tell()
            out.write(doc_json(d))
            if layout is not None:
                at.append((start, written + out.tell()))
            if out.tell() > PIECE:
                written += out.tell()
                yield out.getvalue()
                out = io.BytesIO()
        if layout is not None:
            first = 0
            for count in layout.docs:
                layout.spans.append((at[first][0], at[first + count - 1][1]) if count else (0, 0))
                first += count
        out.write(b'],"grams":{')
        for i, g in enumerate(sorted(self.postings)):
            if i:
                out.write(b",")
            if layout is not None:
                layout.grams.append(g)
                layout.starts.append(written + out.tell())
            out.write(entry_json(g, self.postings[g]))
            if layout is not None:
                layout.ends.append(written + out.tell())
            if out.tell() > PIECE:
                written += out.tell()
                yield out.getvalue()
                out = io.BytesIO()
        out.write(b"}}")
        yield out.getvalue()


def doc_json(d: Document) -> bytes:
    doc: dict[str, str | int] = {"u": d.url, "t": d.title, "c": d.context, "h": d.headings, "x": d.text}
    if d.listing:
        doc["l"] = 1
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()


def entry_json(gram: str, ids: list[int] | array) -> bytes:
    numbers = json.dumps(list(ids), separators=(",", ":"))  # C's encoder: 0.6 of the join's time
    return f"{json.dumps(gram, ensure_ascii=False)}:{numbers}".encode()


@dataclass
class Layout:
    """Where the parts of a written index lie in its file, for the next build to splice
    (searchfile.py): each part's key and number of documents, the span of its documents,
    its bigrams; each bigram's entry ("bigram":[numbers]), in order."""

    base: str  # what every page reads (Graph.base): another base, another file
    keys: list[str]
    docs: list[int]
    grams_of: list[tuple[str, ...]]  # each part's bigrams, sorted
    spans: list[tuple[int, int]] = field(default_factory=list)
    grams: list[str] = field(default_factory=list)
    starts: array = field(default_factory=lambda: array("Q"))
    ends: array = field(default_factory=lambda: array("Q"))
    signature: str = ""  # of the file as the build wrote it (fingerprint.signature)


def _packed(ids: list[int] | array) -> str:
    numbers = array("I", ids)
    if sys.byteorder == "big":
        numbers.byteswap()
    return base64.b64encode(numbers.tobytes()).decode("ascii")


def _unpacked(text: str, docs: int) -> array:
    numbers = array("I")
    numbers.frombytes(base64.b64decode(text, validate=True))
    if sys.byteorder == "big":
        numbers.byteswap()
    if numbers and max(numbers) >= docs:
        raise ValueError("a posting names no document")
    return numbers
