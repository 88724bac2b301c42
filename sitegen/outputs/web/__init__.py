"""The website: pages, search index, feeds and sitemap."""
