"""The four seed plans: they validate, and their official figures survive
from the documents into the model and onto the built pages."""

from __future__ import annotations

import csv
import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import sitegen

from sitegen.content.model.plan import Count


def plan(site, council: str, slug: str):
    c = next(c for c in site.councils if c.slug == council)
    return next(p for p in c.plans if p.slug == slug)


def page_text(build: Path, rel: str) -> str:
    raw = (build / rel).read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


def test_check_passes_and_lists_acknowledged_figures() -> None:
    run = sitegen("check")
    assert run.code == 0, run.err
    assert "지자체 3곳, 계획 4개, 사업 27개, 소식지 3호, 기사 11개" in run.out  # newsletters counted too
    notes = [line for line in run.err.splitlines() if "원문 수치 확인" in line]
    # the corner total 885 twice: the years give 948, the rows' totals 887
    assert len(notes) == 3 and sum("'funding.total.total'" in n for n in notes) == 2, notes
    assert all("office-equipment.md" in n for n in notes)


def test_every_seed_plan_is_present(site) -> None:
    found = {(c.slug, p.slug, p.data.department.name, len(p.programmes)) for c in site.councils for p in c.plans}
    assert found == {
        ("ulsan-junggu", "2026", "홍보실", 6),
        ("eumseong", "2023", "홍보실", 9),
        ("geumcheon", "2022", "홍보디지털과", 7),
        ("geumcheon", "2025", "소통담당관", 5),
    }


def test_eumseong_budget_and_staffing(site) -> None:
    p = plan(site, "eumseong", "2023").data
    assert p.budget.total.current == Decimal(4182) and p.budget.total.previous == Decimal(3952)
    assert p.budget.council_share == Decimal("0.6")
    telecom = next(r for r in p.budget.rows if r.label == "통신팀")
    assert telecom.change == Decimal(-128) and telecom.rate == Decimal("-11.6")
    assert telecom.derived_rate("current") == Decimal("-11.6")  # 원문: 증감 ÷ 올해
    assert p.staffing.total.total == Count(22)
    assert p.staffing.total.subtotals["일반직"] == Count(18)
    assert p.occasion.name == "제353회 임시회 업무보고"
    assert str(p.occasion.period) == "2023. 2. 16. ~ 2. 23."


def test_eumseong_programmes(site) -> None:
    p = plan(site, "eumseong", "2023")
    edu = p.programme("digital-education").data
    assert edu.budget.amount == Decimal(379)
    assert [(s.source, s.share) for s in edu.budget.sources] == [
        ("국비", Decimal(74)),
        ("도비", Decimal(3)),
        ("군비", Decimal(23)),
    ]
    assert edu.funding.total.total == Decimal(1142)
    office = p.programme("office-equipment")
    assert office.data.funding.total.total == Decimal(885)  # as published, not 948
    assert office.source.acknowledged["funding.total.total"].derived == Decimal(948)
    assert office.source.acknowledged["funding.rows[0].total"].derived == Decimal(764)
    assert p.programme("health-certificates").data.funding.rows[0].total == Decimal("474.5")
    assert p.programme("news").data.contacts[0].phone == "871-3431"
    special = p.in_chapter(4)
    assert [g.slug for g in special] == ["staff-models"]


def test_geumcheon_2025(site) -> None:
    p = plan(site, "geumcheon", "2025")
    d = p.data
    assert d.budget.total.current == Decimal(3648821)
    assert d.budget.total.derived_rate("previous") == Decimal("10.5")
    assert d.staffing.rows[0].total == Count(21, 23)
    assert str(d.staffing.as_of) == "2024. 10. 말"
    assert [t.name for t in d.teams] == ["홍보미디어팀", "언론팀", "AI빅데이터팀"]
    anniversary = p.programme("anniversary").data
    assert anniversary.budget.amount == Decimal(227644)
    assert anniversary.funding.total.total == Decimal(283644)
    assert len(anniversary.schedule) == 9
    edu = p.programme("digital-education").data
    assert edu.tables[0].rows[3][0] == "PC"
    assert edu.figures[0].value == Decimal(3245)


def test_geumcheon_history_and_continuations(site) -> None:
    council = next(c for c in site.councils if c.slug == "geumcheon")
    history = council.departments()
    assert [(y, n, len(t)) for y, n, t, _ in history] == [(2022, "홍보디지털과", 5), (2025, "소통담당관", 3)]
    later = plan(site, "geumcheon", "2025").programme("press")
    assert later.continues is not None and later.continues.slug == "press-relations"
    assert later in later.continues.continued_by


def test_ulsan_ai_budget_formula(site) -> None:
    ai = plan(site, "ulsan-junggu", "2026").programme("generative-ai").data
    assert ai.title == "행정업무에 AI를 더하다"
    item = ai.budget.items[0]
    assert item.amount == Decimal(15120)
    assert [f.value for f in item.formula.factors] == [42, 30000, 12]


@pytest.mark.parametrize(
    ("rel", "figures"),
    [
        ("eumseong/2023/index.html", ["4,182", "3,952", "△128", "△11.6", "17.8", "0.6", "5,854", "96,000"]),
        ("eumseong/2023/office-equipment/index.html", ["885", "703", "계산하면 948", "계산하면 764", "618"]),
        ("eumseong/2023/digital-education/index.html", ["1,142", "379", "850", "871-3204", "한국지능정보화사회진흥원"]),
        ("geumcheon/2025/index.html", ["3,648,821", "3,302,921", "345,900", "10.5", "21 (23)", "AI빅데이터팀"]),
        ("geumcheon/2025/participation/index.html", ["2,909,598", "712,940", "6,307", "37,317", "2017. 1."]),
        ("compare/index.html", ["홍보 채널 구독자", "10,700여", "19,079", "2024. 10."]),
        ("geumcheon/2025/digital-education/index.html", ["3,245", "1,355", "824,140", "PC"]),
        ("geumcheon/2022/public-wifi/index.html", ["476", "266", "310,000", "2022. 2. ~ 6."]),
        ("geumcheon/2022/childcare-robot/index.html", ["500,000", "250,000", "아동이용시설 33개소"]),
        ("geumcheon/2022/index.html", ["24 (23)", "홍보디지털과", "정보통신팀"]),
        ("ulsan-junggu/2026/generative-ai/index.html", ["15,120", "30,000", "1,000", "행정업무에 AI를 더하다"]),
        ("ulsan-junggu/2026/youtube/index.html", ["2025. 12. ~ 2026. 1.", "85"]),
        ("geumcheon/index.html", ["홍보디지털과", "소통담당관"]),
    ],
)
def test_figures_on_built_pages(seed_build: Path, rel: str, figures: list[str]) -> None:
    text = page_text(seed_build, rel)
    for figure in figures:
        assert figure in text, f"{figure} missing from {rel}"


def test_channels_compared_by_name(seed_build: Path) -> None:
    """One column per channel name across councils; a plan that names a channel without a count says '운영'."""
    rows = list(csv.reader((seed_build / "compare/data/channels.csv").read_text(encoding="utf-8-sig").splitlines()))
    head, body = rows[0], {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert head.count("유튜브") == 1 and "문자 알림 서비스" in head
    assert body["서울특별시 금천구 2025"]["문자 알림 서비스"] == "37317"
    assert body["서울특별시 금천구 2022"]["카카오톡 채널"] == "운영"
    assert body["울산광역시 중구 2026"]["인스타그램"] == "운영"
    assert body["충청북도 음성군 2023"]["블로그"] == ""  # no figure: an empty cell in a column of figures, not "-"


def test_every_programme_has_a_page(seed_build: Path, site) -> None:
    for prog in site.all_programmes():
        page = seed_build / prog.url / "index.html"
        assert page.is_file(), prog.url
        assert prog.data.title in page.read_text(encoding="utf-8")


def test_no_raw_html_from_content(seed_build: Path) -> None:
    """Scripts come only from the theme's static files; no inline script or handler anywhere.
    The one inline block is a plan's JSON-LD data (never run): it parses as JSON and holds no
    markup."""
    for page in seed_build.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        data = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        for block in data:
            assert "<" not in block and json.loads(block)["@type"] == "Dataset", page
            html = html.replace(f'<script type="application/ld+json">{block}</script>', "")
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert re.fullmatch(r'<script src="/[^"]*static/[a-z-]+\.js" defer>', tag), (page, tag)
        assert "</script>" not in html.replace("defer></script>", "")
        assert not re.search(r"<[^>]+\son[a-z]+=", html), page
        assert "javascript:" not in html


def test_newsletter_editions_refer_to_their_plans(site) -> None:
    editions = {e.publication.data.name: e for e in site.all_editions()}
    assert set(editions) == {"금천향기", "음성소식", "중구뉴스"}
    special = editions["금천향기"]
    assert special.data.special and special.data.pages == 40
    assert special.publication.data.format == "기본 32면"  # 32면 → 40면 as the plan says
    assert editions["음성소식"].publication.data.copies == 30000
    for edition in editions.values():
        assert [a.slug for a in edition.articles] == edition.data.articles
        for article in edition.articles:
            for inc, progs in zip(article.data.includes, article.included, strict=True):
                assert progs, (article.url, inc)
    ai = next(a for a in editions["중구뉴스"].articles if a.slug == "ai-at-work")
    assert ai.related[0].data.budget.items[0].amount == Decimal(15120)
    assert "15,120천원" in ai.body
