"""The web output: every page a resident reads, rendered council by council.

Each council's pages are rendered by one forked process per core, each page
taken from the previous build where nothing it reads has changed
(sitegen/outputs/graph.py). The live preview keeps each council's pages
between builds (BuildContext.memory) and takes a council whole when none of
its files and nothing its pages read changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.content.entries import CouncilEntry
from sitegen.content.packed import close_all
from sitegen.engine import cachefiles, lookahead
from sitegen.engine.fingerprint import signature
from sitegen.engine.progress import Progress
from sitegen.engine.recording import Read
from sitegen.engine.workers import forked_map
from sitegen.engine.writer import Counted, Link, Output, Stamp, stamps_of
from sitegen.messages import text
from sitegen.outputs.formats import Format
from sitegen.outputs.gathered import Gathered
from sitegen.outputs.graph import SITE, Graph
from sitegen.outputs.web.pages import SEARCH, WebRenderer
from sitegen.outputs.web.search import Layout


class WebOutput(Format):
    name = "web"
    reads = ("pdf", "epub")
    writes = "the website: pages, their tables as CSV and JSON, search index, feed, sitemap, fonts"
    sharded = True  # by council: a shard makes its councils' pages, the merge the site-wide files

    def make(self) -> None:
        ctx = self.ctx
        output = ctx.output
        web = WebRenderer(
            ctx.site, ctx.theme, ctx.markdown, ctx.made.downloads, ctx.cache / "fonts", ctx.preview, ctx.revisions
        )
        web.last_deploy = ctx.last_deploy
        web.parallel = ctx.parallel
        web.scope = ctx.graph.scope(SITE)
        if ctx.shard:  # its councils' pages, and what the site-wide files need of them, for the merge
            done = ctx.made.sharded.setdefault(self.name, [])

            def leave(i: int, rendered: Rendered) -> None:  # each council's part as it comes
                council = ctx.site.councils[i]
                rel = f"{SHARD_FOLDER}/{council.slug}.json"
                output.write(rel, json.dumps(rendered.gathered.record(), ensure_ascii=False).encode())
                done.append({"url": council.url, "files": sorted([*rendered.files, rel])})

            ours = [i for i, c in enumerate(ctx.site.councils) if ctx.ours(c.url)]
            pages, fresh = councils_rendered(web, output, ctx.graph, ctx.parallel, None, ours, parts=leave)
        else:
            remembered = ctx.graph.folder / "_assembled.pickle"  # "_": no council's slug
            before = cachefiles.load(remembered)
            web.assembled_before = before if isinstance(before, dict) else {}
            laid_out = ctx.graph.folder / "_search.pickle"
            if not ctx.preview:  # the search index spliced from the last build's (searchfile.py)
                web.gathered.deferred = True
                layout = cachefiles.load(laid_out)
                web.search_before = layout if isinstance(layout, Layout) else None
            for rel, data in web.opening():
                output.write(rel, data)
            kept = ctx.memory.setdefault(self.name, {}) if ctx.memory is not None else None
            premade = ctx.premade.get(self.name, {})
            pages, fresh = councils_rendered(web, output, ctx.graph, ctx.parallel, kept, premade=premade)
            for rel, data in web.closing():
                output.write(rel, data)
            if not ctx.preview:  # each assembled file with its signature as written, for the next build
                stamps = {rel: (key, signature(output.root, [rel])) for rel, key in web.assembled.items()}
                for rel, was in web.assembled_linked.items():
                    if stamps[rel][1] != was:  # the last build's file changed while it was linked: made
                        output.write(rel, web.assemble[rel]())
                        stamps[rel] = (stamps[rel][0], signature(output.root, [rel]))
                cachefiles.dump(remembered, stamps)
                if web.search_linked and signature(output.root, [SEARCH]) != web.search_linked:
                    output.write(SEARCH, web.search_whole())  # the last build's file changed while it was linked
                if (layout := web.search_layout) is not None:
                    layout.signature = signature(output.root, [SEARCH])
                    cachefiles.dump(laid_out, layout)
        close_all()
        web.scope.save(output.root)
        pages, fresh = pages + len(web.scope.now), fresh + len(web.scope.made)
        print(text("pages_made", pages=pages, made=fresh, kept=pages - fresh), file=sys.stderr)
        ctx.made.on_request.update(web.on_request)


# Where a shard build leaves each council's gathered part (Gathered.record) for the merge:
# beside its pages in the shard's folder, never in a merged site. Not a hidden folder: CI
# artifact uploads leave those out.
SHARD_FOLDER = "sitegen-shard"


def premade_council(output: Output, files: list[tuple[str, Path]]) -> Rendered | None:
    """A council's pages as a shard made them (merge has checked that each is a file inside
    the shard): linked as they are, its gathered part read back, so the merge renders none of
    them again. None when the part cannot be read (damaged on the way between machines): the
    council is then rendered here."""
    part = next((path for rel, path in files if rel.startswith(f"{SHARD_FOLDER}/")), None)
    try:
        gathered = Gathered.from_record(json.loads(part.read_bytes())) if part else None
    except Exception:  # whatever a damaged file gives: the council is made here instead
        gathered = None
    if gathered is None:
        return None
    written = []
    for rel, path in files:
        if not rel.startswith(f"{SHARD_FOLDER}/"):
            output.write(rel, Link(path))
            written.append(rel)
    return Rendered(written, gathered, 0, 0)


@dataclass
class Rendered:
    """What rendering a council's pages left: the files written, what the site-wide files
    need of them, and how many of its pages were made rather than taken as they were.
    For the preview, also every part its pages read, with its digest (see kept_or_rendered)."""

    files: list[str]
    gathered: Gathered
    pages: int
    made: int
    base: str = ""
    reads: dict[Read, str] | None = None
    vouched: bool = False  # its files found as the last build wrote them by the look ahead: none written
    key: str = ""  # the council's it was made from (CouncilEntry.key)
    counts: Counted | None = None  # its files by folder, for the prune (Output.add)


# The preview's councils as last rendered: slug → (the council the loader gave, its pages).
Kept = dict[str, tuple[CouncilEntry, Rendered]]


def _render_one(
    web: WebRenderer, graph: Graph | None, index: int, into: Output, whole: bool = False, tried: bool = False
) -> Rendered:
    """One council's pages written straight to the output folder, as into writes there. A
    build (not the preview, which keeps councils in memory) remembers each council whole in
    the cache and takes it whole next time when no part its pages read has changed: one look
    at the council's reads rather than one at every page's record (tried: that was looked
    at already)."""
    council = web.site.councils[index]
    remembered = not web.preview
    if graph is not None and remembered and not tried and (taken := _taken_whole(graph, council, into)):
        return taken
    outer = web.gathered, web.scope
    web.gathered, web.scope = Gathered(), graph.scope(council.slug) if graph else None
    out = into.beside()
    try:
        for rel, data in web.council_pages(council):
            out.write(rel, data)
        web.markdown.flush()
        if web.scope is not None:
            web.scope.save(into.root)
        gathered = web.gathered
        if not web.preview:  # indexed here, in parallel, rather than in the parent (the preview: when asked)
            gathered = replace(gathered, search=gathered.search.compact()).pack()  # read back only if asked
        counts = out.counted()  # here, in parallel, rather than by the parent
        if web.scope is None or graph is None:
            return Rendered(list(out.seen), gathered, 0, 0, counts=counts)
        rendered = Rendered(list(out.seen), gathered, len(web.scope.now), len(web.scope.made), counts=counts)
        if whole or remembered:
            rendered.base, rendered.reads, rendered.key = graph.base, web.scope.read(), council.key
        if remembered and rendered.reads is not None and (stamps := stamps_of(into.root, rendered.files)) is not None:
            _keep_whole(graph, council.slug, rendered, stamps)
        return rendered
    finally:
        web.gathered, web.scope = outer
        close_all()  # this council's entries: packed again (sitegen/content/packed.py)


def _whole_path(graph: Graph, slug: str) -> Path:
    return graph.folder / f"{slug}.whole.pickle"


def _keep_whole(graph: Graph, slug: str, rendered: Rendered, stamps: list[Stamp]) -> None:
    """The council's record for the next build, its search part (most of its bytes) after
    the pickle rather than in it: the next build reads it only if it makes the search index
    again (_whole_as_before): reading every council's was a serial share of an edit's build
    on a big site, and the parent held them all (benchmarks/README.md)."""
    held, search = rendered.gathered.held, b""
    if held is not None and held.search:
        search, held = held.search, replace(held, search=b"", stored=None)
        rendered = replace(rendered, gathered=replace(rendered.gathered, held=held))
    written = (len(search), hashlib.blake2b(search, digest_size=16).hexdigest())
    # its files' stamps kept apart, for the next build's look ahead (sitegen/engine/lookahead.py)
    looked = lookahead.keep(graph.folder, slug, rendered.files, stamps)
    cachefiles.dump(_whole_path(graph, slug), (rendered, looked, written), tail=search)


def _taken_whole(graph: Graph, council: CouncilEntry, into: Output) -> Rendered | None:
    """The council's pages as the last build left them, linked, when every part they read is
    as it was and their files are as that build wrote them; else None."""
    whole = _whole_as_before(graph, council)
    return _linked_whole(graph, whole, into) if whole else None


@dataclass(frozen=True)
class Whole:
    """A council's pages as the last build recorded them, and the token of its files' stamps
    as kept for the look (lookahead.keep)."""

    rendered: Rendered
    slug: str
    looked: str


# Files of councils taken whole: fewer are looked at in the parent, more by the workers
# (forking two costs about what a stat of this many files does)
LOOKED_AT_HERE = 8192


def _whole_as_before(graph: Graph, council: CouncilEntry) -> Whole | None:
    """The council's record as the last build left it, when every part its pages read is as
    it was; else None. Its files are still to be looked at (_linked_whole). A council of the
    key its pages were made from has the entries they read: the data and bodies of its own
    are not compared one by one (a third of an edit's build's look at the councils' records
    on a big site; benchmarks/README.md), everything else they read is."""
    slug = council.slug
    known, tail = cachefiles.load_with_tail(_whole_path(graph, slug))
    if not isinstance(known, tuple) or len(known) != 3 or not isinstance(known[0], Rendered):
        return None
    if not isinstance(known[2], tuple) or len(known[2]) != 2:  # a record of another shape
        return None
    last, looked, (searched, digest) = known
    if last.reads is None or not isinstance(looked, str):
        return None
    if searched != (tail.size if tail else 0) or (searched and last.gathered.held is None):
        return None  # its search part cut short, or not the one it was written with
    own = council.folder if council.key and last.key == council.key else ""
    if not graph.still(last.base, last.reads, own):
        return None
    if tail is not None and (held := last.gathered.held) is not None:
        stored = replace(tail, digest=digest)  # read when the index is made again, checked then
        last = replace(last, gathered=replace(last.gathered, held=replace(held, stored=stored)))
    return Whole(last, slug, looked)


def _vouched(graph: Graph, whole: Whole, into: Output) -> bool:
    """Whether the look ahead found the council's files as the last build wrote them."""
    return graph.ahead is not None and graph.ahead.vouches(whole.slug, whole.looked, into.root)


def _linked_whole(graph: Graph, whole: Whole, into: Output) -> Rendered | None:
    """The recorded council's files linked from the last build, when each is as that build
    wrote it; else None (some may be linked: rendering writes over them)."""
    last = whole.rendered
    if _vouched(graph, whole, into):
        return replace(last, made=0, vouched=True)
    looked = lookahead.kept(graph.folder, whole.slug, whole.looked)
    if looked is None or looked[0] != last.files:
        return None  # its stamps lost or another build's: rendered again
    if not into.beside().link_unchanged(str(graph.previous), last.files, looked[1]):
        into.touch(last.files)  # some may be linked (a worker's: the parent touches them as it joins)
        return None  # a file no longer as written: rendered instead, over what was linked
    return replace(last, made=0)


def kept_or_rendered(web: WebRenderer, graph: Graph | None, index: int, output: Output, kept: Kept | None) -> Rendered:
    """A council's pages. In the live preview, a council the loader kept (the same object:
    none of its files changed) whose pages read no part that changed since is taken whole,
    its files as they are: an edit then costs its own council's pages, not a look at every
    page's record, which was most of an edit's time (benchmarks/README.md, "Figures behind
    the code")."""
    council = web.site.councils[index]
    if kept is None or graph is None or not output.live:
        return _render_one(web, graph, index, output, whole=kept is not None)
    last = kept.get(council.slug)
    # the very council its pages were made from: the data and bodies of its own are as they were
    same = last is not None and last[0] is council and last[1].reads is not None
    if last is not None and same and graph.still(last[1].base, last[1].reads or {}, council.folder):
        return replace(last[1], made=0)
    return _render_one(web, graph, index, output, whole=True)


def councils_rendered(
    web: WebRenderer,
    output: Output,
    graph: Graph | None,
    parallel: bool = True,
    kept: Kept | None = None,
    only: list[int] | None = None,
    premade: dict[str, list[tuple[str, Path]]] | None = None,
    parts: Callable[[int, Rendered], None] | None = None,
) -> tuple[int, int]:
    """Every council's pages, by one forked process per core (each page taken from the
    previous build where nothing it reads has changed). Pages go straight to disk, so the
    site's HTML is never held in one place; what they gathered joins in the site's order,
    so the output is the same however it was made. kept (the preview's): each council as
    last rendered, replaced by this build's when every council is done. only: these
    councils (a shard's), each handed to parts rather than joined into the site's files;
    premade: the councils shards made, by url, taken as they are."""
    councils = web.site.councils
    chosen = list(range(len(councils))) if only is None else only
    premade = premade or {}
    progress = Progress(len(chosen), text("progress_web"))
    todo = [i for i in chosen if councils[i].url not in premade]
    workers = min(len(todo), os.cpu_count() or 1)
    pages = made = 0
    now: Kept = {}

    def join(i: int, rendered: Rendered) -> None:  # as each comes: one council's part held at a time
        nonlocal pages, made
        if kept is not None:
            now[councils[i].slug] = (councils[i], rendered)
        output.add(rendered.files, written=not rendered.vouched, counts=rendered.counts)
        if parts is not None:
            parts(i, rendered)
        else:
            web.gathered.add(rendered.gathered)
        pages, made = pages + rendered.pages, made + rendered.made
        progress.step(councils[i].data.full_name)

    def one(i: int) -> Rendered:  # a shard's council (rendered here when its part is unreadable), or rendered
        url = councils[i].url
        shards = premade_council(output, premade[url]) if url in premade else None
        return shards or kept_or_rendered(web, graph, i, output, kept)

    try:
        if workers <= 1 or not parallel or sys.platform != "linux":  # fork shares the site; else one by one
            for i in chosen:
                join(i, one(i))
        else:
            waiting: dict[int, Rendered] = {}  # those that came early, joined in the site's order
            # the councils the last build's pages may serve whole: their records read here (a
            # forked worker would read each one only to send it back, which made an edit's
            # build slower with two processes than with one, benchmarks/README.md); the look
            # at each of their files, a stat of every file of the site, shared by the workers
            # with the councils to render (one core did it all while the other was idle)
            candidates: dict[int, Whole] = {}
            if graph is not None and not web.preview:
                candidates = {i: w for i in todo if (w := _whole_as_before(graph, councils[i])) is not None}
                # those the look ahead vouched for are taken here; so is the rest of a small
                # site's (forking workers to look would cost more)
                ahead = {i for i, w in candidates.items() if _vouched(graph, w, output)}
                small = sum(len(w.rendered.files) for i, w in candidates.items() if i not in ahead) < LOOKED_AT_HERE
                for i, w in list(candidates.items()):
                    if small or i in ahead:
                        del candidates[i]
                        if (taken := _linked_whole(graph, w, output)) is not None:
                            waiting[i] = taken
            rest = [i for i in todo if i not in waiting]
            order = iter(chosen)
            following = next(order, None)
            whole = kept is not None

            def render(n: int) -> Rendered | None:  # None: the candidate, its files linked as they were
                i = rest[n]
                if graph is not None and i in candidates and _linked_whole(graph, candidates[i], output):
                    return None
                return _render_one(web, graph, i, output, whole, tried=True)

            def join_ready(every: bool = False) -> None:  # in the site's order, as far as they have come
                nonlocal following
                while following is not None and (every or following in waiting or councils[following].url in premade):
                    join(following, waiting.pop(following) if following in waiting else one(following))
                    following = next(order, None)

            join_ready()  # those that lead, taken whole here or the shards': joined before the fork
            for n, rendered in forked_map(render, len(rest), min(len(rest), workers)):
                i = rest[n]
                recorded = candidates.pop(i, None)  # its files' stamps let go as it comes
                if rendered is None:  # a candidate, its files as written: the parent's record of it
                    assert recorded is not None
                    rendered = replace(recorded.rendered, made=0)
                elif recorded is not None:  # a candidate made again: some of its files may be linked
                    output.touch(recorded.rendered.files)
                waiting[i] = rendered
                join_ready()
            join_ready(every=True)  # those taken whole or the shards' after the last one rendered
    finally:
        progress.close()
    if kept is not None:  # only when every council is done: a failed build's pages are not kept
        kept.clear()
        kept.update(now)
    else:  # the councils' parts, held to the build's end
        cachefiles.kept_frozen()
    return pages, made
