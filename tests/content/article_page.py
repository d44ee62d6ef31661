"""The public /article/ page read back as text: its sentences, markers, headings, references."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class ArticlePage:
    text: str = ""  # the article's words in order, markers and entry links left out
    markers: list[int] = field(default_factory=list)  # every [n] in reading order
    headings: list[str] = field(default_factory=list)
    references: dict[int, tuple[str, int]] = field(default_factory=dict)  # n → (title, uses)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.page = ArticlePage()
        self.depth = {"article": 0, "sup": 0, "entry-link": 0, "heading": 0, "cite": 0}
        self.in_references = False
        self.reference = None
        self.heading = ""
        self.cite = ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "article":
            self.depth["article"] += 1
        if tag == "sup":
            self.depth["sup"] += 1
        if tag == "a" and "entry-link" in (attrs.get("class") or ""):
            self.depth["entry-link"] += 1
        if tag in ("h2", "h3") and self.depth["article"]:
            self.depth["heading"] += 1
            self.heading = ""
        if tag == "section" and "references" in (attrs.get("class") or ""):
            self.in_references = True
        if self.in_references and tag == "li":
            self.reference = [int(attrs["value"]), "", 0]
        if self.reference and tag == "a" and (attrs.get("href") or "").startswith("#cite-ref-"):
            self.reference[2] += 1
        if self.reference and tag == "cite":
            self.depth["cite"] += 1

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth["article"] -= 1
        if tag == "sup":
            self.depth["sup"] -= 1
        if tag == "a" and self.depth["entry-link"]:
            self.depth["entry-link"] -= 1
        if tag in ("h2", "h3") and self.depth["heading"]:
            self.depth["heading"] -= 1
            self.page.headings.append(self.heading.strip())
        if tag == "cite" and self.depth["cite"]:
            self.depth["cite"] -= 1
        if tag == "li" and self.reference:
            number, title, uses = self.reference
            self.page.references[number] = (title, uses)
            self.reference = None

    def handle_data(self, data):
        if self.reference and self.depth["cite"]:
            self.reference[1] += data
        if not self.depth["article"]:
            return
        if self.depth["heading"]:
            self.heading += data
            return
        if self.depth["sup"]:
            self.page.markers += [int(n) for n in re.findall(r"\[(\d+)\]", data)]
            return
        if self.depth["entry-link"]:
            return
        self.page.text += data


def read_article_page(html: str) -> ArticlePage:
    reader = _Reader()
    reader.feed(html)
    return reader.page
