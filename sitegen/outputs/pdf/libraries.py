"""WeasyPrint imported with its system libraries looked up in the linker's cache.

WeasyPrint opens Pango, HarfBuzz, fontconfig and GObject through cffi, trying each
library under several names, most of them other platforms' spellings. cffi asks
`ctypes.util.find_library` for every name it cannot open directly, and on Linux
that function, after the linker's cache (`ldconfig -p`), runs gcc and ld to look
for each name that is not there: a good part of WeasyPrint's import
(benchmarks/README.md, "Figures behind the code"). Every PDF worker and every
hook's build imports it.

While WeasyPrint is imported, the lookup asks the linker's cache only. Nothing is
lost by it: each list of names holds the library's Linux soname, which cffi opens
directly, as the loader would (LD_LIBRARY_PATH included), and a name that gcc or
ld finds outside the loader's paths cannot be opened anyway. Should the import
fail even so, it is tried again with the lookup as Python has it (and WeasyPrint's
own message about missing libraries is said then, not twice).
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Iterator
from types import ModuleType


def weasyprint() -> ModuleType:
    """The weasyprint package, imported once a process (its submodules with it)."""
    if (module := sys.modules.get("weasyprint")) is not None:
        return module
    try:
        with _cache_only_lookup(), contextlib.redirect_stdout(io.StringIO()):
            import weasyprint
    except OSError:  # a library the cache does not list: the lookup in full
        import weasyprint
    return weasyprint


@contextlib.contextmanager
def _cache_only_lookup() -> Iterator[None]:
    import ctypes.util

    cached = getattr(ctypes.util, "_findSoname_ldconfig", None)  # Linux's, since Python 3.6
    if cached is None or not sys.platform.startswith("linux"):
        yield
        return
    full = ctypes.util.find_library
    ctypes.util.find_library = cached
    try:
        yield
    finally:
        ctypes.util.find_library = full
