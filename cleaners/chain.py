"""The cleaner chain: small pure steps run in a fixed order, each saying what it removed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


def run_chain(text: str, context: CleanContext) -> tuple[str, list[Removal]]:
    """Run every cleaner of the chain in order; collect what each removed."""
    removed: list[Removal] = []
    for _name, cleaner in CHAIN:
        text, removals = cleaner(text, context)
        removed.extend(removals)
    return text, removed
