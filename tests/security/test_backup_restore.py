"""dumpdata/loaddata of content, history and proposals round-trips to an identical site."""

import io
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from reversion.models import Revision, Version

from apps.actors.models import Actor, ActorKind
from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import ChangeRequest
from apps.moderation.state import state_of
from apps.places.models import Place, PlaceKind
from tests.conftest import make_user

BACKUP_EXCLUDES = ["contenttypes", "auth.permission", "sessions", "admin.logentry", "axes"]


def backup(path):
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=BACKUP_EXCLUDES,
        indent=1,
        output=str(path),
        verbosity=0,
    )


def snapshot(client, event):
    pages = {}
    for url in ["/", f"/events/{event.slug}/", "/sources/", "/feed/", "/reactions/"]:
        cache.clear()
        pages[url] = client.get(url).content
    client.force_login(make_or_get_root())
    cache.clear()
    pages["history"] = client.get(f"/admin/events/event/{event.pk}/history/").content
    pages["queue"] = client.get("/admin/moderation/changerequest/?status=all").content
    client.logout()
    counts = (Revision.objects.count(), Version.objects.count(), ChangeRequest.objects.count())
    return pages, counts


def make_or_get_root():
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return User.objects.filter(username="root").first() or User.objects.create_superuser(
        "root", "root@example.org", "pw-root-123!"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_give_back_the_same_site(client, tmp_path):
    from django.apps import apps

    from apps.moderation.roles import sync_groups

    call_command("loaddata", "seed", verbosity=0)
    sync_groups(apps)
    editor, reviewer = (
        make_user("b-editor", "Editors"),
        make_user("b-reviewer", "Editors", "Reviewers"),
    )
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    for title in ("復元試験1", "復元試験2"):
        event.refresh_from_db()
        state = state_of(event)
        state["fields"]["title"] = title
        change = services.change_propose(
            author=editor, model=Event, summary=title, state=state, target=event
        )
        services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    event.refresh_from_db()
    state = state_of(event)
    state["fields"]["text"] = "査読待ちの変更。"
    services.change_propose(author=editor, model=Event, summary="保留", state=state, target=event)
    make_or_get_root()
    before = snapshot(client, event)

    backup(tmp_path / "backup.json")
    try:
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        out = io.StringIO()
        call_command("loaddata", str(tmp_path / "backup.json"), stdout=out)
        after = snapshot(client, Event.objects.get(slug=event.slug))
    finally:
        ContentType.objects.clear_cache()

    assert after[1] == before[1]
    for name, html in before[0].items():
        assert without_tokens(after[0][name]) == without_tokens(html), name


def publish(editor, reviewer, model, state, target=None):
    change = services.change_propose(
        author=editor, model=model, summary="再編", state=state, target=target
    )
    services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    change.refresh_from_db()
    return model.objects.get(pk=change.object_id) if target is None else target


def reparent(editor, reviewer, entry, field, parent):
    entry.refresh_from_db()
    state = state_of(entry)
    state["fields"][field] = parent.pk
    publish(editor, reviewer, type(entry), state, target=entry)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_actors_and_places_that_point_to_later_ones(client, tmp_path):
    """The earliest actor and place, moved under ones created after them (and one of
    those under the other): the backup lists each before what it points to."""
    from django.apps import apps

    from apps.moderation.roles import sync_groups

    call_command("loaddata", "seed", verbosity=0)
    sync_groups(apps)
    editor = make_user("b-editor", "Editors")
    reviewer = make_user("b-reviewer", "Editors", "Reviewers")
    first_actor = Actor.objects.order_by("pk").first()
    first_place = Place.objects.order_by("pk").first()
    new_actors = [
        publish(editor, reviewer, Actor, state_of(Actor(slug=slug, name=name, kind=kind)))
        for slug, name, kind in [
            ("parent-org", "親組織", ActorKind.GOVERNMENT),
            ("grandparent-org", "上位組織", ActorKind.COUNTRY),
        ]
    ]
    reparent(editor, reviewer, first_actor, "affiliation", new_actors[0])
    reparent(editor, reviewer, new_actors[0], "affiliation", new_actors[1])
    new_place = publish(
        editor,
        reviewer,
        Place,
        state_of(Place(slug="new-region", name="新地域", kind=PlaceKind.REGION)),
    )
    reparent(editor, reviewer, first_place, "parent", new_place)
    links = lambda: (  # noqa: E731
        sorted(Actor.objects.values_list("slug", "affiliation__slug", "root__slug")),
        sorted(Place.objects.values_list("slug", "parent__slug")),
    )
    before, pages_before = links(), snapshot(client, Event.objects.first())

    backup(tmp_path / "backup.json")
    try:
        call_command("flush", interactive=False, verbosity=0)
        ContentType.objects.clear_cache()
        call_command("loaddata", str(tmp_path / "backup.json"), verbosity=0)
        after, pages_after = links(), snapshot(client, Event.objects.first())
    finally:
        ContentType.objects.clear_cache()

    assert after == before
    assert (first_actor.slug, "parent-org", "grandparent-org") in after[0]
    assert pages_after[1] == pages_before[1]
    for name, html in pages_before[0].items():
        assert without_tokens(pages_after[0][name]) == without_tokens(html), name


def without_tokens(html: bytes) -> bytes:
    """Admin pages carry a fresh CSRF token each time; the rest must be identical."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)
