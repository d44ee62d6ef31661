"""A changeset clicked through the admin: the "+" popup, an entry form citing the new
source, the changeset's page, submission, review and approval; and the preview."""

import html
import json
import re

import pytest
from django.core import mail

from apps.core.models import ContentVersion
from apps.events.models import Event
from apps.moderation import services
from apps.moderation.models import ChangeRequest, Changeset, Status
from apps.sources.models import Source

from .changesets import (
    NEW_EVENT_TITLE,
    NEW_TEXT,
    NEW_TITLE,
    report_development,
    submitted_development,
)
from .conftest import admin_form_data, set_citations

POPUP = "/admin/sources/source/add/?_to_field=id&_popup=1"


def add_source_in_popup(client, title=NEW_TITLE):
    data = {
        "_popup": "1",
        "_to_field": "id",
        "slug": "",
        "title": title,
        "work": "NHK",
        "published_on": "2024-12-01",
        "accessed_on": "2024-12-02",
        "language": "ja",
        "edit_summary": "新しい記事",
    }
    response = client.post(POPUP, data)
    assert response.status_code == 200, response.content.decode()[:2000]
    return json.loads(response.context["popup_response_data"])


def event_form(client, source_value, **fields):
    """The add form of an event as a browser would post it, citing ``source_value``."""
    data = admin_form_data(client.get("/admin/events/event/add/"))
    data.update(
        {
            "title": NEW_EVENT_TITLE,
            "kind": "deployment",
            "date": "2024-12-01",
            "text": NEW_TEXT,
            "edit_summary": "新しい展開",
            **fields,
        }
    )
    return set_citations(data, [source_value])


def test_the_plus_popup_and_the_form_build_a_draft_the_author_submits(
    client, editor, reviewer, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    chosen = add_source_in_popup(client)
    source_change = ChangeRequest.objects.get()
    assert chosen["value"] == str(-source_change.pk)

    # The form that opened the popup posts the chosen entry: it joins the changeset.
    response = client.post("/admin/events/event/add/", event_form(client, chosen["value"]))
    changeset = Changeset.objects.get()
    assert response.status_code == 302 and response.url == changeset.get_absolute_url()
    event_change = ChangeRequest.objects.exclude(pk=source_change.pk).get()
    assert event_change.changeset == changeset
    assert event_change.proposed_state["citations"][0]["source"] == -source_change.pk

    # The changeset's page lists both entries, the event's citation named by its title.
    page = client.get(changeset.get_absolute_url()).content.decode()
    assert NEW_TITLE in page and NEW_EVENT_TITLE in page
    assert "(new entry of change" not in page
    assert "Submit for review" in page or "査読に出す" in page

    # A reviewer does not see a draft.
    client.force_login(reviewer)
    assert client.get(changeset.get_absolute_url()).status_code == 403
    assert client.get(event_change.get_absolute_url()).status_code == 403
    assert NEW_EVENT_TITLE not in client.get("/admin/").content.decode()

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url(changeset), {"edit_summary": "12月1日の展開"})
    changeset.refresh_from_db()
    assert changeset.status == Status.PENDING, response.content.decode()[:3000]
    assert changeset.summary == "12月1日の展開"
    reviewers = {m.to[0] for m in mail.outbox}
    assert reviewers == {reviewer.email}  # told once, not once per entry
    assert len(mail.outbox) == 1


def submit_url(changeset):
    return f"/admin/moderation/changeset/{changeset.pk}/submit/"


def test_the_source_new_in_the_changeset_is_found_by_the_autocomplete(client, editor, other_editor):
    client.force_login(editor)
    chosen = add_source_in_popup(client)
    search = {
        "term": NEW_TITLE[:6],
        "app_label": "events",
        "model_name": "eventcitation",
        "field_name": "source",
    }
    found = client.get("/admin/autocomplete/", search).json()["results"]
    assert [row["id"] for row in found] == [chosen["value"]]
    assert found[0]["text"].startswith(NEW_TITLE)
    # Anyone else's search does not see it, nor does it stay in the table.
    client.force_login(other_editor)
    assert client.get("/admin/autocomplete/", search).json()["results"] == []
    assert not Source.objects.filter(title=NEW_TITLE).exists()


def test_a_form_in_a_changeset_adds_to_it_and_offers_its_new_entries(client, editor):
    changeset, source, _event, _estimate = submitted_development(editor)
    client.force_login(editor)
    url = f"/admin/events/event/add/?changeset={changeset.pk}"
    page = client.get(url).content.decode()
    assert f"changeset={changeset.pk}" in page  # the "+" beside each field adds to it
    data = event_form(client, str(-source.pk), title="同じ記事が伝える別の出来事")
    response = client.post(url, data)
    assert response.status_code == 302
    changeset.refresh_from_db()
    assert changeset.changes.open().count() == 4
    assert changeset.revision == 2  # a new revision: a reviewer must see it again


def test_a_stranger_cannot_add_to_or_open_someone_elses_changeset(client, editor, other_editor):
    changeset, *_ = submitted_development(editor)
    client.force_login(other_editor)
    assert client.get(f"/admin/events/event/add/?changeset={changeset.pk}").status_code == 404
    assert client.get("/admin/events/event/add/?changeset=nonsense").status_code == 404


def test_a_reviewer_approves_the_whole_changeset_from_its_page(client, editor, reviewer):
    changeset, _source, event, _estimate = submitted_development(editor)
    client.force_login(reviewer)
    page = client.get(changeset.get_absolute_url())
    assert page.status_code == 200
    revision = page.context["review_form"]["revision"].value()
    # The author revises one entry after the reviewer opened the page.
    state = event.proposed_state
    state["fields"]["title"] = "改訂した見出し"
    services.change_revise(
        change=event, author=editor, summary="見出し", state=state, revision=event.revision
    )
    stale = client.post(changeset.get_absolute_url(), {"_approve": "1", "revision": revision})
    assert stale.status_code == 200
    assert not Event.objects.filter(title="改訂した見出し").exists()
    page = client.get(changeset.get_absolute_url())
    revision = page.context["review_form"]["revision"].value()
    response = client.post(changeset.get_absolute_url(), {"_approve": "1", "revision": revision})
    assert response.status_code == 302
    assert Event.objects.filter(title="改訂した見出し").exists()
    assert Source.objects.filter(title=NEW_TITLE).exists()


def test_bulk_approval_refuses_a_member_with_a_reason(client, editor, reviewer):
    changeset, source, *_ = submitted_development(editor)
    client.force_login(reviewer)
    response = client.post(
        "/admin/moderation/changerequest/",
        {
            "action": "approve_selected",
            "_selected_action": [str(source.pk)],
            "post": "yes",
            f"revision_{source.pk}": str(source.revision),
        },
    )
    (result,) = response.context["results"]
    assert not result.approved and f"#{changeset.pk}" in result.message  # its changeset
    assert not Source.objects.filter(title=NEW_TITLE).exists()


# --- preview ----------------------------------------------------------------------------


def preview_url(changeset, page=None):
    url = f"/admin/moderation/changeset/{changeset.pk}/preview/"
    return f"{url}?page={page}" if page else url


@pytest.fixture
def development(editor):
    changeset, *_ = submitted_development(editor)
    return changeset


def test_the_preview_shows_the_public_pages_with_the_changeset_and_changes_nothing(
    client, editor, reviewer, development
):
    before = ContentVersion.current()
    client.force_login(editor)
    response = client.get(preview_url(development))
    assert response.status_code == 200
    page = response.content.decode()  # the first entry's page: the new source, cited
    assert NEW_TITLE in page and NEW_EVENT_TITLE in page
    assert 'class="preview-banner"' in page and 'name="robots" content="noindex' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # Every page the banner offers: the entries' own, the month's timeline, the chart.
    pages = re.findall(r'<ul class="preview-links">(.*?)</ul>', page, re.S)[0]
    urls = [html.unescape(url) for url in re.findall(r'href="([^"]+)"', pages)]
    assert len(urls) == 5, urls
    event_page = client.get(urls[1]).content.decode()
    assert NEW_TEXT in event_page and NEW_TITLE in event_page  # the text, and its footnote
    month = client.get(urls[2])
    assert month.status_code == 200
    assert "date_after%3D2024-12-01" in urls[2] and NEW_EVENT_TITLE in month.content.decode()
    chart = client.get(urls[-1]).content.decode()
    assert "3,000" in chart
    # A reviewer sees it too.
    client.force_login(reviewer)
    assert client.get(preview_url(development)).status_code == 200
    # Nothing was published, cached or counted.
    assert ContentVersion.current() == before
    assert not Event.objects.filter(title=NEW_EVENT_TITLE).exists()
    client.logout()
    assert NEW_EVENT_TITLE not in client.get("/").content.decode()
    assert NEW_EVENT_TITLE not in client.get("/?date_after=2024-12-01").content.decode()


def test_the_preview_is_a_404_for_anyone_who_may_not_see_the_change(
    client, editor, other_editor, development
):
    assert client.get(preview_url(development)).status_code == 404  # anonymous: no login page
    client.force_login(other_editor)
    assert client.get(preview_url(development)).status_code == 404
    member = development.changes.first()
    # A member's preview is its changeset's.
    client.force_login(editor)
    response = client.get(f"/admin/moderation/changerequest/{member.pk}/preview/")
    assert response.status_code == 302 and response.url == preview_url(development)


def test_the_preview_refuses_what_is_not_a_public_page(client, editor, development):
    client.force_login(editor)
    for page in ("/admin/", "/export/timeline.csv", "https://example.org/", "/no-such-page/"):
        assert client.get(preview_url(development, page)).status_code == 404, page


def test_a_single_change_has_a_preview_too(client, editor, reviewer):
    from tests.conftest import propose

    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    change = propose(event, editor, title="プレビューする見出し")
    client.force_login(reviewer)
    response = client.get(f"/admin/moderation/changerequest/{change.pk}/preview/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "プレビューする見出し" in page and 'class="preview-banner"' in page
    event.refresh_from_db()
    assert event.title != "プレビューする見出し"
    services.change_approve(change=change, reviewer=reviewer, revision=change.revision)
    # A decided change has nothing left to preview.
    assert client.get(f"/admin/moderation/changerequest/{change.pk}/preview/").status_code == 404


def test_the_pencil_beside_a_new_entry_opens_its_change_in_the_popup(client, editor, other_editor):
    client.force_login(editor)
    chosen = add_source_in_popup(client)
    change = ChangeRequest.objects.get()
    response = client.get(f"/admin/sources/source/{chosen['value']}/change/?_to_field=id&_popup=1")
    assert response.status_code == 302
    assert response.url.startswith(f"/admin/sources/source/add/?revise={change.pk}")
    assert "_popup=1" in response.url
    form = client.get(response.url)
    assert form.context["draft"].revising == change
    data = admin_form_data(form)
    data.update(title="直した題名", _popup="1", _to_field="id")
    answer = client.post(response.url, data)
    assert json.loads(answer.context["popup_response_data"]) == {
        "action": "change",
        "value": chosen["value"],
        "new_value": chosen["value"],
        "obj": ChangeRequest.objects.get().object_repr,
    }
    assert ChangeRequest.objects.get().proposed_state["fields"]["title"] == "直した題名"
    # Nobody else opens it, and a number that is no change is a 404, not a 500.
    client.force_login(other_editor)
    assert client.get(f"/admin/sources/source/{chosen['value']}/change/").status_code == 404
    assert client.get("/admin/sources/source/-999999/change/").status_code == 404


def test_the_box_under_any_form_begins_a_changeset_with_the_entry(client, editor):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    client.force_login(editor)
    data = admin_form_data(client.get(f"/admin/events/event/{event.pk}/change/"))
    data.update(title="変更セットで直す見出し", edit_summary="見出し", in_changeset="on")
    response = client.post(f"/admin/events/event/{event.pk}/change/", data)
    change = ChangeRequest.objects.get()
    assert change.changeset is not None and change.status == Status.DRAFT
    assert response.url == change.changeset.get_absolute_url()
    # Without the box, the next edit stands on its own, beside the draft.
    other = Event.objects.get(slug="2024-10-08-defence-minister-very-likely")
    data = admin_form_data(client.get(f"/admin/events/event/{other.pk}/change/"))
    data.update(title="単独で直す見出し", edit_summary="見出し")
    client.post(f"/admin/events/event/{other.pk}/change/", data)
    alone = ChangeRequest.objects.get(object_id=other.pk)
    assert alone.changeset is None and alone.status == Status.PENDING


def test_what_a_draft_held_stays_its_authors_after_it_is_taken_out_or_withdrawn(
    client, editor, other_editor, reviewer
):
    changeset, _source, _event, estimate = report_development(editor)
    services.change_withdraw(change=estimate, user=editor)
    for viewer in (other_editor, reviewer):
        client.force_login(viewer)
        assert client.get(estimate.get_absolute_url()).status_code == 403
        assert estimate.summary not in client.get("/admin/moderation/decision/").content.decode()
        reopen = f"/admin/events/troopestimate/add/?reopen={estimate.pk}"
        assert client.get(reopen).status_code == 404
    services.changeset_withdraw(changeset=changeset, author=editor)
    client.force_login(reviewer)
    assert client.get(changeset.get_absolute_url()).status_code == 403
    assert (
        f"/admin/moderation/changeset/{changeset.pk}/"
        not in client.get("/admin/moderation/changeset/?status=all").content.decode()
    )
    client.force_login(editor)
    assert client.get(changeset.get_absolute_url()).status_code == 200


def test_the_pencil_beside_a_published_entry_proposes_an_edit_that_keeps_its_id(client, editor):
    source = Source.objects.get(slug="nhk-20241021")
    client.force_login(editor)
    url = f"/admin/sources/source/{source.pk}/change/?_to_field=id&_popup=1"
    data = admin_form_data(client.get(url))
    data.update(title="鉛筆から直した題名", edit_summary="題名", _popup="1", _to_field="id")
    answer = client.post(url, data)
    assert json.loads(answer.context["popup_response_data"]) == {
        "action": "change",
        "value": str(source.pk),
        "new_value": str(source.pk),
        "obj": str(source),
    }
    change = ChangeRequest.objects.get()
    assert change.changeset is None and change.status == Status.PENDING
    assert not Changeset.objects.exists()


def test_a_members_preview_tells_a_stranger_nothing(client, other_editor, development):
    member = development.changes.first()
    url = f"/admin/moderation/changerequest/{member.pk}/preview/"
    assert client.get(url).status_code == 404
    client.force_login(other_editor)
    assert client.get(url).status_code == 404
