from django import template

from apps.claims import jsonld

register = template.Library()


@register.simple_tag(takes_context=True)
def timeline_json_ld(context, timeline):
    """JSON-LD for the events and claims of a timeline page."""
    request = context["request"]
    site = jsonld.Site(request)
    events, claims, sources = [], [], []
    for group in timeline.groups:
        for item in group.items:
            entry = item.entry
            sources += [c.source for c in entry.citation_list]
            if item.kind == "event":
                events.append(entry)
                event_id = site.entry(entry)
                if entry.claim_status:
                    claims.append((entry, entry.text, event_id))
                for estimate in entry.stated_estimates:
                    claims.append((estimate, estimate.statement, event_id))
                    sources += [c.source for c in estimate.citation_list]
            else:
                claims.append((entry, entry.statement, None))
    return jsonld.graph(site, events=events, claims=claims, sources=sources)


@register.simple_tag(takes_context=True)
def event_json_ld(context, event):
    site = jsonld.Site(context["request"])
    event_id = site.entry(event)
    claims = [(event, event.text, event_id)] if event.claim_status else []
    claims += [(e, e.statement, event_id) for e in event.stated_estimates]
    sources = [c.source for c in event.citation_list]
    sources += [c.source for e in event.stated_estimates for c in e.citation_list]
    return jsonld.graph(site, events=[event], claims=claims, sources=sources)


@register.simple_tag(takes_context=True)
def reports_json_ld(context, systems):
    request = context["request"]
    reports = [r for system in systems for r in system.report_list if r.claim_status]
    claims = [(report, report.text, None) for report in reports]
    sources = [c.source for report in reports for c in report.citation_list]
    return jsonld.graph(jsonld.Site(request), claims=claims, sources=sources)


@register.simple_tag(takes_context=True)
def source_json_ld(context, source):
    return jsonld.script(
        {
            "@context": jsonld.CONTEXT,
            **jsonld.news_article(source, jsonld.Site(context["request"])),
        }
    )
