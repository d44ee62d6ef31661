"""What editors and reviewers do in the admin, end to end through the real admin views."""

import pytest
from django.urls import reverse
from reversion.models import Version

from apps.events.models import Event, TroopEstimate
from apps.moderation.models import ChangeRequest, Status
from apps.sources.models import Source

from .conftest import admin_form_data, citation_fields, decide, set_citations

pytestmark = pytest.mark.django_db

NEW_TITLE = "ペスコフ報道官、韓国の発表は「矛盾が多い」"


@pytest.fixture
def event():
    return Event.objects.get(slug="2024-10-21-peskov-contradictory")


def change_url(entry):
    opts = entry._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{entry.pk}/change/"


def propose(client, user, entry, summary="見出しを修正", **fields):
    client.force_login(user)
    data = admin_form_data(client.get(change_url(entry)))
    data.update(fields, edit_summary=summary)
    response = client.post(change_url(entry), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    return ChangeRequest.objects.latest("pk"), response


def test_editor_proposes_public_sees_nothing_reviewer_approves(client, event, editor, reviewer):
    change, response = propose(client, editor, event, title=NEW_TITLE)
    assert response["Location"] == change.get_absolute_url()
    page = client.get(response["Location"]).content.decode()
    assert "変更は査読待ちです" in page

    event.refresh_from_db()
    assert event.title != NEW_TITLE
    client.logout()
    assert NEW_TITLE not in client.get("/").content.decode()

    client.force_login(reviewer)
    review_page = client.get(change.get_absolute_url()).content.decode()
    assert 'name="_approve"' in review_page and 'name="_reject"' in review_page
    assert "<del>" in review_page and "<ins>" in review_page
    assert decide(client, change).status_code == 302

    client.logout()
    assert NEW_TITLE in client.get("/").content.decode()
    event.refresh_from_db()
    assert event.version == 2
    assert Version.objects.get_for_object(event).first().revision.user == editor


def test_the_change_form_shows_the_published_state_with_a_banner(client, event, editor):
    change, _ = propose(client, editor, event, title=NEW_TITLE)
    page = client.get(change_url(event)).content.decode()
    assert change.get_absolute_url() in page
    assert f'value="{event.title}"' in page.replace("&quot;", '"').replace("&#x27;", "'")


def test_citations_added_removed_and_reordered_are_listed_by_title(client, editor, reviewer):
    event = Event.objects.get(slug="2024-10-18-training-camp-video")
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(event)))
    first, second, third = citation_fields(data)
    added = Source.objects.get(slug="nhk-20241023")
    removed = Source.objects.get(pk=second)
    set_citations(data, [added.pk, third, first])
    data["edit_summary"] = "出典を整理"
    client.post(change_url(event), data)
    change = ChangeRequest.objects.get()
    client.force_login(reviewer)
    page = client.get(change.get_absolute_url()).content.decode()
    assert added.title in page and removed.title in page
    assert "citation-added" in page and "citation-moved" in page and "citation-removed" in page


def test_rejection_reason_is_required_and_shown_to_the_author(client, event, editor, reviewer):
    change, _ = propose(client, editor, event, title=NEW_TITLE)
    client.force_login(reviewer)
    decide(client, change, "_reject", "")
    change.refresh_from_db()
    assert change.status == Status.PENDING
    decide(client, change, "_reject", "出典の表現と異なります。")
    change.refresh_from_db()
    assert change.status == Status.REJECTED
    client.force_login(editor)
    assert "出典の表現と異なります。" in client.get(change.get_absolute_url()).content.decode()


def test_author_withdraws(client, event, editor):
    change, _ = propose(client, editor, event, title=NEW_TITLE)
    withdraw = reverse("admin:moderation_changerequest_withdraw", args=[change.pk])
    assert "取り下げ" in client.get(withdraw).content.decode()  # asks first
    change.refresh_from_db()
    assert change.status == Status.PENDING
    client.post(withdraw)
    change.refresh_from_db()
    assert change.status == Status.WITHDRAWN


def test_author_revises_a_pending_change(client, event, editor, reviewer):
    change, _ = propose(client, editor, event, title=NEW_TITLE)
    url = change_url(event) + f"?revise={change.pk}"
    form = client.get(url)
    data = admin_form_data(form)
    assert data["title"] == NEW_TITLE
    assert data["edit_summary"] == change.summary
    data.update(title="ペスコフ報道官、詳しい言及を避ける", edit_summary="見出しを再修正")
    assert client.post(url, data).status_code == 302
    change.refresh_from_db()
    assert change.proposed_state["fields"]["title"] == "ペスコフ報道官、詳しい言及を避ける"
    assert change.revised_at is not None
    assert ChangeRequest.objects.count() == 1


def test_someone_else_cannot_revise(client, event, editor, other_editor):
    change, _ = propose(client, editor, event, title=NEW_TITLE)
    client.force_login(other_editor)
    assert client.get(change_url(event) + f"?revise={change.pk}").status_code == 403


def test_self_approval_is_refused_in_the_admin(client, event, reviewer):
    change, _ = propose(client, reviewer, event, title=NEW_TITLE)
    response = decide(client, change)
    change.refresh_from_db()
    assert change.status == Status.PENDING
    assert response.status_code == 200


def test_a_change_the_entry_moved_on_from_waits_for_a_merge(
    client, event, editor, other_editor, reviewer
):
    first, _ = propose(client, editor, event, title=NEW_TITLE)
    second, _ = propose(client, other_editor, event, text="ペスコフ報道官は詳しい言及を避けた。")
    client.force_login(reviewer)
    decide(client, first)
    decide(client, second)
    page = client.get(second.get_absolute_url()).content.decode()
    assert 'id="published-since"' in page  # what was published in between
    second.refresh_from_db()
    assert second.status == Status.PENDING
    client.force_login(other_editor)
    page = client.get(second.get_absolute_url()).content.decode()
    assert reverse("admin:moderation_changerequest_merge", args=[second.pk]) in page
    third, _ = propose(client, other_editor, event, text="ペスコフ報道官は言及を避けた。")
    client.force_login(reviewer)
    queue = client.get("/admin/moderation/changerequest/?status=all").content.decode()
    rows = {
        change: next(row for row in queue.split("<tr") if change.get_absolute_url() in row)
        for change in (first, second, third)
    }
    # The first is decided, the third based on what is published now.
    assert ['class="conflict"' in rows[c] for c in (first, second, third)] == [False, True, False]


def test_add_view_proposes_a_new_entry(client, editor, reviewer):
    client.force_login(editor)
    source = Source.objects.get(slug="nhk-20241110")
    data = {
        "slug": "",
        "date": "2024-11-09",
        "kind": "statement",
        "title": "新しい発言",
        "text": "新しい発言があった。",
        "claim_rank": "normal",
        "edit_summary": "新規追加",
    }
    set_citations(data, [source.pk])
    response = client.post("/admin/events/event/add/", data)
    assert response.status_code == 302
    assert not Event.objects.filter(title="新しい発言").exists()
    change = ChangeRequest.objects.get()
    client.force_login(reviewer)
    decide(client, change)
    created = Event.objects.get(title="新しい発言")
    assert created.slug == "event-2024-11-09"
    assert list(created.citations.values_list("source", flat=True)) == [source.pk]


def test_invalid_input_is_refused_with_the_field_named_and_nothing_written(client, event, editor):
    client.force_login(editor)
    data = admin_form_data(client.get(change_url(event)))
    data.update(date="2024-02-30", edit_summary="壊す")
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    assert "date" in response.context["adminform"].form.errors
    data.update(date=event.date.isoformat(), edit_summary="")
    response = client.post(change_url(event), data)
    assert "edit_summary" in response.context["proposal_form"].errors
    source = citation_fields(data)[0]
    set_citations(data, [source, source])
    data["edit_summary"] = "重複"
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    assert not ChangeRequest.objects.exists()


def test_delete_is_a_proposal_and_can_be_recovered(client, editor, reviewer):
    estimate = TroopEstimate.objects.get(slug="13000-total-south-korea")
    client.force_login(editor)
    url = f"/admin/events/troopestimate/{estimate.pk}/delete/"
    assert 'name="edit_summary"' in client.get(url).content.decode()
    client.post(url, {"edit_summary": "分析の節と重複"})
    assert TroopEstimate.objects.filter(pk=estimate.pk).exists()
    deletion = ChangeRequest.objects.get()
    client.force_login(reviewer)
    decide(client, deletion)
    assert not TroopEstimate.objects.filter(pk=estimate.pk).exists()

    client.force_login(editor)
    listing = client.get("/admin/events/troopestimate/recover/").content.decode()
    assert "韓国: 13,000" in listing
    version = Version.objects.get_deleted(TroopEstimate).get()
    client.post(
        f"/admin/events/troopestimate/recover/{version.pk}/", {"edit_summary": "誤って削除"}
    )
    recovery = ChangeRequest.objects.latest("pk")
    client.force_login(reviewer)
    decide(client, recovery)
    assert TroopEstimate.objects.get(pk=estimate.pk).figure == 13000


def test_deleting_a_cited_source_is_refused(client, editor):
    source = Source.objects.get(slug="nhk-20241021")
    client.force_login(editor)
    url = f"/admin/sources/source/{source.pk}/delete/"
    page = client.get(url).content.decode()
    assert "moderation-error" in page
    client.post(url, {"edit_summary": "削除"})
    assert not ChangeRequest.objects.exists()


def test_bulk_delete_action_is_not_offered(client, editor):
    client.force_login(editor)
    page = client.get("/admin/events/event/").content.decode()
    assert "delete_selected" not in page


def test_history_lists_versions_and_proposals_and_compares(client, event, editor, reviewer):
    approved, _ = propose(client, editor, event, title=NEW_TITLE)
    client.force_login(reviewer)
    decide(client, approved)
    event.refresh_from_db()
    rejected, _ = propose(client, editor, event, title="別の見出し", summary="再修正")
    client.force_login(reviewer)
    decide(client, rejected, "_reject", "不要")

    client.force_login(editor)
    page = client.get(f"/admin/events/event/{event.pk}/history/").content.decode()
    assert "初版の取り込み" in page and "見出しを修正" in page and "再修正" in page
    assert "bob" in page and "alice" in page
    old, new = Version.objects.get_for_object(event).order_by("pk")
    diff = client.get(
        f"/admin/events/event/{event.pk}/history/compare/?from={old.pk}&to={new.pk}"
    ).content.decode()
    assert "<del>" in diff and "<ins>" in diff


def test_restore_from_history_creates_a_proposal(client, event, editor, other_editor, reviewer):
    change, _ = propose(client, editor, event, title=NEW_TITLE)
    client.force_login(reviewer)
    decide(client, change)
    first = Version.objects.get_for_object(event).order_by("pk").first()
    client.force_login(other_editor)
    url = f"/admin/events/event/{event.pk}/history/{first.pk}/restore/"
    assert client.get(url).status_code == 200
    client.post(url, {"edit_summary": "初版に戻す"})
    restore = ChangeRequest.objects.latest("pk")
    event.refresh_from_db()
    assert event.title == NEW_TITLE
    client.force_login(reviewer)
    decide(client, restore)
    event.refresh_from_db()
    assert event.title == "ペスコフ報道官、韓国の発表は「食い違っている情報が多い」"


def test_queue_counts_and_filters(client, event, editor, reviewer):
    propose(client, editor, event, title=NEW_TITLE)
    estimate = TroopEstimate.objects.get(slug="13000-total-south-korea")
    propose(client, editor, estimate, statement="韓国は約1万3000人とみている")
    client.force_login(reviewer)
    page = client.get("/admin/moderation/changerequest/").content.decode()
    assert "queue-counts" in page
    only_events = client.get("/admin/moderation/changerequest/?kind=events.event")
    assert list(only_events.context["cl"].result_list) == [ChangeRequest.objects.order_by("pk")[0]]
    old = client.get("/admin/moderation/changerequest/?age=week")
    assert list(old.context["cl"].result_list) == []


def test_recent_changes_lists_decisions_newest_first(client, event, editor, reviewer):
    first, _ = propose(client, editor, event, title=NEW_TITLE)
    client.force_login(reviewer)
    decide(client, first)
    event.refresh_from_db()
    second, _ = propose(client, editor, event, title="もう一度", summary="もう一度")
    client.force_login(reviewer)
    decide(client, second, "_reject", "不要")
    response = client.get("/admin/moderation/decision/")
    assert [c.pk for c in response.context["cl"].result_list] == [second.pk, first.pk]
