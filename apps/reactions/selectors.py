from itertools import groupby

from apps.sources.footnotes import Footnotes
from apps.sources.selectors import citations_prefetch

from .models import Reaction, ReactionCitation, ReactionGroup

GROUP_ORDER = {value: index for index, value in enumerate(ReactionGroup.values)}


def reactions_with_details():
    return (
        Reaction.objects.published()
        .prefetch_related(citations_prefetch(ReactionCitation), "actors", "places")
        .order_by("date", "-date_last", "pk")
    )


def reactions_by_group():
    """Reactions grouped as in the article, in date order, with their footnotes."""
    reactions = sorted(reactions_with_details(), key=lambda r: GROUP_ORDER.get(r.group, 99))
    footnotes = Footnotes()
    groups = []
    for group, members in groupby(reactions, key=lambda r: r.group):
        members = list(members)
        footnotes.annotate(members)
        groups.append((ReactionGroup(group), members))
    return groups, footnotes
