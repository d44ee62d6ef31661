"""Several editors and reviewers on one entry, through the real admin: nobody's work is lost,
nothing is published that a reviewer did not see."""

import re
from html import unescape

import pytest
from django.urls import reverse

from apps.events.models import Event
from apps.moderation.models import ChangeRequest, ChangeRevision, RevisionKind, SendBack, Status

from .conftest import admin_form_data, decide, review_page

pytestmark = pytest.mark.django_db

TITLE = "ペスコフ報道官、韓国の発表は「矛盾が多い」"
TEXT = "ロシア大統領府のペスコフ報道官は、韓国の発表には矛盾が多いと述べた。"


@pytest.fixture
def event():
    return Event.objects.get(slug="2024-10-21-peskov-contradictory")


def change_url(entry, query=""):
    return f"/admin/events/event/{entry.pk}/change/{query}"


def merge_url(change):
    return reverse("admin:moderation_changerequest_merge", args=[change.pk])


def open_form(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return admin_form_data(response)


def save(client, url, data, summary):
    data["edit_summary"] = summary
    response = client.post(url, data)
    assert response.status_code == 302, _errors(response)
    return response


def text_of(html: str) -> str:
    """What a reader sees of some HTML: the text, without the tags."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def _errors(response):
    context = response.context
    return {
        "form": context["adminform"].form.errors,
        "proposal": context["proposal_form"].errors,
        "summary": [(i.label, i.message) for i in context["error_summary"]],
    }


def test_two_editors_from_one_version_both_edits_are_published(
    client, event, editor, other_editor, reviewer
):
    original_title, original_text = event.title, event.text
    # Both open the published version 1.
    alice_form = open_form(client, editor, change_url(event))
    carol_form = open_form(client, other_editor, change_url(event))
    client.force_login(editor)
    save(client, change_url(event), {**alice_form, "title": TITLE}, "見出しを修正")
    client.force_login(other_editor)
    save(client, change_url(event), {**carol_form, "text": TEXT}, "本文を修正")
    alice, carol = ChangeRequest.objects.order_by("pk")

    client.force_login(reviewer)
    decide(client, alice)
    decide(client, carol)  # refused: version 2 was published since carol's base
    carol.refresh_from_db()
    assert carol.status == Status.PENDING
    event.refresh_from_db()
    assert (event.title, event.text, event.version) == (TITLE, original_text, 2)

    # Carol opens the revise link from her change's page and saves it as it is.
    data = open_form(client, other_editor, change_url(event, f"?revise={carol.pk}"))
    assert data["title"] == original_title  # her revision as she wrote it, on version 1
    page = client.get(change_url(event, f"?revise={carol.pk}")).content.decode()
    assert "第2版" in page or "Version 2" in page  # the form says what moved on
    save(client, change_url(event, f"?revise={carol.pk}"), data, "本文を修正")
    carol.refresh_from_db()
    assert (carol.base_version, carol.revision) == (2, 2)  # merged by itself: no conflict
    assert carol.proposed_state["fields"]["title"] == TITLE
    assert [r.kind for r in carol.revisions.order_by("number")] == [
        RevisionKind.PROPOSED,
        RevisionKind.MERGED,
    ]

    client.force_login(reviewer)
    review = review_page(client, carol).content.decode()
    assert TITLE not in review.split('id="change-history"')[0].split("<del>")[-1]  # no revert
    decide(client, carol)
    event.refresh_from_db()
    assert (event.title, event.text, event.version) == (TITLE, TEXT, 3)
    client.logout()
    public = client.get(f"/events/{event.slug}/").content.decode()
    assert TITLE in public and TEXT in public


def test_a_field_both_changed_is_a_conflict_resolved_by_choice(
    client, event, editor, other_editor, reviewer
):
    alice_form = open_form(client, editor, change_url(event))
    carol_form = open_form(client, other_editor, change_url(event))
    client.force_login(editor)
    save(client, change_url(event), {**alice_form, "title": TITLE}, "見出しを修正")
    client.force_login(reviewer)
    decide(client, ChangeRequest.objects.get())

    # Carol saves a title too, on the version 1 her form showed: she is sent to the merge.
    client.force_login(other_editor)
    carol_title = "ペスコフ報道官、韓国の情報を「食い違い」と批判"
    response = save(client, change_url(event), {**carol_form, "title": carol_title}, "見出しの別案")
    carol = ChangeRequest.objects.latest("pk")
    assert response["Location"] == merge_url(carol)
    assert carol.base_version == 1  # not approvable until merged
    page = client.get(merge_url(carol))
    html = page.content.decode()
    assert 'id="conflict-title"' in html
    conflict = text_of(html.split('id="conflict-title"')[1].split("</table>")[0])
    assert TITLE in conflict and carol_title in conflict  # side by side: published, and hers
    assert 'name="pick_title"' in html and "checked" not in html.split('id="conflict-title"')[1]

    # Saving without a choice is refused, the field named, nothing written.
    data = {
        "edit_summary": "見出しを統合",
        "revision": carol.revision,
        "seen_version": 2,
    }
    refused = client.post(merge_url(carol), data)
    assert refused.status_code == 200
    assert "pick_title" in refused.context["form"].errors
    assert ChangeRevision.objects.filter(change=carol).count() == 1

    merged_by_hand = "ペスコフ報道官、韓国の発表は「矛盾が多い」と批判"
    data.update(pick_title="edited", edit_title=merged_by_hand)
    assert client.post(merge_url(carol), data).status_code == 302
    carol.refresh_from_db()
    assert (carol.base_version, carol.revision) == (2, 2)

    client.force_login(reviewer)
    decide(client, carol)
    event.refresh_from_db()
    assert (event.title, event.version) == (merged_by_hand, 3)


def test_keeping_the_published_value_is_an_explicit_choice_too(
    client, event, editor, other_editor, reviewer
):
    alice_form = open_form(client, editor, change_url(event))
    carol_form = open_form(client, other_editor, change_url(event))
    client.force_login(editor)
    save(client, change_url(event), {**alice_form, "title": TITLE}, "見出しを修正")
    client.force_login(reviewer)
    decide(client, ChangeRequest.objects.get())
    client.force_login(other_editor)
    save(
        client,
        change_url(event),
        {**carol_form, "title": "別の見出し", "text": TEXT},
        "見出しと本文",
    )
    carol = ChangeRequest.objects.latest("pk")
    data = {"edit_summary": "本文だけ", "revision": 1, "seen_version": 2, "pick_title": "theirs"}
    assert client.post(merge_url(carol), data).status_code == 302
    carol.refresh_from_db()
    assert carol.proposed_state["fields"]["title"] == TITLE
    assert carol.proposed_state["fields"]["text"] == TEXT  # her other edit merged by itself


def test_a_merge_page_loaded_before_another_publication_is_refused(
    client, event, editor, other_editor, reviewer
):
    alice_form = open_form(client, editor, change_url(event))
    carol_form = open_form(client, other_editor, change_url(event))
    client.force_login(editor)
    save(client, change_url(event), {**alice_form, "title": TITLE}, "見出しを修正")
    client.force_login(reviewer)
    decide(client, ChangeRequest.objects.get())
    client.force_login(other_editor)
    save(client, change_url(event), {**carol_form, "title": "別の見出し"}, "別案")
    carol = ChangeRequest.objects.latest("pk")
    data = {"edit_summary": "統合", "revision": 1, "seen_version": 1, "pick_title": "ours"}
    response = client.post(merge_url(carol), data, follow=True)
    assert "もう一度" in response.content.decode() or "again" in response.content.decode()
    carol.refresh_from_db()
    assert carol.revision == 1


def test_approving_from_a_page_loaded_before_a_revision_is_refused(client, event, editor, reviewer):
    data = open_form(client, editor, change_url(event))
    save(client, change_url(event), {**data, "title": TITLE}, "見出しを修正")
    change = ChangeRequest.objects.get()

    client.force_login(reviewer)
    stale_page = review_page(client, change)  # the reviewer reads revision 1…

    # …the author revises meanwhile…
    revise = change_url(event, f"?revise={change.pk}")
    data = open_form(client, editor, revise)
    save(client, revise, {**data, "title": "誰も査読していない見出し"}, "見出しを再修正")

    # …and the reviewer presses approve on the page loaded before.
    client.force_login(reviewer)
    response = decide(client, change, page=stale_page)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2" in page and ("査読" in page or "review revision 2" in page)
    change.refresh_from_db()
    event.refresh_from_db()
    assert change.status == Status.PENDING
    assert event.title != "誰も査読していない見出し" and event.version == 1
    for button in ("_reject", "_request_changes"):
        decide(client, change, button, note="古いページから", page=stale_page)
        change.refresh_from_db()
        assert change.status == Status.PENDING

    decide(client, change)  # from the page as it is now: revision 2
    event.refresh_from_db()
    assert (event.title, event.version) == ("誰も査読していない見出し", 2)


def test_request_changes_then_revise_then_approve(client, event, editor, reviewer):
    data = open_form(client, editor, change_url(event))
    save(client, change_url(event), {**data, "title": TITLE}, "見出しを修正")
    change = ChangeRequest.objects.get()

    client.force_login(reviewer)
    decide(client, change, "_request_changes", note="")  # a comment is required
    change.refresh_from_db()
    assert change.status == Status.PENDING
    decide(client, change, "_request_changes", note="出典の表現に合わせてください。")
    change.refresh_from_db()
    assert change.status == Status.CHANGES_REQUESTED
    assert SendBack.objects.get(change=change).revision == 1
    decide(client, change)  # cannot be approved while it is with its author
    change.refresh_from_db()
    assert change.status == Status.CHANGES_REQUESTED

    client.force_login(editor)
    page = client.get(change.get_absolute_url()).content.decode()
    assert "出典の表現に合わせてください。" in page
    revise = change_url(event, f"?revise={change.pk}")
    data = open_form(client, editor, revise)
    save(client, revise, {**data, "title": "ペスコフ報道官、韓国の発表に「矛盾」"}, "表現を修正")
    change.refresh_from_db()
    assert (change.status, change.revision) == (Status.PENDING, 2)

    client.force_login(reviewer)
    page = review_page(client, change).content.decode()
    assert "出典の表現に合わせてください。" in page  # the history keeps the request
    decide(client, change)
    event.refresh_from_db()
    assert event.title == "ペスコフ報道官、韓国の発表に「矛盾」"


def test_revisions_are_listed_and_any_two_compared(client, event, editor):
    data = open_form(client, editor, change_url(event))
    save(client, change_url(event), {**data, "title": "第一案"}, "第一案")
    change = ChangeRequest.objects.get()
    revise = change_url(event, f"?revise={change.pk}")
    for title in ("第二案", "第三案"):
        data = open_form(client, editor, revise)
        save(client, revise, {**data, "title": title}, title)
    page = client.get(change.get_absolute_url()).content.decode()
    for summary in ("第一案", "第二案", "第三案"):
        assert summary in page
    compare = reverse("admin:moderation_changerequest_revisions", args=[change.pk])
    diff = client.get(f"{compare}?from=1&to=3").content.decode()
    assert "<del>一</del><ins>三</ins>" in diff
    assert client.get(f"{compare}?from=1&to=9").status_code == 302  # no such revision
    assert client.get(f"{compare}?from=x&to=3").status_code == 404


def test_a_rejected_change_is_reopened_prefilled_and_linked(client, event, editor, reviewer):
    data = open_form(client, editor, change_url(event))
    save(client, change_url(event), {**data, "title": TITLE}, "見出しを修正")
    rejected = ChangeRequest.objects.get()
    client.force_login(reviewer)
    decide(client, rejected, "_reject", note="出典がまだ弱い")

    client.force_login(editor)
    page = client.get(rejected.get_absolute_url()).content.decode()
    reopen = change_url(event, f"?reopen={rejected.pk}")
    assert reopen.replace("/admin", "") in page.replace("/admin", "")
    data = open_form(client, editor, reopen)
    assert data["title"] == TITLE and data["edit_summary"] == "見出しを修正"
    save(client, reopen, data, "出典を補って再提案")
    reopened = ChangeRequest.objects.latest("pk")
    assert reopened.reopens == rejected and reopened.status == Status.PENDING
    assert reopened.proposed_state["fields"]["title"] == TITLE


def test_withdrawing_asks_first(client, event, editor):
    data = open_form(client, editor, change_url(event))
    save(client, change_url(event), {**data, "title": TITLE}, "見出しを修正")
    change = ChangeRequest.objects.get()
    withdraw = reverse("admin:moderation_changerequest_withdraw", args=[change.pk])
    page = client.get(change.get_absolute_url()).content.decode()
    assert withdraw in page and 'name="_withdraw"' not in page
    assert client.get(withdraw).status_code == 200
    change.refresh_from_db()
    assert change.status == Status.PENDING
    client.post(withdraw)
    change.refresh_from_db()
    assert change.status == Status.WITHDRAWN


def test_a_form_saved_after_a_publication_merges_instead_of_reverting(
    client, event, editor, other_editor, reviewer
):
    """The plain change form, not only the revise link: the form says which version it showed."""
    stale = open_form(client, other_editor, change_url(event))
    data = open_form(client, editor, change_url(event))
    save(client, change_url(event), {**data, "title": TITLE}, "見出しを修正")
    client.force_login(reviewer)
    decide(client, ChangeRequest.objects.get())

    client.force_login(other_editor)
    save(client, change_url(event), {**stale, "text": TEXT}, "本文を修正")
    change = ChangeRequest.objects.latest("pk")
    assert (change.base_version, change.proposed_state["fields"]["title"]) == (2, TITLE)
    client.force_login(reviewer)
    decide(client, change)
    event.refresh_from_db()
    assert (event.title, event.text) == (TITLE, TEXT)


def test_a_refused_decision_keeps_the_comment_and_offers_the_revision_now_shown(
    client, event, editor, reviewer
):
    data = open_form(client, editor, change_url(event))
    save(client, change_url(event), {**data, "title": TITLE}, "見出しを修正")
    change = ChangeRequest.objects.get()
    client.force_login(reviewer)
    stale_page = review_page(client, change)
    revise = change_url(event, f"?revise={change.pk}")
    data = open_form(client, editor, revise)
    save(client, revise, {**data, "title": "第二の見出し"}, "再修正")

    client.force_login(reviewer)
    response = decide(client, change, "_request_changes", note="出典を確認して", page=stale_page)
    form = response.context["review_form"]
    assert form["revision"].value() == "2" and form["note"].value() == "出典を確認して"
    decide(client, change, "_request_changes", note="出典を確認して", page=response)
    change.refresh_from_db()
    assert change.status == Status.CHANGES_REQUESTED  # pressed again on what is shown now


def test_a_revision_saved_after_the_change_was_rejected_is_kept_and_proposed_anew(
    client, event, editor, reviewer
):
    data = open_form(client, editor, change_url(event))
    save(client, change_url(event), {**data, "title": TITLE}, "見出しを修正")
    change = ChangeRequest.objects.get()
    revise = change_url(event, f"?revise={change.pk}")
    data = open_form(client, editor, revise)  # the author is editing…
    client.force_login(reviewer)
    decide(client, change, "_reject", note="不要です")  # …when the reviewer rejects

    client.force_login(editor)
    data.update(title="まだ提案したい見出し", edit_summary="改訂")
    response = client.post(revise, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "まだ提案したい見出し" in page  # the edit is still in the form
    assert f'action="{change_url(event, f"?reopen={change.pk}")}"' in page.replace("&amp;", "&")
    assert ChangeRequest.objects.count() == 1
    resubmit = admin_form_data(response)
    resubmit.update(title="まだ提案したい見出し", edit_summary="改訂")
    save(client, change_url(event, f"?reopen={change.pk}"), resubmit, "改訂")
    new = ChangeRequest.objects.latest("pk")
    assert new.reopens == change and new.proposed_state["fields"]["title"] == "まだ提案したい見出し"


def test_text_merged_by_hand_survives_a_publication_during_the_merge(
    client, event, editor, other_editor, reviewer
):
    alice_form = open_form(client, editor, change_url(event))
    carol_form = open_form(client, other_editor, change_url(event))
    client.force_login(editor)
    save(client, change_url(event), {**alice_form, "title": TITLE}, "見出しを修正")
    client.force_login(reviewer)
    decide(client, ChangeRequest.objects.get())
    client.force_login(other_editor)
    save(client, change_url(event), {**carol_form, "title": "別の見出し"}, "別案")
    carol = ChangeRequest.objects.latest("pk")
    merge_page = client.get(merge_url(carol))
    # Someone publishes again while Carol writes her merge.
    event.refresh_from_db()
    publish_text = open_form(client, editor, change_url(event))
    save(client, change_url(event), {**publish_text, "text": TEXT}, "本文")
    client.force_login(reviewer)
    decide(client, ChangeRequest.objects.latest("pk"))

    client.force_login(other_editor)
    data = {
        "edit_summary": "統合",
        "revision": merge_page.context["form"]["revision"].value(),
        "seen_version": merge_page.context["form"]["seen_version"].value(),
        "pick_title": "edited",
        "edit_title": "手で書いた統合の見出し",
    }
    response = client.post(merge_url(carol), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["edit_title"].value() == "手で書いた統合の見出し"
    assert form["seen_version"].value() == 3 and not form["pick_title"].value()
    carol.refresh_from_db()
    assert carol.revision == 1
