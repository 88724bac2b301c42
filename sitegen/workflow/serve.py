"""`sitegen serve`: a live preview for editors.

Builds the web pages into a preview folder, serves only that folder on
loopback, watches content/, the theme and the config, rebuilds on a change
and reloads the browser (livereload). A change that breaks validation keeps
the last good build on every URL and puts the problems, as the terminal
prints them, at the top of whatever page is open; fixing it reloads again.

livereload injects its reload snippet as an inline script; the pages' own
Content-Security-Policy forbids inline scripts, so the preview adds that one
snippet's hash to script-src (the built site is untouched).
"""

from __future__ import annotations

import base64
import gc
import hashlib
import logging
import mimetypes
import re
import shutil
import signal
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from sitegen.messages import text
from sitegen.problems import ContentError

if TYPE_CHECKING:
    from sitegen.content.loader import Kept
    from sitegen.settings import Settings

PANEL_CSS = b""".sitegen-preview-errors{position:sticky;top:0;z-index:1000;margin:0;padding:1rem 1.25rem;
background:#fff4f4;color:#5c0000;border-bottom:4px solid #b00020;font:1rem/1.5 sans-serif}
.sitegen-preview-errors h2{margin:0 0 .5rem;font-size:1.1rem}
.sitegen-preview-errors pre{margin:0;white-space:pre-wrap;word-break:break-all;font:.9rem/1.5 monospace}
"""
PANEL_CSS_URL = "/__sitegen/preview-errors.css"
STEP_MS = 5  # once the file system tells of a change, how long to wait for the rest of a save
LOOK_MS = 500  # how often to look for a watched folder made after the preview started
CSP = re.compile(rb'(<meta http-equiv="Content-Security-Policy" content="[^"]*script-src )')

# Before the first good build there is no page to put the problems on: this one carries them.
EMPTY_PAGE = (
    b'<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>sitegen</title></head><body></body></html>'
)
Respond = Callable[[str, list[tuple[str, str]]], object]


def building_page() -> bytes:
    """Answered while the first build runs: the server listens at once, and this page reloads
    itself (livereload when the build ends; a meta refresh where scripts do not run)."""
    title, body = escape(text("serve_building_title")), escape(text("serve_building_body"))
    return (
        f'<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title></head>'
        f"<body><main><h1>{title}</h1><p>{body}</p></main></body></html>"
    ).encode()


class Preview:
    """The preview's state: where the last good build is, and the problems of the latest try."""

    def __init__(self, settings: Settings, out: Path):
        self.settings, self.out = settings.for_preview(), out
        self.content, self.cache = settings.content, settings.cache
        self.errors: list[str] = []
        self.script_hash = ""  # set once livereload's snippet is known
        self.host = "127.0.0.1"  # --host: a name requests may give besides localhost's
        self.kept: dict[str, Kept] = {}  # each council as last loaded: unchanged ones are not read again
        self.live: set[str] | None = None  # the files of the last good build, written over in place
        # files made when asked for (the search index), and as made since: of one build, as one
        # value, so a request on the server's thread never pairs one build's with another's
        self.answers: tuple[dict[str, Callable[[], bytes]], dict[str, bytes]] = ({}, {})
        # records, parses, compiled templates and each council's pages, kept between builds
        from sitegen.build import PreviewMemory
        from sitegen.outputs.theme import CompiledTemplates

        self.memory = PreviewMemory(templates=CompiledTemplates(settings.cache / "templates"))
        self.owed = False  # a build finished while no page was connected: reload the next one
        self.builds = 0  # builds tried: none yet, and every request is answered "building"

    def rebuild(self, changed: set[Path] | None = None) -> bool:
        """Check and build; on problems keep the last good build and remember them.
        changed: the files the watcher saw change (None: not known, look at every file)."""
        from sitegen.build import preview_build
        from sitegen.content.loader import Loader

        # No collection of cycles while the editor waits: the preview's heap (the site, the
        # records) makes a full one slow (benchmarks/README.md, "Figures behind the code").
        # serve() collects after the reload is sent.
        gc.disable()
        try:
            loader = Loader(self.content, self.cache, self.kept, changed, self.memory.files)
            try:
                site = loader.load()
            finally:
                self.kept = loader.kept_now
            site.config = site.config.model_copy(update=self.settings.overrides())
            live, on_request = preview_build(site, self.out, self.settings, self.live, self.memory)
            self.live, self.answers = live, (on_request, {})
        except ContentError as exc:
            return self.failed([p.format() for p in exc.problems.errors])
        except Exception as exc:  # a theme template that does not parse, say: said, not a traceback
            return self.failed([text("internal_error", detail=f"{type(exc).__name__}: {exc}")])
        finally:
            gc.enable()
        self.errors = []
        self.builds += 1
        print(text("serve_built" if self.builds > 1 else "serve_built_first"), file=sys.stderr, flush=True)
        return True

    def failed(self, errors: list[str]) -> bool:
        self.errors = errors
        self.builds += 1
        # a build that failed while rendering may have written part of its pages in place:
        # the next is staged, checking every file against its record, as a build is
        self.live = None
        self.memory.forget_pages()
        for line in errors:
            print(line, file=sys.stderr, flush=True)
        print(text("serve_kept", count=len(errors)), file=sys.stderr, flush=True)
        return False

    @property
    def on_request(self) -> dict[str, Callable[[], bytes]]:
        return self.answers[0]

    def file(self, path: str) -> Path | None:
        """The file a request path names inside the build folder; None for anything outside it."""
        path = unquote(path)  # servers differ in whether they decode: decoding twice is harmless here
        if "\x00" in path or "\\" in path:
            return None
        root = self.out.resolve()
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def page(self, data: bytes) -> bytes:
        """An HTML page as the preview serves it: reload snippet allowed, problems on top."""
        if self.script_hash:
            data = CSP.sub(rb"\1'" + self.script_hash.encode() + rb"' ", data, count=1)
        if self.errors:
            panel = (
                f'<section class="sitegen-preview-errors" role="alert" aria-labelledby="sitegen-errors">'
                f'<h2 id="sitegen-errors">{escape(text("serve_errors_title"))}</h2>'
                f"<pre>{escape(chr(10).join(self.errors))}</pre></section>"
            ).encode()
            link = f'<link rel="stylesheet" href="{PANEL_CSS_URL}">'.encode()
            data = data.replace(b"</head>", link + b"</head>", 1)
            data = re.sub(rb"(<body[^>]*>)", lambda m: m.group(1) + panel, data, count=1)
        return data

    def app(self, environ: dict, respond: Respond) -> Iterable[bytes]:
        """WSGI: files of the build folder only; 404 for anything else. A HEAD request gets
        the same headers and no body (curl -I)."""
        body = self.answer(environ, respond)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else body

    def answer(self, environ: dict, respond: Respond) -> Iterable[bytes]:
        if not local_name(environ.get("HTTP_HOST", ""), self.host):
            return self.send(respond, "403 Forbidden", "text/plain; charset=utf-8", b"host not allowed\n")
        path = environ.get("PATH_INFO", "/")
        if path == PANEL_CSS_URL:
            return self.send(respond, "200 OK", "text/css; charset=utf-8", PANEL_CSS)
        if not self.builds:  # the first build is running
            return self.send(respond, "503 Service Unavailable", "text/html; charset=utf-8", building_page(), True)
        rel = unquote(path).lstrip("/")
        on_request, made = self.answers
        if rel in on_request:
            if rel not in made:
                made[rel] = on_request[rel]()
            kind = mimetypes.guess_type(rel)[0] or "application/octet-stream"
            return self.send(respond, "200 OK", kind, made[rel])
        target = self.file(path)
        if target is None:
            missing = self.out / "404.html"
            body = self.page(missing.read_bytes() if missing.is_file() else EMPTY_PAGE)
            # no good build yet, only problems: the site is not there, rather than the page missing
            unbuilt = self.errors and not (self.out / "index.html").is_file()
            status = "503 Service Unavailable" if unbuilt else "404 Not Found"
            return self.send(respond, status, "text/html; charset=utf-8", body)
        if target.suffix == ".html" and not path.endswith(("/", ".html")):
            # as static hosts do; to the folder as resolved, never the path as asked
            # (//evil.example/../demo would send the browser to evil.example)
            folder = target.parent.relative_to(self.out.resolve()).as_posix()
            respond("301 Moved Permanently", [("Location", "/" if folder == "." else f"/{quote(folder)}/")])
            return [b""]
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        data = target.read_bytes()
        if target.suffix == ".html":
            data, kind = self.page(data), "text/html; charset=utf-8"
        return self.send(respond, "200 OK", kind, data)

    @staticmethod
    def send(respond: Respond, status: str, kind: str, data: bytes, retry: bool = False) -> list[bytes]:
        headers = [("Content-Type", kind), ("Content-Length", str(len(data))), ("Cache-Control", "no-store")]
        if retry:
            headers.append(("Retry-After", "1"))
        respond(status, headers)
        return [data]


def local_name(host: str, configured: str, loopback_only: bool = False) -> bool:
    """Whether a request's Host (or a WebSocket's Origin host) names this preview: localhost,
    an address written as numbers (a loopback one only, with loopback_only), or the --host
    given. A page elsewhere that points its own domain name at 127.0.0.1 (DNS rebinding)
    sends its name, and is refused."""
    import ipaddress

    name = (urlsplit(f"//{host}").hostname or "") if host else ""
    if name in ("localhost", configured.lower()) or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False
    return address.is_loopback or not loopback_only


class FolderWatcher:
    """Which files changed, as the file system tells it (inotify, through watchfiles), not
    found by looking at every file every so often: a change is known in milliseconds, and
    a big site costs nothing while nobody edits. A folder that does not exist yet (a site's
    themes/ made later) is looked for every LOOK_MS and watched from then on."""

    def __init__(self, folders: list[Path], ignore: Callable[[str], bool]):
        self.folders = folders
        self.ignore = ignore
        self.pending: set[Path] = set()
        self.lock = threading.Lock()
        self.watched: list[Path] = []
        self.stop: threading.Event | None = None
        self.told: Callable[[], None] = lambda: None

    def start(self, told: Callable[[], None]) -> None:
        """Watch from now on; told() (from the watching thread) after each change."""
        self.told = told
        self.look()

    def look(self) -> None:
        """Start watching again when the set of existing folders has changed."""
        existing = [f for f in self.folders if f.is_dir()]
        if existing == self.watched:
            return
        if self.stop:
            self.stop.set()
            self.note({*existing} - {*self.watched})  # a folder made since: its files are new
        self.watched, self.stop = existing, threading.Event()
        threading.Thread(target=self.run, args=(existing, self.stop), daemon=True).start()

    def run(self, folders: list[Path], stop: threading.Event) -> None:
        import watchfiles

        def wanted(_change: object, path: str) -> bool:
            return not self.ignore(path)

        for polling in (False, True):  # inotify, or where it fails (watches used up), polling
            try:
                for changes in watchfiles.watch(
                    *folders,
                    watch_filter=wanted,
                    debounce=1000,
                    step=STEP_MS,
                    stop_event=stop,
                    raise_interrupt=False,
                    force_polling=polling,
                    poll_delay_ms=200,
                ):
                    self.note({Path(path) for _, path in changes})
                return
            except Exception as exc:  # inotify refused (watches used up, say): said, then polled
                print(text("serve_polling", detail=f"{type(exc).__name__}: {exc}"), file=sys.stderr, flush=True)

    def note(self, paths: set[Path]) -> None:
        if not paths:
            return
        with self.lock:
            self.pending |= paths
        self.told()

    def take(self) -> set[Path]:
        with self.lock:
            taken, self.pending = self.pending, set()
        return taken


def serve(settings: Settings, host: str, port: int, out: Path | None) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.watcher import Watcher
    from tornado import ioloop

    class ToldWatcher(Watcher):
        """livereload's watcher, told of changes by FolderWatcher rather than polling. It
        rebuilds in a thread of its own, one build at a time: the server's loop goes on
        answering requests (the last good site: every file is replaced in one step) and the
        browsers are told to reload when the build ends. Changes made during a build wait
        for it and are built together next."""

        def __init__(self, folders: FolderWatcher, rebuild: Callable[[set[Path] | None], bool]):
            super().__init__()
            self.folders, self.rebuild = folders, rebuild
            self.building = False  # touched on the loop's thread only

        def start(self, callback: Callable[[], None]) -> bool:
            loop = ioloop.IOLoop.current()
            self.folders.start(lambda: loop.add_callback(callback))
            ioloop.PeriodicCallback(self.folders.look, LOOK_MS).start()
            loop.add_callback(self.launch, None)  # the first build, with the server already listening
            return True

        def examine(self) -> tuple[str | None, None]:
            if self.building:
                return None, None  # taken when this build ends (built)
            changed = self.folders.take()
            if changed:
                self.launch(changed)
            return None, None  # the reload is sent when the build ends

        def launch(self, changed: set[Path] | None) -> None:
            """A build in its own thread; changed None: the first, of every file."""
            self.building = True
            loop = ioloop.IOLoop.current()

            def build() -> None:
                if changed:
                    print(text("serve_rebuilding", count=len(changed)), file=sys.stderr, flush=True)
                try:
                    self.rebuild(changed)
                finally:
                    loop.add_callback(self.built, str(min(changed)) if changed else "*")

            threading.Thread(target=build, name="sitegen-rebuild", daemon=True).start()

        def built(self, path: str) -> None:
            self.building = False
            self.filepath = path
            # livereload reloads only the pages connected now: one still loading (reloaded by
            # the edit before) would keep showing what this build replaced
            preview.owed = not LiveReloadHandler.waiters
            LiveReloadHandler.reload_waiters()
            ioloop.IOLoop.current().add_callback(gc.collect)  # after the reload (see rebuild)
            if self.folders.pending:
                self.examine()  # what changed during the build

    # livereload drops a change that comes within 3 s of the last reload; our rebuild
    # runs before the reload is sent, so every finished rebuild may reload at once.
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    # livereload accepts any Host and any Origin: a page elsewhere could reach the preview
    from livereload.handlers import ForceReloadHandler, LiveReloadJSHandler
    from tornado.web import HTTPError, RequestHandler

    def prepare(handler: RequestHandler) -> None:
        if not local_name(handler.request.host, host):
            raise HTTPError(403)

    def check_origin(handler: RequestHandler, origin: str) -> bool:
        # the page's own origin (the preview as the browser reached it), or a local name; not
        # any address written as numbers: a page served from a public address is elsewhere
        own = urlsplit(origin).netloc.lower() == handler.request.host.lower()
        return own or local_name(urlsplit(origin).netloc, host, loopback_only=True)

    for handler in (LiveReloadHandler, ForceReloadHandler, LiveReloadJSHandler):
        handler.prepare = prepare
    LiveReloadHandler.check_origin = check_origin
    greet = LiveReloadHandler.on_message

    def on_message(handler: LiveReloadHandler, message: str | bytes) -> None:
        """A page that connects after a build no page saw is reloaded once (see examine)."""
        greet(handler, message)
        if preview.owed and handler in LiveReloadHandler.waiters:
            preview.owed = False
            handler.send_message({"command": "reload", "path": "*", "liveCSS": False, "liveImg": True})

    LiveReloadHandler.on_message = on_message

    made = out is None
    out = out or Path(tempfile.mkdtemp(prefix="sitegen-serve-")) / "site"
    preview = Preview(settings, out)
    preview.host = host.lower()

    class LiveServer(Server):
        def get_web_handlers(self, script: bytes) -> list:
            inline = re.search(rb"<script[^>]*>(.*)</script>", script, re.S)
            if inline:
                digest = hashlib.sha256(inline.group(1)).digest()
                preview.script_hash = "sha256-" + base64.b64encode(digest).decode()
            return super().get_web_handlers(script)

        def _setup_logging(self) -> None:
            """livereload logs in English what it does ("Watch current working directory": here
            ToldWatcher watches) and tornado every 503 while the first build runs; the terminal
            has our own Korean line for each build. Their warnings and errors still show."""
            channel = logging.StreamHandler()
            channel.setFormatter(logging.Formatter("%(message)s"))
            for name in ("livereload", "tornado"):  # a handler on tornado's: its IOLoop adds none
                logging.getLogger(name).setLevel(logging.WARNING)
                logging.getLogger(name).addHandler(channel)
            logging.getLogger("tornado.access").setLevel(logging.CRITICAL)  # a 503 "building" is ours

    ignore = re.compile(r"(^|/)(\.git|\.sitegen-cache|__pycache__)(/|$)|~$|\.sw.$|\.tmp$")
    # content/ holds site.yaml (the config); themes: the given one, the site's own, the default
    watched = [settings.content, *settings.theme_roots()]
    watched = list(dict.fromkeys(w.resolve() for w in watched))  # a themes/ made later is seen too
    own = out.resolve()  # its writes are not edits
    folders = FolderWatcher(watched, lambda p: bool(ignore.search(p)) or Path(p).is_relative_to(own))
    server = LiveServer(preview.app, watcher=ToldWatcher(folders, preview.rebuild))

    loop = ioloop.IOLoop.current()

    def interrupted(signum: int, frame: object) -> None:
        # the loop's stop asked for first: an interrupt raised while a weak reference's
        # callback runs (the collection after a build frees many) is printed and dropped by
        # Python, and the preview went on as if Ctrl+C had not been pressed
        loop.add_callback(loop.stop)
        raise KeyboardInterrupt  # a build under way stops at once

    before = {sig: signal.signal(sig, interrupted) for sig in (signal.SIGINT, signal.SIGTERM)}
    print(text("serve_at", url=f"http://{host}:{port}/"), file=sys.stderr, flush=True)
    try:
        # live_css off: a rebuild rewrites pages and CSS alike, so the whole page reloads
        server.serve(host=host, port=port, debug=False, restart_delay=0, live_css=False)
    except KeyboardInterrupt:
        pass
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
        if made:
            shutil.rmtree(out.parent, ignore_errors=True)
    print(text("serve_stopped"), file=sys.stderr, flush=True)
    return 0
