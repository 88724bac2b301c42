"""The threat model of SECURITY.md, finding by finding: a push changes the site, never the
server; nothing outside the repository is read; nothing published runs script.

Most checks run sitegen in-process (`cli.main`) on a copy of the minimal site; the
hooks run for real, on a bare repository with real pushes."""

from __future__ import annotations

import http.server
import io
import os
import shutil
import subprocess
import threading
import typing
from fractions import Fraction
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from conftest import FIXTURES, PROGRAMME, ROOT, deployed, own_cache, push, sitegen, spawn

from sitegen.cli import main as cli

PNG = bytes.fromhex(  # one red pixel
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f00050001ff89993d1d0000000049454e44ae426082"
)


def check(content: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = cli(["check", "--content", str(content)])
    out = capsys.readouterr()
    return code, out.out + out.err


def add_front(path: Path, lines: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("---\n", f"---\n{lines}", 1), encoding="utf-8")


# -- 1, 2, 12: the git hooks ------------------------------------------------------------


def test_a_push_runs_no_code_of_its_own_on_the_server(hosted: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Finding 1: modules in the pushed tree (yaml.py, sitecustomize.py, a sitegen/ package)
    were imported by the hooks' sitegen, and by the processes it starts (the font cutter);
    finding 2: a theme template reached os.system."""
    _, www, clone = hosted
    marker = tmp_path / "ran"
    payload = f"import pathlib\npathlib.Path({str(marker)!r}).open('a').write(__name__ + '\\n')\n"
    modules = ["yaml.py", "sitecustomize.py", "usercustomize.py", "content/yaml.py", "pydantic.py", "jinja2.py"]
    modules += ["sitegen/__init__.py", "sitegen/cli.py", "fontTools/__init__.py", "weasyprint/__init__.py"]
    for name in modules:
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        (clone / name).write_text(payload, encoding="utf-8")
    pushed = push(clone, "처음")
    assert pushed.returncode == 0, pushed.stderr
    assert deployed(hosted[0])["ok"]
    assert not marker.exists(), marker.read_text(encoding="utf-8")
    live = www / "current/demo/2025/alpha/index.html"
    assert "알파 사업" in live.read_text(encoding="utf-8")  # built and deployed, fonts cut and all
    released = live.read_bytes()
    # a theme template that reaches for the shell: refused by name, nothing released
    templates = clone / "themes/default/templates"
    templates.mkdir(parents=True)
    shell = f"touch {marker}-template"
    (templates / "programme.html").write_text(
        "{{ cycler.__init__.__globals__.os.system(" + repr(shell) + ") }}", encoding="utf-8"
    )
    pushed = push(clone, "템플릿")
    assert pushed.returncode == 0, pushed.stderr  # the content is good: accepted
    assert not deployed(hosted[0])["ok"]  # the build refused the template
    assert not Path(f"{marker}-template").exists()
    log = (hosted[0] / "sitegen-deploy.log").read_text(encoding="utf-8")
    assert "Traceback" not in log and "배포 실패" in log, log  # the whole log: pytest cuts a long string short
    assert "programme.html" in log  # the editor is told which template was refused, in the log they are pointed to
    doctor = sitegen("doctor", "--content", str(clone / "content"), "--repo", str(hosted[0]))
    assert "! 마지막 배포가 실패했습니다" in doctor.out and "→ 배포 기록을 보세요: " in doctor.out, doctor.out
    assert live.read_bytes() == released  # the site as it was
    # a refused push imports nothing either
    alpha = clone / "content" / PROGRAMME
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("kind: 신규", "kind: 신귝"), encoding="utf-8")
    refused = push(clone, "오타")
    assert refused.returncode != 0 and "'kind" in refused.stderr
    assert not marker.exists()


@pytest.mark.slow
def test_a_theme_that_never_ends_is_stopped_by_the_deploys_limits(hosted: tuple[Path, Path, Path]) -> None:
    """A second look's finding: a template looping 10**10 times held the build (and the deploy
    lock, so every later deploy) for ever; a sandbox cannot bound every loop, so the hook's
    build runs under a time limit (and a memory limit) as a CI job does."""
    import time

    _, www, clone = hosted
    assert push(clone, "처음").returncode == 0 and deployed(hosted[0])["ok"]
    live = (www / "current/demo/2025/alpha/index.html").read_bytes()
    with (hosted[0] / "hooks/sitegen.env").open("a", encoding="utf-8") as settings:
        settings.write("SITEGEN_DEPLOY_SECONDS=6\n")  # the operator's setting
    templates = clone / "themes/default/templates"
    templates.mkdir(parents=True)
    loops = "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}"
    (templates / "programme.html").write_text(loops, encoding="utf-8")
    started = time.monotonic()
    assert push(clone, "끝없는 반복").returncode == 0
    outcome = deployed(hosted[0], timeout=120)
    assert not outcome["ok"] and time.monotonic() - started < 90
    log = (hosted[0] / "sitegen-deploy.log").read_text(encoding="utf-8")
    assert "제한 시간(6초)" in log, log[-2000:]
    assert (www / "current/demo/2025/alpha/index.html").read_bytes() == live


@pytest.mark.slow
def test_the_deploy_builds_the_branch_itself_never_a_ref_spelled_like_it(hosted: tuple[Path, Path, Path]) -> None:
    """A third look's finding: with the branch deleted, the deploy's `rev-parse refs/heads/main`
    took refs/heads/refs/heads/main, pushed beside the deletion and never checked."""
    from conftest import git

    from sitegen.workflow.hooks import deploy

    bare, www, clone = hosted
    assert push(clone, "처음").returncode == 0 and deployed(bare)["ok"]
    live = (www / "current/demo/2025/alpha/index.html").read_bytes()
    alpha = clone / "content" / PROGRAMME
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("알파 사업", "검사 안 한 사업"), encoding="utf-8")
    git(clone, "commit", "-qam", "검사 안 함")
    # git refuses to delete a bare repository's HEAD branch unless told; a deployed branch that
    # is not HEAD (install-hooks --branch) can be deleted as it is
    git(bare, "config", "receive.denyDeleteCurrent", "ignore")
    sneaked = git(clone, "push", "-q", "origin", "HEAD:refs/heads/refs/heads/main", ":main", check=False)
    assert sneaked.returncode == 0, sneaked.stderr  # neither is the deployed branch: nothing checked
    assert deploy(bare, "main", str(www)) != 0  # the deploy a push to main had queued
    assert (www / "current/demo/2025/alpha/index.html").read_bytes() == live


def test_a_push_of_a_huge_file_is_refused_before_it_is_read(hosted: tuple[Path, Path, Path]) -> None:
    """A fourth look's finding: 1 GB of zeros is a megabyte pushed, and the check read it whole
    into memory (twice) before any bound applied; 8 GB asked for 16 GB."""
    _, _, clone = hosted
    with (clone / "content/big.png").open("wb") as f:
        f.truncate(40 * 1024 * 1024)  # 40 MB of zeros, 40 kB in git
    refused = push(clone, "큰 파일")
    assert refused.returncode != 0 and "content/big.png" in refused.stderr and "41,943,040" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_push_naming_too_many_files_is_refused_as_it_is_listed(hosted: tuple[Path, Path, Path]) -> None:
    """A fifth look's finding: git keeps a repeated tree once, so six objects named 27,000 files
    (8 million for a few kilobytes more), every one listed into memory and written out by the
    push check, whose size bound counted empty files as nothing."""
    from conftest import GIT_ENV, git

    _, _, clone = hosted
    env = {**os.environ, **GIT_ENV}

    def run(*args: str, data: str = "") -> str:
        made = subprocess.run(["git", *args], cwd=clone, input=data, capture_output=True, text=True, env=env)
        assert made.returncode == 0, (args, made.stderr)
        return made.stdout.strip()

    assert push(clone, "처음").returncode == 0
    tree = run("hash-object", "-w", "--stdin", data="")
    kind = "blob"
    for _ in range(3):  # 60 ** 3 = 216,000 entries from four objects
        tree = run(
            "mktree",
            data="".join(f"{'100644' if kind == 'blob' else '040000'} {kind} {tree}\tf{i}\n" for i in range(60)),
        )
        kind = "tree"
    inner = run("ls-tree", "HEAD:content")
    content_tree = run("mktree", data=f"{inner}\n040000 tree {tree}\tbomb\n")
    top = [line for line in run("ls-tree", "HEAD").splitlines() if not line.endswith("\tcontent")]
    root = run("mktree", data="\n".join([*top, f"040000 tree {content_tree}\tcontent"]) + "\n")
    commit = run("commit-tree", root, "-p", "HEAD", "-m", "폭탄")
    refused = git(clone, "push", "-q", "origin", f"{commit}:refs/heads/main", check=False)
    assert refused.returncode != 0 and "200,000" in refused.stderr and "Traceback" not in refused.stderr, refused.stderr


def test_the_push_check_reads_the_tree_as_committed(hosted: tuple[Path, Path, Path]) -> None:
    """Finding 12: `git archive` honours export-ignore, so a broken file could hide from the check."""
    _, www, clone = hosted
    assert push(clone, "처음").returncode == 0
    assert deployed(hosted[0])["ok"]
    assert (www / "current/demo/2025/alpha/index.html").is_file()
    alpha = clone / "content" / PROGRAMME
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("kind: 신규", "kind: 신귝"), encoding="utf-8")
    (clone / ".gitattributes").write_text(f"content/{PROGRAMME} export-ignore\n", encoding="utf-8")
    hidden = push(clone, "숨긴 오류")
    assert hidden.returncode != 0, hidden.stderr
    assert f"content/{PROGRAMME}:" in hidden.stderr and "'kind" in hidden.stderr


def test_templates_are_sandboxed(minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Finding 2, in-process: neither Python internals nor files are reachable from a template."""
    from jinja2.exceptions import SecurityError
    from jinja2.sandbox import unsafe

    from sitegen.outputs.theme import Theme

    theme = Theme([FIXTURES.parent.parent / "themes/default"], "ko")
    env = theme.environment()
    secret = tmp_path / "secret.txt"
    secret.write_text("비밀", encoding="utf-8")
    attacks = [
        "{{ cycler.__init__.__globals__.os.system('true') }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ path.read_text() }}",
        "{{ (path / '..' / 'x').open().read() }}",
        "{% set xs = [] %}{{ xs.append(1) }}",
        "{{ path.name }}",
        # a reviewer's findings: a class's alias hands on its methods; repetition fills the memory
        "{{ alias.append(xs, 'b') }}",
        "{{ typed.append(xs, 'b') }}",
        "{{ alias.__origin__ }}",
        "{{ 'x' * 100000000 }}",
        "{{ xs * 100000000 }}",
        "{{ 10 ** 100000000 }}",
        # a second look: text of any size from filters and formats, powers of powers
        '{{ "x"|center(200000000) }}',
        '{{ "%200000000d"|format(1) }}',
        '{{ "%200000000d" % 1 }}',
        '{{ "{:>200000000}".format(1) }}',
        '{{ "x"|indent(200000000, true) }}',
        '{{ "a b"|wordwrap(200000000) }}',
        '{{ range(100000)|list|join("x" * 100000) }}',
        '{{ ("x" * 100000)|replace("x", "x" * 100000) }}',
        "{{ (9 ** 64) ** 64 }}",
        # str.format reaches attributes: sandboxed however the method is reached
        "{{ '{0.__class__.__mro__}'.format(xs) }}",
        "{{ ('{0.__class__}'|attr('format'))(xs) }}",
        "{{ '{a.__class__}'['format_map']({'a': xs}) }}",
        # a file's method, a class's method, reached as items, not attributes: refused where
        # they are called, after methods of the same kinds that are safe were allowed
        "{{ reach['read']() }}",
        "{{ reach['make']('ab') }}",
        "{{ reach['walled']() }}",
        "{{ reach['wipe']() }}",
        "{{ reach['claims']() }}",
        # Markup's format is a Python method, not a builtin one: wrapped all the same
        "{{ ('{0.__class__.__mro__}'|safe).format(xs) }}",
        "{{ (('{0.__class__}'|safe)|attr('format'))(xs) }}",
    ]
    xs = ["a"]

    class Shown:
        def show(self) -> str:
            return "s"

        @unsafe
        def wipe(self) -> str:  # marked unsafe: refused, though its owner's other method is not
            return "wiped"

    class Walled(Shown, PurePosixPath):  # the same function, its owner a path
        pass

    class Claims:  # an owner that says it is a path (isinstance believes it): one of a type, not all
        def __init__(self, claim: bool) -> None:
            self.claim = claim

        @property  # type: ignore[misc]
        def __class__(self) -> type:
            return PurePosixPath if self.claim else Claims

        def show(self) -> str:
            return "c"

    safe = "{{ 'x'.upper() }}{{ half() }}{{ reach['upper']() }}{{ reach['free']() }}{{ reach['plain']() }}"
    half = Fraction(1, 2).limit_denominator
    reach = {"upper": "y".upper, "free": Shown().show, "plain": Claims(False).show}
    assert env.from_string(safe).render(half=half, reach=reach) == "X1/2Ysc"
    for source in attacks:
        with pytest.raises(SecurityError):
            env.from_string(source).render(
                path=secret,
                alias=list[str],
                typed=typing.List[str],  # noqa: UP006
                xs=xs,
                reach={
                    "read": secret.read_text,
                    "make": dict.fromkeys,
                    "walled": Walled("x").show,
                    "wipe": Shown().wipe,
                    "claims": Claims(True).show,
                },
            )
    assert xs == ["a"]
    assert env.from_string("{{ '-' * 3 }}{{ 2 ** 3 }}").render() == "---8"  # layouts still multiply
    assert env.from_string("{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(1) }}").render() == "[1]"
    # through the real command: a site's own template override is refused with its name, exit 1
    override = minimal.parent / "themes/default/templates"
    override.mkdir(parents=True)
    (override / "programme.html").write_text("{{ cycler.__init__.__globals__.os }}", encoding="utf-8")
    code = cli(["build", "--content", str(minimal), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "programme.html" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_templates_calls_go_as_jinjas_own_sandbox_makes_them() -> None:
    """ThemeSandbox.call calls a callable that takes no context itself, without Context.call:
    every kind of call renders as through Jinja's own sandboxed call (context, environment and
    loop variables passed where marked, a StopIteration undefined, a caller block), and what
    Jinja refuses is still refused."""
    from jinja2 import pass_context, pass_environment, pass_eval_context
    from jinja2.exceptions import SecurityError, UndefinedError
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from sitegen.outputs.theme import Theme

    @pass_context
    def seen(context: Any, name: str) -> str:  # a loop's variable is the context's only when passed
        return f"{name}={context.get(name, '?')}"

    @pass_environment
    def named(env: Any) -> str:
        return type(env).__name__

    @pass_eval_context
    def escaping(ctx: Any) -> str:
        return str(ctx.autoescape)

    def plain(*args: Any, **kwargs: Any) -> str:
        return f"{args}{sorted(kwargs)}"

    def stops() -> str:
        raise StopIteration

    class Marked:
        @pass_context
        def __call__(self, context: Any) -> str:
            return f"marked:{context.get('x')}"

    class Unmarked:  # as the theme's strings are called
        def __call__(self, key: str, **kwargs: Any) -> str:
            return f"{key}{kwargs}"

    sources = [
        "{% for x in [1, 2] %}{% set z = x %}{{ seen('z') }}{{ plain(x, k=x) }}{% endfor %}",
        "{% set x = 3 %}{{ seen('x') }}{{ named() }}{{ escaping() }}{{ marked() }}{{ said('k', n=x) }}",
        "{% macro m(a) %}[{{ a }}]{% endmacro %}{% macro w() %}<{{ caller() }}>{% endmacro %}"
        "{% for x in [1] %}{{ m(x) }}{% call w() %}in{{ x }}{% endcall %}{% endfor %}",
        "{{ [3, 1].index(1) }}{{ 'ab'.upper() }}{{ range(3)|list }}{{ dict(a=1).items()|list }}",
        "{% block b %}{% set y = 5 %}{{ seen('y') }}{% endblock %}",
    ]
    env = Theme([FIXTURES.parent.parent / "themes/default"], "ko").environment()
    jinjas = Theme([FIXTURES.parent.parent / "themes/default"], "ko").environment()
    jinjas.call = partial(ImmutableSandboxedEnvironment.call, jinjas)  # type: ignore[method-assign]
    given = {"seen": seen, "named": named, "escaping": escaping, "plain": plain, "marked": Marked(), "stops": stops}
    given["said"] = Unmarked()
    for source in sources:
        ours, theirs = (e.from_string(source).render(**given) for e in (env, jinjas))
        assert ours == theirs, source
    assert "z=1" in env.from_string(sources[0]).render(**given)  # the loop's variables reached the context
    with pytest.raises(UndefinedError):  # StrictUndefined, as Jinja's own call gives it
        env.from_string("{{ stops() }}").render(**given)
    with pytest.raises(SecurityError):
        env.from_string("{{ f() }}").render(f=Path("x").read_text)


def test_a_template_printing_an_entry_publishes_no_path_of_the_build_host(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Left from the security issue's looks: `{{ site|string }}` or `{{ prog|string }}` in a
    theme printed each entry's Source with its absolute path (and the site's content
    folder): where the build runs, published. The paths are left out of what they print."""
    override = minimal.parent / "themes/default/templates"
    override.mkdir(parents=True)
    source = (ROOT / "themes/default/templates/programme.html").read_text(encoding="utf-8")
    probe = "<pre id=probe>{{ site|string }} {{ prog|string }} {{ plan|string }} {{ prog.source|string }}</pre>"
    (override / "programme.html").write_text(
        source.replace("{% block main %}", "{% block main %}" + probe, 1), encoding="utf-8"
    )
    out = tmp_path / "out"
    code = cli(["build", "--content", str(minimal.resolve()), "--out", str(out), "--outputs", "web"])
    assert code == 0, capsys.readouterr().err
    printed = [
        p.read_text(encoding="utf-8") for p in out.rglob("*.html") if "id=probe" in p.read_text(encoding="utf-8")
    ]
    assert printed and "ProgrammeEntry(slug=" in printed[0] and "content/councils/demo" in printed[0]
    for text in printed:
        assert str(minimal.resolve()) not in text and "PosixPath" not in text


def test_theme_strings_are_names_only_and_bounded(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewer's finding after 2: a theme's strings file is formatted with str.format, which
    read attributes of what templates give it ({f.__func__.__globals__...}: the build's
    environment, secrets included, published); and its YAML aliases were unbounded."""
    strings = minimal.parent / "themes/default/strings"
    strings.mkdir(parents=True)
    leak = 'leak: "ENV={f.__func__.__globals__[Theme].__init__.__globals__[os].environ}"\n'
    (strings / "ko.yaml").write_text("title: 제목\n" + leak, encoding="utf-8")
    out = tmp_path / "out"
    code = cli(["build", "--content", str(minimal), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("themes/default/strings/ko.yaml:2:7: ") and "'leak'" in err, err
    assert "Traceback" not in err and not out.exists()
    # a width makes a string of any size (a second look: 4 GB for one placeholder)
    (strings / "ko.yaml").write_text("title: 제목\nyear_label: '{year:>100000000}'\n", encoding="utf-8")
    code = cli(["build", "--content", str(minimal), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "ko.yaml:2:" in err and "'year_label'" in err, err
    # a placeholder the template does not fill: said with its line, not an internal error
    (strings / "ko.yaml").write_text("title: 제목\nyear_label: '{yaer}년'\n", encoding="utf-8")
    code = cli(["build", "--content", str(minimal), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "ko.yaml:2:" in err and "{yaer}" in err and "{year}" in err and "내부 오류" not in err, err
    laughs = 'a0: &a0 "xxxxxxxxxx"\n' + "".join(
        f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 9)
    )
    (strings / "ko.yaml").write_text(laughs + "title: *a8\n", encoding="utf-8")
    code = cli(["build", "--content", str(minimal), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 1 and "themes/default/strings/ko.yaml:" in err and "Traceback" not in err, err


# -- 3, 4: what is published and what the typesetter reads ------------------------------


@pytest.mark.parametrize(
    ("name", "data", "found"),
    [
        ("page.html", b"<!DOCTYPE html><script>alert(1)</script>", "그림 파일이 아님"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
        ("y.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect onload="alert(1)"/></svg>', "onload="),
        (
            "z.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
            b'<image x:href="https://example.com/t.png"/></svg>',
            "href=",
        ),
        ("w.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><foreignObject/></svg>', "<foreignobject>"),
        ("polyglot.html", PNG + b"<script>alert(1)</script>", "PNG"),
        ("photo.jpg", PNG, "PNG"),
        # a reviewer's findings: a PNG whose data fails its checksum, or is cut short, passed and
        # then stopped the PDF build; CSS escapes and image-set() fetched from an SVG
        ("bad.png", PNG.replace(bytes.fromhex("ff89993d"), bytes.fromhex("a5d8a0e2")), "PNG"),
        ("cut.png", PNG[:-20], "PNG"),
        ("s.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><style>@\\69mport "https://e/t.css";</style></svg>', "CSS"),
        ("t.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:u\\72l(https://e/i.png)"/></svg>', "CSS"),
        (
            "u.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><style>rect{fill:image-set("https://e/p.svg" 1x)}</style></svg>',
            "image-set(",
        ),
        # a second look: style text after a child element; XHTML elements that fetch or navigate
        (
            "v.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><style><g/>@import url(https://e/x.css);</style></svg>',
            "url()",
        ),
        (
            "w2.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml"><h:img src="https://e/t.gif"/></svg>',
            "xhtml",
        ),
        (
            "w3.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><rect xmlns:h="http://www.w3.org/1999/xhtml" h:src="https://e/t.gif"/></svg>',
            "src=",
        ),
    ],
)
def test_only_pictures_are_published_as_images(
    minimal: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, found: str
) -> None:
    """Finding 3: an HTML page or an SVG with a script listed as an image ran in the site's origin."""
    folder = minimal / PROGRAMME.rsplit("/", 1)[0]
    (folder / name).write_bytes(data)
    add_front(minimal / PROGRAMME, f"images:\n  - {{src: {name}, alt: 사업 사진}}\n")
    code, out = check(minimal, capsys)
    assert code == 1, out
    assert f"content/{PROGRAMME}:" in out and "images[0].src" in out and found in out, out


@pytest.mark.slow
def test_real_pictures_and_clean_svg_pass(minimal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = minimal / PROGRAMME.rsplit("/", 1)[0]
    (folder / "dot.png").write_bytes(PNG)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 2"><use href="#a"/><rect id="a" width="1"/></svg>'
    (folder / "map.svg").write_bytes(svg)
    add_front(minimal / PROGRAMME, "images:\n  - {src: dot.png, alt: 점 하나}\n  - {src: map.svg, alt: 지도}\n")
    code, out = check(minimal, capsys)
    assert code == 0, out
    assert cli(["build", "--content", str(minimal), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out/demo/2025/alpha/images/2.svg").read_bytes() == svg


@pytest.mark.parametrize("src", ["/etc/hostname", "../../../../../../etc/hostname", "http://127.0.0.1:9/x.png"])
def test_markdown_pictures_are_refused_in_bodies_and_fields(
    minimal: Path, capsys: pytest.CaptureFixture[str], src: str
) -> None:
    """Finding 4: a Markdown picture in a body was fetched into the PDFs from anywhere."""
    alpha = minimal / PROGRAMME
    alpha.write_text(alpha.read_text(encoding="utf-8") + f"\n![지도]({src})\n", encoding="utf-8")
    code, out = check(minimal, capsys)
    assert code == 1
    lines = alpha.read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if src in text)
    assert f"content/{PROGRAMME}:{line}:" in out and src in out, out


def test_markdown_pictures_are_refused_in_mappings_of_texts(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A reviewer's finding after 4: a performance level's texts (a mapping of Markdown) were
    not checked, and their pictures reached the pages (a stranger's server, from residents)."""
    plan = minimal / "councils/demo/plans/2025/plan.yaml"
    level = '{level: 전략목표, name: 목표 하나, texts: {목적: "지도 ![x](http://127.0.0.1:9/x.png)"}}'
    plan.write_text(plan.read_text(encoding="utf-8") + f"performance:\n  levels: [{level}]\n", encoding="utf-8")
    code, out = check(minimal, capsys)
    line = len(plan.read_text(encoding="utf-8").splitlines())
    assert code == 1 and "councils/demo/plans/2025/plan.yaml:" in out and "http://127.0.0.1:9/x.png" in out, out
    assert f"plan.yaml:{line}:" in out and "texts.목적" in out, out


@pytest.mark.slow
def test_a_plan_with_a_picture_typesets_the_same_bytes_in_any_folder(
    minimal: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A reviewer's finding after 16: WeasyPrint names a picture in the PDF by its URL, which
    was its absolute path, so a plan with a picture differed from one checkout to another."""
    from conftest import copy_site

    (minimal / "site.yaml").write_text("title: 테스트 사이트\noutputs: [web, pdf]\n", encoding="utf-8")
    (minimal / PROGRAMME).parent.joinpath("dot.png").write_bytes(PNG)
    add_front(minimal / PROGRAMME, "images:\n  - {src: dot.png, alt: 점 하나}\n")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    made = []
    for n, where in enumerate(("one", "two/a/much/deeper/folder")):
        content = copy_site(minimal, tmp_path / where)
        out = tmp_path / f"out{n}"
        assert (
            cli(["build", "--content", str(content), "--out", str(out), "--cache", str(own_cache(tmp_path / f"c{n}"))])
            == 0
        )
        made.append(next(out.rglob("*.pdf")).read_bytes())
    assert b"/Subtype /Image" in made[0] or b"/Subtype/Image" in made[0]
    assert made[0] == made[1]


@pytest.mark.slow
def test_the_typesetter_reads_only_the_builds_own_files(tmp_path: Path) -> None:
    """Finding 4, in the typesetter itself: nothing outside the booklet's own files is fetched,
    whatever its HTML or a theme's print style names."""
    from sitegen.outputs.pdf.typeset import Job, render_job

    secret = tmp_path / "secret.css"
    secret.write_text('body::after { content: "SECRET-FILE" }', encoding="utf-8")
    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = b'body::before { content: "SECRET-NET" }'
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    own = tmp_path / "own.css"
    own.write_text('body::after { content: "OWN-FILE" }', encoding="utf-8")
    html = (
        f'<html><head><link rel="stylesheet" href="{secret.as_uri()}">'
        f'<link rel="stylesheet" href="http://127.0.0.1:{server.server_port}/x.css">'
        f'<link rel="stylesheet" href="{own.as_uri()}"></head>'
        '<body><p>본문</p><img src="../../../../etc/hostname"></body></html>'
    )
    target = tmp_path / "out.pdf"
    try:
        render_job(Job("x.pdf", "x", html, str(target), "0" * 64, "pdf/ua-1", "2026. 1. 1.", (str(own),)))
    finally:
        server.shutdown()
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "본문" in text and "OWN-FILE" in text  # the allowed file is read: the test can see a fetch
    assert "SECRET" not in text and asked == []


# -- 5, 10, 11, 13: what check refuses ----------------------------------------------------


def test_links_and_devices_in_content_are_refused_unread(
    minimal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Finding 5: a link to a file outside had its text echoed; one to /dev/zero never ended."""
    outside = tmp_path / "passwd"
    outside.write_text("root:x:0:0:TOP-SECRET\n", encoding="utf-8")
    alpha = minimal / PROGRAMME
    alpha.unlink()
    alpha.symlink_to(outside)
    (minimal / "councils/demo/plans/2025/programmes/zero.md").symlink_to("/dev/zero")
    os.mkfifo(minimal / "councils/demo/pipe.yaml")
    themes = minimal.parent / "themes/default/templates"
    themes.mkdir(parents=True)
    (themes / "base.html").symlink_to(outside)
    code, out = check(minimal, capsys)
    assert code == 1
    assert "TOP-SECRET" not in out and "root:x" not in out
    for shown in (f"content/{PROGRAMME}", "programmes/zero.md", "demo/pipe.yaml", "themes/default/templates/base.html"):
        assert f"{shown}:1:1:" in out, out


def test_a_themes_or_content_folder_that_is_a_link_is_refused(
    minimal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A reviewer's finding after 5: a pushed `themes` that is itself a link to a folder outside
    the repository was followed (its files published, its templates rendered)."""
    outside = tmp_path / "outside/default/static"
    outside.mkdir(parents=True)
    (outside / "secret.txt").write_text("SECRET-OUTSIDE", encoding="utf-8")
    (minimal.parent / "themes").symlink_to(tmp_path / "outside")
    code, out = check(minimal, capsys)
    assert code == 1 and "themes:1:1:" in out and "SECRET" not in out, out
    assert cli(["build", "--content", str(minimal), "--out", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()
    (minimal.parent / "themes").unlink()
    (minimal.parent / "linked").symlink_to(minimal)
    code, out = check(minimal.parent / "linked", capsys)
    assert code == 1 and "linked:1:1:" in out, out


def test_a_build_or_deploy_of_a_content_folder_that_is_a_link_looks_at_nothing_through_it(
    minimal: Path, tmp_path: Path
) -> None:
    """A reviewer's finding: a build of a content folder that is a link walked it for its
    no-op check (opening the files changed in the last moments) before the loader refused
    it; a pushed theme's file that is a link was opened the same way. Watched by an audit
    hook, in a process of its own: nothing is listed or opened through a link, and both
    commands refuse it."""
    import sys

    (tmp_path / "linked").symlink_to(minimal)
    # and a pushed theme's file that is a link to one outside, changed a moment ago (the no-op
    # check hashes such a file rather than trusting its time): noted, not opened
    outside = tmp_path / "outside.txt"
    templates = minimal.parent / "themes/default/templates"
    templates.mkdir(parents=True)
    (templates / "base.html").symlink_to(outside)
    # and a site whose themes/ is itself a link to a folder outside
    second, elsewhere = tmp_path / "second", tmp_path / "elsewhere"
    (elsewhere / "default").mkdir(parents=True)
    shutil.copytree(minimal, second / "content")
    (second / "themes").symlink_to(elsewhere)
    watch = f"""
import sys
from pathlib import Path
watched = ({str(tmp_path / "linked")!r}, {str(outside)!r}, {str(templates / "base.html")!r},
           {str(second / "themes")!r}, {str(elsewhere)!r})
seen = []
def hook(event, args):
    if event in ("open", "os.scandir", "os.listdir") and args and str(args[0]).startswith(watched):
        seen.append((event, str(args[0])))
sys.addaudithook(hook)
from sitegen.cli import main
from sitegen.engine.fingerprint import inputs
codes = [main(["build", "--content", sys.argv[1], "--out", sys.argv[2]]),
         main(["deploy", "--content", sys.argv[1], "--to", sys.argv[3]])]
import os, time
later = time.time_ns() + 3600 * 10**9  # its time ahead: as if changed this moment, whenever looked at
for name in ({str(outside)!r}, {str(elsewhere / "default/x.css")!r}):
    Path(name).write_text("바깥")
    os.utime(name, ns=(later, later))
seen.clear()
themes = Path({str(minimal.parent / "themes")!r})
inputs(Path({str(minimal)!r}), [themes], {{}})
inputs(Path({str(minimal)!r}), [themes / "default"], {{}})  # --theme naming a folder of the pushed themes/
inputs(Path({str(second / "content")!r}), [Path({str(second / "themes")!r})], {{}})  # themes/ itself a link
print(codes, seen)
"""
    args = [str(tmp_path / "linked"), str(tmp_path / "out"), str(tmp_path / "www")]
    run = subprocess.run(
        [sys.executable, "-c", watch, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert run.stdout.strip() == "[1, 1] []", run.stdout + run.stderr


def test_reads_are_bounded_whatever_size_a_file_reports(tmp_path: Path) -> None:
    from sitegen.content.source import MAX_BYTES, NotRegular, read_regular

    big = tmp_path / "big.md"
    big.write_bytes(b"a" * (MAX_BYTES + 10))
    assert len(read_regular(big, MAX_BYTES)) == MAX_BYTES + 1
    with pytest.raises(NotRegular):
        read_regular(Path("/dev/zero"), MAX_BYTES)


@pytest.mark.parametrize(
    ("front", "field"),
    [
        ('title: "\\x01\\x1b[31m빨강"\n', "title"),
        ('period: "2025. 2. ~ 8.\\r"\n', "period"),
        ('summary: "한 줄\\u0085다음"\n', "summary"),
        # a character reference spelled by a YAML escape, decoded by Markdown (a fifth look)
        ('summary: "한 줄 \\x26#12; 다음"\n', "summary"),
    ],
)
def test_control_characters_are_refused(
    minimal: Path, capsys: pytest.CaptureFixture[str], front: str, field: str
) -> None:
    """Finding 10: control characters broke the feeds' XML and the EPUB build, and a bare CR
    reached the calendar."""
    alpha = minimal / PROGRAMME
    text = alpha.read_text(encoding="utf-8")
    key = front.split(":")[0]
    text = "\n".join(line for line in text.split("\n") if not line.startswith(f"{key}:"))
    alpha.write_text(text.replace("---\n", f"---\n{front}", 1), encoding="utf-8")
    code, out = check(minimal, capsys)
    assert code == 1, out
    assert f"content/{PROGRAMME}:2:" in out and f"'{field}'" in out and "제어 문자" in out, out


@pytest.mark.parametrize(
    "char",
    # XML allows no noncharacter either; a character reference is decoded by Markdown (a fourth look)
    # and beyond the first plane: its noncharacters, after a character there that is allowed
    ["\x07", "\uffff", "\ufffe", "\ufdd0", "&#12;", "&#x1B;", "&#0;", "\U0001fffe", "😀\U0010ffff", "&#x2FFFF;"],
)
def test_a_control_character_in_a_body_is_refused(minimal: Path, capsys: pytest.CaptureFixture[str], char: str) -> None:
    alpha = minimal / PROGRAMME
    alpha.write_text(alpha.read_text(encoding="utf-8") + f"\n종{char}소리\n", encoding="utf-8")
    code, out = check(minimal, capsys)
    lines = alpha.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines, 1) if char in text)
    written = {"&#12;": 12, "&#x1B;": 27, "&#0;": 0, "😀\U0010ffff": 0x10FFFF, "&#x2FFFF;": 0x2FFFF}.get(
        char, ord(char[0])
    )
    assert code == 1 and f"content/{PROGRAMME}:{line}:" in out and f"U+{written:04X}" in out, out


@pytest.mark.parametrize("name", ["demo\n", "d" * 250, "d" * 65])
def test_folder_names_are_whole_and_short(minimal: Path, capsys: pytest.CaptureFixture[str], name: str) -> None:
    """Finding 11: 'demo\\n' passed (re's $ matches before a final newline) and put a newline in
    URLs; a 250-character name passed check and crashed the build."""
    (minimal / "councils/demo").rename(minimal / "councils" / name)
    code, out = check(minimal, capsys)
    assert code == 1 and "영문 소문자" in out, out


def test_the_theme_is_a_folder_name_not_a_path(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Finding 13: theme: ../../.. loaded templates from outside the repository."""
    (minimal / "site.yaml").write_text("title: 테스트 사이트\ntheme: ../../..\n", encoding="utf-8")
    code, out = check(minimal, capsys)
    assert code == 1 and "content/site.yaml:2:" in out and "'theme'" in out, out


def test_a_clean_site_still_checks(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The refusals above are not everything refused: the fixture itself passes."""
    code, out = check(minimal, capsys)
    assert code == 0, out


# -- 6, 7, 15: operators' folders are theirs --------------------------------------------


@pytest.mark.slow
def test_build_never_replaces_a_folder_it_did_not_make(minimal: Path, tmp_path: Path) -> None:
    """Finding 7: --out over the user's own folder moved it aside and deleted it; --out . took
    the whole repository, .git included."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "mine.txt").write_text("내 파일", encoding="utf-8")
    for out in (docs, tmp_path, minimal, minimal / "councils", tmp_path.parent):
        run = sitegen("build", "--content", str(minimal), "--out", str(out))
        assert run.code == 1 and "--out" in run.err and "Traceback" not in run.err, (out, run.err)
    assert (docs / "mine.txt").read_text(encoding="utf-8") == "내 파일"
    assert (minimal / "site.yaml").is_file()
    # a folder sitegen made, or an empty one, is built into as always
    (tmp_path / "empty").mkdir()
    for out in (tmp_path / "build", tmp_path / "build", tmp_path / "empty"):
        assert cli(["build", "--content", str(minimal), "--out", str(out)]) == 0
    assert (tmp_path / "build/.sitegen-output").is_file()


def test_deploy_and_cache_never_take_a_folder_they_did_not_make(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A reviewer's findings after 7: `deploy --to` a folder of one's own replaced its file
    `current` and deleted its old folders under releases/; `--cache` a folder holding deploy/site
    moved that folder aside and deleted it; `--cache content` wrote the cache into the content."""
    home = tmp_path / "home"
    (home / "releases/2019").mkdir(parents=True)
    (home / "releases/2019/notes.txt").write_text("내 메모", encoding="utf-8")
    (home / "current").write_text("내 파일", encoding="utf-8")
    # a link like an old deploy's, and releases/ leading to the user's folders (a second look)
    old = tmp_path / "old"
    (tmp_path / "docs/a").mkdir(parents=True)
    old.mkdir()
    (old / "releases").symlink_to(tmp_path / "docs")
    (old / "current").symlink_to("releases/a")
    (tmp_path / "afile").write_text("내 파일", encoding="utf-8")
    mine = tmp_path / "mine"
    (mine / "deploy/site").mkdir(parents=True)
    (mine / "deploy/site/notes.txt").write_text("내 메모", encoding="utf-8")
    cache = tmp_path / "cache"
    attempts = [
        (["deploy", "--content", str(minimal), "--to", str(home), "--cache", str(cache)], "--to"),
        (["deploy", "--content", str(minimal), "--to", str(minimal.parent), "--cache", str(cache)], "--to"),
        (["deploy", "--content", str(minimal), "--to", str(old), "--cache", str(cache)], "--to"),
        (["deploy", "--content", str(minimal), "--to", str(tmp_path / "afile"), "--cache", str(cache)], "--to"),
        (["deploy", "--content", str(minimal), "--to", str(tmp_path / "www"), "--cache", str(mine)], "--cache"),
        (["build", "--content", str(minimal), "--out", str(tmp_path / "out"), "--cache", str(mine)], "--cache"),
        (["build", "--content", str(minimal), "--out", str(tmp_path / "out"), "--cache", str(minimal)], "--cache"),
        (["build", "--content", str(minimal), "--out", str(tmp_path / "out"), "--cache", str(tmp_path)], "--cache"),
    ]
    for args, flag in attempts:
        code = cli(args)
        err = capsys.readouterr().err
        assert code == 1 and flag in err and "Traceback" not in err, (args, err)
    assert (home / "current").read_text(encoding="utf-8") == "내 파일"
    assert (home / "releases/2019/notes.txt").is_file() and (mine / "deploy/site/notes.txt").is_file()
    assert (tmp_path / "docs/a").is_dir() and (tmp_path / "afile").read_text(encoding="utf-8") == "내 파일"
    assert sorted(p.name for p in minimal.iterdir()) == ["councils", "site.yaml"]
    # an empty or missing folder becomes sitegen's, marked, and is taken again
    for _ in range(2):
        www = tmp_path / "www"
        assert cli(["deploy", "--content", str(minimal), "--to", str(www), "--cache", str(cache)]) == 0
    assert (
        (cache / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (www / "current").is_symlink()


@pytest.mark.slow
def test_two_deploys_at_once_release_whole_sites(minimal: Path, tmp_path: Path) -> None:
    """Finding 6: two deploys of one commit 0.05 s apart left `current` on a half-copied release."""
    import sys
    import time

    www = tmp_path / "www"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-m", "sitegen.cli", "deploy", "--content", str(minimal), "--to", str(www)]
    procs = []
    for _ in range(3):
        procs.append(spawn([*args, "--revision", "same"], env=env, stderr=subprocess.PIPE, text=True))
        time.sleep(0.05)
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    built = tmp_path / "built"
    assert cli(["build", "--content", str(minimal), "--out", str(built)]) == 0
    expected = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    for release in (www / "releases").iterdir():
        assert not release.name.startswith("."), release  # no staging folder left behind
        assert sorted(p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()) == expected


@pytest.mark.slow
def test_a_killed_deploy_leaves_nothing_in_tmp_and_a_full_disk_is_said_plainly(minimal: Path, tmp_path: Path) -> None:
    """Finding 15: killed deploys left build folders in $TMPDIR; a full disk was an 'internal
    error' and left the staging folder filling it."""
    import signal
    import sys
    import time

    tmpdir, cache = tmp_path / "tmp", tmp_path / "cache"
    tmpdir.mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmpdir)}
    args = [sys.executable, "-m", "sitegen.cli", "deploy", "--content", str(minimal), "--cache", str(cache)]
    proc = spawn([*args, "--to", str(tmp_path / "www")], env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any((cache / "deploy").glob(".build-site-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list(tmpdir.iterdir()) == []
    assert subprocess.run([*args, "--to", str(tmp_path / "www")], env=env).returncode == 0
    assert not list((cache / "deploy").glob(".build-site-*"))  # the killed one's staging: gone with the next
    # a full disk: said in Korean, with the folder; what was being made is gone; exit 1
    small = tmp_path / "small"
    small.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(small)], check=True)
    try:
        run = sitegen("build", "--content", str(minimal), "--out", str(small / "out"), "--cache", str(cache))
        assert run.code == 1 and "디스크가 가득" in run.err and str(small) in run.err, run.err
        assert "Traceback" not in run.err and "내부 오류" not in run.err
        assert list(small.iterdir()) == []
    finally:
        subprocess.run(["umount", str(small)], check=True)


# -- 8, 14, 17, 18 --------------------------------------------------------------------------


def test_published_csv_cells_are_never_formulas(minimal: Path, tmp_path: Path) -> None:
    """Finding 8, through a real build: a table's text cells that a spreadsheet would run are
    published as text in the table's CSV and in the site's figures file; numbers stay numbers."""
    import csv

    alpha = minimal / PROGRAMME
    table = (
        "tables:\n  - caption: 셀 시험\n    columns: [구분, 금액]\n    rows:\n"
        "      - ['=HYPERLINK(\"http://x\")', -1234]\n"
        "      - [\"+1+cmd|' /C calc'!A0\", 5]\n"
        "      - ['@SUM(A1)', '-2+3']\n"
        "      - [보통, 7]\n"
    )
    alpha.write_text(alpha.read_text(encoding="utf-8").replace("contacts:", table + "contacts:", 1), encoding="utf-8")
    assert cli(["build", "--content", str(minimal), "--out", str(tmp_path / "out")]) == 0
    published = (tmp_path / "out/demo/2025/alpha/data/tables-0.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(published)))[1:]
    assert rows == [
        ['\'=HYPERLINK("http://x")', "-1234"],
        ["'+1+cmd|' /C calc'!A0", "5"],
        ["'@SUM(A1)", "'-2+3"],
        ["보통", "7"],
    ]
    figures = (tmp_path / "out/figures.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK" in figures and ",=HYPERLINK" not in figures and '"=HYPERLINK' not in figures


def test_csv_cells_are_never_formulas() -> None:
    """Finding 8: text cells beginning with = + - @ (tab, CR) were written as they were."""
    import csv
    from decimal import Decimal

    from sitegen.outputs.tabledata import to_csv
    from sitegen.outputs.view import Cell, TableView

    texts = ['=HYPERLINK("http://x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "보통"]
    rows = [[Cell(t), Cell("-1,234", numeric=True, value=Decimal(-1234))] for t in texts]
    tv = TableView("표", "천원", [["항목", "금액"]], rows)
    read = list(csv.reader(io.StringIO(to_csv(tv, "단위").decode("utf-8-sig"))))
    cells = [row[0] for row in read[1:]]
    assert cells[:6] == ["'" + t for t in texts[:6]]
    assert cells[6:] == ["-", "보통"]
    assert all(row[1] == "-1234" for row in read[1:])  # a real negative number stays a number


@pytest.mark.slow
def test_the_preview_answers_only_its_own_names(minimal: Path, tmp_path: Path) -> None:
    """Finding 14: any Host header and any WebSocket Origin were accepted (DNS rebinding)."""
    import http.client

    from test_workflow import start_server

    server = start_server(minimal, tmp_path / "serve.log")
    try:

        def ask(host: str, path: str = "/", headers: dict[str, str] | None = None) -> int:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            try:
                conn.request("GET", path, headers={"Host": host, **(headers or {})})
                return conn.getresponse().status
            finally:
                conn.close()

        port = server.port
        assert ask(f"127.0.0.1:{port}") == 200 and ask(f"localhost:{port}") == 200
        assert ask(f"evil.example:{port}") == 403
        upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13"}
        upgrade["Sec-WebSocket-Key"] = "dGhlIHNhbXBsZSBub25jZQ=="
        assert ask(f"127.0.0.1:{port}", "/livereload", {**upgrade, "Origin": f"http://127.0.0.1:{port}"}) == 101
        assert ask(f"127.0.0.1:{port}", "/livereload", {**upgrade, "Origin": "http://evil.example"}) == 403
        # a page served from a public address (a reviewer's finding)
        assert ask(f"127.0.0.1:{port}", "/livereload", {**upgrade, "Origin": "http://203.0.113.5"}) == 403
        assert ask(f"localhost:{port}", "/livereload", {**upgrade, "Origin": f"http://localhost:{port}"}) == 101
        assert ask(f"evil.example:{port}", "/livereload", {**upgrade, "Origin": "http://evil.example"}) == 403
        assert ask(f"evil.example:{port}", "/forcereload") == 403
        # a folder's address without its slash is sent to the folder as found, never to the
        # path as asked: //evil.example/../demo went to evil.example (a third look)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            conn.request("GET", "//evil.example/../demo", headers={"Host": f"127.0.0.1:{port}"})
            answer = conn.getresponse()
            assert answer.status == 301 and answer.getheader("Location") == "/demo/", answer.getheader("Location")
        finally:
            conn.close()
    finally:
        server.proc.kill()
        server.proc.wait()


@pytest.mark.parametrize("link", ["lnk", "demo/lnk"])
def test_merge_reads_nothing_through_a_link_in_a_shard(minimal: Path, tmp_path: Path, link: str) -> None:
    """A third look's finding: a shard's folder that is a link (a shard made on another machine)
    led merge to any file the merging host could read, published by a hard link. Each folder
    is looked at once: a link inside a folder already looked at (demo/) is still found."""
    import json

    shard, secret = tmp_path / "s1", tmp_path / "secret"
    secret.mkdir()
    (secret / "key.txt").write_text("TOPSECRET", encoding="utf-8")
    build = ["build", "--content", str(minimal), "--out", str(shard), "--shard", "1/1", "--outputs", "web"]
    assert cli(build) == 0
    (shard / link).symlink_to(secret)
    manifest = json.loads((shard / "sitegen-shard.json").read_text(encoding="utf-8"))
    assert any(rel.startswith("demo/") for rel in manifest["web"][0]["files"])  # demo/ looked at first
    manifest["web"][0]["files"].append(f"{link}/key.txt")
    (shard / "sitegen-shard.json").write_text(json.dumps(manifest), encoding="utf-8")
    out = tmp_path / "out"
    assert cli(["merge", str(shard), "--content", str(minimal), "--out", str(out), "--outputs", "web"]) == 1
    assert not (out / link).exists()


def test_a_share_card_wraps_no_more_text_than_it_can_show(monkeypatch: pytest.MonkeyPatch) -> None:
    """A fourth look's finding: a 300,000-character plan title (within the file bound) took
    minutes to draw as a share card, its whole text wrapped four times over."""
    from sitegen.outputs.fonts import theme_fonts
    from sitegen.outputs.web import cards

    wrapped: list[int] = []
    real = cards._wrapped

    def watched(pen: object, text: str, *args: object) -> object:
        wrapped.append(len(text))
        return real(pen, text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(cards, "_wrapped", watched)
    fonts = theme_fonts([FIXTURES.parent.parent / "themes/default"])
    png = cards.draw(cards.Card("금천구 " * 50_000, "가" * 300_000, "사이트"), fonts)
    assert png.startswith(b"\x89PNG") and wrapped and max(wrapped) <= cards.CUT


@pytest.mark.slow
def test_a_damaged_font_in_the_cache_is_cut_again_never_published(minimal: Path, tmp_path: Path) -> None:
    """A fourth look's finding: a cached font cut was published as it was found, whole or not."""
    cache = tmp_path / "cache"
    assert cli(["build", "--content", str(minimal), "--out", str(tmp_path / "one"), "--cache", str(cache)]) == 0
    good = {p.name: p.read_bytes() for p in (tmp_path / "one/static/fonts").glob("*.woff2")}
    assert good
    for cached in (cache / "fonts").glob("*.woff2"):
        cached.write_bytes(cached.read_bytes()[:100])
    assert cli(["build", "--content", str(minimal), "--out", str(tmp_path / "two"), "--cache", str(cache)]) == 0
    assert {p.name: p.read_bytes() for p in (tmp_path / "two/static/fonts").glob("*.woff2")} == good


def test_new_never_writes_through_a_link(minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A fourth look's finding: `sitegen new` wrote through a link in the checkout (a council
    folder, a programme file's name) to outside the content."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (minimal / "councils/evil").symlink_to(outside)
    programmes = minimal / "councils/demo/plans/2025/programmes"
    (programmes / "beta.md").symlink_to(outside / "dangling.md")
    for args in (["plan", "evil", "2026"], ["programme", "demo", "2025", "beta", "베타"]):
        code = cli(["new", *args, "--content", str(minimal)])
        err = capsys.readouterr().err
        assert code == 1 and "Traceback" not in err, (args, err)
    assert list(outside.iterdir()) == []
    (programmes / "beta.md").unlink()
    plan = minimal / "councils/demo/plans/2025/plan.yaml"
    moved = tmp_path / "plan.yaml"
    plan.rename(moved)
    plan.symlink_to(moved)  # the list file itself a link: neither read nor written through
    before = moved.read_bytes()
    assert cli(["new", "programme", "demo", "2025", "gamma", "감마", "--content", str(minimal)]) == 1
    assert moved.read_bytes() == before and not (programmes / "gamma.md").exists()


def test_new_sites_install_this_distribution_pinned(tmp_path: Path) -> None:
    """Finding 17: new sites' CI ran `pip install sitegen`, a stranger's package on the public index."""
    import re
    from importlib.metadata import version

    from sitegen import DIST

    assert DIST != "sitegen"
    assert cli(["new", "site", str(tmp_path / "site")]) == 0
    pinned = f"{DIST}[fast]=={version(DIST)}"  # with the native Markdown engine
    for name in (".github/workflows/sitegen.yml", ".gitlab-ci.yml"):
        text = (tmp_path / "site" / name).read_text(encoding="utf-8")
        installs = re.findall(r"pip install (\S+)", text) + re.findall(r"SITEGEN_PACKAGE: (\S+)", text)
        assert installs and all(i.strip("\"'") in (pinned, '"$SITEGEN_PACKAGE"', "$SITEGEN_PACKAGE") for i in installs)
        assert pinned in text and "@SITEGEN" not in text


@pytest.mark.slow
def test_a_killed_build_leaves_no_worker_behind(tmp_path: Path) -> None:
    """Finding 18: after SIGKILL, a build's forked workers lived on, re-parented to init."""
    import signal
    import sys
    import time

    from conftest import CONTENT, ROOT

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cache = own_cache(tmp_path / "c")
    args = ["build", "--content", str(CONTENT), "--out", str(tmp_path / "out"), "--cache", str(cache)]
    proc = spawn([sys.executable, "-m", "sitegen.cli", *args], env=env, start_new_session=True)

    python = os.path.realpath(sys.executable)

    def group(workers_only: bool = False) -> list[int]:
        """This build's processes (its process group); with workers_only, its forked Python
        children, not the git commands it runs meanwhile."""
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if not entry.name.isdigit() or os.getpgid(int(entry.name)) != proc.pid:
                    continue
                if workers_only:
                    parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                    if parent != proc.pid or os.readlink(entry / "exe") != python:
                        continue
                found.append(int(entry.name))
            except (ProcessLookupError, PermissionError, FileNotFoundError):
                pass
        return found

    deadline = time.monotonic() + 90
    seen: list[int] = []
    while not seen and proc.poll() is None and time.monotonic() < deadline:
        seen = group(workers_only=True)
        time.sleep(0.01)
    assert seen, "no worker was seen"
    proc.send_signal(signal.SIGKILL)  # at once: a pool may end and the next start within moments
    proc.wait()
    deadline = time.monotonic() + 15
    while group() and time.monotonic() < deadline:
        time.sleep(0.1)
    left = group()
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []


@pytest.mark.slow
def test_a_damaged_cache_is_rebuilt_never_published(minimal: Path, tmp_path: Path) -> None:
    """Finding 9: a truncated cached PDF was published (exit 0, 1,000 bytes), and a damaged
    markdown.sqlite failed every later build."""
    (minimal / "site.yaml").write_text("title: 테스트 사이트\noutputs: [web, pdf]\n", encoding="utf-8")
    cache = own_cache(tmp_path / "cache")
    first = sitegen("build", "--content", str(minimal), "--out", str(tmp_path / "one"), "--cache", str(cache))
    assert first.code == 0, first.err
    pdf = next((tmp_path / "one").rglob("*.pdf"))
    good = pdf.read_bytes()
    for cached in (cache / "pdf").glob("*.pdf"):
        cached.write_bytes(cached.read_bytes()[:1000])  # a disk that filled, a copy cut short
    (cache / "markdown/markdown.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xff" * 3000)
    for name in ("markdown.sqlite-wal", "markdown.sqlite-shm"):
        (cache / "markdown" / name).unlink(missing_ok=True)
    again = sitegen("build", "--content", str(minimal), "--out", str(tmp_path / "two"), "--cache", str(cache))
    assert again.code == 0, again.err
    made = tmp_path / "two" / pdf.relative_to(tmp_path / "one")
    assert len(made.read_bytes()) == len(good) and made.read_bytes()[-6:].strip().endswith(b"%%EOF")
    info = subprocess.run(["pdfinfo", str(made)], capture_output=True, text=True)
    assert info.returncode == 0, info.stderr
    for page in (tmp_path / "one").rglob("*.html"):
        assert (tmp_path / "two" / page.relative_to(tmp_path / "one")).read_bytes() == page.read_bytes()


def test_a_content_folder_shaped_as_a_bare_repository_runs_nothing(minimal: Path, tmp_path: Path) -> None:
    """A reviewer's finding after 1: a pushed content/ holding HEAD, config, objects/ and refs/
    was a bare repository to git's discovery, and its config's core.fsmonitor command ran as
    the build asked git for the content's revisions (on the server, in the deploy)."""
    import shutil

    from conftest import git

    marker = tmp_path / "ran"
    # a repository's objects with a commit, pushed as files: HEAD then names a commit
    source = tmp_path / "source"
    source.mkdir()
    git(source, "init", "-q", "-b", "main")
    (source / "x.txt").write_text("x\n", encoding="utf-8")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "x")
    for name in ("objects", "refs"):
        shutil.copytree(source / ".git" / name, minimal / name)
    (minimal / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    monitor = f"touch {marker}; false"
    config = f'[core]\n\trepositoryformatversion = 0\n\tbare = false\n\tworktree = .\n\tfsmonitor = "{monitor}"\n'
    (minimal / "config").write_text(config, encoding="utf-8")
    assert cli(["build", "--content", str(minimal), "--out", str(tmp_path / "out")]) == 0
    assert cli(["doctor", "--content", str(minimal)]) in (0, 1)
    # what the post-receive hook runs: deploy names its release from the content's git status
    assert cli(["deploy", "--content", str(minimal), "--to", str(tmp_path / "www")]) == 0
    assert not marker.exists()
