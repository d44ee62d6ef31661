"""`loaddata seed` holds the whole article: every sentence, every footnote, every source."""

import re

import pytest
from django.core.management import call_command
from reversion.models import Revision, Version

from apps.actors.models import Actor
from apps.article.models import Article, Passage
from apps.core.registry import entry_types
from apps.events.models import Event, TroopEstimate
from apps.moderation.history import INITIAL_IMPORT_COMMENT
from apps.places.models import Place
from apps.reactions.models import Reaction
from apps.sources.models import Source
from apps.weapons.models import WeaponReport, WeaponSystem

from .seed_article import body_sentences, coverage, references

pytestmark = pytest.mark.django_db

EXPECTED_COUNTS = {
    Source: 42,
    Event: 20,
    TroopEstimate: 14,
    Reaction: 8,
    WeaponSystem: 7,
    WeaponReport: 10,
    Passage: 49,
    Article: 1,
    Actor: 55,
    Place: 15,
}


def entry_texts():
    """(label, slug, text, cited source pks) for every entry that carries article text."""
    carried = [
        (Event, "text"),
        (Passage, "text"),
        (Reaction, "summary"),
        (TroopEstimate, "statement"),
        (WeaponReport, "text"),
    ]
    rows = []
    for model, field in carried:
        for entry in model.objects.prefetch_related("citations"):
            cited = {c.source_id for c in entry.citations.all()}
            rows.append((model._meta.label_lower, entry.slug, getattr(entry, field), cited))
    return rows


def best_match(sentence, texts):
    """How well the closest entry sentence and the article sentence cover each other."""
    best = 0.0
    for text in texts:
        for entry_sentence in re.findall(r"[^。]+。?", text):
            best = max(best, coverage(sentence, entry_sentence), coverage(entry_sentence, sentence))
    return best


def source_by_number():
    by_title = {s.title: s for s in Source.objects.all()}
    return {ref.number: by_title[ref.title] for ref in references()}


def test_counts_of_the_whole_article():
    assert {model: model.objects.count() for model in EXPECTED_COUNTS} == EXPECTED_COUNTS


def test_all_42_sources_with_titles_and_dates_as_printed():
    refs = references()
    assert len(refs) == 42
    sources = {s.title: s for s in Source.objects.all()}
    for ref in refs:
        source = sources[ref.title]
        assert source.published_on.isoformat() == ref.published_on, ref
        assert source.accessed_on.isoformat() == ref.accessed_on, ref


def test_authors_and_works_as_printed():
    by_number = source_by_number()
    assert by_number[37].author == "David Axe"
    assert by_number[39].author == "時事通信外信部"
    assert by_number[39].work == "時事通信"
    assert by_number[11].work == "NHK NEWSWEB"
    assert by_number[11].publisher == "NHK"
    assert by_number[30].work == "中央日報日本語版"
    assert by_number[41].work == "フォーブス ジャパン"


def test_every_source_is_cited_at_least_once():
    cited = set()
    for entry_type in entry_types():
        if entry_type.citation_model:
            cited |= set(entry_type.citation_model.objects.values_list("source_id", flat=True))
    assert cited == set(Source.objects.values_list("pk", flat=True))


def test_every_footnote_is_attached_to_the_entry_that_carries_its_sentence():
    numbers = source_by_number()
    texts = entry_texts()
    missing = []
    for sentence, markers in body_sentences():
        for number in markers:
            citing = [text for _, _, text, cited in texts if numbers[number].pk in cited]
            if best_match(sentence, citing) < 0.6:
                missing.append((number, sentence))
    assert missing == []


def test_reused_footnotes_are_reused():
    numbers = source_by_number()
    markers_per_source = {}
    for _, markers in body_sentences():
        for number in markers:
            markers_per_source[number] = markers_per_source.get(number, 0) + 1
    reused = {ref.number for ref in references() if ref.backlinks > 1}
    assert reused == {2, 12, 13, 14, 20, 23, 24, 25, 26, 29, 33, 36, 41}
    assert reused == {n for n, count in markers_per_source.items() if count > 1}
    for number in reused:
        assert numbers[number].pk  # each reused source is one row, cited wherever it is reused


def test_nothing_in_the_article_is_left_out():
    texts = [text for _, _, text, _ in entry_texts()]
    left_out = [s for s, _ in body_sentences() if best_match(s, texts) < 0.6]
    assert left_out == []


def test_infobox():
    article = Article.objects.get()
    assert article.title == "北朝鮮のロシア派兵"
    assert article.part_of == "2022年ロシアのウクライナ侵攻"
    assert {p.name for p in article.places.all()} == {"クルスク州", "ブリャンスク州"}
    assert {p.parent.name for p in article.places.all()} == {"ロシア"}


def test_each_troop_figure_of_the_article_is_an_attributed_estimate():
    figures = sorted(TroopEstimate.objects.values_list("figure", flat=True))
    # 2 captured, 6 killed, 数百 (recorded as its order, 100 to 999): see test_fidelity.
    assert set(figures) == {2, 6, 100, 1500, 3000, 10000, 12000, 13000, 100000}
    for estimate in TroopEstimate.objects.select_related("claimant"):
        assert estimate.claimant_id
        assert estimate.citations.exists()


def test_dates_keep_the_precision_of_the_article(ja):
    offer = Event.objects.get(slug="2024-08-offer-of-100000")
    assert str(offer.fuzzy_date) == "2024年8月頃"
    video = WeaponReport.objects.get(slug="m1989-video-2024-12")
    assert str(video.fuzzy_date) == "2024年12月"
    capture = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    assert str(capture.fuzzy_date) == "2025年1月9日"


def test_every_entry_starts_its_history_at_the_seed():
    for entry_type in entry_types():
        model = entry_type.model
        versions = Version.objects.get_for_model(model)
        assert versions.values("object_id").distinct().count() == model.objects.count(), model
    comments = set(Revision.objects.values_list("comment", flat=True))
    assert comments == {INITIAL_IMPORT_COMMENT}


def test_citations_are_in_the_version_of_their_entry():
    event = Event.objects.get(slug="2024-10-18-training-camp-video")
    version = Version.objects.get_for_object(event).get()
    citations = version.revision.version_set.filter(content_type__model="eventcitation")
    mine = [v for v in citations if v.field_dict["entry_id"] == event.pk]
    assert sorted(v.field_dict["position"] for v in mine) == [1, 2, 3]


def test_loading_twice_changes_nothing():
    counts = {model: model.objects.count() for model in EXPECTED_COUNTS}
    history = (Revision.objects.count(), Version.objects.count())
    event = Event.objects.get(slug="2024-10-18-training-camp-video")

    call_command("loaddata", "seed", verbosity=0)

    assert {model: model.objects.count() for model in EXPECTED_COUNTS} == counts
    assert (Revision.objects.count(), Version.objects.count()) == history
    event.refresh_from_db()
    assert event.version == 1
    assert list(event.citations.values_list("position", flat=True)) == [1, 2, 3]


def test_loading_the_seed_over_an_edited_entry_is_refused_and_changes_nothing(tmp_path):
    from django.core.management.base import CommandError

    from tests.conftest import make_user, publish

    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    publish(
        event, make_user("writer", "Editors"), make_user("desk", "Reviewers"), title="新しい見出し"
    )
    event.refresh_from_db()
    history = Version.objects.count()
    with pytest.raises(CommandError, match="2024-10-21-peskov-contradictory"):
        call_command("loaddata", "seed", verbosity=0)
    event.refresh_from_db()
    assert event.title == "新しい見出し" and Version.objects.count() == history
