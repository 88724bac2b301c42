"""The house's rules that no linter keeps: modules import one another in one direction."""

from __future__ import annotations

import ast
from pathlib import Path

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
    ("sitegen.engine",),
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
