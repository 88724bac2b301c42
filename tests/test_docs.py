"""The editor's guide shows real content, and the field reference covers the model."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CONTENT, FIXTURES, ROOT, sitegen_here

from sitegen.content.schema import field_reference

GUIDE = ROOT / "docs" / "editors-guide.md"


def test_yaml_examples_are_taken_from_content() -> None:
    corpus = "\n".join(
        p.read_text(encoding="utf-8")
        for base in (CONTENT, FIXTURES / "performance", FIXTURES / "performance-levels")
        for p in base.rglob("*")
        if p.suffix in (".yaml", ".md")
    )
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    assert len(blocks) >= 10
    for block in blocks:
        for line in block.splitlines():
            if line.strip():
                assert line in corpus, f"guide example line not found in content/: {line!r}"


def test_guide_names_every_top_level_field() -> None:
    from sitegen.content.schema import FILES

    guide = GUIDE.read_text(encoding="utf-8")
    for model, _title, _glob in FILES.values():
        for name in model.model_fields:
            assert f"`{name}`" in guide or f"{name}:" in guide, f"{model.__name__}.{name} not in the guide"


def test_guide_names_every_name_the_site_keeps_for_itself() -> None:
    """The names content may not take (the loader refuses them) are the ones the guide lists."""
    from sitegen.content.entries import PLAN_PAGES, SITE_PAGES
    from sitegen.content.newsloader import NEWS

    listed = re.search(r"^- 사이트가 스스로 쓰는 이름은.*?(?=^- )", GUIDE.read_text(encoding="utf-8"), re.M | re.S)
    assert listed is not None
    assert set(re.findall(r"`([a-z-]+)`", listed[0])) == {*SITE_PAGES, *PLAN_PAGES, NEWS}


def test_field_reference_is_current() -> None:
    committed = (ROOT / "docs" / "fields.md").read_text(encoding="utf-8")
    assert committed == field_reference() + "\n", "docs/fields.md is stale: run `sitegen fields`"


def test_error_example_in_guide_is_real(minimal: Path) -> None:

    path = minimal / "councils/demo/plans/2025/programmes/alpha.md"
    text = path.read_text(encoding="utf-8").replace("period: 2025. 2. ~ 8.", "period: 2025. 8. ~ 2.")
    path.write_text(text, encoding="utf-8")
    run = sitegen_here("check", "--content", str(minimal))
    example = re.search(r"```\n(content/.*?)\n```", GUIDE.read_text(encoding="utf-8")).group(1)
    assert example in run.err.splitlines()
