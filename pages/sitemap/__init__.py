"""``sitemap.xml`` (every public page, at ``SITE_URL``; a public page cached whole like the others) and
``robots.txt``."""
