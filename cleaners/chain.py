"""The cleaner chain: small pure steps run in a fixed order, each saying what it removed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from cleaners.article import CleanContext, Removal
from cleaners.bylines import move_bylines
from cleaners.captions import drop_captions
from cleaners.code_leaks import drop_code
from cleaners.furniture import drop_furniture
from cleaners.headline import drop_headline
from cleaners.promos import drop_promos
from cleaners.repeats import drop_repeats
from cleaners.site_boilerplate import drop_site_boilerplate
from cleaners.whitespace import collapse_blank_lines, normalise_whitespace
from cleaners.widgets import drop_widgets

Cleaner = Callable[[str, CleanContext], tuple[str, list[Removal]]]

# Order matters: normalise first so patterns see clean lines; metadata lines go before the
# headline check so a timestamp above the headline does not hide it; repeats run late so a
# line removed for a better reason is explained by that reason.
CHAIN: Sequence[tuple[str, Cleaner]] = (
    ("whitespace", normalise_whitespace),
    ("code", drop_code),
    ("bylines", move_bylines),
    ("headline", drop_headline),
    ("captions", drop_captions),
    ("widgets", drop_widgets),
    ("promos", drop_promos),
    ("furniture", drop_furniture),
    ("site-boilerplate", drop_site_boilerplate),
    ("repeats", drop_repeats),
    ("blank-lines", collapse_blank_lines),
)


# A cleaner's removals may not take more than this share of the text's words when they include
# a paragraph (a line this long, in characters, so in any script): such a rule misfired.
MAX_SHARE_REMOVED = 0.5
_PARAGRAPH_CHARS = 150


def _misfired(text: str, removals: list[Removal]) -> float | None:
    """The share of the text a cleaner's removals would take, when that is too much."""
    if not any(len(r.text) >= _PARAGRAPH_CHARS for r in removals):
        return None
    words = len(text.split())
    share = sum(len(r.text.split()) for r in removals) / words if words else 0.0
    return share if share > MAX_SHARE_REMOVED else None


def run_chain(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Run every cleaner of the chain in order; collect what each removed.

    A cleaner whose removals would take most of the text, paragraphs among them, is not
    applied: its removals are kept as refused records, so `--explain` shows them.
    """
    removed: list[Removal] = []
    for name, cleaner in CHAIN:
        cleaned, removals = cleaner(text, context)
        share = _misfired(text, removals)
        if share is not None:
            reason = f"refused: the {name} rule would take {share:.0%} of the text"
            removed.extend(replace(r, reason=f"{reason} ({r.reason})", moved_to=None,
                                   refused=True) for r in removals)
            continue
        text = cleaned
        removed.extend(removals)
    return text, removed
