"""The seed says what the article says, no more: read back from /article/, the timeline,
the chart's table and the exports against the article's text (tests/data/seed-article.txt)."""

import json
import re

import pytest

from apps.article.models import Passage
from apps.core.dates import DatePrecision
from apps.events.figures import figures_in
from apps.events.models import Event, TroopEstimate
from apps.reactions.models import Reaction
from apps.weapons.models import WeaponReport

from .article_page import read_article_page
from .seed_article import MARKER, _lines, body_sentences, references

pytestmark = pytest.mark.django_db

DATED = (Event, TroopEstimate, Reaction, WeaponReport)

HEADINGS = [
    "背景",
    "経過",
    "分析",
    "派兵規模と派遣された北朝鮮兵士",
    "北朝鮮軍兵の詳細",
    "反応",
    "ウクライナと西側諸国",
    "ウクライナによる投降呼び掛け",
    "その他国際機関・諸国",
    "北朝鮮の兵器提供",
]


def article_page(client):
    response = client.get("/article/", HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    return read_article_page(response.content.decode())


def squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


def test_every_sentence_of_the_article_is_on_the_article_page_in_order(client):
    page = article_page(client)
    text, position, missing = squeezed(page.text), 0, []
    for sentence, _ in body_sentences():
        found = text.find(squeezed(sentence), position)
        if found < 0:
            missing.append(sentence)
        else:
            position = found + len(squeezed(sentence))
    assert missing == []
    assert len(body_sentences()) == 61  # the whole body, not the undated passages alone


def test_the_footnote_markers_are_the_articles_one_by_one(client):
    page = article_page(client)
    assert page.markers == [number for _, markers in body_sentences() for number in markers]


def test_the_reference_list_is_numbered_as_the_article_with_its_backlinks(client):
    page = article_page(client)
    assert page.references == {ref.number: (ref.title, ref.backlinks) for ref in references()}


def test_the_headings_are_the_articles(client):
    headings = article_page(client).headings
    assert [h for h in headings if h in HEADINGS] == HEADINGS
    article_headings = [line.removeprefix("編集") for line in _lines()]
    positions = [article_headings.index(h) for h in HEADINGS]
    assert positions == sorted(positions)


def test_the_infobox_is_as_printed(client):
    html = client.get("/article/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "ロシア クルスク州・ブリャンスク州" in html  # 場所 | ロシア クルスク州・ブリャンスク州 |


def _figures_by_paragraph():
    lines = _lines()
    for line in lines[1 : lines.index("脚注")]:
        text = MARKER.sub("", line.removeprefix("編集"))
        if "|" not in text:
            for written, value in figures_in(text):
                yield text, written, value


def test_every_number_of_troops_in_the_article_is_an_estimate_with_claimant_and_scope():
    estimates = list(TroopEstimate.objects.select_related("claimant"))
    found = set()
    for paragraph, written, value in _figures_by_paragraph():
        recording = [
            e for e in estimates if e.statement in paragraph and value in (e.figure, e.figure_high)
        ]
        assert recording, f"{written} in {paragraph[:30]}… is no estimate"
        for estimate in recording:
            assert estimate.claimant_id and estimate.scope
        found.add(value)
    # 2 captured, 6 officers killed, 数百 (an order, 100 to 999), 1,500, 3,000, 1万, 1万2000,
    # 1万3000, 10万
    assert found == {2, 6, 100, 1500, 3000, 10_000, 12_000, 13_000, 100_000}
    healey = TroopEstimate.objects.get(slug="hundreds-sent-healey-2024-10-22")
    assert (healey.qualifier, healey.figure, healey.figure_high) == ("several", 100, 999)


def test_the_timelines_estimates_table_shows_each_estimate(client, ja):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    table = html[html.index('<table class="chart-table">') : html.index("</table>")]
    rows = re.findall(r"<tr[^>]*><td>(.*?)</tr>", table, re.S)
    assert len(rows) == TroopEstimate.objects.count()
    cells = [re.sub(r"<[^>]+>", "", row) for row in rows]
    for estimate in TroopEstimate.objects.select_related("claimant"):
        shown = estimate.figure_display
        assert any(estimate.claimant.name in c and shown in c for c in cells), estimate.slug
    assert any("数百" in c and "ジョン・ヒーリー" in c for c in cells)


# Every undated entry, and the article's sentence that leaves it undated.
UNDATED = {
    "events.event": {
        # この前後から: only relative to the treaty of June 2024.
        "2024-06-officers-in-donetsk-reported": "この前後から、ロシア連邦軍が北朝鮮製の",
    },
    "events.troopestimate": {
        "12000-total-korean-authorities": "暴風軍団(特殊部隊)を含む4旅団約1万2000人と推定した",
        "13000-total-south-korea": "韓国は1万3000人とみている",
        "10000-total-united-states-revised": "のちに1万人に修正し",
        "3000-total-united-states-initial": "アメリカは当初3,000人規模とみていた",
    },
    "weapons.weaponreport": {
        "kn-23-used-2024-06": "この前後から、ロシア連邦軍が北朝鮮製の短距離弾道ミサイル(KN-23)",
        "122mm-shells-exported": "既に輸出されている122mmや152mmの砲弾と同様に",
        "152mm-shells-exported": "既に輸出されている122mmや152mmの砲弾と同様に",
        "170mm-shells-assessed": "170mm砲弾も北朝鮮から輸出されているとみられている",
    },
    "reactions.reaction": {},
}


def test_no_entry_carries_a_date_the_article_does_not_state():
    article = squeezed("".join(MARKER.sub("", line) for line in _lines()))
    for model in DATED:
        label = model._meta.label_lower
        undated = model.objects.filter(date_precision=DatePrecision.UNDATED)
        assert set(undated.values_list("slug", flat=True)) == set(UNDATED[label]), label
        for entry in undated.prefetch_related("citations__source"):
            assert squeezed(UNDATED[label][entry.slug]) in article, entry.slug
            # Listed by the day it was first reported, and by nothing else.
            earliest = min(c.source.published_on for c in entry.citations.all())
            assert entry.date == earliest, entry.slug


def test_dates_are_as_the_article_writes_them(ja):
    kirby = TroopEstimate.objects.get(slug="3000-sent-kirby-2024-10-23")
    assert str(kirby.fuzzy_date) == "2024年10月上旬〜中旬"  # 今月上旬から中旬までに
    offer = Event.objects.get(slug="2024-08-offer-of-100000")
    assert str(offer.fuzzy_date) == "2024年8月頃"
    officers = Event.objects.get(slug="2024-06-officers-in-donetsk-reported")
    assert (officers.date_relative, officers.date_relative_to.slug) == (
        "この前後から",
        "2024-06-putin-visit-treaty",
    )
    intelligence = TroopEstimate.objects.get(slug="3000-sent-korean-intelligence-2024-10-24")
    assert intelligence.date_relative == "この時点で"


def test_undated_part_of_month_and_vague_figures_are_shown_as_written(client):
    ja = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert ">報道 2024年10月18日</time>" in ja
    assert ">2024年10月上旬〜中旬</time>" in ja
    assert "数百人" in ja
    assert "（この前後から: " in ja
    en = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert ">reported Oct. 18, 2024</time>" in en
    assert ">early to mid October 2024</time>" in en
    assert "several hundred troops" in en


def streamed(response) -> str:
    return b"".join(response.streaming_content).decode()


def test_the_exports_carry_no_date_for_an_undated_entry_and_the_bounds_of_a_figure(client):
    exported = json.loads(streamed(client.get("/export/timeline.json?kind=estimate")))
    rows = {row["slug"]: row for row in exported["items"]}
    korea = rows["12000-total-korean-authorities"]["date"]
    assert (korea["value"], korea["reported_on"], korea["edtf"]) == (None, "2024-10-18", None)
    healey = rows["hundreds-sent-healey-2024-10-22"]
    assert (healey["figure"], healey["figure_high"], healey["qualifier"]) == (100, 999, "several")
    assert rows["3000-sent-kirby-2024-10-23"]["date"]["edtf"] == "2024-10-01/2024-10-20"
    csv = streamed(client.get("/export/timeline.csv?kind=estimate"))
    assert "reported_on" in csv.splitlines()[0]


def test_a_statement_keeps_its_parties_and_its_supporters_apart(client):
    statement = Reaction.objects.get(slug="2024-11-08-nato-joint-statement")
    assert [a.slug for a in statement.actors.all()] == ["nato"]
    assert {a.slug for a in statement.supporters.all()} == {
        "ukraine",
        "japan",
        "south-korea",
        "australia",
        "new-zealand",
    }
    china = Reaction.objects.get(slug="2024-11-01-china-no-interference")
    assert "アメリカ" not in china.summary  # that sentence is the US's, a passage of its own
    assert Passage.objects.get(slug="reactions-international-us-on-china").actors.filter(
        slug="united-states"
    )


def test_citations_and_attributions_are_the_articles_or_say_they_are_an_editors(client):
    capture = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    added = capture.citations.exclude(editor_note="")
    assert [c.source.slug for c in added] == ["yonhap-20250112"]  # the lead's [4]
    # The article's page shows only the article's markers; the event's page says it is an
    # editor's addition.
    html = client.get(capture.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "編集者が追加した脚注" in html
    kirby = TroopEstimate.objects.get(slug="3000-sent-kirby-2024-10-23")
    assert [c.source.slug for c in kirby.citations.all()] == ["nhk-20241024-kirby"]
    officers = Event.objects.get(slug="2024-06-officers-in-donetsk-reported")
    vias = {c.source.slug: c.via_id for c in officers.citations.all()}
    assert vias["sankei-20241005"] is None  # its headline says no more than 報道
