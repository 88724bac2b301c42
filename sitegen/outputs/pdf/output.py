"""The pdf output: each plan's booklet and each newsletter edition, typeset by WeasyPrint.

PDFs come first (in parallel, from the cache where nothing changed), so the
web pages can link to them with their sizes and the e-books can list the
printed pages. A shard typesets its plans and editions; merge puts them into
the cache, so none is typeset twice.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

from sitegen.content.packed import close_all
from sitegen.messages import text
from sitegen.outputs.formats import Format
from sitegen.outputs.page import Download


class PdfOutput(Format):
    name = "pdf"
    writes = "each plan's booklet and each newsletter edition as a print PDF"
    sharded = True

    def make(self) -> None:
        from sitegen.outputs.pdf.booklet import BookletRenderer
        from sitegen.outputs.pdf.magazine import MagazineRenderer
        from sitegen.outputs.pdf.typeset import Result, build_date, render_all

        ctx = self.ctx
        site, options = ctx.site, ctx.site.config.print
        made = list(BookletRenderer(site, ctx.theme, options, ctx.revisions, ctx.markdown).booklets())
        made += MagazineRenderer(site, ctx.theme, options, ctx.revisions, ctx.markdown).editions()
        made = [b for b in made if ctx.ours(b.url)]

        def describe(r: Result) -> str:
            size = Download(r.rel, r.size).size_text()
            if r.rendered:
                return text("pdf_rendered", title=r.title, pages=r.pages, size=size, seconds=r.seconds)
            return text("pdf_cached", title=r.title, pages=r.pages, size=size)

        results = render_all(made, options, ctx.cache, describe, build_date(site.root))
        close_all()  # the booklets read every entry: packed again (sitegen/content/packed.py)
        records = ctx.made.sharded.setdefault(self.name, [])
        for booklet, r in zip(made, results, strict=True):
            ctx.output.write(r.rel, r.path)
            ctx.made.downloads.setdefault(booklet.url, {})["pdf"] = Download(r.rel, r.size)
            ctx.made.anchors[booklet.url] = r.anchors
            records.append(
                {"url": booklet.url, "rel": r.rel, "key": r.path.stem, "pages": r.pages, "anchors": r.anchors}
            )

    @classmethod
    def adopt(cls, cache: Path, shard: Path, records: list[dict[str, Any]]) -> dict[str, list[tuple[str, Path]]]:
        """A shard's PDFs go into the cache, where the build finds them as if it had made them."""
        from sitegen.outputs.pdf.typeset import sha256_file

        folder = cache / "pdf"
        folder.mkdir(parents=True, exist_ok=True)
        for doc in records:
            if not re.fullmatch(r"[0-9a-f]{64}", str(doc.get("key"))):  # a name in the cache
                continue  # not taken: typeset here
            shutil.copyfile(shard / doc["rel"], folder / f"{doc['key']}.pdf")
            meta = {"pages": doc["pages"], "rel": doc["rel"], "anchors": doc["anchors"]}
            meta["sha256"] = sha256_file(folder / f"{doc['key']}.pdf")  # checked when taken (typeset.cached)
            (folder / f"{doc['key']}.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        return {}
