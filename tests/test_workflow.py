"""Editor workflow on real processes: `sitegen serve` with a browser, `sitegen new`,
`sitegen deploy` to folders and git branches, and git hooks on a bare repository."""

from __future__ import annotations

import http.client
import json
import os
import pickle
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import (
    FIXTURES,
    GIT_ENV,
    PROGRAMME,
    ROOT,
    copy_site,
    deployed,
    edit,
    git,
    own_cache,
    push,
    site_copy,
    sitegen,
    spawn,
)

SITE_FILES = ROOT / "sitegen/site_files"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, str]:
    """A request with the path sent exactly as written (no client-side normalising of ../)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path)
        resp = conn.getresponse()
        return resp.status, resp.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_for(check, timeout: float = 20.0, what: str = "") -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"not within {timeout}s: {what}")


@dataclass
class Server:
    proc: subprocess.Popen
    port: int
    content: Path
    log: Path

    def page(self, path: str = "/demo/2025/alpha/") -> str:
        status, body = get(self.port, path)
        assert status == 200, (status, path)
        return body


def launch_server(content: Path, log: Path) -> Server:
    """`sitegen serve` started, not waited for (stopped after the test: conftest.spawn)."""
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with log.open("w") as out:
        proc = spawn(
            [sys.executable, "-m", "sitegen.cli", "serve", "--content", str(content), "--port", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    return Server(proc, port, content, log)


def start_server(content: Path, log: Path) -> Server:
    """`sitegen serve` started, once its first build answers."""
    server = launch_server(content, log)

    def up() -> bool:
        assert server.proc.poll() is None, log.read_text(encoding="utf-8")
        try:
            return get(server.port, "/")[0] == 200
        except OSError:
            return False

    wait_for(up, 60, "server up")
    return server


def corpus(tmp_path: Path, programmes: int) -> Path:
    """The benchmarks' synthetic site: big enough that a whole build takes seconds."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from corpus import generate

    return generate(tmp_path / "corpus", programmes)[0]


@pytest.fixture
def served(tmp_path: Path) -> Server:
    return start_server(copy_site(FIXTURES / "minimal", tmp_path), tmp_path / "serve.log")  # stopped by spawn's fixture


def test_serve_rebuilds_on_edit_shows_errors_and_keeps_the_last_good_site(served: Server) -> None:
    prog = served.content / PROGRAMME
    assert "</span> 알파 사업</h1>" in served.page()
    edit(prog, "title: 알파 사업", "title: 알파 사업 고침")
    wait_for(lambda: "</span> 알파 사업 고침</h1>" in served.page(), what="edited title served")
    edit(prog, "kind: 신규", "kind: 신귝")  # not in the vocabulary
    wait_for(lambda: "sitegen-preview-errors" in served.page(), what="error shown")
    page = served.page()
    assert "</span> 알파 사업 고침</h1>" in page  # the last good build, at the same URL
    assert re.search(r"content/councils/demo/plans/2025/programmes/alpha\.md:\d+:\d+: 오류: &#x27;kind", page), page
    assert "alpha.md" in served.log.read_text(encoding="utf-8")  # and in the terminal
    assert "sitegen-preview-errors" in get(served.port, "/")[1]  # on every page being viewed
    edit(prog, "kind: 신귝", "kind: 신규")
    wait_for(lambda: "sitegen-preview-errors" not in served.page(), what="error gone after the fix")
    # a site's own theme with a template that does not parse: said on the page, no traceback
    broken = served.content.parent / "themes/default/templates/programme.html"
    broken.parent.mkdir(parents=True)
    broken.write_text("{% if %}", encoding="utf-8")
    wait_for(lambda: "TemplateSyntaxError" in served.page(), what="template error shown")
    assert "</span> 알파 사업 고침</h1>" in served.page()
    broken.unlink()
    wait_for(lambda: "sitegen-preview-errors" not in served.page(), what="template error gone")
    log = served.log.read_text(encoding="utf-8")
    assert "Traceback" not in log
    # the terminal speaks the editor's language: livereload's own English lines are not shown
    assert not [line for line in log.splitlines() if line.startswith("[I ") or "Watch current" in line], log


def test_serve_answers_a_head_request_with_headers_only(served: Server) -> None:
    """curl -I got an empty reply and the terminal a traceback (the body was sent as well).
    (livereload's transform sets the length to the body's, so a HEAD reply says 0.)"""
    for path in ("/", "/demo/2025/alpha/", "/no-such-page/"):
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        try:
            conn.request("HEAD", path)
            head = conn.getresponse()
            assert head.read() == b""
            status, kind = head.status, head.getheader("Content-Type")
        finally:
            conn.close()
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=10)
        try:
            conn.request("GET", path)
            got = conn.getresponse()
            assert got.read()
            assert (status, kind) == (got.status, got.getheader("Content-Type")), path
        finally:
            conn.close()
    assert "Traceback" not in served.log.read_text(encoding="utf-8")


def test_serve_never_leaves_the_build_folder(served: Server, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("비밀", encoding="utf-8")
    for path in (
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/%252e%252e/%252e%252e/etc/passwd",
        "/demo/../../secret.txt",
        "/..\\..\\secret.txt",
        "/%00/etc/passwd",
    ):
        status, body = get(served.port, path)
        assert status == 404 and "root:" not in body and "비밀" not in body, path
    assert get(served.port, "/demo/2025/alpha/")[0] == 200  # a good path still works


def test_serve_reloads_the_open_page_in_chromium(served: Server, browser) -> None:
    page = browser.new_page()
    csp_errors = []
    page.on("console", lambda m: csp_errors.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"http://127.0.0.1:{served.port}/demo/2025/alpha/")
    # the reload script ran under the page's CSP and shook hands with the server
    page.wait_for_function("() => window.LiveReload?.connector?.protocol > 0", polling=250, timeout=15000)
    edit(served.content / PROGRAMME, "title: 알파 사업", "title: 알파 사업 새 이름")
    # while the reload replaces the document there is a moment with no h1 yet: a predicate that
    # throws there ends the wait at once, so it asks null-safely
    renamed = "() => document.querySelector('h1')?.textContent.includes('새 이름')"
    page.wait_for_function(renamed, polling=250, timeout=20000)
    edit(served.content / PROGRAMME, "kind: 신규", "kind: 신귝")
    page.wait_for_selector(".sitegen-preview-errors", timeout=20000)  # the error comes to the open page
    assert "alpha.md" in page.inner_text(".sitegen-preview-errors")
    page.close()
    assert csp_errors == []


def test_a_page_that_connects_after_a_build_it_missed_is_reloaded(served: Server, browser) -> None:
    """A page still loading when a rebuild ends (the reload of the edit before, say) has no
    connection the reload could go to: it shows the page as it was until it is reloaded."""
    page = browser.new_page()

    def edit_while_loading(route) -> None:
        # the page is in; its reload script not yet: the edit is built now
        edit(served.content / PROGRAMME, "kind: 신규", "kind: 신귝")
        wait_for(lambda: "오류 1개" in served.log.read_text(encoding="utf-8"), what="the failed rebuild")
        route.continue_()

    page.route("**/livereload.js*", edit_while_loading, times=1)
    page.goto(f"http://127.0.0.1:{served.port}/demo/2025/alpha/")
    page.wait_for_selector(".sitegen-preview-errors", timeout=20000)
    assert "alpha.md" in page.inner_text(".sitegen-preview-errors")
    page.close()


@pytest.mark.slow
def test_the_preview_listens_at_once_and_says_it_is_building(tmp_path: Path) -> None:
    """An editor who opens the browser at once gets a page that says the preview is being made
    and reloads itself, not "can't reach this page" until the first build is done."""
    server = launch_server(corpus(tmp_path, 250), tmp_path / "serve.log")
    answers = []

    def answered() -> bool:
        try:
            answers.append(get(server.port, "/"))
            return True
        except OSError:
            return False

    wait_for(answered, 30, "the preview listening")
    status, body = answers[0]
    assert "만들었습니다" not in server.log.read_text(encoding="utf-8")  # the first build still running
    assert status == 503 and "미리 보기를 만드는 중입니다" in body and 'http-equiv="refresh"' in body
    wait_for(lambda: get(server.port, "/")[0] == 200, 120, "the first build done")


def test_a_preview_with_only_problems_answers_503_not_404(tmp_path: Path) -> None:
    """No good build yet, only problems: the site is not there (503), rather than the page missing."""
    content = copy_site(FIXTURES / "minimal", tmp_path)
    edit(content / PROGRAMME, "kind: 신규", "kind: 신귝")
    server = launch_server(content, tmp_path / "serve.log")
    wait_for(lambda: "오류 1개" in server.log.read_text(encoding="utf-8"), 60, "the first build failed")
    status, body = get(server.port, "/demo/2025/alpha/")
    assert status == 503 and "sitegen-preview-errors" in body and "alpha.md" in body


@pytest.mark.slow
def test_the_preview_answers_while_it_rebuilds(tmp_path: Path) -> None:
    """The rebuild runs beside the server: a page asked for during it comes at once, as the
    last good build made it, and the new one after the build (requests hung for the length
    of every rebuild when it ran on the server's loop)."""
    content = corpus(tmp_path, 250)
    programme = next(content.glob("councils/*/plans/*/programmes/*.md"))
    path = f"/{programme.parts[-5]}/{programme.parts[-3]}/{programme.stem}/"
    server = start_server(content, tmp_path / "serve.log")

    def log() -> str:
        return server.log.read_text(encoding="utf-8")

    assert "<!-- 새 틀 -->" not in server.page(path)
    template = content.parent / "themes/default/templates/programme.html"
    template.parent.mkdir(parents=True)
    base = (ROOT / "themes/default/templates/programme.html").read_text(encoding="utf-8")
    template.write_text(base.replace("{% block main %}", "{% block main %}<!-- 새 틀 -->", 1), encoding="utf-8")
    wait_for(lambda: "다시 만드는 중" in log(), what="the rebuild started")
    built = log().count("다시 만들었습니다")
    during = server.page(path)
    assert log().count("다시 만들었습니다") == built, "answered only once the rebuild had ended"
    assert "<!-- 새 틀 -->" not in during  # the last good build's page
    wait_for(lambda: log().count("다시 만들었습니다") > built, 120, "the rebuild ended")
    assert "<!-- 새 틀 -->" in server.page(path)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.slow
def test_serve_stops_cleanly(tmp_path: Path, sig: signal.Signals) -> None:
    # started as from a background job (`pytest &`), which ignores SIGINT: children inherit that
    inherited = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        server = start_server(copy_site(FIXTURES / "minimal", tmp_path), tmp_path / "serve.log")
    finally:
        signal.signal(signal.SIGINT, inherited)
    server.proc.send_signal(sig)
    assert server.proc.wait(timeout=15) == 0
    log = server.log.read_text(encoding="utf-8")
    assert "Traceback" not in log and "미리 보기를 끝냈습니다" in log


def test_serve_listens_on_loopback_only(served: Server) -> None:
    addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
    for address in addresses - {"127.0.1.1"}:
        with socket.socket() as s, pytest.raises(OSError):
            s.settimeout(2)
            s.connect((address, served.port))


def run_new(*args: str, cwd: Path) -> None:
    run = sitegen("new", *args, cwd=cwd)
    assert run.code == 0, run.err + run.out
    assert "다음:" in run.out  # says what to edit next


@pytest.mark.slow
def test_every_new_output_checks_and_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    run_new("site", str(site), cwd=tmp_path)
    for name in (".github/workflows/sitegen.yml", ".gitlab-ci.yml", "hooks/pre-receive", "README.md"):
        assert (site / name).is_file(), name
    # the README says how to install this very sitegen and put `sitegen` on the PATH
    from importlib.metadata import version

    readme = (site / "README.md").read_text(encoding="utf-8")
    assert f'pip install "sitegen-plans[fast]=={version("sitegen-plans")}"' in readme
    assert "source .venv/bin/activate" in readme
    assert not [p for p in site.rglob("*") if p.is_file() and b"@SITEGEN_REQUIREMENT@" in p.read_bytes()]
    run_new("council", "gangnam", "--name", "강남구", "--parent", "서울특별시", cwd=site)
    run_new("plan", "gangnam", "2026", cwd=site)
    run_new("programme", "gangnam", "2026", "press", "언론 홍보", cwd=site)
    run_new("programme", "example", "2026", "video", "영상 홍보", cwd=site)
    run_new("edition", "gangnam", "news", "2026-02", "--date", "2026. 2.", "--title", "2026년 2월호", cwd=site)
    run_new("article", "gangnam", "news", "2026-02", "festival", "축제 소식", cwd=site)
    check = sitegen("check", cwd=site)
    assert check.code == 0, check.err
    assert "지자체 2곳, 계획 2개, 사업 4개" in check.out
    out = tmp_path / "build"
    build = sitegen("build", "--out", str(out), "--cache", str(own_cache(tmp_path / "cache")), cwd=site)
    assert build.code == 0, build.err
    pages = ("gangnam/2026/press/", "example/2026/video/", "gangnam/news/news/2026-02/festival/")
    for page in (f"{p}index.html" for p in pages):
        assert (out / page).is_file(), page
    assert list(out.rglob("*.epub")) and list(out.rglob("*.pdf"))
    # refuses to overwrite, and says so plainly
    again = sitegen("new", "programme", "gangnam", "2026", "press", "또", cwd=site)
    assert again.code == 1 and "이미 있어" in again.err and "Traceback" not in again.err
    bad = sitegen("new", "programme", "gangnam", "2026", "Bad Name", "제목", cwd=site)
    assert bad.code == 1 and "영문 소문자" in bad.err


@pytest.mark.slow
def test_deploy_to_a_folder_switches_keeps_and_rolls_back(tmp_path: Path) -> None:
    content, target = site_copy(tmp_path), tmp_path / "www"
    names = []
    for n in range(4):
        edit(content / PROGRAMME, "title: 알파 사업", f"title: 알파 사업 {n}") if n == 0 else edit(
            content / PROGRAMME, f"title: 알파 사업 {n - 1}", f"title: 알파 사업 {n}"
        )
        run = sitegen("deploy", "--content", str(content), "--to", str(target), "--keep", "3", "--revision", f"r{n}")
        assert run.code == 0, run.err
        names.append(f"r{n}")
        live = target / "current/demo/2025/alpha/index.html"
        assert f"</span> 알파 사업 {n}</h1>" in live.read_text(encoding="utf-8")
    assert (target / "current").is_symlink()
    # the newest 3, and the one dropped waiting unserved for the next release to be made from
    assert sorted(p.name for p in (target / "releases").iterdir()) == [".spare", "r1", "r2", "r3"]
    # a broken build deploys nothing
    edit(content / PROGRAMME, "kind: 신규", "kind: 신귝")
    broken = sitegen("deploy", "--content", str(content), "--to", str(target), "--revision", "bad")
    assert broken.code == 1 and "alpha.md:" in broken.err
    assert os.readlink(target / "current") == "releases/r3" and not (target / "releases/bad").exists()
    back = sitegen("deploy", "--to", str(target), "--rollback")
    assert back.code == 0, back.err
    assert os.readlink(target / "current") == "releases/r2"
    assert "</span> 알파 사업 2</h1>" in (target / "current/demo/2025/alpha/index.html").read_text(encoding="utf-8")
    assert not (target / "releases/r3").exists()  # the release rolled back from is gone
    assert sitegen("deploy", "--to", str(target), "--rollback").code == 0
    assert os.readlink(target / "current") == "releases/r1"
    last = sitegen("deploy", "--to", str(target), "--rollback")
    assert last.code == 1 and "이전 배포가 없습니다" in last.err


@pytest.mark.slow
def test_deploy_to_a_git_branch(tmp_path: Path) -> None:
    content, remote = site_copy(tmp_path), tmp_path / "remote.git"
    git(tmp_path, "init", "-q", "--bare", str(remote))
    for n in (1, 2):
        edit(content / PROGRAMME, "title: 알파 사업", f"title: 알파 사업 {n}") if n == 1 else edit(
            content / PROGRAMME, "title: 알파 사업 1", "title: 알파 사업 2"
        )
        run = sitegen("deploy", "--content", str(content), "--git", str(remote), "--branch", "gh-pages")
        assert run.code == 0, run.err
    log = git(remote, "log", "--format=%s", "gh-pages").stdout.splitlines()
    assert len(log) == 2
    page = git(remote, "show", "gh-pages:demo/2025/alpha/index.html").stdout
    assert "</span> 알파 사업 2</h1>" in page
    assert ".nojekyll" in git(remote, "ls-tree", "--name-only", "gh-pages").stdout


def test_hooks_deploy_good_pushes_and_reject_bad_ones(hosted: tuple[Path, Path, Path]) -> None:
    bare, www, clone = hosted
    live = www / "current/demo/2025/alpha/index.html"
    first = push(clone, "처음")
    assert first.returncode == 0, first.stderr
    # the push is answered once checked, the deploy runs behind it, with a log the editor is told of
    assert "뒤에서 만들어 배포합니다" in first.stderr and str(bare / "sitegen-deploy.log") in first.stderr
    assert deployed(bare)["ok"]
    log = (bare / "sitegen-deploy.log").read_text(encoding="utf-8")
    assert "== 배포 시작" in log and "이(가) 올라갔습니다" in log
    assert "</span> 알파 사업</h1>" in live.read_text(encoding="utf-8")
    edit(clone / "content" / PROGRAMME, "title: 알파 사업", "title: 알파 사업 고침")
    assert push(clone, "제목 고침").returncode == 0
    assert deployed(bare)["ok"]
    assert "</span> 알파 사업 고침</h1>" in live.read_text(encoding="utf-8")
    # the site names the commit that is live (its build-info page)
    info = json.loads((www / "current/build-info.json").read_text(encoding="utf-8"))
    assert info["commit"] == git(clone, "rev-parse", "HEAD").stdout.strip() and not info["uncommitted"]
    assert info["author"] == "편집자"  # who made the commit that went live
    first_commit = git(clone, "rev-parse", "HEAD~1").stdout.strip()
    assert info["previous_deploy"]["commit"] == first_commit and info["previous_deploy"]["ok"]
    page = (www / "current/build-info/index.html").read_text(encoding="utf-8")
    assert f"커밋 {first_commit[:12]}: 올라갔습니다" in page and "<dd>편집자</dd>" in page
    released = live.read_bytes()
    edit(clone / "content" / PROGRAMME, "kind: 신규", "kind: 신귝")
    bad = push(clone, "오타")
    assert bad.returncode != 0
    assert re.search(r"remote: content/councils/demo/plans/2025/programmes/alpha\.md:\d+:\d+: 오류: 'kind", bad.stderr)
    assert "push를 받지 않았습니다" in bad.stderr and "Traceback" not in bad.stderr
    assert live.read_bytes() == released  # the site is unchanged
    head = git(bare, "rev-parse", "main").stdout
    assert head == git(clone, "rev-parse", "HEAD~1").stdout  # the bad commit never landed
    # two quick pushes in a row: the site ends at the second
    edit(clone / "content" / PROGRAMME, "kind: 신귝", "kind: 신규")
    edit(clone / "content" / PROGRAMME, "title: 알파 사업 고침", "title: 알파 사업 하나")
    git(clone, "commit", "-q", "-am", "하나")
    one = subprocess.Popen(["git", "push", "-q", "origin", "main"], cwd=clone, env={**os.environ, **GIT_ENV})
    one.wait()
    edit(clone / "content" / PROGRAMME, "title: 알파 사업 하나", "title: 알파 사업 둘")
    assert push(clone, "둘").returncode == 0
    assert deployed(bare)["ok"]
    assert "</span> 알파 사업 둘</h1>" in live.read_text(encoding="utf-8")
    releases = sorted(p.name for p in (www / "releases").iterdir())
    assert os.readlink(www / "current") == f"releases/{git(clone, 'rev-parse', '--short=12', 'HEAD').stdout.strip()}"
    assert len(releases) >= 2


def workflow_runs(path: Path) -> list[str]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if "jobs" in doc:
        steps = [s for job in doc["jobs"].values() for s in job.get("steps", [])]
        return [line for s in steps if "run" in s for line in s["run"].splitlines()]
    return [line for job in doc.values() if isinstance(job, dict) for line in job.get("script", [])]


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        (SITE_FILES / ".github/workflows/sitegen.yml", "vendor.github-workflows"),
        (SITE_FILES / ".gitlab-ci.yml", "vendor.gitlab-ci"),
        (ROOT / ".github/workflows/site.yml", "vendor.github-workflows"),
        (ROOT / ".gitlab-ci.yml", "vendor.gitlab-ci"),
    ],
)
def test_workflow_files_are_valid_and_run_the_documented_commands(path: Path, schema: str) -> None:
    checker = Path(sys.executable).parent / "check-jsonschema"
    run = subprocess.run([str(checker), "--builtin-schema", schema, str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    runs = workflow_runs(path)
    if path.is_relative_to(SITE_FILES):
        readme = (SITE_FILES / "README.md").read_text(encoding="utf-8")
        documented = re.findall(r"^(sitegen (?:check|build) [^#\n]*?)\s*(?:#.*)?$", readme, re.M)
        commands = [r.strip() for r in runs if r.strip().startswith("sitegen ")]
        assert commands and all(any(c.split()[:4] == d.split()[:4] for d in documented) for c in commands), commands
    else:
        readme = (ROOT / "README.md").read_text(encoding="utf-8")
        assert "bash scripts/dev.sh build" in readme
        assert any(r.strip() == "bash scripts/dev.sh build" for r in runs), runs


def test_a_broken_schema_is_caught() -> None:
    """The workflow check can fail: a job without runs-on is refused."""
    checker = Path(sys.executable).parent / "check-jsonschema"
    doc = "name: x\non: push\njobs:\n  build:\n    steps:\n      - run: echo\n"
    args = [str(checker), "--builtin-schema", "vendor.github-workflows", "/dev/stdin"]
    run = subprocess.run(args, input=doc, capture_output=True, text=True)
    assert run.returncode != 0


def test_new_refuses_what_check_would_refuse_before_writing(tmp_path: Path) -> None:
    """`new programme … schedule` and `new council search` wrote files that check then refused
    (names the plan's and the site's own pages use)."""
    from conftest import sitegen_here

    site = tmp_path / "site"
    assert sitegen_here("new", "site", str(site)).code == 0
    content = site / "content"
    plan = content / "councils/example/plans/2026/plan.yaml"
    before = plan.read_text(encoding="utf-8")
    for args in (("programme", "example", "2026", "schedule", "일정"), ("council", "search", "--name", "검색구")):
        run = sitegen_here("new", *args, "--content", str(content))
        assert run.code == 1 and args[1 if args[0] == "council" else 3] in run.err, run.err
        assert "Traceback" not in run.err
    assert not (content / "councils/example/plans/2026/programmes/schedule.md").exists()
    assert not (content / "councils/search").exists()
    assert plan.read_text(encoding="utf-8") == before
    assert sitegen_here("check", "--content", str(content)).code == 0


def test_new_refuses_every_reserved_name_and_every_invalid_slug_writing_nothing(tmp_path: Path) -> None:
    """Every `sitegen new` that takes a name, with each name the site's or a plan's own pages
    use and with names that are not slugs: exit 1, the name said, nothing written."""
    from conftest import sitegen_here

    from sitegen.content.entries import PLAN_PAGES, SITE_PAGES

    site = tmp_path / "site"
    assert sitegen_here("new", "site", str(site)).code == 0
    content = site / "content"
    invalid = ["Press", "press_2026", "_press", "홍보", "a/b", "..", "a" * 65, "a b"]  # "-x" is an option
    cases = [("council", name, "--name", "구") for name in [*SITE_PAGES, *invalid]]
    cases += [("programme", "example", "2026", name, "사업") for name in [*PLAN_PAGES, *invalid]]
    cases += [("edition", "example", "news", name, "--date", "2026. 2.", "--title", "2월호") for name in invalid]
    cases += [("edition", "example", name, "2026-02", "--date", "2026. 2.", "--title", "2월호") for name in invalid]
    cases += [("article", "example", "news", "2026-01", name, "기사") for name in invalid]
    before = sorted((p.relative_to(site), p.read_bytes()) for p in site.rglob("*") if p.is_file())
    for args in cases:
        name = next(a for a in args[1:] if a in (*SITE_PAGES, *PLAN_PAGES, *invalid))
        run = sitegen_here("new", *args, "--content", str(content))
        assert run.code == 1 and "Traceback" not in run.err, (args, run.err)
        assert name.replace("..", "") in run.err or name == "..", (args, run.err)
    assert sorted((p.relative_to(site), p.read_bytes()) for p in site.rglob("*") if p.is_file()) == before
    assert len(cases) >= 45


def test_serve_says_which_port_is_taken_before_building(tmp_path: Path) -> None:
    """A busy port was 'sitegen 내부 오류(OSError: Address already in use)', after a whole build."""
    content = copy_site(FIXTURES / "minimal", tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        args = [sys.executable, "-m", "sitegen.cli", "serve", "--content", str(content), "--port", str(port)]
        run = subprocess.run(args, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    assert f"포트 {port}" in run.stderr and f"--port {port + 1}" in run.stderr
    assert "내부 오류" not in run.stderr and "웹 페이지" not in run.stderr  # nothing was built first


@pytest.mark.slow
def test_deploy_says_when_uncommitted_edits_go_out(tmp_path: Path) -> None:
    """A dirty working tree was released as <commit>-<UTC time> with no word about the edits."""
    from conftest import sitegen_here

    content, www = site_copy(tmp_path), tmp_path / "www"
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "처음")
    head = git(tmp_path, "rev-parse", "--short=12", "HEAD").stdout.strip()
    edit(content / PROGRAMME, "title: 알파 사업", "title: 알파 사업 고침")
    dirty = sitegen_here("deploy", "--content", str(content), "--to", str(www))
    assert dirty.code == 0, dirty.err
    assert "커밋하지 않은 변경 1개" in dirty.err and "alpha.md" in dirty.err
    assert re.fullmatch(rf"releases/{head}-\d{{8}}-\d{{6}}", os.readlink(www / "current"))
    git(tmp_path, "commit", "-q", "-am", "고침")
    clean = sitegen_here("deploy", "--content", str(content), "--to", str(www))
    assert clean.code == 0 and "커밋하지 않은" not in clean.err
    head = git(tmp_path, "rev-parse", "--short=12", "HEAD").stdout.strip()
    assert os.readlink(www / "current") == f"releases/{head}"


def test_a_build_asks_git_for_the_content_s_status_once_and_a_deploy_says_the_edits_in_git_s_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """git status looks at every file of the content (a twentieth of a second at 10,000
    programmes), and a build asked it twice (its no-op check, its pages' revisions). Counted
    by a git on PATH that notes each command and runs the real one. A deploy asks it for its
    pages too, and tells the operator of uncommitted edits as git says them (an untracked
    folder as one line), not as the build's status lists them (every file)."""
    from conftest import sitegen_here

    content, www, out = site_copy(tmp_path), tmp_path / "www", tmp_path / "out"
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "처음")
    edit(content / PROGRAMME, "title: 알파 사업", "title: 알파 사업 고침")
    noted, wrapper = tmp_path / "git-commands", tmp_path / "bin/git"
    wrapper.parent.mkdir()
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{noted}"\nexec "{shutil.which("git")}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{wrapper.parent}:{os.environ['PATH']}")

    def statuses() -> list[str]:
        asked = noted.read_text(encoding="utf-8").splitlines()
        noted.unlink()
        return [line for line in asked if " status " in f" {line} "]

    built = sitegen_here("build", "--content", str(content), "--out", str(out))
    assert built.code == 0, built.err
    assert len(statuses()) == 1
    assert json.loads((out / "build-info.json").read_text(encoding="utf-8"))["uncommitted"]
    again = sitegen_here("build", "--content", str(content), "--out", str(out))  # nothing changed
    assert again.code == 0 and len(statuses()) == 1, again.err
    (content / "notes").mkdir()
    for n in range(3):
        (content / f"notes/{n}.txt").write_text("메모\n", encoding="utf-8")
    released = sitegen_here("deploy", "--content", str(content), "--to", str(www))
    assert released.code == 0, released.err
    assert len([line for line in statuses() if "-z" in line.split()]) == 1  # the pages' revisions'
    assert "커밋하지 않은 변경 2개" in released.err and "alpha.md" in released.err and "notes/" in released.err
    assert json.loads((www / "current/build-info.json").read_text(encoding="utf-8"))["uncommitted"]


@pytest.mark.slow
def test_hooks_deploy_the_repositorys_own_branch_and_say_so_on_every_push(tmp_path: Path) -> None:
    """Hooks deployed only 'main', silently: a push to 'master' (Debian git's default) was
    accepted with no message and no deploy."""
    bare, www, clone = tmp_path / "site.git", tmp_path / "www", tmp_path / "editor"
    git(tmp_path, "init", "-q", "--bare", "-b", "master", str(bare))
    run = sitegen("install-hooks", str(bare), "--to", str(www))
    assert run.code == 0 and "master 브랜치" in run.out, run.out + run.err
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    git(clone, "checkout", "-q", "-b", "master")
    shutil.copytree(site_copy(tmp_path, "seed"), clone / "content")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "처음")
    first = git(clone, "push", "origin", "master", check=False)
    assert first.returncode == 0, first.stderr
    assert "master 브랜치를 검사합니다" in first.stderr and "배포" in first.stderr
    assert deployed(bare, "master")["ok"]
    assert (www / "current/demo/2025/alpha/index.html").is_file()
    git(clone, "checkout", "-q", "-b", "draft")
    edit(clone / "content" / PROGRAMME, "title: 알파 사업", "title: 초안")
    git(clone, "commit", "-q", "-am", "초안")
    draft = git(clone, "push", "origin", "draft", check=False)
    assert draft.returncode == 0, draft.stderr
    assert "draft 브랜치는 배포하지 않습니다(배포하는 브랜치: master)" in draft.stderr
    assert "초안" not in (www / "current/demo/2025/alpha/index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_deploy_renders_only_what_changed_and_releases_share_unchanged_files(tmp_path: Path) -> None:
    """deploy re-rendered every page and wrote each release as a full copy."""
    content, www, cache = site_copy(tmp_path), tmp_path / "www", own_cache(tmp_path / "cache")
    args = ("deploy", "--content", str(content), "--to", str(www), "--cache", str(cache))
    first = sitegen(*args, "--revision", "r1")
    assert first.code == 0, first.err
    edit(content / PROGRAMME, "- 본문", "- 본문을 고침")
    second = sitegen(*args, "--revision", "r2")
    assert second.code == 0, second.err
    made = re.search(r"새로 만듦 (\d+)개, 이전 빌드에서 그대로 (\d+)개", second.err)
    assert made and int(made[1]) == 1 and int(made[2]) > 5, second.err  # the edited page only
    one, two = www / "releases/r1", www / "releases/r2"
    files = [p.relative_to(one) for p in one.rglob("*") if p.is_file()]
    same = [rel for rel in files if (one / rel).stat().st_ino == (two / rel).stat().st_ino]
    page = Path("demo/2025/alpha/index.html")
    assert page not in same and "본문을 고침" in (two / page).read_text(encoding="utf-8")
    assert len(same) >= len(files) - 8, (len(same), len(files))  # the edited page, its feed and index
    assert "본문을 고침" not in (one / page).read_text(encoding="utf-8")  # the old release is untouched
    # from another cache every file is made again, the same bytes under new inodes: the release
    # still shares them with the one before (compared once; the next release takes the last
    # one's word for the files the build did not replace since, .sitegen-released)
    other = ("deploy", "--content", str(content), "--to", str(www), "--cache", str(own_cache(tmp_path / "other")))
    for n, change in ((3, None), (4, ("- 본문을 고침", "- 본문을 또 고침"))):
        if change:
            edit(content / PROGRAMME, *change)
        assert sitegen(*other, "--revision", f"r{n}").code == 0
        before, now = www / f"releases/r{n - 1}", www / f"releases/r{n}"
        changed = [rel for rel in files if (before / rel).stat().st_ino != (now / rel).stat().st_ino]
        assert all((before / rel).read_bytes() != (now / rel).read_bytes() for rel in changed), changed
        assert len(changed) <= (8 if change else 0), changed
    assert "본문을 또 고침" in (www / "current" / page).read_text(encoding="utf-8")
    # a file of the live release replaced by hand (an operator's hot fix): the next release
    # takes the build's, not the hand-made one the record would point to
    three, four = www / "releases/r3", www / "releases/r4"
    steady = next(
        rel for rel in files if rel.suffix == ".html" and (three / rel).stat().st_ino == (four / rel).stat().st_ino
    )
    right = (four / steady).read_bytes()
    (four / steady).unlink()
    (four / steady).write_text("<!-- by hand -->", encoding="utf-8")
    assert sitegen(*other, "--revision", "r5").code == 0
    assert (www / "releases/r5" / steady).read_bytes() == right


def four_files(build: Path) -> None:
    """A build's folder of four files in three folders (a, a/b, c), as the release tests use."""
    for rel, text in {"index.html": "1", "a/index.html": "a", "a/b/data.csv": "b", "c/index.html": "c"}.items():
        (build / rel).parent.mkdir(parents=True, exist_ok=True)
        (build / rel).write_text(text, encoding="utf-8")


def tree(root: Path) -> dict[str, bytes | str | None]:
    """Every entry under root: a file's bytes, a link's target, None for a folder."""
    found: dict[str, bytes | str | None] = {}
    for path in sorted(root.rglob("*")):
        rel = str(path.relative_to(root))
        found[rel] = os.readlink(path) if path.is_symlink() else None if path.is_dir() else path.read_bytes()
    return found


def test_a_release_made_from_the_spare_is_the_build_exactly(tmp_path: Path) -> None:
    """A release was made anew, every folder and link of a big site, on every deploy; now the
    release dropped last is brought up to date instead. Whatever it holds, the release made
    from it is the build, file for file, and no other release changes."""
    from sitegen.workflow import deploy

    build, www, outside = tmp_path / "build", tmp_path / "www", tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not the site's", encoding="utf-8")
    four_files(build)
    assert deploy.to_folder(build, www, "r1", keep=1) == "r1"
    (build / "c/index.html").unlink()  # the writer replaces files, never writes into them
    (build / "c/index.html").write_text("c2", encoding="utf-8")
    assert deploy.to_folder(build, www, "r2", keep=1) == "r2"
    spare = www / "releases/.spare"
    assert deploy.releases(www) == ["r2"] and spare.is_dir()  # r1 dropped: not served, not rolled back to
    made_from = spare.stat().st_ino
    # the spare as an operator's hand or a killed deploy might leave it
    (spare / "gone.html").write_text("old", encoding="utf-8")
    shutil.rmtree(spare / "a/b")
    (spare / "a/b").write_text("a file where the build has a folder", encoding="utf-8")
    (spare / "index.html").unlink()
    (spare / "index.html").mkdir()  # a folder where the build has a file
    shutil.rmtree(spare / "c")
    (spare / "c").symlink_to(outside)  # a link where the build has a folder: never followed
    (spare / "a").chmod(0o700)  # made under another umask, or changed by hand
    (build / "a/index.html").unlink()
    (build / "a/index.html").write_text("a3", encoding="utf-8")
    (build / "new").mkdir()
    (build / "new/index.html").write_text("n", encoding="utf-8")
    r2 = tree(www / "releases/r2")
    assert deploy.to_folder(build, www, "r3", keep=2) == "r3"
    r3 = www / "releases/r3"
    assert r3.stat().st_ino == made_from and not spare.exists()
    assert tree(r3) == tree(build)
    assert tree(www / "releases/r2") == r2 and (outside / "keep.txt").read_text(encoding="utf-8") == "not the site's"
    # unchanged files are the previous release's, changed ones the build's
    assert (r3 / "c/index.html").stat().st_ino == (www / "releases/r2/c/index.html").stat().st_ino
    assert (r3 / "a/index.html").stat().st_ino == (build / "a/index.html").stat().st_ino
    assert os.readlink(www / "current") == "releases/r3"
    umask = os.umask(0o22)
    os.umask(umask)
    assert (r3 / "a").stat().st_mode & 0o777 == 0o777 & ~umask  # as a folder made now would be
    # a link where the spare goes (dangling, or to a folder): never followed, replaced
    for n, link in ((4, tmp_path / "nowhere"), (5, outside)):
        if spare.is_dir() and not spare.is_symlink():
            shutil.rmtree(spare)
        spare.unlink(missing_ok=True)
        spare.symlink_to(link)
        assert deploy.to_folder(build, www, f"r{n}", keep=1) == f"r{n}"
        assert spare.is_dir() and not spare.is_symlink() and deploy.releases(www) == [f"r{n}"]
        assert tree(www / f"releases/r{n}") == tree(build) and (outside / "keep.txt").is_file()


def test_a_release_compares_with_the_live_one_only_the_folders_it_has_files_to_link_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release made from the spare lists the live release's folder only where the spare
    does not hold the build's very files (the rest costs the spare's and the build's
    listing): after one page changed, that page's folder. The release is the build, and
    shares every other file with the live release."""
    from sitegen.workflow import deploy

    build, www = tmp_path / "build", tmp_path / "www"
    four_files(build)
    for n in (1, 2, 3):  # r1 dropped into the spare, then r2: both hold the build's files
        deploy.to_folder(build, www, f"r{n}", keep=1)
    (build / "a/b/data.csv").unlink()  # the writer replaces a file, never writes into it
    (build / "a/b/data.csv").write_text("b2", encoding="utf-8")
    listed: list[str] = []
    scandir = os.scandir

    def listing(path: Any = ".") -> Any:  # the real scandir; the live release's folders noted
        if isinstance(path, str) and "/releases/r3/" in path:
            listed.append(path.split("/releases/r3/", 1)[1])
        return scandir(path)

    monkeypatch.setattr(os, "scandir", listing)
    deploy.to_folder(build, www, "r4", keep=1)
    assert listed == ["a/b/"]
    r3, r4 = www / "releases" / deploy.SPARE, www / "releases/r4"  # r3, no longer kept: the next spare
    assert tree(r4) == tree(build)
    files = [p.relative_to(r4) for p in r4.rglob("*") if p.is_file()]
    assert [rel for rel in files if (r4 / rel).stat().st_ino != (r3 / rel).stat().st_ino] == [Path("a/b/data.csv")]


def test_a_release_passes_over_the_folders_its_record_vouches_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A release made from the spare lists a folder of the build (and the spare's) only where
    the record of that spare vouches for neither: the build's folder or the spare's changed
    since (their change times), a change too recent to be sure of, a record of the build's
    other tree, or none. Whatever was passed over, the release is the build."""
    from sitegen.engine import writer
    from sitegen.workflow import deploy

    build, www = tmp_path / "build", tmp_path / "www"
    four_files(build)
    listed: list[str] = []
    scandir = os.scandir

    def listing(path: Any = ".") -> Any:  # the real scandir; the build's folders noted
        if isinstance(path, str) and path.startswith(f"{build}/"):
            listed.append(path.removeprefix(f"{build}/"))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", listing)
    n = 0

    def release() -> list[str]:  # the build's folders listed
        nonlocal n
        n += 1
        listed.clear()
        deploy.to_folder(build, www, f"r{n}", keep=1)
        assert tree(www / "current") == tree(build)
        return sorted(listed)

    every = ["", "a/", "a/b/", "c/"]
    for _ in range(3):  # r1 and r2 made anew, r3 from r1 (the spare): each tree recorded
        release()
    assert release() == every  # changed within SETTLED_NS of their record: listed
    monkeypatch.setattr(writer, "SETTLED_NS", 0)  # as if the clock's tick had passed since each look
    assert release() == release() == [""]  # the root is renamed by every release: always listed
    (build / "a/b/data.csv").unlink()  # the build's folder a/b changes (the writer replaces files)
    (build / "a/b/data.csv").write_text("b2", encoding="utf-8")
    assert release() == ["", "a/b/"] and release() == ["", "a/b/"]  # each spare in turn
    # and once more each: the files linked into a/b then were too recent for their records
    assert release() == release() == ["", "a/b/"]
    assert release() == [""]
    spare = www / "releases" / deploy.SPARE
    st = (spare / "c").stat()
    (spare / "c/slipped.html").write_text("손으로", encoding="utf-8")
    os.utime(spare / "c", ns=(st.st_atime_ns, st.st_mtime_ns))  # its times put back (cp -a)
    assert release() == ["", "c/"]
    release()
    shutil.copytree(build, tmp_path / "other")  # the build's other tree (the writer takes turns)
    shutil.rmtree(build)
    os.rename(tmp_path / "other", build)
    assert release() == every
    release()
    (www / deploy.MIRRORED).unlink()
    assert release() == every
    release()
    umask = os.umask(0o077)  # the operator's umask changed: each folder takes the new mode
    try:
        assert release() == every
    finally:
        os.umask(umask)
    modes = {p.stat().st_mode & 0o777 for p in (www / "current").resolve().rglob("*") if p.is_dir()}
    assert modes == {0o700}, modes
    release()
    spare = www / "releases" / deploy.SPARE
    damaged = {writer.tree_root(spare): deploy.TreeRecord(writer.tree_root(build), 0, {("a/",): (1, 2)})}  # type: ignore[dict-item]
    packed = {root: pickle.dumps(record) for root, record in damaged.items()}
    (www / deploy.MIRRORED).write_bytes(pickle.dumps(packed))  # another version's, say
    assert release() == every


def test_a_release_takes_the_folders_the_build_did_not_write_into_as_a_look_ahead_found_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A deploy's look ahead (lookahead.looked_ahead) states the build's folders and the spare
    release's before the build: the release then states neither again where the build did not
    write (two stats a folder), only the root and the folders written into, whose change the
    look predates: those are listed and the release is the build."""
    import functools

    from sitegen.engine import lookahead, writer
    from sitegen.workflow import deploy

    monkeypatch.setattr(writer, "SETTLED_NS", 0)  # as if the clock's tick had passed since each look
    build, www = tmp_path / "build", tmp_path / "www"
    four_files(build)
    stated: list[str] = []
    lstat = os.lstat
    asked: list[str] = []  # the folders the walk stopped at to ask the record (one by one)
    vouches = deploy.TreeRecord.vouches

    def asking(record: deploy.TreeRecord, folder: str, *times: int) -> bool:
        asked.append(folder)
        return vouches(record, folder, *times)

    monkeypatch.setattr(deploy.TreeRecord, "vouches", asking)

    def stating(path: Any, *args: Any, **kwargs: Any) -> Any:  # the real lstat; the trees' folders noted
        if isinstance(path, str) and (path.startswith(f"{build}/") or "/.staging-" in path):
            rel = path.removeprefix(f"{build}/").removeprefix(str(build)).rpartition("/site")[2].strip("/")
            stated.append(f"{rel}/" if rel else "")
        return lstat(path, *args, **kwargs)

    def build_folders() -> writer.Folders:  # the build's folders as a look before the build finds them
        folders = [f"{p.relative_to(build).as_posix()}/" for p in build.rglob("*") if p.is_dir()]
        stats = {f: lstat(build / f) for f in folders}
        found = {f: (s.st_mode, s.st_ctime_ns, s.st_size, s.st_mtime_ns, s.st_ino) for f, s in stats.items()}
        return writer.Folders(writer.tree_root(build), writer.fs_clock(str(tmp_path)), found)

    n = 0

    def release(touched: set[str], change: Any = None) -> list[str]:  # the folders stated
        nonlocal n
        n += 1
        looked = build_folders()
        where = deploy.release_look(www)
        spare = functools.partial(lookahead.folder_stats, *where, lookahead.tree_clock(where[0]))
        ahead = lookahead.Ahead([lambda: None, lambda: looked, spare])
        ahead.result(lookahead.RELEASE_FOLDERS)  # looked before the build changes
        if change:
            change()
        stated.clear()
        asked.clear()
        monkeypatch.setattr(os, "lstat", stating)
        deploy.to_folder(build, www, f"r{n}", keep=1, ahead=ahead, touched=touched)
        monkeypatch.setattr(os, "lstat", lstat)
        assert tree(www / "current") == tree(build)
        return sorted(set(stated))

    for _ in range(5):  # r1 and r2 made anew, then each from the spare: each tree recorded
        release({""})
    assert release({""}) == [""]  # the root is renamed by every release: always listed
    assert asked == []  # every other folder vouched for at once: the walk went down to none

    def replaced() -> None:  # the build's folder a/b changes (the writer replaces files)
        (build / "a/b/data.csv").unlink()
        (build / "a/b/data.csv").write_text("b2", encoding="utf-8")

    assert release({"", "a/", "a/b/"}, replaced) == ["", "a/", "a/b/"]  # stated again: a/b listed
    assert sorted(asked) == ["a/", "a/b/"]  # the folders written into, asked of as they are now; c/ not
    assert release({""}) == ["", "a/", "a/b/"]  # the spare's a/b: changed since its record (a/: on its way)

    # a folder the build no longer has (its parent written into), then a link in its place:
    # each release is the build (release() compares them), each made from the spare in turn
    release({"", "a/"}, lambda: shutil.rmtree(build / "a/b"))
    for _ in range(3):
        release({""})
    release({"", "a/"}, lambda: (build / "a/b").symlink_to("../c", target_is_directory=True))
    for _ in range(3):
        release({""})
    assert release({""}) == ["", "a/"] and asked == ["a/"]  # a/ holds a link: listed each time, as before


def test_the_release_s_folders_vouched_for_at_once_are_those_it_asked_of_one_by_one() -> None:
    """Looked.vouched, every folder in one pass, against the walk's test of one folder at a
    time (Looked.pair, then TreeRecord.vouches), over every case either tells apart: the
    root, a folder written into, missing from either look, not a folder, of another mode,
    of other times, not settled, and times of another kind in the record."""
    import stat as st

    from sitegen.engine import writer
    from sitegen.workflow import deploy

    mode, folder, settled = 0o755, st.S_IFDIR | 0o755, 10**12

    def stats(kind: int, ctime: int) -> tuple[int, int, int, int, int]:
        return kind, ctime, 0, 0, 0

    built = {f"f{i}/": stats(folder, 100 + i) for i in range(12)}
    released = {f"f{i}/": stats(folder, 200 + i) for i in range(12)}
    recorded: dict[str, Any] = {f"f{i}/": (100 + i, 200 + i) for i in range(12)}
    recorded[""] = (1, 2)  # the root
    touched = {"", "f1/"}  # written into by the build
    del built["f2/"], released["f3/"]  # missing from one look or the other
    built["f4/"] = stats(st.S_IFLNK | 0o777, 104)  # a link where the folder was
    released["f5/"] = stats(st.S_IFDIR | 0o700, 205)  # another mode than one made now
    recorded["f6/"] = (106, 999)  # the release's folder changed since
    recorded["f7/"] = (settled + 1, 207)  # recorded too close to its look
    recorded["f8/"] = (None, None)  # another version's record (a pair: TreeRecord.valid takes it)
    record = deploy.TreeRecord((0, 0), settled + writer.SETTLED_NS, recorded)
    looked = deploy.Looked(writer.Folders((0, 0), 0, built), writer.Folders((0, 0), 0, released), touched)
    one_by_one = {}
    for rel in recorded:
        if rel and (pair := looked.pair(rel, mode)) is not None and record.vouches(rel, *pair):
            one_by_one[rel] = pair
    assert sorted(one_by_one) == ["f0/", "f10/", "f11/", "f9/"]
    assert looked.vouched(record, mode) == one_by_one


def test_a_release_never_lists_or_writes_through_a_folder_made_a_link_after_the_look(tmp_path: Path) -> None:
    """A release folder the look ahead vouched for may have been made a link since: a folder
    below it that is to be listed is reached through it, so the release stops with a plain
    message before listing or writing there, and nothing outside is touched."""
    from sitegen.engine import writer
    from sitegen.workflow import deploy

    build, dest, victim = tmp_path / "build", tmp_path / "dest", tmp_path / "victim"
    (build / "a/x/y").mkdir(parents=True)
    (build / "a/x/y/f.html").write_text("f", encoding="utf-8")
    (dest / "a/x/y").mkdir(parents=True)
    os.link(build / "a/x/y/f.html", dest / "a/x/y/f.html")
    mode = 0o777 & ~deploy._umask()
    for folder in (dest, dest / "a", dest / "a/x", dest / "a/x/y"):
        os.chmod(folder, mode)
    (victim / "y").mkdir(parents=True)
    (victim / "y/keep-me.txt").write_text("남의 파일", encoding="utf-8")

    def stats(root: Path) -> writer.Folders:
        found = {}
        for rel in ("a/", "a/x/", "a/x/y/"):
            st = os.lstat(root / rel.rstrip("/"))
            found[rel] = (st.st_mode, st.st_ctime_ns, st.st_size, st.st_mtime_ns, st.st_ino)
        return writer.Folders(writer.tree_root(root), 10**19, found)

    def ctime(path: Path) -> int:
        return os.lstat(path).st_ctime_ns

    pairs = {rel: (ctime(build / rel), ctime(dest / rel)) for rel in ("a", "a/x")}
    mirrored = deploy.TreeRecord(
        writer.tree_root(build), 10**19, {"a/": pairs["a"], "a/x/": pairs["a/x"], "a/x/y/": (0, 0)}
    )
    looked = deploy.Looked(stats(build), stats(dest), set())
    shutil.rmtree(dest / "a/x")
    os.symlink(victim, dest / "a/x")  # after the look
    with pytest.raises(deploy.DeployError, match="a/x/"):
        deploy._link_tree(build, dest, None, {}, reuse=True, mirrored=mirrored, looked=looked)
    assert sorted(p.relative_to(victim).as_posix() for p in victim.rglob("*")) == ["y", "y/keep-me.txt"]


def test_doctor_says_when_a_sites_ci_files_are_not_this_versions(tmp_path: Path) -> None:
    """A site keeps the CI files of the sitegen that made it (`sitegen new site`): doctor says
    whether they are this version's, which version they install when only that differs, and
    how far they differ otherwise; a CI file of the same name that sitegen did not make (its
    first line another) is not its business."""
    from sitegen.workflow.scaffold import requirement

    site = tmp_path / "site"
    assert sitegen("new", "site", str(site)).code == 0

    def said() -> list[str]:
        run = sitegen("doctor", "--content", str(site / "content"), "--cache", str(tmp_path / "cache"))
        assert run.code == 0, run.out + run.err  # worth a look, not a failure
        found: list[str] = []  # the CI findings, each with what to do about it
        for line in run.out.splitlines():
            if "CI" in line[:12] or (found and line.startswith("    →") and "CI" in found[-1][:12]):
                found.append(line)
        return found

    github, gitlab = site / ".github/workflows/sitegen.yml", site / ".gitlab-ci.yml"
    assert said() == [
        "✔ CI 설정이 이 버전의 sitegen이 만드는 것과 같습니다: .github/workflows/sitegen.yml",
        "✔ CI 설정이 이 버전의 sitegen이 만드는 것과 같습니다: .gitlab-ci.yml",
    ]
    edit(github, requirement(), "sitegen-plans[fast]==0.0.9")  # made by an older version, pinned to it
    workflow = yaml.safe_load(github.read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    assert [s for s in steps if "actions/cache" in s.get("uses", "")]  # what an older one lacked
    text = gitlab.read_text(encoding="utf-8")
    kept = "cache:\n  key: sitegen\n  paths:\n    - .sitegen-cache/\n"
    edit(gitlab, kept, "")
    lines = said()
    assert lines[0] == (
        "! CI가 다른 버전의 sitegen을 설치합니다: .github/workflows/sitegen.yml에는 sitegen-plans[fast]==0.0.9, "
        f"이 sitegen은 {requirement()}"
    ), lines
    assert lines[1] == (
        "    → CI도 이 버전으로 빌드하려면 .github/workflows/sitegen.yml에서 설치할 버전을 바꿔 커밋하세요: "
        f"{requirement()} (그대로 두면 CI는 그 버전으로 빌드합니다)."
    )
    assert lines[2].startswith("! CI 설정이 이 버전의 sitegen이 만드는 것과 4줄 다릅니다: .gitlab-ci.yml"), lines
    assert "sitegen new site" in lines[3] and "그 사이트의 .gitlab-ci.yml 파일과" in lines[3]
    # one line changed counts once; Windows line ends and no last one: the same file
    gitlab.write_text(text.replace("GIT_DEPTH", "GIT_DEPTH_"), encoding="utf-8")
    assert said()[2].startswith("! CI 설정이 이 버전의 sitegen이 만드는 것과 1줄 다릅니다: .gitlab-ci.yml")
    gitlab.write_text(text.rstrip("\n").replace("\n", "\r\n"), encoding="utf-8", newline="")  # as Windows keeps it
    assert said()[2] == "✔ CI 설정이 이 버전의 sitegen이 만드는 것과 같습니다: .gitlab-ci.yml"
    # what a push may make of them: a link (to a device that never ends), a pipe: passed over
    github.unlink()
    github.symlink_to("/dev/zero")
    gitlab.unlink()
    os.mkfifo(gitlab)
    assert said() == []
    gitlab.unlink()
    gitlab.write_text("# the project's own CI\n" + text, encoding="utf-8")  # not one sitegen made
    assert said() == []


def test_doctor_says_what_is_in_order_and_what_to_do_about_the_rest(tmp_path: Path) -> None:
    """`sitegen doctor` looks at the machine and the site, changes nothing, and for every
    problem says what to do; exit 1 only when something will not work."""
    content = site_copy(tmp_path)
    cache = tmp_path / "cache"
    (cache / "markdown").mkdir(parents=True)
    (cache / "markdown" / "markdown.sqlite").write_bytes(b"SQLite format 3\x00" + b"\xff" * 3000)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    well = sitegen("doctor", "--content", str(content), "--cache", str(cache))
    assert well.code == 0, well.out + well.err
    lines = well.out.splitlines()
    for said in ("✔ Python 3.", "✔ PDF 조판(WeasyPrint", "✔ 테마 글꼴: PretendardGOV", "✔ 내용 검사 통과: 지자체 1곳"):
        assert any(line.startswith(said) for line in lines), (said, lines)
    assert any(line.startswith("! ") and "git 저장소 안에 있지 않습니다" in line for line in lines), lines
    assert any(line.startswith("! 캐시 일부가 손상됐습니다") for line in lines), lines
    assert lines[-1] == "모두 이상 없습니다."
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before  # it only looked

    bare = tmp_path / "site.git"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    edit(content / PROGRAMME, "title:", "title: [")
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    nowhere = tmp_path / "a-file" / "www"  # under a file: no one can make it, root included
    sick = sitegen("doctor", "--content", str(content), "--repo", str(bare), "--to", str(nowhere))
    assert sick.code == 1
    out = sick.out
    assert "✘ 내용에 고칠 곳이 1개 있습니다\n    → sitegen check" in out
    assert f"✘ {bare}에 sitegen 훅이 없습니다" in out and f"→ sitegen install-hooks {bare} --to" in out
    assert f"✘ 배포 폴더에 쓸 수 없습니다: {nowhere}" in out
    assert out.splitlines()[-1] == "문제 3개: 위의 → 를 따라 고치세요."

    www = tmp_path / "www"
    assert sitegen("install-hooks", str(bare), "--to", str(www)).code == 0
    hooked = sitegen("doctor", "--content", str(content), "--repo", str(bare), "--to", str(www))
    assert f"✔ git 훅: main 브랜치를 push하면 검사하고 {www}에 배포합니다" in hooked.out
    assert f"✔ 배포 폴더에 쓸 수 있습니다: {www}" in hooked.out
