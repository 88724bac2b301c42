"""render → write: the outputs the site names, made into one output folder.

The outputs come from a registry (sitegen/outputs/formats.py): each is made
after the ones it reads (PDFs, then e-books, then the web pages that link to
both with their sizes), all of them with one BuildContext. All of it is
written into a staging folder that replaces the old build only when
everything succeeded.

Sharding spreads the work over machines: `build --shard I/N` makes the
sharded outputs' units of its share of the councils (their pages, PDFs and
e-books), with a manifest; `merge` checks that the shards belong together and
name only files inside themselves, gives each output what the shards made of
it (the PDFs go into the cache, pages and e-books are taken as they are) and
builds the rest, so nothing is made twice and the result is the unsharded
build, byte for byte.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
import mdit_py_plugins

from sitegen.content.councilcache import LIBRARIES
from sitegen.content.entries import SiteModel
from sitegen.content.schema import schemas
from sitegen.engine import cachefiles, lookahead
from sitegen.engine.fingerprint import PACKAGE, fingerprint, state_path
from sitegen.engine.git import Revision, Status, revisions
from sitegen.engine.lookahead import Ahead
from sitegen.engine.writer import Output, in_place, staged
from sitegen.messages import text
from sitegen.outputs.formats import BuildContext, Made, Shard, in_order, registry
from sitegen.outputs.graph import Digests, Graph
from sitegen.outputs.markdown import MarkdownCache
from sitegen.outputs.page import Download
from sitegen.outputs.theme import CompiledTemplates, Theme
from sitegen.settings import Settings

__all__ = ["MANIFEST", "Shard", "ShardRefused", "build", "merge", "preview_build"]

MANIFEST = "sitegen-shard.json"
# the libraries pages and schemas are made with, by version: another version, every page made again
RENDERED_BY = f"{LIBRARIES} jinja2 {getattr(jinja2, '__version__', '')}"
RENDERED_BY += f" mdit-py-plugins {getattr(mdit_py_plugins, '__version__', '')}"


class ShardRefused(Exception):
    """A shard that merge will not take: what is wrong, in the editor's words."""


def last_deploy(settings: Settings) -> dict[str, Any] | None:
    """The hooks' last deploy's outcome, as they pass it (sitegen/workflow/hooks.py)."""
    try:
        found = json.loads(settings.last_deploy) if settings.last_deploy else None
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def source_revisions(site: SiteModel, seen: Status | None = None) -> dict[str, Revision | None]:
    """Per plan and edition page: the last commit of its sources (named in colophons). seen:
    the content folder's git status, when the command has asked it already."""
    folders = {p.url: p.source.path.parent for p in site.all_plans()}
    folders |= {e.url: e.source.path.parent for e in site.all_editions()}
    folders[""] = site.root  # content/ as a whole: what the build-info page names
    return revisions(site.root, folders, seen)


def build(
    site: SiteModel,
    out: Path,
    settings: Settings,
    shard: Shard | None = None,
    premade: dict[str, dict[str, list[tuple[str, Path]]]] | None = None,
    seen: Status | None = None,
    ahead: Ahead | None = None,
) -> Built:
    """Build into out, staged beside it and switched in when complete. With a shard: only its
    part of the sharded outputs (PDFs, EPUBs), and the manifest merge reads. premade: by output,
    each unit's files a shard made, used as they are. seen: the content's git status, when
    the command has asked it already (git.Status); ahead: the look at the last build's files
    the command began before loading (lookahead.looked_ahead)."""
    output = _build(site, out, settings, shard=shard, premade=premade, seen=seen, ahead=ahead)[0]
    return Built(output.count, output.folders(), output.stamps, output.touched)


@dataclass(frozen=True)
class Built:
    count: int  # files written
    folders: list[str]  # the output's folders, as fingerprint.walk_folders finds them
    stamps: dict[str, tuple[int, int, int]]  # of folders, as the prune left them (writer.Output.stamps)
    touched: set[str]  # the folders it wrote into, or pruned (writer.Output.touched)


@dataclass
class PreviewMemory:
    """What the live preview keeps in memory from one build to the next."""

    files: cachefiles.Memo = field(default_factory=dict)  # the cache's records and parses, as read
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)  # the theme, compiled
    outputs: dict[str, Any] = field(default_factory=dict)  # by output (the web: each council's pages)

    def forget_pages(self) -> None:
        """After a failed build: what the outputs kept may be of pages half written."""
        self.outputs.clear()


def preview_build(
    site: SiteModel, out: Path, settings: Settings, live: set[str] | None, memory: PreviewMemory
) -> tuple[set[str], dict[str, Callable[[], bytes]]]:
    """The live preview's build (sitegen serve): fonts cut to a broad set (see
    fonts.preview_text). The first is staged like any build; later ones are written in
    place over the files the one before wrote (live), in this process: an edit re-renders
    a page or a few, which costs less than forking workers or writing a spare. Returns the
    files written, and the files to serve from memory, made when asked for (the search
    index: see WebRenderer.finish)."""
    output, on_request = _build(site, out, settings, preview=True, live=live, memory=memory)
    return output.seen, on_request


def _build(
    site: SiteModel,
    out: Path,
    settings: Settings,
    shard: Shard | None = None,
    premade: dict[str, dict[str, list[tuple[str, Path]]]] | None = None,
    preview: bool = False,
    live: set[str] | None = None,
    memory: PreviewMemory | None = None,
    seen: Status | None = None,
    ahead: Ahead | None = None,
) -> tuple[Output, dict[str, Callable[[], bytes]]]:
    cache = settings.cache
    cachefiles.mark_cache(cache)
    compiled = memory.templates if memory else CompiledTemplates(cache / "templates")
    theme = Theme(settings.theme_dirs(site.config.theme), site.config.language, compiled)
    formats = in_order(site.config.outputs)
    # every page says when its sources last changed; the preview, rebuilt on every edit, does not ask git
    revisions = source_revisions(site, seen) if not preview or any(f.name != "web" for f in formats) else {}
    rendered = MarkdownCache(cache / "markdown")
    try:
        place = in_place(out.resolve(), live) if live is not None else staged(out, state_path(cache, out, ".folders"))
        with place as output:
            made = Made()
            files = memory.files if memory else None
            graph = dependency_graph(site, theme, made.downloads, output.target, cache, output.live, files)
            graph.digests.revisions = revisions
            graph.ahead = ahead
            if ahead is not None:  # asked as the build prunes, when the look has long ended
                output.folders_ahead = partial(ahead.folders, lookahead.BUILD_FOLDERS)
            ctx = BuildContext(
                site,
                theme,
                output,
                graph,
                cache,
                revisions,
                shard=shard,
                premade=premade or {},
                markdown=rendered,
                preview=preview,
                parallel=live is None,
                memory=memory.outputs if memory else None,
                made=made,
                last_deploy=last_deploy(settings),
            )
            graph.digests.extra[("deploy", "")] = settings.last_deploy  # read by the build-info page
            for cls in formats:
                if shard is None or cls.sharded:
                    cls(ctx).make()
            if shard:
                # what merge checks the shards against: the same code, theme, config and options
                manifest = {"shard": f"{shard.index}/{shard.count}", "fingerprint": graph.base, **made.sharded}
                output.write(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")
            else:
                for name, data in schema_files(graph.folder / "_schemas.pickle", graph.base).items():
                    output.write(f"schemas/{name}", data)
        return output, made.on_request
    finally:
        rendered.close()


def dependency_graph(
    site: SiteModel,
    theme: Theme,
    downloads: dict[str, dict[str, Download]],
    out: Path,
    cache: Path,
    trusted: bool = False,
    memo: cachefiles.Memo | None = None,
) -> Graph:
    """The outputs' dependency graph against the build in out. What every page reads (the
    site's config, the theme's strings, sitegen's code, the options) is one base digest;
    templates and content are recorded output by output. Downloads fill in as the PDFs
    and EPUBs are made; pages ask for their sizes only after. The councils' shapes are kept
    for the next build, by the base digest (sitegen's code among it)."""
    base = base_digest(site, theme.dirs)
    remembered = lookahead.records_folder(cache, out) / "_shapes.pickle"  # "_": no council's slug
    shaped = _kept_shapes(cachefiles.load(remembered, memo), base)
    digests = Digests(site, theme, downloads, shaped)
    if digests.shaped != shaped:
        cachefiles.dump(remembered, (base, digests.shaped), memo)
    return Graph(digests, base, out, cache, trusted, memo)


def _kept_shapes(kept: object, base: str) -> dict[str, tuple[str, str]]:
    """The councils' shapes a build before kept, when kept under this base digest and of this
    form (another version's are not taken): by council, (its key, its shape)."""
    if not (isinstance(kept, tuple) and len(kept) == 2 and kept[0] == base and isinstance(kept[1], dict)):
        return {}
    shaped = kept[1]
    pairs = all(isinstance(v, tuple) and len(v) == 2 and all(type(x) is str for x in v) for v in shaped.values())
    return shaped if pairs else {}


def base_digest(site: SiteModel, theme_dirs: list[Path]) -> str:
    """What every page reads: the site's config, the theme's strings, sitegen's code, the options.
    The config as the model holds it (with the options given on the command line), not
    site.yaml's bytes: its vocabularies are what the loader checks content against, which no
    page shows, so a word added to them checks every file again and renders nothing again
    (issue 23); a comment or a reordered key in site.yaml renders nothing either."""
    config = site.config.model_dump(mode="json", exclude={"vocabularies"})
    options = {"config": config, "libraries": RENDERED_BY}
    return fingerprint([PACKAGE, *(d / "strings" for d in theme_dirs)], options, epoch=False)


def schema_files(remembered: Path, base: str) -> dict[str, str]:
    """The content files' JSON Schemas, kept in the cache by the base digest (sitegen's code
    and libraries): pydantic takes a tenth of a second or more to describe the models, on
    every build, for files that change only with sitegen."""
    known = cachefiles.load(remembered)
    if isinstance(known, tuple) and len(known) == 2 and known[0] == base and isinstance(known[1], dict):
        return known[1]
    made = schemas()
    cachefiles.dump(remembered, (base, made))
    return made


def merge(site: SiteModel, shards: list[Path], out: Path, settings: Settings) -> int:
    """Gather shard builds: each output takes what the shards made of it (the PDFs into the
    cache, so none is typeset again; pages and EPUBs as they are); then build as usual.
    Shards come from other machines: they must be 1/N … N/N of one build of this very site
    (code, theme, config, options), and every file they name must be a file inside them."""
    offered = registry()
    base = base_digest(site, settings.theme_dirs(site.config.theme))
    manifests = [_manifest(shard, base) for shard in shards]
    counts = {int(m["shard"].split("/")[1]) for m in manifests}
    indexes = [int(m["shard"].split("/")[0]) for m in manifests]
    if len(counts) != 1 or len(set(indexes)) != len(indexes):  # parts of two splits, or one twice
        raise ShardRefused(text("merge_shards_mixed", found=", ".join(m["shard"] for m in manifests)))
    count = counts.pop()
    if missing := [f"{i}/{count}" for i in range(1, count + 1) if i not in indexes]:
        print(text("merge_shards_missing", missing=", ".join(missing)), file=sys.stderr)  # made here
    premade: dict[str, dict[str, list[tuple[str, Path]]]] = {}
    for shard, manifest in zip(shards, manifests, strict=True):
        for name, records in manifest.items():
            if name in offered:
                premade.setdefault(name, {}).update(offered[name].adopt(settings.cache, shard, records))
    return build(site, out, settings, premade=premade).count


SAFE_PART = re.compile(r"[^/\\\0]+")


def inside(shard: Path, rel: object, folders: set[str] | None = None) -> None:
    """That rel names a file inside shard: a relative path of plain names (no "..", no
    absolute path) to a regular file, not a link, under folders of the shard none of which is
    a link; else ShardRefused. folders: those of the shard already looked at (a shard lists
    every file of its councils, thousands to a folder; each folder is looked at once)."""
    parts = rel.split("/") if isinstance(rel, str) else []
    if not parts or any(p in ("", ".", "..") or not SAFE_PART.fullmatch(p) for p in parts):
        raise ShardRefused(text("merge_file_outside", shard=shard, rel=repr(rel)))
    # no link on the way: a folder of the shard that is a link led merge to any file the
    # merging host can read, published (hard-linked) as the site's
    base, folder = str(shard), ""
    for part in parts[:-1]:
        folder = f"{folder}/{part}" if folder else part
        if folders is not None and folder in folders:
            continue
        if not _is(stat.S_ISDIR, f"{base}/{folder}"):
            raise ShardRefused(text("merge_file_missing", shard=shard, rel=rel))
        if folders is not None:
            folders.add(folder)
    if not _is(stat.S_ISREG, f"{base}/{rel}"):
        raise ShardRefused(text("merge_file_missing", shard=shard, rel=rel))


def _is(kind: Callable[[int], bool], path: str) -> bool:
    """Whether path itself (a link not followed) is of kind (stat.S_ISDIR, S_ISREG); False if absent."""
    try:
        return kind(os.lstat(path).st_mode)
    except OSError:
        return False


def _manifest(shard: Path, base: str) -> dict[str, Any]:
    try:
        manifest = json.loads((shard / MANIFEST).read_bytes())
    except (OSError, ValueError) as exc:
        raise ShardRefused(text("merge_manifest_unreadable", shard=shard, error=exc)) from exc
    if not isinstance(manifest, dict) or not re.fullmatch(r"\d+/\d+", str(manifest.get("shard", ""))):
        raise ShardRefused(text("merge_manifest_unreadable", shard=shard, error="shard"))
    if manifest.get("fingerprint") != base:
        raise ShardRefused(text("merge_other_build", shard=shard))
    for name, records in manifest.items():
        if name in ("shard", "fingerprint"):
            continue
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ShardRefused(text("merge_manifest_unreadable", shard=shard, error=name))
        folders: set[str] = set()
        for record in records:
            for rel in record.get("files", []):
                inside(shard, rel, folders)
            if "rel" in record:
                inside(shard, record["rel"], folders)
    return manifest
