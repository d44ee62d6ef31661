"""The timeline: chronological entries, Wikipedia-style footnotes, filters and the chart."""

import re

import pytest

from apps.events.models import Event, TroopEstimate
from apps.moderation import services
from apps.moderation.state import state_of
from apps.sources.models import Source

from .helpers import Page, entry_ids, marker_numbers

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def test_every_event_and_standalone_estimate_in_chronological_order(client):
    html = get(client, "/")
    ids = entry_ids(html)
    standalone = TroopEstimate.objects.filter(event__isnull=True).count()
    assert len(ids) == Event.objects.count() + standalone
    dates = [
        Event.objects.get(slug=i.removeprefix("event-")).date for i in entry_ids(html, "event")
    ]
    assert dates == sorted(dates)
    assert ids[0] == "event-2024-06-putin-visit-treaty"
    assert ids[-1] == "event-2025-01-09-two-soldiers-captured"


def test_year_and_month_headings_and_dates_with_their_precision(client):
    html = get(client, "/")
    assert '<h2 class="year">2024年</h2>' in html and '<h2 class="year">2025年</h2>' in html
    assert ">2024年10月</h3>" in html
    assert '<time datetime="2024-08">2024年8月頃</time>' in html
    assert '<time datetime="2024-10-18">2024年10月18日</time>' in html


def test_footnotes_are_numbered_by_first_use_with_backlinks(client):
    html = get(client, "/")
    page = Page(html)
    numbers = marker_numbers(html)
    first_uses = list(dict.fromkeys(numbers))
    assert first_uses == list(range(1, len(first_uses) + 1))
    assert len(page.reference_ids) == len(first_uses)
    for marker_id, href in page.markers:
        assert href.removeprefix("#") in page.ids, marker_id  # every marker lands on a reference
    for link in page.links:
        if link.startswith("#cite-ref-"):
            assert link.removeprefix("#") in page.ids  # every backlink returns to a marker


def reference_block(html, title):
    for block in re.findall(r'<li id="cite-note-\d+".*?</li>', html, flags=re.S):
        if title in block:
            return block
    raise AssertionError(f"no reference for {title}")


def test_a_reused_source_appears_once_with_a_b_c_backlinks(client):
    html = get(client, "/")
    nhk = Source.objects.get(slug="nhk-20241024-defence-minister")  # footnote 23 of the article
    references = html[html.index('<section class="references"') :]
    assert references.count(nhk.title) == 1
    block = reference_block(html, nhk.title)
    assert ">a</a>" in block and ">b</a>" in block and ">c</a>" in block


def test_reference_entries_are_formatted_as_news_citations(client):
    html = get(client, "/")
    forbes = Source.objects.get(slug="forbes-japan-20240801")
    assert forbes.title not in html  # only weapon reports cite it: not on the timeline
    nikkei = Source.objects.get(slug="nikkei-20240619")
    work = '<span class="work">日本経済新聞</span>'
    assert f"“<cite>{nikkei.title}</cite>”. {work} (2024年6月19日).</span>" in html
    assert "2024年11月4日閲覧。" in html


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        (
            "?date_after=2024-10-20&date_before=2024-10-22",
            ["event-2024-10-21-peskov-contradictory"],
            ["event-2024-10-18-training-camp-video"],
        ),
        ("?date_after=2024-08-15&date_before=2024-08-20", ["event-2024-08-offer-of-100000"], []),
        (
            "?kind=capture",
            ["event-2025-01-09-two-soldiers-captured"],
            ["event-2024-10-21-peskov-contradictory"],
        ),
        (
            "?kind=estimate",
            ["estimate-1500-sent-nis-2024-10-18"],
            ["event-2024-10-21-peskov-contradictory"],
        ),
        (
            "?actor=peskov",
            [
                "event-2024-10-21-peskov-contradictory",
                "event-2024-11-05-peskov-declines-to-confirm",
            ],
            ["event-2024-10-22-healey-hundreds"],
        ),
        (
            "?place=vladivostok",
            ["event-2024-10-18-nis-1500-to-vladivostok"],
            ["event-2024-10-22-healey-hundreds"],
        ),
        (
            "?source=nhk-20241106",
            [
                "event-2024-11-04-miller-10000-in-kursk",
                "event-2024-11-05-peskov-declines-to-confirm",
            ],
            ["event-2024-10-22-healey-hundreds"],
        ),
        (
            "?q=ウラジオストク",
            ["event-2024-10-18-nis-1500-to-vladivostok"],
            ["event-2024-10-22-healey-hundreds"],
        ),
        (
            "?q=よう兵",
            ["event-2024-10-24-defence-minister-12000-more"],
            ["event-2024-10-21-peskov-contradictory"],
        ),
        (
            "?kind=statement&actor=putin",
            ["event-2024-10-24-putin-does-not-deny"],
            ["event-2024-06-putin-visit-treaty"],
        ),
    ],
)
def test_filters_narrow_the_timeline(client, query, expected, absent):
    ids = entry_ids(get(client, "/" + query))
    for anchor in expected:
        assert anchor in ids, (query, anchor)
    for anchor in absent:
        assert anchor not in ids, (query, anchor)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?kind=estimate",
        "?kind=statement",
        "?actor=peskov",
        "?place=kursk-oblast",
        "?q=北朝鮮",
        "?status=reported",
        "?source=cnn-20241031",
        "?kind=estimate&actor=korean-authorities",
    ],
)
def test_the_count_is_the_number_of_entries_listed(client, query):
    html = get(client, "/" + query)
    counted = re.search(r'<p class="result-count" role="status">(\d+)件', html)
    assert counted, html[:2000]
    assert int(counted.group(1)) == len(entry_ids(html)) > 0, query


def test_the_reference_list_follows_the_filter(client):
    html = get(client, "/?actor=peskov")
    page = Page(html)
    cited = set(
        Source.objects.filter(events_eventcitation_set__entry__actors__slug="peskov").values_list(
            "title", flat=True
        )
    )
    assert len(page.reference_ids) == len(cited) == 2
    assert marker_numbers(html)[0] == 1
    for title in cited:
        assert title in html


def test_an_empty_result_says_so(client):
    html = get(client, "/?q=存在しない語句")
    assert "条件に合う公開済みの項目はありません" in html
    assert entry_ids(html) == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?kind=rumour", "kind"),
        ("?date_after=2024-13-01", "date"),
        ("?date_after=yesterday", "date"),
        ("?actor=nobody", "actor"),
        ("?source=no-such-source", "source"),
        ("?q=" + "あ" * 101, "q"),
        ("?place=%00", "place"),
    ],
)
def test_invalid_filters_get_a_clear_message_and_no_results(client, query, field):
    response = client.get("/" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    assert f'id="{field}-errors"' in html
    assert entry_ids(html) == []


@pytest.mark.parametrize("page", ["99", "abc", "0", "-1"])
def test_bad_pages_are_404_with_a_readable_page(client, page):
    response = client.get(f"/?page={page}")
    assert response.status_code == 404
    assert 'role="alert"' in response.content.decode()


def test_chart_of_all_estimates_with_an_accessible_table(client):
    html = get(client, "/")
    deployment = TroopEstimate.objects.exclude(scope__in=["killed", "captured"]).count()
    assert html.count('class="point series-') == deployment  # the killed and captured: rows only
    assert '<table class="chart-table">' in html
    assert html.count("</tr>", html.index("chart-table")) == TroopEstimate.objects.count() + 1
    chart = html[html.index('<svg viewBox="0 0 720 360"') : html.index("</svg>")]
    hrefs = [link for link in Page(chart).links if link.startswith("/sources/")]
    assert len(hrefs) == deployment  # each mark links to the source it cites
    for href in set(hrefs):
        assert client.get(href).status_code == 200


@pytest.mark.parametrize("decision", ["pending", "rejected", "withdrawn"])
def test_unpublished_changes_never_show(client, django_user_model, decision):
    from django.contrib.auth.models import Group

    author = django_user_model.objects.create_user("writer", is_staff=True)
    author.groups.add(Group.objects.get(name="Editors"))
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    state = state_of(event)
    state["fields"]["text"] = "未承認の文章が入っている。"
    change = services.change_propose(
        author=author, model=Event, summary="試験", state=state, target=event
    )
    if decision == "rejected":
        reviewer = django_user_model.objects.create_superuser("boss", "b@example.org", "pw-boss-1!")
        services.change_reject(
            change=change, revision=change.revision, reviewer=reviewer, reason="不正確"
        )
    elif decision == "withdrawn":
        services.change_withdraw(change=change, user=author)
    for url in [
        "/",
        "/?q=文章が入って",
        f"/events/{event.slug}/",
        "/export/timeline.json",
        "/export/timeline.csv",
        "/feed/",
        "/sources/",
        "/reactions/",
        "/weapons/",
        "/article/",
    ]:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "未承認".encode() not in body, url


def test_figures_read_as_numbers_of_troops_in_either_language(client):
    html = get(client, "/")
    assert '<span class="estimate-figure">約 12,000人</span>' in html
    client.post("/language/", {"language": "en", "next": "/"})
    english = get(client, "/")
    assert '<span class="estimate-figure">about 12,000 troops</span>' in english


def test_an_estimate_standing_alone_shows_its_badges_once(client):
    html = get(client, "/?kind=estimate")
    item = html[html.index('<li class="entry entry-estimate"') :]
    item = item[: item.index("</li>")]
    anchor = re.search(r'id="(estimate-[^"]+)"', item).group(1)
    assert item.count("status-reported") == 1
    assert item.count(f'id="{anchor}"') == 1
