"""Turning pydantic's validation errors into editors' problems.

Pydantic reports a location (a path of keys and indices) and an error type;
here each becomes file:line:col, the field's dotted path, what was found and
what was expected, in the catalog's words. Unknown keys get a did-you-mean.
"""

from __future__ import annotations

import difflib
import functools
import re
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError, create_model

from sitegen.content.source import Loaded, dotted
from sitegen.messages import text
from sitegen.problems import Problem, show

M = TypeVar("M", bound=BaseModel)

# pydantic error type → catalog key of what was expected
_EXPECTED = {
    "string_type": "type_text",
    "int_type": "type_number",
    "int_parsing": "type_number",
    "int_from_float": "type_number",
    "float_type": "type_decimal",
    "float_parsing": "type_decimal",
    "decimal_type": "type_decimal",
    "bool_type": "type_bool",
    "bool_parsing": "type_bool",
    "list_type": "type_list",
    "dict_type": "type_mapping",
    "model_type": "type_mapping",
    "model_attributes_type": "type_mapping",
    "date_invalid": "date_expected",
    "date_float": "date_expected",
    "date_needs_year": "date_expected",
    "period_reversed": "period_ordered",
    "amount_invalid": "amount_expected",
    "percent_invalid": "percent_expected",
    "count_invalid": "count_expected",
}

# field names are ASCII identifiers; anything else in a key position is text
FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types behind Optional/Union/Annotated/list/dict."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(tp) for t in _unwrap(a)]
    return [tp]


def model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class whose fields are at `loc` (for suggesting keys)."""
    current: Any = root
    for part in loc:
        candidates = _unwrap(current)
        nxt = None
        for c in candidates:
            origin = typing.get_origin(c)
            if isinstance(part, int) and origin is list:
                nxt = typing.get_args(c)[0]
            elif isinstance(c, type) and issubclass(c, BaseModel) and part in c.model_fields:
                nxt = c.model_fields[part].annotation
            elif origin is dict:
                nxt = typing.get_args(c)[1]
            if nxt is not None:
                break
        if nxt is None:
            return None
        current = nxt
    for c in _unwrap(current):
        if isinstance(c, type) and issubclass(c, BaseModel):
            return c
    return None


def _clean_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    # pydantic adds pseudo-steps for unions and validators ("function-after[...]", "str")
    return tuple(p for p in loc if isinstance(p, int) or ("[" not in str(p) and str(p) not in {"str", "int"}))


def problems_from(exc: ValidationError, root: type[BaseModel], doc: Loaded, shown: str) -> list[Problem]:
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = _clean_loc(tuple(err["loc"]))
        field = dotted(loc)
        kind = err["type"]
        value = err.get("input")
        if kind == "missing":
            line, col = doc.positions.at(loc[:-1])
            name = str(loc[-1])
            out.append(Problem(shown, line, col, field, text("missing"), text("missing_expected", field=name)))
            continue
        if kind == "extra_forbidden":
            line, col = doc.positions.at(loc, key=True)
            parent = model_at(root, loc[:-1])
            allowed = sorted(parent.model_fields) if parent else []
            hint = ""
            close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
            if close:
                hint = text("did_you_mean", suggestion=close[0])
            if not FIELD_NAME.fullmatch(str(loc[-1])):  # "인터뷰 등)": text cut at a comma of { a: b, c }
                found, expected, hint = text("text_after_comma", key=loc[-1]), text("quote_text_with_comma"), ""
            else:
                found = text("unknown_key", key=loc[-1])
                expected = text("unknown_key_expected", allowed=", ".join(allowed))
            out.append(Problem(shown, line, col, field, found, expected, hint))
            continue
        line, col = doc.positions.at(loc)
        ctx = err.get("ctx") or {}
        if kind in _EXPECTED:
            expected = text(_EXPECTED[kind])
            found = show(value)
            if kind not in ("string_type", "list_type", "dict_type", "model_type") and kind.startswith(
                ("date", "period", "amount", "percent", "count")
            ):
                found = f"{show(value)} — {err['msg']}"
        elif kind in ("literal_error", "enum"):
            choices = str(ctx.get("expected", "")).replace(" or ", ", ")
            found, expected = show(value), text("choice", choices=choices)
        elif kind == "string_pattern_mismatch":
            found, expected = show(value), _pattern_expected(loc)
        elif kind in ("greater_than_equal", "greater_than", "less_than_equal"):
            key = {"greater_than_equal": "at_least", "greater_than": "more_than"}.get(kind, "at_most")
            limit = ctx.get("ge", ctx.get("gt", ctx.get("le")))
            found, expected = show(value), text(key, limit=limit)
        elif kind in ("too_short", "string_too_short"):
            found, expected = show(value), text("not_empty")
        else:  # anything else still reads as found/expected, never as a traceback
            found, expected = show(value), err["msg"]
        out.append(Problem(shown, line, col, field, found, expected))
    return out


def _pattern_expected(loc: tuple[Any, ...]) -> str:
    name = str(loc[-1]) if loc else ""
    if name == "phone":
        return text("phone_expected")
    if name in ("website",):
        return text("url_expected")
    if name == "base_url":
        return text("base_url_expected")
    return text("slug_expected")


def valid_parts(root: type[M], doc: Loaded, context: dict[str, Any] | None = None) -> M | None:
    """Of a document that failed validation, the fields that are valid, as a model of the same
    validators whose required fields may be missing: the figure checks can still run over it,
    so one mistake does not hide the file's other, independent ones. None if even that fails."""
    if not isinstance(doc.data, dict):
        return None
    try:
        root.model_validate(doc.data, context=context or {})
        return None  # valid after all: nothing partial about it
    except ValidationError as exc:
        bad = {e["loc"][0] for e in exc.errors() if e["loc"]}
    kept = {k: v for k, v in doc.data.items() if k not in bad}
    try:
        return lenient(root).model_validate(kept, context=context or {})
    except (ValidationError, TypeError, ValueError):
        return None


@functools.cache
def lenient(root: type[M]) -> type[M]:
    """root with its required fields optional (None): the same field validators, inherited."""
    optional: dict[str, Any] = {
        name: (typing.Optional[info.annotation], None)  # noqa: UP045 (a type made at run time)
        for name, info in root.model_fields.items()
        if info.is_required()
    }
    return create_model(f"Partial{root.__name__}", __base__=root, **optional)


def validate(
    root: type[M], doc: Loaded, shown: str, context: dict[str, Any] | None = None
) -> tuple[M | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        line, col = doc.positions.at(())
        found = show(doc.data) if doc.data is not None else text("empty_file")
        return None, [Problem(shown, line, col, "", found, text("yaml_mapping"))]
    try:
        return root.model_validate(doc.data, context=context or {}), []
    except ValidationError as exc:
        return None, problems_from(exc, root, doc, shown)
