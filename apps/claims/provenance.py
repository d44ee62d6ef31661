"""On whose word an entry rests: the origins its citations trace back to."""


def origin_of(citation):
    """The origin of one citation: the actor the outlet reports (its country or organisation),
    else the outlet itself."""
    if citation.via_root:
        return ("actor", *citation.via_root)
    source = citation.source
    outlet = source.publisher or source.work
    return ("outlet", outlet, outlet)


def origins(citations) -> list[tuple]:
    seen = {}
    for citation in citations:
        key = origin_of(citation)
        seen.setdefault(key[:2], key)
    return list(seen.values())
