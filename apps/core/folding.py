"""Japanese text folded for search: what a reader types and what the sources write, made
comparable, with the way back to the original characters (for highlighting).

Folding, on the text and on the query alike:

* Unicode NFKC, so that half- and full-width forms meet (ｷｰｳ = キーウ, １万 = 1万, ＮＨＫ = NHK),
  then case folding;
* hiragana as katakana, small kana and old kana as their usual forms, ヴ spellings as
  バ, ビ, ブ, ベ, ボ (ヴァイオリン = バイオリン);
* every dash and long-vowel sign as one (ー, －, ―, ‐, — …);
* runs of white space as one space;
* numbers by their value, marked at both ends, so that ``10,000``, ``10000`` and ``1万``
  are one number and a whole number matches only itself (``1万`` does not find ``11万``).

The index reads a folded text as overlapping pairs of characters (``search_tokens``):
a query of any length is a phrase of pairs, one character a prefix of a pair.
"""

import itertools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

# Private-use characters: no source or reader writes them (they are removed from input).
NUMBER_START = "\ue000"
NUMBER_END = "\ue001"
TEXT_END = "\ue002"  # gives a text's last character a pair of its own
_PRIVATE = dict.fromkeys(map(ord, (NUMBER_START, NUMBER_END, TEXT_END)))

_HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(ord("ぁ"), ord("ゖ") + 1)}
_KANA_VARIANTS = {
    **{
        ord(small): big
        for small, big in zip("ァィゥェォッャュョヮヵヶ", "アイウエオツヤユヨワカケ", strict=True)
    },
    ord("ヰ"): "イ",
    ord("ヱ"): "エ",
}
_DASHES = dict.fromkeys(map(ord, "-‐‑‒–—―−─━ｰ"), "ー")
_CHARACTERS = {**_HIRAGANA_TO_KATAKANA, **_KANA_VARIANTS, **_DASHES, **_PRIVATE}

_SPACE = re.compile(r"\s+")
# A number as the sources write it: 10,000 / 10000 / 1.5 / 1万 / 1.2億 / 1万2000.
_NUMBER = re.compile(
    r"(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<unit>[万億])(?P<rest>(?:\d,\d{3}|\d{1,4})(?![\d,.]))?)?"
)
_UNITS = {"万": 10_000, "億": 100_000_000}


def _number(match: re.Match) -> str:
    try:
        value = Decimal(match["value"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        return match[0]
    if match["unit"]:
        value = value * _UNITS[match["unit"]] + Decimal((match["rest"] or "0").replace(",", ""))
    text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{NUMBER_START}{text}{NUMBER_END}"


_VOICING = ("\u3099", "\u309a")  # what NFKC makes of a half-width ﾞ or ﾟ
# ヴ spellings as the usual kana write them (ヴァイオリン = バイオリン, ヴィ = ビ, ヴ = ブ): a small
# vowel after ヴ joins it; before a small ャ, ュ or ョ it is ビ (ヴャチェスラフ = ビャチェスラフ),
# and any ヴ left is ブ, as ヷ, ヸ, ヹ and ヺ are バ, ビ, ベ and ボ.
_AFTER_VU = {
    **dict(zip("ァィゥェォ", "バビブベボ", strict=True)),
    **dict(zip("ぁぃぅぇぉ", "バビブベボ", strict=True)),
}
_VU_BEFORE_SMALL_Y = frozenset("ャュョゃゅょ")
_VU = str.maketrans("ヴヷヸヹヺ", "ブバビベボ")


def _characters(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Each original character folded on its own, and the span each folded one came from."""
    folded, origins = [], []
    for index, character in enumerate(text):
        for written in unicodedata.normalize("NFKC", character).casefold():
            piece = written.translate(_CHARACTERS)
            if folded and folded[-1] == "ヴ":
                if written in _AFTER_VU:  # ヴァ: one kana, from both characters
                    folded[-1] = _AFTER_VU[written]
                    origins[-1] = (origins[-1][0], index + 1)
                    continue
                if written in _VU_BEFORE_SMALL_Y:  # ヴュ: ビ, and ュ on its own, as in ビュ
                    folded[-1] = "ビ"
            if piece in _VOICING and folded:
                # ｶﾞ: the mark joins the kana before it, as NFKC of the whole would join them.
                voiced = unicodedata.normalize("NFC", folded[-1] + piece)
                if len(voiced) == 1:
                    folded[-1] = voiced.translate(_CHARACTERS)
                    origins[-1] = (origins[-1][0], index + 1)
                    continue
            if piece.isspace():
                if folded and folded[-1] == " ":
                    continue
                piece = " "
            folded.append(piece)
            origins.append((index, index + 1))
    return "".join(folded).translate(_VU), origins


def folded_with_origins(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The folded text, and for each of its characters the span of ``text`` it stands for
    (a number's every character stands for the whole number as written)."""
    # Character by character, not NFKC of the whole: the way back must be known. (They
    # differ only for combining sequences, which Japanese sources write precomposed.)
    characters, origins = _characters(text)
    folded, spans, position = [], [], 0
    for match in _NUMBER.finditer(characters):
        start, end = match.span()
        for index in range(position, start):
            folded.append(characters[index])
            spans.append(origins[index])
        number = _number(match)
        span = (origins[start][0], origins[end - 1][1])
        folded.append(number)
        spans.extend([span] * len(number))
        position = end
    for index in range(position, len(characters)):
        folded.append(characters[index])
        spans.append(origins[index])
    return "".join(folded), spans


def fold(text: str) -> str:
    """``text`` as the search compares it."""
    characters, _ = _characters(text)
    return _NUMBER.sub(_number, characters).strip()


def query_terms(query: str) -> list[str]:
    """The folded terms of a query: what it says between spaces, each to be found."""
    return [term for term in fold(query).split(" ") if term]


# A character as letters a–p (its code point in hex, five digits), so that both engines'
# tokenizers read a pair as one plain word, whatever the characters.
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def _code(character: str) -> str:
    return format(ord(character), "05x").translate(_LETTERS)


def search_tokens(folded: str) -> str:
    """The index's words for a folded text: each pair of neighbouring characters, in order."""
    text = folded + TEXT_END
    return " ".join(_code(a) + _code(b) for a, b in itertools.pairwise(text))


def term_tokens(term: str) -> tuple[list[str], bool]:
    """The words a folded term is found by, in order (a phrase), and whether the last is a
    prefix (a term of one character: the first of any pair)."""
    if len(term) == 1:
        return [_code(term)], True
    return [_code(a) + _code(b) for a, b in itertools.pairwise(term)], False


def spans_of(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where in ``text`` (unfolded) each occurrence of each folded term is, merged and in
    order: what a highlight marks."""
    folded, origins = folded_with_origins(text)
    found = []
    for term in terms:
        start = folded.find(term)
        while start != -1:
            end = start + len(term)
            found.append((origins[start][0], origins[end - 1][1]))
            start = folded.find(term, end)
    merged = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def kind_token(label: str) -> str:
    """The index's word for a kind of entry (``events.event``): letters only, never a pair."""
    return "kind" + re.sub(r"[^a-z]", "", label.lower())


def year_token(year: int) -> str:
    return f"year{year}"
