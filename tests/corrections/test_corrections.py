"""Public corrections: written by the reviewer as part of an approval of a change of
substance, published with it, everywhere readers and researchers look."""

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from apps.corrections.models import Correction
from apps.events.models import Event, TroopEstimate
from apps.moderation import services
from apps.moderation.models import PublicationMeta
from apps.moderation.state import state_of
from tests.conftest import propose, publish
from tests.moderation.changesets import submitted_development
from tests.moderation.conftest import review_page

pytestmark = pytest.mark.django_db

SLUG = "2024-10-18-nis-1500-to-vladivostok"
NOTE = "派遣規模を約1500人としていましたが、約3000人の誤りでした。"


def figure_change(editor):
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")
    return estimate, propose(estimate, editor, "人数の訂正", figure=3000, statement="約3000人")


def test_a_change_of_substance_needs_a_note_or_a_reason(editor, reviewer, en):
    estimate, change = figure_change(editor)
    with pytest.raises(ValidationError, match="the figure"):
        services.change_approve(change=change, reviewer=reviewer, revision=change.revision)
    with pytest.raises(ValidationError, match="not both"):
        services.change_approve(
            change=change,
            reviewer=reviewer,
            revision=change.revision,
            correction=NOTE,
            not_substantive="誤記",
        )
    estimate.refresh_from_db()
    assert estimate.figure == 1500 and not Correction.objects.exists()


def test_a_correction_is_published_with_the_change_everywhere(client, editor, reviewer):
    estimate, change = figure_change(editor)
    services.change_approve(
        change=change, reviewer=reviewer, revision=change.revision, correction=NOTE
    )
    estimate.refresh_from_db()
    correction = Correction.objects.get()
    assert (correction.note, correction.object_id, correction.entry_version) == (
        NOTE,
        estimate.pk,
        estimate.version,
    )
    # Versioned with the entry, in its revision.
    meta = PublicationMeta.objects.get(change_request=change)
    assert {v.object_id for v in meta.revision.version_set.all()} >= {
        str(estimate.pk),
        str(correction.pk),
    }
    # The event's page (the estimate is stated in it), with the day and the version before.
    page = client.get(f"/events/{SLUG}/").content.decode()
    assert NOTE in page and "訂正" in page and "as_of=" in page
    previous = page.split('class="previous-version" href="')[1].split('"')[0].replace("&amp;", "&")
    before = client.get(previous).content.decode()
    assert "as-of-banner" in before and "1,500" in before and "3,000" not in before
    # The list of corrections, newest first, and its feed.
    listing = client.get("/corrections/").content.decode()
    assert NOTE in listing and f'href="{estimate.get_absolute_url()}"' in listing
    feed = ET.fromstring(client.get("/corrections/feed/").content)  # noqa: S314 - our own feed
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.find("{http://www.w3.org/2005/Atom}summary").text for e in entries] == [NOTE]
    # The API, and the page's JSON-LD.
    items = client.get("/api/v1/corrections/").json()["items"]
    assert items[0]["note"] == NOTE and items[0]["entry"]["id"] == estimate.pk
    assert items[0]["entry"]["type"] == "troop_estimate"
    ld = json.loads(page.split('<script type="application/ld+json">')[1].split("</script>")[0])
    (node,) = [n for n in ld["@graph"] if n.get("@type") == "WebPage"]
    assert node["correction"][0] == {
        "@type": "CorrectionComment",
        "text": NOTE,
        "datePublished": correction.published_at.isoformat(),
        "inLanguage": "ja",
    }


def test_not_substantive_is_recorded_and_publishes_no_correction(client, editor, reviewer):
    _estimate, change = figure_change(editor)
    services.change_approve(
        change=change,
        reviewer=reviewer,
        revision=change.revision,
        not_substantive="元記事の数字の転記ミスを直しただけ",
    )
    assert not Correction.objects.exists()
    meta = PublicationMeta.objects.get(change_request=change)
    assert meta.not_substantive == "元記事の数字の転記ミスを直しただけ"
    assert "訂正" not in Client().get(f"/events/{SLUG}/").content.decode().split("<footer")[0]


def test_text_is_the_reviewers_to_judge(editor, reviewer):
    event = Event.objects.get(slug=SLUG)
    change = propose(event, editor, "誤字", title=event.title + "。")
    services.change_approve(change=change, reviewer=reviewer, revision=change.revision)
    assert not Correction.objects.exists()


def test_a_correction_is_edited_through_review_like_any_entry(editor, other_editor, reviewer):
    _estimate, change = figure_change(editor)
    services.change_approve(
        change=change, reviewer=reviewer, revision=change.revision, correction=NOTE
    )
    correction = Correction.objects.get()
    publish(correction, other_editor, reviewer, "訂正文の誤字", note=NOTE.replace("誤り", "誤記"))
    correction.refresh_from_db()
    assert correction.note.endswith("誤記でした。") and correction.version == 2


def test_the_review_page_asks_for_the_correction(client, editor, reviewer):
    _estimate, change = figure_change(editor)
    client.force_login(reviewer)
    page = review_page(client, change)
    assert "correction" in page.context["review_form"].fields
    html = page.content.decode()
    assert 'name="correction"' in html and 'name="not_substantive"' in html
    refused = client.post(
        change.get_absolute_url(), {"_approve": "1", "revision": str(change.revision)}
    )
    assert refused.status_code == 200
    assert refused.context["review_form"].errors["correction"]
    done = client.post(
        change.get_absolute_url(),
        {"_approve": "1", "revision": str(change.revision), "correction": NOTE},
    )
    assert done.status_code == 302 and Correction.objects.get().note == NOTE


def test_a_changeset_asks_for_each_edit_of_substance(client, editor, reviewer):
    changeset, *_entries = submitted_development(editor)
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")

    state = state_of(estimate)
    state["fields"]["claim_rank"] = "superseded"
    state["fields"]["claim_note"] = "約3000人に修正された"
    services.change_propose(
        author=editor,
        model=TroopEstimate,
        summary="古い推定",
        state=state,
        target=estimate,
        changeset=changeset,
    )
    changeset.refresh_from_db()
    client.force_login(reviewer)
    page = client.get(changeset.get_absolute_url())
    (key,) = [key for key, *_ in page.context["review_form"].corrected]
    revision = str(changeset.revision)
    refused = client.post(changeset.get_absolute_url(), {"_approve": "1", "revision": revision})
    assert refused.context["review_form"].errors[f"correction{key}"]
    client.post(
        changeset.get_absolute_url(),
        {"_approve": "1", "revision": revision, f"correction{key}": "推定を更新しました。"},
    )
    correction = Correction.objects.get()
    assert correction.object_id == estimate.pk and correction.note == "推定を更新しました。"
