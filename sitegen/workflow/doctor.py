"""`sitegen doctor`: what this machine and this site need, checked, with what to do for each.

An editor or operator who meets an error they cannot place (a PDF that will not
build, a push that never went live) runs one command and reads, line by line,
what is in order and what is not, each problem with the step that fixes it.
Nothing is changed: every check only looks.
"""

from __future__ import annotations

import difflib
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sitegen.engine.git import git_argv
from sitegen.messages import text
from sitegen.settings import Settings

OK = "ok"
WARN = "warn"  # works, with something missing
FAIL = "fail"  # will not work


@dataclass(frozen=True)
class Finding:
    status: str  # OK, WARN (works, but something is missing) or FAIL (something will not work)
    what: str  # what was checked, and what was found
    todo: str = ""  # what to do about it

    def line(self) -> str:
        mark = {OK: "✔", WARN: "!", FAIL: "✘"}[self.status]
        return f"{mark} {self.what}" + (f"\n    → {self.todo}" if self.todo else "")


def python() -> Finding:
    """Said for the record: an older Python cannot install or start this sitegen at all."""
    return Finding(OK, text("doctor_python", version=".".join(map(str, sys.version_info[:3]))))


def weasyprint() -> Finding:
    """PDFs need Pango through WeasyPrint: a missing system library fails on import."""
    from sitegen.outputs.pdf.libraries import weasyprint as load

    try:
        wp = load()
    except (ImportError, OSError) as exc:
        error = str(exc).splitlines()[0]
        return Finding(FAIL, text("doctor_weasyprint_missing", error=error), text("doctor_pango_todo"))
    return Finding(OK, text("doctor_weasyprint", version=wp.__version__))


def fonts(settings: Settings, theme: str) -> Finding:
    from fontTools.ttLib import TTFont

    from sitegen.outputs.fonts import theme_fonts

    found = theme_fonts(settings.theme_dirs(theme))
    if not found:
        return Finding(FAIL, text("doctor_fonts_none"), text("doctor_fonts_todo"))
    for path in found.values():
        try:
            TTFont(str(path), lazy=True).close()
        except Exception as exc:  # a damaged or misnamed file
            return Finding(FAIL, text("doctor_font_broken", path=path, error=exc), text("doctor_fonts_todo"))
    return Finding(OK, text("doctor_fonts", names=", ".join(sorted(found))))


def git(content: Path) -> Finding:
    if shutil.which("git") is None:
        return Finding(WARN, text("doctor_git_missing"), text("doctor_git_todo"))
    inside = subprocess.run(git_argv(content, "rev-parse", "--show-toplevel"), capture_output=True, text=True)
    if inside.returncode != 0:
        return Finding(WARN, text("doctor_not_in_git", path=content), text("doctor_not_in_git_todo"))
    return Finding(OK, text("doctor_git", root=inside.stdout.strip()))


def site(settings: Settings) -> tuple[Finding, str]:
    """The content checked as `sitegen check` checks it; and the theme's name it gives."""
    from sitegen.content.loader import Loader
    from sitegen.problems import ContentError

    if not (settings.content / "site.yaml").is_file():
        return Finding(FAIL, text("serve_no_site", path=settings.content / "site.yaml"), text("doctor_site_todo")), ""
    loader = Loader(settings.content)
    try:
        loaded = loader.load()
    except ContentError as exc:
        count = len(exc.problems.errors)
        return Finding(FAIL, text("doctor_content_errors", count=count), text("doctor_content_todo")), ""
    plans = len(loaded.all_plans())
    return Finding(OK, text("doctor_content", councils=len(loaded.councils), plans=plans)), loaded.config.theme


def cache(folder: Path) -> Iterator[Finding]:
    if not folder.exists():
        yield Finding(OK, text("doctor_cache_none", path=folder))
        return
    if not os.access(folder, os.W_OK):
        yield Finding(FAIL, text("doctor_cache_readonly", path=folder), text("doctor_cache_todo", path=folder))
        return
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    yield Finding(OK, text("doctor_cache", path=folder, mb=round(size / 1e6, 1)))
    db = folder / "markdown" / "markdown.sqlite"
    if db.is_file():
        try:
            with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
                healthy = conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        except sqlite3.DatabaseError:
            healthy = False
        if not healthy:
            yield Finding(WARN, text("doctor_cache_damaged", path=db), text("doctor_cache_damaged_todo"))


# what `sitegen new site` writes for a site's CI (sitegen/site_files/), by path in the site
CI_FILES = (".github/workflows/sitegen.yml", ".gitlab-ci.yml")


def site_ci(root: Path) -> Iterator[Finding]:
    """The CI files `sitegen new site` wrote into the site's folder (root), against what this
    version writes. A site keeps the files of the version it was made with: one made before
    the workflow kept the output with the cache builds every page again on every push, and
    one pinned to an older version builds with that version (CHANGELOG.md). A file is taken
    as sitegen's by its first line, which every version's has had; another CI file of the
    same name (a project's own) is not looked at."""
    from sitegen.workflow.scaffold import PINNED, SITE_FILES, requirement

    for rel in CI_FILES:
        theirs = _ci_file(root / rel)
        template = (SITE_FILES / rel).read_text(encoding="utf-8")
        if theirs is None or theirs.partition("\n")[0] != template.partition("\n")[0]:
            continue
        ours = template.replace(PINNED, requirement())
        if theirs.rstrip() == ours.rstrip():  # an editor's last newline added or taken away: the same
            yield Finding(OK, text("doctor_ci", path=rel))
            continue
        # the same file but for the version it installs: the pins read from where PINNED stands,
        # as a requirement is spelled (nothing that would reach the terminal as a control)
        pattern = re.escape(template.rstrip()).replace(re.escape(PINNED), r"([A-Za-z0-9._\[\],<>=!~+-]+)")
        if found := re.fullmatch(pattern, theirs.rstrip()):
            pins = ", ".join(sorted(set(found.groups())))
            yield Finding(
                WARN,
                text("doctor_ci_pinned", path=rel, theirs=pins, ours=requirement()),
                text("doctor_ci_pinned_todo", path=rel, ours=requirement()),
            )
            continue
        # lines changed: a line replaced counts once, as a diff tool's summary counts it
        changes = difflib.SequenceMatcher(None, theirs.splitlines(), ours.splitlines(), autojunk=False)
        lines = sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in changes.get_opcodes() if tag != "equal")
        yield Finding(WARN, text("doctor_ci_old", path=rel, lines=lines), text("doctor_ci_old_todo", path=rel))


CI_FILE_MAX = 256 * 1024  # bytes: far above any CI file; a bigger one is not sitegen's


def _ci_file(path: Path) -> str | None:
    """The file's text when it is a regular file (not a link, a pipe or a device: a push may
    make one of those) of at most CI_FILE_MAX bytes, in UTF-8; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > CI_FILE_MAX:
            return None
        with open(fd, "rb", closefd=False) as f:
            # as text is read: a checkout with Windows line ends is the same file
            return f.read(CI_FILE_MAX + 1).decode("utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None
    finally:
        os.close(fd)


def hooks(repo: Path) -> Finding:
    env = repo / "hooks" / "sitegen.env"
    if not (repo / "hooks" / "post-receive").is_file() or not env.is_file():
        return Finding(FAIL, text("doctor_hooks_missing", repo=repo), text("doctor_hooks_todo", repo=repo))
    values = dict(line.split("=", 1) for line in env.read_text(encoding="utf-8").splitlines() if "=" in line)
    branch = values.get("SITEGEN_BRANCH", "?").strip("'")
    to = values.get("SITEGEN_DEPLOY_TO", "?").strip("'")
    return Finding(OK, text("doctor_hooks", branch=branch, to=to))


def last_deploy(repo: Path) -> Finding | None:
    """The background deploy's last outcome, as the hook left it (sitegen/workflow/hooks.py)."""
    import json

    from sitegen.workflow.hooks import LAST

    try:
        outcome = json.loads((repo / LAST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    commit = str(outcome.get("commit", ""))[:12]
    if outcome.get("ok"):
        return Finding(OK, text("doctor_deploy_ok", commit=commit, time=outcome.get("finished", "")))
    return Finding(WARN, text("doctor_deploy_failed", commit=commit), text("doctor_deploy_log", log=outcome.get("log")))


def deploy_target(to: Path) -> Finding:
    folder = to if to.exists() else to.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK | os.X_OK):
        return Finding(FAIL, text("doctor_deploy_readonly", path=to), text("doctor_deploy_todo", path=to))
    return Finding(OK, text("doctor_deploy", path=to))


def examine(settings: Settings, repo: Path | None = None, to: Path | None = None) -> list[Finding]:
    """Every check, in the order a build meets them."""
    findings = [python(), weasyprint()]
    content, theme = site(settings)
    findings += [fonts(settings, theme or "default"), git(settings.content), content, *cache(settings.cache)]
    findings += site_ci(settings.content.parent)
    checks: list[Callable[[], Finding]] = []
    if repo is not None:
        checks.append(lambda: hooks(repo))
        if (found := last_deploy(repo)) is not None:
            checks.append(lambda: found)
    if to is not None:
        checks.append(lambda: deploy_target(to))
    return findings + [check() for check in checks]
