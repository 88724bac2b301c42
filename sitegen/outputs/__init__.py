"""Outputs: the site model rendered as web pages, PDFs, e-books and data files, through the theme."""
