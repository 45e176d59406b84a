"""Small number helpers: Chinese numerals, English number words, length-preserving normalisation."""

from __future__ import annotations

import re
import unicodedata

from coach.chinese_script import to_simplified

CN_DIGITS: dict[str, int] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS: dict[str, int] = {"十": 10, "百": 100, "千": 1000}
CN_NUMERAL_CHARS = "".join(CN_DIGITS) + "".join(CN_UNITS)

EN_NUMBER_WORDS: dict[str, int] = {
    "one": 1,
    "a": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a couple of": 2,
    "couple of": 2,
    "a few": 3,
    "few": 3,
}

_CHAR_FIXES = {"’": "'", "‘": "'", "“": '"', "”": '"', "\u3000": " "}


def normalise(text: str) -> str:
    """Lower-case NFKC, Simplified form of `text` with exactly the same length (so spans stay valid).

    Full-width digits, letters and punctuation become ASCII; a character whose
    normal form would change the length is kept as it is.
    """
    out: list[str] = []
    for ch in text:
        fixed = _CHAR_FIXES.get(ch)
        if fixed is not None:
            out.append(fixed)
            continue
        norm = unicodedata.normalize("NFKC", ch)
        if len(norm) != 1:
            norm = ch
        low = norm.lower()
        out.append(low if len(low) == 1 else norm)
    fixed = _KEYWORD_SLIPS.sub("血", to_simplified("".join(out)))
    return _SECOND_SLIP_RE.sub(lambda m: _SECOND_SLIPS[m.group(0)], fixed)


# Input-method slips in the two commonest reading words (雪糖, 学压): same length, so spans hold.
_KEYWORD_SLIPS = re.compile(r"(?<![白冰下滑积踏赏飘])[雪学穴](?=[糖压](?![力迫]))")
# Voice input's homophones of the second character: 血堂 and 血唐 are 血糖 (xuetang), 血押 is 血压 (xueya); not
# 血鸭, which is a dish.
_SECOND_SLIPS = {"堂": "糖", "唐": "糖", "押": "压"}
_SECOND_SLIP_RE = re.compile(r"(?<=血)[堂唐押]")


def _well_formed(text: str) -> bool:
    """Place values fall from left to right and a digit follows a unit (or 零): 一百二十五 is, 一百二十五八十 is not."""
    last_unit, prev_digit = 10**9, None
    for ch in text:
        if ch in CN_DIGITS:
            if prev_digit is not None and prev_digit != "零":
                return False
            prev_digit = ch
            continue
        if CN_UNITS[ch] >= last_unit:
            return False
        last_unit, prev_digit = CN_UNITS[ch], None
    return True


def spoken_pairs(text: str) -> list[tuple[int, int]]:
    """Every way to read a run of numerals as two numbers said one after the other (血压一百二十五八十: 125 and 80;
    一百八十九十五: 189/15 or 180/95), each well formed and the second starting with a digit; the caller keeps the
    plausible one. The second may start with 十 (十四十五) but not with a bare 百 (一百八十一百 is 180 and 100)."""
    out = []
    for cut in range(len(text) - 1, 0, -1):
        first, second = text[:cut], text[cut:]
        starts_a_number = (second[0] in CN_DIGITS and second[0] not in "零〇") or (second[0] == "十" and len(second) > 1)
        if not starts_a_number or not (_well_formed(first) and _well_formed(second)):
            continue
        a, b = _read_int(first), _read_int(second)
        if a is not None and b is not None:
            out.append((a, b))
    return out


_ABBREVIATED_RANGE = re.compile(r"(?P<before>.*?)(?P<low>[一二两三四五六七八九])(?P<high>[一二两三四五六七八九])(?P<unit>[十百]?)")


def spoken_range(text: str) -> tuple[int, int] | None:
    """A number and the next one said together: 十七八 (17-18), 一百五六十 (150-160), 两三 (2-3), 十四十五 (14-15),
    一百八一百九 (180-190)."""
    m = _ABBREVIATED_RANGE.fullmatch(text)
    if m is not None and CN_DIGITS[m["high"]] == CN_DIGITS[m["low"]] + 1:
        low = _read_int(m["before"] + m["low"] + m["unit"])
        high = _read_int(m["before"] + m["high"] + m["unit"])
        if low is not None and high is not None:
            return low, high
    for low, high in spoken_pairs(text):
        if high - low in (1, 10, 100) and (high - low == 1 or low % (high - low) == 0):
            return low, high
    return None


def cn_int(text: str) -> int | None:
    """Convert a Chinese integer numeral (三, 十二, 一百八, 一百零五, 七十二) to int. A range said together (十七八,
    两三) reads as its higher number, the safer one for a reading; two other numbers run together (一百二十五八十)
    are not one number: None."""
    value = _read_int(text)
    if value is not None or not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return value
    said_together = spoken_range(text)
    return said_together[1] if said_together is not None else None


def _read_int(text: str) -> int | None:
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text) or not _well_formed(text):
        return None
    total = 0
    current = 0
    last_unit = 1
    prev_was_unit = False
    for ch in text:
        if ch in CN_DIGITS:
            current = CN_DIGITS[ch]
            prev_was_unit = False
            continue
        unit = CN_UNITS[ch]
        if current == 0 and total == 0:
            current = 1  # 十二 = 12
        total += current * unit
        current = 0
        last_unit = unit
        prev_was_unit = True
    if current:
        # Colloquial 一百八 = 180, 两千五 = 2500: a bare digit right after a unit.
        if last_unit >= 100 and len(text) >= 2 and text[-2] in CN_UNITS and not prev_was_unit:
            total += current * (last_unit // 10)
        else:
            total += current
    return total


def cn_number(text: str) -> float | None:
    """Convert a Chinese numeral with an optional decimal part (七十二点五) to float."""
    if "点" in text:
        whole, _, frac = text.partition("点")
        whole_value = cn_int(whole)
        if whole_value is None or not frac or any(ch not in CN_DIGITS for ch in frac):
            return None
        digits = "".join(str(CN_DIGITS[ch]) for ch in frac)
        return float(f"{whole_value}.{digits}")
    value = cn_int(text)
    return None if value is None else float(value)


def count_value(text: str) -> int | None:
    """A small count written as digits, Chinese numerals or English words (3, 三, 两, three)."""
    token = text.strip().lower()
    if token.isdigit():
        return int(token)
    if token in EN_NUMBER_WORDS:
        return EN_NUMBER_WORDS[token]
    if token == "几":
        return 3
    return cn_int(token)
