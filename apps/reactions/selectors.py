from itertools import groupby

from django.core.paginator import Paginator

from apps.sources.footnotes import Footnotes
from apps.sources.selectors import attach_citations, attach_links

from .models import Reaction, ReactionCitation, ReactionGroup

PAGE_SIZE = 100


def reactions_with_details():
    return Reaction.objects.published().order_by("date", "-date_last", "pk")


def reactions_by_group(page_number=None):
    """A page of reactions grouped as in the article, in date order, with their footnotes."""
    ordered = reactions_with_details().order_by("group_position", "date", "-date_last", "pk")
    page = Paginator(ordered, PAGE_SIZE).page(page_number or 1)
    reactions = list(page.object_list)
    attach_citations((ReactionCitation, reactions))
    attach_links((reactions, "actors"), (reactions, "places"))
    footnotes = Footnotes()
    groups = []
    for group, members in groupby(reactions, key=lambda r: r.group):
        members = list(members)
        footnotes.annotate(members)
        groups.append((ReactionGroup(group), members))
    return page, groups, footnotes
