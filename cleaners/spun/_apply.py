"""Write substitutions into a text: replace the spun phrases, or mark them for a reader."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from cleaners.article import Substitution


def _rewrite(
    text: str, substitutions: Sequence[Substitution], render: Callable[[Substitution], str]
) -> str:
    parts: list[str] = []
    position = 0
    for sub in sorted(substitutions, key=lambda s: s.start):
        parts.append(text[position : sub.start])
        parts.append(render(sub))
        position = sub.end
    parts.append(text[position:])
    return "".join(parts)


def apply_substitutions(text: str, substitutions: Sequence[Substitution]) -> str:
    """Return the text with each applied substitution's span replaced by its original wording."""
    return _rewrite(text, [s for s in substitutions if s.applied], lambda sub: sub.original)


def mark(text: str, substitutions: Sequence[Substitution]) -> str:
    """Return the text with each spun phrase shown as [[spun→original]] (for `clean --explain`).

    A phrase only marked, not changed, shows as [[spun→?original]].
    """
    return _rewrite(
        text,
        substitutions,
        lambda sub: f"[[{sub.spun}→{'' if sub.applied else '?'}{sub.original}]]",
    )
