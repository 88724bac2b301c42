"""Plan booklets: real WeasyPrint PDFs inspected with poppler's tools and pikepdf."""

from __future__ import annotations

import itertools
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, checkout, sitegen

from sitegen.outputs.keepall import keep_words

SCREENSHOTS = ROOT / "tests" / "screenshots"
HANGUL = "\uac00-\ud7a3"

# A sample of each plan's official figures, as the documents print them.
FIGURES = {
    "eumseong/2023/": ["4,182", "3,952", "△128", "△11.6", "1,103", "871-3204"],
    "geumcheon/2022/": ["24 (23)", "500,000", "310,000"],
    "geumcheon/2025/": ["3,648,821", "3,302,921", "345,900", "227,644", "37,317"],
    "ulsan-junggu/2026/": ["15,120", "30,000", "10,700여"],
}


def tool(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def plan_pdf(build: Path, url: str) -> Path:
    council, year = url.strip("/").split("/")
    return build / url / f"{council}-{year}.pdf"


@pytest.fixture(scope="module")
def pdfs(seed_build: Path, site) -> dict[str, Path]:
    return {p.url: plan_pdf(seed_build, p.url) for p in site.all_plans()}


def plan_title(plan) -> str:
    return f"{plan.council.data.full_name} {plan.data.department.name} {plan.data.title}"


def test_every_plan_has_a_tagged_a4_pdf_with_its_title(pdfs, site) -> None:
    assert len(pdfs) == 4
    for plan in site.all_plans():
        info = tool("pdfinfo", str(pdfs[plan.url]))
        assert re.search(r"^Tagged:\s+yes$", info, re.M), plan.url
        assert re.search(r"^Page size:.*\(A4\)$", info, re.M), plan.url
        assert re.search(rf"^Title:\s+{re.escape(plan_title(plan))}$", info, re.M), plan.url
        assert re.search(rf"^Author:\s+{re.escape(plan.council.data.full_name)}", info, re.M), plan.url


def test_fonts_are_embedded_subsets_of_the_theme_font(pdfs) -> None:
    for url, path in pdfs.items():
        rows = tool("pdffonts", str(path)).splitlines()[2:]
        assert rows, url
        for row in rows:
            emb, sub = row.split()[-5:-3]
            assert (emb, sub) == ("yes", "yes"), f"{url}: {row}"
        assert any("Pretendard-GOV" in r for r in rows), url
        assert all("Pretendard-GOV" in r for r in rows), f"{url} fell back to another font: {rows}"


def test_no_glyph_is_missing(pdfs) -> None:
    """Every character of every PDF is in the theme font, so none is drawn as a blank box."""
    from fontTools.ttLib import TTFont

    fonts = ROOT / "themes/default/fonts"
    covered = set()
    for name in ("PretendardGOV-Regular.otf", "PretendardGOV-Bold.otf"):
        covered |= set(TTFont(str(fonts / name), lazy=True).getBestCmap())
    for url, path in pdfs.items():
        text = tool("pdftotext", str(path), "-")
        missing = {c for c in text if ord(c) not in covered and not c.isspace() and c != "\f"}
        assert not missing, f"{url}: {sorted(missing)}"


def struct_elements(node, kind: str, found: list) -> list:
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/S") == kind:
            found.append(node)
        kids = node.get("/K")
        if kids is not None:
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                struct_elements(kid, kind, found)
    return found


def outline(pdf: pikepdf.Pdf) -> list[tuple[str, list[str]]]:
    with pdf.open_outline() as o:
        return [(item.title, [c.title for c in item.children]) for item in o.root]


def test_structure_language_alt_text_and_bookmarks(pdfs, site) -> None:
    for plan in site.all_plans():
        with pikepdf.open(pdfs[plan.url]) as pdf:
            root = pdf.Root
            assert str(root.Lang) == "ko"
            assert root.ViewerPreferences.DisplayDocTitle is True
            assert root.MarkInfo.Marked is True
            tree = root.StructTreeRoot
            figures = struct_elements(tree, "/Figure", [])
            assert figures, plan.url  # QR codes and charts at least
            for f in figures:
                assert len(str(f.get("/Alt", ""))) >= 5, f"{plan.url}: a Figure without alt text"
            assert len(struct_elements(tree, "/Table", [])) >= 3, plan.url
            xmp = root.Metadata.read_bytes().decode()
            assert 'pdfuaid:part="1"' in xmp
            marks = outline(pdf)
            titles = [t for t, _ in marks]
            chapters = [c.title for c in plan.data.chapters]
            assert titles[0] == "차례" and titles[-1] == "만든 정보", titles
            assert titles[1 : 1 + len(chapters)] == chapters
            for i, chapter in enumerate(plan.data.chapters):
                expected = [
                    f"{p.data.number}. {p.data.title}" if p.data.number else p.data.title for p in plan.in_chapter(i)
                ]
                children = dict(marks)[chapter.title]
                assert all(e in children for e in expected), (chapter.title, expected, children)
            assert not any("\u2060" in t for t, kids in marks for t in [t, *kids])


def test_official_figures_are_in_the_text(pdfs) -> None:
    for url, figures in FIGURES.items():
        text = tool("pdftotext", "-layout", str(pdfs[url]), "-")
        for figure in figures:
            assert figure in text, f"{figure} missing from {url} PDF"
        assert "\ufffd" not in text and "\u2060" not in text


def source_words(folder: Path) -> set[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.suffix in (".yaml", ".md"))
    return set(re.findall(rf"[{HANGUL}\w]+", text))


def broken_words(layout_text: str, words: set[str]) -> list[str]:
    """Line ends that split a source word: the end of one line and the start of
    the next make a word, and one of the two halves is not a word by itself."""
    lines = [ln.rstrip() for ln in layout_text.splitlines() if ln.strip()]
    found = []
    for a, b in itertools.pairwise(lines):
        tail = re.search(rf"[{HANGUL}\w]*[{HANGUL}]$", a)
        head = re.match(rf"\s*([{HANGUL}\w]+)", b)
        if not tail or not head:
            continue
        left, right = tail.group(0), head.group(1)
        if left + right in words and not (left in words and right in words):
            found.append(f"{left}|{right}")
    return found


def test_no_line_ends_inside_a_korean_word(pdfs, site) -> None:
    for plan in site.all_plans():
        words = source_words(plan.source.path.parent)
        text = tool("pdftotext", "-layout", str(pdfs[plan.url]), "-")
        assert broken_words(text, words) == [], plan.url


def test_the_word_check_catches_a_break_inside_a_word(tmp_path: Path) -> None:
    """Without the word joiners, WeasyPrint breaks Korean anywhere, and the check sees it."""
    from weasyprint import HTML

    font = ROOT / "themes/default/fonts/PretendardGOV-Regular.otf"
    sentence = "구민이 참여하고 주도하는 소통 홍보와 뉴미디어 채널 특색에 맞춘 콘텐츠로 구정 홍보를 극대화합니다. " * 8
    doc = (
        f'<html lang="ko"><head><style>@font-face{{font-family:K;src:url("{font.as_uri()}")}}'
        f"body{{font-family:K;width:70mm}}</style></head><body><p>{sentence}</p></body></html>"
    )
    words = set(re.findall(rf"[{HANGUL}\w]+", sentence))
    counts = {}
    for name, html in (("plain", doc), ("kept", keep_words(doc))):
        HTML(string=html).write_pdf(tmp_path / f"{name}.pdf")
        counts[name] = len(broken_words(tool("pdftotext", "-layout", str(tmp_path / f"{name}.pdf"), "-"), words))
    assert counts["plain"] > 0 and counts["kept"] == 0, counts


# A date cut over two lines of the PDF's text in drawing order (pdftotext -raw: a table cell by
# cell): "2025. 5. ~" over "10.", "2025." over "5. ~ 10.", "(3월" over "~10월)"; not a date at
# a line's end with a numbered heading below it ("2022. 1월 ~ 8월" over "6. 금천구 …").
_ = "[ \u2060]*"
DATE_CUT = re.compile(
    rf"\d{{4}}\.(?: \d{{1,2}}\.)*{_}~{_}\n"
    rf"|\d{{4}}\.(?: \d{{1,2}}\.)?{_}\n{_}(?:~|\d{{1,2}}\.(?!{_}[{HANGUL}]))"
    rf"|\d월{_}\n{_}~"
)


def dates_cut(text: str) -> list[str]:
    return [m[0].replace("\n", " | ") for m in DATE_CUT.finditer(text)]


def test_no_date_is_cut_over_two_lines(seed_build: Path) -> None:
    pdfs = sorted(seed_build.rglob("*.pdf"))
    assert len(pdfs) == 7
    assert {str(p.relative_to(seed_build)): dates_cut(tool("pdftotext", "-raw", str(p), "-")) for p in pdfs} == {
        str(p.relative_to(seed_build)): [] for p in pdfs
    }


def test_print_and_books_say_nothing_meant_for_a_phone_screen(seed_build: Path) -> None:
    """ "Slide the table sideways" is for a phone's screen: a page of paper or of an e-book has
    nothing to slide (it was printed 19 times in 음성's booklet)."""
    import yaml

    hint = yaml.safe_load((ROOT / "themes/default/strings/ko.yaml").read_text(encoding="utf-8"))["table_scroll_hint"]
    printed = {
        str(p.relative_to(seed_build)): tool("pdftotext", str(p), "-").count(hint[:8])
        for p in seed_build.rglob("*.pdf")
    }
    assert printed == dict.fromkeys(printed, 0)
    for book in seed_build.rglob("*.epub"):
        with zipfile.ZipFile(book) as z:
            said = [n for n in z.namelist() if n.endswith(".xhtml") and hint[:8] in z.read(n).decode("utf-8")]
        assert said == [], book
    # the web keeps it: the check looks for the words as the theme writes them
    assert hint[:8] in (seed_build / "eumseong/2023/index.html").read_text(encoding="utf-8")


def test_the_date_check_catches_a_cut_date(tmp_path: Path) -> None:
    """In a narrow table cell WeasyPrint cuts a date at its spaces, and a range after its
    month; with the joiners it keeps both on one line, and the check sees the difference."""
    from weasyprint import HTML

    font = ROOT / "themes/default/fonts/PretendardGOV-Regular.otf"
    cells = "".join(f"<tr><td>공모 {n}</td><td>2025. {n}. ~ 10.</td><td>(3월~10월)도 엽니다</td></tr>" for n in (5, 6))
    doc = (
        f'<html lang="ko"><head><style>@font-face{{font-family:K;src:url("{font.as_uri()}")}}'
        f"body{{font-family:K;width:60mm}} td{{width:33%}}</style></head><body><table>{cells}</table></body></html>"
    )
    found = {}
    for name, html in (("plain", doc), ("kept", keep_words(doc))):
        HTML(string=html).write_pdf(tmp_path / f"{name}.pdf")
        found[name] = dates_cut(tool("pdftotext", "-raw", str(tmp_path / f"{name}.pdf"), "-"))
    assert found["plain"] and not found["kept"], found


def page_with(pdf: Path, *needles: str) -> int:
    """The first page with the first of needles that the PDF has."""
    pages = tool("pdftotext", str(pdf), "-").split("\f")
    for needle in needles:
        for n, text in enumerate(pages, 1):
            if needle in text:
                return n
    raise AssertionError(f"none of {needles} in {pdf}")


def test_pages_rendered_to_png(pdfs) -> None:
    """Cover, contents and a budget table of each plan, for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for url, pdf in pdfs.items():
        name = url.strip("/").replace("/", "-")
        budget = page_with(pdf, "예산 현황", "소요재원", "소요예산")
        for label, page in (("cover", 1), ("contents", 2), ("budget", budget)):
            out = SCREENSHOTS / f"pdf-{name}-{label}"
            tool("pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(out))
            png = out.with_suffix(".png")
            assert png.stat().st_size > 5_000, png


def test_contents_and_colophon(pdfs, site) -> None:
    plan = next(p for p in site.all_plans() if p.url == "geumcheon/2025/")
    pdf = pdfs[plan.url]
    contents = tool("pdftotext", "-layout", "-f", "2", "-l", "2", str(pdf), "-")
    assert "차례" in contents
    # every programme in the contents with the page it starts on
    for prog in plan.programmes:
        line = next(ln for ln in contents.splitlines() if prog.data.title in ln)
        page = int(line.split()[-1].strip("."))
        assert prog.data.title in tool("pdftotext", "-f", str(page), "-l", str(page), str(pdf), "-")
    pages = int(re.search(r"Pages:\s+(\d+)", tool("pdfinfo", str(pdf))).group(1))
    last = tool("pdftotext", "-f", str(pages - 1), "-l", str(pages), str(pdf), "-")  # the colophon closes it
    assert "만든 정보" in last
    commit = tool("git", "-C", str(plan.source.path.parent), "log", "-1", "--format=%H", "--", ".").strip()
    assert len(commit) == 40 and commit[:10] in last  # content/ is in this git checkout


def test_web_pages_link_to_the_pdf_with_its_size(seed_build: Path, pdfs) -> None:
    path = pdfs["geumcheon/2025/"]
    size = path.stat().st_size
    shown = f"{size / 1_000_000:.1f}MB" if size >= 1_000_000 else f"{round(size / 1000)}KB"
    for page in ("geumcheon/2025/index.html", "geumcheon/2025/press/index.html"):
        html = (seed_build / page).read_text(encoding="utf-8")
        assert 'href="/plans/geumcheon/2025/geumcheon-2025.pdf"' in html, page
        assert f"PDF, {shown}" in html, page


def rendered(run) -> list[str]:
    return [ln for ln in run.err.splitlines() if "PDF 만듦" in ln]


@pytest.mark.slow
def test_only_the_changed_plan_is_rendered_again(tmp_path: Path, site, seed_build: Path) -> None:
    """With the session's cache, where the default site's build left its PDFs: a copy of the
    same sources in another folder takes every one of them; after an edit, one is typeset."""
    content = checkout(tmp_path)
    out = tmp_path / "build"
    args = ("build", "--content", str(content), "--out", str(out), "--outputs", "pdf")
    first = sitegen(*args)
    assert first.code == 0, first.err
    books = len(site.all_plans()) + len(site.all_editions())  # plan booklets and newsletter editions
    assert rendered(first) == [] and first.err.count("PDF 그대로") == books == 7
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.pdf")}
    again = sitegen(*args)  # nothing changed: the build state says the output is current
    assert again.code == 0 and "바뀐 것이 없습니다" in again.out and rendered(again) == []
    elsewhere = sitegen(*args[:4], str(tmp_path / "other"), *args[5:])  # another folder: every PDF from the cache
    assert rendered(elsewhere) == [] and elsewhere.err.count("PDF 그대로") == books
    prog = content / "councils/ulsan-junggu/plans/2026/programmes/youtube.md"
    prog.write_text(prog.read_text(encoding="utf-8").replace("재정비가 필요한", "재정비가 꼭 필요한"), encoding="utf-8")
    third = sitegen(*args)
    assert third.code == 0, third.err
    assert len(rendered(third)) == 1 and "울산광역시 중구" in rendered(third)[0], third.err
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.pdf")}
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {Path("ulsan-junggu/2026/ulsan-junggu-2026.pdf")}
    assert "재정비가 꼭 필요한" in tool("pdftotext", str(out / "ulsan-junggu/2026/ulsan-junggu-2026.pdf"), "-")


@pytest.mark.slow
def test_print_options_archive_bleed_and_emblem(minimal: Path, tmp_path: Path) -> None:
    """A5 with 3 mm bleed and crop marks, PDF/A-2b (still tagged and PDF/UA), an emblem on the cover."""
    site = minimal / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + "base_url: https://example.go.kr/plans/\noutputs: [web, pdf]\n"
        + "print: {page_size: A5, bleed: true, recto: true, archive: pdf/a-2b}\n",
        encoding="utf-8",
    )
    council = minimal / "councils/demo"
    (council / "emblem.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><circle cx="20" cy="20" r="18"/></svg>',
        encoding="utf-8",
    )
    yaml = council / "council.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8") + "emblem: emblem.svg\nemblem_alt: 금천구 상징\n", encoding="utf-8"
    )
    out = tmp_path / "build"
    run = sitegen(
        "build",
        "--content",
        str(minimal),
        "--out",
        str(out),
        "--cache",
        str(tmp_path / "c"),
        env={"SOURCE_DATE_EPOCH": "1000000000"},
    )
    assert run.code == 0, run.err
    pdf_path = out / "demo/2025/demo-2025.pdf"
    with pikepdf.open(pdf_path) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="B"' in xmp and 'pdfuaid:part="1"' in xmp
        assert pdf.Root.get("/OutputIntents") is not None  # PDF/A's colour profile
        page = pdf.pages[0]
        media = [float(v) for v in page.MediaBox]
        trim = [float(v) for v in page.TrimBox]
        bleed = (media[2] - media[0] - (trim[2] - trim[0])) / 2 / 72 * 25.4
        assert (trim[2] - trim[0]) / 72 * 25.4 == pytest.approx(148, abs=0.5)  # A5 width
        assert bleed >= 3 - 0.1
        alts = [str(f.get("/Alt")) for f in struct_elements(pdf.Root.StructTreeRoot, "/Figure", [])]
        assert "금천구 상징" in alts
        assert any("QR" in a for a in alts)
        uris = {str(a.A.URI) for p in pdf.pages for a in p.get("/Annots", []) if "/A" in a and "/URI" in a.A}
        assert "https://example.go.kr/plans/demo/2025/alpha/" in uris  # the link beside the QR code
    text = tool("pdftotext", str(pdf_path), "-")
    assert "2001. 9. 9." in text  # the build date, from SOURCE_DATE_EPOCH


# --- page layout: running heads, page fill, rows and tables kept whole ----------------------

MM = 72 / 25.4  # points in a millimetre
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def words_by_page(path: Path) -> list[tuple[float, float, list[tuple[float, float, float, float, str]]]]:
    """(width, height, words with their boxes from the top left) of every page: poppler's -bbox."""
    found = []
    for page in re.finditer(
        r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', tool("pdftotext", "-bbox", str(path), "-"), re.S
    ):
        words = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in WORD.findall(page[3])]
        found.append((float(page[1]), float(page[2]), words))
    return found


def heads(page: tuple[float, float, list], top: float = 22 * MM) -> str:
    """The running head: the words above the body's top margin."""
    return " ".join(w for _, _, _, y1, w in page[2] if y1 <= top)


def chapter_starts(path: Path) -> set[int]:
    """Pages (from 0) where a first-level bookmark (a chapter, the contents, the colophon) points."""
    with pikepdf.open(path) as pdf:
        index = {p.objgen: i for i, p in enumerate(pdf.pages)}
        with pdf.open_outline() as o:
            return {index[item.destination[0].objgen] for item in o.root}


def split_rows(path: Path) -> list[str]:
    """Table rows whose cells are on more than one page, by the tagged structure (/Pg)."""
    with pikepdf.open(path) as pdf:
        index = {p.objgen: i for i, p in enumerate(pdf.pages)}

        def pages_of(node, out: set[int]) -> set[int]:
            if isinstance(node, pikepdf.Dictionary):
                if "/Pg" in node:
                    out.add(index[node.Pg.objgen])
                kids = node.get("/K")
                for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
                    pages_of(kid, out)
            return out

        rows = struct_elements(pdf.Root.StructTreeRoot, "/TR", [])
        assert rows, path  # tagged tables: the check below can fail
        return [f"{path.name} row {i}" for i, row in enumerate(rows) if len(pages_of(row, set())) > 1]


def test_booklets_run_heads_only_in_chapters_fill_their_pages_and_keep_rows_whole(pdfs, site) -> None:
    """No running head on the cover or the contents; no page but a chapter's last (or one
    before the first chapter) less than a quarter filled; no table row split across pages."""
    for plan in site.all_plans():
        path = pdfs[plan.url]
        pages, starts = words_by_page(path), chapter_starts(path)
        first = min(starts - {1})  # the contents is a bookmark too
        assert all(heads(p) == "" for p in pages[:first]), [heads(p) for p in pages[:first]]
        assert all(plan.data.title in heads(p) for p in pages[first:-1]), plan.url  # and the check can fail
        thin = []
        for i, (_, height, words) in enumerate(pages):
            top, bottom = 22 * MM, height - 20 * MM
            body = [y1 for _, _, _, y1, _ in words if top < y1 < bottom]
            fill = (max(body) - top) / (bottom - top) if body else 0
            if i >= first and i + 1 not in starts and i != len(pages) - 1 and fill < 0.25:
                thin.append((i + 1, round(fill, 2)))
        assert thin == [], (plan.url, thin)
        assert split_rows(path) == []


@pytest.mark.slow
def test_recto_booklet_has_outer_page_numbers_and_a_long_table_says_it_continues(minimal: Path, tmp_path: Path) -> None:
    """With recto: true, page numbers on the outer edge (left on even pages, right on odd);
    a table over three pages says "(계속)" in the running head of the pages it runs on to,
    and not on the page it starts; none of its rows is split."""
    site = minimal / "site.yaml"
    site.write_text(
        site.read_text(encoding="utf-8")
        + "base_url: https://example.go.kr/\noutputs: [web, pdf]\nprint:\n  recto: true\n",
        encoding="utf-8",
    )
    rows = "".join(f"      - [읍면동 {n}, {n * 7}]\n" for n in range(1, 121))
    plan = minimal / "councils/demo/plans/2025/plan.yaml"
    plan.write_text(
        plan.read_text(encoding="utf-8")
        + f"tables:\n  - caption: 동별 민원 건수\n    unit: 건\n    columns: [동, 건수]\n    rows:\n{rows}",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    run = sitegen("build", "--content", str(minimal), "--out", str(out))
    assert run.code == 0, run.err
    path = next(out.rglob("*.pdf"))
    pages = words_by_page(path)
    numbered = 0
    for i, (width, height, words) in enumerate(pages):
        foot = [(x0, x1) for x0, _, x1, y0, w in words if y0 >= height - 20 * MM and w == str(i + 1)]
        if foot:
            numbered += 1
            x0, x1 = foot[0]
            assert (x0 > width * 0.6) if i % 2 == 0 else (x1 < width * 0.4), (i + 1, x0, x1, width)
    assert numbered >= 3
    holding = [i for i, p in enumerate(pages) if "읍면동" in " ".join(w for *_, w in p[2])]
    assert len(holding) >= 3, holding
    assert "(계속)" not in heads(pages[holding[0]])
    assert all("동별 민원 건수 (계속)" in heads(pages[i]) for i in holding[1:]), [heads(pages[i]) for i in holding]
    assert split_rows(path) == []


def test_weasyprint_is_imported_without_a_compiler_run_to_find_its_libraries() -> None:
    """WeasyPrint tries other platforms' names for Pango and the rest, and Python's lookup ran
    gcc and ld for each that is not there: a third of the import, in every PDF worker and
    hook's build. Imported by sitegen, only the linker's cache is asked; the lookup is
    Python's own again afterwards."""
    import json
    import sys

    script = """if True:
        import ctypes.util, json, os, sys
        runs = []
        sys.addaudithook(lambda e, a: runs.append(os.path.basename(a[1][0])) if e == "subprocess.Popen" else None)
        from sitegen.outputs.pdf.libraries import weasyprint
        module = weasyprint()
        during = len(runs)
        ctypes.util.find_library("no-such-library-of-sitegen")
        print(json.dumps([runs[:during], runs[during:], module.HTML.__name__]))
    """
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    during, after, html = json.loads(run.stdout)
    assert html == "HTML" and "ldconfig" in during, during  # imported, the cache asked
    assert not {"gcc", "cc", "ld"} & set(during), during
    assert "gcc" in after or "ld" in after, after  # Python's lookup as it was
