"""Markdown → HTML for prose fields and programme bodies.

Raw HTML in content is off: editors write Markdown only, and nothing they
paste can inject markup or scripts into residents' pages.

Two engines: markdown-it-py, and where it is installed (the `fast` extra)
markdown-it-pyrs, the same parser in Rust at a seventeenth of the CPU. The native
one renders only texts with none of the constructs on which the two are known
to part (NATIVE_UNSURE), so that the HTML is markdown-it-py's either way: a test
renders every Markdown text of the default content and of a corpus with both,
and fuzzes generated ones. The numbered blocks of print and e-books (ids), and
a text the native engine fails on, are markdown-it-py's.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from sitegen.engine.fingerprint import installed_version

if TYPE_CHECKING:  # imported where the native engine does not render (_parser)
    from markdown_it import MarkdownIt

# markdown-it's CommonMark rules with tables and without raw HTML: the py parser's
# "commonmark" preset with html off and "table" enabled, rule by rule
NATIVE_RULES: list[Any] = [  # (its stubs name each rule as a Literal)
    *("blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference"),
    *("autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "table"),
]
# Where markdown-it-pyrs 0.4 parts from markdown-it-py (a differential fuzz, tests/test_markdown.py,
# and a reviewer's reading): emphasis next to a symbol ("가**△1,000**": the two follow different
# CommonMark versions on what counts as punctuation, and "△" is how budgets write a decrease);
# a panic on a code span in link text ("[`"); a delimiter row with no pipe ("-:") taken for a
# one-column table, and tables ended otherwise; a quote's paragraph ended otherwise (lazy
# lines, an empty quote at a line's end); Unicode spaces kept at a paragraph's ends (U+3000,
# as HWP indents, and U+00A0), which markdown-it-py strips; entities and escapes dropped from
# a picture's alt text; no nesting limit (markdown-it-py stops at 20 levels: lists and
# brackets nested deep); code spans and fences, reference definitions, tabs, NUL and CR. A
# text with any of these is markdown-it-py's: 5 of the default content's 1,496 (emphasis,
# tables).
NATIVE_UNSURE = re.compile(
    r"[`*_|\x00]|[^\S \n]|~~~|\]:|!\[|^ *[-:]*:[-:]* *$|^ *>|> *$"
    r"|^ {12}|^(?: *(?:[-+]|\d{1,9}[.)]) +){3}|(?:\[[^\]\n]*){4}",
    re.M,
)
# NATIVE_UNSURE's alternatives, asked apart (native_unsure): one search of the whole tried
# each alternative at every character, as long as the native engine took to render the text.
# [`*_|\x00]|[^\S \n] as one class: the white space other than space and newline spelled out
_UNSURE_CHARS = re.compile("[`*_|\x00\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_LINE_START = r"(?: *[-:]*:[-:]* *$| *>| {12}|(?: *(?:[-+]|\d{1,9}[.)]) +){3})"  # after ^
_UNSURE_FIRST_LINE = re.compile(_LINE_START, re.M)
_UNSURE_LATER_LINES = re.compile("\n" + _LINE_START, re.M)  # a literal first: scanned for, not tried everywhere
_UNSURE_QUOTE_ENDS = re.compile(r"> *$", re.M)
_UNSURE_BRACKETS = re.compile(r"(?:\[[^\]\n]*){4}")


def native_unsure(text: str) -> bool:
    """Whether NATIVE_UNSURE finds anything in text (the same answer, tested), in a fifth of
    the time: each alternative searched for alone, those needing a character text lacks not
    at all, and those that begin a line tried only where one begins."""
    return bool(
        _UNSURE_CHARS.search(text)
        or "~~~" in text
        or "]:" in text
        or "![" in text
        or _UNSURE_FIRST_LINE.match(text)
        or _UNSURE_LATER_LINES.search(text)
        or (">" in text and _UNSURE_QUOTE_ENDS.search(text))
        or (text.count("[") >= 4 and _UNSURE_BRACKETS.search(text))
    )


# With raw HTML off, a heading's tags are the only "<hN>" in the HTML (text and attributes
# have "<" escaped), so shifting them in the HTML is what shifting the tokens does.
HEADING_TAG = re.compile(r"<(/?)h([1-6])>")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable("table")
    return md


@lru_cache(maxsize=1)
def native() -> Any:
    """markdown-it-pyrs set up as _parser() is, or None where it is not installed."""
    try:
        import markdown_it_pyrs
    except ImportError:
        return None
    return markdown_it_pyrs.MarkdownIt("zero").enable_many(NATIVE_RULES)


def engine() -> str:
    """The engine that renders (what a cached rendering depends on, and what doctor says)."""
    if native() is None:
        return "markdown-it-py"
    import markdown_it_pyrs  # imported by native()

    return f"markdown-it-pyrs {getattr(markdown_it_pyrs, '__version__', '')}".rstrip()


def render(text: str, shift_headings: int = 1, ids: str = "") -> Markup:
    """Render Markdown; headings shift down so the page keeps one h1.

    With `ids`, every top-level block gets the id <ids><n> (n from 1): the print
    edition and the e-book number the same blocks, so the e-book's page list
    can point where each printed page begins. Renderers go through a
    MarkdownCache, which keeps what was rendered before.
    """
    return Markup(_render(text, shift_headings, ids)) if text else Markup("")


def _render(text: str, shift_headings: int, ids: str, fast: bool = True) -> str:
    """The HTML of text; fast: by the native engine where it is installed and no ids are asked."""
    rs = native() if fast and not ids and not native_unsure(text) else None
    if rs is not None:
        try:
            html: str = rs.render(text)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException:  # a panic in Rust (pyo3's PanicException is no Exception): ours below
            html = ""
        if html:
            if shift_headings:
                html = HEADING_TAG.sub(lambda m: f"<{m[1]}h{min(int(m[2]) + shift_headings, 6)}>", html)
            return html
    md = _parser()
    tokens = md.parse(text)
    n = 0
    for token in tokens:
        if token.type in ("heading_open", "heading_close") and shift_headings:
            token.tag = f"h{min(int(token.tag[1]) + shift_headings, 6)}"
        if ids and token.level == 0 and (token.nesting == 1 or token.type == "hr"):
            n += 1
            token.attrSet("id", f"{ids}{n}")
    return md.renderer.render(tokens, md.options, {})


# What the rendering depends on besides the text: this code, markdown-it, the engine.
_CODE = hashlib.blake2b(
    Path(__file__).read_bytes() + f"{installed_version('markdown_it', 'markdown-it-py')} {engine()}".encode(),
    digest_size=8,
).hexdigest()


def _sum(html: str) -> str:
    return hashlib.blake2b(html.encode("utf-8"), digest_size=8).hexdigest()


DAMAGED = "markdown.damaged"  # beside the file: a build found it damaged


class MarkdownCache:
    """Markdown rendered before, kept in the build cache: SQLite (in the standard library;
    many processes may read and write one file safely), one connection per process, since a
    connection must not cross a fork (a worker forked from the build opens its own).

    The file is made here, before any worker is forked: two processes making it at once
    (switching it to WAL, creating the table) get "database is locked" at once, with no wait
    for the other. A damaged file (truncated, overwritten) is found here, or where a build
    reads or writes it, and started afresh by the next build (DAMAGED): the cache is
    disposable, and a build never fails for it. Not by a check of the whole file on every
    build, which reads all of it (a tenth of an edit's build's load on a big site).
    folder None: nothing kept."""

    def __init__(self, folder: Path | None):
        self.folder = folder
        self.connections: dict[int, sqlite3.Connection] = {}  # by process: an inherited one is left alone
        self.pending: list[tuple[str, str, str]] = []
        self.pending_pid = os.getpid()
        for attempt in (1, 2):
            try:
                if folder is not None and (folder / DAMAGED).exists():
                    raise sqlite3.DatabaseError("found damaged by a build before")
                db = self._db()
                if db is None:
                    return
                db.execute("PRAGMA journal_mode=WAL")  # kept in the file: workers need not set it
                db.execute(
                    "CREATE TABLE IF NOT EXISTS md2 (key TEXT PRIMARY KEY, html TEXT NOT NULL, sum TEXT NOT NULL)"
                )
                return
            except sqlite3.OperationalError:
                raise  # locked past the timeout, say: not damage
            except sqlite3.DatabaseError:
                broken = self.connections.pop(os.getpid(), None)
                if broken is not None:
                    broken.close()
                if attempt == 2 or folder is None:
                    raise
                for name in ("markdown.sqlite", "markdown.sqlite-wal", "markdown.sqlite-shm", DAMAGED):
                    (folder / name).unlink(missing_ok=True)

    def render(self, text: str, shift_headings: int = 1, ids: str = "") -> Markup:
        """As render(), from the cache when the same text was rendered the same way before."""
        if not text:
            return Markup("")
        key = hashlib.blake2b(f"{_CODE}\0{shift_headings}\0{ids}\0{text}".encode(), digest_size=16).hexdigest()
        db = self._db()
        if db is not None:
            try:
                row = db.execute("SELECT key, html, sum FROM md2 WHERE key = ?", (key,)).fetchone()
            except sqlite3.OperationalError:  # busy past the timeout, say: rendered, and no damage
                row = None
            except sqlite3.DatabaseError:  # damaged: rendered, not read
                self.damaged()
                row = None
            # an altered entry, or another text's (an index damaged), is rendered again, never published
            if row and row[0] == key and row[2] == _sum(row[1]):
                return Markup(row[1])
        html = _render(text, shift_headings, ids)
        if db is not None:
            self.pending.append((key, html, _sum(html)))
            if len(self.pending) >= 500:
                self.flush()
        return Markup(html)

    def _db(self) -> sqlite3.Connection | None:
        if self.folder is None:
            return None
        pid = os.getpid()
        if pid != self.pending_pid:  # a forked worker: what the parent had pending is the parent's to write
            self.pending.clear()
            self.pending_pid = pid
        if pid not in self.connections:
            self.folder.mkdir(parents=True, exist_ok=True)
            # the preview builds in a thread of its own, one build at a time: never two threads at once
            db = sqlite3.connect(
                self.folder / "markdown.sqlite", timeout=60, isolation_level=None, check_same_thread=False
            )
            db.execute("PRAGMA synchronous=NORMAL")  # a cache: a lost last write costs a render
            self.connections[pid] = db
        return self.connections[pid]

    def flush(self) -> None:
        """Write what this process rendered since the last flush."""
        db = self._db() if self.pending else None
        if db is None or not self.pending:
            return
        try:
            with db:  # one transaction
                db.execute("BEGIN IMMEDIATE")  # the write lock at once, waited for (timeout) when taken
                db.executemany("INSERT OR REPLACE INTO md2 (key, html, sum) VALUES (?, ?, ?)", self.pending)
        except sqlite3.OperationalError as exc:
            # another build is starting the file afresh (DAMAGED) and this connection opened it
            # before that build made the table: these entries are let go (the cache is
            # disposable) rather than the table made here, whose write could hold the new file
            # as that build switches it to WAL, which fails at once when held
            if str(exc) != "no such table: md2":
                raise  # locked past the timeout, say: not damage
        except sqlite3.DatabaseError:
            self.damaged()  # these entries lost; the next build starts it afresh
        self.pending.clear()

    def damaged(self) -> None:
        """Said beside the file, for the next build (any process may find it so)."""
        if self.folder is not None:
            with contextlib.suppress(OSError):
                (self.folder / DAMAGED).touch()

    def close(self) -> None:
        """Write what is pending and let this process's connection go."""
        self.flush()
        db = self.connections.pop(os.getpid(), None)
        if db is not None:
            db.close()
