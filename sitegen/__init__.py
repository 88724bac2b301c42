"""sitegen: councils' work plans and newsletters as accessible websites, PDFs and e-books."""

# The distribution's name on package indexes: "sitegen" there is someone else's (SECURITY.md).
DIST = "sitegen-plans"


# pyproject.toml takes the distribution's version from here (setuptools' dynamic version): the
# build-info page and --version name it without looking through the installed distributions
__version__ = "0.1.0"
