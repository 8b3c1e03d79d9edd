"""Fetching: transport, polite GETs, robots.txt, address guard, decoding and fetch error kinds."""
