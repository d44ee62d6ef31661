"""Footnotes numbered like Wikipedia's: in order of first use on the page.

A source cited several times gets one number and one entry in the reference
list, with a backlink (a, b, c…) to each place that cites it.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from string import ascii_lowercase

from django.core.exceptions import ObjectDoesNotExist
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from apps.core.html import esc, safe


def backlink_label(index: int) -> str:
    """0 → a, 25 → z, 26 → aa, like Wikipedia's reference backlinks."""
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = ascii_lowercase[remainder] + label
    return label


@dataclass(frozen=True)
class Marker:
    number: int
    use_id: str

    @property
    def note_id(self) -> str:
        return f"cite-note-{self.number}"


def format_citation(source) -> SafeString:
    """A source as a news citation, like Wikipedia's cite news (escaped HTML).

    David Axe (2024年8月1日). “title”. フォーブス ジャパン. 2025年1月12日閲覧。
    “title”. 朝日新聞 (2024年10月30日). 2024年11月4日閲覧。
    """
    return _format_citation(
        get_language(),
        _link_state(source),
        source.archive_url,
        source.title,
        source.work,
        source.publisher,
        source.author,
        source.published_on,
        source.accessed_on,
        source.url,
        source.language,
    )


# Memoised on every value it shows: a reference list formats hundreds of sources.
@lru_cache(maxsize=4096)
def _format_citation(
    ui_language,
    link_state,
    archive_url,
    title,
    work,
    publisher,
    author,
    published_on,
    accessed_on,
    url,
    language,
) -> SafeString:
    published = formats.date_format(published_on, "DATE_FORMAT")
    title = format_html("<cite>{}</cite>", title)
    if url and link_state == "dead":
        # The link no longer answers: lead to the archived copy when there is one.
        if archive_url:
            title = format_html(
                '<a href="{}" rel="noopener noreferrer nofollow">{}</a> ({})',
                archive_url,
                title,
                gettext("archived copy; the original link is dead"),
            )
        else:
            title = format_html("{} ({})", title, gettext("link dead"))
    elif url:
        title = format_html('<a href="{}" rel="noopener noreferrer nofollow">{}</a>', url, title)
    elif archive_url:
        title = format_html(
            '<a href="{}" rel="noopener noreferrer nofollow">{}</a> ({})',
            archive_url,
            title,
            gettext("archived copy"),
        )
    work = format_html('<span class="work">{}</span>', work)
    if publisher:
        work = format_html("{}. {}", work, publisher)
    if author:
        body = format_html("{} ({}). “{}”. {}.", author, published, title, work)
    else:
        body = format_html("“{}”. {} ({}).", title, work, published)
    retrieved = gettext("Retrieved %(date)s.") % {
        "date": formats.date_format(accessed_on, "DATE_FORMAT")
    }
    return format_html('<span class="citation" lang="{}">{}</span> {}', language, body, retrieved)


def _link_state(source) -> str:
    """What the link checks found; pages select ``link_status`` with their sources."""
    try:
        return source.link_status.state
    except ObjectDoesNotExist:
        return "unknown"


class Markers(list):
    """An entry's markers; rendered in a template as ``<sup class="fn">[1][2]</sup>``.

    Rendering them here rather than through a template tag keeps long pages fast.
    """

    def __str__(self) -> SafeString:
        if not self:
            return SafeString("")
        links = "".join(
            f'<a href="#{m.note_id}" id="{esc(m.use_id)}">[{m.number}]</a>' for m in self
        )
        return SafeString(f'<sup class="fn">{links}</sup>')

    __html__ = __str__


@dataclass
class Reference:
    number: int
    source: object
    uses: list[str] = field(default_factory=list)

    @property
    def note_id(self) -> str:
        return f"cite-note-{self.number}"

    @property
    def citation(self) -> SafeString:
        return format_citation(self.source)

    @property
    def backlinks(self) -> SafeString:
        """``^`` back to a single use, or ``^ a b c`` back to each."""
        if len(self.uses) == 1:
            label = gettext("Back to citation %(number)s") % {"number": self.number}
            return SafeString(f'<a href="#{esc(self.uses[0])}" aria-label="{esc(label)}">^</a>')
        template = gettext("Back to citation %(number)s, use %(label)s")
        links = " ".join(
            f'<a href="#{esc(use)}" aria-label="'
            f'{esc(template % {"number": self.number, "label": backlink_label(i)})}">'
            f"{backlink_label(i)}</a>"
            for i, use in enumerate(self.uses)
        )
        return SafeString(f"^ {links}")


class Footnotes:
    """Collects the citations of a page in display order."""

    def __init__(self):
        self._by_source: dict[int, Reference] = {}
        self.references: list[Reference] = []

    def list_items(self) -> SafeString:
        """The ``<li>`` of the reference list, numbered, with their backlinks."""
        return safe(
            *(
                f'<li id="{r.note_id}" value="{r.number}">'
                f'<span class="backlinks">{r.backlinks}</span> {r.citation}</li>'
                for r in self.references
            )
        )

    def cite(self, citations) -> Markers:
        """Markers for one entry's citations (already in their order, sources loaded)."""
        markers = Markers()
        for citation in citations:
            reference = self._by_source.get(citation.source_id)
            if reference is None:
                reference = Reference(len(self.references) + 1, citation.source)
                self._by_source[citation.source_id] = reference
                self.references.append(reference)
            use_id = f"cite-ref-{reference.number}-{backlink_label(len(reference.uses))}"
            reference.uses.append(use_id)
            markers.append(Marker(reference.number, use_id))
        return markers

    def annotate(self, entries) -> None:
        """Give each entry ``.markers``, in the order given (``citation_list`` prefetched)."""
        for entry in entries:
            entry.markers = self.cite(entry.citation_list)
