"""The house's rules that no linter keeps: modules import one another in one direction, and
no module keeps state at its top level."""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "sitegen"


def imports() -> dict[str, set[str]]:
    """Each module of sitegen → the modules of sitegen it imports, wherever the import
    stands (top level, a function, or under TYPE_CHECKING: a cycle for the reader either way)."""
    names = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    graph: dict[str, set[str]] = {name: set() for name in names}
    for name, path in names.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for alias in node.names:
                    target = f"{node.module}.{alias.name}"
                    graph[name] |= {target} if target in names else ({node.module} & names.keys())
            elif isinstance(node, ast.Import):
                graph[name] |= {a.name for a in node.names} & names.keys()
        graph[name].discard(name)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle() -> None:
    assert cycles(imports()) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = imports()
    graph["sitegen.content.source"].add("sitegen.content.loader")  # the loader reads through source: now both ways
    assert ["sitegen.content.loader", "sitegen.content.source"] in [
        sorted(set(g) & {"sitegen.content.loader", "sitegen.content.source"}) for g in cycles(graph)
    ]


# Each folder imports only from the folders below it (ARCHITECTURE.md, "The map").
LAYERS = [
    ("sitegen.messages", "sitegen.problems"),
    ("sitegen.engine", "sitegen.settings"),
    ("sitegen.content",),
    ("sitegen.outputs",),
    ("sitegen.build",),
    ("sitegen.workflow",),
    ("sitegen.cli",),
]


def layer(module: str) -> int:
    for n, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return n
    return 0  # the package itself: its name and version only


def upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{m} -> {d}" for m, deps in graph.items() for d in deps if layer(d) > layer(m))


def test_every_folder_imports_only_from_the_ones_below() -> None:
    assert {layer(m) for m in imports()} == set(range(len(LAYERS)))  # every module has its place
    assert upward(imports()) == []


def test_the_layer_check_finds_an_upward_import() -> None:
    graph = imports()
    graph["sitegen.content.loader"].add("sitegen.outputs.web.pages")
    assert upward(graph) == ["sitegen.content.loader -> sitegen.outputs.web.pages"]


# -- no module-level mutable state (ARCHITECTURE.md, "State") --------------------------

# What a module may bind at its top level besides literals: immutable things and types.
FROZEN_CALLS = {
    "re.compile",
    "Path",
    "frozenset",
    "tuple",
    "ContextVar",
    "TypeVar",
    "EntryPoint",
    "MappingProxyType",
    "Annotated",
    "Literal",
    "get_args",
    "Field",
    "namedtuple",
    "str",
    "int",
    "bytes",
    "version",
    "hashlib.blake2b",
    "hashlib.sha256",
    "Decimal",
    "datetime.date",
    "date",
}
MUTATING = {"append", "extend", "insert", "remove", "pop", "clear", "update", "setdefault", "add", "discard", "popitem"}


def dotted_name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted_name(node.value)}.{node.attr}"
    if isinstance(node, ast.Call):
        return dotted_name(node.func)
    return ""


def frozen(value: ast.expr, constant: bool) -> bool:
    """Whether a top-level value is no state: constants, types, immutable objects; a literal
    list, dict or set only as an UPPER_CASE constant (never changed: see the test below)."""
    if isinstance(value, ast.Constant | ast.JoinedStr | ast.Name | ast.Attribute | ast.Subscript | ast.Lambda):
        return True
    if isinstance(value, ast.Tuple | ast.BinOp | ast.BoolOp | ast.Compare | ast.UnaryOp):
        return all(frozen(v, constant) for v in ast.iter_child_nodes(value) if isinstance(v, ast.expr))
    if isinstance(value, ast.List | ast.Dict | ast.Set | ast.ListComp | ast.DictComp | ast.SetComp):
        return constant
    if isinstance(value, ast.Call):
        name = dotted_name(value.func)
        head = name.split(".")[0]
        of_literal = isinstance(value.func, ast.Attribute) and isinstance(value.func.value, ast.Constant)  # "".join
        return of_literal or name in FROZEN_CALLS or head == "hashlib" or name.endswith((".hexdigest", ".digest"))
    return False


def module_state(sources: dict[str, str]) -> list[str]:
    """Top-level bindings that can change while the program runs, `global` statements, and
    UPPER_CASE constants that something changes."""
    found: list[str] = []
    constants: set[str] = set()
    for name, source in sources.items():
        tree = ast.parse(source)
        for node in tree.body:
            targets: list[ast.expr] = []
            value = None
            if isinstance(node, ast.Assign):
                targets, value = node.targets, node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                targets, value = [node.target], node.value
            for target in targets:
                if not isinstance(target, ast.Name) or value is None:
                    found.append(f"{name}:{node.lineno} binds {ast.unparse(target)}")
                    continue
                if target.id.startswith("__") and target.id.endswith("__"):
                    continue  # __all__ and the like: read by tools, never changed
                bare = target.id.lstrip("_")
                constant = bare.isupper()
                if constant:
                    constants.add(target.id)
                variable = bare[:1].islower()  # neither a CONSTANT nor a TypeAlias: meant to change
                if (variable and not isinstance(value, ast.Call)) or not frozen(value, constant):
                    found.append(f"{name}:{node.lineno} {target.id} = {ast.unparse(value)[:60]}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                found.append(f"{name}:{node.lineno} global {', '.join(node.names)}")
    for name, source in sources.items():
        for node in ast.walk(ast.parse(source)):
            changed = None
            if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
                for t in node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]:
                    if isinstance(t, ast.Subscript | ast.Attribute) and dotted_name(t.value) in constants:
                        changed = dotted_name(t.value)
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in MUTATING
                and dotted_name(node.func.value) in constants
            ):
                changed = dotted_name(node.func.value)
            if changed:
                found.append(f"{name}:{node.lineno} changes {changed}")
    return sorted(found)


def sources() -> dict[str, str]:
    return {str(p.relative_to(PACKAGE.parent)): p.read_text(encoding="utf-8") for p in sorted(PACKAGE.rglob("*.py"))}


def test_no_module_level_mutable_state() -> None:
    """State travels in objects passed along (BuildContext, PreviewMemory, the loader), or in
    a ContextVar where it follows the call (what is being recorded, what was opened); a
    module's top level holds constants, types and functions only (functools caches of pure
    functions included)."""
    assert module_state(sources()) == []


@pytest.mark.parametrize(
    "source",
    [
        "_seen = None\n",
        "_known: dict = {}\n",
        "cache = []\n",
        "COMPILED = CompiledTemplates()\n",
        "def f():\n    global x\n    x = 1\n",
        "NAMES = ['a']\ndef f():\n    NAMES.append('b')\n",
        "TABLE = {}\ndef f(k):\n    TABLE[k] = 1\n",
    ],
)
def test_the_state_scan_finds_state(source: str) -> None:
    assert module_state({"sitegen/example.py": source}) != []


# A measurement in a comment or docstring: "12.1 s → 9.0 s", "at 10,000 programmes",
# "1.16 × Hugo". Such history goes stale in the code; benchmarks/README.md keeps it.
HISTORY = re.compile(
    r"\d[\d.,]*\s?(?:s|ms|MB|GB|%)\s?(?:→|->)"
    r"|\b\d{1,3},\d{3}\s(?:programmes|pages|files)"
    r"|\d[\d.]*\s?×\s?(?:Hugo|the floor|plain)"
)


def measurements(files: dict[str, str]) -> list[str]:
    """Every comment or docstring line of files that reads like a benchmark's figure."""
    found = []
    for name, text in files.items():
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            is_doc = token.type == tokenize.STRING and token.string.lstrip("rbuRBU").startswith(('"""', "'''"))
            if (token.type == tokenize.COMMENT or is_doc) and HISTORY.search(token.string):
                found.append(f"{name}:{token.start[0]}: {HISTORY.search(token.string)[0]}")  # type: ignore[index]
    return found


def test_no_benchmark_history_in_comments() -> None:
    assert measurements(sources()) == []


@pytest.mark.parametrize(
    "source",
    [
        "x = 1  # at 10,000 programmes this took long\n",
        'def f():\n    """Faster: 12.1 s → 9.0 s."""\n',
        "# 1.16 × Hugo after the change\n",
    ],
)
def test_the_history_scan_finds_figures(source: str) -> None:
    assert measurements({"sitegen/example.py": source}) != []
