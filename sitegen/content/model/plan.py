"""A plan document (주요업무계획): plan.yaml in councils/<council>/plans/<year>/."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from sitegen.content.model.base import F, Model
from sitegen.content.model.common import AsPublished, Figure, Lines, MoneyUnit, Slug, Table, Url
from sitegen.content.model.performance import Performance
from sitegen.content.model.types import Amount, Date, Markdown, Percent, PeriodT
from sitegen.messages import text


class Department(Model):
    name: str = F("부서명")
    head: str = F("부서장 직위", "")
    note: str = F("비고", "", description="예: 2023. 1. 홍보디지털과에서 소통담당관으로 개편")


class Occasion(Model):
    name: str = F("보고 자리", description="예: 제353회 임시회 업무보고")
    period: PeriodT | None = F("기간", None)


class Chapter(Model):
    title: str = F("장 제목")
    kind: Literal["overview", "results", "direction", "programmes", "special", "text"] = F(
        "종류",
        description="overview(일반현황) / results(주요성과) / direction(정책방향) / "
        "programmes(주요사업) / special(특수시책) / text(글)",
    )
    programmes: list[Slug] = F("사업", default_factory=list, description="programmes 폴더의 파일 이름")
    body: Markdown = F("본문", Markdown(""))


class Team(Model):
    id: Slug = F("팀 id", description="담당(contacts)·인력·예산에서 팀을 가리킬 때 쓰는 이름")
    name: str = F("팀 이름")
    duties: Lines = F("주요업무", default_factory=list)


class Count:
    """A staffing cell: 정원 alone, or 정원(현원) as in '21 (23)'."""

    def __init__(self, authorized: int | None, current: int | None = None):
        self.authorized = authorized
        self.current = current

    def __str__(self) -> str:
        a = "-" if self.authorized is None else f"{self.authorized:,}"
        return a if self.current is None else f"{a} ({self.current:,})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Count) and (self.authorized, self.current) == (
            other.authorized,
            other.current,
        )

    def __hash__(self) -> int:
        return hash((self.authorized, self.current))


def _count(value: Any) -> Count:
    if isinstance(value, Count):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Count(value)
    if isinstance(value, str):
        s = value.strip().replace(",", "")
        if s in ("-", ""):
            return Count(0)
        m = re.fullmatch(r"(\d+|-)\s*(?:[(\[]\s*(\d+|-)\s*[)\]])?", s)
        if m:
            a = 0 if m.group(1) == "-" else int(m.group(1))
            c = None if m.group(2) is None else (0 if m.group(2) == "-" else int(m.group(2)))
            return Count(a, c)
    raise PydanticCustomError("count_invalid", text("count_invalid"), {"found": value})


class _CountHolder:
    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return core_schema.no_info_plain_validator_function(lambda v: v)


CountT = Annotated[
    Count,
    _CountHolder,
    BeforeValidator(_count),
    WithJsonSchema({"type": ["integer", "string"], "description": "인원: 6 또는 정원(현원) '21 (23)'"}),
]


class StaffGroup(Model):
    name: str = F("직종", description="예: 일반직")
    grades: list[str] = F("포함 직급")


class StaffRow(Model):
    label: str = F("구분")
    team: str = F("팀", "", description="teams의 팀 id")
    total: CountT | None = F("계", None)
    subtotals: dict[str, CountT] = F("소계", default_factory=dict)
    counts: dict[str, CountT] = F("직급별", default_factory=dict, description="없으면 계(total)만 밝힌 행")


class Staffing(Model):
    as_of: Date | None = F("기준일", None)
    cells: Literal["headcount", "authorized_current"] = F(
        "칸의 뜻", "authorized_current", description="headcount(인원) / authorized_current(정원(현원))"
    )
    authorized: int | None = F("정원", None, ge=0)
    current: int | None = F("현원", None, ge=0)
    outside_quota: int | None = F("정원외", None, ge=0)
    grades: list[str] = F("직급", min_length=1)
    groups: list[StaffGroup] = F("직종 소계", default_factory=list)
    rows: list[StaffRow] = F("행", min_length=1)
    total: StaffRow | None = F("합계", None)
    notes: Lines = F("주석", default_factory=list)


class BudgetRow(Model):
    label: str = F("구분", "계")
    team: str = F("팀", "", description="teams의 팀 id")
    current: Amount = F("올해")
    previous: Amount = F("전년")
    change: Amount = F("증감(원문)", None)
    rate: Percent = F("증감률(원문, %)", None)
    share: Percent = F("구성비(원문, %)", None, description="원문 그대로(소수 자릿수까지): 없으면 계산해서 보여 줍니다")
    rows: list[BudgetRow] = F("세부", default_factory=list)

    def derived_change(self) -> Decimal:
        return (self.current or Decimal(0)) - (self.previous or Decimal(0))

    def derived_rate(self, base: str) -> Decimal | None:
        """The change rate (%) to one decimal, without trailing zeros (10.0 → 10)."""
        denominator = self.current if base == "current" else self.previous
        if not denominator:
            return None
        r = (self.derived_change() * 100 / denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return r.quantize(Decimal(1)) if r == r.to_integral_value() else r


class BudgetSummary(Model):
    account: str = F("회계", "일반회계")
    unit: MoneyUnit = F("단위", "천원")
    current_label: str = F("올해 열 제목", description="예: 2025년")
    previous_label: str = F("전년 열 제목", description="예: 2024년 (당초예산)")
    council_share: Percent = F("군·구 전체 예산 중 비율(%)", None)
    change_rate_base: Literal["previous", "current"] = F(
        "증감률 기준",
        "previous",
        description="previous: 증감÷전년(보통) / current: 증감÷올해(원문이 이렇게 계산한 경우)",
    )
    total: BudgetRow = F("합계")
    rows: list[BudgetRow] = F("행", default_factory=list)


class ResultGroup(Model):
    title: str = F("제목")
    body: Markdown = F("내용", Markdown(""))
    figures: list[Figure] = F("주요 수치", default_factory=list)
    tables: list[Table] = F("표", default_factory=list)


class Direction(Model):
    goal: str = F("정책목표")
    directions: Lines = F("추진방향", default_factory=list)
    priorities: Lines = F("역점과제", default_factory=list)


class Plan(Model):
    title: str = F("제목", description="예: 2025년 주요업무계획")
    year: int = F("연도", ge=1990, le=2200)
    issued: Date | None = F("발행일", None)
    original: Url | None = F("원문 문서", None, description="원문(HWP/PDF)을 내려받는 주소: 계획 페이지에서 링크")
    as_of: Date | None = F("기준일", None)
    department: Department = F("부서")
    occasion: Occasion | None = F("보고", None)
    summary: Markdown = F("요약", Markdown(""))
    chapters: list[Chapter] = F("장 순서", min_length=1)
    teams: list[Team] = F("조직(팀)", default_factory=list)
    staffing: Staffing | None = F("인력", None)
    budget: BudgetSummary | None = F("예산", None)
    results: list[ResultGroup] = F("주요성과", default_factory=list)
    results_year: int | None = F("주요성과 연도", None)
    direction: Direction | None = F("정책방향", None)
    tables: list[Table] = F("통계", default_factory=list)
    performance: Performance | None = F("성과계획", None)
    as_published: list[AsPublished] = F("원문 그대로 둔 수치", default_factory=list)
