"""Outputs as a registry (sitegen/outputs/formats.py): the build makes what site.yaml names,
each after what it reads, and a package adds an output through an entry point."""

from __future__ import annotations

import ast
import json
import os
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_site, edit, own_cache, sitegen

# A package that adds an output, installed as pip would leave it: the module and its
# dist-info with the entry point (importlib.metadata finds both on the path).
PLUGIN = """
import os
from sitegen.outputs.formats import Format


class PlainText(Format):
    name = "plaintext"
    writes = "each plan's title and programmes as plain text"
    sharded = True

    def make(self):
        plans = self.ctx.site.all_plans()
        for _ in self.units((plan.url, lambda plan=plan: self.text(plan)) for plan in plans):
            pass

    def text(self, plan):
        with open(os.environ["PLAINTEXT_LOG"], "a", encoding="utf-8") as log:
            log.write(plan.url + "\\n")  # what was made, not taken from the last build
        lines = [plan.data.title, *(p.data.title for p in plan.programmes)]
        return [(plan.url + "plan.txt", "\\n".join(lines) + "\\n")]
"""
ENTRY_POINTS = "[sitegen.outputs]\nplaintext = sitegen_plaintext:PlainText\n"


def plugin(folder: Path) -> Path:
    (folder / "sitegen_plaintext").mkdir(parents=True)
    (folder / "sitegen_plaintext" / "__init__.py").write_text(PLUGIN, encoding="utf-8")
    info = folder / "sitegen_plaintext-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: sitegen-plaintext\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(ENTRY_POINTS, encoding="utf-8")
    return folder


def two_councils(tmp_path: Path) -> Path:
    """The minimal site with a second council: two plans, so two shards have one each."""
    content = copy_site(FIXTURES / "minimal", tmp_path)
    shutil.copytree(content / "councils" / "demo", content / "councils" / "other")
    edit(content / "councils" / "other" / "council.yaml", "금천구", "구로구")
    site = "title: 테스트 사이트\noutputs: [web, plaintext]\nbase_url: /\n"
    (content / "site.yaml").write_text(site, encoding="utf-8")
    return content


def test_an_output_added_by_a_package_is_built_cached_and_sharded(tmp_path: Path) -> None:
    content = two_councils(tmp_path)
    log = tmp_path / "made.log"
    env = {"PYTHONPATH": f"{ROOT}{os.pathsep}{plugin(tmp_path / 'plugin')}", "PLAINTEXT_LOG": str(log)}

    def build(*args: str, cache: str = "cache") -> list[str]:
        log.write_text("", encoding="utf-8")
        run = sitegen(*args, "--content", str(content), "--cache", str(own_cache(tmp_path / cache)), env=env)
        assert run.code == 0, run.err
        return sorted(log.read_text(encoding="utf-8").split())

    out = tmp_path / "out"
    assert build("build", "--out", str(out)) == ["demo/2025/", "other/2025/"]
    assert (out / "demo/2025/plan.txt").read_text(encoding="utf-8").startswith("2025년 주요업무계획\n")
    assert (out / "index.html").is_file()  # the web output beside it

    # cached: after one council's programme changes, only its plan's text is made again
    edit(content / "councils/other/plans/2025/programmes/alpha.md", "title: ", "title: 새 ")
    assert build("build", "--out", str(out)) == ["other/2025/"]
    assert "새 " in (out / "other/2025/plan.txt").read_text(encoding="utf-8")
    assert "새 " not in (out / "demo/2025/plan.txt").read_text(encoding="utf-8")

    # sharded: each shard makes its plan's text; the merge makes none and equals the build
    shards = [tmp_path / "shard1", tmp_path / "shard2"]
    made = [build("build", "--out", str(s), "--shard", f"{i}/2", cache=f"c{i}") for i, s in enumerate(shards, 1)]
    assert sorted(made) == [["demo/2025/"], ["other/2025/"]]
    for shard in shards:
        manifest = json.loads((shard / "sitegen-shard.json").read_text(encoding="utf-8"))
        assert [r["files"] for r in manifest["plaintext"]] in ([["demo/2025/plan.txt"]], [["other/2025/plan.txt"]])
        assert not (shard / "index.html").exists()  # the web output is not sharded: the merge makes it
    merged = tmp_path / "merged"
    assert build("merge", *map(str, shards), "--out", str(merged), cache="c3") == []
    for rel in ("demo/2025/plan.txt", "other/2025/plan.txt"):
        assert (merged / rel).read_bytes() == (out / rel).read_bytes()
    assert (merged / "index.html").is_file()

    # without the package, site.yaml's name is refused where it is written
    refused = sitegen("check", "--content", str(content))
    assert refused.code == 1 and "site.yaml:2" in refused.err and "plaintext" in refused.err


def test_outputs_are_made_after_the_outputs_they_read() -> None:
    from sitegen.outputs.formats import in_order, registry

    assert [cls.name for cls in in_order(["web", "epub", "pdf"])] == ["pdf", "epub", "web"]
    assert [cls.name for cls in in_order(["web", "epub"])] == ["epub", "web"]
    offered = registry()
    assert {"web", "pdf", "epub"} <= offered.keys()
    assert all(cls.writes for cls in offered.values())


def test_no_output_is_built_on_another() -> None:
    """Each output's class and renderer stands on the shared bases only (Format, Renderer),
    so none carries another's state (the web's search index, records, preview)."""
    from sitegen.outputs.formats import Format, registry
    from sitegen.outputs.renderer import Renderer

    for cls in registry().values():
        assert cls.__mro__[1] is Format, cls
    renderers = {}
    for path in (ROOT / "sitegen" / "outputs").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.name.endswith("Renderer"):
                renderers[node.name] = [b.id for b in node.bases if isinstance(b, ast.Name)]
    assert Renderer.__name__ in renderers and len(renderers) >= 5
    outputs = {name for name in renderers if name not in ("Renderer", "PrintRenderer")}
    for name, bases in renderers.items():
        assert not set(bases) & outputs, f"{name} is built on {bases}"


@pytest.mark.parametrize("names", [["web"], ["pdf", "web"]])
def test_outputs_named_are_the_outputs_made(names: list[str]) -> None:
    from sitegen.outputs.formats import in_order

    assert {cls.name for cls in in_order(names)} == set(names)


@pytest.mark.slow
def test_merge_without_a_cache_named_does_not_take_this_machines_warm_cache(tmp_path: Path) -> None:
    """`merge` with defaults used the cache beside content, where a local build had left every
    PDF: a shard missing from the merge went unnoticed. Now the merge starts from an empty
    cache: what no shard made is made again, and said."""
    content = two_councils(tmp_path)
    (content / "site.yaml").write_text("title: 테스트 사이트\noutputs: [web, pdf]\nbase_url: /\n", encoding="utf-8")
    env = {"SITEGEN_CACHE": ""}
    warm = sitegen("build", "--content", str(content), "--out", str(tmp_path / "local"), env=env)
    assert warm.code == 0 and warm.err.count("PDF 만듦") == 2, warm.err  # the warm cache beside content
    shard = tmp_path / "shard1"
    args = ("--content", str(content), "--cache", str(own_cache(tmp_path / "c1")))
    assert sitegen("build", *args, "--out", str(shard), "--shard", "1/2").code == 0
    merged = sitegen("merge", str(shard), "--content", str(content), "--out", str(tmp_path / "merged"), env=env)
    assert merged.code == 0, merged.err
    assert merged.err.count("PDF 만듦") == 1, merged.err  # the other shard's, made here, not taken
    assert "몫 2/2이 없습니다" in merged.err, merged.err
    assert len(list((tmp_path / "merged").rglob("*.pdf"))) == 2
