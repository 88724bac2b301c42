"""The outputs a build can make, by name: sitegen's own and those other packages add.

A package adds an output through the entry point group "sitegen.outputs"
(name = "package.module:Class", the class a sitegen.outputs.formats.Format);
site.yaml's `outputs` and `--outputs` then accept its name. Only names are
read here, nothing is imported, so checking a site stays quick: the build
loads the outputs it makes (sitegen/outputs/formats.py).
"""

from __future__ import annotations

from importlib.metadata import EntryPoint, entry_points

GROUP = "sitegen.outputs"
BUILT_IN = (
    EntryPoint("pdf", "sitegen.outputs.pdf.output:PdfOutput", GROUP),
    EntryPoint("epub", "sitegen.outputs.epub.output:EpubOutput", GROUP),
    EntryPoint("web", "sitegen.outputs.web.output:WebOutput", GROUP),
)


def output_entry_points() -> dict[str, EntryPoint]:
    """Every output by name, sitegen's own first; a package cannot replace one of them."""
    found = {ep.name: ep for ep in BUILT_IN}
    for ep in sorted(entry_points(group=GROUP), key=lambda ep: ep.name):
        found.setdefault(ep.name, ep)
    return found


def output_names() -> list[str]:
    return list(output_entry_points())
