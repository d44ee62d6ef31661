"""The public pages beside the timeline: event, reactions, weapons, sources, article."""

import re
from html import escape

import pytest
from django.contrib.auth import get_user_model

from apps.core.registry import entry_types
from apps.events.models import Event
from apps.reactions.models import Reaction
from apps.sources.models import Source
from apps.weapons.models import WeaponReport, WeaponSystem
from tests.conftest import publish

from .helpers import Page, marker_numbers

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.content.decode()


def assert_footnotes_consistent(html):
    page = Page(html)
    numbers = marker_numbers(html)
    assert list(dict.fromkeys(numbers)) == list(range(1, len(set(numbers)) + 1))
    assert len(page.reference_ids) == len(set(numbers))
    for _, href in page.markers:
        assert href.removeprefix("#") in page.ids


def test_event_page_with_citations_estimates_and_related(client):
    html = get(client, "/events/2024-10-18-nis-1500-to-vladivostok/")
    assert (
        '<h1 id="event-title">韓国国家情報院、特殊部隊約1,500人のウラジオストク移送を確認</h1>'
        in html
    )
    assert 'id="estimate-1500-sent-nis-2024-10-18"' in html
    assert "約 1,500" in html
    assert escape(Source.objects.get(slug="nhk-20241019").title) in html
    assert_footnotes_consistent(html)


def test_event_page_lists_reactions_of_the_same_actors(client):
    html = get(client, "/events/2024-10-24-putin-does-not-deny/")
    assert "同じ関係者の反応" in html
    html = get(client, "/events/2024-10-28-nato-council-briefed/")
    assert Reaction.objects.get(slug="2024-11-08-nato-joint-statement").get_absolute_url() in html


def test_unknown_event_is_a_readable_404(client):
    html = get(client, "/events/no-such-event/", 404)
    assert "年表に戻る" in html


def test_reactions_grouped_as_in_the_article(client):
    html = get(client, "/reactions/")
    headings = re.findall(r'<h2 id="group-[^"]+">([^<]+)</h2>', html)
    assert headings == [
        "ウクライナと西側諸国",
        "ウクライナによる投降呼び掛け",
        "その他国際機関・諸国",
    ]
    for reaction in Reaction.objects.all():
        assert f'id="{reaction.slug}"' in html
    assert "「懸念している」</p></blockquote>" in html.replace("\n", "")
    assert_footnotes_consistent(html)


def test_reactions_keep_the_article_order_of_groups_after_an_edit(client, editor, reviewer):
    # The database computes each reaction's place in the article from its group, however
    # the row is written (fixtures, approvals, bulk updates), and the page orders by it.
    positions = {"west": 0, "surrender": 1, "international": 2}
    assert all(r.group_position == positions[r.group] for r in Reaction.objects.all())
    latest = Reaction.objects.filter(group="west").order_by("date").last()
    publish(latest, editor, reviewer, group="international")
    latest.refresh_from_db()
    assert latest.group_position == 2
    Reaction.objects.filter(pk=latest.pk).update(group="surrender")
    latest.refresh_from_db()
    assert latest.group_position == 1
    html = get(client, "/reactions/")
    groups = re.findall(r'<h2 id="group-([^"]+)">', html)
    assert groups == ["west", "surrender", "international"]
    surrender = html.index('<h2 id="group-surrender">')
    international = html.index('<h2 id="group-international">')
    assert surrender < html.index(f'id="{latest.slug}"') < international


def test_weapons_with_designation_calibre_first_report_and_dated_reports(client):
    html = get(client, "/weapons/")
    assert "M1989" in html and "170 mm" in html and "KN-23" in html
    assert html.index('id="kn-23"') < html.index('id="bulsae-4"') < html.index('id="m1989-koksan"')
    for report in WeaponReport.objects.all():
        assert f'id="{report.slug}"' in html
    assert "ドローン映像" in html
    # Undated in the article: listed, and shown, by the day its source was published.
    assert "報道 2024年12月21日" in html
    assert html.count('<section class="weapon"') == WeaponSystem.objects.count()
    assert_footnotes_consistent(html)


def test_bibliography_lists_every_source_with_how_often_it_is_cited(client):
    html = get(client, "/sources/")
    for source in Source.objects.all():
        assert f'href="/sources/{source.slug}/"' in html
    block = html.split('id="nhk-20241024-defence-minister"')[1].split("</li>")[0]
    assert "4件の項目が引用" in block  # an event, two estimates and a reaction
    get(client, "/sources/?page=2", 404)


def test_a_source_page_lists_every_entry_citing_it(client):
    html = get(client, "/sources/nhk-20241024-defence-minister/")
    assert "韓国国防相「北朝鮮 約1万2000人を近くロシアに派兵」見方示す" in html
    assert html.count('<li><span class="badge">') == 4
    assert "/events/2024-10-24-defence-minister-12000-more/" in html
    assert "/reactions/#2024-10-23-surrender-appeal-video" in html
    get(client, "/sources/no-such-source/", 404)


@pytest.mark.parametrize("url", ["/reactions/?page=9", "/weapons/?page=x", "/sources/?page=0"])
def test_bad_pages_of_lists_are_readable_404s(client, url):
    assert 'role="alert"' in get(client, url, 404)


def test_article_page_reassembles_the_article(client):
    html = get(client, "/article/")
    assert "北朝鮮のロシア派兵" in html and "きたちょうせんのロシアはへい" in html
    assert "プロジェクト・ボストーク" in html
    assert (
        html.index("section-lead")
        < html.index("section-background")
        < html.index("section-analysis")
    )
    assert marker_numbers(html)[:3] == [
        1,
        2,
        2,
    ]  # the lead cites [1], then [2] twice, like the article
    assert_footnotes_consistent(html)


def test_every_public_url_of_an_entry_resolves(client):
    for entry_type in entry_types():
        for entry in entry_type.model.objects.all()[:3]:
            url = entry.get_absolute_url()
            assert client.get(url.split("#")[0]).status_code == 200, url


def test_admin_lists_every_content_model(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "pw-123456!")
    client.force_login(admin)
    page = client.get("/admin/").content.decode()
    for entry_type in entry_types():
        opts = entry_type.model._meta
        assert f"/admin/{opts.app_label}/{opts.model_name}/" in page
        assert client.get(f"/admin/{opts.app_label}/{opts.model_name}/").status_code == 200


def test_event_titles_link_to_their_pages(client):
    html = get(client, "/")
    for event in Event.objects.all():
        assert f'href="/events/{event.slug}/"' in html
