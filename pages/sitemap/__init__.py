"""``sitemap.xml`` (every public page, at ``SITE_URL``) and ``robots.txt``."""
