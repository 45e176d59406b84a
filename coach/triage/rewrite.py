"""Rewritten copies of a message that change its length, with a map back to the original offsets.

Most triage variants keep the text's length (masks, single-letter typo fixes). Two do not:
a code-switched message read in one language (胸口 pressure 很重 -> 胸口压迫感很重) and words
with a dropped letter restored (sugr -> sugar). A `Rewritten` text remembers, for every
character, which span of the original text it came from, so findings still point at the
member's own words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["Rewritten", "rewrite"]

_CJK_RE = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Rewritten:
    text: str
    origin: tuple[tuple[int, int], ...]  # per character of `text`: its span in the original text

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that text[start:end] was made from."""
        if not self.origin:
            return (0, 0)
        start = min(max(start, 0), len(self.origin) - 1)
        last = min(max(end - 1, start), len(self.origin) - 1)
        return (self.origin[start][0], self.origin[last][1])

    def then(self, other: Rewritten) -> Rewritten:
        """`other` rewrites this text further; map its characters back to the first original."""
        return Rewritten(other.text, tuple(self.source_span(a, b) for a, b in other.origin))


def rewrite(text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], str | None]) -> Rewritten:
    """Replace each match of `pattern` by `replace(match)` (None keeps it), then drop spaces next to Chinese.

    Spaces are dropped beside Chinese characters so that a translated word joins the Chinese
    around it (左眼 突然 全黑了 -> 左眼突然全黑了) and the Chinese vocabulary can match.
    """
    chars: list[str] = []
    origin: list[tuple[int, int]] = []
    pos = 0
    for m in pattern.finditer(text):
        new = replace(m)
        if new is None:
            continue
        for i in range(pos, m.start()):
            chars.append(text[i])
            origin.append((i, i + 1))
        for ch in new:
            chars.append(ch)
            origin.append((m.start(), m.end()))
        pos = m.end()
    for i in range(pos, len(text)):
        chars.append(text[i])
        origin.append((i, i + 1))
    keep = [True] * len(chars)
    for i, ch in enumerate(chars):
        if ch != " ":
            continue
        left = next((chars[j] for j in range(i - 1, -1, -1) if chars[j] != " "), "")
        right = next((chars[j] for j in range(i + 1, len(chars)) if chars[j] != " "), "")
        keep[i] = not (_CJK_RE.match(left) or _CJK_RE.match(right))
    return Rewritten(
        "".join(c for c, k in zip(chars, keep, strict=True) if k),
        tuple(o for o, k in zip(origin, keep, strict=True) if k),
    )


def has_chinese(text: str) -> bool:
    return bool(_CJK_RE.search(text))
