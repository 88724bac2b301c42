"""The epub output: each newsletter edition as an EPUB 3 e-book.

Made after the PDFs when the site makes them too: the e-book's page list
points to where each printed page begins (sitegen/outputs/epub/book.py).
"""

from __future__ import annotations

from collections.abc import Callable

from sitegen.content.entries import EditionEntry
from sitegen.content.packed import close_all
from sitegen.content.source import text_digest
from sitegen.outputs.formats import Format
from sitegen.outputs.graph import file_digest
from sitegen.outputs.page import Download, File


class EpubOutput(Format):
    name = "epub"
    reads = ("pdf",)
    writes = "each newsletter edition as an EPUB 3 e-book"
    sharded = True

    def make(self) -> None:
        """Each edition's book, with its own inputs (its PDF's page anchors, the commit that
        dates it, the e-book style and fonts) as one more part of what it read."""
        from sitegen.outputs.epub.book import EpubRenderer

        ctx = self.ctx
        anchors = ctx.made.anchors
        books = EpubRenderer(ctx.site, ctx.theme, anchors, ctx.revisions, ctx.cache / "fonts", ctx.markdown)
        own = [books.style, *(file_digest(p) for p in books.fonts.values())]

        def make(edition: EditionEntry) -> Callable[[], list[File]]:
            def files() -> list[File]:
                book = books.book(edition)
                return [(book.rel, book.data)]

            return files

        for edition in ctx.site.all_editions():
            url = edition.url
            ctx.graph.digests.extra[(self.name, url)] = text_digest(
                repr((ctx.revisions.get(url), anchors.get(url), own))
            )
        for url, rels in self.units((e.url, make(e)) for e in ctx.site.all_editions()):
            size = (ctx.output.root / rels[0]).stat().st_size
            ctx.made.downloads.setdefault(url, {})["epub"] = Download(rels[0], size, "EPUB")
            close_all()
