"""A theme: folders searched most specific first, so a site overrides any file by path.

Templates, static files, fonts, print styles and strings all resolve through
here; the web, print and e-book renderers share one Theme.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path, PurePath
from string import Formatter
from types import BuiltinMethodType, GenericAlias, MethodType, ModuleType
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
from jinja2.runtime import Context, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from sitegen.engine import recording
from sitegen.outputs.fonts import theme_fonts
from sitegen.outputs.strings import Strings

_CODE = hashlib.blake2b(Path(__file__).read_bytes() + jinja2.__version__.encode(), digest_size=8).hexdigest()
# What no template may look into: files and folders, modules, open files, classes, and the
# aliases of classes (list[str] hands on list's own methods: list.append(xs, ...) changed a
# list in place; a model's field annotations are such aliases).
_CLOSED = (PurePath, ModuleType, io.IOBase, type, GenericAlias)
_METHODS = (MethodType, BuiltinMethodType)  # what may be a str.format to wrap


def _closed(obj: Any) -> bool:
    return isinstance(obj, _CLOSED) or type(obj).__module__ == "typing"  # typing.List[str] and kin


MAX_REPEAT = 100_000  # items a template's * may make of a string or list: 'x' * 10**10 would take the memory
MAX_WIDTH = 1_000  # a width or precision a template may ask of a format or a filter ("x"|center(10**8))
MAX_MADE = 10_000_000  # characters one join or replace may make
_PRINTF = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_SPEC_NUMBERS = re.compile(r"\d+")


def _printf_wide(template: str) -> bool:
    """Whether a %-format asks for a width or precision above MAX_WIDTH, or one given as *."""
    return any(n == "*" or (n and int(n) > MAX_WIDTH) for m in _PRINTF.finditer(template) for n in m.groups())


def _format_wide(template: str) -> bool:
    """Whether a str.format template has a format spec with a number above MAX_WIDTH."""
    try:
        specs = [spec for _, _, spec, _ in Formatter().parse(template) if spec]
    except ValueError:
        return False  # said by format itself
    return any(int(n) > MAX_WIDTH for spec in specs for n in _SPEC_NUMBERS.findall(spec))


def _bounded_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Jinja's filters that make text of a size a template names, bounded."""
    center, indent, wordwrap = filters["center"], filters["indent"], filters["wordwrap"]
    fmt, join, replace = filters["format"], filters["join"], filters["replace"]

    def width(n: Any) -> None:
        if isinstance(n, int) and n > MAX_WIDTH:
            raise SecurityError(f"a width of {n:,}: above {MAX_WIDTH:,}")

    def bounded_center(value: Any, w: int = 80) -> Any:
        width(w)
        return center(value, w)

    def bounded_indent(value: Any, w: Any = 4, *args: Any, **kwargs: Any) -> Any:
        width(w if isinstance(w, int) else len(str(w)))
        return indent(value, w, *args, **kwargs)

    def bounded_wordwrap(env: Any, value: Any, w: int = 79, *args: Any, **kwargs: Any) -> Any:
        width(w)
        return wordwrap(env, value, w, *args, **kwargs)

    def bounded_format(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, str) and _printf_wide(value):
            raise SecurityError("a format's width above the bound")
        return fmt(value, *args, **kwargs)

    def bounded_join(ctx: Any, value: Any, d: Any = "", *args: Any, **kwargs: Any) -> Any:
        items = list(value) if not isinstance(value, str) else value
        if len(str(d)) * len(items) > MAX_MADE:
            raise SecurityError(f"a join of more than {MAX_MADE:,} characters")
        return join(ctx, items, d, *args, **kwargs)

    def bounded_replace(ctx: Any, s: Any, old: Any, new: Any, count: Any = None) -> Any:
        text, old_s, new_s = str(s), str(old), str(new)
        made = len(text) + (text.count(old_s) if old_s else len(text) + 1) * len(new_s)
        if made > MAX_MADE:
            raise SecurityError(f"a replace making more than {MAX_MADE:,} characters")
        return replace(ctx, s, old, new, count)

    passing: list[tuple[Any, Any]] = [(wordwrap, bounded_wordwrap), (join, bounded_join), (replace, bounded_replace)]
    for original, bounded in passing:  # what Jinja passes first (environment, context) as the original
        bounded.jinja_pass_arg = getattr(original, "jinja_pass_arg", None)
    return {
        "center": bounded_center,
        "indent": bounded_indent,
        "wordwrap": bounded_wordwrap,
        "format": bounded_format,
        "join": bounded_join,
        "replace": bounded_replace,
    }


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
        self._safe_calls: dict[tuple[Any, ...], bool] = {}
        self.filters.update(_bounded_filters(self.filters))

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        key = (type(obj), attr)
        known = self._safe.get(key)
        if known is None:
            known = self._safe[key] = not _closed(obj) and super().is_safe_attribute(obj, attr, value)
        return known

    def getattr(self, obj: Any, attribute: str) -> Any:
        """Jinja's getattr, in the order it asks (str.format wrapped, then the attribute's
        safety), with one call where Jinja makes three: a page reads hundreds of attributes,
        and this was a tenth of rendering one (benchmarks/README.md, the cold build)."""
        try:
            value = getattr(obj, attribute)
        except AttributeError:
            try:
                return obj[attribute]
            except (TypeError, LookupError):
                return self.undefined(obj=obj, name=attribute)
        if isinstance(value, _METHODS):  # what may be a str.format (isinstance: as Jinja asks)
            fmt = self.wrap_str_format(value)
            if fmt is not None:
                return fmt
        known = self._safe.get((type(obj), attribute))
        if known is None:
            known = self.is_safe_attribute(obj, attribute, value)
        return value if known else self.unsafe_undefined(obj, attribute)

    def is_safe_callable(self, obj: Any) -> bool:
        kind = type(obj)
        if kind is Macro:  # a template's own macro: no owner, no unsafe mark
            return True
        # A method's answer is its function's marks and its owner's type; a builtin's (no
        # marks) its owner's type: asked once each, not on each of a page's hundreds of calls.
        # An owner whose __class__ says another type than its own is asked every time.
        if kind is not MethodType and kind is not BuiltinMethodType:
            return self._callable(obj)
        owner = obj.__self__
        if owner.__class__ is not type(owner):
            return self._callable(obj)
        key = (obj.__func__, type(owner)) if kind is MethodType else (type(owner),)
        try:
            known = self._safe_calls.get(key)
        except TypeError:  # a function that cannot be a key
            return self._callable(obj)
        if known is None:
            known = self._safe_calls[key] = self._callable(obj)
        return known

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Jinja's call, checked as Jinja checks it; a callable that takes no context (a macro, a
        function, method or callable object without pass_context) called as Context.call would
        call it, without its Python-level look for the mark, twice, on each of a page's hundreds
        of calls."""
        if not __self.is_safe_callable(__obj):
            raise SecurityError(f"{__obj!r} is not safely callable")
        if not __self._takes_nothing(__obj):
            return __context.call(__obj, *args, **kwargs)
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:
            return __context.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )

    @staticmethod
    def _takes_nothing(obj: Any) -> bool:
        """Whether Context.call would pass obj nothing of its own: neither obj nor its __call__
        is marked (pass_context and its kin set the attribute Jinja's _PassArg.from_obj reads).
        A macro or a builtin carries no mark."""
        kind = type(obj)
        if kind is Macro or kind is BuiltinMethodType:
            return True
        return (
            getattr(obj, "jinja_pass_arg", None) is None
            and getattr(getattr(obj, "__call__", None), "jinja_pass_arg", None) is None  # noqa: B004
        )

    def _callable(self, obj: Any) -> bool:
        owner = getattr(obj, "__self__", None)
        return not _closed(owner) and super().is_safe_callable(obj)

    intercepted_binops = frozenset({"*", "**", "%"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """*, ** and % bounded: a theme lays out pages, it does not fill the memory. (The hooks'
        deploy runs under time and memory limits for what no bound here sees, SECURITY.md.)"""
        if operator == "**" and isinstance(right, int) and isinstance(left, int | float):
            bits = abs(int(left)).bit_length() if isinstance(left, int) else 64
            if abs(right) > 64 or bits * abs(right) > 4096:
                raise SecurityError(f"** {right}: a power of more than 4,096 bits")
        if operator == "%" and isinstance(left, str) and _printf_wide(left):
            raise SecurityError("a % format's width above the bound")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | bytes | list | tuple) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise SecurityError(f"* {n}: more than {MAX_REPEAT:,} repeated items")
        return super().call_binop(context, operator, left, right)

    def wrap_str_format(self, value: Any) -> Any:
        wrapped = super().wrap_str_format(value)
        if wrapped is not None and _format_wide(value.__self__):  # "{:>200000000}".format(1)
            raise SecurityError("a format's width above the bound")
        return wrapped


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
            auto_reload=False,  # one build's: no template changes under it, none to stat on each load
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
