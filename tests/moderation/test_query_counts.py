"""Admin pages of the workflow cost the same number of queries whatever the history length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import ChangeRequest
from apps.moderation.state import state_of

pytestmark = pytest.mark.django_db

MAX_QUERIES = 25
# An approval: queue on the content version, lock the change (with its author) and the
# entry, validate (slug, linked rows, sources), write the entry, its links and citations,
# record the revision (reversion reads back what it records), decide, bump the version; the
# content rules read the cited sources and the actors they are attributed to.
APPROVE_QUERIES = 28


def publish(event, editor, reviewer, count):
    for number in range(count):
        event.refresh_from_db()
        state = state_of(event)
        state["fields"]["title"] = f"見出し{number}"
        state["fields"]["text"] = event.text + f"追記{number}。"
        change = services.change_propose(
            author=editor, model=Event, summary=f"修正{number}", state=state, target=event
        )
        services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    event.refresh_from_db()


def pending(event, editor, count):
    for number in range(count):
        state = state_of(event)
        state["fields"]["title"] = f"提案{number}"
        services.change_propose(
            author=editor, model=Event, summary=f"提案{number}", state=state, target=event
        )


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def pages(event):
    versions = list(Version.objects.get_for_object(event))
    change = ChangeRequest.objects.filter(object_id=event.pk).latest("pk")
    base = f"/admin/events/event/{event.pk}"
    return {
        "history": f"{base}/history/",
        "compare": f"{base}/history/compare/?from={versions[-1].pk}&to={versions[0].pk}",
        "change form": f"{base}/change/",
        "queue": "/admin/moderation/changerequest/",
        "recent changes": "/admin/moderation/decision/",
        "review": change.get_absolute_url(),
    }


def test_admin_pages_have_constant_query_counts(client, editor, other_editor, reviewer):
    event = Event.objects.get(slug="2024-10-18-training-camp-video")
    publish(event, editor, reviewer, 2)
    pending(event, other_editor, 2)
    client.force_login(reviewer)
    for url in pages(event).values():
        queries(client, url)  # warm caches (content types, session)
    short_history = {page: queries(client, url) for page, url in pages(event).items()}

    publish(event, editor, reviewer, 40)
    pending(event, other_editor, 30)
    long_history = {page: queries(client, url) for page, url in pages(event).items()}

    assert long_history == short_history
    assert max(long_history.values()) <= MAX_QUERIES, long_history


def test_approve_has_a_constant_query_count(editor, reviewer):
    event = Event.objects.get(slug="2024-10-18-training-camp-video")

    def approve_once(title):
        event.refresh_from_db()
        state = state_of(event)
        state["fields"]["title"] = title
        change = services.change_propose(
            author=editor, model=Event, summary=title, state=state, target=event
        )
        with CaptureQueriesContext(connection) as captured:
            services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
        return len(captured)

    approve_once("キャッシュを温める")  # content types and permissions are cached after this
    short_history = approve_once("短い履歴")
    publish(event, editor, reviewer, 30)
    long_history = approve_once("長い履歴")
    assert short_history == long_history <= APPROVE_QUERIES, (short_history, long_history)


def test_the_actor_list_costs_the_same_with_more_actors(client, reviewer):
    from apps.actors.models import Actor

    def add(count, prefix):
        country = Actor.objects.create(slug=f"{prefix}-country", name=f"{prefix}国", kind="country")
        for number in range(count):
            Actor.objects.create(
                slug=f"{prefix}-{number}",
                name=f"{prefix}{number}",
                kind="person",
                affiliation=country,
            )

    client.force_login(reviewer)
    url = "/admin/actors/actor/?all="
    add(5, "few")
    few = queries(client, url)
    add(60, "many")
    assert queries(client, url) == few
