"""Admin pages of the workflow cost the same number of queries whatever the history length."""

import json

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
# content rules read the cited sources and the actors they are attributed to; the author's
# notification is written, their mail setting and the entry's watchers read; the published
# history supersedes the entry's last publication and records the new one, with what it refers to.
APPROVE_QUERIES = 34


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


def revised(change, editor, times):
    """``times`` more revisions of ``change``."""
    for number in range(times):
        change.refresh_from_db()
        state = json.loads(json.dumps(change.proposed_state))
        state["fields"]["title"] = f"{change.proposed_state['fields']['title']}・{number}"
        services.change_revise(
            change=change,
            author=editor,
            summary=f"改訂{number}",
            state=state,
            revision=change.revision,
        )
    change.refresh_from_db()
    return change


def test_a_change_with_many_revisions_costs_the_same(client, editor, reviewer, other_reviewer):
    event = Event.objects.get(slug="2024-10-18-training-camp-video")
    state = state_of(event)
    state["fields"]["title"] = "改訂される見出し"
    few = services.change_propose(
        author=editor, model=Event, summary="改訂", state=state, target=event
    )
    many = services.change_propose(
        author=editor, model=Event, summary="改訂", state=state, target=event
    )
    revised(few, editor, 1)  # 2 revisions
    revised(many, editor, 29)  # 30 revisions
    services.change_request_changes(
        change=many, reviewer=other_reviewer, revision=many.revision, note="もう一度"
    )
    many = revised(many, editor, 0)
    services.change_revise(
        change=many,
        author=editor,
        summary="再提出",
        state=many.proposed_state,
        revision=many.revision,
    )
    many.refresh_from_db()
    assert (few.revisions.count(), many.revisions.count()) == (2, 31)

    client.force_login(reviewer)
    queries(client, few.get_absolute_url())  # warm caches
    assert queries(client, few.get_absolute_url()) == queries(client, many.get_absolute_url())
    compare = "/admin/moderation/changerequest/{}/revisions/?from=1&to={}"
    assert queries(client, compare.format(few.pk, 2)) == queries(
        client, compare.format(many.pk, 31)
    )

    def approve(change):
        change.refresh_from_db()
        with CaptureQueriesContext(connection) as captured:
            services.change_approve(change=change, reviewer=reviewer, revision=change.revision)
        return len(captured)

    with_few = approve(few)  # warms the caches a first approval fills
    event.refresh_from_db()
    services.change_withdraw(change=many, user=editor)

    def propose_revised(title, times):
        event.refresh_from_db()
        state = state_of(event)
        state["fields"]["title"] = title
        change = services.change_propose(
            author=editor, model=Event, summary=title, state=state, target=event
        )
        return revised(change, editor, times)

    with_two = approve(propose_revised("二つの改訂", 1))
    with_thirty = approve(propose_revised("三十の改訂", 29))
    assert with_two == with_thirty <= APPROVE_QUERIES, (with_few, with_two, with_thirty)


# --- changesets -----------------------------------------------------------------------


def discussed(changeset, event_change, author, reviewer, count):
    """``count`` comments on the changeset, half of them on a field of its event, each
    notifying its author or the reviewer."""
    for number in range(count):
        if number % 2:
            services.comment_add(
                changeset=changeset, author=author, text=f"@{reviewer.username} 返事{number}"
            )
        else:
            services.comment_add(
                changeset=changeset,
                change=event_change,
                field="title",
                author=reviewer,
                text=f"見出し{number}",
            )


def test_a_changeset_page_costs_the_same_with_2_or_40_comments_and_notifications(
    client, editor, other_editor, reviewer
):
    from tests.moderation.changesets import submitted_development

    few, _source, few_event, _ = submitted_development(editor)
    discussed(few, few_event, editor, reviewer, 2)
    many, *_ = submitted_development(other_editor)
    many_event = many.changes.get(content_type__model="event")
    discussed(many, many_event, other_editor, reviewer, 40)
    client.force_login(reviewer)
    queries(client, few.get_absolute_url())  # warm caches
    assert queries(client, few.get_absolute_url()) == queries(client, many.get_absolute_url())
    client.force_login(editor)
    queries(client, "/admin/")
    client.force_login(other_editor)
    queries(client, "/admin/")
    for url in ("/admin/", "/admin/notifications/notification/"):
        client.force_login(editor)
        with_few = queries(client, url)
        client.force_login(other_editor)
        assert queries(client, url) == with_few, url


def test_the_changeset_list_and_the_desk_cost_the_same_with_2_or_40_changesets(
    client, editor, reviewer
):
    from apps.moderation.models import Changeset, Status

    def changesets(count):
        event = Event.objects.get(slug="2024-10-18-training-camp-video")
        for number in range(count):
            state = state_of(event)
            state["fields"]["title"] = f"変更セット{number}"
            change = services.change_propose(
                author=editor,
                model=Event,
                summary=f"変更セット{number}",
                state=state,
                target=event,
                in_draft=True,
            )
            services.changeset_submit(
                changeset=change.changeset, author=editor, summary=f"変更セット{number}"
            )

    changesets(2)
    client.force_login(reviewer)
    urls = ["/admin/", "/admin/moderation/changeset/", "/admin/moderation/changerequest/"]
    for url in urls:
        queries(client, url)
    few = [queries(client, url) for url in urls]
    changesets(38)
    assert Changeset.objects.filter(status=Status.PENDING).count() == 40
    assert [queries(client, url) for url in urls] == few
    client.force_login(editor)
    queries(client, "/admin/")
    assert queries(client, "/admin/") <= 16


def test_a_changeset_at_its_limit_is_refused_one_more_and_its_page_stays_bounded(
    client, editor, settings, en
):
    """A changeset's page lists a diff per entry: its cost grows with its entries (about two
    queries each once its checks are cached), which the limit bounds."""
    from django.core.exceptions import ValidationError

    from apps.sources.models import Source
    from tests.moderation.changesets import source_state

    settings.MODERATION_CHANGESET_MAX_ENTRIES = 12

    def add(number, changeset=None):
        return services.change_propose(
            author=editor,
            model=Source,
            summary=f"記事{number}",
            state=source_state(title=f"記事{number}", url=f"https://example.org/{number}"),
            changeset=changeset,
            in_draft=changeset is None,
        )

    changeset = add(0).changeset
    for number in range(1, 3):
        add(number, changeset)
    client.force_login(editor)
    queries(client, changeset.get_absolute_url())
    small = queries(client, changeset.get_absolute_url())
    for number in range(3, 12):
        add(number, changeset)
    with pytest.raises(ValidationError, match="12"):  # (the client left Japanese active)
        add(12, changeset)
    first = queries(client, changeset.get_absolute_url())  # the checks, once
    cached = queries(client, changeset.get_absolute_url())
    assert cached <= small + 2 * 9, (small, cached)
    assert first <= cached + 20 * 12, (first, cached)
