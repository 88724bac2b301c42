"""A synthetic corpus of N programme pages, as sitegen content and as the same
pages for Hugo, for benchmarks/web_vs_hugo.py.

    .venv/bin/python benchmarks/corpus.py --pages 1000 --out /tmp/corpus

Councils × 10 years × 20 programmes, each programme about 3 KB of Korean
Markdown (6 KB of UTF-8 source with its front matter) and a two-year budget
table; plus, per council and year, a newsletter edition of 4 articles that
refer to the year's programmes and include one's budget (--editions 0 leaves
them out). Hugo gets the same article pages with the same text. N counts the
programme pages; the totals of pages built are printed. Deterministic: the
same N gives the same files.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

YEARS = list(range(2017, 2027))
PER_PLAN = 20
WORDS = [
    "구민",
    "소통",
    "홍보",
    "강화",
    "추진",
    "운영",
    "지원",
    "확대",
    "콘텐츠",
    "제작",
    "채널",
    "활성화",
    "정책",
    "참여",
    "공감",
    "디지털",
    "서비스",
    "개선",
    "기반",
    "조성",
    "행정",
    "정보",
    "공개",
    "시스템",
    "유지관리",
    "보도자료",
    "언론",
    "협력",
    "영상",
    "소식지",
    "발행",
    "누리집",
    "안내",
    "주민",
    "의견",
    "수렴",
    "설문",
    "조사",
    "성과",
    "분석",
    "예산",
    "집행",
    "계획",
    "일정",
    "점검",
    "교육",
    "역량",
    "개발",
    "협업",
    "체계",
    "구축",
]
HUGO_SINGLE = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
<table><caption>연차별 소요재원 (단위: 천원)</caption>
<tr><th>재원</th><th>계</th>{{ range .Params.years }}<th>{{ . }}년</th>{{ end }}</tr>
{{ range .Params.funding }}<tr><th>{{ .label }}</th><td>{{ .total }}</td>
{{ range .values }}<td>{{ . }}</td>{{ end }}</tr>{{ end }}</table>
{{ .Content }}</main></body></html>
"""
HUGO_LIST = """<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><main><h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
</main></body></html>
"""


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))) + "합니다."


def body(rng: random.Random) -> str:
    """About 4 KB of Markdown: headings, paragraphs, lists."""
    parts = []
    for section in ("추진 배경", "세부 추진계획", "기대 효과", "향후 계획"):
        parts.append(f"## {section}\n")
        parts.append(" ".join(sentence(rng) for _ in range(4)) + "\n")
        parts.extend(f"- {sentence(rng)}" for _ in range(3))
        parts.append("")
    return "\n".join(parts)


def edition(content: Path, hugo: Path, slug: str, year: int, progs: list[str], rng: random.Random, n: int) -> None:
    """The council's newsletter edition of the year: n articles on its programmes."""
    pub = content / "councils" / slug / "publications" / "news"
    if not pub.is_dir():
        pub.mkdir(parents=True)
        (pub / "publication.yaml").write_text("name: 구정소식\nfrequency: quarterly\n", encoding="utf-8")
    folder = pub / str(year)
    (folder / "articles").mkdir(parents=True)
    slugs = [f"a{i}" for i in range(1, n + 1)]
    (folder / "edition.yaml").write_text(
        f"date: {year}. 3.\ntitle: {year}년 봄호\nsections:\n  - {{id: news, title: 구정소식}}\n"
        f"articles: [{', '.join(slugs)}]\n",
        encoding="utf-8",
    )
    for i, article in enumerate(slugs):
        prog = progs[i % len(progs)]
        title = f"{' '.join(rng.choice(WORDS) for _ in range(3))} 소식 {i + 1}"
        text = " ".join(sentence(rng) for _ in range(6)) + "\n\n" + "\n".join(f"- {sentence(rng)}" for _ in range(3))
        (folder / "articles" / f"{article}.md").write_text(
            f"---\ntitle: {title}\nsection: news\nsummary: {sentence(rng)}\nrelated: [{year}/{prog}]\n"
            f"includes:\n  - {{kind: budget, programme: {year}/{prog}}}\n---\n{text}\n",
            encoding="utf-8",
        )
        page = hugo / "content" / slug / "news" / str(year) / f"{article}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f'---\ntitle: "{title}"\n---\n{text}\n', encoding="utf-8")


def generate(out: Path, pages: int, articles: int = 4) -> tuple[Path, Path]:
    """Write the corpus; returns (sitegen content folder, Hugo site folder)."""
    shutil.rmtree(out, ignore_errors=True)
    content, hugo = out / "sitegen" / "content", out / "hugo"
    rng = random.Random(pages)
    per_council = len(YEARS) * PER_PLAN
    councils = -(-pages // per_council)
    (content / "councils").mkdir(parents=True)
    (content / "site.yaml").write_text(
        "title: 벤치마크\nbase_url: /\noutputs: [web]\n"
        "vocabularies:\n  programme_kinds: [신규, 계속]\n  funding_sources: [국비, 시비, 구비]\n",
        encoding="utf-8",
    )
    (hugo / "layouts" / "_default").mkdir(parents=True)
    (hugo / "layouts" / "_default" / "single.html").write_text(HUGO_SINGLE, encoding="utf-8")
    (hugo / "layouts" / "_default" / "list.html").write_text(HUGO_LIST, encoding="utf-8")
    (hugo / "hugo.toml").write_text(
        'baseURL = "/"\nlanguageCode = "ko"\ntitle = "벤치마크"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n',
        encoding="utf-8",
    )
    made = 0
    for c in range(councils):
        slug = f"c{c:03d}"
        council = content / "councils" / slug
        council.mkdir()
        (council / "council.yaml").write_text(f"name: 가상{c}구\nlevel: 구\nparent: 가상시\n", encoding="utf-8")
        for year in YEARS:
            if made >= pages:
                break
            count = min(PER_PLAN, pages - made)
            progs = [f"p{n:02d}" for n in range(1, count + 1)]
            plan = council / "plans" / str(year)
            (plan / "programmes").mkdir(parents=True)
            (plan / "plan.yaml").write_text(
                f"title: {year}년 주요업무계획\nyear: {year}\ndepartment:\n  name: 홍보과\n"
                f"chapters:\n  - title: 주요사업\n    kind: programmes\n    programmes: [{', '.join(progs)}]\n"
                "teams:\n  - id: press\n    name: 언론팀\n",
                encoding="utf-8",
            )
            for n, prog in enumerate(progs, 1):
                a, b = rng.randint(100, 900), rng.randint(100, 900)
                title = f"{' '.join(rng.choice(WORDS) for _ in range(3))} 사업 {n}"
                text = body(rng)
                (plan / "programmes" / f"{prog}.md").write_text(
                    f"---\nnumber: {n}\ntitle: {title}\nkind: 신규\nperiod: {year}. 1. ~ 12.\n"
                    f"budget:\n  amount: {a}\n  unit: 천원\n  sources:\n    - source: 구비\n      share: 100\n"
                    f"funding:\n  unit: 천원\n  columns:\n    - {{label: {year}년, year: {year}}}\n"
                    f"    - {{label: {year + 1}년, year: {year + 1}}}\n"
                    f"  rows:\n    - {{label: 구비, values: [{a}, {b}], total: {a + b}}}\n"
                    f"contacts:\n  - {{team: press, name: 담당자}}\n---\n{text}",
                    encoding="utf-8",
                )
                page = hugo / "content" / slug / str(year) / f"{prog}.md"
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(
                    f'---\ntitle: "{title}"\nyears: [{year}, {year + 1}]\n'
                    f"funding:\n  - {{label: 구비, values: [{a}, {b}], total: {a + b}}}\n---\n{text}",
                    encoding="utf-8",
                )
            if articles:
                edition(content, hugo, slug, year, progs, rng, articles)
            made += count
    return content, hugo


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/sitegen-corpus"))
    parser.add_argument("--editions", type=int, default=4, help="articles per yearly edition; 0: none")
    args = parser.parse_args()
    content, hugo = generate(args.out, args.pages, args.editions)
    print(content, hugo)


if __name__ == "__main__":
    main()
