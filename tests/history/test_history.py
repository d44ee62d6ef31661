"""The published history: every publication of every entry, as the public saw it, in the
order they committed."""

import pytest
from django.contrib.contenttypes.models import ContentType

from apps.core.registry import entry_types
from apps.core.states import state_of
from apps.events.models import Event, TroopEstimate
from apps.history.models import Publication
from apps.moderation import services
from apps.moderation.history import rebuild_published_history
from apps.sources.models import Source
from tests.conftest import publish
from tests.moderation.changesets import submitted_development

pytestmark = pytest.mark.django_db

SLUG = "2024-10-21-peskov-contradictory"


def current_states():
    """(model label, id) → state, of every current publication."""
    return {
        (row.content_type.model, row.object_id): row.state
        for row in Publication.objects.at().select_related("content_type")
    }


def live_states():
    return {
        (entry_type.model._meta.model_name, entry.pk): state_of(entry)
        for entry_type in entry_types()
        for entry in entry_type.model._base_manager.all()
    }


def test_the_seed_is_the_first_publication_of_every_entry():
    assert current_states() == live_states()
    assert set(Publication.objects.values_list("action", flat=True)) == {"created"}
    assert set(Publication.objects.values_list("summary", flat=True)) == {"initial import"}


def test_an_approval_supersedes_the_entrys_publication_at_its_moment(editor, reviewer):
    event = Event.objects.get(slug=SLUG)
    first = Publication.objects.of(Event).get(object_id=event.pk)
    publish(event, editor, reviewer, "見出しの修正", title="新しい見出し")
    first.refresh_from_db()
    second = Publication.objects.of(Event).at().get(object_id=event.pk)
    assert (second.action, second.version, second.summary) == ("updated", 2, "見出しの修正")
    assert second.state["fields"]["title"] == "新しい見出し"
    assert first.superseded_at == second.published_at and second.seq > first.seq
    assert current_states() == live_states()
    # The moment before holds the old state, the moment after the new one.
    before = Publication.objects.of(Event).at(
        second.published_at.replace(microsecond=0) if False else first.published_at
    )
    assert before.get(object_id=event.pk).state["fields"]["title"] == event.title


def test_a_changeset_and_a_deletion_are_recorded(editor, reviewer):
    changeset, *_ = submitted_development(editor)
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)
    rows = list(Publication.objects.filter(summary="12月1日の新しい展開を追加"))
    by_model = {row.content_type.model: row for row in rows}
    assert set(by_model) == {"source", "event", "troopestimate"} and len(rows) == 3
    assert len({row.published_at for row in rows}) == 1  # one moment for the whole
    assert all(row.action == "created" for row in rows)
    source = Source.objects.get(pk=by_model["source"].object_id)
    # The event's state names the new source by the id it got, and the references say so.
    row = by_model["event"]
    assert row.state["citations"][0]["source"] == source.pk
    assert Publication.objects.referring_to("source", source.pk).filter(pk=row.pk).exists()
    # Deleting the estimate: the deletion is a publication, and no current state remains.
    gone = by_model["troopestimate"]
    estimate = TroopEstimate.objects.get(pk=gone.object_id)
    deletion = services.change_propose_deletion(
        author=editor, target=estimate, summary="重複のため削除"
    )
    services.change_approve(change=deletion, reviewer=reviewer, revision=deletion.revision)
    last = Publication.objects.of(TroopEstimate).filter(object_id=gone.object_id).latest("seq")
    assert (last.action, last.state, last.summary) == ("deleted", None, "重複のため削除")
    assert not Publication.objects.of(TroopEstimate).at().filter(object_id=gone.object_id).exists()
    then = Publication.objects.of(TroopEstimate).at(gone.published_at)
    assert then.filter(object_id=gone.object_id).exists()
    assert current_states() == live_states()


def test_the_history_rebuilt_from_django_reversion_is_the_one_recorded(editor, reviewer):
    event = Event.objects.get(slug=SLUG)
    publish(event, editor, reviewer, "見出し", title="一度目")
    event.refresh_from_db()
    publish(event, editor, reviewer, "見出し", title="二度目")
    changeset, *_ = submitted_development(editor)
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)
    created = TroopEstimate.objects.get(statement="約3000人", date="2024-12-01")
    deletion = services.change_propose_deletion(author=editor, target=created, summary="削除")
    services.change_approve(change=deletion, reviewer=reviewer, revision=deletion.revision)

    def recorded():
        """Each entry's publications in order (within one moment, the order is the
        database's: only each entry's own sequence means something)."""
        types = {ct.pk: ct.model for ct in ContentType.objects.all()}
        by_entry = {}
        for r in Publication.objects.order_by("seq"):
            by_entry.setdefault((types[r.content_type_id], r.object_id), []).append(
                (r.action, r.version, r.state, r.summary, r.superseded_at is None)
            )
        return by_entry

    before = recorded()
    rebuild_published_history()
    assert recorded() == before
