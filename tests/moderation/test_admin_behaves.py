"""The admin behaves as a person expects: each small thing a newsroom tripped over."""

import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from apps.events.models import Event, TroopEstimate
from apps.moderation import services
from apps.moderation.models import ChangeRequest
from apps.moderation.selectors import version_label
from apps.sources.models import LinkStatus, Source
from tests.conftest import propose, publish

from .conftest import admin_form_data, citation_fields, decide

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return Event.objects.get(slug="2024-10-21-peskov-contradictory")  # one citation


def change_url(entry):
    opts = entry._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{entry.pk}/change/"


def form_data(client, user, entry):
    client.force_login(user)
    return admin_form_data(client.get(change_url(entry)))


def add_rows(data, *rows, prefix="citations"):
    """Rows as the browser adds them: appended after the rendered ones."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{total + offset}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data


# --- citations ------------------------------------------------------------------


def test_a_second_citation_is_added_whatever_its_position_says(client, event, editor):
    data = form_data(client, editor, event)
    first = citation_fields(data)[0]
    extra = [Source.objects.get(slug=s).pk for s in ("nhk-20241023", "nhk-20241024-kirby")]
    # The blank row the form renders keeps its (empty) position; the rows the browser adds
    # got position 1 by default before, and a duplicate-position error.
    add_rows(data, {"source": extra[0], "position": "1"}, {"source": extra[1], "position": ""})
    data["edit_summary"] = "出典を追加"
    response = client.post(change_url(event), data)
    assert response.status_code == 302, response.context["error_summary"]
    state = ChangeRequest.objects.get().proposed_state
    assert [row["source"] for row in state["citations"]] == [int(first), extra[0], extra[1]]


def test_blank_citation_rows_are_ignored(client, event, editor):
    data = form_data(client, editor, event)
    add_rows(data, {"position": "2"}, {"position": "", "via_note": ""})
    data.update(title="見出しだけ変える", edit_summary="見出し")
    response = client.post(change_url(event), data)
    assert response.status_code == 302
    assert len(ChangeRequest.objects.get().proposed_state["citations"]) == 1


def test_a_source_cited_twice_is_named_on_its_row(client, event, editor):
    data = form_data(client, editor, event)
    first = citation_fields(data)[0]
    add_rows(data, {"source": first, "position": "2"})
    data["edit_summary"] = "重複"
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][0].formset
    row = next(form for form in formset.forms if form.errors)
    assert "source" in row.errors
    summary = response.context["error_summary"]
    assert any(item.anchor == row["source"].auto_id for item in summary)


def test_citation_inputs_are_labelled_for_assistive_technology(client, event, editor):
    client.force_login(editor)
    page = client.get(change_url(event)).content.decode()
    assert 'aria-label="順序, 出典2"' in page or 'aria-label="順序, citation 2"' in page
    assert 'aria-label="出典, 出典1"' in page or 'aria-label="出典, citation 1"' in page


# --- dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "date", "precision"),
    [
        ("2024", "2024-01-01", "year"),
        ("2024-10", "2024-10-01", "month"),
        ("2024年10月", "2024-10-01", "month"),
        ("2024/10/17", "2024-10-17", "day"),
        ("2024年10月17日", "2024-10-17", "day"),
        ("２０２４年１０月", "2024-10-01", "month"),
        ("2024年10月中旬", "2024-10-11", "part"),
        ("early 2024-10", "2024-10-01", "part"),
        # Undated: the day of its earliest source, nhk-20241019.
        ("報道 2024-10-19", "2024-10-19", "undated"),
    ],
)
def test_dates_are_typed_with_their_precision(client, editor, typed, date, precision):
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")
    data = form_data(client, editor, estimate)
    data.update(date=typed, edit_summary="日付の精度")
    response = client.post(change_url(estimate), data)
    assert response.status_code == 302, response.context["error_summary"]
    fields = ChangeRequest.objects.get().proposed_state["fields"]
    assert (fields["date"], fields["date_precision"]) == (date, precision)


def test_the_form_shows_a_month_as_it_is_typed(client, editor, reviewer):
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")
    publish(estimate, editor, reviewer, date="2024-10-01", date_precision="month")
    estimate.refresh_from_db()
    data = form_data(client, editor, estimate)
    assert data["date"] == "2024-10"


@pytest.mark.parametrize(
    ("date", "precision", "shown"),
    [("2024-10-11", "part", "2024年10月中旬"), ("2024-10-19", "undated", "報道 2024-10-19")],
)
def test_the_form_shows_a_part_of_a_month_and_an_undated_day_as_typed(
    client, editor, reviewer, date, precision, shown
):
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")
    publish(estimate, editor, reviewer, date=date, date_precision=precision)
    estimate.refresh_from_db()
    assert form_data(client, editor, estimate)["date"] == shown


def test_an_undated_entry_listed_by_a_day_that_is_not_its_sources_is_refused_on_its_field(
    client, editor
):
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")
    data = form_data(client, editor, estimate)
    data.update(date="報道 2024-10-18", edit_summary="日付不明に")
    response = client.post(change_url(estimate), data)
    assert response.status_code == 200
    assert not ChangeRequest.objects.exists()
    # The admin speaks Japanese: 最も早い出典の日付(2024-10-19)で並べます, on the date field.
    assert "最も早い出典の日付(2024-10-19)" in response.content.decode()
    assert "date" in response.context["adminform"].form.errors


def test_entry_lists_show_dates_as_the_public_site_does(client, editor, reviewer):
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")
    publish(estimate, editor, reviewer, date="2024-10-01", date_precision="month")
    client.force_login(editor)
    page = client.get("/admin/events/troopestimate/").content.decode()
    assert "2024年10月" in page
    assert "2024年10月1日" not in page


# --- errors point at their field; the header shows what is published -----------------


def test_a_missing_summary_is_listed_at_the_top_with_a_link_to_the_field(client, event, editor):
    data = form_data(client, editor, event)
    data.update(title="保存されない見出し", edit_summary="")
    response = client.post(change_url(event), data)
    assert response.status_code == 200
    page = response.content.decode()
    top = page.split('id="error-summary-title"')[1].split("</div>")[0]
    assert 'href="#id_edit_summary"' in top
    # The header and the breadcrumbs still name the published entry, not the unsaved title.
    header = page.split('<div id="content-main">')[0]
    assert "保存されない見出し" not in header
    assert event.title in header


# --- the "+" popup -------------------------------------------------------------------


def test_the_add_popup_adds_to_the_editors_draft_and_the_form_chooses_the_new_entry(client, editor):
    client.force_login(editor)
    data = {
        "_popup": "1",
        "_to_field": "id",
        "slug": "",
        "title": "新しい記事",
        "work": "NHK",
        "published_on": "2024-11-01",
        "accessed_on": "2024-11-02",
        "language": "ja",
        "edit_summary": "出典を追加",
    }
    response = client.post("/admin/sources/source/add/?_to_field=id&_popup=1", data)
    assert response.status_code == 200
    change = ChangeRequest.objects.get()
    assert change.proposed_state["fields"]["title"] == "新しい記事"
    assert change.changeset.author == editor and change.changeset.status == "draft"
    assert change.status == "draft"  # nobody reviews it until the changeset is submitted
    # Django's popup answer: the opener's select chooses the entry by its provisional id.
    data = json.loads(response.context["popup_response_data"])
    assert data == {"value": str(-change.pk), "obj": change.object_repr}
    assert "admin/js/popup_response.js" in response.content.decode()
    assert not Source.objects.filter(title="新しい記事").exists()


# --- ids in URLs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/admin/events/event/{event}/change/?revise=abc",
        "/admin/events/event/{event}/change/?reopen=1x",
        "/admin/events/event/abc/change/",
        "/admin/events/event/abc/history/",
        "/admin/events/event/abc/history/compare/?from=1&to=2",
        "/admin/moderation/changerequest/abc/change/",
        "/admin/moderation/changerequest/abc/merge/",
        "/admin/moderation/changerequest/99999999999999999999999/change/",
        "/admin/events/event/{event}/change/?revise=99999",
    ],
)
def test_a_stale_or_malformed_id_is_a_404(client, event, editor, url):
    client.force_login(editor)
    response = client.get(url.format(event=event.pk))
    assert response.status_code == 404


# --- times --------------------------------------------------------------------------


def test_version_labels_and_restore_summaries_use_tokyo_time(client, event, editor, reviewer):
    publish(event, editor, reviewer, title="新しい見出し")
    version = Version.objects.get_for_object(event).first()
    tokyo = timezone.localtime(version.revision.date_created)
    assert tokyo.utcoffset() == datetime.timedelta(hours=9)
    label = version_label(version)
    # The hour as the Japanese format writes it (G: 0:03, not 00:03; a test run between
    # midnight and 1 a.m. in Tokyo saw the difference).
    assert f"{tokyo.hour}:{tokyo:%M}" in label
    client.force_login(editor)
    restore = client.get(
        f"/admin/events/event/{event.pk}/history/{Version.objects.get_for_object(event).last().pk}/restore/"
    ).content.decode()
    oldest = timezone.localtime(Version.objects.get_for_object(event).last().revision.date_created)
    assert f"{oldest.hour}:{oldest:%M}" in restore


# --- deletion -------------------------------------------------------------------------


def test_a_deletion_blocker_names_the_citing_entries(client, editor):
    source = Source.objects.get(slug="nhk-20241021")
    citing = Event.objects.get(citations__source=source)
    client.force_login(editor)
    page = client.get(f"/admin/sources/source/{source.pk}/delete/").content.decode()
    assert citing.title in page
    assert f"source {source.pk}" not in page


def test_a_link_checked_source_can_still_be_deleted(client, editor, reviewer):
    source = Source.objects.create(
        slug="unused-source",
        title="誰も引用しない記事",
        work="NHK",
        published_on=datetime.date(2024, 11, 1),
        accessed_on=datetime.date(2024, 11, 2),
    )
    LinkStatus.objects.create(source=source, checked_url="https://example.org/")
    change = services.change_propose_deletion(author=editor, target=source, summary="不要")
    services.change_approve(change=change, reviewer=reviewer, revision=change.revision)
    assert not Source.objects.filter(pk=source.pk).exists()
    assert not LinkStatus.objects.filter(source_id=source.pk).exists()


# --- roles ----------------------------------------------------------------------------


def test_making_a_reviewer_an_editor_takes_the_review_rights_away(client, event, editor):
    out = io.StringIO()
    call_command(
        "create_editorial_user", "bob", role="reviewer", password="pw-Bob-1234!", stdout=out
    )
    call_command("create_editorial_user", "bob", role="editor", password="pw-Bob-1234!", stdout=out)
    bob = get_user_model().objects.get(username="bob")
    assert sorted(bob.groups.values_list("name", flat=True)) == ["Editors"]
    assert not bob.has_perm("moderation.review_changerequest")
    assert "bob: staff user in Editors." in out.getvalue()

    change = propose(event, editor, title="査読されるべき見出し")
    client.force_login(bob)
    decide(client, change)
    change.refresh_from_db()
    assert change.status == "pending"


def test_a_superuser_made_editor_is_warned_that_they_still_review(superuser):
    err = io.StringIO()
    call_command(
        "create_editorial_user",
        "root",
        role="editor",
        password="pw-Root-1234!",
        stdout=io.StringIO(),
        stderr=err,
    )
    assert "can still review" in err.getvalue()


def test_restore_and_compare_reject_other_entries_versions(client, event, editor, reviewer):
    other = Event.objects.exclude(pk=event.pk).first()
    publish(other, editor, reviewer, title="別の出来事")
    version = Version.objects.get_for_object(other).first()
    client.force_login(editor)
    url = reverse("admin:events_event_restore", args=[event.pk, version.pk])
    assert client.get(url).status_code == 404


def test_the_review_shows_a_date_as_readers_see_it(client, editor, reviewer):
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")
    data = form_data(client, editor, estimate)
    data.update(date="2024年10月頃", edit_summary="月単位に")
    client.post(change_url(estimate), data)
    client.force_login(reviewer)
    page = client.get(ChangeRequest.objects.get().get_absolute_url()).content.decode()
    diff = page.split('class="diff-table"')[1].split("</table>")[0]
    assert "2024年10月18日" in diff and "2024年10月頃" in diff
    assert "2024-10-01" not in diff  # not the stored first day and a precision
