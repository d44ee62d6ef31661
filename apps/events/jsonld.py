"""The JSON-LD documents of the timeline and of an event's page (see ``claims.jsonld``)."""

from django.utils.safestring import SafeString

from apps.claims import jsonld
from apps.core.jsonld import Site

from .rows import EventRow, TimelinePage


def timeline_document(site: Site, page: TimelinePage) -> SafeString:
    """The events and claims of a timeline page, briefly: their names, dates, places and
    claimants, each with its page, whose own document has its text and its sources (the
    whole of each on a list of fifty made the document a quarter of the page)."""
    events, claims = [], []
    for group in page.groups:
        for item in group.items:
            row = item.row
            if item.kind == "event":
                events.append(row)
                claims += [(e, e.statement, site.entry(row), e.claimant) for e in row.estimates]
                if row.claim.status:
                    claims.append((row, row.title, site.entry(row), row.claimant))
            else:
                claims.append((row, row.statement, None, row.claimant))
    return jsonld.graph(site, events=events, claims=claims, brief=True)


def event_document(site: Site, row: EventRow, corrections=()) -> SafeString:
    """The event, its claims and sources; the page itself carries the event's corrections
    (schema.org ``correction`` belongs to a creative work, not to an event)."""
    sources = [c.source for c in row.citations]
    sources += [c.source for e in row.estimates for c in e.citations]
    return jsonld.graph(
        site,
        events=[row],
        claims=_event_claims(site, row),
        sources=sources,
        page=jsonld.corrected_page(site, row, corrections) if corrections else None,
    )


def _event_claims(site, row) -> list:
    """The event itself when it is a claim, and the troop estimates its text states."""
    about = site.entry(row)
    claims = [(row, row.text, about, row.claimant)] if row.claim.status else []
    return claims + [(e, e.statement, about, e.claimant) for e in row.estimates]
