"""Load → validate → model: reads content/ into a SiteModel, or reports every problem.

Layout (one folder per council, one per plan):
  content/site.yaml
  content/councils/<council>/council.yaml
  content/councils/<council>/plans/<plan>/plan.yaml
  content/councils/<council>/plans/<plan>/programmes/<programme>.md
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import pickle
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from sitegen.content import checks
from sitegen.content.councilcache import CouncilCache, Words, file_digest
from sitegen.content.entries import PLAN_PAGES, SITE_PAGES, CouncilEntry, PlanEntry, ProgrammeEntry, SiteModel, Source
from sitegen.content.links import refused_links
from sitegen.content.media import image_problem
from sitegen.content.model.common import AsPublished, is_slug
from sitegen.content.model.plan import Plan
from sitegen.content.model.programme import Programme
from sitegen.content.model.site import Council, Site
from sitegen.content.model.types import Markdown
from sitegen.content.newsloader import NEWS, NewsLoader
from sitegen.content.packed import Packed, close_all, pack
from sitegen.content.parsecache import ParseCache, StoredPositions, stored
from sitegen.content.source import (
    Loaded,
    Path_,
    Positions,
    dotted,
    load_yaml,
    read_text,
    special_files,
    split_front_matter,
    text_digest,
)
from sitegen.content.validate import valid_parts, validate
from sitegen.engine import cachefiles
from sitegen.engine.fingerprint import Tree, signature, walk_files
from sitegen.engine.git import Status
from sitegen.engine.workers import forked_map
from sitegen.messages import text
from sitegen.problems import ERROR, ContentError, Problem, Problems, display_path


class Loader:
    def __init__(
        self,
        root: Path,
        cache: Path | None = None,
        kept: dict[str, Kept] | None = None,
        changed: set[Path] | None = None,
        memo: cachefiles.Memo | None = None,
        tree: Tree | None = None,
        git: Status | None = None,
    ):
        self.root = root
        self.tree = tree if tree is not None and tree.root == root else None  # root as the build walked it
        self.git = git if git is not None and git.root == root else None  # root's status, asked before the load
        self.problems = Problems()
        self.config = Site(title="")
        self.parsed = ParseCache(cache / "parsed", memo) if cache else None  # parses kept between builds
        # councils kept whole between builds (a fresh process each, as CI builds); the preview
        # keeps them in memory instead (kept)
        self.stored = CouncilCache(cache / "councils", root) if cache and kept is None else None
        self.council_folder = ""  # of the council being loaded, resolved, with a final /
        self.outside: set[str] = set()  # files outside it that its checks read
        self.taken: list[str] = []  # councils taken whole from the cache, not read again
        self._prefix = os.path.join(os.path.abspath(root.parent), "")
        # the live preview keeps what each council's last load gave: (its files' signature
        # and the config's, the council, its problems); councils refer to nothing outside
        self.kept = kept
        self.kept_now: dict[str, Kept] = {}
        self.plans_before: dict[str, KeptPlan] | None = None  # the council being loaded: its plans as kept
        self.plans_now: dict[str, KeptPlan] = {}
        self.packing: list[tuple[Any, Packed, str]] = []  # entries to pack once checked (sitegen/content/packed.py)
        # the files the preview's watcher saw change since the last load (None: not known)
        self.changed = None if changed is None else {str(p) for p in changed}
        self.site_digest = ""
        self.config_digest = ""
        self.words: Words = {}  # the vocabularies, as sets

    def shown(self, path: Path) -> str:
        # without resolving each path (a stat per folder of it, for every file of the site)
        found = os.path.abspath(path)
        if found.startswith(self._prefix):
            return found[len(self._prefix) :]
        return display_path(path, self.root)

    def problem(self, path: Path, found: str, expected: str, line: int = 1, field: str = "") -> None:
        self.problems.add(Problem(self.shown(path), line, 1, field, found, expected))

    def at(self, source: Source, loc: Path_, found: str, expected: str, hint: str = "") -> None:
        """A problem at a value of an already-parsed file, placed by its recorded position."""
        line, col = source.positions.at(loc)
        self.problems.add(Problem(source.shown, line, col, dotted(loc), found, expected, hint))

    def read_yaml(self, path: Path) -> Loaded | None:
        shown = self.shown(path)
        source, problems = read_text(path, shown)
        self.problems.extend(problems)
        if source is None:
            return None
        doc = load_yaml(source, shown)
        self.problems.extend(doc.problems)
        return None if doc.problems else doc

    def front_matter(
        self, cls: type[BaseModel], path: Path, front: str, context: dict[str, Any]
    ) -> tuple[Any, Source, Packed] | None:
        """A Markdown file's front matter parsed, validated and its links checked: from the
        parse cache when the same text was parsed in the same context before
        (sitegen/content/parsecache.py). With the data, its pickle to keep it packed by (sitegen/content/packed.py)."""
        shown = self.shown(path)
        key = self.parsed.key(cls.__name__, shown, front, context) if self.parsed else ""
        if self.parsed and (hit := self.parsed.get(path.parent, key)):
            blob, positions, digest = hit
            source = Source(path, shown, StoredPositions(positions), digest=digest)
            return pickle.loads(blob), source, Packed.data(blob)
        doc = load_yaml(front, shown, line_offset=1)
        self.problems.extend(doc.problems)
        if doc.problems:
            return None
        loaded = self.model(cls, path, doc, context)
        if loaded is None:
            return None
        before = len(self.problems.items)
        self.check_links(loaded[1], loaded[0])
        # The positions (a few thousand tuples a file) kept pickled from now on, as a cached
        # parse's are: most are never asked for, and held open they were a large share of a
        # big site's memory (benchmarks/README.md, "Figures behind the code").
        data, source = loaded
        blob = stored(source.positions)
        source = dataclasses.replace(source, positions=StoredPositions(blob))
        packed = pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL)
        if self.parsed and len(self.problems.items) == before:  # kept only when it had nothing to say
            self.parsed.put(path.parent, key, (packed, blob, source.digest))
        return data, source, Packed.data(packed)

    def model(
        self, cls: type[BaseModel], path: Path, doc: Loaded, context: dict[str, Any]
    ) -> tuple[Any, Source] | None:
        # the context (a programme's plan year) shapes the data as much as the text does
        source = Source(path, self.shown(path), doc.positions, digest=text_digest(doc.digest + repr(context)))
        data, problems = validate(cls, doc, source.shown, context)
        self.problems.extend(problems)
        return None if data is None else (data, source)

    # -- the site --------------------------------------------------------

    def load(self) -> SiteModel:
        site_file = self.root / "site.yaml"
        if not self.root.is_dir():
            raise ContentError(self._fatal(self.root, text("content_missing"), text("content_folder")))
        if not site_file.is_file():
            raise ContentError(self._fatal(site_file, text("file_missing", ref="site.yaml"), text("existing_file")))
        # nothing is read through a link or from a device: a link to /etc/passwd would be
        # echoed in messages, one to /dev/zero would never end (SECURITY.md)
        for path in special_files(self.root, self.tree) + special_files(self.root.parent / "themes"):
            self.problem(path, text("not_regular_file"), text("regular_file"))
        if self.problems:
            raise ContentError(self.problems)
        doc = self.read_yaml(site_file)
        loaded = self.model(Site, site_file, doc, {}) if doc else None
        # with a broken site.yaml, councils are still checked (with default vocabularies)
        # so that the editor sees every problem in one run
        # a site.yaml that does not load is still known by its bytes: the preview's councils,
        # kept under the digest of the one before, are checked again against the defaults
        broken = Source(site_file, "", Positions(), digest=file_digest(str(site_file)) or "unread")
        self.config, source = loaded or (Site(title=""), broken)
        self.site_digest = source.digest
        # what a council's load reads of site.yaml, for the councils kept in the cache: the
        # config but its vocabularies, which are checked as sets (CouncilCache.get): a word
        # added takes every council that used none unknown from the cache (issue 23)
        rest = self.config.model_dump(mode="json", exclude={"vocabularies"})
        self.config_digest = text_digest(json.dumps(rest, ensure_ascii=False, sort_keys=True))
        self.words = {k: frozenset(v) for k, v in self.config.vocabularies.model_dump().items()}
        site = SiteModel(self.root, source, self.config)
        if self.config.operator.emblem:
            self.check_file(source, ("operator", "emblem"), self.root, self.config.operator.emblem)
        councils_dir = self.root / "councils"
        folders = sorted(p for p in councils_dir.iterdir() if p.is_dir()) if councils_dir.is_dir() else []
        if not folders:
            self.problem(councils_dir, text("no_councils"), text("council_folder"))
        site.councils = [c for c in self.councils(folders) if c]
        if self.parsed:
            self.parsed.save()
        close_all()  # what checks opened of kept councils
        if self.problems:
            raise ContentError(self.problems)
        return site

    def councils(self, folders: list[Path]) -> list[CouncilEntry | None]:
        """Each council whole (nothing in one refers to another), side by side in forked
        processes when there are many and nothing is parsed yet: their entries and problems
        come back pickled, which costs less than parsing and checking their files but more
        than taking them from the parse cache (benchmarks/README.md, "Figures behind the code")."""
        workers = min(len(folders) // PER_WORKER, os.cpu_count() or 1)
        # the preview's later loads keep what they can in this process: a worker would hand
        # back a copy of a kept council, not the council the pages were rendered from
        if workers <= 1 or sys.platform != "linux" or (self.parsed and self.parsed.filled()) or self.kept:
            return [self.council_whole(f) for f in folders]
        results = dict(forked_map(lambda i: self.council_in_worker(folders[i]), len(folders), workers))
        done = [results[i] for i in range(len(folders))]
        for folder, (_, problems, kept) in zip(folders, done, strict=True):
            self.problems.extend(problems)
            if kept is not None:  # the preview's first load: its next one keeps these councils
                self.kept_now[folder.name] = kept
        return [council for council, _, _ in done]

    def council_in_worker(self, folder: Path) -> tuple[CouncilEntry | None, list[Problem], Kept | None]:
        """In a forked worker: one council loaded, with the problems found on the way and, for
        the preview, what it keeps of the council (pickled with the council, so its council and
        plans are the very objects returned); the parsed files it used are kept in the cache
        from here (each council its own folders)."""
        self.problems = Problems()
        if self.parsed:
            self.parsed.used.clear()
        council = self.council_whole(folder)
        if self.parsed:
            self.parsed.save()
        return council, self.problems.items, self.kept_now.get(folder.name) if self.kept is not None else None

    def council_whole(self, folder: Path) -> CouncilEntry | None:
        key, carried = "", set()
        if self.kept is not None:  # the live preview: a council whose files are as they were is kept
            known = self.kept.get(folder.name)
            if known and any(file_digest(p) != d for p, d in known[4].items()):
                known = None  # a picture outside its folder that it names has changed: read again
            if known and self.changed is not None and known[0].endswith(self.site_digest):
                inside = f"{folder.resolve()}/"  # the watcher tells of resolved paths
                if not any(c.startswith(inside) for c in self.changed):  # told: nothing changed here
                    self.kept_now[folder.name] = known
                    self.problems.extend(known[2])
                    return known[1]
            # by inode too: two files of one size swapped by a rename keep their times
            key = signature(folder, walk_files(folder), inode=True) + self.site_digest
            if known and known[0] == key:
                self.kept_now[folder.name] = known
                self.problems.extend(known[2])
                return known[1]
            if known and self.changed is not None and known[0].endswith(self.site_digest):
                self.plans_before = known[3]  # told what changed: its untouched plans are kept
                carried = set(known[4])  # and the pictures outside that they name
        elif self.stored:  # a build in a fresh process: the council as a build before kept it
            listed = self.tree.under(f"councils/{folder.name}/") if self.tree else None
            key = self.stored.key(folder, self.shown(folder), self.config_digest, listed, self.git)
            if hit := self.stored.get(folder.name, key, self.words):
                self.problems.extend(hit[1])
                self.taken.append(folder.name)
                hit[0].key = key  # kept under it (as put below)
                return hit[0]
        before = len(self.problems.items)
        self.plans_now = {}
        self.council_folder, self.outside = f"{folder.resolve()}/", set()
        # the files parsed make garbage: collected, but not in the preview's process, which
        # collects after its reload is sent (workflow/serve.py)
        with cachefiles.collecting() if self.kept is None else contextlib.nullcontext():
            try:
                council = self.load_council(folder)
            finally:
                self.plans_before = None
            if council:
                self.link_continuations(council)
                NewsLoader(self).load_council(folder, council)  # last: articles refer to programmes
        for entry, data, body in self.packing:  # checked, linked: kept packed until rendered
            pack(entry, data, body)
        self.packing.clear()
        found = self.problems.items[before:]
        if self.kept is not None:
            outside = {p: file_digest(p) for p in sorted(self.outside | carried)}
            self.kept_now[folder.name] = (key, council, found, self.plans_now, outside)
        # known by its key, and kept, only as the files were when it was read (an editor may
        # save one mid-build, or since the build's walk): walked again
        elif (
            self.stored
            and council
            and key == self.stored.key(folder, self.shown(folder), self.config_digest, git=self.git)
        ):
            council.key = key
            if not any(p.severity == ERROR for p in found):
                self.stored.put(folder.name, key, council, found, self.outside, self.words)
        return council

    def _fatal(self, path: Path, found: str, expected: str) -> Problems:
        self.problem(path, found, expected)
        return self.problems

    def folder_name_ok(self, folder: Path) -> bool:
        if is_slug(folder.name):
            return True
        self.problem(folder, text("folder_name", name=folder.name), text("slug_expected"))
        return False

    def open_folder(self, folder: Path, name: str) -> tuple[Path, Loaded | None] | None:
        """The folder's main YAML file, read; None when the folder itself is wrong."""
        if not self.folder_name_ok(folder):
            return None
        path = folder / name
        if not path.is_file():
            self.problem(path, text("file_missing", ref=name), text("existing_file"))
            return None
        return path, self.read_yaml(path)

    def load_council(self, folder: Path) -> CouncilEntry | None:
        if folder.name in SITE_PAGES:  # its pages would overwrite the site's own page of that name
            names = ", ".join(SITE_PAGES)
            self.problem(folder, text("site_reserved", name=folder.name), text("council_folder_name", names=names))
            return None
        opened = self.open_folder(folder, "council.yaml")
        if opened is None:
            return None
        path, doc = opened
        loaded = self.model(Council, path, doc, {}) if doc else None
        if not loaded:
            # keep going with a stand-in so the council's plans are checked in the same run;
            # the problems already recorded stop any build
            stand_in = Council.model_construct(name=folder.name, level="구", parent="")
            loaded = (stand_in, Source(path, self.shown(path), Positions()))
        council = CouncilEntry(folder.name, loaded[1], loaded[0])
        if council.data.emblem:
            self.check_file(council.source, ("emblem",), folder, council.data.emblem)
        plans_dir = folder / "plans"
        for plan_folder in sorted(p for p in plans_dir.iterdir() if p.is_dir()) if plans_dir.is_dir() else []:
            plan = self.plan_whole(plan_folder, council)
            if plan:
                council.plans.append(plan)
        council.plans.sort(key=lambda p: p.data.year)
        return council

    def plan_whole(self, folder: Path, council: CouncilEntry) -> PlanEntry | None:
        """A plan with its programmes. In the preview, told by the watcher that nothing in its
        folder changed (nor the config), the plan as last loaded: it reads nothing outside its
        folder but the config, so an edit reloads its own plan, not the council's ten."""
        known = self.plans_before.get(folder.name) if self.plans_before is not None else None
        inside = f"{folder.resolve()}/" if known is not None else ""
        if known is not None and not any(c.startswith(inside) for c in self.changed or ()):
            plan, problems = known
            if plan is not None:
                plan.council = council
                for prog in plan.programmes:  # linked again across the council's plans
                    prog.continues, prog.continued_by = None, []
            self.problems.extend(problems)
            self.plans_now[folder.name] = known
            return plan
        before = len(self.problems.items)
        plan = self.load_plan(folder, council)
        self.plans_now[folder.name] = (plan, self.problems.items[before:])
        return plan

    def load_plan(self, folder: Path, council: CouncilEntry) -> PlanEntry | None:
        if folder.name == NEWS:  # <council>/news/ is where the council's newsletters go
            self.problem(folder, text("news_reserved", name=folder.name), text("plan_folder_name"))
            return None
        opened = self.open_folder(folder, "plan.yaml")
        if opened is None:
            return None
        path, doc = opened
        if doc is None:
            return None
        raw_year = doc.data.get("year") if isinstance(doc.data, dict) else None
        year = raw_year if isinstance(raw_year, int) else None
        loaded = self.model(Plan, path, doc, {"year": year})
        if not loaded:
            return None
        plan = PlanEntry(folder.name, loaded[1], loaded[0], council)
        r = checks.Reporter(plan.source)
        if folder.name.isdigit() and int(folder.name) != plan.data.year:
            r.error(("year",), text("year_mismatch", folder=folder.name, year=plan.data.year), text("same_year"))
        checks.check_plan(r, plan.data)
        self.check_links(plan.source, plan.data)
        acks = _acks(plan.data.as_published)
        if plan.data.performance:  # its own list, beside the figures it names (performance.…)
            acks += _acks(plan.data.performance.as_published, ("performance",))
        self.problems.extend(r.finish(acks))
        self.load_programmes(folder, plan)
        return plan

    def load_programmes(self, folder: Path, plan: PlanEntry) -> None:
        prog_dir = folder / "programmes"
        files = {p.stem: p for p in sorted(prog_dir.glob("*.md"))} if prog_dir.is_dir() else {}
        listed: dict[str, int] = {}
        for ci, chapter in enumerate(plan.data.chapters):
            for pi, slug in enumerate(chapter.programmes):
                loc = ("chapters", ci, "programmes", pi)
                if slug in listed:
                    self.at(plan.source, loc, text("listed_twice", slug=slug), text("listed_once"))
                    continue
                listed[slug] = ci
                if slug not in files:
                    self.at(
                        plan.source,
                        loc,
                        text("unknown_reference", kind=text("kind_programme"), ref=slug),
                        text(
                            "one_of_known", kind=text("kind_programme"), known=", ".join(files) or text("none_defined")
                        ),
                        text("programme_file", slug=slug),
                    )
        numbers: dict[tuple[int, int], str] = {}
        for slug, path in files.items():
            if slug not in listed:
                self.problem(path, text("not_in_chapters", slug=slug), text("in_chapters"))
                continue
            entry = self.load_programme(path, plan, listed[slug])
            if entry is None:
                plan.unloaded.add(slug)
                continue
            number = entry.data.number
            key = (listed[slug], number or 0)  # numbering restarts in each chapter
            if number is not None:
                if key in numbers:
                    self.at(
                        entry.source,
                        ("number",),
                        text("duplicate_number", number=number),
                        text("unique_number"),
                        numbers[key],
                    )
                numbers.setdefault(key, entry.source.shown)
            plan.programmes.append(entry)
        order = [s for ch in plan.data.chapters for s in ch.programmes]
        plan.programmes.sort(key=lambda p: order.index(p.slug))

    def load_programme(self, path: Path, plan: PlanEntry, chapter: int) -> ProgrammeEntry | None:
        shown = self.shown(path)
        source, problems = read_text(path, shown)
        self.problems.extend(problems)
        if source is None:
            return None
        if not is_slug(path.stem):
            self.problem(path, text("folder_name", name=path.name), text("slug_expected"))
            return None
        if path.stem in PLAN_PAGES:  # its page would overwrite the plan's own page of that name
            self.problem(path, text("reserved_name", name=path.name), text("other_name", names=", ".join(PLAN_PAGES)))
            return None
        front, body, body_line, problems = split_front_matter(source, shown)
        self.problems.extend(problems)
        if front is None:
            return None
        loaded = self.front_matter(Programme, path, front, {"year": plan.data.year})
        if not loaded:
            # the file's other problems still: its body's, and the figures of its valid fields
            self.check_body(path, body, body_line)
            self.check_valid_parts(path, front, plan)
            return None
        entry = ProgrammeEntry(path.stem, loaded[1], loaded[0], Markdown(body), body_line, plan, chapter)
        self.packing.append((entry, loaded[2], body))
        vocab = self.config.vocabularies
        r = checks.Reporter(entry.source)
        checks.check_programme(
            r, entry.data, plan.data.year, vocab.programme_kinds, vocab.funding_sources, {t.id for t in plan.data.teams}
        )
        for i, image in enumerate(entry.data.images):
            self.check_file(entry.source, ("images", i, "src"), path.parent, image.src)
        self.check_body(path, body, body_line)
        self.problems.extend(r.finish(_acks(entry.data.as_published)))
        return entry

    def check_valid_parts(self, path: Path, front: str, plan: PlanEntry) -> None:
        """A programme whose front matter failed validation: the checks over the fields that are
        valid on their own (a wrong total in funding is reported beside a bad number elsewhere)."""
        shown = self.shown(path)
        doc = load_yaml(front, shown, line_offset=1)
        if doc.problems:
            return  # not YAML: said already
        context = {"year": plan.data.year}
        partial = valid_parts(Programme, doc, context)
        if partial is None:
            return
        r = checks.Reporter(Source(path, shown, doc.positions))
        vocab = self.config.vocabularies
        teams = {t.id for t in plan.data.teams}
        try:
            checks.check_programme(r, partial, plan.data.year, vocab.programme_kinds, vocab.funding_sources, teams)
        except AttributeError:
            return  # a field the checks read is itself invalid (and said)
        self.problems.extend(r.finish(_acks(getattr(partial, "as_published", []))))

    def check_links(self, source: Source, model: BaseModel, loc: Path_ = ()) -> None:
        """Markdown fields in YAML: a javascript: or data: link is an error, not silently dropped."""
        for name in type(model).model_fields:
            self._check_value(source, getattr(model, name), (*loc, name))

    def _check_value(self, source: Source, value: object, here: Path_) -> None:
        """check_links over one field's value, whatever holds the Markdown: a model, a list,
        or a mapping (a performance level's texts: {목적: "![](/etc/hostname)"})."""
        if isinstance(value, Markdown):
            for _, href, what in refused_links(value):
                self.at(source, here, text(f"{what}_refused", href=href), text(f"{what}_expected"))
        elif isinstance(value, BaseModel):
            self.check_links(source, value, here)
        elif isinstance(value, list | tuple):
            for i, item in enumerate(value):
                self._check_value(source, item, (*here, i))
        elif isinstance(value, dict):
            for key, item in value.items():
                self._check_value(source, item, (*here, key))

    def check_body(self, path: Path, body: str, body_line: int) -> None:
        """A Markdown body's links and pictures (see sitegen/content/links.py)."""
        for line, href, what in refused_links(body):
            found = text(f"{what}_refused", href=href)
            self.problem(path, found, text(f"{what}_expected"), body_line + line, text("field_body"))

    def check_file(self, source: Source, loc: Path_, base: Path, ref: str) -> None:
        """A picture a field names (images, cover, emblem): inside content/, and a picture
        that may be published as it is (sitegen/content/media.py)."""
        target = (base / ref).resolve()
        if not str(target).startswith(self.council_folder):
            self.outside.add(str(target))  # a council kept whole is checked against it again
        if ref.startswith("/") or not target.is_relative_to(self.root.resolve()):
            self.at(source, loc, text("path_outside", ref=ref), text("path_inside"))
        elif not (base / ref).is_file():
            self.at(source, loc, text("file_missing", ref=ref), text("existing_file"))
        elif found := image_problem(base / ref):
            reason, kind = found
            if reason == "not_image" and kind:
                kind = text("image_unsupported", kind=kind)
            self.at(source, loc, text(f"image_{reason}", ref=ref, kind=kind), text("image_expected"))

    def link_continuations(self, council: CouncilEntry) -> None:
        for plan in council.plans:
            for prog in plan.programmes:
                ref = prog.brief.continues  # the data is packed: not opened to link
                if not ref:
                    continue
                folder, _, slug = ref.partition("/")
                target_plan = next((p for p in council.plans if p.slug == folder), None)
                target = target_plan.programme(slug) if target_plan else None
                if target is None and target_plan and slug in target_plan.unloaded:
                    continue  # it exists; its own file's problems are reported
                if target is None:
                    known = ", ".join(
                        f"{p.slug}/{g.slug}" for p in council.plans if p is not plan for g in p.programmes
                    )
                    self.at(
                        prog.source,
                        ("continues",),
                        text("unknown_reference", kind=text("kind_programme"), ref=ref),
                        text("one_of_known", kind=text("kind_programme"), known=known or "-"),
                    )
                elif target.plan.data.year >= plan.data.year:
                    self.at(prog.source, ("continues",), text("continues_later", ref=ref), text("continues_earlier"))
                else:
                    prog.continues = target
                    target.continued_by.append(prog)


KeptPlan = tuple["PlanEntry | None", list[Problem]]
# The preview's councils as last loaded: their files' signature and the config's, the council,
# its problems, each plan folder's (see plan_whole), and the files outside its folder that its
# checks read, with their digests (a picture in a shared folder).
Kept = tuple[str, "CouncilEntry | None", list[Problem], dict[str, KeptPlan], dict[str, str]]
PER_WORKER = 4  # councils a worker process is worth starting for


def _acks(items: list[AsPublished], at: Path_ = ()) -> list[tuple[Path_, AsPublished]]:
    return [((*at, "as_published", i), a) for i, a in enumerate(items)]


def load(root: Path, cache: Path | None = None) -> SiteModel:
    """The validated site; raises ContentError carrying every problem found. With a cache
    folder, files parsed before with the same text are not parsed again."""
    return Loader(root, cache).load()
