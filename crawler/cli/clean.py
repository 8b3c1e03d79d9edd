"""`wirewash clean`: clean saved pages, text files or URLs and print the article, its removals."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from typing import Any

import httpx
from charset_normalizer import from_bytes

from cleaners import CleanArticle, clean_html, clean_text
from cleaners.article import Substitution
from cleaners.spun import mark

_HTML_SUFFIXES = (".html", ".htm", ".xhtml")
_FETCH_TIMEOUT_SECONDS = 30.0
_EXPLAIN_WIDTH = 160  # removed text longer than this is cut in --explain (--json has it all)


class InputError(Exception):
    """One input could not be read, fetched or parsed; the message says why."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "clean", help="print the clean article of saved pages, text files or URLs"
    )
    parser.add_argument(
        "inputs",
        nargs="+",
        metavar="PATH_OR_URL",
        help=".html/.htm (optionally .gz) pages, text files, or http(s) URLs",
    )
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="one JSON object per input per line")
    output.add_argument(
        "--explain", action="store_true", help="show each removal with its cleaner and reason"
    )
    parser.set_defaults(handler=run)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        guess = from_bytes(raw).best()
        if guess is None:
            raise InputError("cannot tell the text's encoding") from None
        return str(guess)


def _looks_like_html(name: str, text: str) -> bool:
    if name.lower().endswith(_HTML_SUFFIXES):
        return True
    start = text.lstrip()[:200].lower()
    return start.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in start


def _clean_url(url: str) -> CleanArticle:
    try:
        response = httpx.get(url, follow_redirects=True, timeout=_FETCH_TIMEOUT_SECONDS)
    except httpx.HTTPError as exc:
        raise InputError(f"fetch failed: {exc}") from exc
    if response.status_code >= 400:
        raise InputError(f"fetch failed: HTTP {response.status_code}")
    return clean_html(response.text, str(response.url))


def _clean_file(path: Path) -> CleanArticle:
    try:
        raw = path.read_bytes()
        name = path.name
        if name.lower().endswith(".gz"):
            raw, name = gzip.decompress(raw), name[:-3]
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    text = _decode(raw)
    if _looks_like_html(name, text):
        return clean_html(text, path.resolve().as_uri())
    return clean_text(text)


def clean_input(source: str) -> CleanArticle:
    """The clean article of one input; InputError if it cannot be read or holds no article."""
    is_url = source.startswith(("http://", "https://"))
    article = _clean_url(source) if is_url else _clean_file(Path(source))
    if not article.text.strip():
        raise InputError(article.empty_reason or "no article text found")
    return article


def as_record(source: str, article: CleanArticle) -> dict[str, Any]:
    """The JSON object printed for one input."""
    return {
        "input": source,
        "title": article.title,
        "authors": article.authors,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "site_name": article.site_name,
        "canonical_url": article.canonical_url,
        "dateline": article.dateline,
        "images": [{"url": i.url, "caption": i.caption} for i in article.images],
        "updated": article.updated.isoformat() if article.updated else None,
        "section": article.section,
        "tags": article.tags,
        "accessible_for_free": article.accessible_for_free,
        "metadata_evidence": article.metadata_evidence,
        "text": article.text,
        "removed": [r.as_dict() for r in article.removed],
        "extracted_by": article.extracted_by,
        "confidence": article.confidence,
        "spun": article.spun.as_dict() if article.spun else None,
    }


def _swap_line(sub: Substitution) -> str:
    action = "restored" if sub.applied else "marked only"
    parts = [f"{sub.spun!r} -> {sub.original!r}: {action}, {sub.source}, "
             f"confidence {sub.confidence:.2f}"]
    if sub.alternatives:
        parts.append("alternatives " + ", ".join(sub.alternatives))
    if sub.evidence:
        parts.append(sub.evidence)
    return "; ".join(parts)


def _explanation(article: CleanArticle) -> str:
    lines = [f"--- metadata ({len(article.metadata_evidence)} fields with evidence):"]
    values = {"title": article.title, "authors": ", ".join(article.authors) or None,
              "published": article.published, "updated": article.updated}
    for name, evidence in article.metadata_evidence.items():
        lines.append(f"{name}: {values.get(name)!s} <- {evidence}")
    if article.extracted_by:
        lines.append(f"--- extracted by {article.extracted_by}, confidence {article.confidence}")
        if article.extraction_note:
            lines.append(f"    {article.extraction_note}")
    lines.append(f"--- removed {len(article.removed)}:")
    for removal in article.removed:
        moved = f" -> {removal.moved_to}" if removal.moved_to else ""
        text = removal.text
        if len(text) > _EXPLAIN_WIDTH:
            text = f"{text[:_EXPLAIN_WIDTH]}… ({len(removal.text)} characters)"
        lines.append(f"[{removal.cleaner}] {removal.reason}{moved}: {text}")
    spun = article.spun
    if spun is not None:
        verdict = "spun" if spun.is_spun else "not spun"
        count = len(spun.substitutions)
        lines.append(f"--- spun score {spun.score:.2f} ({verdict}), {count} suspected swaps")
        if spun.verdict:
            lines.append(f"    the score rests on the {spun.verdict}")
        if spun.substitutions:
            lines.append("swaps shown as [[found→original]], as [[found→?guess]] if marked only:")
            lines.append(mark(article.text, spun.substitutions))
            lines.append("--- each swap: source, confidence, alternatives, evidence")
            lines.extend(_swap_line(sub) for sub in spun.substitutions)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    failed = 0
    several = len(args.inputs) > 1
    for source in args.inputs:
        try:
            article = clean_input(source)
        except InputError as exc:
            print(f"wirewash clean: {source}: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.json:
            print(json.dumps(as_record(source, article), ensure_ascii=False))
            continue
        if several:
            print(f"==> {source} <==")
        print(article.text)
        if args.explain:
            print(_explanation(article))
        if several:
            print()
    return 1 if failed else 0
