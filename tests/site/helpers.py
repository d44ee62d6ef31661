import re
from html.parser import HTMLParser


class Page(HTMLParser):
    """A tiny DOM summary: ids, links, and the text of elements with chosen classes."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.markers, self.reference_ids = set(), [], [], []
        self._text_stack = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if attrs.get("id", "").startswith("cite-ref-"):
                self.markers.append((attrs["id"], attrs["href"]))
        if tag == "li" and attrs.get("id", "").startswith("cite-note-"):
            self.reference_ids.append(attrs["id"])


def marker_numbers(html) -> list[int]:
    """The footnote numbers of the [n] markers, in page order."""
    return [int(n) for n in re.findall(r'id="cite-ref-\d+-[a-z]+">\[(\d+)\]', html)]


def entry_ids(html, kind=None) -> list[str]:
    pattern = r'<li class="entry entry-(event|estimate)" id="([^"]+)"'
    return [anchor for k, anchor in re.findall(pattern, html) if kind in (None, k)]
