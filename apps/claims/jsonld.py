"""schema.org in JSON-LD: Event for events, Claim (with its appearances) for claims,
NewsArticle for sources. Search engines and fact-checking tools read these.

The nodes are built from the rows the pages show (an event's, a claim's, a
source's); the page's template puts the document in its ``<script>`` element.
"""

from django.utils.safestring import SafeString

from apps.core.dates import DatePrecision
from apps.core.jsonld import CONTEXT, Site, document, news_article

__all__ = ["claim_node", "event_node", "graph", "reports_graph"]


def _party(party):
    return {"@type": "Person" if party.kind == "person" else "Organization", "name": party.name}


def _dates(row) -> dict:
    fuzzy = row.date
    if fuzzy is None:
        return {}
    if fuzzy.undated:  # no date of its own; the day it was reported is when it was published
        return {"start": None, "end": None, "reported": fuzzy.start.isoformat()}
    # A part of a month is given as its month: schema.org dates know no 上旬.
    text = fuzzy.machine if fuzzy.precision == DatePrecision.PART else fuzzy.isoformat()
    start, _, end = text.partition("/")
    return {"start": start, "end": end or None}


def event_node(event, site: Site, brief=False) -> dict:
    """An event; ``brief``: without its text and sources, which its own page's document
    gives (a list of events names them)."""
    dates = _dates(event)
    url = site.entry(event)
    node = {
        "@type": "Event",
        "@id": url,
        "name": event.title,
        "description": None if brief else event.text,
        "startDate": dates.get("start"),
        "url": url,
        "location": [{"@type": "Place", "name": place.name} for place in event.places],
        "subjectOf": None if brief else [{"@id": site.article(c.source)} for c in event.citations],
    }
    if dates.get("end"):
        node["endDate"] = dates["end"]
    return {k: v for k, v in node.items() if v is not None}


def claim_node(row, text, site: Site, about=None, party=None, brief=False) -> dict:
    """A claim: ``row`` its entry's row, ``party`` who makes it (a ``Link``), if known;
    ``brief``: without where it appeared, which its entry's page gives."""
    url = site.entry(row)
    appearances = [] if brief else [{"@id": site.article(c.source)} for c in row.citations]
    node = {
        "@type": "Claim",
        "@id": url + ("#claim" if "#" not in url else "-claim"),
        "text": text,
        "appearance": appearances,
        "firstAppearance": appearances[0] if appearances else None,
    }
    if party is not None:
        node["author"] = _party(party)
    dates = _dates(row)
    if dates.get("start") or dates.get("reported"):
        node["datePublished"] = dates.get("start") or dates["reported"]
    if about:
        node["about"] = {"@id": about}
    return {k: v for k, v in node.items() if v is not None}


def graph(site: Site, events=(), claims=(), sources=(), page=None, brief=False) -> SafeString:
    """One JSON-LD document: events, claims as (row, text, about, party) and their sources,
    and the page's own node (``page``) when it has something to say, as corrections.
    ``brief``: a list's document, each node pointing to its entry's page for the rest."""
    nodes = [page] if page else []
    nodes += [event_node(event, site, brief) for event in events]
    nodes += [
        claim_node(row, text, site, about, party, brief) for row, text, about, party in claims
    ]
    seen, articles = set(), []
    for source in sources:
        if source.pk not in seen:
            seen.add(source.pk)
            articles.append(news_article(source, site))
    return document({"@context": CONTEXT, "@graph": nodes + articles})


def corrected_page(site: Site, row, corrections) -> dict:
    """The page of an entry as a schema.org ``WebPage`` about it, with its corrections as
    ``CorrectionComment``s, newest first."""
    url = site.entry(row)
    return {
        "@type": "WebPage",
        "@id": f"{url}#page",
        "url": url,
        "about": {"@id": url},
        "correction": [
            {
                "@type": "CorrectionComment",
                "text": correction.note,
                "datePublished": correction.published_at.isoformat(),
                "inLanguage": "ja",
            }
            for correction in corrections
        ],
    }


def reports_graph(site: Site, systems) -> SafeString:
    """The claims of a page of weapon reports (rows of systems, each with its reports)."""
    reports = [r for system in systems for r in system.reports if r.claim.status]
    claims = [(report, report.text, None, report.observer) for report in reports]
    sources = [c.source for report in reports for c in report.citations]
    return graph(site, claims=claims, sources=sources)
