"""A theme: folders searched most specific first, so a site overrides any file by path.

Templates, static files, fonts, print styles and strings all resolve through
here; the web, print and e-book renderers share one Theme.
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path, PurePath
from types import GenericAlias, ModuleType
from typing import Any

import jinja2
from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    FileSystemLoader,
    StrictUndefined,
    Template,
    select_autoescape,
)
from jinja2.bccache import Bucket
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from sitegen.engine import recording
from sitegen.outputs.fonts import theme_fonts
from sitegen.outputs.strings import Strings

_CODE = hashlib.blake2b(Path(__file__).read_bytes() + jinja2.__version__.encode(), digest_size=8).hexdigest()
# What no template may look into: files and folders, modules, open files, classes, and the
# aliases of classes (list[str] hands on list's own methods: list.append(xs, ...) changed a
# list in place; a model's field annotations are such aliases).
_CLOSED = (PurePath, ModuleType, io.IOBase, type, GenericAlias)


def _closed(obj: Any) -> bool:
    return isinstance(obj, _CLOSED) or type(obj).__module__ == "typing"  # typing.List[str] and kin


MAX_REPEAT = 100_000  # items a template's * may make of a string or list: 'x' * 10**10 would take the memory


class ThemeSandbox(ImmutableSandboxedEnvironment):
    """Templates belong to the theme, which whoever can push may change; they lay out the
    data they are given and reach nothing else. Jinja's sandbox already refuses private
    attributes (the road to os.system) and changing lists or dicts in place; on top of it,
    nothing of a path, module or file can be read or called (a Path's read_text would read
    outside the repository)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The answer depends on the object's type and the name only (Jinja's rules and ours
        # look at nothing else): asked once per pair, not on every attribute a page recording.
        self._safe: dict[tuple[type, str], bool] = {}

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        known = self._safe.get(key)
        if known is None:
            known = self._safe[key] = not _closed(obj) and super().is_safe_attribute(obj, attr, value)
        return known

    def is_safe_callable(self, obj: Any) -> bool:
        owner = getattr(obj, "__self__", None)
        return not _closed(owner) and super().is_safe_callable(obj)

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """* and ** bounded: a theme lays out pages, it does not fill the memory."""
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError(f"** {right}: a power above 64")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | bytes | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise SecurityError(f"* {n}: more than {MAX_REPEAT:,} repeated items")
        return super().call_binop(context, operator, left, right)


class RecordingEnvironment(ThemeSandbox):
    """Notes each template an output loads: extends, include and import all come here."""

    def get_template(self, name: str | Template, parent: str | None = None, globals: Any = None) -> Template:
        if isinstance(name, str):
            recording.read("template", name)
        return super().get_template(name, parent, globals)


class CompiledTemplates(BytecodeCache):
    """Templates compiled once, by name and source (Jinja checks the source's checksum), and
    kept in the build cache (folder) for the next build: compiling the theme's templates
    cost a build half a second, and each output makes an environment of its own. The live
    preview keeps one of these for all its builds. A damaged file is compiled again."""

    def __init__(self, folder: Path | None = None) -> None:
        # by this module and Jinja: another sitegen may set the environment otherwise
        self.folder = folder / _CODE if folder else None
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.store.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                kept = (self.folder / f"{bucket.key}.bc").read_bytes()
            except OSError:
                return
            # a digest first: altered bytecode is never run (it could do anything), only compiled again
            if hashlib.blake2b(kept[16:], digest_size=16).digest() != kept[:16]:
                return
            data = kept[16:]
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # of another Python, say: compiled again
                bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.store[bucket.key] = data
        if self.folder is not None:  # whole or not at all, whatever else builds beside
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{bucket.key}.{os.getpid()}.tmp"
            tmp.write_bytes(hashlib.blake2b(data, digest_size=16).digest() + data)
            os.replace(tmp, self.folder / f"{bucket.key}.bc")


class Theme:
    def __init__(self, dirs: list[Path], language: str, compiled: CompiledTemplates | None = None):
        self.dirs = dirs
        self.compiled = compiled or CompiledTemplates()
        self.t = Strings(dirs, language)

    def environment(self) -> ThemeSandbox:
        return RecordingEnvironment(
            loader=ChoiceLoader([FileSystemLoader(str(d / "templates")) for d in self.dirs]),
            autoescape=select_autoescape(["html", "svg", "xml", "xhtml", "opf"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=self.compiled,
        )

    def template(self, name: str) -> Path | None:
        """The file a template name resolves to (the most specific theme's)."""
        return next((d / "templates" / name for d in self.dirs if (d / "templates" / name).is_file()), None)

    def file(self, rel: str) -> Path:
        """The most specific theme's copy of a file, e.g. print/booklet.css."""
        for d in self.dirs:
            if (d / rel).is_file():
                return d / rel
        raise FileNotFoundError(f"no theme has {rel}: looked in {', '.join(str(d) for d in self.dirs)}")

    def files(self, folder: str) -> dict[str, Path]:
        """Every file under a theme folder by its path in it; more specific themes win."""
        found: dict[str, Path] = {}
        for d in reversed(self.dirs):
            root = d / folder
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        found[path.relative_to(root).as_posix()] = path
        return dict(sorted(found.items()))

    def fonts(self) -> dict[str, Path]:
        return theme_fonts(self.dirs)
