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
from decimal import Decimal
from typing import Any

from sitegen.outputs.view import Cell, TableView

# A text cell a spreadsheet would take as a formula (OWASP's CSV injection): what it begins with.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Text that reads as a number or a dash ("-1,234", "-", "+5%"): no formula, left as it is.
NUMBER_LIKE = re.compile(r"[-+]?[0-9,.]*%?")


def _plain(cell: Cell, in_figures: bool = False) -> Any:
    value = cell.value
    if cell.numeric and isinstance(value, Decimal | int) and not isinstance(value, bool):
        return value
    if (cell.numeric or in_figures) and cell.text.strip() in DASHES:
        return None  # no figure: empty in a column of figures (CSV) and null (JSON), never the text "-"
    return cell.text


DASHES = ("-", "–", "")


def _figure_columns(tv: TableView) -> set[int]:
    """Columns of figures: those with a number, and those of dashes only ("2024년 이후" of a
    programme whose money all came before is still a column of figures)."""
    width = max((len(r) for r in tv.rows), default=0)
    cells = [[r[j] for r in tv.rows if j < len(r) and not r[j].header] for j in range(width)]
    dashes = {j for j, col in enumerate(cells) if col and all(c.text.strip() in DASHES for c in col)}
    return tv.numeric_columns() | dashes


def _values(tv: TableView, row: list[Cell]) -> list[Any]:
    figures = _figure_columns(tv)
    return [_plain(c, j in figures and not c.header) for j, c in enumerate(row)]


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
    for row in tv.rows:
        values = _values(tv, row)
        writer.writerow([_csv_cell(v) for v in ([*values, tv.unit] if tv.unit else values)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_json(tv: TableView, source: str) -> bytes:
    cols = columns(tv)
    data = {
        "caption": tv.caption,
        "unit": tv.unit,
        "columns": cols,
        "rows": [{col: _json_number(v) for col, v in zip(cols, _values(tv, row), strict=False)} for row in tv.rows],
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
