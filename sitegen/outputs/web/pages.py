"""The website: every page a resident needs, and the files that go with them.

Pages are rendered one at a time and handed to the writer as they are made;
what needs the whole site (the search index, the font subset, the feed and
the sitemap) is gathered on the way and written at the end.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from sitegen import __version__
from sitegen.content.entries import CouncilEntry, PlanEntry, ProgrammeEntry, SiteModel, kept_len
from sitegen.content.model.performance import hierarchy
from sitegen.content.packed import close_all, one_by_one
from sitegen.engine import cachefiles, recording
from sitegen.engine.fingerprint import signature
from sitegen.engine.git import Revision, latest
from sitegen.engine.workers import forked_map
from sitegen.engine.writer import Link, Pieces
from sitegen.outputs import summary
from sitegen.outputs.fonts import preview_text, subset_fonts
from sitegen.outputs.gathered import Gathered, parts_digest, plan_of
from sitegen.outputs.markdown import MarkdownCache
from sitegen.outputs.page import Download, File, Operator, Page, emblem_rel
from sitegen.outputs.renderer import Renderer
from sitegen.outputs.tabledata import (
    DataTable,
    Figure,
    data_package,
    data_table,
    figures,
    figures_csv,
    figures_json,
    figures_table,
    to_csv,
    to_json,
)
from sitegen.outputs.theme import Theme
from sitegen.outputs.view import Node, Viewer
from sitegen.outputs.web import cards, feeds
from sitegen.outputs.web.newsletters import NewsPages
from sitegen.outputs.web.search import LISTINGS, Layout
from sitegen.outputs.web.searchfile import Part, changes, chunked, layout_of, spliced, whole

if TYPE_CHECKING:
    from sitegen.content.model.common import Contact
    from sitegen.outputs.graph import Scope

# every figure of every plan, one a line: figures.csv and figures.json at the site root
FIGURES = "figures"
SEARCH = "search/index.json"
# Tables from which the site-wide data files are made in forked workers: below, forking took
# longer than making them (the default site's hundred-odd tables; benchmarks/README.md)
FORKED_TABLES = 500


class WebRenderer(Renderer):
    """The website's pages, recorded page by page so an unchanged one is taken as it was."""

    def __init__(
        self,
        site: SiteModel,
        theme: Theme,
        markdown: MarkdownCache | None = None,
        downloads: dict[str, dict[str, Download]] | None = None,
        font_cache: Path | None = None,
        preview: bool = False,
        revisions: Mapping[str, Revision | None] | None = None,
    ):
        super().__init__(site, theme, markdown)
        self.revisions = revisions or {}  # plan and edition url → last commit of its sources
        self.font_cache = font_cache  # subset fonts by (font, characters), kept between builds
        self.preview = preview  # the live preview: fonts cut to a broad set, so edits rarely re-cut them
        self.parallel = False  # whether it may fork workers for the site-wide files (a build's, not the preview's)
        # page url → its files by format (pdf, epub), made before the pages that link to them
        self.downloads = downloads or {}
        self.language: str = site.config.language
        # the pages whose share card their pages show: each plan's and edition's (see share_for)
        self.carded = {p.url for p in site.all_plans()} | {e.url for e in site.all_editions()}
        feeds.prepare(self.env)
        self.gathered = Gathered()
        # the preview's files it serves from memory, made when asked for (see finish)
        self.on_request: dict[str, Callable[[], bytes]] = {}
        self.scope: Scope | None = None  # where pages are recorded and reused (sitegen/outputs/graph.py)
        self.last_deploy: dict[str, Any] | None = None  # the hooks' deploy before this build's
        # the site-wide files assembled from every page's part (data packages, the figures file),
        # each by a digest of what it is made of: this build's, and the last build's with the
        # signature of its file (see assembled)
        self.assembled: dict[str, str] = {}
        self.assembled_before: dict[str, tuple[str, str]] = {}
        self.assembled_linked: dict[str, str] = {}  # linked from the last build: its signature then
        self.assemble: dict[str, Callable[[], str | bytes]] = {}  # how each is made, if a link fails
        # the search index: the last build's file's layout, this build's, and the signature
        # of the last build's file when it is linked as it is (see search_file)
        self.search_before: Layout | None = None
        self.search_layout: Layout | None = None
        self.search_linked = ""

    def download(self, url: str, kind: str) -> Download | None:
        """The file of a page's PDF or EPUB, whose size the page shows."""
        recording.read("download", f"{url}#{kind}")
        return self.downloads.get(url, {}).get(kind)

    def asset(self, rel: str, src: Path) -> File:
        """An image copied as it is."""
        recording.read("file", str(src))
        return rel, src

    # --- rendering --------------------------------------------------------------

    def unit(self, uid: str, make: Callable[[], Iterator[File]]) -> Iterator[File]:
        """One page with its files: taken from the previous build when nothing it read has
        changed, else made while what it reads is recorded."""
        scope = self.scope
        if scope is None:
            yield from make()
            return
        known = scope.reusable(uid)
        if known:
            previous = str(scope.graph.previous)
            for rel in known.files:
                yield rel, Link(f"{previous}/{rel}")
            if known.gathered is not None:
                self.gathered.add(known.gathered)
            return
        kept, self.gathered = self.gathered, Gathered()
        try:
            with recording.recording() as seen:
                made = list(make())  # one page's files: small
        finally:
            part, self.gathered = self.gathered, kept
        yield from made
        part.chars = "".join(sorted(part.chars))
        kept.add(part)
        scope.add(uid, seen, [rel for rel, _ in made], part)

    def page(
        self, template: str, page: Page, *, index: str | None = "", modified: date | None = None, **ctx: Any
    ) -> Iterator[File]:
        page.share = page.share or self.share_for(page.path)
        ctx.setdefault("changed", self.last_changed(page.path))
        ctx.setdefault("operator", self.operator(page.path))
        html = self.env.get_template(template).render(page=page, **ctx)
        self.gathered.see(html)
        yield f"{page.path}index.html", html
        if index is not None:
            self.gathered.search.add(self.url(page.path), html, index, listing=template in LISTINGS)
            self.gathered.sitemap.append((self.absolute(page.path), modified))
        for tv in page.tables.values():
            csv_path, unit = page.data_file(tv, "csv"), self.t("unit_label")
            yield csv_path, to_csv(tv, unit)
            name = page.data_name(tv, "csv").removesuffix(".csv")
            self.gathered.tables.append(data_table(tv, page.path, csv_path, name, unit))
            self.gathered.figures += figures(tv, page.path)
            yield page.data_file(tv, "json"), to_json(tv, self.absolute(page.path))

    def share_for(self, path: str) -> str:
        """The share card of the plan or edition the page belongs to, else the site's."""
        parts = path.split("/")
        for n in range(len(parts) - 1, 0, -1):
            prefix = "/".join(parts[:n]) + "/"
            if prefix in self.carded:
                return f"{prefix}share.png"
        return "share.png"

    def card(self, rel: str, kicker: str, title: str, footer: str = "") -> File:
        """A share card (sitegen/outputs/web/cards.py) in the theme's fonts, signed with the
        site's name unless footer says otherwise."""
        card = cards.Card(kicker, title, footer or self.site.config.title)
        return rel, cards.draw(card, self.theme.fonts())

    def last_changed(self, path: str) -> str:
        """When the page's sources were last committed, as residents read dates; "" outside git
        and in the preview. A read of its own (of the day: Digests.find), so a commit of another
        day re-renders the pages that show it, and one of the same day only those it changed."""
        recording.read("revision", path)
        found = latest(self.revisions, path)
        if not found:
            return ""
        day = date.fromisoformat(found.date[:10])
        return f"{day.year}. {day.month}. {day.day}."

    @cached_property
    def _councils_by_slug(self) -> dict[str, CouncilEntry]:
        # each page asks for its council: a search through the list was pages × councils
        return {c.slug: c for c in self.site.councils}

    def operator(self, path: str) -> Operator:
        """Who stands behind the page: the council and department of the plan or newsletter it
        belongs to, or the site's operator for pages of the whole site."""
        council = self._councils_by_slug.get(path.split("/", 1)[0])
        if council is None:
            op = self.site.config.operator
            emblem = emblem_rel("", op.emblem)
            return Operator(op.name, op.department, op.phone, op.address, str(op.website or ""), emblem, op.emblem_alt)
        department = ""
        for plan in council.plans:
            if path.startswith(plan.url):
                department = plan.data.department.name
        for pub in council.publications:
            if path.startswith(pub.url):
                department = pub.data.department
        c = council.data
        emblem = emblem_rel(council.url, c.emblem)
        return Operator(c.full_name, department, c.phone, c.address, str(c.website or ""), emblem, c.emblem_alt)

    def pages(self) -> Iterator[File]:
        """Every page, one after another (build.py may render the councils' in parallel instead)."""
        yield from self.opening()
        for council in self.site.councils:
            yield from self.council_pages(council)
        yield from self.closing()

    def opening(self) -> Iterator[File]:
        yield from self.unit("", self.home)

    def home(self) -> Iterator[File]:
        site = self.site
        home = Page("", site.config.title, section="home", description=site.config.description)
        editions = sorted(
            (pub.editions[0] for c in site.councils for pub in c.publications if pub.editions),
            key=lambda e: (e.data.date.first_day(), e.url),
            reverse=True,
        )
        address = self.absolute("").split("://", 1)[-1].rstrip("/")  # where residents find it
        yield self.card("share.png", site.config.description, site.config.title, address)
        if emblem := site.config.operator.emblem:
            yield self.asset(emblem_rel("", emblem), site.root / emblem)
        yield from self.page("index.html", home, councils=site.councils, editions=editions)

    def council_pages(self, council: CouncilEntry) -> Iterator[File]:
        """A council's pages: its own, its plans', its newsletters'."""
        yield from self.council(council)
        yield from NewsPages(self).council(council)

    def closing(self) -> Iterator[File]:
        yield from self.unit("compare/", self.compare)
        close_all()  # the comparison reads every council's plans: packed again before the index is written
        yield from self.unit("search/", self.search)
        yield from self.unit("404.html", self.not_found)
        yield from self.unit("build-info/", self.build_info)
        yield from self.finish()

    def compare(self) -> Iterator[File]:
        site = self.site
        compare = Page("compare/", self.t("compare_title"), [(self.t("home"), "")], "compare")
        yield from self.page(
            "compare.html",
            compare,
            plans_table=summary.comparison(site.councils, self.t, self.show),
            channels_table=summary.channels(site.councils, self.t),
            councils=site.councils,
            over_years=lambda c: summary.comparison(
                [c], self.t, self.show, f"years-{c.slug}", self.t("compare_years", council=c.data.full_name)
            ),
        )

    def council(self, council: CouncilEntry) -> Iterator[File]:
        yield from self.unit(council.url, lambda: self.council_page(council))
        for plan in council.plans:
            yield from self.plan(council, plan)

    def council_page(self, council: CouncilEntry) -> Iterator[File]:
        crumbs = [(self.t("home"), "")]
        page = Page(council.url, council.data.full_name, crumbs, "councils", council.data.description)
        if emblem := council.data.emblem:
            yield self.asset(emblem_rel(council.url, emblem), council.source.path.parent / emblem)
        yield from self.page("council.html", page, council=council, index=council.data.full_name)

    def plan(self, council: CouncilEntry, plan: PlanEntry) -> Iterator[File]:
        """A plan's pages, each one unit, then its programmes'."""
        yield from self.unit(plan.url, lambda: self.plan_page(council, plan))
        yield from self.unit(f"{plan.url}schedule/", lambda: self.schedule_page(plan))
        yield from self.unit(f"{plan.url}budget/", lambda: self.budget_page(plan))
        if plan.data.performance:
            yield from self.unit(f"{plan.url}indicators/", lambda: self.indicators_page(plan))
        for i, prog in enumerate(plan.programmes):
            yield from self.unit(prog.url, partial(self.programme, plan, prog, i))

    def plan_crumbs(self, plan: PlanEntry) -> list[tuple[str, str]]:
        """Above a plan's subpages and programmes."""
        council = plan.council
        return [(self.t("home"), ""), (council.data.full_name, council.url), (plan.data.title, plan.url)]

    def plan_page(self, council: CouncilEntry, plan: PlanEntry) -> Iterator[File]:
        crumbs = [(self.t("home"), ""), (council.data.full_name, council.url)]
        title = self.plan_title(plan)
        viewer = self.viewer(plan, plan.source.acknowledged)
        page = Page(plan.url, title, crumbs, "councils", str(plan.data.summary)[:200])
        nodes, chapters = self.layout(plan, viewer)
        kicker = f"{council.data.full_name} {plan.data.department.name}"
        yield self.card(f"{plan.url}share.png", kicker, plan.data.title)
        pdf = self.download(plan.url, "pdf")
        yield from self.page(
            "plan.html",
            page,
            council=council,
            plan=plan,
            nodes=nodes,
            summary_html=self.markdown.render(plan.data.summary, 1),
            headline=summary.glance(plan, self.t, self.show),
            chapters=chapters,
            performance_holds=self.performance_holds(plan),
            levels=hierarchy(plan.data.performance) if plan.data.performance else [],
            pdf=pdf,
            dataset=self.dataset(plan, title, pdf),
            subpages=self.subpages(plan),
            index=title,
            modified=self.plan_date(plan),
        )

    def schedule_page(self, plan: PlanEntry) -> Iterator[File]:
        title = self.plan_title(plan)
        schedule = summary.by_month(plan)
        yield from self.page(
            "schedule.html",
            Page(f"{plan.url}schedule/", self.t("schedule_title", plan=title), self.plan_crumbs(plan), "councils"),
            plan=plan,
            months=schedule.months,
            long=schedule.long,
            undated=schedule.undated,
            ics=f"{plan.url}schedule.ics",
            index=title,
            modified=self.plan_date(plan),
        )
        yield f"{plan.url}schedule.ics", self.calendar(plan)

    def budget_page(self, plan: PlanEntry) -> Iterator[File]:
        title, sub = self.plan_title(plan), self.plan_crumbs(plan)
        viewer = self.viewer(plan, plan.source.acknowledged)
        budget = viewer.node(plan.data.budget, "", ("budget",)) if plan.data.budget else None
        yield from self.page(
            "budget.html",
            Page(f"{plan.url}budget/", self.t("budget_title", plan=title), sub, "councils"),
            plan=plan,
            unit=summary.plan_unit(plan),
            headline=[g for g in summary.glance(plan, self.t, self.show) if g.name in ("budget", "change", "sources")],
            summary_table=budget.value if budget else None,
            tables=[
                tv
                for tv in (
                    summary.by_programme(plan, self.t, self.show),
                    summary.by_source(plan, self.t, self.show),
                    summary.by_year(plan, self.t, self.show),
                )
                if tv
            ],
            itemised=summary.itemised(plan, self.show),
            index=title,
            modified=self.plan_date(plan),
        )

    def indicators_page(self, plan: PlanEntry) -> Iterator[File]:
        assert plan.data.performance is not None  # made only for plans with a performance section
        title = self.plan_title(plan)
        yield from self.page(
            "indicators.html",
            Page(f"{plan.url}indicators/", self.t("indicators_title", plan=title), self.plan_crumbs(plan), "councils"),
            plan=plan,
            performance=self.performance(plan),
            index=title,
            modified=self.plan_date(plan),
        )

    def subpages(self, plan: PlanEntry) -> list[tuple[str, str]]:
        # the schedule only where there is one: a link to "이 계획에는 추진일정이 없습니다" wastes a tap
        out = [(self.t("schedule"), f"{plan.url}schedule/")] if summary.milestones(plan) else []
        out.append((self.t("budget"), f"{plan.url}budget/"))
        if plan.data.performance:
            out.append((self.t("indicators"), f"{plan.url}indicators/"))
        return out

    def programme(self, plan: PlanEntry, prog: ProgrammeEntry, i: int) -> Iterator[File]:
        viewer = self.viewer(plan, prog.source.acknowledged)
        nodes = viewer.fields(prog.data, skip={"title", "number", "continues", "images"})
        for n, image in enumerate(prog.data.images):
            src = prog.source.path.parent / image.src
            yield self.asset(f"{prog.url}images/{n + 1}{src.suffix.lower()}", src)
        yield from self.page(
            "programme.html",
            Page(prog.url, prog.data.title, self.plan_crumbs(plan), "councils", " ".join(prog.data.purpose)),
            prog=prog,
            plan=plan,
            council=plan.council,
            # who to call among the facts in the first screen, rather than a wide table at the
            # page's end (a resident had to scroll it sideways to find the number)
            facts_nodes=[n for n in nodes if n.kind == "text"] + [self.contact(viewer, c) for c in prog.data.contacts],
            section_nodes=[n for n in nodes if n.kind != "text" and n.name != "contacts"],
            body=self.markdown.render(prog.body, 1),
            images=[
                (f"{prog.url}images/{n + 1}{Path(im.src).suffix.lower()}", im) for n, im in enumerate(prog.data.images)
            ],
            pdf=self.download(plan.url, "pdf"),
            previous=plan.programmes[i - 1] if i > 0 else None,
            next=plan.programmes[i + 1] if i + 1 < len(plan.programmes) else None,
            index=self.plan_title(plan),
            modified=self.plan_date(plan),
        )

    def contact(self, viewer: Viewer, c: Contact) -> Node:
        """A programme's contact as one fact: "홍보실 전산팀 이동희 전산7급 · 전화 871-3203"."""
        who = " ".join(x for x in (c.department, viewer.teams.get(c.team, c.team), c.name, c.position) if x)
        if not c.phone:
            return Node("text", self.t("contacts_title"), who, name="contacts")
        # the number on one line: "871-" and "3431" on two read as two numbers
        phone = Markup(' · {} <span class="nowrap">{}</span>').format(self.t("phone_label"), c.phone)
        return Node("text", self.t("contacts_title"), escape(who) + phone, name="contacts")

    def calendar(self, plan: PlanEntry) -> bytes:
        events = [
            feeds.Event(
                uid=f"{plan.url}{m.programme.slug}/{n}@sitegen".replace("/", "-"),
                start=m.start,
                end=m.end,
                summary=f"{m.programme.data.title}: {m.what}",
                url=self.absolute(m.programme.url) if self.host else self.url(m.programme.url),
            )
            for n, m in enumerate(summary.milestones(plan))
            if m.start and m.end
        ]
        return feeds.calendar(self.env, self.plan_title(plan), events, self.plan_date(plan))

    def search(self) -> Iterator[File]:
        search = Page("search/", self.t("search_title"), [(self.t("home"), "")], "search")
        # every plan listed, one council's open at a time (sitegen/content/packed.py); programmes by their brief
        yield from self.page("search.html", search, index=None, councils=one_by_one(self.site.councils))

    def build_info(self) -> Iterator[File]:
        """What is live: the commit of content/ the site was made from, sitegen's version, the
        outputs and what they hold. No clock time: the same commit gives the same page."""
        site = self.site
        recording.read("commit", "")  # an edit not committed yet says so here, and nowhere else
        recording.read("deploy", "")
        found = self.revisions.get("")
        last = self.last_deploy or {}
        editions = site.all_editions()
        counts = {"councils": len(site.councils), "plans": len(site.all_plans())}
        # counted as the council cache holds them: no council's programmes or articles unpickled
        counts["programmes"] = sum(kept_len(p, "programmes") for p in site.all_plans())
        counts |= {"editions": len(editions), "articles": sum(kept_len(e, "articles") for e in editions)}
        info = {
            "commit": found.commit if found else "",
            "committed": found.date if found else "",
            "uncommitted": bool(found and found.dirty),
            "author": found.author if found else "",
            "previous_deploy": {k: last.get(k) for k in ("commit", "ok", "finished")} if last else None,
            "sitegen": __version__,
            "outputs": list(site.config.outputs),
            "counts": counts,
        }
        page = Page("build-info/", self.t("build_info_title"), [(self.t("home"), "")], "none")
        # each output by its name for readers where the theme has one (a package's: as named)
        names = site.config.outputs
        outputs = [self.t(f"output_{n}") if f"output_{n}" in self.t.table else n for n in names]
        when = ""
        if found:  # as residents read dates and times, in the commit's own time zone
            at = datetime.fromisoformat(found.date)
            when = f"{at.year}. {at.month}. {at.day}. {at:%H:%M}"
        yield from self.page("build_info.html", page, index=None, info=info, outputs=outputs, when=when)
        yield "build-info.json", json.dumps(info, ensure_ascii=False, indent=1) + "\n"

    def not_found(self) -> Iterator[File]:
        missing = Page("", self.t("not_found_title"), section="none", share="share.png")
        html = self.env.get_template("404.html").render(
            page=missing, councils=self.site.councils, changed="", operator=self.operator("")
        )
        self.gathered.see(html)
        yield "404.html", html

    def finish(self) -> Iterator[File]:
        """The site-wide files, assembled from every page's part."""
        site = self.site
        if self.preview:  # indexing every page again takes longer than the edit's own pages
            self.on_request[SEARCH] = self.gathered.search.to_json
        else:
            yield SEARCH, self.search_file()
        entries = [
            feeds.Entry(
                self.absolute(p.url),
                self.plan_title(p),
                self.plan_date(p),
                str(p.data.summary) or self.plan_title(p),
                p.council.data.full_name,
            )
            for p in site.all_plans()
        ] + self.gathered.feed_entries
        title, home = site.config.title, self.absolute("")
        yield "feed.xml", feeds.atom(self.env, title, self.absolute("feed.xml"), home, entries, self.language)
        if self.host:  # the sitemap protocol needs absolute addresses
            yield "sitemap.xml", feeds.sitemap(self.env, self.gathered.sitemap)
        yield "robots.txt", feeds.robots(self.env, self.absolute("sitemap.xml") if self.host else None)
        yield from self.data_packages()
        yield from self.static()
        text = "".join(sorted(self.gathered.chars))
        if self.preview:
            text = preview_text(text)
        fonts = sorted(self.theme.fonts().items())
        for (name, _), data in zip(fonts, subset_fonts([p for _, p in fonts], text, self.font_cache), strict=True):
            yield f"static/fonts/{name}.woff2", data

    def search_file(self) -> Pieces | Link:
        """The search index: the last build's file linked when no part of it changed, spliced
        from it when a few parts changed and kept their number of pages, else written whole
        (sitegen/outputs/web/searchfile.py)."""
        parts = self.gathered.search_parts()
        before, scope = self.search_before, self.scope
        if before is not None and before.signature and scope is not None:
            base, previous = scope.graph.base, scope.graph.previous
            if signature(previous, [SEARCH]) == before.signature:
                if before.base == base and before.keys == [p.key for p in parts]:
                    self.search_layout, self.search_linked = before, before.signature
                    return Link(f"{previous}/{SEARCH}")
                changed = changes(parts, before, base)
                try:
                    data = (previous / SEARCH).read_bytes() if changed is not None else b""
                except OSError:
                    data = b""
                try:
                    got = spliced(parts, before, data, base, changed) if data and changed is not None else None
                except ValueError:  # not the file its layout describes (written over by hand): whole
                    got = None
                if got is not None and signature(previous, [SEARCH]) == before.signature:  # as read
                    self.search_layout = got[1]
                    return Pieces(chunked(got[0]))
        return self.search_whole(parts)

    def search_whole(self, parts: list[Part] | None = None) -> Pieces:
        """The search index written whole, its layout kept for the next build."""
        parts = parts if parts is not None else self.gathered.search_parts()
        self.search_layout = layout_of(parts, self.scope.graph.base if self.scope else "")
        self.search_linked = ""
        return Pieces(whole(parts, self.search_layout))

    def dataset(self, plan: PlanEntry, title: str, pdf: Download | None) -> dict[str, Any]:
        """schema.org Dataset of a plan's figures (JSON-LD), so that data portals and search
        engines find its tables: the data package of its CSVs, and the booklet."""
        files = [("application/json", f"{plan.url}datapackage.json")] if plan.programmes else []
        files += [("application/pdf", pdf.path)] if pdf else []
        return {
            "@context": "https://schema.org",
            "@type": "Dataset",
            "name": title,
            "description": str(plan.data.summary).strip() or title,
            "url": self.absolute(plan.url),
            "inLanguage": self.site.config.language,
            "dateModified": self.plan_date(plan).isoformat(),
            "creator": {"@type": "GovernmentOrganization", "name": plan.council.data.full_name},
            "distribution": [
                {"@type": "DataDownload", "encodingFormat": kind, "contentUrl": self.absolute(path)}
                for kind, path in files
            ],
        }

    def _assembled_link(self, rel: str, made_of: Iterable[str], make: Callable[[], str | bytes]) -> Link | None:
        """A site-wide file made from many pages' parts (see assembled_files): the last build's
        file linked when what it is made of (and sitegen's code, config and strings) is as it
        was and its file is as that build wrote it; else None, and it is made. An edit then
        writes the one data package that changed, not every plan's (benchmarks/README.md).
        made_of: its parts' texts, hashed one by one (the figures file has every figure)."""
        scope = self.scope
        key = parts_digest([scope.graph.base if scope else "", *made_of])
        self.assembled[rel] = key
        self.assemble[rel] = make
        if scope is not None and not self.preview:
            before = self.assembled_before.get(rel)
            previous = scope.graph.previous
            if before and before[0] == key and before[1] and before[1] == signature(previous, [rel]):
                self.assembled_linked[rel] = before[1]
                return Link(f"{previous}/{rel}")
        return None

    def assembled_files(
        self, wanted: list[tuple[str, list[str], Callable[[], str | bytes]]], ready: Callable[[set[str]], int]
    ) -> Iterator[File]:
        """Each of wanted (its file, what it is made of, how it is made) linked from the last build
        or made (_assembled_link). Those to be made are made side by side in forked
        workers when there are several and the build may fork (parallel): after a cold build,
        every plan's data package and the site-wide data files were seconds of the parent's
        with the other core idle (benchmarks/README.md); not for a small site's few tables,
        which are made in less time than a fork takes. ready(rels) is called first with the
        files to be made, to work out in the parent what they share, and says how many tables
        the site has. The links come first, then each made file as it is done (the written files
        are the same whatever the order)."""
        todo = []
        for rel, made_of, make in wanted:
            if (link := self._assembled_link(rel, made_of, make)) is not None:
                yield rel, link
            else:
                todo.append((rel, make))
        if not todo:
            return
        # the site's tables grouped: all kept, no garbage, and full collections as they were
        # grouped looked at every council's part in vain (a cold build's parent, one core idle)
        with cachefiles.collection_paused():
            tables = ready({rel for rel, _ in todo})
            cachefiles.kept_frozen()  # before collection is on again: else the next young one looks at it all
        forking = self.parallel and tables >= FORKED_TABLES
        workers = min(len(todo), os.cpu_count() or 1) if forking else 1
        if workers <= 1:
            for rel, make in todo:
                yield rel, make()
            return
        todo.reverse()  # the site-wide files, listed last and the largest, handed out first
        for n, data in forked_map(lambda n: todo[n][1](), len(todo), workers):
            yield todo[n][0], data

    def data_packages(self) -> Iterator[File]:
        """Every table of each plan as a Frictionless Data Package beside the plan's page, and
        every table of the site in one at its root: for data portals and researchers. Each is
        keyed by its plan's digests (Gathered.digests), so that a build that makes none of
        them again looks at none of the tables; they are sorted and grouped only to be made."""
        site, gathered = self.site, self.gathered
        digests = gathered.digests()
        wanted: list[tuple[str, list[str], Callable[[], str | bytes]]] = []

        grouped: dict[str, list[DataTable]] = {}

        def by_plan() -> dict[str, list[DataTable]]:  # each table under its plan, in one pass, once
            if not grouped:
                for t in sorted(gathered.all_tables(), key=lambda t: t.path):
                    grouped.setdefault(plan_of(t.page), []).append(t)
            return grouped

        def package(name: str, title: str, url: str, at: str) -> bytes:
            return data_package(name, title, by_plan()[url], url, at)

        for plan in site.all_plans():
            if plan.url in digests and digests[plan.url][0]:
                name, title, at = plan.url.strip("/").replace("/", "-"), self.plan_title(plan), self.absolute(plan.url)
                made = partial(package, name, title, plan.url, at)
                wanted.append(
                    (f"{plan.url}datapackage.json", [repr((name, title, plan.url, at)), *digests[plan.url][0]], made)
                )
        # every figure of every plan in one file, each named by its council, plan and table
        header = self.t("figures_header").split(",")
        plans = {
            plan.url: (n, (plan.council.data.full_name, self.plan_title(plan), str(plan.data.year)))
            for n, plan in enumerate(site.all_plans())
        }
        listed: list[list[tuple[tuple[str, str, str], Figure]]] = []

        def named() -> list[tuple[tuple[str, str, str], Figure]]:  # once, for both files
            if not listed:
                found = []
                for f in gathered.all_figures():
                    if owner := plans.get(plan_of(f.page)):
                        n, names = owner
                        found.append((n, names, f))
                found.sort(key=lambda x: (x[0], x[2].page))  # stable: a page's tables keep their order
                listed.append([(names, f) for _, names, f in found])
            return listed[0]

        parts = [repr((header, self.absolute("")))]
        for url, (_, names) in plans.items():
            if url in digests and digests[url][1]:
                parts += [repr(names), *digests[url][1]]
        made_of = [parts_digest(parts)]  # once for both
        wanted.append((FIGURES + ".csv", made_of, lambda: figures_csv(header, named())))
        wanted.append((FIGURES + ".json", made_of, lambda: figures_json(header, named(), self.absolute(""))))
        everything = figures_table(header, FIGURES + ".csv", self.t("figures_title"))
        # always: every page's foot links it (a site without a table lists none)
        head = ("sitegen-site", site.config.title, "", self.absolute(""))
        made_of = [repr((*head, everything))]
        for url in sorted(digests):
            made_of += [url, *digests[url][0]]
        wanted.append(
            (
                "datapackage.json",
                made_of,
                lambda: data_package(
                    *head[:2], [*sorted(gathered.all_tables(), key=lambda t: t.path), everything], *head[2:]
                ),
            )
        )

        def ready(made: set[str]) -> int:  # what the files to be made share, worked out once
            if any(rel.endswith("datapackage.json") for rel in made):
                by_plan()
            if made & {FIGURES + ".csv", FIGURES + ".json"}:
                named()
            return len(gathered.all_tables())

        yield from self.assembled_files(wanted, ready)

    def static(self) -> Iterator[File]:
        for rel, path in self.theme.files("static").items():
            yield f"static/{rel}", path
