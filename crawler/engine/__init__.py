"""The crawl engine: the frontier, a page's stages from claim to story, and the crawl summary."""
