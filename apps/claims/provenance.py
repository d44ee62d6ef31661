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


def is_single_origin(entry) -> bool:
    """True when every citation of the entry traces back to one origin (``citation_list``)."""
    return len(origins(entry.citation_list)) == 1


def annotate_origins(entries) -> None:
    """Give each entry ``origins`` (names) and ``single_origin`` (``citation_list`` loaded)."""
    for entry in entries:
        found = origins(entry.citation_list)
        entry.origin_names = [name for _, _, name in found]
        entry.single_origin = len(found) == 1
