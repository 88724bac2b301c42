"""The `sitegen` command: check, build, schema.

Editors see problems as file:line messages and exit status 1, never a
traceback; anything unexpected is reported as an internal error with a hint
to report it, still without a traceback unless SITEGEN_DEBUG is set.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from sitegen.messages import text
from sitegen.model.site import BASE_URL, OUTPUTS
from sitegen.problems import ContentError, Problems
from sitegen.structure import SiteModel


def _report(problems: Problems) -> None:
    for p in problems.notes:
        print(p.format(), file=sys.stderr)
    for p in problems.errors:
        print(p.format(), file=sys.stderr)
    if problems.errors:
        print(text("summary_errors", count=len(problems.errors)), file=sys.stderr)


def _load(content: str, refused: str = "") -> tuple[SiteModel | None, Problems]:
    """Load and report; None when the content has errors."""
    from sitegen.loader import Loader

    loader = Loader(Path(content))
    try:
        site = loader.load()
    except ContentError as exc:
        _report(exc.problems)
        if refused:
            print(refused, file=sys.stderr)
        return None, exc.problems
    _report(loader.problems)
    return site, loader.problems


def cmd_check(args: argparse.Namespace) -> int:
    site, problems = _load(args.content)
    if site is None:
        return 1
    counts = {"councils": len(site.councils), "plans": len(site.all_plans())}
    print(text("check_ok", **counts, programmes=len(site.all_programmes()), notes=len(problems.notes)))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from sitegen.build import build

    site, _ = _load(args.content, refused=text("build_refused"))
    if site is None:
        return 1
    if args.base_url is not None:  # where this build will be served, as Hugo's --baseURL
        if not re.fullmatch(BASE_URL, args.base_url):
            print(
                f"--base-url: {text('found')}: {args.base_url} / {text('expected')}: {text('base_url_expected')}",
                file=sys.stderr,
            )
            return 1
        site.config = site.config.model_copy(update={"base_url": args.base_url})
    if args.outputs is not None:
        wanted = [o.strip() for o in args.outputs.split(",") if o.strip()]
        unknown = [o for o in wanted if o not in OUTPUTS]
        if unknown:
            print(
                f"--outputs: {text('found')}: {', '.join(unknown)} / {text('expected')}: {', '.join(OUTPUTS)}",
                file=sys.stderr,
            )
            return 1
        site.config = site.config.model_copy(update={"outputs": wanted})
    cache = Path(args.cache or os.environ.get("SITEGEN_CACHE") or site.root.parent / ".sitegen-cache")
    count = build(site, Path(args.out), Path(args.theme) if args.theme else None, cache)
    print(text("build_ok", files=count, out=args.out))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from sitegen.schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def cmd_fields(args: argparse.Namespace) -> int:
    from sitegen.schema import field_reference

    Path(args.out).write_text(field_reference() + "\n", encoding="utf-8")
    print(args.out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="sitegen", description=text("cli_description"))
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help=text("cli_check"))
    p.add_argument("--content", default="content", help=text("cli_content"))
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help=text("cli_build"))
    p.add_argument("--content", default="content", help=text("cli_content"))
    p.add_argument("--out", default="build", help=text("cli_out"))
    p.add_argument("--theme", default=None, help=text("cli_theme"))
    p.add_argument("--base-url", default=None, help=text("cli_base_url"))
    p.add_argument("--outputs", default=None, help=text("cli_outputs"))
    p.add_argument("--cache", default=None, help=text("cli_cache"))
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("schema", help=text("cli_schema"))
    p.add_argument("--out", default="schemas", help=text("cli_out"))
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("fields", help=text("cli_fields"))
    p.add_argument("--out", default="docs/fields.md", help=text("cli_out_file"))
    p.set_defaults(func=cmd_fields)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        print(text("interrupted"), file=sys.stderr)
        return 130
    except Exception as exc:  # the editor gets a sentence, the developer can ask for the trace
        if os.environ.get("SITEGEN_DEBUG"):
            raise
        print(text("internal_error", detail=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
