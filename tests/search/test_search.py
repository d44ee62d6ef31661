"""/search/: every published entry, found as a reader means it (issue 19's examples)."""

import pytest
from django.urls import reverse

from apps.events.models import Event
from apps.moderation import services
from apps.reactions.models import Reaction
from apps.search.selectors import search
from apps.sources.models import Source
from apps.synonyms.models import SynonymSet
from tests.conftest import publish

pytestmark = pytest.mark.django_db


def titles(results):
    return ["".join(piece.text for piece in hit.title) for hit in results.hits]


def kinds(results):
    return {facet.value: facet.count for facet in results.types}


def test_a_name_is_found_in_the_reactions_and_wherever_else_it_is():
    results = search("ゼレンスキー")
    assert (
        kinds(results)["reaction"]
        == Reaction.objects.filter(summary__contains="ゼレンスキー").count()
    )
    assert kinds(results)["actor"] == 1
    assert results.total == sum(kinds(results).values())


@pytest.mark.parametrize("typed", ["ｷｰｳ", "キーウ", "きーう"])
def test_widths_and_kana_do_not_matter(typed):
    results = search(typed)
    assert "負傷した北朝鮮兵2人がウクライナの捕虜に" in titles(results)
    assert results.total == search("キーウ").total


@pytest.mark.parametrize("typed", ["1万", "１万", "10,000", "10000"])
def test_a_number_is_found_however_it_is_written(typed):
    results = search(typed)
    assert "米国務省「クルスク州に北朝鮮兵士1万人が到着」" in titles(results)
    assert results.total == search("1万").total >= 6


def test_a_whole_number_is_not_found_inside_another():
    texts = ["".join(piece.text for piece in hit.title + hit.snippet) for hit in search("1万").hits]
    assert texts
    assert not any("1万2,000" in text and "1万人" not in text for text in texts)


def test_an_outlet_is_found_by_its_name():
    results = search("NHK")
    assert {"source", "actor", "passage"} <= set(kinds(results))


@pytest.mark.parametrize("typed", ["北", "兵", "朝"])
def test_one_character_is_a_query(typed):
    results = search(typed)
    assert results.total > 0
    assert all(typed in "".join(p.text for p in hit.title + hit.snippet) for hit in results.hits)


@pytest.mark.parametrize("typed", ["北朝", "捕虜", "韓国"])
def test_two_characters_are_a_query(typed):
    results = search(typed)
    expected = (
        Event.objects.filter(title__contains=typed).count()
        + Event.objects.exclude(title__contains=typed).filter(text__contains=typed).count()
    )
    assert kinds(results).get("event", 0) == expected > 0


def test_every_word_must_be_there():
    both = search("捕虜 キーウ")
    assert both.total == 1 + 0 or both.total >= 1
    assert all(
        "捕虜" in (text := "".join(p.text for p in hit.title + hit.snippet)) and "キーウ" in text
        for hit in both.hits
    )
    assert both.total < search("捕虜").total


def test_the_title_ranks_before_the_text_and_the_phrase_before_scattered_words(ja):
    results = search("北朝鮮兵")
    titled = {str(Event._meta.verbose_name), str(Source._meta.verbose_name)}
    ranks = [
        0 if "北朝鮮兵" in "".join(p.text for p in hit.title) else 1
        for hit in results.hits
        if hit.type_label in titled
    ]
    assert ranks[0] == 0
    assert 1 in ranks
    assert ranks == sorted(ranks), "titles that have the words come first"
    scattered = search("北朝鮮 捕虜")
    phrase = search("北朝鮮兵 捕虜")
    assert scattered.total >= phrase.total


def test_what_was_found_is_marked(client):
    response = client.get(reverse("search:search"), {"q": "ｷｰｳ"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<mark>キーウ</mark>" in page
    assert "負傷した北朝鮮兵2人がウクライナの捕虜に" in page


def test_hostile_text_is_escaped_in_titles_and_marks(client, editor, reviewer):
    event = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    publish(event, editor, reviewer, title="<script>alert(1)</script>キーウ捕虜")
    page = client.get(reverse("search:search"), {"q": "キーウ"}).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<mark>キーウ</mark>捕虜" in page


def test_a_long_text_is_shown_around_what_was_found_and_marked_there(editor, reviewer):
    event = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    before, after = "前" * 300, "後" * 300
    publish(event, editor, reviewer, text=f"{before}ﾇﾇﾑ{after}")  # folded as ヌヌム
    (hit,) = search("ぬぬむ").hits
    snippet = hit.snippet
    assert snippet[0].text == "…" and snippet[-1].text == "…"
    assert [piece.text for piece in snippet if piece.marked] == ["ﾇﾇﾑ"]
    shown = "".join(piece.text for piece in snippet[1:-1])
    assert len(shown) == 160 and shown.index("ﾇﾇﾑ") == 160 // 3


def test_a_vu_spelling_and_the_usual_kana_find_each_other(editor, reviewer):
    event = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    publish(event, editor, reviewer, text=event.text + "ヴォルゴグラードでも報じられた。")
    for typed in ("ヴォルゴグラード", "ボルゴグラード", "ぼるごぐらーど"):
        (hit,) = search(typed).hits
        assert [piece.text for piece in hit.snippet if piece.marked] == ["ヴォルゴグラード"]


def test_the_migration_folds_every_stored_text_again():
    import importlib

    from django.apps import apps

    from apps.history.models import Publication
    from apps.history.services import search_columns

    refold = importlib.import_module("apps.history.migrations.0006_refold_vu").refold
    event = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    row = Publication.objects.at(None).of(Event).get(object_id=event.pk)
    expected = search_columns(Event, row.state)
    Publication.objects.filter(seq=row.seq).update(search_text="ヴ", search_tokens="")
    assert "負傷した北朝鮮兵2人がウクライナの捕虜に" not in titles(search("負傷"))
    refold(apps, None)
    row.refresh_from_db()
    assert (row.search_text, row.search_tokens) == (
        expected["search_text"],
        expected["search_tokens"],
    )
    assert "負傷した北朝鮮兵2人がウクライナの捕虜に" in titles(search("負傷"))  # indexed again


def test_facets_count_by_kind_and_year_and_narrow_the_search(client):
    everything = search("北朝鮮")
    assert sum(f.count for f in everything.types) == everything.total
    events_only = search("北朝鮮", kind="event")
    assert events_only.total == kinds(everything)["event"]
    assert {hit.type_label for hit in events_only.hits} == {str(Event._meta.verbose_name)}
    in_2025 = search("北朝鮮", year=2025)
    assert 0 < in_2025.total < everything.total
    assert {f.value: f.count for f in everything.years}["2025"] == in_2025.total
    page = client.get(reverse("search:search"), {"q": "北朝鮮", "type": "event"})
    assert 'aria-current="true"' in page.content.decode()


def test_pages_of_hits():
    first, second = search("北", page=1), search("北", page=2)
    assert first.pages >= 2 and first.next_url
    assert not {h.url for h in first.hits} & {h.url for h in second.hits}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x" * 101}, "q"),
        ({"q": "北", "type": "nothing"}, "type"),
        ({"q": "北", "year": "soon"}, "year"),
        ({"q": "北", "page": "0"}, "page"),
    ],
)
def test_bad_parameters_are_named(client, params, field):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 400
    assert 'id="search-q-error"' in response.content.decode()


def test_an_empty_search_shows_the_form_only(client):
    response = client.get(reverse("search:search"))
    assert response.status_code == 200
    assert 'role="search"' in response.content.decode()


def test_nothing_unpublished_is_found(editor):
    event = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    from tests.conftest import propose

    propose(event, editor, title="未公開のユニークな見出しゾゾゾ")
    assert search("ゾゾゾ").total == 0


def test_a_published_edit_is_found_at_once_and_the_old_words_are_not(editor, reviewer):
    event = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    publish(event, editor, reviewer, title="新しい見出しヌヌヌ")
    assert search("ヌヌヌ").total == 1
    assert search("負傷した北朝鮮兵2人がウクライナの捕虜に").total == 0


def test_the_seed_knows_the_old_names():
    assert search("キエフ").total == search("キーウ").total > 0
    assert "負傷した北朝鮮兵2人がウクライナの捕虜に" in titles(search("ｷｴﾌ"))
    assert search("ハリコフ").total == search("ハルキウ").total > 0


def test_synonyms_are_added_through_a_moderated_change(editor, reviewer):
    before = search("ウラジヴォストーク").total
    change = services.change_propose(
        author=editor,
        model=SynonymSet,
        summary="ウラジオストクの別表記",
        state={"fields": {"slug": "vladivostok", "words": "ウラジオストク\nウラジヴォストーク"}},
    )
    assert search("ウラジヴォストーク").total == before == 0, "not before it is approved"
    services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    assert search("ウラジヴォストーク").total == search("ウラジオストク").total > 0


def test_a_synonym_set_needs_two_different_words(editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        services.change_propose(
            author=editor,
            model=SynonymSet,
            summary="一語だけ",
            state={"fields": {"slug": "one", "words": "キーウ = ｷｰｳ"}, "m2m": {}},
        )
    assert "words" in raised.value.message_dict


def test_words_side_by_side_rank_before_scattered_ones(editor, reviewer):
    earlier, later = Event.objects.order_by("date")[:2]
    publish(earlier, editor, reviewer, text=earlier.text + "青い鳥が飛んだ。")
    publish(later, editor, reviewer, text=later.text + "青い空の下、鳥が飛んだ。")
    results = search("青い 鳥")
    assert [hit.url for hit in results.hits] == [
        f"/entries/event/{earlier.pk}/",
        f"/entries/event/{later.pk}/",
    ]
    assert search("鳥 青い").hits[0].url == f"/entries/event/{later.pk}/"
