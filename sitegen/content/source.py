"""Reading source files safely: bytes → text → YAML data with line positions.

Editors' files can be anything: a binary pasted by mistake, an HWP export in
CP949, a BOM, CRLF line ends, tabs. Each of these becomes a Problem, never an
exception. YAML is parsed with PyYAML's C loader into nodes, and the data is
built from the nodes here so that every value keeps the line it came from and
anchors/aliases cannot expand without bound.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
import stat
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from sitegen.messages import text
from sitegen.problems import Problem

if TYPE_CHECKING:
    from sitegen.engine.fingerprint import Tree

MAX_BYTES = 2 * 1024 * 1024  # far above any real plan file; stops a pasted video
MAX_NODES = 200_000  # bounds alias expansion ("billion laughs")
MAX_DEPTH = 64

Path_ = tuple[str | int, ...]
# C0 and C1 control characters but tab and newline, and Unicode's noncharacters (U+FDD0 to
# U+FDEF, U+FFFE and U+FFFF of every plane) and lone surrogates: invisible, they break XML
# (feeds, EPUB: XML allows none of them), calendar lines and terminals, and are never meant
# (SECURITY.md).
# Searched as the controls of the first plane and any character beyond it, the latter then
# told apart one by one: a class listing the other planes' noncharacters was searched
# sixteen times slower, and every source file and string is searched.
_CONTROL_OR_ASTRAL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff\U00010000-\U0010ffff]"
)


def _is_control(ch: str) -> bool:
    code = ord(ch)
    return code & 0xFFFE == 0xFFFE if code > 0xFFFF else _CONTROL_OR_ASTRAL.match(ch) is not None


def _first_control(s: str) -> re.Match[str] | None:
    return next((m for m in _CONTROL_OR_ASTRAL.finditer(s) if ord(m[0]) <= 0xFFFF or _is_control(m[0])), None)


REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")

# PyYAML's English parser messages, translated for editors.
_YAML_MESSAGES = [
    ("found character '\\t'", "yaml_tab"),
    ("tab character", "yaml_tab"),
    ("mapping values are not allowed", "yaml_colon"),
    ("could not find expected ':'", "yaml_missing_colon"),
    ("found unexpected end of stream", "yaml_unclosed_quote"),
    ("found undefined alias", "yaml_undefined_alias"),
    ("expected <block end>", "yaml_indent"),
    ("did not find expected key", "yaml_indent"),
    ("did not find expected '-'", "yaml_indent"),
    ("expected a single document", "yaml_many_documents"),
    ("found duplicate anchor", "yaml_duplicate_anchor"),
    ("did not find expected ',' or '}'", "yaml_flow_mapping"),
    ("did not find expected ',' or ']'", "yaml_flow_sequence"),
    ("found unknown escape character", "yaml_escape"),
    ("cannot start any token", "yaml_bad_start"),
    ("expected alphabetic or numeric character", "yaml_bad_start"),
]
# Where the parser noticed the mistake is often the line after it (an unclosed {…}, a key
# without ':'); in these contexts the mistake is where the context began.
_AT_CONTEXT = ("flow mapping", "flow sequence", "simple key", "quoted scalar")


@dataclass
class Positions:
    """Where each value (and each mapping key) of a document stands in its file."""

    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """The nearest known position: the path itself or its closest parent."""
        table = self.keys if key else self.values
        p = tuple(path)
        while p:
            if p in table:
                return table[p]
            if p in self.values:
                return self.values[p]
            p = p[:-1]
        return self.values.get((), (1, 1))


@dataclass
class Loaded:
    data: Any
    positions: Positions
    problems: list[Problem]
    digest: str = ""  # of the text parsed: what the build's dependency graph compares


class NotRegular(OSError):
    """A symbolic link, device, pipe or socket where a file was expected."""


def read_regular(path: Path | str, limit: int) -> bytes:
    """At most limit + 1 bytes of a regular file, never through a symbolic link: a link may
    point outside the repository (/etc/passwd), and a device or a pipe reports any size
    (/dev/zero: 0) and never ends."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        if exc.errno == 40:  # ELOOP: the last part of the path is a link
            raise NotRegular(exc.errno, "symbolic link") from None
        raise
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotRegular(0, "not a regular file")
        chunks, left = [], limit + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 20))):
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def special_files(root: Path, tree: Tree | None = None) -> list[Path]:
    """Everything under root that is neither a plain folder nor a regular file: symbolic links
    (which could lead outside the repository), devices, pipes, sockets. Not followed. tree:
    root as the build walked it already."""
    if os.path.islink(root) or (os.path.lexists(root) and not os.path.isdir(root)):
        return [root]  # the folder itself a link (a pushed `themes` leading outside) or a device
    if tree is not None and tree.root == root:
        return sorted(
            Path(e.path)
            for _, e, _ in tree.entries
            if not e.is_dir(follow_symlinks=False) and not e.is_file(follow_symlinks=False)
        )
    found: list[Path] = []
    stack = [str(root)] if os.path.isdir(root) else []
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif not entry.is_file(follow_symlinks=False):
                    found.append(Path(entry.path))
    return sorted(found)


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """Read a source file as UTF-8 text, reporting anything that is not."""

    def bad(found: str, expected: str, line: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(shown, line, 1, "", found, expected)]

    try:
        raw = read_regular(path, MAX_BYTES)
        if len(raw) > MAX_BYTES:
            size = max(len(raw), os.stat(path).st_size)
            return bad(text("file_too_big", size=size), text("file_size_limit", limit=MAX_BYTES))
    except NotRegular:
        return bad(text("not_regular_file"), text("regular_file"))
    except OSError as exc:
        return bad(text("file_unreadable", reason=exc.strerror or str(exc)), text("readable_file"))
    if b"\x00" in raw:
        return bad(text("binary_file"), text("utf8_text"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        s = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        try:
            raw.decode("cp949")
            found = text("looks_cp949")
        except UnicodeDecodeError:
            found = text("not_utf8")
        return bad(found, text("utf8_text"), line)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    if control := control_in(s):
        at, code = control
        return bad(text("control_char", code=code), text("no_control_char"), s.count("\n", 0, at) + 1)
    return s, []


def control_in(s: str) -> tuple[int, int] | None:
    """(where, code) of the first control character in s, written as itself or as a character
    reference that Markdown decodes (&#12; is a form feed; &#0; and &#x110000; are no
    character); None when there is none."""
    first = _first_control(s)
    if "&#" in s:
        for ref in REFERENCE.finditer(s, 0, first.start() if first else len(s)):
            code = int(ref[1], 16) if ref[1] else int(ref[2])
            if code == 0 or code > 0x10FFFF or _is_control(chr(code)):
                return ref.start(), min(code, 0x10FFFF + 1)
    return (first.start(), ord(first[0])) if first else None


STR_TAG = "tag:yaml.org,2002:str"
PLAIN_DECIMAL = re.compile(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?")


def stated_decimal(written: str, value: float) -> Decimal | float:
    """A number with a decimal point, as written: 10.50 keeps its two decimals (a float would
    say 10.5), so figures are shown and checked to the precision the document states."""
    return Decimal(written) if PLAIN_DECIMAL.fullmatch(written) else value


def load_yaml(source: str, shown: str, line_offset: int = 0) -> Loaded:
    """Parse YAML into plain data plus positions; never raises on bad input."""
    positions = Positions()
    problems: list[Problem] = []

    def problem(line: int, col: int, found: str, expected: str, fld: str = "") -> None:
        problems.append(Problem(shown, line + line_offset, col, fld, found, expected))

    if not source.strip():
        problem(1, 1, text("empty_file"), text("yaml_mapping"))
        return Loaded(None, positions, problems)

    loader = yaml.CSafeLoader(source)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        at_context = exc.context_mark and any(c in (exc.context or "") for c in _AT_CONTEXT)
        mark = exc.context_mark if at_context else (exc.problem_mark or exc.context_mark)
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = f"{exc.problem or ''} {exc.context or ''}"
        key = next((k for frag, k in _YAML_MESSAGES if frag in message), "yaml_other")
        # the field, as the editor wrote it on that line ("budget" of "budget: {…")
        written = source.split("\n")[line - 1] if 0 < line <= source.count("\n") + 1 else ""
        field = re.match(r"\s*(?:-\s+)?([^\s:#'\"{}\[\],][^:#{}\[\],]*?)\s*:(?:\s|$)", written)
        problem(line, col, text(key, detail=(exc.problem or "").strip()), text("yaml_valid"), field[1] if field else "")
        return Loaded(None, positions, problems)
    except yaml.YAMLError as exc:  # reader errors (control characters) carry no mark
        problem(1, 1, text("yaml_other", detail=str(exc).splitlines()[0]), text("yaml_valid"))
        return Loaded(None, positions, problems)
    finally:
        loader.dispose()

    count = 0

    def where(node: yaml.Node) -> tuple[int, int]:
        return node.start_mark.line + 1 + line_offset, node.start_mark.column + 1

    class Stop(Exception):
        pass

    def build(node: yaml.Node, path: Path_, depth: int) -> Any:
        nonlocal count
        count += 1
        if count > MAX_NODES or depth > MAX_DEPTH:
            line, col = where(node)
            problems.append(Problem(shown, line, col, "", text("yaml_too_large"), text("yaml_small")))
            raise Stop
        positions.values.setdefault(path, where(node))
        if isinstance(node, yaml.ScalarNode):
            # a plain string is its text (what the constructor returns, at a fifth of the cost)
            value = node.value if node.tag == STR_TAG else loader.construct_object(node)
            if isinstance(value, float) and math.isfinite(value):
                value = stated_decimal(node.value, value)
            if isinstance(value, str) and (found := control_in(value)):  # "\x1b", "\x26#12;" in quotes
                line, col = where(node)
                fld = dotted(path)
                problems.append(
                    Problem(shown, line, col, fld, text("control_char", code=found[1]), text("no_control_char"))
                )
            return value
        if isinstance(node, yaml.SequenceNode):
            return [build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            loader.flatten_mapping(node)  # YAML merge keys (<<)
            out: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                line, col = where(key_node)
                if not isinstance(key_node, yaml.ScalarNode):
                    problems.append(Problem(shown, line, col, "", text("key_not_scalar"), text("key_scalar")))
                    continue
                key = key_node.value if key_node.tag == STR_TAG else loader.construct_object(key_node)
                if node.flow_style and isinstance(key, int) and _is_null(value_node):
                    # {amount: 4,182}: in a {…} mapping the comma splits the number
                    problems.append(
                        Problem(
                            shown,
                            line,
                            col,
                            dotted(path),
                            text("flow_comma", key=key_node.value),
                            text("flow_comma_expected"),
                        )
                    )
                    continue
                if isinstance(key, float | bool | int) or key is None:
                    key = key_node.value  # a key is a name, never a number like 2025.1
                if key in out:
                    problems.append(
                        Problem(
                            shown,
                            line,
                            col,
                            dotted((*path, key)),
                            text("duplicate_key", key=key),
                            text("unique_key"),
                        )
                    )
                    continue
                positions.keys[(*path, key)] = (line, col)
                out[key] = build(value_node, (*path, key), depth + 1)
            return out
        return None

    if root is None:  # only comments: no document
        problem(1, 1, text("empty_file"), text("yaml_mapping"))
        return Loaded(None, positions, problems)
    try:
        data = build(root, (), 0)
    except Stop:
        return Loaded(None, positions, problems)
    except yaml.YAMLError as exc:  # e.g. an invalid !!timestamp
        problem(1, 1, text("yaml_other", detail=str(exc).splitlines()[0]), text("yaml_valid"))
        return Loaded(None, positions, problems)
    return Loaded(data, positions, problems, text_digest(source))


def text_digest(s: str) -> str:
    return hashlib.blake2b(s.encode("utf-8"), digest_size=16).hexdigest()


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag.endswith(":null") and not node.value


def split_front_matter(source: str, shown: str) -> tuple[str | None, str, int, list[Problem]]:
    """Split Markdown into (front matter YAML, body, body's first line, problems)."""
    lines = source.split("\n")
    if not lines or lines[0].strip() != "---":
        return None, source, 1, [Problem(shown, 1, 1, "", text("no_front_matter"), text("front_matter"))]
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1 :]), i + 2, []
    return None, source, 1, [Problem(shown, 1, 1, "", text("front_matter_unclosed"), text("front_matter"))]


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
