"""sitegen: councils' work plans and newsletters as accessible websites, PDFs and e-books."""

# The distribution's name on package indexes: "sitegen" there is someone else's (SECURITY.md).
DIST = "sitegen-plans"


def installed_version() -> str:
    """The version of sitegen installed (pyproject.toml's); "unknown" when it is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(DIST)
    except PackageNotFoundError:
        return "unknown"
