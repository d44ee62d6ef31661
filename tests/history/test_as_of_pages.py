"""The public timeline and an event's page as readers saw them at a moment (``?as_of=``):
the same page as the live one for the present, every text as it was before an edit,
entries deleted since still there, entries created later absent; refused clearly when the
moment is not one; cached like any page."""

import datetime
import re
from urllib.parse import quote

import pytest
from django.utils import timezone

from apps.events.models import Event, TroopEstimate
from apps.moderation import services
from tests.conftest import publish
from tests.moderation.changesets import NEW_EVENT_TITLE, submitted_development

pytestmark = pytest.mark.django_db

SLUG = "2024-10-21-peskov-contradictory"


def at(moment) -> str:
    return quote(moment.isoformat(), safe="")


def page(client, url, status=200) -> str:
    response = client.get(url)
    assert response.status_code == status, (url, response.content[:300])
    return response.content.decode()


def main_of(html: str) -> str:
    """The page's main content, without what only a page shown as it was has: the banner,
    and ``as_of`` in its links and its filter form."""
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r'<p class="as-of-banner".*?</p>\s*', "", main, flags=re.S)
    main = re.sub(r'<input type="hidden" name="as_of"[^>]*>', "", main)
    main = re.sub(r"[?&](amp;)?as_of=[^\"#&]*", "", main)
    main = re.sub(r', <a href="/export/timeline.csv[^"]*">CSV</a>', "", main)
    return re.sub(r"\s+", " ", main)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?date_after=2024-11-01&date_before=2024-12-31",
        "/?kind=estimate",
        "/?q=%E3%83%AD%E3%82%B7%E3%82%A2&actor=russia",
        f"/events/{SLUG}/",
        "/events/2024-10-18-nis-1500-to-vladivostok/",
    ],
)
def test_the_page_as_of_now_is_the_live_page(client, url):
    now = timezone.now()
    joiner = "&" if "?" in url else "?"
    shown = page(client, f"{url}{joiner}as_of={at(now)}")
    assert 'class="as-of-banner"' in shown and '<link rel="canonical"' in shown
    assert 'class="empty"' not in shown
    assert main_of(shown) == main_of(page(client, url))


def test_pages_as_of_before_and_after_an_edit(client, editor, reviewer):
    event = Event.objects.get(slug=SLUG)
    before = timezone.now()
    publish(event, editor, reviewer, "見出しの修正", title="改めた見出し", text="改めた本文")
    after = timezone.now()
    then = page(client, f"/events/{SLUG}/?as_of={at(before)}")
    assert event.title in then and event.text in then and "改めた見出し" not in then
    assert f'href="/events/{SLUG}/"' in then  # "see the page as it is now"
    now = page(client, f"/events/{SLUG}/?as_of={at(after)}")
    assert "改めた見出し" in now and "改めた本文" in now
    assert event.title in page(client, f"/?as_of={at(before)}")
    timeline_now = page(client, "/")
    assert "改めた見出し" in timeline_now and event.title not in timeline_now


def test_entries_created_later_are_absent_and_deleted_ones_present(client, editor, reviewer):
    before = timezone.now()
    changeset, *_ = submitted_development(editor)
    services.changeset_approve(changeset=changeset, reviewer=reviewer, revision=changeset.revision)
    new_event = Event.objects.get(title=NEW_EVENT_TITLE)
    assert NEW_EVENT_TITLE not in page(client, f"/?as_of={at(before)}")
    page(client, f"/events/{new_event.slug}/?as_of={at(before)}", status=404)
    assert NEW_EVENT_TITLE in page(client, "/")

    estimate = TroopEstimate.objects.filter(event=None).order_by("pk").first()
    shown_before_deletion = timezone.now()
    deletion = services.change_propose_deletion(author=editor, target=estimate, summary="重複")
    services.change_approve(change=deletion, reviewer=reviewer, revision=deletion.revision)
    anchor = f'id="estimate-{estimate.slug}"'
    assert anchor not in page(client, "/?kind=estimate")
    assert anchor in page(client, f"/?kind=estimate&as_of={at(shown_before_deletion)}")


def test_links_of_a_page_shown_as_it_was_stay_in_its_moment(client):
    moment = at(timezone.now())
    shown = page(client, f"/?as_of={moment}")
    assert f'href="/events/{SLUG}/?as_of={moment}"' in shown
    event_page = page(client, f"/events/2024-10-18-nis-1500-to-vladivostok/?as_of={moment}")
    assert re.search(r'id="estimate-[^"]+"', event_page)


@pytest.mark.parametrize("url", ["/?as_of=", f"/events/{SLUG}/?as_of="])
@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "2024-11-01T25:00"])
def test_a_moment_that_is_not_one_is_refused_and_named(client, url, value):
    shown = page(client, url + quote(value), status=400)
    assert "as_of" in shown and "ISO 8601" in shown


def test_a_date_alone_is_its_first_moment_in_japan(client, editor, reviewer):
    publish(Event.objects.get(slug=SLUG), editor, reviewer, "見出し", title="改めた見出し")
    later = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    shown = page(client, f"/events/{SLUG}/?as_of={later}")
    assert "改めた見出し" in shown
    assert main_of(shown) == main_of(page(client, f"/events/{SLUG}/?as_of={later}T00:00%2B09:00"))


def test_before_anything_was_published_there_was_nothing(client):
    page(client, f"/events/{SLUG}/?as_of=2024-11-01", status=404)
    shown = client.get("/?as_of=2024-11-01", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Nothing published at that moment matches these filters." in shown


def test_a_page_shown_as_it_was_is_cached_like_any_page(client, editor, reviewer):
    url = f"/events/{SLUG}/?as_of={at(timezone.now())}"
    first, second = client.get(url), client.get(url)
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert first.content == second.content
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    publish(Event.objects.get(slug=SLUG), editor, reviewer, "見出し", title="改めた見出し")
    third = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert third.status_code == 200 and third["X-Cache"] == "miss"
    assert "改めた見出し" not in third.content.decode()
