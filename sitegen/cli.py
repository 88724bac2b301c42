"""The `sitegen` command: check, build, serve, new, deploy, install-hooks, schema, fields.

Editors see problems as file:line messages and exit status 1, never a
traceback; anything unexpected is reported as an internal error with a hint
to report it, still without a traceback unless SITEGEN_DEBUG is set.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import gc
import os
import re
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sitegen.messages import text

if TYPE_CHECKING:  # the model (pydantic) loads only when needed: a no-op build stays quick
    from sitegen.content.entries import SiteModel
    from sitegen.engine.fingerprint import Tree
    from sitegen.engine.git import Status
    from sitegen.problems import Problems
    from sitegen.settings import Settings


def _report(problems: Problems, rounding: bool = False) -> None:
    for p in problems.rounded if rounding else []:
        print(p.format(), file=sys.stderr)
    for p in problems.notes:
        print(p.format(), file=sys.stderr)
    for p in problems.errors:
        print(p.format(), file=sys.stderr)
    if problems.errors:
        print(text("summary_errors", count=len(problems.errors)), file=sys.stderr)


def _load(
    content: str,
    refused: str = "",
    cache: Path | None = None,
    rounding: bool = False,
    tree: Tree | None = None,
    git: Status | None = None,
) -> tuple[SiteModel | None, Problems]:
    """Load and report; None when the content has errors. cache: keep parsed files there;
    tree: the content as the command walked it already; git: its status, asked already."""
    from sitegen.content.loader import Loader
    from sitegen.problems import ContentError

    loader = Loader(Path(content), cache, tree=tree, git=git)
    try:
        site = loader.load()
    except ContentError as exc:
        _report(exc.problems, rounding)
        if refused:
            print(refused, file=sys.stderr)
        return None, exc.problems
    _report(loader.problems, rounding)
    return site, loader.problems


def cmd_check(args: argparse.Namespace) -> int:
    site, problems = _load(args.content, rounding=args.rounding)
    if site is None:
        return 1
    if problems.rounded and not args.rounding:
        print(text("check_rounded", count=len(problems.rounded)))
    from sitegen.content.entries import kept_len

    editions = site.all_editions()
    plans = site.all_plans()  # a performance plan's programmes are its detail programmes, as its pages count them
    counts = {
        "councils": len(site.councils),
        "plans": len(plans),
        "programmes": sum(p.programme_count() for p in plans),
    }
    counts |= {"editions": len(editions), "articles": sum(kept_len(e, "articles") for e in editions)}
    print(text("check_ok", **counts, notes=len(problems.notes)))
    return 0


def settings_of(args: argparse.Namespace) -> Settings | None:
    """The command's settings (sitegen/settings.py); None, after saying which flag is wrong."""
    from sitegen.settings import Settings, SettingsError

    given = {k: getattr(args, k, None) for k in ("cache", "theme", "base_url", "outputs")}
    try:
        return Settings.resolve(args.content, given["cache"], given["theme"], given["base_url"], given["outputs"])
    except SettingsError as exc:
        keys = ("base_url_expected", "cache_protected", "cache_not_ours")
        expected = text(exc.expected) if exc.expected in keys else exc.expected
        print(f"{exc.flag}: {text('found')}: {exc.found} / {text('expected')}: {expected}", file=sys.stderr)
        return None


def content_tree(content: Path) -> Tree | None:
    """The content folder walked once for the command (fingerprint.Tree); None when it is not
    a folder, or is a link to one: the loader refuses that before reading anything through it."""
    from sitegen.engine.fingerprint import Tree

    return Tree(content) if content.is_dir() and not content.is_symlink() else None


def configured(site: SiteModel, settings: Settings) -> SiteModel:
    """The site with the flags' values over site.yaml's."""
    if overrides := settings.overrides():
        site.config = site.config.model_copy(update=overrides)
    return site


def claimed(out: Path, content: Path) -> bool:
    """Whether out may be written (sitegen's own or empty); False after saying why."""
    from sitegen.engine.writer import OutputRefused, claim

    try:
        claim(out, [content, content.resolve().parent])
    except OutputRefused as exc:
        print(f"{text('severity_error')}: {exc}", file=sys.stderr)
        return False
    return True


def uncollected(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The command runs without cycle collection until what it loaded is kept (cachefiles.loaded_kept):
    until then it makes the modules it imports and the site it loads, which live as long as
    the command, and collections as they were made looked at them again and again (a large
    share of an edit's build's collections on a big site; benchmarks/README.md). The
    workers it forks collect their own (workers._work)."""

    @functools.wraps(command)
    def run(args: argparse.Namespace) -> int:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return command(args)
        finally:
            if enabled:
                gc.enable()

    return run


@uncollected
def cmd_build(args: argparse.Namespace) -> int:
    from sitegen.engine.cachefiles import loaded_kept
    from sitegen.engine.fingerprint import BuildState, inputs
    from sitegen.engine.git import ask_status
    from sitegen.engine.writer import tidy

    settings = settings_of(args)
    if settings is None:
        return 1
    shard = None
    if args.shard:
        found = re.fullmatch(r"(\d+)/(\d+)", args.shard)
        if not found or not 1 <= int(found[1]) <= int(found[2]):
            print(
                f"--shard: {text('found')}: {args.shard} / {text('expected')}: {text('shard_expected')}",
                file=sys.stderr,
            )
            return 1
        shard = (int(found[1]), int(found[2]))
    out = Path(args.out)
    if not claimed(out, settings.content):
        return 1
    options = {k: getattr(args, k) for k in ("base_url", "outputs", "shard", "theme")}
    tidy(out.resolve())
    # once each: the no-op check, the loader and the pages' revisions read them; git looks
    # at the content's files while this process walks them
    with ask_status(settings.content) as asked:
        tree = content_tree(settings.content)
        seen = asked()
    from sitegen.engine.lookahead import looked_ahead

    # on the core the no-op check and the load leave idle (stopped if there is nothing to do)
    with looked_ahead(settings.cache, out) as ahead:
        state = BuildState(settings.cache, out)
        # no content folder, or a link to one: not looked into (the loader says what is wrong)
        fingerprint = inputs(settings.content, settings.theme_roots(), options, seen, tree) if tree else ""
        if fingerprint and state.unchanged(fingerprint):
            print(text("build_unchanged", files=state.files(), out=args.out))
            return 0
        from sitegen.build import Shard, build

        site, _ = _load(args.content, refused=text("build_refused"), cache=settings.cache, tree=tree, git=seen)
        del tree  # its entries are not needed past the load
        if site is None:
            return 1
        with loaded_kept():
            part = Shard(*shard) if shard else None
            built = build(configured(site, settings), out, settings, part, seen=seen, ahead=ahead)
    state.record(fingerprint, built.count, built.folders, built.stamps)
    print(text("build_ok", files=built.count, out=args.out))
    return 0


def cmd_merge(args: argparse.Namespace) -> int:
    from sitegen.build import MANIFEST, ShardRefused, merge
    from sitegen.settings import CACHE_ENV

    shards = [Path(d) for d in args.shards]
    missing = [str(d) for d in shards if not (d / MANIFEST).is_file()]
    if missing:
        print(text("merge_not_shard", paths=", ".join(missing), manifest=MANIFEST), file=sys.stderr)
        return 1
    import tempfile
    from dataclasses import replace

    settings = settings_of(args)
    if settings is None or not claimed(Path(args.out), settings.content):
        return 1
    named = bool(args.cache or os.environ.get(CACHE_ENV))  # a cache named: its parses and councils taken
    site, _ = _load(args.content, refused=text("build_refused"), cache=settings.cache if named else None)
    if site is None:
        return 1
    with tempfile.TemporaryDirectory(prefix="sitegen-merge-") as empty:
        if not named:
            # not this machine's warm cache: what the shards did not make is made here, and said
            settings = replace(settings, cache=Path(empty))
        try:
            count = merge(configured(site, settings), shards, Path(args.out), settings)
        except ShardRefused as exc:
            print(exc, file=sys.stderr)
            return 1
    print(text("build_ok", files=count, out=args.out))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from sitegen.workflow.serve import serve

    settings = settings_of(args)
    if settings is None:
        return 1
    if not (settings.content / "site.yaml").is_file():
        print(text("serve_no_site", path=settings.content / "site.yaml"), file=sys.stderr)
        return 1
    out = Path(args.out) if args.out else None
    if out is not None and not claimed(out, settings.content):
        return 1
    if not port_free(args.host, args.port):  # said before the first build, not after it
        print(text("serve_port_busy", host=args.host, port=args.port, other=args.port + 1), file=sys.stderr)
        return 1
    return serve(settings, args.host, args.port, out)


def port_free(host: str, port: int) -> bool:
    """Whether the preview could listen there (as its server binds: address reuse on, so a
    port left in TIME_WAIT counts as free, one that something listens on does not)."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return True  # the server says what is wrong with the name
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(address)
            except OSError:
                return False
    return True


def cmd_new(args: argparse.Namespace) -> int:
    from sitegen.workflow.scaffold import Scaffold, ScaffoldError, new_site

    settings = settings_of(args)
    if settings is None:
        return 1
    content = settings.content
    themes = settings.theme_dirs("default")
    try:
        if args.kind == "site":
            made = new_site(Path(args.dir), themes)
        else:
            scaffold = Scaffold(themes, content)
            if args.kind == "council":
                made = scaffold.council(args.slug, args.name, args.level, args.parent)
            elif args.kind == "plan":
                made = scaffold.plan(args.council, args.year, args.department)
            elif args.kind == "programme":
                made = scaffold.programme(args.council, args.year, args.slug, args.title)
            elif args.kind == "edition":
                made = scaffold.edition(args.council, args.publication, args.slug, args.name, args.date, args.title)
            else:
                made = scaffold.article(args.council, args.publication, args.edition, args.slug, args.title)
    except ScaffoldError as exc:
        print(f"{text('severity_error')}: {exc}", file=sys.stderr)
        return 1
    for path in made.files:
        print(text("new_wrote", path=path))
    for path in made.changed:
        print(text("new_changed", path=path))
    for step in made.next_steps:
        print(step)
    return 0


@uncollected
def cmd_deploy(args: argparse.Namespace) -> int:
    from sitegen.build import build
    from sitegen.engine.cachefiles import loaded_kept
    from sitegen.engine.git import ask_status
    from sitegen.engine.lookahead import looked_ahead
    from sitegen.workflow import deploy

    try:
        if args.to:
            deploy.claim_target(Path(args.to), Path(args.content))
        if args.rollback:
            if not args.to:
                print(text("deploy_rollback_needs_to"), file=sys.stderr)
                return 1
            name = deploy.rollback(Path(args.to))
            print(text("deploy_rolled_back", name=name, to=args.to))
            return 0
        if bool(args.to) == bool(args.git):
            print(text("deploy_target"), file=sys.stderr)
            return 1
        settings = settings_of(args)
        # the cache as a build takes it: parses and councils kept (each deploy parsed the whole site)
        if settings is None:
            return 1
        # one deploy at a time from here; the look at the last build's files begun beside the
        # load, and git's at the content's
        release = deploy.release_look(Path(args.to)) if args.to else None
        with deploy.built(settings.cache) as out, looked_ahead(settings.cache, out, release) as ahead:
            named = deploy.ask_revision(Path(args.content))  # git's commands run beside the load
            with ask_status(settings.content) as asked:
                tree = content_tree(settings.content)  # one walk: links refused, councils' keys
                seen = asked()  # before the load: the councils' keys take the blobs git vouches for
            site, _ = _load(args.content, refused=text("deploy_refused"), cache=settings.cache, tree=tree, git=seen)
            del tree
            name, edits = named()  # git waited for, whatever the load found
            if site is None:
                return 1
            if edits and not args.revision:  # what is released is not what is committed: said, not hidden
                shown = ", ".join(line[3:] for line in edits[:5]) + (" …" if len(edits) > 5 else "")
                print(text("deploy_uncommitted", count=len(edits), files=shown, name=name), file=sys.stderr)
            name = args.revision or name
            with loaded_kept():
                built = build(configured(site, settings), out, settings, seen=seen, ahead=ahead)
                if args.to:
                    name = deploy.to_folder(out, Path(args.to), name, args.keep, ahead, built.touched)
                    print(text("deploy_done", name=name, to=Path(args.to) / deploy.CURRENT))
                else:
                    commit = deploy.to_branch(out, args.git, args.branch, text("deploy_message", name=name))
                    print(text("deploy_pushed", remote=args.git, branch=args.branch, commit=commit[:12]))
    except deploy.DeployError as exc:
        print(f"{text('severity_error')}: {exc}", file=sys.stderr)
        return 1
    return 0


def cmd_install_hooks(args: argparse.Namespace) -> int:
    import shutil

    from sitegen.workflow.hooks import default_branch, installed_env
    from sitegen.workflow.scaffold import SITE_FILES

    hooks = Path(args.repo) / "hooks"
    if not hooks.is_dir():
        print(text("hooks_not_repo", path=args.repo), file=sys.stderr)
        return 1
    for name in ("pre-receive", "post-receive"):
        shutil.copy2(SITE_FILES / "hooks" / name, hooks / name)
        (hooks / name).chmod(0o755)
    to = Path(args.to).resolve()
    branch = args.branch or default_branch(Path(args.repo))
    (hooks / "sitegen.env").write_text(installed_env(branch, to), encoding="utf-8")
    print(text("hooks_installed", path=hooks, to=to, branch=branch))
    return 0


def cmd_doctor(args: argparse.Namespace) -> int:
    from sitegen.workflow.doctor import FAIL, examine

    settings = settings_of(args)
    if settings is None:
        return 1
    findings = examine(settings, Path(args.repo) if args.repo else None, Path(args.to) if args.to else None)
    for finding in findings:
        print(finding.line())
    failed = sum(f.status == FAIL for f in findings)
    print(text("doctor_failed", count=failed) if failed else text("doctor_all_well"))
    return 1 if failed else 0


def cmd_hook(args: argparse.Namespace) -> int:
    from sitegen.workflow.hooks import main as hook

    return hook([args.name, *args.args])


def cmd_schema(args: argparse.Namespace) -> int:
    from sitegen.content.schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    from sitegen.content.schema import field_reference

    Path(args.out).write_text(field_reference() + "\n", encoding="utf-8")
    print(args.out)
    return 0


class VersionAction(argparse.Action):
    """--version: sitegen's own (pyproject.toml takes the distribution's from it)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        from sitegen import __version__

        print(f"sitegen {__version__}")
        parser.exit()


def build_options(p: argparse.ArgumentParser, out: bool = True) -> argparse.ArgumentParser:
    """The options of every command that builds: build, merge, deploy."""
    p.add_argument("--content", default="content", help=text("cli_content"))
    if out:
        p.add_argument("--out", default="build", help=text("cli_out"))
    p.add_argument("--theme", default=None, help=text("cli_theme"))
    p.add_argument("--base-url", default=None, help=text("cli_base_url"))
    p.add_argument("--outputs", default=None, help=text("cli_outputs"))
    p.add_argument("--cache", default=None, help=text("cli_cache"))
    return p


def disk_space(filename: object) -> dict[str, str]:
    """The folder a write failed in, and how much room its disk has left."""
    folder = Path(str(filename or ".")).parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free = shutil.disk_usage(folder).free
    return {"folder": str(folder), "free": f"{free / 1e6:,.0f} MB"}


def template_at(exc: BaseException) -> str:
    """Where in a theme template an error arose (file:line), from its traceback, or from the
    traceback text a worker process sent back with it."""
    import traceback

    frames = [
        f"{f.filename}:{f.lineno}" for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".html")
    ]
    frames += re.findall(r'File "([^"]+\.html)", line (\d+)', str(exc.__cause__ or ""))
    if not frames:
        return "?"
    last = frames[-1] if isinstance(frames[-1], str) else ":".join(frames[-1])
    path, _, line = last.rpartition(":")
    shown = os.path.relpath(path) if not os.path.relpath(path).startswith("..") else path
    return f"{shown}:{line}"


# argparse's own English, as editors read it (its messages by their English pattern). Where
# the locale is English (LANG=en…), argparse speaks English as it does.
ARGPARSE = (
    (r"the following arguments are required: (.*)", "argparse_required"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", "argparse_choice"),
    (r"unrecognized arguments: (.*)", "argparse_unknown"),
    (r"argument (\S+): expected one argument", "argparse_one"),
    (r"argument (\S+): invalid (\w+) value: (.*)", "argparse_type"),
)


TYPES = {"int": "정수", "float": "수"}  # in "invalid int value"


def english() -> bool:
    """Whether messages are in English (sitegen/messages.py: by the locale)."""
    from sitegen.messages import language

    return language() == "en"


class HelpFormatter(argparse.HelpFormatter):
    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None or english() else text("cli_usage"))


class Parser(argparse.ArgumentParser):
    """argparse in the editor's language: usage, section titles, -h and errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        korean = not english()
        kwargs.setdefault("formatter_class", HelpFormatter)
        kwargs.setdefault("add_help", not korean)
        super().__init__(*args, **kwargs)
        if korean:
            self._positionals.title = text("cli_positionals")
            self._optionals.title = text("cli_optionals")
            self.add_argument("-h", "--help", action="help", help=text("cli_help"))

    def error(self, message: str) -> NoReturn:
        if not english():
            for pattern, key in ARGPARSE:
                found = re.fullmatch(pattern, message)
                if found:
                    said = [TYPES.get(v, v) for v in found.groups()]
                    message = text(key, **{f"a{i}": v for i, v in enumerate(said)})
                    break
            self.print_usage(sys.stderr)
            self.exit(2, f"{self.prog}: {text('severity_error')}: {message}\n")
        super().error(message)


def main(argv: list[str] | None = None) -> int:
    return run(parser(), argv)


def entry() -> NoReturn:
    """The `sitegen` command: main, then the process ends without the interpreter's teardown.
    A build holds the loaded site and its caches, hundreds of thousands of small objects;
    freeing them one by one at exit took a quarter of a second of CI's push path at national
    scale (issue 23), for memory the process gives back whole. Everything is written and
    closed by then (files and pools in with-blocks, staging switched in); only the standard
    streams are still buffered."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`sitegen … | head`)
            stream.flush()
    os._exit(code)


def parser() -> argparse.ArgumentParser:
    """The command line, in the editor's language. Made once a process by main; a caller that
    runs many commands in one process (the tests' generated cases) makes it once for all."""
    parser: argparse.ArgumentParser = Parser(prog="sitegen", description=text("cli_description"))
    parser.add_argument("--version", action=VersionAction, nargs=0, help=text("cli_version"))
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help=text("cli_check"))
    p.add_argument("--content", default="content", help=text("cli_content"))
    p.add_argument("--rounding", action="store_true", help=text("cli_rounding"))
    p.set_defaults(func=cmd_check)
    p = build_options(sub.add_parser("build", help=text("cli_build")))
    p.add_argument("--shard", default=None, help=text("cli_shard"))
    p.set_defaults(func=cmd_build)
    p = build_options(sub.add_parser("merge", help=text("cli_merge")))
    p.add_argument("shards", nargs="+", help=text("cli_merge_shards"))
    p.set_defaults(func=cmd_merge)
    p = sub.add_parser("serve", help=text("cli_serve"))
    p.add_argument("--content", default="content", help=text("cli_content"))
    p.add_argument("--theme", default=None, help=text("cli_theme"))
    p.add_argument("--host", default="127.0.0.1", help=text("cli_host"))
    p.add_argument("--port", type=int, default=8000, help=text("cli_port"))
    p.add_argument("--out", default=None, help=text("cli_serve_out"))
    p.add_argument("--cache", default=None, help=text("cli_cache"))
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("new", help=text("cli_new"))
    kinds = p.add_subparsers(dest="kind", required=True)
    k = kinds.add_parser("council", help=text("cli_new_council"))
    k.add_argument("slug")
    k.add_argument("--name", required=True)
    k.add_argument("--level", default="구")
    k.add_argument("--parent", default="")
    k = kinds.add_parser("plan", help=text("cli_new_plan"))
    k.add_argument("council")
    k.add_argument("year", type=int)
    k.add_argument("--department", default="홍보담당관")
    k = kinds.add_parser("programme", help=text("cli_new_programme"))
    k.add_argument("council")
    k.add_argument("year", type=int)
    k.add_argument("slug")
    k.add_argument("title")
    k = kinds.add_parser("edition", help=text("cli_new_edition"))
    k.add_argument("council")
    k.add_argument("publication")
    k.add_argument("slug")
    k.add_argument("--date", required=True)
    k.add_argument("--title", required=True)
    k.add_argument("--name", default="소식지", help=text("cli_new_pub_name"))
    k = kinds.add_parser("article", help=text("cli_new_article"))
    k.add_argument("council")
    k.add_argument("publication")
    k.add_argument("edition")
    k.add_argument("slug")
    k.add_argument("title")
    k = kinds.add_parser("site", help=text("cli_new_site"))
    k.add_argument("dir")
    for k in kinds.choices.values():
        k.add_argument("--content", default="content", help=text("cli_content"))
        k.add_argument("--theme", default=None, help=text("cli_theme"))
    p.set_defaults(func=cmd_new)
    p = build_options(sub.add_parser("deploy", help=text("cli_deploy")), out=False)
    p.add_argument("--to", default=None, help=text("cli_deploy_to"))
    p.add_argument("--git", default=None, help=text("cli_deploy_git"))
    p.add_argument("--branch", default="gh-pages", help=text("cli_deploy_branch"))
    p.add_argument("--keep", type=int, default=5, help=text("cli_deploy_keep"))
    p.add_argument("--rollback", action="store_true", help=text("cli_deploy_rollback"))
    p.add_argument("--revision", default=None, help=text("cli_deploy_revision"))
    p.set_defaults(func=cmd_deploy)
    p = sub.add_parser("install-hooks", help=text("cli_install_hooks"))
    p.add_argument("repo")
    p.add_argument("--to", required=True, help=text("cli_deploy_to"))
    p.add_argument("--branch", default=None, help=text("cli_hooks_branch"))
    p.set_defaults(func=cmd_install_hooks)
    p = sub.add_parser("hook", help=text("cli_hook"))
    p.add_argument("name", choices=["pre-receive", "post-receive", "deploy"])
    p.add_argument("args", nargs="*")
    p.set_defaults(func=cmd_hook)
    p = sub.add_parser("doctor", help=text("cli_doctor"))
    p.add_argument("--content", default="content", help=text("cli_content"))
    p.add_argument("--theme", default=None, help=text("cli_theme"))
    p.add_argument("--cache", default=None, help=text("cli_cache"))
    p.add_argument("--repo", default=None, help=text("cli_doctor_repo"))
    p.add_argument("--to", default=None, help=text("cli_deploy_to"))
    p.set_defaults(func=cmd_doctor)
    p = sub.add_parser("schema", help=text("cli_schema"))
    p.add_argument("--out", default="schemas", help=text("cli_out"))
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("fields", help=text("cli_fields"))
    p.add_argument("--out", default="docs/fields.md", help=text("cli_out_file"))
    p.set_defaults(func=cmd_fields)
    return parser


def run(parser: argparse.ArgumentParser, argv: list[str] | None = None) -> int:
    args = parser.parse_args(argv)

    def terminated(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # SIGTERM as Ctrl+C: staging folders removed, previous output kept

    signal.signal(signal.SIGTERM, terminated)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print(text("interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # the editor gets a sentence, the developer can ask for the trace
        if os.environ.get("SITEGEN_DEBUG"):
            raise
        from jinja2.exceptions import SecurityError

        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            where = exc.filename or getattr(args, "out", None) or getattr(args, "to", None)  # write() names none
            print(text("disk_full", **disk_space(where)), file=sys.stderr)
            return 1
        from sitegen.outputs.strings import ThemeFileError

        if isinstance(exc, ThemeFileError):  # a theme's strings file: its lines, as content's
            for problem in exc.problems:
                print(problem.format(), file=sys.stderr)
            print(text("build_refused"), file=sys.stderr)
            return 1
        if isinstance(exc, SecurityError):  # a theme template reached for what the sandbox keeps
            print(text("theme_unsafe", where=template_at(exc), detail=str(exc)), file=sys.stderr)
            return 1
        print(text("internal_error", detail=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 2


if __name__ == "__main__":
    entry()
