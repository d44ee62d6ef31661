"""The reactions of the reactions page as HTML (see ``apps.events.fragments`` for why)."""

from apps.core.fragments import entry_links, time_element
from apps.core.html import choice_labels, esc, safe

from .models import ReactionKind


def reaction_items(reactions) -> str:
    """The ``<li>`` of each reaction: date, kind, summary with footnotes, quotations, links."""
    kinds = choice_labels(ReactionKind)
    items = []
    for reaction in reactions:
        quotations = "".join(
            f'<blockquote class="quotation"><p>「{esc(quotation)}」</p></blockquote>'
            for quotation in reaction.quotations
        )
        items.append(
            f'<li class="entry" id="{esc(reaction.slug)}"><article lang="ja">'
            f'<p class="entry-meta">{time_element(reaction.fuzzy_date)} '
            f'<span class="badge">{esc(kinds.get(reaction.kind, reaction.kind))}</span></p>'
            f'<p class="entry-text">{esc(reaction.summary)}{esc(reaction.markers)}</p>'
            f"{quotations}{entry_links(reaction.actors_list, reaction.places_list)}"
            "</article></li>"
        )
    return safe(*items)
