"""Print HTML (plan booklets, newsletter editions) → PDF with WeasyPrint: cached by content, rendered in parallel.

A PDF's cache key is a hash of everything it is made from: the booklet HTML
(which carries the content, the theme's templates and styles, and the
config), the bytes of the fonts and images it points to, the print options,
and the versions of sitegen and WeasyPrint. A PDF whose key is in the cache
is copied, not rendered. Misses are rendered by a pool of processes, one per
core (WeasyPrint is pure Python and holds the GIL).

Every PDF is tagged, with its language, title and author, and identified as
PDF/UA-1; the archive option makes it PDF/A-2b or 3b instead, still tagged and
still declaring PDF/UA-1 in its XMP metadata.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Iterable
from concurrent.futures import as_completed
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sitegen import __version__
from sitegen.content.model.site import PrintOptions
from sitegen.engine.git import revision
from sitegen.engine.progress import Progress
from sitegen.engine.workers import pool as workers_pool
from sitegen.outputs.pdf.booklet import BUILD_DATE, Booklet
from sitegen.outputs.pdf.libraries import weasyprint

ANCHOR = "pb-"  # ids of elements whose page an e-book's page list points to

UA_XMP = (
    b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>'
    b"</rdf:RDF>"
)


@dataclass
class Job:
    rel: str
    title: str
    html: str
    target: str  # the cache file to write
    key: str
    variant: str
    build_date: str
    files: tuple[str, ...] = ()  # the only files the typesetter may read: fonts and images, resolved
    named: tuple[tuple[str, str], ...] = ()  # (a file's name in the html, by its contents; its path)


@dataclass
class Result:
    rel: str
    title: str
    path: Path
    size: int
    pages: int
    seconds: float
    rendered: bool  # False: taken from the cache
    anchors: list[list[str]]  # per page, the page-break anchors (ids "pb-…") that start on it


def page_anchors(document: object) -> list[list[str]]:
    """Per page, the ids starting with 'pb-' laid out on it: where each page begins, for e-book page lists."""
    return [[name for name in page.anchors if name.startswith(ANCHOR)] for page in document.pages]  # type: ignore[attr-defined]


def build_date(content: Path | None = None) -> date:
    """The date colophons print: SOURCE_DATE_EPOCH when set, else the date of the
    content's last commit, else today. Not the clock: the same commit built on
    another day gives the same bytes (reproducible-builds.org's rule)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    last = revision(content) if content else None
    if last:
        return datetime.fromisoformat(last.date).astimezone(UTC).date()
    return date.today()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def cached(target: Path, meta: Path) -> dict[str, Any] | None:
    """A cached PDF's record, when the PDF is whole: its bytes hash to what was recorded when it
    was made. A truncated or altered file, a broken record, or one from before hashes or page
    anchors were recorded: None, and the PDF is made again (the cache is disposable)."""
    try:
        known = json.loads(meta.read_text(encoding="utf-8"))
        if not isinstance(known, dict) or "anchors" not in known or known.get("sha256") != sha256_file(target):
            return None
    except (OSError, ValueError):
        return None
    return known


def cache_key(booklet: Booklet, options: PrintOptions) -> str:
    """What the PDF is made from, wherever the checkout is: the HTML names fonts and pictures
    by their absolute file URIs, which are replaced here by their contents' digests. The key
    is also the PDF's /ID, so the same commit gives the same bytes in any folder."""
    h = hashlib.sha256()
    h.update(f"sitegen {__version__} weasyprint {version('weasyprint')}\n".encode())
    h.update(json.dumps(options.model_dump(), sort_keys=True).encode())
    html = booklet.html
    files = sorted({(path.name, sha256_file(path), path.resolve().as_uri()) for path in booklet.files})
    for _, digest, uri in sorted(files, key=lambda f: -len(f[2])):  # a longer URI before one it starts with
        html = html.replace(f'"{uri}"', f'"file:{digest}"')
    h.update(html.encode("utf-8"))
    for name, digest, _ in files:
        h.update(f"\n{name} {digest}".encode())
    return h.hexdigest()


VIRTUAL = "file:///sitegen-files/"  # where checkout_free names the build's files


def checkout_free(html: str, files: Iterable[Path]) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The html with each of the build's own files named by its contents, not by its path
    (file:///sitegen-files/<digest>/<name>), and those names with their paths: WeasyPrint names
    a picture in the PDF by the URL it was given, and an absolute path made the same commit's
    PDF differ from one checkout folder to another."""
    named = []
    for path in sorted({p.resolve() for p in files}, key=lambda p: -len(p.as_uri())):  # longer URIs first
        virtual = f"{VIRTUAL}{sha256_file(path)[:32]}/{quote(path.name)}"
        html = html.replace(f'"{path.as_uri()}"', f'"{virtual}"')
        named.append((virtual, str(path)))
    return html, tuple(sorted(named))


def own_files(files: tuple[str, ...], named: tuple[tuple[str, str], ...] = ()) -> Any:
    """WeasyPrint's fetcher, limited to the build's own files and data: URLs. Left to itself it
    reads any path and any address a document names (/etc/passwd, ../../.., a server on the
    build host's network) and puts what it got into the PDF; a refused address is skipped,
    with WeasyPrint's warning."""
    from urllib.request import url2pathname

    weasyprint()
    from weasyprint.urls import URLFetcher

    allowed = frozenset(files)
    paths = dict(named)

    class OwnFiles(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if (path := paths.get(url)) is not None:  # WeasyPrint names what it got by url, not this
                return super().fetch(Path(path).as_uri(), headers)
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            if scheme == "file":
                path = url2pathname(url.split("?")[0].split("#")[0].removeprefix("file:").removeprefix("//"))
                if path in allowed:
                    return super().fetch(url, headers)
            raise ValueError(f"not one of the build's own files: {url[:200]}")

    return OwnFiles(allowed_protocols=("file", "data"), allow_redirects=False)


def render_job(job: Job) -> tuple[int, float, list[list[str]]]:
    """In a worker: typeset one document into its cache file. Returns (pages, seconds, anchors)."""
    import pydyf

    weasyprint()
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    start = time.perf_counter()
    html = job.html.replace(BUILD_DATE, job.build_date)
    # WeasyPrint copies the document's fonts into a temporary folder of the configuration's,
    # removed when the configuration is collected, which a worker's exit (os._exit) never
    # lets happen: every PDF typeset in a worker left its fonts (7 MB) in /tmp
    fonts = FontConfiguration()
    try:
        fetcher = own_files(job.files, job.named)
        document = HTML(string=html, base_url=".", url_fetcher=fetcher).render(font_config=fonts)
        options: dict[str, object] = {"pdf_variant": job.variant, "pdf_tags": True}
        if job.variant != "pdf/ua-1":
            document.metadata.xmp_metadata.append(UA_XMP)

        def finish(_document: object, pdf: pydyf.PDF) -> None:
            # PDF/UA asks viewers to show the title, not the file name.
            pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})

        partial = Path(job.target + f".{os.getpid()}.part")
        document.write_pdf(partial, finisher=finish, pdf_identifier=job.key[:32].encode("ascii"), **options)
        os.replace(partial, job.target)  # a cache entry is whole or absent
        return len(document.pages), time.perf_counter() - start, page_anchors(document)
    finally:
        fonts.__del__()  # its folder removed now (and harmlessly again when collected)


def render_all(
    booklets: list[Booklet],
    options: PrintOptions,
    cache: Path,
    describe: Callable[[Result], str],
    day: date,
    workers: int | None = None,
) -> list[Result]:
    """Every booklet as a PDF in the cache; the ones already there are not rendered again."""
    folder = cache / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    variant = options.archive or "pdf/ua-1"
    today = f"{day.year}. {day.month}. {day.day}."  # as the documents write dates
    jobs, results = [], {}
    progress = Progress(len(booklets), "PDF")
    for b in booklets:
        key = cache_key(b, options)
        target = folder / f"{key}.pdf"
        meta = folder / f"{key}.json"
        known = cached(target, meta)
        if known is not None:
            size = target.stat().st_size
            results[b.rel] = Result(b.rel, b.title, target, size, known["pages"], 0.0, False, known["anchors"])
            progress.step(describe(results[b.rel]))
        else:
            files = tuple(sorted({str(p.resolve()) for p in b.files}))
            html, named = checkout_free(b.html, b.files)
            jobs.append(Job(b.rel, b.title, html, str(target), key, variant, today, files, named))

    def done(job: Job, pages: int, seconds: float, anchors: list[list[str]]) -> None:
        target = Path(job.target)
        meta = {"pages": pages, "seconds": round(seconds, 2), "rel": job.rel, "anchors": anchors}
        meta["sha256"] = sha256_file(target)
        target.with_suffix(".json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
        size = target.stat().st_size
        results[job.rel] = Result(job.rel, job.title, target, size, pages, seconds, True, anchors)
        progress.step(describe(results[job.rel]))

    try:
        workers = min(len(jobs), workers or os.cpu_count() or 1)
        if workers <= 1:
            for job in jobs:
                done(job, *render_job(job))
        else:
            with workers_pool(workers) as pool:
                futures = {pool.submit(render_job, job): job for job in jobs}
                for future in as_completed(futures):
                    done(futures[future], *future.result())
    finally:
        progress.close()
    return [results[b.rel] for b in booklets]
