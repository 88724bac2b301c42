"""The native Markdown engine gives markdown-it-py's HTML, or leaves the text to it (issue 23).

sitegen/outputs/markdown.py renders with markdown-it-pyrs where it is installed and the text
has none of the constructs on which the two part (NATIVE_UNSURE); these tests are the
differential: every Markdown text of the default content and of a benchmark corpus, and
generated Markdown of the constructs council documents use, through both engines.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT, ROOT
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

sys.path.insert(0, str(ROOT / "benchmarks"))
import corpus
from markdown_engines import differences, texts

from sitegen.outputs.markdown import NATIVE_UNSURE, _render, engine, native, native_unsure

needs_native = pytest.mark.skipif(native() is None, reason="markdown-it-pyrs is not installed (the fast extra)")


@needs_native
def test_both_engines_give_the_same_html_for_the_default_content_and_a_corpus(tmp_path: Path) -> None:
    """benchmarks/markdown_engines.py does the same for the 10,000-programme corpus."""
    content, _ = corpus.generate(tmp_path / "corpus", 200)
    found = texts(CONTENT) + texts(content)
    assert len(found) > 3000
    assert differences(found) == []
    # not vacuous: most texts, and every corpus body, went through the native engine
    natively = [t for t in found if not NATIVE_UNSURE.search(t)]
    assert len(natively) > 0.9 * len(found) and all(not NATIVE_UNSURE.search(t) for t in texts(content))
    assert engine().startswith("markdown-it-pyrs ")


# What council documents write, and what trips the engines: Korean, figures with △ and commas,
# emphasis, lists, tables, quotes, code, links, entities, HWP's spaces (U+3000), tabs, CR, NUL.
PIECES = [
    *'ab *_#`[]()<>!|-:=+\n\t\\&;1.>~"',
    *["\x00", "\r", "가", "△", "2025. 3.", "(단위: 천원)", "&amp;", "&#0;", "&nbsp;", "<a>", "    ", "   "],
    *["http://x.y", "<http://c>", "![x](y.png)", "[l](http://a)", "[r]: http://b\n", "[r]", "\\*"],
    *["\n\n", "---\n", "===\n", "## ", "**", "  \n", "> 인용\n", "1. ", "1) ", "* ", "- 항목\n", "  - 하위\n"],
    *["~~~\n", "\n    코드\n", "| 1 |", "| a | b |\n|---|--:|\n"],
    "\n| 구분 | 예산 |\n| --- | ---: |\n| 국비 | 1,000 |\n",
    *["\u3000", "\u00a0", "나다 ", "1,000", "  - ", "10. ", "####### ", "==\n", "&copy;", "&#xAC00;", "&#1234567;"],
    *["\\#", "www.c.kr", "<a@b.kr>", '"제목"', '[x]: /u "t"\n', "[X]", "***"],
    *["![", "![R&amp;D 예산](c.png)", "- - - ", "1. 2. ", " " * 12, "[[[[", "](x)](y)"],  # from a review
]


@needs_native
@seed(23)
@settings(max_examples=2000, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.lists(st.sampled_from(PIECES), max_size=50).map("".join), shift=st.sampled_from([1, 2, 3]))
def test_generated_markdown_is_rendered_as_markdown_it_py_renders_it(text: str, shift: int) -> None:
    """Found by this, and now left to markdown-it-py: "가**△**" (emphasis by another CommonMark
    version's punctuation), a panic on "[`", "-:" as a table, quotes, fences, U+3000 kept."""
    assert _render(text, shift, "") == _render(text, shift, "", fast=False), text


# every white space but space and newline (what [^\S \n] finds), and lines that begin or end so
WHITE = [chr(c) for c in range(0x3001) if chr(c).isspace() and chr(c) not in " \n"]
EDGES = ["\n>", "> \n", ">", "\n:--", "\n 1. - + x", "\n" + " " * 12, "[a[b[c[d", "[a]b[c[d[e", "\n-:", "2) 3. "]


@seed(24)
@settings(max_examples=3000, deadline=None, database=None)
@given(text=st.lists(st.sampled_from(PIECES + WHITE + EDGES), max_size=40).map("".join))
def test_the_native_engine_s_guard_asked_apart_finds_what_its_expression_finds(text: str) -> None:
    """native_unsure asks NATIVE_UNSURE's alternatives one by one, for speed: the same answer."""
    assert native_unsure(text) == bool(NATIVE_UNSURE.search(text)), repr(text)


@needs_native
def test_a_text_the_native_engine_would_fail_is_rendered_by_markdown_it_py(monkeypatch: pytest.MonkeyPatch) -> None:
    assert NATIVE_UNSURE.search("[`코드`](a)") and NATIVE_UNSURE.search("가**△1,000**")
    assert _render("[`코드`](a)", 1, "") == '<p><a href="a"><code>코드</code></a></p>\n'
    assert _render("감액 **△1,000**천원", 1, "") == "<p>감액 <strong>△1,000</strong>천원</p>\n"
    deep = "- - - - - - - - - - x"  # past markdown-it-py's nesting limit, which the native one has not
    assert _render(deep, 1, "") == _render(deep, 1, "", fast=False) and "<li></li>" in _render(deep, 1, "")
    # and where the guard were to miss a text the native parser panics on: markdown-it-py's HTML
    monkeypatch.setattr("sitegen.outputs.markdown.native_unsure", lambda text: False)
    assert _render("[`코드", 1, "") == "<p>[`코드</p>\n"  # an unclosed code span in link text


def test_without_the_native_engine_markdown_it_py_renders_the_same() -> None:
    """Where markdown-it-pyrs is not installed (a platform with no wheel for it), a real
    interpreter that cannot import it: the same HTML, and the engine named in the cache key."""
    text = "## 추진 배경\n\n구민 소통을 [강화](https://a.kr)합니다.\n\n- 홍보\n- 소통\n"
    program = (
        "import sys; sys.modules['markdown_it_pyrs'] = None\n"
        "from sitegen.outputs import markdown as m\n"
        f"print(m.engine()); print(m.render({text!r}, 2), end='')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    run = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, env=env, check=True)
    name, html = run.stdout.split("\n", 1)
    assert name == "markdown-it-py"
    assert html == _render(text, 2, "", fast=False) == _render(text, 2, "") and "<h4>추진 배경</h4>" in html
