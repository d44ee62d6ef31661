"""Watching entries and sources: the watchlist of recent publications and pending changes,
the button on an entry's page, and the notification when a watched entry is published."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import Watch
from apps.notifications.models import Notification
from apps.sources.models import Source
from tests.conftest import propose, publish

pytestmark = pytest.mark.django_db

SLUG = "2024-10-21-peskov-contradictory"


@pytest.fixture
def event():
    return Event.objects.get(slug=SLUG)


def watch(client, entry, **extra):
    return client.post(
        "/admin/moderation/changerequest/watch/",
        {
            "entry_type": entry._meta.label_lower,
            "object_id": entry.pk,
            "next": f"/admin/events/event/{entry.pk}/change/",
            **extra,
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_watch_button_on_an_entry_page(client, other_editor, event):
    client.force_login(other_editor)
    page = client.get(f"/admin/events/event/{event.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Watch</button>" in page.content.decode()
    response = watch(client, event, until="")
    assert response.status_code == 302 and response["Location"].endswith(f"/{event.pk}/change/")
    assert Watch.objects.filter(user=other_editor).of_entry(Event, event.pk).exists()
    page = client.get(f"/admin/events/event/{event.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Watching: stop" in page.content.decode()
    watch(client, event, _stop="1")
    assert not Watch.objects.exists()


def test_bad_watch_requests_are_refused_with_a_message(client, other_editor, event):
    client.force_login(other_editor)
    watch(client, event, until="2020-01-01")
    assert not Watch.objects.exists()
    client.post(
        "/admin/moderation/changerequest/watch/",
        {"entry_type": "auth.user", "object_id": 1},
    )
    client.post(
        "/admin/moderation/changerequest/watch/",
        {"entry_type": "events.event", "object_id": 999999},
    )
    assert not Watch.objects.exists()
    # A "next" elsewhere is not followed.
    response = watch(client, event, next="https://evil.example/")
    assert response["Location"] == "/admin/moderation/changerequest/watchlist/"


def test_watchers_are_told_when_the_entry_is_published(
    editor, reviewer, other_editor, event, django_capture_on_commit_callbacks
):
    services.watch_start(user=other_editor, model=Event, object_id=event.pk)
    expired = services.watch_start(user=reviewer, model=Event, object_id=event.pk)
    Watch.objects.filter(pk=expired.pk).update(
        until=timezone.localdate() - datetime.timedelta(days=1)
    )
    change = propose(event, editor, title="見張られた出来事")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    assert sorted(
        Notification.objects.filter(event__in=["approved", "watched"]).values_list(
            "recipient__username", "event"
        )
    ) == [("alice", "approved"), ("carol", "watched")]
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "carol@example.org"]


def test_the_watchlist_lists_pending_changes_and_recent_publications(
    client, editor, reviewer, other_editor, event, en
):
    source = Source.objects.order_by("pk").first()
    services.watch_start(user=other_editor, model=Event, object_id=event.pk)
    services.watch_start(user=other_editor, model=Source, object_id=source.pk)
    publish(event, editor, reviewer, summary="公開済みの修正", title="公開された見出し")
    event.refresh_from_db()
    propose(event, editor, summary="査読待ちの修正", text="新しい本文。")
    other = Event.objects.exclude(pk=event.pk).first()
    propose(other, editor, summary="見ていない項目", title=other.title + "（改）")
    client.force_login(other_editor)
    page = client.get("/admin/moderation/changerequest/watchlist/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "公開済みの修正" in html and "査読待ちの修正" in html
    assert "見ていない項目" not in html
    assert str(source) in html and "公開された見出し" in html
    rows = page.context["watchlist"].activity
    assert [row.status for row in rows] == ["pending", "approved"]


@pytest.mark.parametrize("count", [2, 40])
def test_the_watchlist_costs_the_same_for_2_or_40_entries(
    client, editor, other_editor, count, django_assert_max_num_queries
):
    events = list(Event.objects.order_by("pk")[:count])
    for entry in events:
        services.watch_start(user=other_editor, model=Event, object_id=entry.pk)
        propose(entry, editor, summary="見張り", title=entry.title + "（改）")
    sources = list(Source.objects.order_by("pk")[:count])
    for source in sources:
        services.watch_start(user=other_editor, model=Source, object_id=source.pk)
    client.force_login(other_editor)
    client.get("/admin/moderation/changerequest/watchlist/")
    with django_assert_max_num_queries(12):
        response = client.get("/admin/moderation/changerequest/watchlist/")
    assert len(response.context["watchlist"].entries) == len(events) + len(sources)
