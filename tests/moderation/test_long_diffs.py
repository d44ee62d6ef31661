"""Diffs of long texts stay cheap: above a size they compare sentences, not characters."""

import re

import pytest

from apps.moderation.diff import CHAR_DIFF_LIMIT, char_diff, char_marks


def _side(html: str, keep: str, drop: str) -> str:
    html = re.sub(rf"<{drop}>.*?</{drop}>", "", html, flags=re.S)
    return re.sub(rf"</?{keep}>", "", html).replace("&lt;", "<").replace("&gt;", ">")


def test_a_short_edit_is_shown_character_by_character():
    assert (
        str(char_diff("約1,500人", "約3,000人"))
        == "約<del>1</del><ins>3</ins>,<del>5</del><ins>0</ins>00人"
    )


def test_a_long_edit_is_shown_sentence_by_sentence_and_loses_nothing():
    sentences = [f"第{i}文は北朝鮮兵士について述べる。" for i in range(2500)]  # ~40,000 chars
    old = "".join(sentences)
    edited = sentences.copy()
    edited[1200] = "第1200文は書き換えられた<b>。"
    new = "".join(edited)
    assert len(old) + len(new) > CHAR_DIFF_LIMIT
    html = str(char_diff(old, new))
    assert html.count("<del>") == 1 and html.count("<ins>") == 1
    assert "<del>第1200文は北朝鮮兵士について述べる。</del>" in html
    assert "<ins>第1200文は書き換えられた&lt;b&gt;。</ins>" in html
    assert _side(html, "del", "ins") == old and _side(html, "ins", "del") == new
    assert str(char_marks(old, new)).count("<ins>") == 1


@pytest.mark.django_db
def test_a_text_over_its_limit_is_refused_naming_the_field_and_the_limit(en):
    from django.core.exceptions import ValidationError

    from apps.core.models import TEXT_LIMIT
    from apps.events.models import Event
    from apps.moderation import services
    from apps.moderation.state import state_of
    from tests.conftest import make_user

    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    state = state_of(event)
    state["fields"]["text"] = "長" * (TEXT_LIMIT + 1)
    with pytest.raises(ValidationError) as refused:
        services.change_propose(
            author=make_user("long-writer", "Editors"),
            model=Event,
            summary="長すぎる本文",
            state=state,
            target=event,
        )
    message = " ".join(refused.value.message_dict["text"])
    assert "4000" in message and "4001" in message
    from apps.moderation.models import ChangeRequest

    assert not ChangeRequest.objects.filter(summary="長すぎる本文").exists()
