"""A plan in the performance-plan shape validates and builds; JSON Schemas are
valid, generated from the model, and accept every content file of the seeds."""

from __future__ import annotations

import json
import re
import shutil
import typing
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import CONTENT, FIXTURES, ROOT, copy_site, sitegen, sitegen_here
from pydantic import BaseModel
from test_seeds import page_text

from sitegen.content.loader import load
from sitegen.content.schema import FILES, schemas
from sitegen.content.source import split_front_matter

PERF = FIXTURES / "performance"
PERF_PLAN = "councils/demo/plans/2025/plan.yaml"
# a 성과계획서 in the general shape: 전략목표 → 정책사업목표 → 단위사업 → 세부사업
LEVELS = FIXTURES / "performance-levels"
LEVELS_PLAN = "councils/gaon/plans/2025/plan.yaml"


def test_performance_plan_validates_into_the_model() -> None:
    site = load(PERF)
    perf = site.councils[0].plans[0].data.performance
    unit = perf.goals[0].unit_programmes[0]
    assert [b.account for b in unit.budget_programmes] == ["일반회계", "기타특별회계"]
    key = unit.indicators[0]
    assert key.kind == "핵심" and key.weight == Decimal(60)
    assert [t.input for t in key.measure.terms] == ["자료제공건수", "보도건수", "특별기사"]
    assert key.derived_actual(key.values[1]) == Decimal("336.9")
    assert unit.budget_programmes[0].amounts[1].settled == Decimal(530)


def test_every_level_is_checked_against_the_levels_under_it(tmp_path: Path) -> None:
    """A plan of four levels checks with nothing kept as published; then one figure at a time
    is made wrong, as an editor's slip would make it, and check names that figure's line:
    a detail programme's budget changed by 1 (its unit programme's sum), the strategic goal's
    (its programme goals' sum and the department's 정책사업 row), a share beyond its rounding,
    a count of detail programmes, goal-level indicator weights, a budget row that is not there."""
    clean = sitegen_here("check", "--content", str(LEVELS))
    assert clean.code == 0 and "원문 그대로 둔 수치 0개" in clean.out, clean.err
    assert "사업 5개" in clean.out, clean.out  # its 세부사업, as its pages count them (it said 0)
    source = (LEVELS / LEVELS_PLAN).read_text(encoding="utf-8")
    lines = source.splitlines()

    def line_of(text: str, after: str = "") -> int:
        start = next(i for i, ln in enumerate(lines) if after in ln) if after else 0
        return next(i for i, ln in enumerate(lines) if i >= start and text in ln) + 1

    def problems(old: str, new: str) -> list[str]:
        assert source.count(old) == 1, old
        site = copy_site(LEVELS, tmp_path / str(len(list(tmp_path.iterdir()))))
        (site / LEVELS_PLAN).write_text(source.replace(old, new), encoding="utf-8")
        run = sitegen_here("check", "--content", str(site))
        assert run.code == 1, run.err
        return [ln for ln in run.err.splitlines() if ": 오류: " in ln]

    found = problems("{year: 2025, budgeted: 95000}", "{year: 2025, budgeted: 95001}")
    at = line_of("{year: 2025, budgeted: 447000}")
    assert len(found) == 1 and f"{LEVELS_PLAN}:{at}:" in found[0], found
    assert "447,000" in found[0] and "447,001" in found[0], found
    assert "(군민 문화예술 행사 지원 352,000 + 작은도서관 운영 95,001)" in found[0], found  # the levels summed

    found = problems("{year: 2025, budgeted: 4732500}", "{year: 2025, budgeted: 4732501}")
    assert len(found) == 2, found
    assert f"{LEVELS_PLAN}:{line_of('budgeted: 4732500')}:" in found[0] + found[1]
    assert any("budget_row" in f and "4,732,501" in f for f in found), found

    found = problems("share: 37.14", "share: 37.24")
    assert len(found) == 1 and f":{line_of('share: 37.14')}:" in found[0] and "37.14" in found[0], found
    assert sitegen_here("check", "--content", str(_edited(tmp_path, source, "share: 37.14", "share: 37.1"))).code == 0

    found = problems("counts: {단위사업: 2, 세부사업: 3}", "counts: {단위사업: 2, 세부사업: 4}")
    assert len(found) == 1 and "원문 수치 4" in found[0] and "계산하면 3" in found[0], found

    found = problems("weight: 60", "weight: 65")
    assert len(found) == 1 and "가중치 합 105" in found[0] and "군민의 문화예술 향유 기회 확대" in found[0], found

    found = problems("budget_row: 정책사업", "budget_row: 정책 사업")
    assert len(found) == 1 and "'정책 사업'" in found[0] and "정책사업" in found[0].split("'정책 사업'")[1], found

    # a level without its own unit is in its parent's (the document states it once): a 세부사업
    # in 천원 under a 단위사업 in 천원 was taken for 백만원 (its sum 1,000 times over)
    inherited = _edited(
        tmp_path,
        source,
        "                  unit: 천원\n                  share: 21.25",
        "                  share: 21.25",
    )
    assert sitegen_here("check", "--content", str(inherited)).code == 0

    # a share the document does not state is shown to the decimals of those it does state
    derived = _edited(tmp_path, source, "              share: 25.43\n", "")
    derived.joinpath(LEVELS_PLAN).write_text(
        derived.joinpath(LEVELS_PLAN).read_text(encoding="utf-8").replace("              share: 74.57\n", ""),
        encoding="utf-8",
    )
    out = tmp_path / "derived-out"
    assert sitegen_here("build", "--content", str(derived), "--out", str(out), "--outputs", "web").code == 0
    shown = page_text(out, "gaon/2025/indicators/index.html")
    assert "문화예술 진흥 2 396,660 429,500 447,000 25.43" in shown, shown
    assert "문화시설 운영 1 1,205,380 1,268,000 1,310,500 74.57" in shown


def _edited(tmp_path: Path, source: str, old: str, new: str) -> Path:
    assert old in source, old
    site = copy_site(LEVELS, tmp_path / f"edited-{len(list(tmp_path.glob('edited-*')))}")
    (site / LEVELS_PLAN).write_text(source.replace(old, new), encoding="utf-8")
    return site


def test_the_first_shapes_names_still_read_and_mixing_them_is_said(tmp_path: Path) -> None:
    """`goals`, `unit_programmes` and `budget_programmes` (the first shape) are the same
    levels as `levels` and `children`: the general plan written with them checks the same.
    Both names for one list is a mistake said at its line."""
    source = (LEVELS / LEVELS_PLAN).read_text(encoding="utf-8")
    site = _edited(tmp_path, source, "  levels:\n", "  goals:\n")
    assert sitegen_here("check", "--content", str(site)).code == 0
    mixed = source.replace(
        "          children:\n            - level: 단위사업\n              name: 문화예술 진흥",
        "          unit_programmes:\n            - level: 단위사업\n              name: 문화예술 진흥",
        1,
    )
    assert mixed != source
    (site / LEVELS_PLAN).write_text(
        mixed.replace(
            "          indicators:\n", "          children: [{name: 덧붙인 단계}]\n          indicators:\n", 1
        ),
        encoding="utf-8",
    )
    run = sitegen_here("check", "--content", str(site))
    assert run.code == 1 and "하위 단계 목록이 둘 이상(children, unit_programmes)" in run.err, run.err


def web_and_print(content: Path, out: Path, plan: str) -> tuple[str, str]:
    """The plan's indicators page and its booklet as text (pdftotext), built with the CLI."""
    import subprocess

    run = sitegen("build", "--content", str(content), "--out", str(out), "--outputs", "web,pdf")
    assert run.code == 0, run.err
    booklet = out / plan / f"{plan.replace('/', '-')}.pdf"
    printed = subprocess.run(["pdftotext", "-layout", str(booklet), "-"], capture_output=True, text=True, check=True)
    return page_text(out, f"{plan}/indicators/index.html"), printed.stdout


@pytest.mark.slow
def test_performance_plan_builds(tmp_path: Path) -> None:
    """The indicators page and the booklet show a performance plan as tables: each year's
    budget under 결산 or 예산 as the document states it (2024 has both), the indicators'
    targets and actuals, then each detail programme's own facts and each indicator's formula.
    The plan page says what the plan holds and links there (it printed key/value lines:
    "연도 2023 / 결산 512 / 연도 2024 ...")."""
    out = tmp_path / "out"
    for text in web_and_print(PERF, out, "demo/2025"):
        head = "세부사업 회계구분 2023년 결산 2024년 결산 2024년 예산 2025년 예산"
        assert head in re.sub(r"\s+", " ", text), text
        assert re.search(r"언론보도 관리\s+일반회계\s+512\s+530\s+540\s+555", text), text
        for expected in [
            "언론보도 실적지수",
            "0.2 × 자료제공건수",
            "기타특별회계",
            "민간위탁",
            "1234-01",
            "336.9",
            "최근 3년 평균 실적에 3% 상향",
        ]:
            assert expected in text, expected
        assert "연도 2023" not in re.sub(r"\s+", " ", text)
    plan = page_text(out, "demo/2025/index.html")
    assert "목표 1개, 단위사업 1개, 세부사업 2개, 성과지표 2개" in plan and "연도 2023" not in re.sub(r"\s+", " ", plan)
    assert 'href="/demo/2025/indicators/"' in (out / "demo/2025/index.html").read_text(encoding="utf-8")

    # the general shape, four levels deep: each level's table of the levels under it, with
    # their counts, budgets by year and shares as stated; texts and facts at the level they
    # belong to; indicators at a programme goal as at a unit programme
    out = tmp_path / "levels"
    for text in web_and_print(LEVELS, out, "gaon/2025"):
        flat = re.sub(r"\s+", " ", text)
        for row in [
            "전략목표 정책사업목표 수 단위사업 수 세부사업 수 2023년 결산 2024년 예산 2025년 예산",
            "군민의 문화예술 향유 기회 확대 2 3 1,602,040 1,697,500 1,757,500 37.14",
            "관광지 정비 기타특별회계 2,140,000 1,850,000 2,320,000 77.98",
            "핵심 60 명 42,000 43,580 44,000 45,120 46,000",
            "일반 100 % - 71.35 72.00 73.48 74.00",
        ]:
            assert row in flat, (row, flat)
        for expected in [
            "주요내용",
            "작은도서관 8곳 운영과 독서 프로그램",
            "사업내용",
            "도비 30%, 군비 70%",
            "2210-02",
        ]:
            assert expected in flat, expected
    plan = page_text(out, "gaon/2025/index.html")
    assert "전략목표 1개, 정책사업목표 2개, 단위사업 3개, 세부사업 5개, 성과지표 5개" in plan
    # what the plan is for, on its first page: its strategic goal and programme goals by name
    assert "전략목표 문화가 흐르는 품격 있는 가온" in plan and "정책사업목표: 관광 활성화로 지역경제에 보탬" in plan
    # no link to a schedule it does not have ("이 계획에는 추진일정이 없습니다"), budget and indicators linked
    html = (out / "gaon/2025/index.html").read_text(encoding="utf-8")
    assert 'href="/gaon/2025/schedule/"' not in html and 'href="/gaon/2025/indicators/"' in html
    indicators = page_text(out, "gaon/2025/indicators/index.html")
    # the inputs a weighted formula's actual is computed from, for a reader to check it
    assert "측정 항목 값 2024년: 프로그램 만족도 88.2, 시설 만족도 84.6, 서비스 만족도 86.0" in indicators
    # every level's table is open data: in the plan's data package, valid, figures as numbers
    import frictionless

    package = out / "gaon/2025/datapackage.json"
    report = frictionless.validate(str(package))
    assert report.valid, [e.message for t in report.tasks for e in t.errors][:5]
    resources = json.loads(package.read_text(encoding="utf-8"))["resources"]
    tables = [r for r in resources if r["path"].startswith("indicators/")]
    # the top levels' table, 6 levels with levels under them, 3 with indicators
    assert len(tables) == 10, [r["path"] for r in tables]


def test_a_performance_plan_without_programme_files_counts_its_detail_programmes(tmp_path: Path) -> None:
    """Its programmes are the 세부사업 of its performance plan: the council page, the
    comparison and the headline figures said "사업 0개", and the plan page opened with an
    empty list of programmes."""
    content = tmp_path / "content"
    shutil.copytree(PERF, content)
    plan = content / "councils/demo/plans/2025"
    shutil.rmtree(plan / "programmes")
    yaml_text = (plan / "plan.yaml").read_text(encoding="utf-8")
    listed = "    kind: programmes\n    programmes: [alpha]\n"
    told = "    kind: text\n    body: 사업 목록은 성과계획에 있습니다.\n"
    (plan / "plan.yaml").write_text(yaml_text.replace(listed, told), encoding="utf-8")
    out = tmp_path / "out"
    run = sitegen("build", "--content", str(content), "--out", str(out), "--outputs", "web")
    assert run.code == 0, run.err
    council = page_text(out, "demo/index.html")
    assert "사업 2개" in council and "사업 0개" not in council, council
    page = page_text(out, "demo/2025/index.html")
    assert "이 계획의 사업" not in page and "목표 1개, 단위사업 1개, 세부사업 2개, 성과지표 2개" in page
    assert "언론보도 관리" in page_text(out, "demo/2025/indicators/index.html")
    compare = (out / "compare/index.html").read_text(encoding="utf-8")
    assert '<td class="num">0</td>' not in compare


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        ("weight: 40", "weight: 30", "가중치 합 90"),
        ("actual: 336.9", "actual: 340", "원문 수치 340, 계산하면 336.9"),
        ("특별기사: 20}", "특별기사: 20, 오타: 1}", "없는 측정 항목 '오타'"),
        ("account: 기타특별회계", "acount: 기타특별회계", "혹시 'account'"),
    ],
)
def test_performance_mistakes(tmp_path: Path, old: str, new: str, fragment: str) -> None:
    content = copy_site(PERF, tmp_path)
    path = content / PERF_PLAN
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    run = sitegen_here("check", "--content", str(content))
    assert run.code == 1 and fragment in run.err, run.err
    assert f"content/{PERF_PLAN}:" in run.err


def test_an_acknowledgement_under_performance_is_applied(tmp_path: Path) -> None:
    """performance.as_published was accepted and read by nothing: a figure of the
    performance plan kept as published stayed an error, and a nonsense entry passed."""
    content = tmp_path / "content"
    shutil.copytree(PERF, content)
    plan = next(content.glob("councils/*/plans/*/plan.yaml"))
    figure = "performance.goals[0].unit_programmes[0].indicators[0].values[1].actual"
    text = plan.read_text(encoding="utf-8").replace("actual: 336.9", "actual: 340")
    ack = f"  as_published:\n    - {{figure: '{figure}', reason: 원문 실적이 이렇게 적혔음}}\n"
    plan.write_text(text.replace("performance:\n", "performance:\n" + ack, 1), encoding="utf-8")
    run = sitegen("check", "--content", str(content))
    assert run.code == 0 and "원문 실적이 이렇게 적혔음" in run.err, run.err
    # and readers see it: a note under the indicators table, the reason in the figures file
    out = tmp_path / "out"
    assert sitegen("build", "--content", str(content), "--out", str(out), "--outputs", "web").code == 0
    assert "원문 실적이 이렇게 적혔음" in page_text(out, "demo/2025/indicators/index.html")
    assert "실적,340,,원문 실적이 이렇게 적혔음" in (out / "figures.csv").read_text(encoding="utf-8-sig")
    # an entry that names no mismatch is said, not kept silently
    text = text.replace("actual: 340", "actual: 336.9")
    plan.write_text(text.replace("performance:\n", "performance:\n" + ack, 1), encoding="utf-8")
    run = sitegen("check", "--content", str(content))
    assert run.code == 1 and "performance.as_published[0].figure" in run.err, run.err


def test_schemas_are_valid_json_schema() -> None:
    for name, data in schemas().items():
        schema = json.loads(data)
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["additionalProperties"] is False, name
        assert schema["properties"], name


def _content_files() -> list[tuple[str, Path]]:
    files = [("site.schema.json", CONTENT / "site.yaml")]
    files += [("council.schema.json", p) for p in sorted(CONTENT.glob("councils/*/council.yaml"))]
    files += [("plan.schema.json", p) for p in sorted(CONTENT.glob("councils/*/plans/*/plan.yaml"))]
    files += [("plan.schema.json", PERF / PERF_PLAN)]
    files += [("programme.schema.json", p) for p in sorted(CONTENT.glob("councils/*/plans/*/programmes/*.md"))]
    return files


@pytest.mark.parametrize(
    ("schema_name", "path"), _content_files(), ids=[str(p.relative_to(p.parents[3])) for _, p in _content_files()]
)
def test_content_validates_against_published_schema(schema_name: str, path: Path) -> None:
    """What editors' editors check agrees with what sitegen accepts."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = split_front_matter(text, path.name)[0]
    data = yaml.safe_load(text)
    jsonschema.validate(data, json.loads(schemas()[schema_name]))


def test_schema_rejects_an_unknown_key() -> None:
    schema = json.loads(schemas()["council.schema.json"])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "금천구", "level": "구", "parnet": "서울"}, schema)


def test_schema_command_and_published_copies(tmp_path: Path, seed_build: Path) -> None:
    run = sitegen("schema", "--out", str(tmp_path / "schemas"))
    assert run.code == 0
    for name in FILES:
        written = (tmp_path / "schemas" / name).read_text(encoding="utf-8")
        assert written == (seed_build / "schemas" / name).read_text(encoding="utf-8")
    shutil.rmtree(tmp_path / "schemas")


def test_committed_schemas_match_the_model() -> None:
    """schemas/ in the repository (for editors' VS Code) is generated, never hand-edited."""
    committed = Path(__file__).resolve().parent.parent / "schemas"
    for name, data in schemas().items():
        assert (committed / name).read_text(encoding="utf-8") == data, f"schemas/{name} is stale: run `sitegen schema`"


def _models(root: type[BaseModel]) -> set[type[BaseModel]]:
    """Every model a file's schema holds, however deep (through lists, unions, optionals)."""
    found: set[type[BaseModel]] = set()

    def visit(annotation: object) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in found:
            found.add(annotation)
            for info in annotation.model_fields.values():
                visit(info.annotation)
        for arg in typing.get_args(annotation):
            visit(arg)

    visit(root)
    return found


def _instances(value: object, page: str) -> Iterator[tuple[BaseModel, str]]:
    """Each model instance in value, with the page that shows it."""
    if isinstance(value, BaseModel):
        yield value, page
        for name in type(value).model_fields:
            yield from _instances(getattr(value, name), page)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _instances(item, page)


def shown_at(build: Path, url: str) -> str:
    """What a model's page shows: a plan's performance plan is on its indicators page."""
    pages = [f"{url}index.html", f"{url}indicators/index.html"]
    return " ".join(page_text(build, p) for p in pages if (build / p).is_file())


def test_every_field_of_the_schema_is_read_or_shown(tmp_path: Path, seed_build: Path) -> None:
    """The schema walk: a field of any content file is read by name by a loader, a check or a
    renderer (sitegen/, the theme's templates), or it is shown as written by the labelled view
    of plans and programmes; for those, some plan or programme of the default content or the
    performance fixture sets it, and its page shows the value. A field added to the model that
    nothing reads or shows fails here. Reading is found by name, so a field named like another
    model's (performance.as_published, read nowhere, beside plan.as_published) passes unseen:
    such fields have their own tests."""
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "sitegen").rglob("*.py") if "model" not in p.parts)
    code += "".join(p.read_text(encoding="utf-8") for p in (ROOT / "themes/default/templates").rglob("*.html"))
    unread = {
        (model, name)
        for root, _, _ in FILES.values()
        for model in _models(root)
        for name in model.model_fields
        if not re.search(rf"\.{name}\b|[\"']{name}[\"']", code)
    }
    perf_out = tmp_path / "perf"
    assert sitegen("build", "--content", str(PERF), "--out", str(perf_out), "--outputs", "web").code == 0
    pages: list[tuple[BaseModel, Path, str]] = []
    for build, site in ((seed_build, load(CONTENT)), (perf_out, load(PERF))):
        for plan in site.all_plans():
            pages += [(m, build, url) for m, url in _instances(plan.data, plan.url)]
            for prog in plan.programmes:
                pages += [(m, build, url) for m, url in _instances(prog.data, prog.url)]
    not_shown = []
    for model, name in sorted(unread, key=lambda f: (f[0].__name__, f[1])):
        seen = [(b, url, getattr(m, name)) for m, b, url in pages if type(m) is model and getattr(m, name)]
        value = seen[0][2] if seen else None
        first = value[0] if isinstance(value, list) else value
        if isinstance(first, BaseModel):
            continue  # a list of models: shown through its own fields, which this walk checks
        # the first words as a reader sees them (a Markdown field's first line, without its markup)
        line = next((ln for ln in str(first).splitlines() if ln.strip()), "")
        words = " ".join(line.strip(" -*#>").split())[:12]
        if not seen or not words or words not in shown_at(seen[0][0], seen[0][1]):
            not_shown.append(f"{model.__name__}.{name}")
    assert not_shown == []
    assert len(unread) < 30  # the labelled view is the exception, not the rule
