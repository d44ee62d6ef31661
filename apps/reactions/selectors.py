from itertools import groupby

from django.core.paginator import Paginator

from apps.core.choices import choice_labels
from apps.sources.footnotes import Footnotes
from apps.sources.selectors import load_citations, load_links

from .models import Reaction, ReactionCitation, ReactionKind
from .rows import ReactionGroupRow, ReactionRow

PAGE_SIZE = 100


def reactions_with_details():
    return Reaction.objects.published().order_by("date", "-date_last", "pk")


def reaction_rows(
    reactions, citations, actors, places, footnotes: Footnotes, supporters=None
) -> list[ReactionRow]:
    """Rows of ``reactions``, their footnotes numbered on ``footnotes`` in this order;
    ``citations``, ``actors``, ``places`` and ``supporters`` (if the page shows them) as
    ``load_citations``/``load_links`` read them."""
    kinds = choice_labels(ReactionKind)
    return [
        ReactionRow(
            reaction.slug,
            reaction.get_absolute_url(),
            reaction.fuzzy_date,
            kinds.get(reaction.kind, reaction.kind),
            reaction.summary,
            reaction.quotations,
            footnotes.cite(citations[reaction.pk]),
            actors[reaction.pk],
            places[reaction.pk],
            supporters[reaction.pk] if supporters is not None else [],
        )
        for reaction in reactions
    ]


def reactions_by_group(page_number=None):
    """A page of reactions grouped as in the article, in date order, with their footnotes."""
    ordered = reactions_with_details().order_by("group_position", "date", "-date_last", "pk")
    page = Paginator(ordered, PAGE_SIZE).page(page_number or 1)
    reactions = list(page.object_list)
    ids = [r.pk for r in reactions]
    (citations,) = load_citations((ReactionCitation, ids))
    actors, places, supporters = load_links(
        (Reaction, "actors", ids), (Reaction, "places", ids), (Reaction, "supporters", ids)
    )
    footnotes = Footnotes()
    groups = [
        ReactionGroupRow(
            group, reaction_rows(members, citations, actors, places, footnotes, supporters)
        )
        for group, members in groupby(reactions, key=lambda r: r.group)
    ]
    return page, groups, footnotes.references()
