"""schema.org JSON-LD the pages share: absolute URLs, the document, a source's node."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from .links import site_origin, slug_urls

CONTEXT = "https://schema.org"


class Site:
    """Absolute URLs for one document: a page's JSON-LD names each source several times."""

    def __init__(self, request):
        self.origin = site_origin(request)
        self._source_path = slug_urls("sources:detail")

    def source_page(self, source) -> str:
        return self.origin + self._source_path(source.slug)

    def article(self, source) -> str:
        return f"{self.source_page(source)}#article"

    def entry(self, row) -> str:
        return self.origin + row.url


def document(data) -> SafeString:
    """JSON for a ``<script type="application/ld+json">``: it cannot close the element."""
    text = (
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
        .replace("<", "\\u003C")
        .replace(">", "\\u003E")
        .replace("&", "\\u0026")
    )
    return mark_safe(text)  # noqa: S308 - no <, > or & is left to end the script


def news_article(source, site: Site) -> dict:
    node = {
        "@type": "NewsArticle",
        "@id": site.article(source),
        "headline": source.title,
        "datePublished": source.published_on.isoformat(),
        "publisher": {"@type": "Organization", "name": source.publisher or source.work},
        "isPartOf": {"@type": "Periodical", "name": source.work},
        "inLanguage": source.language,
        "url": source.url or site.source_page(source),
    }
    if source.author:
        node["author"] = {"@type": "Person", "name": source.author}
    if source.archive_url:
        node["archivedAt"] = source.archive_url
    return node


def source_document(site: Site, source) -> SafeString:
    """The JSON-LD of a source's own page."""
    return document({"@context": CONTEXT, **news_article(source, site)})
