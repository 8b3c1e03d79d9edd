"""Discovery: feeds, sitemaps, listing pages and URL normalisation."""
