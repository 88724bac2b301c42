"""The git server's hooks: check a push before it lands, deploy it after.

Whoever can push is trusted with the site's content and theme, nothing more
(SECURITY.md). So the hooks run sitegen isolated: `python -I` (neither the
working folder, nor PYTHONPATH, nor user site-packages on the import path, so a
`yaml.py` or `sitegen/` in the pushed tree is never imported), with a clean
environment, on a copy of the pushed tree made here from git's objects as
committed (no .gitattributes applies: `export-ignore` cannot hide a file).

The shell scripts in site_files/hooks only start this module that way.
"""

from __future__ import annotations

import fcntl
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sitegen.engine.git import git_argv, run_git
from sitegen.messages import text

ZERO = "0" * 40
# python -I -c BOOT ROOT ARGS…: sitegen from the folder the operator installed it in, and only from there
BOOT = "import sys; sys.path.insert(0, sys.argv.pop(1)); from sitegen.cli import main; sys.exit(main())"
ROOT = Path(__file__).resolve().parents[2]  # the folder that holds this sitegen package
# What the build needs of the hook's environment; everything else (GIT_DIR, GIT_QUARANTINE_PATH,
# PYTHON*, LD_*, the pusher's variables) stays behind.
PASSED = ("HOME", "LANG", "TMPDIR", "SOURCE_DATE_EPOCH", "SITEGEN_CACHE", "SITEGEN_DEPLOY_SECONDS", "SITEGEN_DEPLOY_MB")
# A deploy's build runs under limits, as a CI job does: a theme's template may loop or grow
# text in ways no sandbox bound sees (SECURITY.md), and a stuck build holds the deploy lock.
DEPLOY_SECONDS = 3600  # wall and CPU seconds of the build (SITEGEN_DEPLOY_SECONDS)
DEPLOY_MB = 8192  # address space of each of its processes (SITEGEN_DEPLOY_MB)
SEARCHED = "/usr/local/bin:/usr/bin:/bin"
# Folders of the pushed tree that `check` reads.
CHECKED = ("content", "themes")
# What a push's tree may hold, checked from git's own record of sizes before a byte is read:
# the largest file any check accepts (a print photo, sitegen/content/media.py) and the tree
# written for the check (a national site's text and pictures are a fraction of it).
MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_TREE_BYTES = 2 * 1024 * 1024 * 1024
MAX_TREE_FILES = 200_000  # entries: several times a national site's content and themes


class HookError(Exception):
    """Told to the pusher as a sentence; the push is refused."""


def command(python: str = sys.executable, root: Path = ROOT) -> list[str]:
    """The isolated sitegen command line, arguments to follow."""
    return [python, "-I", "-c", BOOT, str(root)]


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {k: os.environ[k] for k in PASSED if k in os.environ}
    env.setdefault("LANG", "C.UTF-8")
    return {**env, "PATH": SEARCHED, **(extra or {})}


def git(*args: str, cwd: Path | None = None, data: bytes | None = None, env: dict[str, str] | None = None) -> bytes:
    """git in the server's own repository (a hook's working folder, or cwd), bare as it is."""
    proc = run_git(cwd or ".", *args, data=data, env=env, own_bare=True)
    if proc.returncode != 0:
        raise HookError(f"git {args[0]}: {proc.stderr.decode('utf-8', 'replace').strip()}")
    return proc.stdout


def export_tree(commit: str, dest: Path, folders: tuple[str, ...] = CHECKED) -> int:
    """Write the commit's files under `folders` into dest as they were committed: the blobs
    themselves (git ls-tree and cat-file), attributes ignored. A symbolic link is written as
    one, after every file, so that the check refuses it; nothing is written outside dest.
    Blobs are streamed to their files one at a time, and sizes are bounded before any is
    read: a gigabyte of zeros is a megabyte pushed, and it was read whole into memory, twice.
    Returns the number of entries written; HookError names a file or a tree too big."""
    entries: list[tuple[str, str, int, str]] = []  # mode, object, size, path
    total = 0
    for record in _listed(commit, folders):
        meta, _, name = record.partition(b"\t")
        mode, kind, oid, written = meta.decode("ascii").split()
        path = name.decode("utf-8", "surrogateescape")
        parts = path.split("/")
        if kind != "blob" or any(p in ("", ".", "..", ".git") for p in parts):
            continue  # submodules, and names git itself would never check out
        size = int(written) if written.isdigit() else 0
        if size > MAX_FILE_BYTES:
            raise HookError(text("hook_file_too_big", path=path, size=size, limit=MAX_FILE_BYTES))
        total += size
        entries.append((mode, oid, size, path))
    if total > MAX_TREE_BYTES:
        raise HookError(text("hook_tree_too_big", size=total, limit=MAX_TREE_BYTES))
    links = []
    root = os.path.realpath(dest)
    argv = git_argv(".", "cat-file", "--batch", own_bare=True)
    with subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as proc:
        assert proc.stdin is not None and proc.stdout is not None
        for mode, oid, size, path in entries:
            proc.stdin.write(f"{oid}\n".encode("ascii"))
            proc.stdin.flush()
            header = proc.stdout.readline().split()
            if len(header) != 3 or int(header[2]) != size:
                raise HookError(f"git cat-file: {oid}")
            target = os.path.join(root, path)
            if mode == "120000":
                links.append((proc.stdout.read(size), target))
                proc.stdout.read(1)
                continue
            folder = os.path.dirname(target)
            os.makedirs(folder, exist_ok=True)
            if os.path.realpath(folder) != folder:  # never through a link
                _skip(proc.stdout, size + 1)
                continue
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
            with os.fdopen(fd, "wb") as f:
                left = size
                while left:
                    chunk = proc.stdout.read(min(left, 1 << 20))
                    if not chunk:
                        raise HookError(f"git cat-file: {oid} cut short")
                    f.write(chunk)
                    left -= len(chunk)
            proc.stdout.read(1)  # the newline after each object
        proc.stdin.close()
    for body, target in links:
        folder = os.path.dirname(target)
        if os.path.realpath(folder) == folder and not os.path.lexists(target):
            os.makedirs(folder, exist_ok=True)
            os.symlink(os.fsdecode(body), target)
    return len(entries)


def _listed(commit: str, folders: tuple[str, ...]) -> Iterator[bytes]:
    """The commit's entries under folders (git ls-tree -r -l), read as git writes them and
    at most MAX_TREE_FILES: git keeps a repeated tree once, so a push of a few objects can
    name a billion files, whose listing alone was read whole into memory."""
    argv = git_argv(".", "ls-tree", "-r", "-z", "-l", "--full-tree", commit, "--", *folders, own_bare=True)
    with subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        assert proc.stdout is not None
        count, left = 0, b""
        try:
            while chunk := proc.stdout.read(1 << 16):
                *records, left = (left + chunk).split(b"\0")
                for record in records:
                    count += 1
                    if count > MAX_TREE_FILES:
                        raise HookError(text("hook_tree_too_many", limit=MAX_TREE_FILES))
                    yield record
        finally:
            proc.kill()
    if proc.returncode not in (0, -signal.SIGKILL):
        raise HookError(f"git ls-tree: {commit}")


def _skip(stream: Any, size: int) -> None:
    """size bytes of stream read and dropped (to its end at most)."""
    while size > 0 and (chunk := stream.read(min(size, 1 << 20))):
        size -= len(chunk)


def pushed(lines: list[str], branch: str) -> str | None:
    """The new commit of the deployed branch in a push, if the push updates it."""
    found = None
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[2] == f"refs/heads/{branch}" and parts[1] != ZERO:
            found = parts[1]
    return found


def default_branch(repo: Path) -> str:
    """The branch a repository's HEAD names (main, or master where git's default is older)."""
    try:
        ref = git("symbolic-ref", "--short", "HEAD", cwd=repo).decode().strip()
    except HookError:
        ref = ""
    return ref or "main"


def pre_receive(branch: str, lines: list[str]) -> int:
    """Refuse a push to the deployed branch whose content does not pass `sitegen check`; say
    of every other branch pushed that it is not deployed."""
    for line in lines:
        parts = line.split()
        if len(parts) == 3 and parts[2].startswith("refs/heads/") and parts[2] != f"refs/heads/{branch}":
            other = parts[2].removeprefix("refs/heads/")
            print(text("hook_not_deployed", branch=other, deployed=branch), file=sys.stderr)
    commit = pushed(lines, branch)
    if commit is None:
        return 0
    print(text("hook_checking", branch=branch), file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="sitegen-check-") as tmp:
        try:
            export_tree(commit, Path(tmp))
        except (HookError, OSError) as exc:
            print(f"sitegen: {exc}", file=sys.stderr)
            print(text("hook_refused"), file=sys.stderr)
            return 1
        # paths as the editor knows them (content/…); nothing of the pushed tree is imported
        code = limited_run([*command(), "check", "--content", "content"], Path(tmp), clean_env(), "hook_check_timeout")
    if code != 0:
        print(text("hook_refused"), file=sys.stderr)
        return 1
    print(text("hook_checked"), file=sys.stderr)
    return 0


LOG = "sitegen-deploy.log"  # in the bare repository: every deploy's output, newest last
LAST = "sitegen-last-deploy.json"  # the last deploy's outcome: commit, ok, when
LOG_KEPT = 1 << 20  # bytes of log kept; an older part is moved to sitegen-deploy.log.1


def post_receive(git_dir: Path, branch: str, to: str, lines: list[str]) -> int:
    """Answer the push at once (pre-receive has checked it) and deploy in the background: a
    push waited for the whole build and deploy. The deploy's output goes to the log."""
    commit = pushed(lines, branch)
    if commit is None:
        return 0
    log = git_dir / LOG
    if log.is_file() and log.stat().st_size > LOG_KEPT:
        os.replace(log, log.with_name(f"{LOG}.1"))
    with log.open("a", encoding="utf-8") as out:
        subprocess.Popen(  # its own session: neither the push nor a hangup of it ends the deploy
            [*command(), "hook", "deploy", str(git_dir), branch, to],
            cwd=git_dir,
            env=clean_env(),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    print(text("hook_deploying", commit=commit[:12], log=log), file=sys.stderr)
    return 0


def limited_run(argv: list[str], cwd: Path, env: dict[str, str], timeout_key: str = "hook_deploy_timeout") -> int:
    """The push check or the deploy's build, ended (its whole process group) when it runs past
    its time; its processes' memory and CPU bounded by the kernel (RLIMIT_AS, RLIMIT_CPU).
    timeout_key: the message said when the time is up."""
    seconds = int(os.environ.get("SITEGEN_DEPLOY_SECONDS", DEPLOY_SECONDS))
    memory = int(os.environ.get("SITEGEN_DEPLOY_MB", DEPLOY_MB)) << 20

    def limits() -> None:  # in the child, before sitegen starts
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds))

    proc = subprocess.Popen(argv, cwd=cwd, env=env, preexec_fn=limits, start_new_session=True)
    try:
        return proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        print(
            text(timeout_key, seconds=seconds),
            file=sys.stdout if timeout_key == "hook_deploy_timeout" else sys.stderr,  # the log, or the pusher
            flush=True,
        )
        return 1


def deploy(git_dir: Path, branch: str, to: str) -> int:
    """Build the deployed branch as it is now and release it, one deploy at a time; say in
    the log when it starts and how it ended, and keep the outcome (LAST) for doctor and tools."""
    started = _now()
    print(text("hook_deploy_started", time=started), flush=True)
    rev, code = "", 1
    try:
        with (git_dir / "sitegen-deploy.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # quick pushes queue up; each builds the branch as it is then
            # that very ref: rev-parse of a name no longer there falls back to others spelled
            # like it (refs/heads/refs/heads/main, pushed unchecked beside the branch's deletion)
            rev = git("show-ref", "--verify", "--hash", f"refs/heads/{branch}", cwd=git_dir).decode().strip()
            epoch = git("log", "-1", "--format=%ct", rev, cwd=git_dir).decode().strip()
            with tempfile.TemporaryDirectory(prefix="sitegen-deploy-") as tmp:
                site = Path(tmp) / "site"
                # a clone, not an archive: the colophons name each plan's last commit
                env = clean_env()
                git("clone", "-q", "--no-checkout", str(git_dir), str(site), env=env)
                git("-c", "advice.detachedHead=false", "checkout", "-q", rev, cwd=site, env=env)
                args = ["deploy", "--content", "content", "--to", to, "--revision", rev[:12]]
                args += ["--cache", str(git_dir / "sitegen-cache")]
                # the commit's time is the build date, so a rebuild of it gives the same files;
                # the deploy before this one is said on the site's build-info page
                previous = (git_dir / LAST).read_text(encoding="utf-8") if (git_dir / LAST).is_file() else ""
                epoch_env = clean_env({"SOURCE_DATE_EPOCH": epoch, "SITEGEN_LAST_DEPLOY": previous.strip()})
                code = limited_run([*command(), *args], site, epoch_env)
    except (HookError, OSError) as exc:
        print(f"sitegen: {exc}", flush=True)
    outcome = {"commit": rev, "ok": code == 0, "started": started, "finished": _now(), "log": str(git_dir / LOG)}
    tmp_file = git_dir / f".{LAST}.{os.getpid()}"
    tmp_file.write_text(json.dumps(outcome, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp_file, git_dir / LAST)
    done = "hook_deploy_done" if code == 0 else "hook_deploy_failed"
    print(text(done, commit=rev[:12] or "?", time=outcome["finished"]), flush=True)
    return code


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def main(argv: list[str]) -> int:
    """`sitegen hook pre-receive|post-receive …`, with git's ref lines on standard input."""
    lines = sys.stdin.read().splitlines()
    if argv[0] == "pre-receive":
        return pre_receive(argv[1], lines)
    if argv[0] == "deploy":  # started by post-receive, in the background
        return deploy(Path(argv[1]), argv[2], argv[3])
    return post_receive(Path(argv[1]), argv[2], argv[3], lines)


def installed_env(branch: str, to: Path) -> str:
    """hooks/sitegen.env: what the hook scripts need to start this sitegen isolated."""
    import shlex

    values = {
        "SITEGEN_PYTHON": sys.executable,
        "SITEGEN_ROOT": str(ROOT),
        "SITEGEN_BOOT": BOOT,
        "SITEGEN_BRANCH": branch,
        "SITEGEN_DEPLOY_TO": str(to),
    }
    return "".join(f"{k}={shlex.quote(v)}\n" for k, v in values.items())
