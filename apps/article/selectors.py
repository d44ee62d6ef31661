from itertools import groupby

from django.db.models import Prefetch

from apps.places.models import Place
from apps.sources.footnotes import Footnotes
from apps.sources.selectors import attach_citations

from .models import Article, Passage, PassageCitation, Section

SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


def the_article():
    places = Prefetch("places", queryset=Place.objects.published().select_related("parent"))
    return Article.objects.published().prefetch_related(places).order_by("pk").first()


def article_with_passages():
    """The article's prose, section by section in the article's order, with footnotes."""
    article = the_article()
    if article is None:
        return None, [], Footnotes()
    passages = sorted(
        Passage.objects.published().filter(article=article),
        key=lambda p: (SECTION_ORDER.get(p.section, 99), p.position),
    )
    attach_citations((PassageCitation, passages))
    footnotes = Footnotes()
    footnotes.annotate(passages)
    sections = [(Section(s), list(ps)) for s, ps in groupby(passages, key=lambda p: p.section)]
    return article, sections, footnotes


def article_heading():
    """The article's title for page headers: one query, no links."""
    return Article.objects.published().order_by("pk").values("title").first()
