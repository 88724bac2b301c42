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
from html import unescape

WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3\u3131-\u318e]+")
SNIPPET = 140


def grams(word: str) -> set[str]:
    """Bigrams of a word, or the word itself when it is one character."""
    w = word.lower()
    if len(w) < 2:
        return {w} if w else set()
    return {w[i : i + 2] for i in range(len(w) - 1)}


# The text inside <main>, as residents read it: scripts, styles, SVG titles and
# descriptions (the chart's text alternative is in its table) left out. Regular
# expressions over our own templates' output, six times faster than html.parser
# and the same text on every page of the default site.
MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
SKIPPED = re.compile(r"<(script|style|title|desc|template)\b[^>]*>.*?</\1\s*>", re.S | re.I)
COMMENT = re.compile(r"<!--.*?-->", re.S)
TAG = re.compile(r"<[^>]*>")
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.S)
SPACE = re.compile(r"\s+")


def page_text(html: str) -> tuple[str, str]:
    """(h1, all text of <main>) of a rendered page."""
    found = MAIN.search(html)
    body = SKIPPED.sub(" ", COMMENT.sub(" ", found.group(1))) if found else ""
    h1 = H1.search(body)
    title = SPACE.sub(" ", unescape(TAG.sub("", h1.group(1)))).strip() if h1 else ""
    return title, SPACE.sub(" ", unescape(TAG.sub(" ", body))).strip()


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
