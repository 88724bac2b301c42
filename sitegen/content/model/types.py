"""Value types as Korean plans write them: dates like 2025. 2., periods like
2025. 2.~8., amounts like 3,648,821 and △128, percentages like 10.5.

Each parser raises one PydanticCustomError with the editor's words, so a bad
value gives one clear message rather than pydantic's list of union branches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BeforeValidator, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError, core_schema

from sitegen.messages import text

_QUALIFIERS = ("초", "중", "말")  # early/mid/end of a month: 10월 말


def _error(kind: str, value: Any, **ctx: Any) -> PydanticCustomError:
    return PydanticCustomError(kind, text(kind, **ctx), {"found": value})


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date to the precision the document gives: a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: str = ""

    def __str__(self) -> str:
        s = f"{self.year}."
        if self.month:
            s += f" {self.month}."
        if self.day:
            s += f" {self.day}."
        if self.qualifier:
            s += f" {self.qualifier}"
        return s

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> date:
        if self.day:
            return date(self.year, self.month or 1, self.day)
        if not self.month:
            return date(self.year, 12, 31)
        nxt = date(self.year + (self.month == 12), self.month % 12 + 1, 1)
        return date.fromordinal(nxt.toordinal() - 1)

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


def _numbers(s: str) -> tuple[list[int], bool, str]:
    """'2025. 2. 16.' → [2025, 2, 16]; notes a leading apostrophe ('23 = 2023)."""
    s = s.strip()
    qualifier = ""
    for q in _QUALIFIERS:
        if s.endswith(q):
            qualifier, s = q, s[: -len(q)].strip()
    short_year = s[:1] in "'`‘’"
    s = s.lstrip("'`‘’")
    s = re.sub(r"[년월일\-/]", ".", s)
    if not re.fullmatch(r"[0-9.\s]*", s):
        raise ValueError(s)
    return [int(p) for p in re.split(r"[.\s]+", s) if p], short_year, qualifier


def _context_year(info: ValidationInfo | None) -> int | None:
    ctx = info.context if info is not None else None
    return ctx.get("year") if isinstance(ctx, dict) else None


def parse_date(value: Any, year: int | None = None) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool | float | Decimal):
        # 2025.10 read as a number: insist on quotes
        raise _error("date_float", value)
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise _error("date_invalid", value)
    try:
        nums, short, qualifier = _numbers(value)
    except ValueError:
        raise _error("date_invalid", value) from None
    if not nums or len(nums) > 3:
        raise _error("date_invalid", value)
    if short or (len(nums) >= 2 and nums[0] < 100 and nums[0] > 12):
        nums[0] += 2000
    if nums[0] < 1000:  # no year written: '3월' or '1월~12월' take the plan's year
        if year is None:
            raise _error("date_needs_year", value)
        nums.insert(0, year)
    if not 1900 <= nums[0] <= 2200:
        raise _error("date_invalid", value)
    try:
        month = nums[1] if len(nums) > 1 else None
        day = nums[2] if len(nums) > 2 else None
        d = PartialDate(nums[0], month, day, qualifier=qualifier)
        d.first_day()
    except (TypeError, ValueError):
        raise _error("date_invalid", value) from None
    return d


@dataclass(frozen=True)
class Period:
    start: PartialDate
    end: PartialDate | None = None

    def __str__(self) -> str:
        if self.end is None or self.end == self.start:
            return str(self.start)
        s, e = self.start, self.end
        if e.year != s.year:
            return f"{s} ~ {e}"
        tail = f"{e.month}." if e.month else ""
        if e.day:  # documents repeat the month: 2023. 2. 16. ~ 2. 23.
            tail = f"{e.month}. {e.day}."
        return f"{s} ~ {tail}" if tail else f"{s} ~ {e}"

    @property
    def last(self) -> PartialDate:
        return self.end or self.start


def parse_period(value: Any, year: int | None = None) -> Period:
    if isinstance(value, Period):
        return value
    if isinstance(value, dict) and "start" in value:
        start = parse_date(value["start"], year)
        end = parse_date(value["end"], start.year) if value.get("end") else None
        return _ordered(Period(start, end), value)
    if not isinstance(value, str) or not re.search(r"[~∼～〜]", value):
        return Period(parse_date(value, year))
    left, right = re.split(r"\s*[~∼～〜]\s*", value.strip(), maxsplit=1)
    start = parse_date(left, year)
    try:
        nums, short, qualifier = _numbers(right)
    except ValueError:
        raise _error("date_invalid", value) from None
    if not nums:
        raise _error("date_invalid", value)
    if short or nums[0] >= 1000 or (len(nums) >= 2 and nums[0] > 12):
        end = parse_date(right, start.year)
    elif len(nums) == 1 and start.day:  # 2024. 9. 10.~12.: the day changes
        end = PartialDate(start.year, start.month, nums[0], qualifier)
    else:
        end = parse_date(right, start.year)
    try:
        end.first_day()
    except ValueError:
        raise _error("date_invalid", value) from None
    return _ordered(Period(start, end), value)


def _ordered(p: Period, value: Any) -> Period:
    if p.end is not None and p.end.last_day() < p.start.first_day():
        raise _error("period_reversed", value, start=str(p.start), end=str(p.end))
    return p


def parse_amount(value: Any) -> Decimal | None:
    """Numbers as printed: 1,103 / 9.5 / △128 (a decrease) / - (none)."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise _error("amount_invalid", value)
    if isinstance(value, int | Decimal | float):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not d.is_finite():  # .inf or .nan in YAML: no document states one (and JSON cannot hold it)
            raise _error("amount_invalid", value)
        return d
    if not isinstance(value, str):
        raise _error("amount_invalid", value)
    s = value.strip().replace(",", "").replace(" ", "")
    if s in ("-", "–", "—", ""):
        return None
    negative = s[:1] in "△▲-−"
    if negative:
        s = s[1:]
    if re.search(r"[^0-9.]", s):
        raise _error("amount_invalid", value)
    try:
        d = Decimal(s)
    except InvalidOperation:
        raise _error("amount_invalid", value) from None
    return -d if negative else d


def parse_percent(value: Any) -> Decimal | None:
    if isinstance(value, str):
        value = value.strip().removesuffix("%")
    try:
        return parse_amount(value)
    except PydanticCustomError:
        raise _error("percent_invalid", value) from None


def _date_v(value: Any, info: ValidationInfo) -> PartialDate:
    return parse_date(value, _context_year(info))


def _period_v(value: Any, info: ValidationInfo) -> Period:
    return parse_period(value, _context_year(info))


def _any(value: Any) -> Any:
    return value


_DATE_SCHEMA = {
    "type": ["string", "integer"],
    "description": "날짜: 2025. 2. 16. / 2025. 2. / 2025 / '23. 4. (연도가 없으면 계획 연도)",
    "examples": ["2025. 2. 16.", "2025. 2.", "2025"],
}
_PERIOD_SCHEMA = {
    "type": ["string", "integer", "object"],
    "description": "기간: 2025. 2. ~ 8. / 2025. 1. ~ 12. / 2021. 9. ~ 2024. (끝은 시작보다 뒤)",
    "examples": ["2025. 2. ~ 8.", "2023. 1. ~ 12."],
}
_AMOUNT_SCHEMA = {
    "type": ["number", "string", "null"],
    "description": "금액·수치: 1,103 / 9.5 / △128(감소) / - (없음). 단위는 unit 항목에",
    "examples": [3648821, "3,648,821", "△128"],
}
_PERCENT_SCHEMA = {
    "type": ["number", "string", "null"],
    "description": "백분율: 10.5 또는 '10.5%'",
}


class _Holder:
    """Annotated types whose core schema accepts what the BeforeValidator made."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return core_schema.no_info_plain_validator_function(_any)


Date = Annotated[PartialDate, _Holder, BeforeValidator(_date_v), WithJsonSchema(_DATE_SCHEMA)]
PeriodT = Annotated[Period, _Holder, BeforeValidator(_period_v), WithJsonSchema(_PERIOD_SCHEMA)]
Amount = Annotated[Decimal | None, _Holder, BeforeValidator(parse_amount), WithJsonSchema(_AMOUNT_SCHEMA)]
Percent = Annotated[Decimal | None, _Holder, BeforeValidator(parse_percent), WithJsonSchema(_PERCENT_SCHEMA)]


class Markdown(str):
    """Prose written in Markdown; renderers turn it into HTML, the model never does."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        return core_schema.no_info_after_validator_function(cls, core_schema.str_schema())

    @classmethod
    def __get_pydantic_json_schema__(cls, schema: Any, handler: Any) -> Any:
        return {"type": "string", "description": "마크다운 문서"}
