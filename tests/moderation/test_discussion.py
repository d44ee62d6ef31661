"""The discussion of a change: comments on it and on its fields, @mentions, resolve and
reopen, in one order with the revisions and decisions, told to exactly the right people."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import Comment
from apps.notifications.models import Notification
from tests.conftest import propose
from tests.moderation.conftest import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def change(editor):
    return propose(
        Event.objects.get(slug="2024-10-21-peskov-contradictory"), editor, title="議論する案"
    )


def comment(client, change, text, field=""):
    return client.post(
        f"/admin/moderation/changerequest/{change.pk}/comment/",
        {"text": text, "field": field},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def told(**lookup):
    return sorted(Notification.objects.filter(**lookup).values_list("recipient__username", "event"))


def test_a_thread_between_reviewer_and_author_tells_exactly_the_participants(
    client,
    change,
    editor,
    reviewer,
    other_reviewer,
    other_editor,
    django_capture_on_commit_callbacks,
):
    Notification.objects.all().delete()
    mail.outbox.clear()
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = comment(client, change, "出典は？ @carol さんも見てください。", field="title")
    assert response.status_code == 302
    first = Comment.objects.get()
    assert (first.field, first.revision, [u.username for u in first.mentions.all()]) == (
        "title",
        1,
        ["carol"],
    )
    # The author as a comment; carol, who is no participant, as a mention; nobody else.
    assert told(comment=first) == [("alice", "commented"), ("carol", "mentioned")]
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "carol@example.org"]
    assert any("出典は？" in m.body for m in mail.outbox)

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        comment(client, change, "NHKの記事です。")
    answer = Comment.objects.latest("pk")
    assert told(comment=answer) == [("bob", "commented")]  # dave has not taken part


def test_the_thread_is_in_the_change_history_in_order_and_stays_after_approval(
    client, change, editor, reviewer
):
    services.comment_add(change=change, author=reviewer, text="<script>x</script>", field="title")
    client.force_login(reviewer)
    decide(client, change, "_approve")
    page = client.get(change.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "<script>x</script>" not in page
    kinds = [row.kind for row in client.get(change.get_absolute_url()).context["history"]]
    assert kinds == ["revision", "comment", "decision"]
    assert "Comment on title" in page


def test_resolve_and_reopen(client, change, editor, reviewer):
    note = services.comment_add(change=change, author=reviewer, text="日付を確認してください。")
    client.force_login(editor)
    url = f"/admin/moderation/changerequest/{change.pk}/comment/{note.pk}/resolve/"
    assert client.post(url).status_code == 302
    note.refresh_from_db()
    assert note.resolved_by == editor and note.resolved_at is not None
    page = client.get(change.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Resolved by alice" in page
    client.post(url, {"_reopen": "1"})
    note.refresh_from_db()
    assert note.resolved_at is None and note.resolved_by is None


def test_only_the_author_and_reviewers_take_part(client, change, other_editor, reviewer):
    client.force_login(other_editor)
    comment(client, change, "横から失礼します。")
    assert not Comment.objects.exists()
    note = services.comment_add(change=change, author=reviewer, text="確認中。")
    client.post(f"/admin/moderation/changerequest/{change.pk}/comment/{note.pk}/resolve/")
    note.refresh_from_db()
    assert note.resolved_at is None


def test_bad_comments_are_refused_with_the_field_named_and_nothing_saved(client, change, reviewer):
    client.force_login(reviewer)
    blank = comment(client, change, "   ")
    assert blank.status_code == 200
    assert "This field is required" in blank.content.decode()
    unknown = comment(client, change, "どこ？", field="colour")
    assert "Select a valid choice" in unknown.content.decode()
    assert 'value="どこ？"' in unknown.content.decode() or "どこ？" in unknown.content.decode()
    with pytest.raises(ValidationError) as refused:
        services.comment_add(change=change, author=reviewer, text="x" * 4001)
    assert "text" in refused.value.message_dict
    assert not Comment.objects.exists()


@pytest.mark.parametrize("count", [2, 40])
def test_the_change_page_costs_the_same_with_2_or_40_comments(
    client, change, editor, reviewer, count, django_assert_max_num_queries
):
    for number in range(count):
        author = reviewer if number % 2 else editor
        services.comment_add(change=change, author=author, text=f"コメント{number} @alice")
    client.force_login(reviewer)
    client.get(change.get_absolute_url())
    with django_assert_max_num_queries(25):
        assert client.get(change.get_absolute_url()).status_code == 200


def test_only_people_who_may_read_the_change_can_be_mentioned(change, reviewer):
    from tests.conftest import make_user

    make_user("outsider")  # staff, but no editorial role
    note = services.comment_add(change=change, author=reviewer, text="@outsider @alice 見て")
    assert [user.username for user in note.mentions.all()] == ["alice"]
