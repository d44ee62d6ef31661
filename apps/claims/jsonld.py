"""schema.org in JSON-LD: Event for events, Claim (with its appearances) for claims,
NewsArticle for sources. Search engines and fact-checking tools read these."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from apps.core.links import site_origin, slug_urls

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

    def entry(self, entry) -> str:
        return self.origin + entry.get_absolute_url()


def script(data) -> SafeString:
    # A JSON document in HTML must not be able to close its <script> element.
    text = (
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
        .replace("<", "\\u003C")
        .replace(">", "\\u003E")
        .replace("&", "\\u0026")
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308


def _party(actor):
    return {"@type": "Person" if actor.kind == "person" else "Organization", "name": actor.name}


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


def _dates(entry) -> dict:
    fuzzy = entry.fuzzy_date
    if fuzzy is None:
        return {}
    start, _, end = fuzzy.isoformat().partition("/")
    return {"start": start, "end": end or None}


def event_node(event, site: Site) -> dict:
    dates = _dates(event)
    url = site.entry(event)
    node = {
        "@type": "Event",
        "@id": url,
        "name": event.title,
        "description": event.text,
        "startDate": dates["start"],
        "url": url,
        "location": [{"@type": "Place", "name": place.name} for place in event.places_list],
        "subjectOf": [{"@id": site.article(c.source)} for c in event.citation_list],
    }
    if dates["end"]:
        node["endDate"] = dates["end"]
    return node


def claim_node(entry, text, site: Site, about=None) -> dict:
    url = site.entry(entry)
    appearances = [{"@id": site.article(c.source)} for c in entry.citation_list]
    node = {
        "@type": "Claim",
        "@id": url + ("#claim" if "#" not in url else "-claim"),
        "text": text,
        "appearance": appearances,
        "firstAppearance": appearances[0] if appearances else None,
    }
    claimant = getattr(entry, "claimant", None) or getattr(entry, "observer", None)
    if claimant is not None:
        node["author"] = _party(claimant)
    dates = _dates(entry)
    if dates.get("start"):
        node["datePublished"] = dates["start"]
    if about:
        node["about"] = {"@id": about}
    return {k: v for k, v in node.items() if v is not None}


def graph(site: Site, events=(), claims=(), sources=()) -> SafeString:
    """One JSON-LD document: events, claims as (entry, text, about) and their sources."""
    nodes = [event_node(event, site) for event in events]
    nodes += [claim_node(entry, text, site, about) for entry, text, about in claims]
    seen, articles = set(), []
    for source in sources:
        if source.pk not in seen:
            seen.add(source.pk)
            articles.append(news_article(source, site))
    return script({"@context": CONTEXT, "@graph": nodes + articles})
