"""Drop CSS, JavaScript and JSON that leaked into the text from style, script or data blocks."""

from __future__ import annotations

import json
import re

from cleaners._lines import drop_lines
from cleaners.article import CleanContext, Removal

NAME = "code"

# A CSS rule: a selector, then a block of `property: value` declarations.
_CSS_RULE = re.compile(r"[^{};]*\{\s*(?:[\w-]+\s*:[^{};]*;?\s*)+\}")
_CSS_AT_RULE = re.compile(r"@(?:media|font-face|keyframes|import|supports)\b[^{]*\{")
# Tokens that prose almost never has and script nearly always has.
_JS_TOKEN = re.compile(
    r"function\s*\(|=>|\bvar\s+\w+\s*=|\b(?:let|const)\s+\w+\s*=|\bdocument\.\w+|\bwindow\.\w+"
    r"|\}\s*\)\s*;|\)\s*;|\w+\s*\(\s*\)\s*;|\bdataLayer\b|\bgoogletag\b|\b__\w+__\b"
)
_JSON_KEY = re.compile(r'"[\w@$-]+"\s*:')
_CODE_PUNCTUATION = re.compile(r"[{}();=<>\[\]]")
# A WordPress shortcode pair the theme failed to render: [button ...]text[/button].
_SHORTCODE = re.compile(r"\[[a-z_]+(?:\s[^\]]*)?\].*\[/[a-z_]+\]", re.IGNORECASE)


def _css_share(line: str) -> float:
    covered = sum(len(m.group()) for m in _CSS_RULE.finditer(line))
    covered += sum(len(m.group()) for m in _CSS_AT_RULE.finditer(line))
    return covered / len(line)


def _is_json(line: str) -> bool:
    if not (line[0] in "{[" and line[-1] in "}]"):
        return False
    try:
        json.loads(line)
    except ValueError:
        return len(_JSON_KEY.findall(line)) >= 3
    return True


def _is_script(line: str) -> bool:
    punctuation = len(_CODE_PUNCTUATION.findall(line)) / len(line)
    return len(_JS_TOKEN.findall(line)) >= 2 and punctuation >= 0.04


def _reason(line: str) -> str | None:
    stripped = line.strip()
    if not any(mark in stripped for mark in "{}();=[]"):
        return None  # prose without a single code mark: the common case, decided cheaply
    if "{" in stripped and _css_share(stripped) >= 0.6:
        return "CSS rules leaked from a style block"
    if _is_json(stripped):
        return "JSON data leaked from a script block"
    if _is_script(stripped):
        return "JavaScript leaked from a script block"
    if _SHORTCODE.search(stripped):
        return "unrendered shortcode"
    return None


def drop_code(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Drop lines that are style sheets, scripts or JSON rather than prose."""
    return drop_lines(text, NAME, _reason)
