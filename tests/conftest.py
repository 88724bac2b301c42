"""Shared helpers: real `sitegen` processes on real files in temporary folders."""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# sitegen speaks Korean unless the locale asks for English (sitegen/messages.py): the tests
# read its Korean, whatever the machine's locale; a test that wants English sets LANG itself.
os.environ["LANG"] = "C.UTF-8"
os.environ.pop("LC_ALL", None)
os.environ.pop("LC_MESSAGES", None)
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONTENT = ROOT / "content"
CHROMIUM = "/usr/bin/chromium"  # Debian's: test tools cannot download browsers here
# The Java checkers (EPUBCheck, the Nu HTML Checker) run for seconds: the quick compiler alone
# and one GC thread cost half the CPU time of the defaults there; the Nu checker's schemas need a
# deeper stack than the quick compiler leaves it.
JAVA = ["java", "-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"]
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class Run:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.splitlines()


def sitegen(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, fresh: bool = False) -> Run:
    """Run the real command line, as an editor or CI would: a process of its own, forked from
    one that has imported sitegen (tools/cli_server.py), or with fresh, a new interpreter
    (what is tested is the interpreter's start: the version installed, the locale)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    env.pop("SITEGEN_DEBUG", None)
    # what the interpreter reads as it starts (PYTHONPATH: which packages, which entry points)
    starts = {k: v for k, v in env.items() if k.startswith("PYTHON")}
    if not fresh and starts == {k: v for k, v in SERVER_ENV.items() if k.startswith("PYTHON")}:
        return forked(list(args), cwd or ROOT, env)
    proc = subprocess.run(
        [sys.executable, "-m", "sitegen.cli", *args],
        cwd=cwd or ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


_server: list[Path] = []  # this worker's fork server's socket, once started
SERVER_ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def forked(args: list[str], cwd: Path, env: dict[str, str], timeout: float = 300) -> Run:
    import atexit
    import json
    import socket
    import tempfile

    if not _server:
        folder = Path(tempfile.mkdtemp(prefix="sitegen-cli-"))
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "tests/tools/cli_server.py"), str(folder / "socket")],
            env=SERVER_ENV,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout and server.stdout.readline() == "ready\n", "the fork server did not start"
        atexit.register(shutil.rmtree, folder, True)
        atexit.register(server.kill)
        _server.append(folder / "socket")
    with tempfile.TemporaryDirectory() as tmp, socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        out, err = Path(tmp, "out"), Path(tmp, "err")
        out.touch()
        err.touch()
        conn.connect(str(_server[0]))
        request = {"args": args, "cwd": str(cwd), "env": env, "out": str(out), "err": str(err)}
        conn.sendall((json.dumps(request) + "\n").encode())
        conn.settimeout(timeout)
        answer = conn.makefile("r", encoding="utf-8")
        pid = int(answer.readline())
        try:
            status = answer.readline()
        except TimeoutError:
            os.kill(pid, signal.SIGKILL)
            raise subprocess.TimeoutExpired(args, timeout) from None
        code = int(status) if status else -signal.SIGKILL  # no status: it was killed
        return Run(code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8"))


_started: list[subprocess.Popen] = []


def _terminal_signals() -> None:
    """In a child: SIGINT and SIGTERM as a terminal gives them, however the test run was
    started (a background job ignores SIGINT, and its children inherit that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def spawn(args: list[str], **kwargs: object) -> subprocess.Popen:
    """A process a test starts and lets run: with the terminal's signals, and stopped after
    the test (stop_what_was_started) if the test did not stop it, failed or not."""
    proc = subprocess.Popen(args, preexec_fn=_terminal_signals, **kwargs)  # type: ignore[call-overload]
    _started.append(proc)
    return proc


@pytest.fixture(autouse=True)
def stop_what_was_started() -> Iterator[None]:
    """SIGTERM first, as a service manager stops a process, so that it removes what it made
    in the temporary folder (a preview's site); SIGKILL for what is still there a second on."""
    yield
    while _started:
        proc = _started.pop()
        if proc.poll() is not None:
            continue
        group = False
        with contextlib.suppress(ProcessLookupError):  # its own group (a build's workers) or itself
            group = os.getpgid(proc.pid) == proc.pid
            proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=1)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL) if group else proc.kill()
        proc.wait()


def sitegen_here(*args: str) -> Run:
    """The command line in this process: the same messages and exit status as sitegen(), without
    starting Python for each of the many content cases (the end-to-end runs use sitegen())."""
    import contextlib
    import io

    from sitegen.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return Run(code, out.getvalue(), err.getvalue())


def copy_site(src: Path, dest: Path) -> Path:
    target = dest / "content"
    shutil.copytree(src, target)
    return target


def checkout(dest: Path) -> Path:
    """The default content in a clone of this repository, as this working tree has it: its
    pages and PDFs carry the same dates from git as the session's build (seed_build), so a
    build of it takes what that build left in the shared cache. A copy outside git has other
    dates, so other PDFs: it typeset all seven again."""
    clone = dest / "checkout"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, timeout=120)
    for folder in ("content", "themes"):  # committed or not alike (the theme beside content is the site's)
        shutil.rmtree(clone / folder)
        shutil.copytree(ROOT / folder, clone / folder)
    return clone / "content"


def shared_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's temporary folder that every xdist worker sees (each has its own below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def first_one(path: Path) -> Iterator[bool]:
    """Held by one worker at a time; yields whether path is still to be made (by this one).
    The others wait for it rather than make the same thing beside it on the other core."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield not path.exists()


@pytest.fixture(scope="session", autouse=True)
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache for the session's builds, shared by the workers, as CI keeps one between
    runs: its entries are keyed by what they were made from and written whole, so builds
    beside each other share it. Tests that count what a build makes use own_cache()."""
    from sitegen.engine.cachefiles import mark_cache

    cache = shared_folder(tmp_path_factory) / "shared-cache"
    mark_cache(cache)  # sitegen's, whichever test first takes a part of it (own_cache)
    os.environ["SITEGEN_CACHE"] = str(cache)
    return cache


def own_cache(folder: Path, shared: tuple[str, ...] = ("fonts", "templates")) -> Path:
    """A cache of a test's own, whose cut fonts and compiled templates (or the parts named in
    shared) are the session's: cutting a Korean font to a text takes seconds a font,
    compiling the theme half a second, and what these tests count (pages, PDFs, parses) is
    neither."""
    from sitegen.engine.cachefiles import mark_cache

    mark_cache(folder)  # sitegen's, as a build marks it
    for name in shared:
        shared = Path(os.environ["SITEGEN_CACHE"]) / name
        shared.mkdir(parents=True, exist_ok=True)
        if not (folder / name).is_symlink():
            (folder / name).symlink_to(shared, target_is_directory=True)
    return folder


@pytest.fixture
def minimal(tmp_path: Path) -> Path:
    """A small valid site to break in one place per test."""
    return copy_site(FIXTURES / "minimal", tmp_path)


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default site built once for the session, by whichever worker asks first."""
    out = shared_folder(tmp_path_factory) / "seed" / "build"
    with first_one(out) as missing:
        if missing:
            run = sitegen("build", "--content", str(CONTENT), "--out", str(out))
            assert run.code == 0, run.err
    return out


@pytest.fixture(scope="session")
def site():
    """The default content, loaded as every renderer receives it."""
    from sitegen.content.loader import load

    return load(CONTENT)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the session (Playwright's sync API allows one at a time)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


# Fixtures that build the whole default site, start a browser, a server or a git host:
# a test that uses one is slow (`pytest -m "not slow"` is the quick loop; CONTRIBUTING.md).
SLOW_FIXTURES = {"seed_build", "browser", "root_site", "subpath_site", "audit", "particle_site", "served", "hosted"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)

    # the default site's build first (the tests that read it, and those whose cache it warms,
    # ask for seed_build), then the other slow tests, then the quick ones, which fill the gaps
    # at the end so that both workers finish together (xdist's worksteal hands the one that
    # waits half of the other's queue)
    def rank(item: pytest.Item) -> tuple[bool, bool]:
        return "seed_build" not in getattr(item, "fixturenames", ()), item.get_closest_marker("slow") is None

    items.sort(key=rank)


# -- what the workflow and security tests share: an editor's site, git, a council's server --

PROGRAMME = "councils/demo/plans/2025/programmes/alpha.md"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "편집자",
    "GIT_AUTHOR_EMAIL": "editor@example.go.kr",
    "GIT_COMMITTER_NAME": "편집자",
    "GIT_COMMITTER_EMAIL": "editor@example.go.kr",
}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def site_copy(tmp_path: Path, name: str = "content") -> Path:
    content = copy_site(FIXTURES / "minimal", tmp_path / name)
    (content / "site.yaml").write_text("title: 테스트 사이트\noutputs: [web]\nbase_url: /\n", encoding="utf-8")
    return content


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=check, env={**os.environ, **GIT_ENV}
    )


@pytest.fixture
def hosted(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A council's server: a bare repository with sitegen's hooks, and an editor's clone."""
    bare, www, clone = tmp_path / "site.git", tmp_path / "www", tmp_path / "editor"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(bare))
    run = sitegen("install-hooks", str(bare), "--to", str(www))
    assert run.code == 0, run.err
    git(tmp_path, "clone", "-q", str(bare), str(clone))
    git(clone, "checkout", "-q", "-b", "main")
    shutil.copytree(site_copy(tmp_path, "seed"), clone / "content")
    return bare, www, clone


def push(clone: Path, message: str) -> subprocess.CompletedProcess:
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", message)
    return git(clone, "push", "-q", "origin", "main", check=False)


def deployed(bare: Path, branch: str = "main", timeout: float = 240) -> dict:
    """The outcome of the background deploy of the branch's head (the push answers first)."""
    import json
    import time

    head = git(bare, "rev-parse", branch).stdout.strip()
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            outcome = json.loads((bare / "sitegen-last-deploy.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            outcome = {}
        if outcome.get("commit") == head:
            return outcome
        time.sleep(0.1)
    log = bare / "sitegen-deploy.log"
    raise AssertionError(f"no deploy of {head}: {log.read_text(encoding='utf-8') if log.exists() else 'no log'}")
