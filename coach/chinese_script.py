"""Traditional Chinese read as Simplified, one character for one character.

Members in Hong Kong, Taiwan and overseas type 媽, 個, 頭暈; the lexicons, the triage rules and the
safety net's training data are written in Simplified. Only single-character conversions are used
(zhconv's MediaWiki table), so the text keeps its length and every span found on the converted copy
points at the member's own characters.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    from zhconv.zhconv import getdict

    return {ord(k): v for k, v in getdict("zh-hans").items() if len(k) == 1 and len(v) == 1 and k != v}


def to_simplified(text: str) -> str:
    """`text` with each Traditional character replaced by its Simplified form; same length."""
    if text.isascii():
        return text
    return text.translate(_table())
