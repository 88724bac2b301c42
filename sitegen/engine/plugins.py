"""The outputs a build can make, by name: sitegen's own and those other packages add.

A package adds an output through the entry point group "sitegen.outputs"
(name = "package.module:Class", the class a sitegen.outputs.formats.Format);
site.yaml's `outputs` and `--outputs` then accept its name. Only names are
read here, nothing is imported, so checking a site stays quick: the build
loads the outputs it makes (sitegen/outputs/formats.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.metadata costs a no-op build a fifth of its time: imported when used
    from importlib.metadata import EntryPoint

GROUP = "sitegen.outputs"
BUILT_IN = (  # name, "module:Class"
    ("pdf", "sitegen.outputs.pdf.output:PdfOutput"),
    ("epub", "sitegen.outputs.epub.output:EpubOutput"),
    ("web", "sitegen.outputs.web.output:WebOutput"),
)


def output_entry_points() -> dict[str, EntryPoint]:
    """Every output by name, sitegen's own first; a package cannot replace one of them."""
    from importlib.metadata import EntryPoint, entry_points

    found = {name: EntryPoint(name, value, GROUP) for name, value in BUILT_IN}
    for ep in sorted(entry_points(group=GROUP), key=lambda ep: ep.name):
        found.setdefault(ep.name, ep)
    return found


def outputs_named(names: Iterable[str]) -> dict[str, tuple[str, object]]:
    """The named outputs, each as "module:Class" and imported, in the order output_entry_points
    gives; the installed packages are looked through only when a name is not sitegen's own
    (importlib.metadata's import and look cost every build of a site that makes only
    sitegen's outputs a few hundredths of a second). KeyError for a name no output has."""
    wanted, own = set(names), dict(BUILT_IN)
    if wanted <= own.keys():
        found = {}
        for name, value in BUILT_IN:
            if name in wanted:
                module, _, attr = value.partition(":")
                found[name] = (value, getattr(import_module(module), attr))
        return found
    offered = output_entry_points()
    if missing := wanted - offered.keys():
        raise KeyError(", ".join(sorted(missing)))
    return {name: (ep.value, ep.load()) for name, ep in offered.items() if name in wanted}


def output_names() -> list[str]:
    return list(output_entry_points())


def unknown_outputs(names: list[str] | tuple[str, ...]) -> list[str]:
    """The names no installed output has. sitegen's own are known without looking at the
    installed packages (which takes longer than a build with nothing to do)."""
    own = {name for name, _ in BUILT_IN}
    if all(name in own for name in names):
        return []
    known = output_names()
    return [name for name in names if name not in known]
