"""Generated content through `sitegen check` and a web build, in-process (SECURITY.md).

Hypothesis writes a site from the minimal fixture with one programme file of its
making: front matter of any shape (random Unicode with control characters,
decomposed (NFD) Hangul, huge and deep structures, wrong types), a body of
any text, an odd file name, or bytes that are not YAML at all. Whatever it
writes, sitegen must answer as it answers an editor:
- exit status 0 or 1, never an internal error or a traceback;
- every problem as file:line:col;
- nothing written outside the output folder and the cache;
and what check accepts must build.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import re
import shutil
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import FIXTURES
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from sitegen.cli import parser
from sitegen.cli import run as cli

EXAMPLES = int(os.environ.get("SITEGEN_FUZZ_EXAMPLES", "2000"))
PLAN = "councils/demo/plans/2025"
PROBLEM = re.compile(r"^[^\n]+?:\d+:\d+: ")
SUMMARY = ("고칠 곳", "오류가 있어 아무것도")

HANGUL = "".join(chr(c) for c in range(0xAC00, 0xAC00 + 400, 7))
# Text as editors paste it: Korean composed and decomposed, ASCII, YAML and Markdown syntax,
# control characters, quotes, very wide and zero-width characters.
alphabet = st.sampled_from(
    list(HANGUL)
    + list(unicodedata.normalize("NFD", HANGUL[:40]))
    + list("abc XYZ 0123456789 -,.:;#*![]()<>{}|&'\"\\/%@=+\t\n")
    + ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u200b", "\u2028", "\ufeff", "\U0001f600", "\ud7a3"]
)
text = st.text(alphabet, max_size=60)
scalars = st.one_of(text, st.integers(-(10**20), 10**20), st.floats(allow_nan=True), st.booleans(), st.none())
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=6), st.dictionaries(text, inner, max_size=6)),
    max_leaves=40,
)

VALID: dict[str, Any] = yaml.safe_load(
    (FIXTURES / "minimal" / PLAN / "programmes/alpha.md").read_text(encoding="utf-8").split("---")[1]
)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    """Mostly the valid programme with some fields replaced, sometimes anything at all."""
    kind = draw(st.sampled_from(["edit", "edit", "edit", "any", "deep", "wide", "raw"]))
    if kind == "raw":
        return draw(st.text(alphabet, max_size=400))
    if kind == "deep":
        depth = draw(st.integers(50, 120))
        return "title: " + "[" * depth + "1" + "]" * depth + "\n"
    if kind == "wide":  # thousands of items, past any table a plan has (30,000 took 0.3 s an example)
        return "title: 넓은 값\nkind: 신규\nextra: [" + ", ".join(["1"] * draw(st.integers(1000, 10000))) + "]\n"
    data: dict[str, Any] = dict(VALID) if kind == "edit" else {}
    for key in draw(st.lists(st.sampled_from([*VALID, "images", "summary", "continues", "x"]), max_size=4)):
        data[key] = draw(values)
    if kind == "edit" and draw(st.booleans()):
        data["title"] = draw(text)
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True, default_flow_style=draw(st.booleans()))


names = st.one_of(
    st.just("alpha"),
    st.text(st.sampled_from([*"abz09-_. 가각ㄱ\n\t", "\u1100", "\u0301"]), min_size=1, max_size=20),
    st.integers(60, 250).map(lambda n: "a" * n),
).filter(lambda n: n not in (".", "..") and "/" not in n and len(n.encode()) <= 250)


def small_fonts() -> Path:
    """Stand-ins for the theme's fonts, kept for the run: TrueType fonts of the fuzzer's
    characters with empty glyphs, under the theme's names (a site's theme overrides a font by
    name, as any site may). Cutting one takes milliseconds, the real ones seconds; what is
    tested here is everything else."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    folder = Path(tempfile.gettempdir()) / f"sitegen-fuzz-fonts-{os.getpid()}"
    if not folder.is_dir():
        folder.mkdir()
        atexit.register(shutil.rmtree, folder, True)
        chars = sorted(set(HANGUL + "".join(chr(c) for c in range(32, 127))))
        names = [".notdef", *(f"u{ord(c):04X}" for c in chars)]
        for path in (FIXTURES.parent.parent / "themes/default/fonts").glob("*.otf"):
            fb = FontBuilder(1000, isTTF=True)
            fb.setupGlyphOrder(names)
            fb.setupCharacterMap({ord(c): n for c, n in zip(chars, names[1:], strict=True)})
            fb.setupGlyf({n: TTGlyphPen(None).glyph() for n in names})
            fb.setupHorizontalMetrics({n: (500, 0) for n in names})
            fb.setupHorizontalHeader(ascent=800, descent=-200)
            fb.setupNameTable({"familyName": "Fuzz", "styleName": path.stem.rsplit("-", 1)[-1]})
            fb.setupOS2()
            fb.setupPost()
            fb.save(str(folder / f"{path.stem}.ttf"))
    return folder


def kept_cache() -> Path:
    """One build cache for the run's examples, as CI keeps one between builds: compiled
    templates, cut fonts and rendered Markdown are taken from it, as a real build takes them."""
    folder = Path(tempfile.gettempdir()) / f"sitegen-fuzz-cache-{os.getpid()}"
    if not folder.is_dir():
        folder.mkdir()
        atexit.register(shutil.rmtree, folder, True)
    return folder


def listing(root: Path, skip: tuple[Path, ...]) -> dict[str, int]:
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if Path(folder, d) not in skip]
        for name in files:
            path = Path(folder, name)
            found[str(path)] = path.lstat().st_mtime_ns
    return found


def run(args: list[str]) -> tuple[int, str]:
    """The command line in this process, its parser made once (argparse and gettext took
    two thirds of a check of the small site)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = cli(PARSER, args)
    return code, err.getvalue()


PARSER = parser()


def shard(number: int) -> Any:
    """One of SHARDS tests, each with its own seed and its share of the examples, so that
    pytest-xdist runs them side by side; every run draws the same examples."""

    @pytest.mark.slow
    @seed(number)
    @settings(
        max_examples=max(1, EXAMPLES // SHARDS),
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(front=front_matter(), body=st.text(alphabet, max_size=300), name=names, listed=st.booleans())
    def test(front: str, body: str, name: str, listed: bool) -> None:
        answered_plainly(front, body, name, listed)

    return test


# eight parts of about eight seconds each: two parts of half a minute each left one worker
# running the last of them alone at the end of the suite for up to twenty seconds
SHARDS = 8
for _number in range(1, SHARDS + 1):
    globals()[f"test_generated_content_is_answered_plainly_{_number}"] = shard(_number)


def answered_plainly(front: str, body: str, name: str, listed: bool) -> None:
    root = site_folder()
    content = root / "content"
    programmes = content / PLAN / "programmes"
    (programmes / "alpha.md").unlink()
    try:
        (programmes / f"{name}.md").write_text(f"---\n{front}---\n{body}", encoding="utf-8", errors="surrogatepass")
    except (UnicodeEncodeError, OSError):
        (programmes / "alpha.md").write_bytes(f"---\n{front}---\n{body}".encode("utf-8", "replace"))
        name = "alpha"
    plan = content / PLAN / "plan.yaml"
    slug = name if listed else "alpha"
    plan.write_text(
        PLAN_YAML.replace("programmes: [alpha]", f"programmes: [{yaml.safe_dump(slug).split(chr(10))[0]}]"),
        encoding="utf-8",
    )
    try:
        checked(root, content)
    finally:  # the site as it was, for the next example
        for path in programmes.iterdir():
            path.unlink()
        shutil.copyfile(FIXTURES / "minimal" / PLAN / "programmes/alpha.md", programmes / "alpha.md")
        plan.write_text(PLAN_YAML, encoding="utf-8")
        for made in root.iterdir():  # the build's output (and any folder it put beside it)
            if made.name not in ("content", "themes"):
                shutil.rmtree(made)


PLAN_YAML = (FIXTURES / "minimal" / PLAN / "plan.yaml").read_text(encoding="utf-8")


def site_folder() -> Path:
    """The minimal site with the stand-in fonts, made once a run and put back as it was after
    each example (copying and removing the site for each took a fifth of an example's time)."""
    root = Path(tempfile.gettempdir()) / f"sitegen-fuzz-site-{os.getpid()}"
    if not root.is_dir():
        shutil.copytree(FIXTURES / "minimal", root / "content")
        shutil.copytree(small_fonts(), root / "themes/default/fonts")
        atexit.register(shutil.rmtree, root, True)
    return root


def checked(root: Path, content: Path) -> None:
    before = listing(root, ())
    code, err = run(["check", "--content", str(content)])
    assert code in (0, 1), err
    lines = [line for line in err.splitlines() if line and not line.startswith(SUMMARY)]
    assert "Traceback" not in err and "내부 오류" not in err, err
    assert all(PROBLEM.match(line) for line in lines), err
    if code == 0:
        out, cache = root / "out", kept_cache()
        code, err = run(["build", "--content", str(content), "--out", str(out), "--cache", str(cache)])
        assert code == 0, err
        assert (out / "index.html").is_file()
        after = listing(root, (out, cache))
        assert after == before  # nothing written but the output and the cache
    else:
        assert listing(root, ()) == before
