"""Parts shared by plans and programmes: figures, tables, funding tables, contacts."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationInfo, WithJsonSchema, field_validator

from sitegen.content.model.base import F, Model
from sitegen.content.model.types import Amount, Percent, Period, parse_amount, parse_period

UNITS: dict[str, int] = {"원": 1, "천원": 1_000, "백만원": 1_000_000, "억원": 100_000_000}
# Money is always in one of these, so amounts in different tables can be compared.
MoneyUnit = Literal["원", "천원", "백만원", "억원"]

SLUG = r"[a-z0-9][a-z0-9-]*"
SLUG_MAX = 64  # a folder or file name: every output path built from names stays within the file system's limits


def is_slug(name: str) -> bool:
    """A folder or file name as content/ wants it (whole: "a\n" is not one)."""
    return len(name) <= SLUG_MAX and re.fullmatch(SLUG, name) is not None


Slug = Annotated[
    str,
    Field(pattern=rf"^{SLUG}$", max_length=SLUG_MAX),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[a-z0-9][a-z0-9-]*$",
            "description": "영문 소문자·숫자·하이픈으로 된 이름(예: geumcheon)",
        }
    ),
]
Phone = Annotated[
    str,
    Field(pattern=r"^[0-9]{2,4}(-[0-9]{3,4}){1,2}$"),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{2,4}(-[0-9]{3,4}){1,2}$",
            "description": "전화번호(예: 871-3431, 02-2627-1234)",
        }
    ),
]
Url = Annotated[
    str,
    Field(pattern=r"^https?://\S+$"),
    WithJsonSchema({"type": "string", "format": "uri", "description": "http(s):// 주소"}),
]


def _text_list(value: Any) -> Any:
    """A single line where a list is expected is a one-item list, as editors write it."""
    return [value] if isinstance(value, str) else value


Lines = Annotated[
    list[str],
    BeforeValidator(_text_list),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]


class AsPublished(Model):
    """An official figure that does not match its parts, kept as published."""

    figure: str = F("수치 위치", description="틀린 수치의 위치(예: funding.total.total)")
    reason: str = F("사유", min_length=2)
    derived: Amount = F(
        "계산값",
        None,
        description="이 항목이 설명하는 계산값: 한 수치가 두 가지 계산과 다를 때 어느 쪽인지(예: 948)",
    )


class Part(Model):
    label: str = F("항목")
    value: Amount = F("값")
    share: Percent = F("비율(%)", None)


class Figure(Model):
    """A headline number, optionally with the parts it is the sum of."""

    label: str = F("항목")
    value: Amount = F("값")
    unit: str = F("단위", "")
    parts: list[Part] = F("세부 내역", default_factory=list)
    note: str = F("비고", "")


def number_in(cell: Any) -> Decimal | None:
    """The number a table cell shows: '1,577건' → 1577, '△128' → -128, '-' → 0."""
    if cell is None or isinstance(cell, bool):
        return None
    if isinstance(cell, int | float | Decimal):
        return Decimal(str(cell))
    s = str(cell).strip()
    if s in ("-", "–", "—"):
        return Decimal(0)
    m = re.fullmatch(r"([△▲-]?\s*[0-9][0-9,]*(?:\.[0-9]+)?)\s*[^\s0-9]{0,3}", s)
    if not m:
        return None
    return parse_amount(m.group(1))


Cell = Annotated[
    str | int | Decimal | float | None,  # a decimal as written (12.50 keeps its zero), else a float
    WithJsonSchema({"type": ["string", "number", "null"]}),
]


class Table(Model):
    """A free-form table as the document prints it, with optional sum checks."""

    caption: str = F("표 제목")
    unit: str = F("단위", "")
    as_of: str = F("기준", "")
    columns: list[str] = F("열 제목", min_length=1)
    rows: list[list[Cell]] = F("행", min_length=1)
    total_row: Literal["first", "last", "none"] = F(
        "합계 행", "none", description="다른 행의 합인 행: first(첫 행) / last(끝 행) / none"
    )
    total_column: int | None = F("합계 열", None, ge=1, description="오른쪽 열들의 합인 열 번호(첫 열은 0)")
    notes: Lines = F("주석", default_factory=list)


class FundingColumn(Model):
    label: str = F("열 제목")
    year: int | None = F("연도", None, ge=1900, le=2200)


class FundingRow(Model):
    label: str = F("재원", description="국비·시비·도비·구비·군비 등, 또는 항목 이름")
    values: list[Amount] = F("연도별 금액")
    total: Amount = F("합계", None)


class Funding(Model):
    """연차별 소요재원: sources (or items) by year, with row and column totals."""

    caption: str = F("표 제목", "연차별 소요재원")
    unit: MoneyUnit = F("단위", "천원")
    kind: Literal["sources", "items"] = F("행의 종류", "sources", description="sources: 재원별 / items: 항목별")
    columns: list[FundingColumn] = F("연도 열", min_length=1)
    rows: list[FundingRow] = F("행", min_length=1)
    total: FundingRow | None = F("계", None)
    note: str = F("비고", "")


class Contact(Model):
    department: str = F("부서", "")
    team: str = F("팀", description="plan.yaml의 teams에 있는 팀 id")
    name: str = F("담당자")
    position: str = F("직위", "")
    phone: Phone | None = F("전화번호", None)


class Image(Model):
    src: str = F("파일", description="이 파일이 있는 폴더 기준 경로")
    alt: str = F("대체 텍스트", min_length=2, description="화면을 볼 수 없는 사람에게 읽어 줄 설명")
    caption: str = F("설명", "")


RECURRENCES = ("연중", "수시", "상시", "매월", "매주", "매일", "분기별", "상반기", "하반기", "연간")


def recurrence(value: str) -> bool:
    """Words that say how often rather than when: 연중, 매월, 연 1회 …"""
    v = value.strip()
    return v.split(" ")[0] in RECURRENCES or bool(re.match(r"^(연|월|주|일|분기)\s*[0-9]", v))


class Milestone(Model):
    when: str = F(
        "시기",
        description="기간(2025. 2. ~ 8. / 3월) 또는 연중·수시·매월·분기별·상반기 등",
    )
    what: str = F("내용")

    @field_validator("when", mode="before")
    @classmethod
    def _when(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            value = str(value) if isinstance(value, int) else value
        if isinstance(value, str) and not recurrence(value):
            ctx = info.context if isinstance(info.context, dict) else {}
            parse_period(value, ctx.get("year"))  # raises the editor's message
        return value

    def period(self, year: int | None) -> Period | None:
        return None if recurrence(self.when) else parse_period(self.when, year)
