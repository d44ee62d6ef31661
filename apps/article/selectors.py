"""The article, reassembled in its order from its passages and the dated entries they
stand for, with its footnotes numbered as the article numbers them (by first use)."""

from itertools import groupby

from django.db.models import Prefetch

from apps.core.registry import entry_type_for
from apps.places.models import Place
from apps.sources.footnotes import Footnotes
from apps.sources.selectors import load_citations

from .models import CHAPTER_OF, PLACED_ENTRIES, SECTION_ORDER, Article, Passage, PassageCitation
from .rows import ArticleRow, PieceRow, SectionRow


def the_article():
    places = Prefetch("places", queryset=Place.objects.published().select_related("parent"))
    return Article.objects.published().prefetch_related(places).order_by("pk").first()


def infobox_places(places) -> str:
    """ロシア クルスク州・ブリャンスク州: places under one parent share its name, as the
    article's infobox prints them."""
    by_parent = {}
    for place in places:
        parent = place.parent.name if place.parent else ""
        by_parent.setdefault(parent, []).append(place.name)
    return " ".join(
        f"{parent} {'・'.join(names)}" if parent else "・".join(names)
        for parent, names in by_parent.items()
    )


def _placed_entries(passages):
    """For each field of ``PLACED_ENTRIES``: pk → (text, url, citations) of the published
    entries the passages stand for; the models come from the passage's fields, their text
    field and citation model from the registry. One query per kind of entry, two for
    citations."""
    types, loaded = {}, {}
    for name in PLACED_ENTRIES:
        entry_type = entry_type_for(Passage._meta.get_field(name).related_model)
        ids = {getattr(p, f"{name}_id") for p in passages} - {None}
        types[name] = entry_type
        loaded[name] = {
            entry.pk: (getattr(entry, entry_type.text_field), entry.get_absolute_url())
            for entry in entry_type.model.objects.published().filter(pk__in=ids)
        }
    citations = load_citations(
        *((types[name].citation_model, list(loaded[name])) for name in types)
    )
    return {
        name: {pk: (*loaded[name][pk], cited[pk]) for pk in loaded[name]}
        for name, cited in zip(types, citations, strict=True)
    }


def article_with_passages():
    """The whole article, section by section in the article's order, with its footnotes.

    A passage shows its own words, or the text of the entry it stands for; the markers
    are those the article places (a citation an editor added is left out here, and shown
    with the entry).
    """
    article = the_article()
    if article is None:
        return None, []
    passages = sorted(
        Passage.objects.published().filter(article=article),
        key=lambda p: (SECTION_ORDER.get(p.section, 99), p.position),
    )
    entries = _placed_entries(passages)
    (own_citations,) = load_citations((PassageCitation, [p.pk for p in passages]))
    footnotes = Footnotes()
    sections, chapter = [], None
    for section, members in groupby(passages, key=lambda p: p.section):
        paragraphs = []
        for passage in members:
            piece = _piece(passage, entries, own_citations, footnotes)
            if piece is None:
                continue
            if passage.starts_paragraph or not paragraphs:
                paragraphs.append([])
            paragraphs[-1].append(piece)
        section_chapter = CHAPTER_OF.get(section)
        sections.append(
            SectionRow(
                section,
                section_chapter,
                section_chapter is not None and section_chapter != chapter,
                paragraphs,
            )
        )
        chapter = section_chapter
    row = ArticleRow(
        article.title,
        article.reading,
        article.part_of,
        infobox_places(article.places.all()),
        article.result,
        sections,
    )
    return row, footnotes.references()


def _piece(passage, entries, own_citations, footnotes) -> PieceRow | None:
    name = passage.placed_field
    if name is None:
        text, url, citations = passage.text, None, own_citations[passage.pk]
    else:
        pk = getattr(passage, f"{name}_id")
        if pk not in entries[name]:
            return None  # the entry is not published (deleted): its passage is left out
        text, url, citations = entries[name][pk]
    placed = [c for c in citations if c.placed_by_article]
    return PieceRow(passage.slug, footnotes.cite_in_text(text, placed), url)


def article_title() -> str | None:
    """The article's title for page headers: one query, no links."""
    return Article.objects.published().order_by("pk").values_list("title", flat=True).first()
