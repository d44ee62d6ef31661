"""The desk: claims, the front page's lists, and bulk approval with a result per change."""

import datetime

import pytest
from django.utils import timezone

from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import ChangeRequest
from tests.conftest import propose, publish
from tests.moderation.conftest import decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def events(count):
    return list(Event.objects.order_by("pk")[:count])


def test_a_claim_keeps_other_reviewers_off_until_released_or_expired(
    client, editor, reviewer, other_reviewer, en
):
    (event,) = events(1)
    change = propose(event, editor, title="取り合い")
    services.change_claim(change=change, reviewer=reviewer)
    with pytest.raises(services.Claimed, match="bob"):
        services.change_approve(change=change, reviewer=other_reviewer, revision=1)
    with pytest.raises(services.Claimed):
        services.change_claim(change=change, reviewer=other_reviewer)
    client.force_login(other_reviewer)
    assert "bob has claimed this change" in client.get(change.get_absolute_url()).content.decode()
    decide(client, change, "_approve")
    assert ChangeRequest.objects.get(pk=change.pk).status == "pending"
    # The claim runs out by itself...
    ChangeRequest.objects.filter(pk=change.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    change.refresh_from_db()
    services.change_claim(change=change, reviewer=other_reviewer)
    # ...or is given up.
    services.change_release(change=change, reviewer=other_reviewer)
    services.change_approve(change=change, reviewer=reviewer, revision=1)


def test_an_author_cannot_claim_their_own_change(editor, reviewer):
    change = propose(events(1)[0], reviewer, title="自分の案")
    with pytest.raises(services.NotAllowed):
        services.change_claim(change=change, reviewer=reviewer)


def test_the_claim_buttons(client, editor, reviewer, en):
    change = propose(events(1)[0], editor, title="引き受ける")
    client.force_login(reviewer)
    url = f"/admin/moderation/changerequest/{change.pk}/claim/"
    assert client.post(url).status_code == 302
    assert ChangeRequest.objects.get(pk=change.pk).claimed_by == reviewer
    assert "You have claimed this change" in client.get(change.get_absolute_url()).content.decode()
    client.post(url, {"_release": "1"})
    assert ChangeRequest.objects.get(pk=change.pk).claimed_by is None


def test_the_front_page_shows_my_changes_and_the_queue(client, editor, reviewer, en):
    first, second = events(2)
    waiting = propose(first, editor, summary="待っている案", title="新しい見出し")
    publish(second, editor, reviewer, summary="公開された案", title="公開見出し")
    services.change_claim(change=waiting, reviewer=reviewer)
    client.force_login(editor)
    page = client.get("/admin/").content.decode()
    assert "My changes" in page and "待っている案" in page and "公開された案" in page
    assert "being reviewed by bob" in page
    assert "Review queue" not in page  # an editor does not review
    client.force_login(reviewer)
    page = client.get("/admin/").content.decode()
    assert "Review queue: 1 change waits" in page
    assert "1 field" in page and "bob, until" in page


@pytest.mark.parametrize("count", [2, 40])
def test_the_front_page_costs_the_same_with_2_or_40_changes(
    client, editor, reviewer, count, django_assert_max_num_queries
):
    for number, event in enumerate(Event.objects.order_by("pk")[: min(count, 20)]):
        propose(event, editor, title=f"案{number}")
    for number in range(max(0, count - 20)):
        change = ChangeRequest.objects.order_by("pk")[number % 20]
        services.comment_add(change=change, author=reviewer, text=f"@alice {number}")
    client.force_login(reviewer)
    client.get("/admin/")
    with django_assert_max_num_queries(16):
        assert client.get("/admin/").status_code == 200
    client.force_login(editor)
    client.get("/admin/")
    with django_assert_max_num_queries(16):
        assert client.get("/admin/").status_code == 200


def bulk(client, changes, **extra):
    return client.post(
        "/admin/moderation/changerequest/",
        {"action": "approve_selected", "_selected_action": [c.pk for c in changes], **extra},
    )


def test_bulk_approval_checks_each_change_and_reports_each(
    client, editor, reviewer, other_reviewer, other_editor, en
):
    first, second, third = events(3)
    good = propose(first, editor, summary="良い案", title="良い見出し")
    own = propose(second, reviewer, summary="自分の案", title="自分の見出し")
    stale = propose(third, editor, summary="古くなる案", title="古い見出し")
    publish(third, other_editor, other_reviewer, summary="先に公開", text="先の本文。")
    client.force_login(reviewer)
    confirm = bulk(client, [good, own, stale])
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "良い見出し" in html and "Approve and publish each" in html
    revisions = {f"revision_{c.pk}": c.revision for c in (good, own, stale)}
    results = bulk(client, [good, own, stale], post="yes", **revisions)
    rows = {r.summary: r for r in results.context["results"]}
    assert rows["良い案"].approved
    assert not rows["自分の案"].approved and "four-eyes" in rows["自分の案"].message
    assert not rows["古くなる案"].approved and "merge" in rows["古くなる案"].message
    statuses = dict(
        ChangeRequest.objects.filter(pk__in=[good.pk, own.pk, stale.pk]).values_list(
            "summary", "status"
        )
    )
    assert statuses == {"良い案": "approved", "自分の案": "pending", "古くなる案": "pending"}


def test_bulk_approval_never_publishes_a_revision_the_reviewer_did_not_see(
    client, editor, reviewer, en
):
    (event,) = events(1)
    change = propose(event, editor, summary="見た版", title="見た見出し")
    client.force_login(reviewer)
    bulk(client, [change])  # the confirmation page shows revision 1
    change.refresh_from_db()
    state = dict(change.proposed_state)
    state["fields"] = {**state["fields"], "title": "見ていない見出し"}
    services.change_revise(change=change, author=editor, summary="見た版", state=state, revision=1)
    results = bulk(client, [change], post="yes", **{f"revision_{change.pk}": 1})
    (row,) = results.context["results"]
    assert not row.approved and "revised" in row.message
    assert ChangeRequest.objects.get(pk=change.pk).status == "pending"


def test_editors_have_no_bulk_action(client, editor, other_editor):
    change = propose(events(1)[0], editor, title="編集者の案")
    client.force_login(other_editor)
    bulk(client, [change], post="yes", **{f"revision_{change.pk}": 1})
    assert ChangeRequest.objects.get(pk=change.pk).status == "pending"


def test_a_send_back_ends_the_claim_and_a_superuser_may_override_one(
    editor, reviewer, other_reviewer, superuser
):
    first, second = events(2)
    change = propose(first, editor, title="差し戻し後")
    services.change_claim(change=change, reviewer=reviewer)
    services.change_request_changes(change=change, reviewer=reviewer, revision=1, note="直して")
    assert ChangeRequest.objects.get(pk=change.pk).claimed_by is None
    other = propose(second, editor, title="管理者が承認")
    services.change_claim(change=other, reviewer=other_reviewer)
    services.change_approve(change=other, reviewer=superuser, revision=1)
