"""The three-way merge: what merges by itself, and what only a person may decide."""

import random

import pytest
from django.core.exceptions import ValidationError

from apps.core.registry import entry_type_for
from apps.events.models import Event, TroopEstimate
from apps.moderation.merge import (
    CITATIONS,
    EDITED,
    OURS,
    THEIRS,
    merge_checked,
    merge_citations,
    merge_states,
    merge_text,
)
from apps.moderation.state import state_of
from apps.sources.models import Source

BASE = "北朝鮮の兵士がロシア極東の訓練施設で装備品を受け取った。ウクライナ当局が動画を公開した。"


# --- text -----------------------------------------------------------------------------


def test_japanese_edits_far_apart_merge_character_by_character():
    ours = BASE.replace("北朝鮮の兵士", "北朝鮮兵")
    theirs = BASE.replace("ウクライナ当局", "ウクライナ政府")
    assert merge_text(BASE, ours, theirs) == (
        "北朝鮮兵がロシア極東の訓練施設で装備品を受け取った。ウクライナ政府が動画を公開した。"
    )


@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (BASE.replace("訓練施設", "訓練場"), BASE.replace("訓練施設で", "基地で")),  # overlap
        (BASE.replace("装備品", "軍服"), BASE.replace("装備品を", "装備品が")),  # they meet
        (
            BASE.replace("。ウ", "。翌日ウ"),
            BASE.replace("。ウ", "。同日ウ"),
        ),  # one point, two texts
    ],
)
def test_edits_that_overlap_or_meet_are_a_conflict(ours, theirs):
    assert merge_text(BASE, ours, theirs) is None


def test_the_same_edit_on_both_sides_is_made_once():
    same = BASE.replace("動画", "映像")
    assert merge_text(BASE, same, same) == same
    other = same.replace("北朝鮮の兵士", "北朝鮮兵")
    assert merge_text(BASE, other, same) == other


def test_repeated_phrases_never_merge_into_a_text_nobody_wrote():
    """On repetitive text a diff can attribute an edit to another copy of the phrase; the
    merge then must be a conflict, not a sentence moved or doubled."""
    assert merge_text("abcabcabc", "abcXabcabc", "abcZbcabc") in (None, "abcXZbcabc")
    sentences = "攻撃した。" + "会見した。" * 5
    ours = "攻撃した。会見追加。" + "会見した。" * 4
    theirs = "攻撃した。" + "会見した。" * 3 + "会見し砲撃" + "会見した。"
    merged = merge_text(sentences, ours, theirs)
    assert merged in (None, "攻撃した。会見追加。会見した。会見した。会見し砲撃会見した。")


@pytest.mark.parametrize(
    "pieces", [list("した。会見攻撃北朝鮮兵"), ["会見した。", "攻撃した。", "abc"]]
)
def test_random_far_apart_edits_merge_right_or_conflict(pieces):
    """Every merge that claims success is the one the editors meant, on random and on very
    repetitive text (where a diff may place an edit in another copy of a phrase)."""
    rng = random.Random(13)
    wrong = merged_cleanly = 0
    for _ in range(1500):
        base = "".join(rng.choice(pieces) for _ in range(60 // len(pieces[0])))
        i, j = sorted(rng.sample(range(len(base)), 2))
        cut_i, cut_j = rng.randint(1, 3), rng.randint(1, 3)
        if i + cut_i + 1 >= j:
            continue
        ours = base[:i] + "〔甲〕" + base[i + cut_i :]
        theirs = base[:j] + "〔乙〕" + base[j + cut_j :]
        expected = base[:i] + "〔甲〕" + base[i + cut_i : j] + "〔乙〕" + base[j + cut_j :]
        merged = merge_text(base, ours, theirs)
        merged_cleanly += merged is not None
        wrong += merged is not None and merged != expected
    assert wrong == 0
    assert merged_cleanly > 500  # and most such edits do merge


def test_long_texts_are_left_to_a_person():
    long_text = "あ" * 10_001
    assert merge_text(long_text, long_text + "い", "う" + long_text) is None


# --- citations ------------------------------------------------------------------------


def rows(*sources, via=None):
    return [{"source": s, "via": via, "via_note": ""} for s in sources]


def sources_of(merged):
    return [row["source"] for row in merged]


def test_citations_added_and_removed_on_each_side_merge():
    base = rows(1, 2, 3)
    ours = rows(1, 2, 3, 4)  # added 4
    theirs = rows(1, 3, 5)  # removed 2, added 5
    assert sources_of(merge_citations(base, ours, theirs)) == [1, 3, 4, 5]


def test_the_order_comes_from_the_side_that_reordered():
    base = rows(1, 2, 3)
    ours = rows(3, 1, 2)  # reordered
    theirs = rows(1, 2, 3, 4)  # added 4 after 3
    assert sources_of(merge_citations(base, ours, theirs)) == [3, 4, 1, 2]


def test_both_reordering_differently_is_a_conflict():
    assert merge_citations(rows(1, 2, 3), rows(3, 2, 1), rows(2, 1, 3)) is None


def test_an_attribution_changed_on_one_side_is_kept():
    base = rows(1, 2)
    ours = [{"source": 1, "via": 7, "via_note": "国家情報院によると"}, *rows(2)]
    theirs = rows(1, 2, 3)
    merged = merge_citations(base, ours, theirs)
    assert merged[0]["via"] == 7 and sources_of(merged) == [1, 2, 3]


def test_an_attribution_changed_on_a_source_the_other_removed_is_a_conflict():
    ours = [{"source": 1, "via": 7, "via_note": ""}, *rows(2)]
    assert merge_citations(rows(1, 2), ours, rows(2)) is None


# --- whole states ---------------------------------------------------------------------


@pytest.fixture
def estimate(db):
    return TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")


def edited(entry, **fields):
    state = state_of(entry)
    state["fields"].update(fields)
    return state


def test_a_date_merges_as_one_with_its_precision(estimate):
    """Ours makes 2024-10 a day, theirs moves it to 2024-11: mixing them would give a day
    nobody wrote."""
    entry_type = entry_type_for(TroopEstimate)
    base = edited(estimate, date="2024-10-01", date_precision="month")
    ours = edited(estimate, date="2024-10-01", date_precision="day")
    theirs = edited(estimate, date="2024-11-01", date_precision="month")
    merge = merge_states(entry_type, base, ours, theirs)
    (conflict,) = merge.conflicts
    assert conflict.name == "date" and "date_precision" in conflict.members
    assert merge.resolved({"date": (OURS, None)})["fields"]["date_precision"] == "day"
    resolved = merge.resolved({"date": (THEIRS, None)})["fields"]
    assert (resolved["date"], resolved["date_precision"]) == ("2024-11-01", "month")


def test_a_figure_merges_as_one_with_its_range(estimate):
    entry_type = entry_type_for(TroopEstimate)
    base = state_of(estimate)
    ours = edited(estimate, figure=1200, figure_high=1800)
    theirs = edited(estimate, figure=2000)
    assert [c.name for c in merge_states(entry_type, base, ours, theirs).conflicts] == ["figure"]


def test_identifiers_are_never_merged_character_by_character(db):
    source = Source.objects.get(slug="nhk-20241021")
    entry_type = entry_type_for(Source)
    base = state_of(source)
    url = "https://www3.nhk.or.jp/news/html/20241021/k10014612321000.html"
    base["fields"]["url"] = url
    ours = {**base, "fields": {**base["fields"], "url": url.replace("/html/", "/web/")}}
    theirs = {**base, "fields": {**base["fields"], "url": url.replace("www3.", "news.")}}
    merge = merge_states(entry_type, base, ours, theirs)
    assert [c.name for c in merge.conflicts] == ["url"] and not merge.conflicts[0].is_text


def test_links_merge_as_sets(db):
    event = Event.objects.get(slug="2024-10-18-training-camp-video")
    entry_type = entry_type_for(Event)
    base = state_of(event)
    ours, theirs = state_of(event), state_of(event)
    ours["m2m"]["places"] = [*base["m2m"]["places"], 9001]
    theirs["m2m"]["actors"] = []
    merged = merge_states(entry_type, base, ours, theirs).state
    assert merged["m2m"]["places"] == sorted([*base["m2m"]["places"], 9001])
    assert merged["m2m"]["actors"] == []


def test_a_clean_merge_into_an_invalid_whole_becomes_a_conflict(estimate):
    """Each side valid, together not: the checked merge asks a person."""
    entry_type = entry_type_for(TroopEstimate)
    base = state_of(estimate)
    ours = edited(estimate, claim_status="corroborated")
    theirs = {**state_of(estimate), CITATIONS: base[CITATIONS][:1]}

    def refuse_single_origin(state):
        if state["fields"]["claim_status"] == "corroborated":
            raise ValidationError({"claim_status": "corroborated, but one origin"})

    merge = merge_checked(entry_type, base, ours, theirs, refuse_single_origin)
    assert [c.name for c in merge.conflicts] == ["claim_status"]
    assert merge.state["fields"]["claim_status"] == base["fields"]["claim_status"]


def test_a_conflict_without_a_choice_is_refused_naming_it(estimate):
    entry_type = entry_type_for(TroopEstimate)
    base = state_of(estimate)
    merge = merge_states(
        entry_type,
        base,
        edited(estimate, statement="韓国は約1500人とした"),
        edited(estimate, statement="韓国は1500人規模とした"),
    )
    with pytest.raises(ValidationError) as refused:
        merge.resolved({})
    assert list(refused.value.message_dict) == ["statement"]
    assert merge.resolved({"statement": (EDITED, "手で統合")})["fields"]["statement"] == "手で統合"
