"""E-books: newsletter editions as EPUB 3."""
