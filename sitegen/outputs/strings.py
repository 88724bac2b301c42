"""Reader-facing text of a theme: strings/<language>.yaml, overridable per key.

Pages never hard-code Korean: templates and views ask for a key, so a site
(or a translated theme) can change a label by putting the same key in its own
theme's strings file, as with templates.

A strings file belongs to the theme, which whoever can push may change: it is read as
content is (bounded, no control characters), and its placeholders are names only. Python's
str.format reads attributes and items of what it is given ({x.__init__.__globals__}), and
the values given are the templates' own objects (SECURITY.md).
"""

from __future__ import annotations

from pathlib import Path
from string import Formatter
from typing import Any

from sitegen.content.source import load_yaml, read_text
from sitegen.messages import text
from sitegen.problems import Problem


class ThemeFileError(Exception):
    """A theme file that cannot be used, said as the editor's problems are."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.format() for p in problems))
        self.problems = problems


def unsafe_field(template: str) -> str | None:
    """The first placeholder of template that is more than a name ({a.b}, {a[0]}, {}, {a!r},
    {a:>100000000}: a width makes a string of any size), or the reason it does not parse;
    None when every placeholder is a plain name."""
    try:
        for _, name, spec, conversion in Formatter().parse(template):
            if name is not None and (not name.isidentifier() or conversion or spec):
                return "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
    except ValueError as exc:
        return str(exc)
    return None


class Strings:
    def __init__(self, themes: list[Path], language: str):
        self.language = language
        self.table: dict[str, str] = {}
        self.lines: dict[str, Problem] = {}  # each string's place, to say where one cannot be filled
        for theme in reversed(themes):  # more specific themes come first; let them win
            path = theme / "strings" / f"{language}.yaml"
            if path.is_file():
                # shown as the repository names it (themes/<name>/strings/…), as content files are
                found, lines = self._read(path, path.relative_to(theme.parent.parent).as_posix())
                self.table.update(found)
                self.lines.update(lines)

    @staticmethod
    def _read(path: Path, shown: str) -> tuple[dict[str, str], dict[str, Problem]]:
        source, problems = read_text(path, shown)
        loaded = load_yaml(source, shown) if source is not None else None
        if loaded is not None:
            problems = problems + loaded.problems
        data = loaded.data if loaded is not None and not problems else None
        if not problems and data is not None and not isinstance(data, dict):
            problems.append(Problem(shown, 1, 1, "", type(data).__name__, text("yaml_mapping")))
        found: dict[str, str] = {}
        lines: dict[str, Problem] = {}
        for key, value in (data or {}).items() if isinstance(data, dict) else ():
            line, col = loaded.positions.values.get((key,), (1, 1)) if loaded else (1, 1)
            if not isinstance(value, str | int | float):
                problems.append(Problem(shown, line, col, str(key), type(value).__name__, text("theme_string")))
            elif bad := unsafe_field(str(value)):
                problems.append(Problem(shown, line, col, str(key), bad, text("theme_string_field")))
            else:
                found[str(key)] = str(value)
                lines[str(key)] = Problem(shown, line, col, str(key), "", "")
        if problems:
            raise ThemeFileError(problems)
        return found, lines

    def __call__(self, key: str, /, **kwargs: Any) -> str:
        template = self.table.get(key)
        if template is None:
            raise KeyError(f"theme string '{key}' is missing from strings/{self.language}.yaml")
        try:
            return template.format(**kwargs) if kwargs else template
        except KeyError as exc:  # a placeholder the template does not fill
            at = self.lines[key]
            given = ", ".join("{" + k + "}" for k in sorted(kwargs))
            found = text("theme_string_unfilled", name="{" + str(exc.args[0]) + "}")
            problem = Problem(at.file, at.line, at.column, key, found, text("theme_string_given", given=given or "-"))
            raise ThemeFileError([problem]) from None
