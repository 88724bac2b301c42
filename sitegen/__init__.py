"""sitegen: councils' work plans and newsletters as accessible websites, PDFs and e-books."""

# The distribution's name on package indexes: "sitegen" there is someone else's (SECURITY.md).
DIST = "sitegen-plans"
