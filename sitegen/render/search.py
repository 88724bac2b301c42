"""A search index that works for Korean, built from the pages as rendered.

Korean writes particles onto words (예산은, 예산을, 예산의) and compounds
nouns without spaces (홍보예산), so word-based static indexes such as
Pagefind or lunr miss them: they would need a morphological analyser for
Korean that neither ships. Instead every page's text is indexed by character
bigrams (single syllables too), the approach of CJK full-text engines such
as Lucene's CJKBigramFilter: 예산 is a bigram of 예산은 and of 홍보예산, so
both are found with no dictionary. The browser script (static/search.js)
splits a query the same way, strips a trailing particle from each word, and
keeps the pages that hold every bigram of every word.

The index is a JSON file of documents plus postings; pages are found by
their text inside <main>, so what is indexed is exactly what residents read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import ClassVar

WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3\u3131-\u318e]+")
SNIPPET = 140


def grams(word: str) -> set[str]:
    """Bigrams of a word, or the word itself when it is one character."""
    w = word.lower()
    if len(w) < 2:
        return {w} if w else set()
    return {w[i : i + 2] for i in range(len(w) - 1)}


class _MainText(HTMLParser):
    """Collects the text inside <main>, skipping scripts, styles and SVG source."""

    SKIP: ClassVar[set[str]] = {"script", "style", "title", "desc", "template"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <main>
        self.skip = 0
        self.parts: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "main":
            self.depth += 1
        elif tag in self.SKIP and self.depth:
            self.skip += 1
        if tag == "h1" and self.depth:
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "main":
            self.depth -= 1
        elif tag in self.SKIP and self.depth and self.skip:
            self.skip -= 1
        if tag == "h1":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self.depth and not self.skip:
            self.parts.append(data)
            if self._in_title:
                self.title += data


def page_text(html: str) -> tuple[str, str]:
    """(h1, all text of <main>) of a rendered page."""
    parser = _MainText()
    parser.feed(html)
    text = re.sub(r"\s+", " ", " ".join(parser.parts)).strip()
    return re.sub(r"\s+", " ", parser.title).strip(), text


@dataclass
class Document:
    url: str
    title: str
    context: str  # council and plan, so results from several councils can be told apart
    text: str


class SearchIndex:
    def __init__(self) -> None:
        self.docs: list[Document] = []

    def add(self, url: str, html: str, context: str) -> None:
        title, text = page_text(html)
        self.docs.append(Document(url, title, context, text))

    def to_json(self) -> bytes:
        postings: dict[str, list[int]] = {}
        for i, doc in enumerate(self.docs):
            found: set[str] = set()
            for word in WORD.findall(f"{doc.title} {doc.text}"):
                found |= grams(word)
            for g in found:
                postings.setdefault(g, []).append(i)
        data = {
            "docs": [{"u": d.url, "t": d.title, "c": d.context, "s": _snippet(d.text, d.title)} for d in self.docs],
            "grams": dict(sorted(postings.items())),
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _snippet(text: str, title: str) -> str:
    body = text[len(title) :].strip() if text.startswith(title) else text
    return body[:SNIPPET] + ("…" if len(body) > SNIPPET else "")
