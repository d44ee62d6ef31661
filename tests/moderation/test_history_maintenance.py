import io
import json

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from reversion.models import Revision, Version

from apps.core.registry import entry_types
from apps.events.models import Event
from apps.moderation import services
from apps.moderation.state import state_of

pytestmark = pytest.mark.django_db


def versioned_entries() -> int:
    entry_models = [ContentType.objects.get_for_model(t.model) for t in entry_types()]
    return (
        Version.objects.filter(content_type__in=entry_models)
        .values("content_type", "object_id")
        .distinct()
        .count()
    )


def publish_titles(event, editor, reviewer, count):
    for number in range(count):
        state = state_of(event)
        state["fields"]["title"] = f"見出し その{number + 1}"
        change = services.change_propose(
            author=editor, model=Event, summary=f"修正{number + 1}", state=state, target=event
        )
        services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
        event.refresh_from_db()


def test_prune_keeps_the_latest_versions_of_every_entry(editor, reviewer):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    publish_titles(event, editor, reviewer, 5)
    assert Version.objects.get_for_object(event).count() == 6
    entries_before = versioned_entries()

    out = io.StringIO()
    call_command("prune_history", keep=2, stdout=out)

    kept = Version.objects.get_for_object(event)
    assert [v.field_dict["title"] for v in kept] == ["見出し その5", "見出し その4"]
    # The initial import revision holds the only version of every other entry: kept.
    assert versioned_entries() == entries_before
    assert "Deleted 4 version(s) of entries" in out.getvalue()


def test_prune_never_deletes_the_only_version(editor, reviewer):
    with pytest.raises(CommandError):
        call_command("prune_history", keep=0)
    revisions = Revision.objects.count()
    call_command("prune_history", keep=1, stdout=io.StringIO())
    assert Revision.objects.count() == revisions


def test_dry_run_deletes_nothing(editor, reviewer):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    publish_titles(event, editor, reviewer, 3)
    revisions = Revision.objects.count()
    out = io.StringIO()
    call_command("prune_history", keep=1, dry_run=True, stdout=out)
    assert Revision.objects.count() == revisions
    assert "Would delete 3 version(s) of entries" in out.getvalue()


def test_versions_stored_before_a_model_change_still_render(client, editor):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    version = Version.objects.get_for_object(event).get()
    stale = {"title": "旧形式", "date": "not a date", "colour": "red", "version": 1}
    version.serialized_data = json.dumps(
        [{"model": "events.event", "pk": event.pk, "fields": stale}], ensure_ascii=False
    )
    version.save()
    client.force_login(editor)
    history = client.get(f"/admin/events/event/{event.pk}/history/")
    assert history.status_code == 200
    compare = client.get(
        f"/admin/events/event/{event.pk}/history/compare/?from={version.pk}&to=current"
    )
    assert compare.status_code == 200
    page = compare.content.decode()
    assert "旧形式" in page and "not a date" in page and "red" in page
    restore = client.post(
        f"/admin/events/event/{event.pk}/history/{version.pk}/restore/",
        {"edit_summary": "戻す"},
        follow=True,
    )
    assert restore.status_code == 200
    assert not event.__class__.objects.filter(title="旧形式").exists()
