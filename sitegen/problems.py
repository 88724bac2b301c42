"""Problems found in content, reported to editors as plain file:line messages.

Every check in sitegen reports through here, so that all problems of a run are
collected and shown together, in one format, instead of stopping at the first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sitegen.messages import text

ERROR = "error"
NOTE = "note"  # an acknowledged figure: builds, but `sitegen check` lists it
ROUNDED = "rounded"  # a figure right within the rounding of its parts: counted, listed when asked


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    found: str
    expected: str
    hint: str = ""
    severity: str = ERROR

    def format(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        label = text("severity_" + self.severity)
        subject = f"'{self.field}' " if self.field else ""
        msg = f"{where}: {label}: {subject}{text('found')}: {self.found} / {text('expected')}: {self.expected}"
        if self.hint:
            msg += f" ({self.hint})"
        return visible(msg)


# What would break a message's one line or hide in it: control characters, line separators.
_UNSEEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def visible(s: str) -> str:
    """A message on one line whatever a file's name or value holds: "\\n" for a newline."""
    return _UNSEEN.sub(lambda m: m[0].encode("unicode_escape").decode("ascii"), s)


@dataclass
class Problems:
    """Collects problems across a whole run."""

    items: list[Problem] = field(default_factory=list)

    def add(self, problem: Problem) -> None:
        self.items.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.items.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return sorted(p for p in set(self.items) if p.severity == ERROR)

    @property
    def notes(self) -> list[Problem]:
        return sorted(p for p in set(self.items) if p.severity == NOTE)

    @property
    def rounded(self) -> list[Problem]:
        return sorted(p for p in set(self.items) if p.severity == ROUNDED)

    def __bool__(self) -> bool:
        return bool(self.errors)


class ContentError(Exception):
    """Raised when validation fails; carries every problem of the run."""

    def __init__(self, problems: Problems):
        super().__init__(f"{len(problems.errors)} problem(s)")
        self.problems = problems


def display_path(path: Path, root: Path) -> str:
    """Paths as editors see them in their repository: relative where possible."""
    try:
        return path.resolve().relative_to(root.resolve().parent).as_posix()
    except ValueError:
        return path.as_posix()


def show(value: object, limit: int = 60) -> str:
    """A found value as an editor would recognise it, shortened when long."""
    if value is None:
        return text("nothing")
    if isinstance(value, dict):
        return text("a_mapping")
    if isinstance(value, list):
        return text("a_list")
    s = str(value)
    if isinstance(value, bool):
        s = "true" if value else "false"
    s = s.replace("\n", " ")
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    return f'"{s}"'
