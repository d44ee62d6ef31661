"""Troop figures as the article writes them: 1,500人, 約1万2000人, 1万2,000人, 10万人, 数百人."""

import re

# A number of people: digits with 万 and thousands separators, or 数百/数千/数万.
_FIGURE = re.compile(r"(数十万|数十|数百|数千|数万|\d[\d,]*(?:万(?:\d[\d,]*)?)?)人")
_VAGUE = {"数十": 10, "数百": 100, "数千": 1000, "数万": 10_000, "数十万": 100_000}


def parse_figure(words: str) -> int:
    """1万2,000 → 12000, 3,000 → 3000, 10万 → 100000, 数百 → 100 (the order)."""
    if words in _VAGUE:
        return _VAGUE[words]
    high, _, low = words.replace(",", "").partition("万")
    if not _:
        return int(high)
    return int(high) * 10_000 + int(low or 0)


def figures_in(text: str) -> list[tuple[str, int]]:
    """(as written, value) of every number of people in ``text``; "1人" is left out (one
    of two prisoners, not a figure)."""
    found = []
    for match in _FIGURE.finditer(text):
        value = parse_figure(match.group(1))
        if value > 1:
            found.append((match.group(0), value))
    return found
