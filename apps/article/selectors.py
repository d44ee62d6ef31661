from itertools import groupby

from django.db.models import Prefetch

from apps.places.models import Place
from apps.sources.footnotes import Footnotes
from apps.sources.selectors import load_citations

from .models import Article, Passage, PassageCitation, Section
from .rows import ArticleRow, PassageRow, SectionRow

SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


def the_article():
    places = Prefetch("places", queryset=Place.objects.published().select_related("parent"))
    return Article.objects.published().prefetch_related(places).order_by("pk").first()


def article_with_passages():
    """The article's prose, section by section in the article's order, with its footnotes."""
    article = the_article()
    if article is None:
        return None, []
    passages = sorted(
        Passage.objects.published().filter(article=article),
        key=lambda p: (SECTION_ORDER.get(p.section, 99), p.position),
    )
    (citations,) = load_citations((PassageCitation, [p.pk for p in passages]))
    footnotes = Footnotes()
    sections = [
        SectionRow(
            section,
            [PassageRow(p.slug, p.text, footnotes.cite(citations[p.pk])) for p in members],
        )
        for section, members in groupby(passages, key=lambda p: p.section)
    ]
    places = [
        f"{place.parent.name} {place.name}" if place.parent else place.name
        for place in article.places.all()
    ]
    row = ArticleRow(
        article.title, article.reading, article.part_of, places, article.result, sections
    )
    return row, footnotes.references()


def article_title() -> str | None:
    """The article's title for page headers: one query, no links."""
    return Article.objects.published().order_by("pk").values_list("title", flat=True).first()
