"""Every kind of content mistake gives file:line:col, the field, and what was
expected, with exit status 1 and no traceback; `build` then writes nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import sitegen, sitegen_here

S = "site.yaml"
C = "councils/demo/council.yaml"
P = "councils/demo/plans/2025/plan.yaml"
A = "councils/demo/plans/2025/programmes/alpha.md"
B = "councils/demo/plans/2025/programmes/beta.md"

PLAN = (Path(__file__).parent / "fixtures/minimal" / P).read_text(encoding="utf-8")

# A newsletter: publication, one edition, its articles
N = "councils/demo/publications/hyanggi"
PUB = f"{N}/publication.yaml"
ED = f"{N}/2025-03/edition.yaml"
ART = f"{N}/2025-03/articles/one.md"
ART2 = f"{N}/2025-03/articles/two.md"
PUB_OK = "name: 금천향기\nfrequency: monthly\n"
ED_OK = "date: 2025. 3.\ntitle: 2025년 3월호\nsections:\n  - {id: news, title: 구정소식}\narticles: [one]\n"


def news(article: str, edition: str = ED_OK, **more: str) -> dict[str, str]:
    """A newsletter whose article one.md has the given front matter."""
    return {PUB: PUB_OK, ED: edition, ART: prog(article), **more}


def prog(front: str, body: str = "본문\n") -> str:
    """A programme file; front matter line k is file line k + 1."""
    return f"---\n{front.strip()}\n---\n{body}"


def plan_with(extra: str) -> str:
    """The fixture plan with lines appended (starting at line 12)."""
    return PLAN + extra.strip("\n") + "\n"


GOOD_FUNDING = """
funding:
  unit: 천원
  columns:
    - {label: 2025년, year: 2025}
  rows:
    - {label: 구비, values: [300], total: 300}
"""

# (id, files to write, expected "file:line:col: 오류: 'field'", expected message fragment)
CASES = [
    # -- reading files --------------------------------------------------------
    ("empty-file", {P: ""}, f"{P}:1:1: 오류: ", "빈 파일"),
    ("binary-file", {C: b"\x89PNG\r\n\x1a\n\x00\x00IHDR"}, f"{C}:1:1: 오류: ", "텍스트가 아닌 파일"),
    ("cp949-file", {C: "name: 금천구\nlevel: 구\n".encode("cp949")}, f"{C}:1:1: 오류: ", "CP949"),
    ("huge-file", {A: prog("title: 큰 파일", "가" * 1_100_000)}, f"{A}:1:1: 오류: ", "파일 크기"),
    ("tab-indent", {C: "name: 금천구\nlevel: 구\n\tparent: 서울\n"}, f"{C}:3:1: 오류: ", "탭 문자"),
    ("unclosed-quote", {C: 'name: "금천구\nlevel: 구\n'}, f"{C}:", "닫히지 않은 따옴표"),
    ("colon-in-value", {C: "name: 금천구: 서울\nlevel: 구\n"}, f"{C}:1:", "':'"),
    ("duplicate-key", {C: "name: 금천구\nlevel: 구\nname: 중구\n"}, f"{C}:3:1: 오류: 'name'", "두 번 쓴 항목"),
    (
        "alias-bomb",
        {
            C: "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(
                f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)},"
                f" *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
                for i in range(8)
            )
        },
        f"{C}:",
        "너무 깊거나",
    ),
    ("top-level-list", {C: "- name: 금천구\n"}, f"{C}:1:1: 오류: ", "'항목: 값' 형식"),
    ("no-front-matter", {A: "title: 알파\n"}, f"{A}:1:1: 오류: ", "첫 줄에 '---'이 없음"),
    ("unclosed-front-matter", {A: "---\ntitle: 알파\n본문\n"}, f"{A}:1:1: 오류: ", "닫는 '---'"),
    (
        "comma-number-in-braces",
        {A: prog("title: 알파 사업\nbudget: {amount: 1,234, unit: 천원}")},
        f"{A}:3:",
        "쉼표로 잘린 숫자",
    ),
    # -- schema ---------------------------------------------------------------
    (
        "unknown-key-typo",
        {C: "name: 금천구\nlevel: 구\nparnet: 서울특별시\n"},
        f"{C}:3:1: 오류: 'parnet'",
        "혹시 'parent'",
    ),
    (
        "missing-required",
        {P: PLAN.replace("title: 2025년 주요업무계획\n", "")},
        f"{P}:1:1: 오류: 'title'",
        "빠진 필수 항목",
    ),
    ("int-expected", {P: PLAN.replace("year: 2025", "year: 이천이십오")}, f"{P}:2:7: 오류: 'year'", "정수"),
    (
        "bad-choice",
        {P: PLAN.replace("kind: programmes", "kind: programme")},
        f"{P}:7:11: 오류: 'chapters[0].kind'",
        "다음 중 하나",
    ),
    (
        "bad-slug",
        {P: PLAN.replace("[alpha]", "[Alpha!]")},
        f"{P}:8:18: 오류: 'chapters[0].programmes[0]'",
        "영문 소문자",
    ),
    (
        "bad-phone",
        {A: prog("title: 알파 사업\ncontacts:\n  - {team: press, name: 홍, phone: 전화없음}")},
        f"{A}:4:",
        "전화번호",
    ),
    (
        "bad-url",
        {C: "name: 금천구\nlevel: 구\nwebsite: www.geumcheon.go.kr\n"},
        f"{C}:3:10: 오류: 'website'",
        "http://",
    ),
    ("bad-level", {C: "name: 금천구\nlevel: 동\n"}, f"{C}:2:8: 오류: 'level'", "다음 중 하나"),
    ("bad-base-url", {S: "title: 사이트\nbase_url: plans\n"}, f"{S}:2:11: 오류: 'base_url'", "'/'로 끝나는"),
    ("bad-date", {P: plan_with("issued: 2024. 13.")}, f"{P}:12:9: 오류: 'issued'", "날짜 형식이 아님"),
    ("float-date", {P: plan_with("issued: 2024.11")}, f"{P}:12:9: 오류: 'issued'", "소수로 읽힌 날짜"),
    (
        "reversed-period",
        {A: prog("title: 알파 사업\nperiod: 2025. 8. ~ 2.")},
        f"{A}:3:9: 오류: 'period'",
        "끝(2025. 2.)이 시작(2025. 8.)보다 앞선 기간",
    ),
    (
        "bad-amount",
        {A: prog("title: 알파 사업\nbudget:\n  amount: 삼백")},
        f"{A}:4:11: 오류: 'budget.amount'",
        "숫자가 아님",
    ),
    (
        # YAML's infinity: accepted before, and the build then failed writing the table's JSON
        "infinite-amount",
        {A: prog("title: 알파 사업\nbudget:\n  amount: .inf")},
        f"{A}:4:11: 오류: 'budget.amount'",
        "숫자가 아님",
    ),
    (
        "bad-percent",
        {A: prog("title: 알파 사업\nbudget:\n  amount: 3\n  sources:\n    - {source: 구비, share: 많이}")},
        f"{A}:6:",
        "백분율이 아님",
    ),
    (
        "bad-staff-count",
        {P: plan_with("staffing:\n  grades: [5급]\n  rows:\n    - {label: 과, counts: {5급: 스물}}")},
        f"{P}:15:",
        "인원 수가 아님",
    ),
    (
        "bad-schedule-when",
        {A: prog("title: 알파 사업\nschedule:\n  - {when: 언젠가, what: 일}")},
        f"{A}:4:",
        "날짜 형식이 아님",
    ),
    ("list-expected", {A: prog("title: 알파 사업\nschedule: 연중")}, f"{A}:3:11: 오류: 'schedule'", "목록"),
    (
        "mapping-expected",
        {P: PLAN.replace("department:\n  name: 소통담당관", "department: 소통담당관")},
        f"{P}:3:13: 오류: 'department'",
        "'항목: 값' 묶음",
    ),
    (
        "bad-money-unit",
        {A: prog("title: 알파 사업\nbudget:\n  amount: 3\n  unit: 천 원")},
        f"{A}:5:9: 오류: 'budget.unit'",
        "'천원'",
    ),
    ("too-small", {A: prog("number: 0\ntitle: 알파 사업")}, f"{A}:2:9: 오류: 'number'", "1 이상"),
    ("empty-alt", {A: prog("title: 알파 사업\nimages:\n  - {src: a.png, alt: ''}")}, f"{A}:4:", "비어 있지 않은 값"),
    # -- references ---------------------------------------------------------
    (
        "chapter-missing-file",
        {P: PLAN.replace("[alpha]", "[alpha, beta]")},
        f"{P}:8:25: 오류: 'chapters[0].programmes[1]'",
        "없는 사업 'beta'",
    ),
    (
        "file-not-in-chapters",
        {B: prog("title: 베타 사업")},
        f"{B}:1:1: 오류: ",
        "어느 장(chapters)에도 넣지 않은 사업 'beta'",
    ),
    (
        "listed-twice",
        {P: PLAN.replace("[alpha]", "[alpha, alpha]")},
        f"{P}:8:25: 오류: 'chapters[0].programmes[1]'",
        "두 번 넣은 사업",
    ),
    (
        "unknown-team",
        {A: prog("title: 알파 사업\ncontacts:\n  - {team: media, name: 홍길동}")},
        f"{A}:4:12: 오류: 'contacts[0].team'",
        "없는 팀 'media'",
    ),
    (
        "missing-image",
        {A: prog("title: 알파 사업\nimages:\n  - {src: photo.png, alt: 사진 설명}")},
        f"{A}:4:11: 오류: 'images[0].src'",
        "없는 파일 'photo.png'",
    ),
    (
        "image-outside",
        {A: prog("title: 알파 사업\nimages:\n  - {src: ../../../../../../etc/passwd, alt: 비밀}")},
        f"{A}:4:11: 오류: 'images[0].src'",
        "content 폴더 밖",
    ),
    (
        "continues-unknown",
        {A: prog("title: 알파 사업\ncontinues: 2024/alpha")},
        f"{A}:3:12: 오류: 'continues'",
        "없는 사업 '2024/alpha'",
    ),
    ("unknown-kind", {A: prog("title: 알파 사업\nkind: 신구")}, f"{A}:3:7: 오류: 'kind[0]'", "없는 사업구분 '신구'"),
    (
        "unknown-source",
        {A: prog("title: 알파 사업\nbudget:\n  amount: 3\n  sources:\n    - {source: 국가}")},
        f"{A}:6:16: 오류: 'budget.sources[0].source'",
        "없는 재원 '국가'",
    ),
    (
        "duplicate-team",
        {P: plan_with("  - id: press\n    name: 언론2팀")},
        f"{P}:12:9: 오류: 'teams[1].id'",
        "같은 id 'press'",
    ),
    (
        "year-mismatch",
        {P: PLAN.replace("year: 2025", "year: 2024")},
        f"{P}:2:7: 오류: 'year'",
        "폴더 이름 '2025'과 다른 연도 2024",
    ),
    # -- derived figures ------------------------------------------------------
    (
        "funding-row-total",
        {
            A: prog(
                "title: 알파 사업\nfunding:\n  columns: [{label: 2025년}, {label: 2026년}]\n"
                "  rows:\n    - {label: 구비, values: [300, 200], total: 600}"
            )
        },
        f"{A}:6:46: 오류: 'funding.rows[0].total'",
        "원문 수치 600, 계산하면 500",
    ),
    (
        "funding-column-total",
        {
            A: prog(
                "title: 알파 사업\nfunding:\n  columns: [{label: 2025년}]\n"
                "  total: {label: 계, values: [400], total: 400}\n"
                "  rows:\n    - {label: 구비, values: [300], total: 300}"
            )
        },
        f"{A}:5:",
        "원문 수치 400, 계산하면 300",
    ),
    (
        "budget-vs-funding",
        {A: prog("title: 알파 사업\nbudget: {amount: 250}" + GOOD_FUNDING)},
        f"{A}:3:18: 오류: 'budget.amount'",
        "원문 수치 250, 계산하면 300",
    ),
    (
        "shares-not-100",
        {
            A: prog(
                "title: 알파 사업\nbudget:\n  amount: 3\n  sources:\n    - {source: 국비, share: 50}\n"
                "    - {source: 구비, share: 40}"
            )
        },
        f"{A}:6:5: 오류: 'budget.sources'",
        "비율의 합 90%",
    ),
    (
        "budget-items",
        {
            A: prog(
                "title: 알파 사업\nbudget:\n  amount: 100\n  items:\n    - {label: 가, amount: 60}\n"
                "    - {label: 나, amount: 30}"
            )
        },
        f"{A}:4:11: 오류: 'budget.amount'",
        "원문 수치 100, 계산하면 90",
    ),
    (
        "formula",
        {
            A: prog(
                "title: 알파 사업\nbudget:\n  unit: 천원\n  items:\n    - label: 구독료\n      amount: 15,000\n"
                "      formula:\n        factors: [{value: 42}, {value: 30000}, {value: 12}]"
            )
        },
        f"{A}:7:15: 오류: 'budget.items[0].amount'",
        "원문 수치 15,000, 계산하면 15,120",
    ),
    (
        "staff-row-total",
        {
            P: plan_with(
                "staffing:\n  grades: [5급, 6급]\n  rows:\n    - {label: 과, total: 5, counts: {5급: 1, 6급: 3}}"
            )
        },
        f"{P}:15:25: 오류: 'staffing.rows[0].total'",
        "원문 수치 5, 계산하면 4",
    ),
    (
        "staff-subtotal",
        {
            P: plan_with(
                "staffing:\n  grades: [5급, 6급]\n  groups: [{name: 일반직, grades: [5급, 6급]}]\n"
                "  rows:\n    - {label: 과, subtotals: {일반직: 3}, counts: {5급: 1, 6급: 3}}"
            )
        },
        f"{P}:16:",
        "원문 수치 3, 계산하면 4",
    ),
    (
        "budget-change",
        {
            P: plan_with(
                "budget:\n  current_label: 2025년\n  previous_label: 2024년\n"
                "  total: {current: 110, previous: 100, change: 20}"
            )
        },
        f"{P}:15:",
        "원문 수치 20, 계산하면 10",
    ),
    (
        "budget-rate",
        {
            P: plan_with(
                "budget:\n  current_label: 2025년\n  previous_label: 2024년\n"
                "  total: {current: 110, previous: 100, rate: 12.0}"  # 11.0 is within the rounding of 110 and 100
            )
        },
        f"{P}:15:",
        "원문 수치 12.0, 계산하면 10.0",
    ),
    (
        "budget-rows-sum",
        {
            P: plan_with(
                "budget:\n  current_label: 2025년\n  previous_label: 2024년\n"
                "  total: {current: 110, previous: 100}\n  rows:\n"
                "    - {label: 가, current: 100, previous: 100}"
            )
        },
        f"{P}:15:",
        "원문 수치 110, 계산하면 100",
    ),
    (
        "table-total-column",
        {
            A: prog(
                "title: 알파 사업\ntables:\n  - caption: 표\n    columns: [구분, 계, 가, 나]\n"
                "    rows:\n      - [실적, 10, 3, 4]\n    total_column: 1"
            )
        },
        f"{A}:7:",
        "원문 수치 10, 계산하면 7",
    ),
    (
        "table-total-row",
        {
            A: prog(
                "title: 알파 사업\ntables:\n  - caption: 표\n    columns: [구분, 수]\n"
                "    rows:\n      - [계, '1,000건']\n      - [가, 400건]\n      - [나, 500건]\n"
                "    total_row: first"
            )
        },
        f"{A}:7:",
        "원문 수치 1,000, 계산하면 900",
    ),
    (
        "figure-parts",
        {
            A: prog(
                "title: 알파 사업\nfigures:\n  - label: 매체\n    value: 58\n    parts:\n"
                "      - {label: 신문, value: 38}\n      - {label: 방송, value: 9}"
            )
        },
        f"{A}:5:12: 오류: 'figures[0].value'",
        "원문 수치 58, 계산하면 47",
    ),
    (
        "table-row-width",
        {A: prog("title: 알파 사업\ntables:\n  - caption: 표\n    columns: [구분, 수]\n    rows:\n      - [가, 1, 2]")},
        f"{A}:7:9: 오류: 'tables[0].rows[0]'",
        "칸 3개",
    ),
    (
        "unused-acknowledgement",
        {A: prog("title: 알파 사업\nas_published:\n  - {figure: funding.total.total, reason: 원문대로}")},
        f"{A}:4:14: 오류: 'as_published[0].figure'",
        "as_published에 넣었지만",
    ),
    (
        "programme-named-like-a-plan-page",
        {
            "councils/demo/plans/2025/programmes/budget.md": prog("title: 예산 사업"),
            P: PLAN.replace("programmes: [alpha]", "programmes: [alpha, budget]"),
        },
        "councils/demo/plans/2025/programmes/budget.md:1:1: 오류: ",
        "계획의 페이지가 쓰는 이름 'budget.md'",
    ),
    (
        "javascript-link-in-body",
        {A: prog("title: 알파 사업", "본문\n\n[눌러 보세요](javascript:alert(1))\n")},
        f"{A}:6:1: 오류: '본문'",
        "쓸 수 없는 링크 주소 'javascript:alert(1)'",
    ),
    (
        "data-image-in-body",
        {A: prog("title: 알파 사업", "![그림](data:image/png;base64,AAAA)\n")},
        f"{A}:4:1: 오류: '본문'",
        "Markdown으로 넣은 그림 'data:image/png;base64,AAAA'",
    ),
    # -- newsletters ------------------------------------------------------------
    (
        "article-unknown-section",
        news("title: 첫 기사\nsection: culture"),
        f"{ART}:3:10: 오류: 'section'",
        "없는 구역 'culture'",
    ),
    (
        "article-related-missing-programme",
        news("title: 첫 기사\nsection: news\nrelated: [2025/gamma]"),
        f"{ART}:4:11: 오류: 'related[0]'",
        "없는 사업 '2025/gamma'",
    ),
    (
        "article-include-without-programme",
        news("title: 첫 기사\nsection: news\nincludes:\n  - {kind: budget}"),
        f"{ART}:5:",
        "budget에 사업이 없음",
    ),
    (
        "article-milestones-no-plan-that-year",
        news("title: 첫 기사\nsection: news\nincludes:\n  - {kind: milestones}", ED_OK.replace("2025. 3.", "2024. 3.")),
        f"{ART}:5:",
        "2024년 계획이 없는 지자체",
    ),
    (
        "article-milestones-no-month",
        news("title: 첫 기사\nsection: news\nincludes:\n  - {kind: milestones}", ED_OK.replace("2025. 3.", "2025")),
        f"{ART}:5:",
        "월이 없는 일정 넣기",
    ),
    (
        "yaml-unclosed-braces-at-their-line",
        {A: prog("title: 알파 사업\nbudget: {amount: 300, unit: 천원\nkind: 신규")},
        f"{A}:3:9: 오류: 'budget'",
        "{…} 묶음이 닫히지 않았거나",
    ),
    (
        "yaml-unclosed-list-at-its-line",
        {A: prog("title: 알파 사업\ntags: [홍보, 영상\nkind: 신규")},
        f"{A}:3:7: 오류: 'tags'",
        "[…] 목록이 닫히지 않았거나",
    ),
    (
        "yaml-key-without-colon-at-its-line",
        {A: prog("title: 알파 사업\nkind 신규\nperiod: 2025. 2. ~ 8.")},
        f"{A}:3:1: 오류:",
        "':'이 빠졌거나",
    ),
    (
        "yaml-backslash-in-double-quotes",
        {A: prog('title: "C:\\자료\\q"')},
        f"{A}:2:8: 오류: 'title'",
        "작은따옴표",
    ),
    (
        "yaml-value-starting-with-at",
        {A: prog("title: @홍보팀 사업")},
        f"{A}:2:8: 오류: 'title'",
        "따옴표로 감싸세요",
    ),
    (
        "edition-lists-missing-article",
        news("title: 첫 기사\nsection: news", ED_OK.replace("[one]", "[one, three]")),
        f"{ED}:5:",
        "없는 기사 'three'",
    ),
    (
        "article-not-in-edition",
        news("title: 첫 기사\nsection: news", **{ART2: prog("title: 둘째 기사\nsection: news")}),
        f"{ART2}:1:1: 오류: ",
        "articles에 넣지 않은 기사 'two'",
    ),
    (
        "publication-bad-frequency",
        {**news("title: 첫 기사\nsection: news"), PUB: "name: 금천향기\nfrequency: daily\n"},
        f"{PUB}:2:12: 오류: 'frequency'",
        "daily",
    ),
    (
        "plan-folder-named-news",
        {"councils/demo/plans/news/plan.yaml": PLAN},
        "councils/demo/plans/news:1:1: 오류: ",
        "소식지 주소가 쓰는 이름",
    ),
    (
        "council-folder-named-search",
        {"councils/search/council.yaml": "name: 검색구\nlevel: 구\n"},
        "councils/search:1:1: 오류: ",
        "사이트의 페이지가 쓰는 이름 'search'",
    ),
    (
        "javascript-link-in-yaml-markdown",
        {P: plan_with("summary: '[x](JAVASCRIPT:void(0))'")},
        f"{P}:12:10: 오류: 'summary'",
        "쓸 수 없는 링크 주소",
    ),
]


def write(content: Path, files: dict[str, str | bytes]) -> None:
    for rel, data in files.items():
        path = content / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


@pytest.mark.parametrize(("files", "where", "fragment"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_content_is_reported(minimal: Path, files: dict, where: str, fragment: str) -> None:
    write(minimal, files)
    run = sitegen_here("check", "--content", str(minimal))
    assert run.code == 1, run.err + run.out
    assert "Traceback" not in run.err
    expected = f"content/{where}"
    hits = [line for line in run.lines if line.startswith(expected) and fragment in line]
    assert hits, f"expected a line starting {expected!r} containing {fragment!r}; got:\n{run.err}"


def test_at_least_forty_cases() -> None:
    assert len(CASES) >= 40


def test_all_problems_in_one_run(minimal: Path) -> None:
    write(
        minimal,
        {
            C: "name: 금천구\nlevel: 동\n",
            A: prog("title: 알파 사업\nkind: 신구\nperiod: 2025. 8. ~ 2."),
            P: PLAN.replace("[alpha]", "[alpha, beta]"),
        },
    )
    run = sitegen_here("check", "--content", str(minimal))
    assert run.code == 1
    for where in (C, A, P):
        assert any(line.startswith(f"content/{where}:") for line in run.lines), run.err
    # the programme's period and, though the period fails its validation, its kind's typo
    assert "없는 사업구분 '신구'" in run.err and "고칠 곳 4군데" in run.err


@pytest.mark.slow
def test_build_refuses_and_keeps_previous_output(minimal: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    assert sitegen("build", "--content", str(minimal), "--out", str(out)).code == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    write(minimal, {A: prog("title: 알파 사업\nperiod: 2025. 8. ~ 2.")})
    run = sitegen("build", "--content", str(minimal), "--out", str(out))
    assert run.code == 1
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not list(tmp_path.glob(".build-*"))


def test_bom_and_crlf_are_accepted(minimal: Path) -> None:
    path = minimal / C
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    prog_path = minimal / A
    prog_path.write_bytes(prog_path.read_bytes().replace(b"\n", b"\r\n"))
    run = sitegen_here("check", "--content", str(minimal))
    assert run.code == 0, run.err


@pytest.mark.slow
def test_a_programme_that_fails_still_has_its_other_problems_reported(minimal: Path) -> None:
    """Three independent mistakes in one file: a number that is not one, a word not in the
    vocabulary and a wrong total. The failed validation used to hide the other two."""
    write(
        minimal,
        {
            A: prog(
                "number: 하나\ntitle: 알파 사업\nkind: 신귝\nfunding:\n  columns: [{label: 2025년}, {label: 2026년}]\n"
                "  rows:\n    - {label: 구비, values: [300, 200], total: 600}",
                "[누르기](javascript:alert(1))\n",
            )
        },
    )
    run = sitegen_here("check", "--content", str(minimal))
    assert run.code == 1 and "Traceback" not in run.err
    mine = [line for line in run.lines if line.startswith(f"content/{A}:")]
    assert any(":2:" in line and "'number'" in line for line in mine), run.err  # the invalid number
    assert any(":4:" in line and "신귝" in line for line in mine), run.err  # the unknown kind
    assert any(":8:" in line and "600" in line and "500" in line for line in mine), run.err  # the total
    assert any("javascript" in line for line in mine), run.err  # the body's link
    assert len(mine) == 4, run.err


def test_acknowledged_mismatch_builds_with_a_note(minimal: Path, tmp_path: Path) -> None:
    write(
        minimal,
        {
            A: prog(
                "title: 알파 사업\nfunding:\n  columns: [{label: 2025년}, {label: 2026년}]\n"
                "  rows:\n    - {label: 구비, values: [300, 200], total: 600}\n"
                "as_published:\n  - {figure: 'funding.rows[0].total', reason: 원문 표가 이렇게 적었음}"
            )
        },
    )
    check = sitegen_here("check", "--content", str(minimal))
    assert check.code == 0, check.err
    assert "원문 수치 확인: 'funding.rows[0].total'" in check.err
    out = tmp_path / "out"
    assert sitegen("build", "--content", str(minimal), "--out", str(out)).code == 0
    page = (out / "demo/2025/alpha/index.html").read_text(encoding="utf-8")
    assert "원문 표가 이렇게 적었음" in page and "계산하면 500" in page


def test_an_acknowledged_figure_hides_no_second_independent_mismatch(minimal: Path) -> None:
    """The 음성 funding table: its corner total 885 is the sum neither of the years (948) nor
    of the rows' totals (887, with the computers' 703 where 764 is right). Acknowledging the
    first leaves the second an error, named with its own figures, until it is acknowledged."""
    funding = (
        "title: 알파 사업\nfunding:\n  kind: items\n  columns: [{label: 2022년}, {label: 2023년}, {label: 2024년}]\n"
        "  total: {label: 계, values: [315, 293, 340], total: 885}\n"
        "  rows:\n    - {label: 컴퓨터, values: [259, 225, 280], total: 703}\n"
        "    - {label: 모니터, values: [36, 60, 45], total: 141}\n"
        "    - {label: 프린터, values: [20, 8, 15], total: 43}\n"
        "as_published:\n  - {figure: 'funding.rows[0].total', reason: 컴퓨터 합은 764}\n"
        "  - {figure: funding.total.total, reason: 연도별 합은 948}\n"
    )
    write(minimal, {A: prog(funding)})
    check = sitegen_here("check", "--content", str(minimal))
    errors = [line for line in check.lines if "오류:" in line]
    assert check.code == 1 and len(errors) == 1, check.err
    assert "'funding.total.total'" in errors[0] and "885" in errors[0] and "887" in errors[0], errors
    assert "계산값 948" in check.err  # the first, acknowledged

    write(minimal, {A: prog(funding + "  - {figure: funding.total.total, reason: 항목별 계의 합은 887}\n")})
    check = sitegen_here("check", "--content", str(minimal))
    assert check.code == 0 and "계산값 887" in check.err, check.err
    # an entry that says which value it explains takes that one, wherever it is listed
    named = funding.replace("reason: 연도별 합은 948}", "derived: 887, reason: 항목별 계의 합은 887}")
    write(minimal, {A: prog(named)})
    check = sitegen_here("check", "--content", str(minimal))
    errors = [line for line in check.lines if "오류:" in line]
    assert len(errors) == 1 and "계산하면 948" in errors[0] and "계산값 887" in check.err, check.err
    # a third entry for the figure acknowledges nothing: said, not silently kept
    extra = "  - {figure: funding.total.total, reason: 둘째}\n  - {figure: funding.total.total, reason: 셋째}\n"
    write(minimal, {A: prog(funding + extra)})
    check = sitegen_here("check", "--content", str(minimal))
    assert check.code == 1 and "funding.total.total" in check.err, check.err


def test_missing_content_folder(tmp_path: Path) -> None:
    run = sitegen_here("check", "--content", str(tmp_path / "nowhere"))
    assert run.code == 1 and "Traceback" not in run.err
    assert "content 폴더가 없음" in run.err


def test_no_councils(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    (tmp_path / "content/site.yaml").write_text("title: 빈 사이트\n", encoding="utf-8")
    run = sitegen_here("check", "--content", str(tmp_path / "content"))
    assert run.code == 1 and "지자체 폴더가 없음" in run.err


@pytest.mark.parametrize(
    "body",
    [
        "[a](JavaScript:alert(1))",
        "[a](<java\tscript:alert(1)>)",
        "![b](DATA:image/png;base64,AAAA)",
        "[c](vbscript:msgbox)",
        "[d](FILE:///etc/passwd)",
        "[e](&#106;avascript:alert(1))",
        "[f](java&#x73;cript:alert(1))",
        "보통 문장: 오전 10:00, [누리집](https://example.go.kr/a:b)",
        "표 | 값\n--|--\n[g](javascript:void(0)) | 1",
    ],
)
def test_the_quick_look_for_refused_links_misses_none(body: str) -> None:
    """refused_links skips the Markdown parse when a quick search finds no refused scheme
    and no picture: it must find what a full parse finds, whatever the case, entities or spaces."""
    from sitegen.content import links

    full = []
    for token in links._permissive().parse(body):
        for child in token.children or []:
            if child.type == "image":
                full.append(((token.map or [0])[0], str(child.attrGet("src")), "md_image"))
                continue
            href = str(child.attrGet("href") or "")
            if "".join(ch for ch in href if ch > " ").lower().startswith(links.REFUSED_SCHEMES):
                full.append(((token.map or [0])[0], href, "link"))
    assert links.refused_links(body) == full


def test_a_number_split_by_a_comma_is_explained_with_single_braces(minimal: Path) -> None:
    """A message without values to fill printed its template's doubled braces ({{amount: …}})."""
    alpha = minimal / A
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("amount: 300", "amount: {a: 4,182}"), encoding="utf-8")
    run = sitegen_here("check", "--content", str(minimal))
    assert run.code == 1
    line = next(line for line in run.lines if "쉼표" in line)
    assert '(예: {amount: "4,182"})' in line and "{{" not in line, line


def test_a_broken_programme_is_still_referred_to_as_existing(minimal: Path) -> None:
    """A programme file with mistakes made articles that name it report it missing, beside
    its own file's real problems."""
    write(minimal, news("title: 첫 기사\nsection: news\nrelated: [2025/alpha]"))
    alpha = minimal / A
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("number: 1\n", "number: 하나\n"), encoding="utf-8")
    run = sitegen_here("check", "--content", str(minimal))
    assert run.code == 1
    assert any(line.startswith(f"content/{A}:2:") and "'number'" in line for line in run.lines), run.err
    assert "없는 사업 '2025/alpha'" not in run.err, run.err


def test_rates_and_shares_keep_their_decimals_and_are_checked_within_rounding(minimal: Path, tmp_path: Path) -> None:
    """Two-decimal rates and shares pass when right and fail when wrong, at the precision the
    document states; a rate the document computed before rounding its amounts (within the
    rounding of the parts) passes with a note that check counts and lists on request; 11.00
    and 0.00 are published as written."""
    from conftest import sitegen_here

    plan = minimal / "councils/demo/plans/2025/plan.yaml"
    base = plan.read_text(encoding="utf-8")

    def budget(rows: str, current: int = 1000, previous: int = 900) -> None:
        plan.write_text(
            base + "budget:\n  unit: 백만원\n  current_label: 2025년\n  previous_label: 2024년\n"
            f"  total: {{current: {current}, previous: {previous}}}\n  rows:\n" + rows,
            encoding="utf-8",
        )

    right = (
        "    - {label: 가, current: 333, previous: 300, rate: 11.00, share: 33.30}\n"
        "    - {label: 나, current: 667, previous: 600, rate: 11.17, share: 66.70}\n"
    )
    budget(right)
    ok = sitegen_here("check", "--content", str(minimal))
    assert ok.code == 0 and "반올림" not in ok.out + ok.err, ok.err
    out = tmp_path / "out"
    assert sitegen_here("build", "--content", str(minimal), "--out", str(out), "--outputs", "web").code == 0
    page = (out / "demo/2025/budget/index.html").read_text(encoding="utf-8")
    assert '<td class="num">11.00</td>' in page and '<td class="num">33.30</td>' in page and "66.70" in page

    # wrong beyond the rounding of 667 and 600 (백만원, so ±0.5 each): 11.06 to 11.27, 66.62 to 66.78
    for wrong, field in (("rate: 11.17", "rate: 11.50"), ("share: 66.70", "share: 66.80")):
        budget(right.replace(*[wrong, field]))
        bad = sitegen_here("check", "--content", str(minimal))
        what = field.split(":")[0]
        assert bad.code == 1 and f"'budget.rows[1].{what}'" in bad.err, bad.err
        assert f"원문 수치 {field.split(': ')[1]}" in bad.err, bad.err

    # 12 and 11 (백만원), rounded from 12.4 and 10.6: the document's 17.0 is within their rounding
    budget(
        "    - {label: 가, current: 333, previous: 300, rate: 11.00}\n"
        "    - {label: 나, current: 667, previous: 600}\n"
        "    - {label: 다, current: 12, previous: 11, rate: 17.0}\n",
        1012,
        911,
    )
    counted = sitegen_here("check", "--content", str(minimal))
    assert counted.code == 0 and "반올림 범위 안에서 맞는 수치 1개" in counted.out, counted.out + counted.err
    listed = sitegen_here("check", "--content", str(minimal), "--rounding")
    assert listed.code == 0
    assert re.search(
        r"plan\.yaml:\d+:\d+: 반올림: 'budget\.rows\[2\]\.rate' .*17\.0, 계산하면 9\.1.*±0\.05", listed.err
    ), listed.err
    # beyond rounding: an error, as before
    plan.write_text(plan.read_text(encoding="utf-8").replace("rate: 17.0", "rate: 25.0"), encoding="utf-8")
    beyond = sitegen_here("check", "--content", str(minimal))
    assert beyond.code == 1 and "'budget.rows[2].rate'" in beyond.err

    # no change, and the document says 0.00: shown as 0.00, not "-"
    budget(
        "    - {label: 가, current: 333, previous: 300}\n"
        "    - {label: 나, current: 667, previous: 600}\n"
        "    - {label: 라, current: 5, previous: 5, rate: 0.00}\n",
        1005,
        905,
    )
    zero = sitegen_here("build", "--content", str(minimal), "--out", str(out), "--outputs", "web")
    assert zero.code == 0, zero.err
    page = (out / "demo/2025/budget/index.html").read_text(encoding="utf-8")
    row = page.split('<th scope="row">라</th>', 1)[1].split("</tr>", 1)[0]
    assert '<td class="num">0.00</td>' in row, row


def test_defaults_are_not_published_as_if_the_document_said_them(minimal: Path, tmp_path: Path) -> None:
    """A budget whose document names no account is not captioned "(일반회계)", the model's
    default; one that names its account is. The same for an indicator's direction."""
    from conftest import FIXTURES, copy_site, sitegen_here

    plan = minimal / "councils/demo/plans/2025/plan.yaml"
    base = plan.read_text(encoding="utf-8")
    budget = "budget:\n  current_label: 2025년\n  previous_label: 2024년\n  total: {current: 110, previous: 100}\n"
    out = tmp_path / "out"
    for stated, shown in (("", "예산 현황 "), ("  account: 기타특별회계\n", "예산 현황(기타특별회계)")):
        plan.write_text(base + budget + stated, encoding="utf-8")
        assert sitegen_here("build", "--content", str(minimal), "--out", str(out), "--outputs", "web").code == 0
        page = (out / "demo/2025/budget/index.html").read_text(encoding="utf-8")
        assert f'<caption id="cap-budget">{shown}' in page, page.split("<caption", 1)[1][:120]
        assert ("일반회계" in page) is False
        glance = (out / "demo/2025/index.html").read_text(encoding="utf-8").split('class="glance"', 1)[1]
        assert ("기타특별회계" in glance.split("</section>", 1)[0]) == bool(stated)

    performance = copy_site(FIXTURES / "performance", tmp_path / "perf")
    plans = list(performance.glob("councils/*/plans/*/plan.yaml"))
    source = plans[0].read_text(encoding="utf-8")
    assert source.count("direction: 상향") == 1  # one indicator says it, the others do not
    assert (
        sitegen_here("build", "--content", str(performance), "--out", str(tmp_path / "p"), "--outputs", "web").code == 0
    )
    page = next((tmp_path / "p").rglob("indicators/index.html")).read_text(encoding="utf-8")
    assert page.count(", 상향)") == 1, page.count(", 상향)")


def test_a_comma_in_unquoted_flow_text_and_a_weights_total_say_what_to_do(minimal: Path) -> None:
    """{what: 보도자료 배포(신문, 인터뷰 등)} splits at the comma: the rest is not an unknown
    field but text to quote. Weights not adding up to 100 name each indicator and the owner."""
    from conftest import FIXTURES, copy_site, sitegen_here

    prog = minimal / "councils/demo/plans/2025/programmes/alpha.md"
    source = prog.read_text(encoding="utf-8")
    prog.write_text(
        source.replace("---\n", "---\nschedule:\n  - {when: 3월, what: 보도자료 배포(신문, 인터뷰 등)}\n", 1),
        encoding="utf-8",
    )
    run = sitegen_here("check", "--content", str(minimal))
    assert run.code == 1
    line = next(ln for ln in run.err.splitlines() if "인터뷰 등)" in ln)
    assert "쉼표에서 끊겨" in line and "따옴표로 감싸기" in line and "알 수 없는 항목" not in line, line

    perf = copy_site(FIXTURES / "performance", minimal.parent / "perf")
    plan = next(perf.glob("councils/*/plans/*/plan.yaml"))
    text = plan.read_text(encoding="utf-8")
    weight = re.search(r"weight: (\d+)", text)
    assert weight
    plan.write_text(text.replace(weight[0], f"weight: {int(weight[1]) + 5}", 1), encoding="utf-8")
    bad = sitegen_here("check", "--content", str(perf))
    message = next(ln for ln in bad.err.splitlines() if "가중치 합" in ln)
    assert "105" in message and "더해 100이 되게" in message and re.search(r"\(\S.* \d+, ", message), message


def test_a_text_field_written_as_a_list_is_published_as_a_list(tmp_path: Path) -> None:
    """A plain-text field given over several lines as '- ' items (an indicator's 목표치 설정 근거)
    is a list on the page and in the PDF, not one line with dashes in it."""
    from conftest import FIXTURES, copy_site, sitegen_here

    perf = copy_site(FIXTURES / "performance", tmp_path)
    plan = next(perf.glob("councils/*/plans/*/plan.yaml"))
    text = plan.read_text(encoding="utf-8")
    old = "rationale: 최근 3년 평균 실적에 3% 상향"
    assert old in text
    new = "rationale: |-\n                - 최근 3년 평균 실적에 3% 상향\n                - 언론 환경 변화를 반영"
    plan.write_text(text.replace(old, new), encoding="utf-8")
    out = tmp_path / "out"
    assert sitegen_here("build", "--content", str(perf), "--out", str(out), "--outputs", "web").code == 0
    page = next(out.rglob("indicators/index.html")).read_text(encoding="utf-8")
    assert "<li>최근 3년 평균 실적에 3% 상향</li>" in page and "<li>언론 환경 변화를 반영</li>" in page
    assert "- 최근" not in page


def test_staffing_by_grade_and_total_only_mix_is_checked_as_far_as_it_goes(minimal: Path, tmp_path: Path) -> None:
    """정원 by grade with a 현원 stated only as a total, and a row with a total only: the
    document breaks down what it breaks down. What it states twice is checked; what it states
    once has nothing to be checked against and is published as stated."""
    plan = minimal / "councils/demo/plans/2025/plan.yaml"
    base = plan.read_text(encoding="utf-8")

    def staffing(rows: str, total: str) -> None:
        plan.write_text(
            base + "staffing:\n  cells: authorized_current\n  authorized: 10\n  current: 9\n"
            "  grades: [5급, 6급, 7급]\n  rows:\n" + rows + "  total: " + total + "\n",
            encoding="utf-8",
        )

    rows = (
        "    - {label: 언론팀, team: press, total: 6 (5), counts: {5급: 1, 6급: 2, 7급: 3}}\n"
        "    - {label: 파견, total: 4 (4)}\n"
    )
    staffing(rows, "{label: 합계, total: 10 (9)}")
    ok = sitegen_here("check", "--content", str(minimal))
    assert ok.code == 0, ok.err
    out = tmp_path / "out"
    assert sitegen_here("build", "--content", str(minimal), "--out", str(out), "--outputs", "web").code == 0
    page = (out / "demo/2025/index.html").read_text(encoding="utf-8")
    assert "6 (5)" in page and "10 (9)" in page, page

    # what is stated twice must agree: 정원 by grade against a row's 정원, rows against the total
    for old, new, said in (
        ("5급: 1, 6급: 2", "5급: 1, 6급: 3", "원문 수치 6 (5), 계산하면 7"),
        ("total: 4 (4)", "total: 5 (4)", "원문 수치 10 (9), 계산하면 11 (9)"),
    ):
        staffing(rows.replace(old, new), "{label: 합계, total: 10 (9)}")
        bad = sitegen_here("check", "--content", str(minimal))
        assert bad.code == 1 and said in bad.err, (new, bad.err)


def test_staffing_mistakes_the_mix_could_hide_are_still_said(minimal: Path) -> None:
    """What a review found the mix could let through or report twice: a row with neither
    grades nor total, a 현원 left out of one grade, and a wrong row total (said once, on its
    own line, not again as a wrong grand total)."""
    plan = minimal / "councils/demo/plans/2025/plan.yaml"
    base = plan.read_text(encoding="utf-8")
    rows = (
        "    - {label: 언론팀, team: press, total: 6 (5), counts: {5급: 1 (1), 6급: 2 (2), 7급: 3 (2)}}\n"
        "    - {label: 파견, total: 4 (4)}\n"
    )
    cases = (
        ("    - {label: 파견, total: 4 (4)}\n", "    - {label: 파견}\n", ["직급별 인원(counts)도 계(total)도 없는 행"]),
        ("7급: 3 (2)", "7급: 3", ["현원을 일부 직급에만 적음: 5급, 6급"]),
        ("total: 6 (5)", "total: 7 (5)", ["원문 수치 7 (5), 계산하면 6 (5)"]),
    )
    for old, new, said in cases:
        plan.write_text(
            base + "staffing:\n  cells: authorized_current\n  authorized: 10\n  current: 9\n"
            "  grades: [5급, 6급, 7급]\n  rows:\n" + rows.replace(old, new) + "  total: {label: 합계, total: 10 (9)}\n",
            encoding="utf-8",
        )
        bad = sitegen_here("check", "--content", str(minimal))
        assert bad.code == 1 and all(s in bad.err for s in said), (new, bad.err)
        assert bad.err.count("원문 수치") <= 1, bad.err  # one wrong figure, one message


def test_a_grade_total_below_what_the_rows_with_grades_give_is_said(minimal: Path) -> None:
    """Where some rows are given in total only, a grade's total cannot be checked as a sum, but
    it cannot be less than what the rows that give their grades have of it: 6급 total 1 under
    a team with 6급 2 is a slip, said at its line; 6급 total 3 (one more from the total-only
    row) is not."""
    plan = minimal / "councils/demo/plans/2025/plan.yaml"
    base = plan.read_text(encoding="utf-8")
    rows = (
        "    - {label: 언론팀, team: press, total: 6 (5), counts: {5급: 1 (1), 6급: 2 (2), 7급: 3 (2)}}\n"
        "    - {label: 파견, total: 4 (4)}\n"
    )
    for sixth, wrong in (("3 (3)", False), ("1 (1)", True), ("2 (1)", True)):
        total = f"  total: {{label: 합계, total: 10 (9), counts: {{5급: 1 (1), 6급: {sixth}, 7급: 6 (5)}}}}\n"
        plan.write_text(
            base + "staffing:\n  cells: authorized_current\n  authorized: 10\n  current: 9\n"
            "  grades: [5급, 6급, 7급]\n  rows:\n" + rows + total,
            encoding="utf-8",
        )
        run = sitegen_here("check", "--content", str(minimal))
        said = [
            ln
            for ln in run.err.splitlines()
            if "합계 행의 6급 " in ln and "직급별로 적은 행들의 6급 합 2 (2)보다 적음" in ln
        ]
        assert (run.code, len(said)) == ((1, 1) if wrong else (0, 0)), (sixth, run.err)
        if wrong:
            assert f"plan.yaml:{len(base.splitlines()) + 9}:" in said[0], said
