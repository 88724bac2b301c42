"""Open data: every table shown on a page, also as CSV and JSON.

CSV is UTF-8 with a byte-order mark because Excel, which most readers of
council data use, otherwise opens Korean text as mojibake. Numbers are
written plainly (no thousand separators, a minus sign instead of △) so
that a spreadsheet reads them as numbers; the unit is a column.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sitegen.content.model.types import parse_amount
from sitegen.outputs.view import Cell, TableView

# A text cell a spreadsheet would take as a formula (OWASP's CSV injection): what it begins with.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that reads as a number or a dash ("-1,234", "-", "+5%"): no formula, left as it is.
NUMBER_LIKE = re.compile(r"[-+]?[0-9,.]*%?")
NUMBER_TEXT = re.compile(r"[△▲-]?\s*[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?|[△▲-]?\s*[0-9]+(\.[0-9]+)?")


def _plain(cell: Cell, in_figures: bool = False) -> Any:
    value = cell.value
    if cell.numeric and isinstance(value, Decimal | int) and not isinstance(value, bool):
        return value
    if (cell.numeric or in_figures) and cell.text.strip() in DASHES:
        return None  # no figure: empty in a column of figures (CSV) and null (JSON), never the text "-"
    if cell.numeric and NUMBER_TEXT.fullmatch(cell.text.strip()):
        return parse_amount(cell.text)  # a figure a free-form table gives as text: "1,023", "△128"
    return cell.text


DASHES = ("-", "–", "")


def _figure_columns(tv: TableView) -> set[int]:
    """Columns of figures: those with a number, and those of dashes only ("2024년 이후" of a
    programme whose money all came before is still a column of figures)."""
    width = max((len(r) for r in tv.rows), default=0)
    cells = [[r[j] for r in tv.rows if j < len(r) and not r[j].header] for j in range(width)]
    dashes = {j for j, col in enumerate(cells) if col and all(c.text.strip() in DASHES for c in col)}
    return tv.numeric_columns() | dashes


def _rows(tv: TableView) -> list[list[Any]]:
    """Each row's values as the CSV and JSON hold them (the columns of figures found once)."""
    figures = _figure_columns(tv)
    return [[_plain(c, j in figures and not c.header) for j, c in enumerate(row)] for row in tv.rows]


def _csv_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula, prefixed with ' so it shows as
    text (OWASP's advice); numbers, negatives included, stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER_LIKE.fullmatch(value):
        return "'" + value
    return value


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def columns(tv: TableView) -> list[str]:
    return list(tv.head[-1]) if tv.head else []


def to_csv(tv: TableView, unit_header: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    head = [*columns(tv), unit_header] if tv.unit else columns(tv)
    writer.writerow([_csv_cell(h) for h in head])
    for values in _rows(tv):
        writer.writerow([_csv_cell(v) for v in ([*values, tv.unit] if tv.unit else values)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(tv: TableView, source: str) -> bytes:
    cols = columns(tv)
    data = {
        "caption": tv.caption,
        "unit": tv.unit,
        "columns": cols,
        "rows": [{col: _json_number(v) for col, v in zip(cols, values, strict=False)} for values in _rows(tv)],
        "notes": tv.notes,
        # figures kept as the document publishes them although its parts say otherwise, and why
        "as_published": [
            {"stated": _json_number(n.stated), "derived": _json_number(n.derived), "reason": n.reason}
            for n in tv.noted()
        ],
        "source": source,
    }
    # one line, by the C encoder (indent takes the pure-Python one: benchmarks/README.md,
    # "Figures behind the code")
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


@dataclass(frozen=True)
class Figure:
    """One figure of a table, in long form (one row per figure) for the site-wide file that
    holds every figure of every plan: what a journalist loads into one spreadsheet."""

    page: str  # the page that shows it, from the site root
    table: str
    row: str  # the row's label (its header cells)
    column: str
    value: Decimal | int
    unit: str
    note: str  # why it is kept as published although its parts give another value


def figures(tv: TableView, page: str) -> list[Figure]:
    """The table's figures: each number in a column of figures, with its row's label."""
    head = columns(tv)
    found = []
    for cells, values in zip(tv.rows, _rows(tv), strict=True):
        label = " ".join(c.text for c in cells if c.header)
        for j, (cell, value) in enumerate(zip(cells, values, strict=True)):
            if isinstance(value, Decimal | int) and not isinstance(value, bool) and not cell.header:
                column = head[j] if j < len(head) else ""
                note = cell.note.reason if cell.note else ""
                found.append(Figure(page, tv.caption, label, column, value, tv.unit, note))
    return found


def _figure_line(names: tuple[str, ...], f: Figure) -> list[Any]:
    return [*names, f.page, f.table, f.row, f.column, f.value, f.unit, f.note]


def figures_table(header: list[str], path: str, title: str) -> DataTable:
    """The site-wide file of figures as its data package lists it: text, but the figures
    (the column after the three names and page, table, row and column)."""
    kinds = tuple((h, "number" if j == len(header) - 3 else "string") for j, h in enumerate(header))
    return DataTable(path, "", path.removesuffix(".csv"), title, "", kinds)


def figures_csv(header: list[str], found: Sequence[tuple[tuple[str, ...], Figure]]) -> bytes:
    """Every figure of the site, one a line, after what names it (council, plan, year)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_csv_cell(h) for h in header])
    for names, f in found:
        writer.writerow([_csv_cell(v) for v in _figure_line(names, f)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def figures_json(header: list[str], found: Sequence[tuple[tuple[str, ...], Figure]], source: str) -> bytes:
    records = [dict(zip(header, [_json_number(v) for v in _figure_line(names, f)], strict=True)) for names, f in found]
    data = {"source": source, "figures": records}
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


@dataclass(frozen=True)
class DataTable:
    """A table's CSV as a data package lists it: where it is, what it is, its columns."""

    path: str  # the CSV from the site root
    page: str  # the page that shows it, from the site root
    name: str  # unique across the site, lower case (Frictionless names)
    title: str
    unit: str
    fields: tuple[tuple[str, str], ...]  # (column as in the CSV's header, "number" | "string")


def data_table(tv: TableView, page: str, csv_path: str, name: str, unit_header: str) -> DataTable:
    """A column is typed number when every value the CSV holds in it is a number or nothing
    (a staffing cell "21 (23)" or a channel's "운영" makes its column text)."""
    values = _rows(tv)

    def kind(j: int) -> str:
        found = [row[j] for row in values if j < len(row)]
        numbers = [v for v in found if v is not None]
        plain = all(isinstance(v, Decimal | int) and not isinstance(v, bool) for v in numbers)
        return "number" if numbers and plain else "string"

    fields = [(col, kind(j)) for j, col in enumerate(columns(tv))]
    if tv.unit:
        fields.append((unit_header, "string"))
    return DataTable(csv_path, page, name.lower(), tv.caption, tv.unit, tuple(fields))


def data_package(name: str, title: str, tables: list[DataTable], folder: str, source: str) -> bytes:
    """A Frictionless Data Package (datapackage.json) of tables, paths from folder: the
    tables of a plan, or of the whole site, for a data portal or a spreadsheet to load with
    their columns' types."""
    resources = [
        {
            "name": t.name,
            "path": t.path[len(folder) :],
            "title": t.title,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8-sig",
            "schema": {"fields": [{"name": n, "type": kind} for n, kind in t.fields]},
        }
        | ({"description": f"unit: {t.unit}"} if t.unit else {})
        for t in tables
    ]
    package = {"name": name.lower(), "title": title, "homepage": source, "resources": resources}
    # on one line: `indent` takes the pure-Python encoder, most of an edit's rebuild
    # of a large plan's package (benchmarks/README.md)
    return (json.dumps(package, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
