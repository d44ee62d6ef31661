"""The seed article, parsed: body sentences with their footnote markers, and the reference list."""

import re
from dataclasses import dataclass
from pathlib import Path

ARTICLE = Path(__file__).resolve().parent.parent / "data" / "seed-article.txt"
MARKER = re.compile(r"\[(\d+)\]")
JP_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


@dataclass
class Reference:
    number: int
    title: str
    published_on: str
    accessed_on: str
    backlinks: int


def _lines():
    return ARTICLE.read_text(encoding="utf-8").splitlines()


def body_sentences():
    """(sentence without markers, [footnote numbers]) for every sentence of the body."""
    lines = _lines()
    body = lines[1 : lines.index("脚注")]
    sentences = []
    for line in body:
        if "|" in line or "。" not in line:
            continue  # infobox rows and headings
        line = line.removeprefix("編集")
        for raw in re.findall(r"[^。]+。?", line):
            text = MARKER.sub("", raw).strip()
            if text:
                sentences.append((text, [int(n) for n in MARKER.findall(raw)]))
    return sentences


def _iso(match):
    year, month, day = (int(part) for part in match.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def references():
    refs = []
    for line in _lines():
        line = line.removeprefix("編集")
        if not line.startswith("- ^ "):
            continue
        rest = line.removeprefix("- ^ ")
        backlinks = 1
        letters = re.match(r"((?:[a-z] )+)", rest)
        if letters:
            backlinks = len(letters.group(1).split())
            rest = rest[letters.end() :]
        rest = re.sub(r"^[^“「]*?\(\d{4}年\d{1,2}月\d{1,2}日\)\. ", "", rest)  # author (date).
        if rest.startswith("「"):
            title = re.match(r"「(.*)」『", rest).group(1)
        else:
            title = re.match(r"“(.*?)”\. ", rest).group(1)
        dates = [_iso(m) for m in JP_DATE.finditer(line)]
        refs.append(Reference(len(refs) + 1, title, dates[0], dates[-1], backlinks))
    return refs


def grams(text: str, size: int = 4) -> set[str]:
    """Character n-grams: Japanese has no spaces to split words on."""
    text = re.sub(r"\s", "", text)
    return {text[i : i + size] for i in range(max(len(text) - size + 1, 1))}


def coverage(part: str, whole: str) -> float:
    part_grams = grams(part)
    return len(part_grams & grams(whole)) / len(part_grams)
