"""Statuses, ranks and provenance: who says what, how sure it is, on whose word."""

import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from reversion.models import Version

from apps.claims.provenance import origins
from apps.claims.rows import claim_row
from apps.events.models import Event, EventCitation, TroopEstimate
from apps.moderation import services
from apps.moderation.state import state_of
from apps.sources.selectors import load_citations
from apps.weapons.models import WeaponReport
from tests.conftest import publish

pytestmark = pytest.mark.django_db


def citations_of(model, citation_model, slug):
    entry = model.objects.get(slug=slug)
    (citations,) = load_citations((citation_model, [entry.pk]))
    return entry, citations[entry.pk]


def test_the_seed_statuses():
    capture = Event.objects.get(slug="2025-01-09-two-soldiers-captured")
    assert (capture.claimant.slug, capture.claim_status) == ("ukraine", "confirmed")
    assert "国家情報院" in capture.claim_note
    kursk = Event.objects.get(slug="2024-10-24-first-unit-in-kursk")
    # Reported needs no basis; the lead's words about another matter are not one.
    assert kursk.claim_status == "reported" and kursk.claim_note == ""
    putin = Event.objects.get(slug="2024-10-24-putin-does-not-deny")
    assert putin.claim_status == ""  # a statement that happened, not a claim
    statuses = dict(TroopEstimate.objects.values_list("slug", "claim_status"))
    assert set(statuses.values()) == {"reported", "confirmed"}
    assert [s for s, status in statuses.items() if status == "confirmed"] == [
        "2-captured-ukraine-2025-01-09"  # 大韓民国国家情報院もこれを事実と確認している
    ]
    assert WeaponReport.objects.get(slug="m1989-video-2024-12").claim_status == "confirmed"


def test_the_us_estimate_revised_from_3000_to_10000_stands_beside_it():
    # アメリカは当初3,000人規模とみていたがのちに1万人に修正し [27]
    first = TroopEstimate.objects.get(slug="3000-total-united-states-initial")
    later = TroopEstimate.objects.get(slug="10000-total-united-states-revised")
    assert (first.claim_rank, later.claim_rank) == ("superseded", "preferred")
    assert "1万人に修正" in first.claim_note
    assert first.figure == 3000  # nothing overwritten
    # Kirby's "at least 3,000" is his own figure: the article never says it was revised.
    kirby = TroopEstimate.objects.get(slug="3000-sent-kirby-2024-10-23")
    assert (kirby.claim_rank, kirby.claim_note) == ("normal", "")


def test_superseded_needs_a_reason_in_the_form_and_in_the_database():
    estimate = TroopEstimate.objects.get(slug="13000-total-south-korea")
    estimate.claim_rank = "superseded"
    with pytest.raises(ValidationError) as excinfo:
        estimate.full_clean()
    assert "claim_note" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        estimate.save()


def test_status_values_are_enforced_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(slug="2024-10-21-peskov-contradictory").update(claim_status="rumoured")


def test_provenance_on_citations():
    _, citations = citations_of(Event, EventCitation, "2024-10-18-nis-1500-to-vladivostok")
    citation = citations[0]
    # NHK reports the word of 韓国国家情報院, which belongs to Korea.
    assert (citation.source.work, citation.via_root[1]) == ("日本放送協会", "韓国")
    assert [name for *_, name in origins(citations)] == ["韓国"]


def test_single_origin_detection():
    training, citations = citations_of(Event, EventCitation, "2024-10-18-training-camp-video")
    assert len(citations) == 3
    # Three NHK articles, all on the Ukrainian centre's word.
    assert claim_row(training, citations).single_origin == "ウクライナ"
    capture, citations = citations_of(Event, EventCitation, "2025-01-09-two-soldiers-captured")
    assert {name for *_, name in origins(citations)} == {"ウクライナ", "韓国"}
    assert claim_row(capture, citations).single_origin is None


def test_the_timeline_shows_statuses_ranks_and_single_origin(client):
    html = client.get("/").content.decode()
    capture = html.split('id="event-2025-01-09-two-soldiers-captured"')[1]
    meta = capture.split("</p>")[0]  # the event's own line, not its estimates'
    assert "status-confirmed" in meta and "single-origin" not in meta
    assert "単一の情報源: ウクライナ" in html
    first = html.split('id="estimate-3000-total-united-states-initial"')[1].split("</li>")[0]
    assert "rank-superseded" in first


def test_the_chart_shows_superseded_estimates_as_such(client):
    html = client.get("/").content.decode()
    assert html.count('class="point series-1 superseded"') + html.count('superseded"><title>') >= 1
    assert 'class="superseded"><td>' in html


@pytest.mark.parametrize(
    ("status", "present", "absent"),
    [
        (
            "confirmed",
            "event-2025-01-09-two-soldiers-captured",
            "event-2024-10-18-nis-1500-to-vladivostok",
        ),
        (
            "reported",
            "event-2024-10-18-nis-1500-to-vladivostok",
            "event-2025-01-09-two-soldiers-captured",
        ),
    ],
)
def test_filter_by_status(client, status, present, absent):
    html = client.get(f"/?status={status}").content.decode()
    assert f'id="{present}"' in html and f'id="{absent}"' not in html


def test_bad_status_is_refused(client):
    response = client.get("/?status=rumoured")
    assert response.status_code == 400 and 'id="status-errors"' in response.content.decode()


def test_weapons_page_shows_evidence_and_status(client):
    html = client.get("/weapons/").content.decode()
    assert "ドローン映像 — ボウチャンシク付近" in html  # where, in the article's words
    video = html.split('id="m1989-video-2024-12"')[1].split("</li>")[0]
    assert "status-confirmed" in video and "確実になった" in video


def test_status_and_rank_changes_are_reviewed_and_versioned(editor, reviewer):
    estimate = TroopEstimate.objects.get(slug="13000-total-south-korea")
    state = state_of(estimate)
    state["fields"].update(claim_status="disputed", claim_note="他の推定と食い違う")
    change = services.change_propose(
        author=editor, model=TroopEstimate, summary="状態を変更", state=state, target=estimate
    )
    estimate.refresh_from_db()
    assert estimate.claim_status == "reported"  # not before review
    services.change_approve(
        change=change,
        revision=change.revision,
        reviewer=reviewer,
        correction="ほかの推定と食い違うため、状態を「異論あり」にしました。",
    )
    estimate.refresh_from_db()
    assert estimate.claim_status == "disputed"
    versions = Version.objects.get_for_object(estimate)
    assert [v.field_dict["claim_status"] for v in versions] == ["disputed", "reported"]


def test_provenance_changes_show_in_the_review_diff(client, editor, reviewer):
    from apps.actors.models import Actor

    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    state = state_of(event)
    state["citations"][0]["via"] = Actor.objects.get(slug="kremlin").pk
    change = services.change_propose(
        author=editor, model=Event, summary="情報源を明記", state=state, target=event
    )
    client.force_login(reviewer)
    page = client.get(change.get_absolute_url()).content.decode()
    assert "citation-edited" in page and "ロシア大統領府" in page


def test_check_content_refuses_a_corroboration_resting_on_one_origin():
    Event.objects.filter(slug="2024-10-18-training-camp-video").update(claim_status="corroborated")
    out = io.StringIO()
    with pytest.raises(Exception):  # noqa: B017 - CommandError: the report is the point
        call_command("check_content", stdout=out)
    assert (
        "'2024-10-18-training-camp-video': corroborated, but every citation traces back"
        in out.getvalue()
    )


def json_ld(html):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    return [json.loads(block) for block in blocks]


def test_json_ld_on_the_event_page(client):
    html = client.get("/events/2025-01-09-two-soldiers-captured/").content.decode()
    (document,) = json_ld(html)
    types = {node["@type"] for node in document["@graph"]}
    assert types == {"Event", "Claim", "NewsArticle"}
    event = next(n for n in document["@graph"] if n["@type"] == "Event")
    assert event["startDate"] == "2025-01-09" and event["name"].startswith("負傷した北朝鮮兵2人")
    claim = next(n for n in document["@graph"] if n["@type"] == "Claim")
    assert claim["author"] == {"@type": "Organization", "name": "ウクライナ"}
    article_ids = {n["@id"] for n in document["@graph"] if n["@type"] == "NewsArticle"}
    assert {a["@id"] for a in claim["appearance"]} <= article_ids


def test_json_ld_on_the_timeline_keeps_the_precision(client):
    (document,) = json_ld(client.get("/").content.decode())
    offer = next(
        n for n in document["@graph"] if n.get("name", "").startswith("金正恩が最大10万人")
    )
    assert offer["startDate"] == "2024-08"
    claims = [n for n in document["@graph"] if n["@type"] == "Claim"]
    assert len(claims) >= TroopEstimate.objects.count()


def test_json_ld_cannot_break_out_of_its_script(client, editor, reviewer):
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    publish(event, editor, reviewer, title="</script><script>window.__pwned=1</script>")
    html = client.get(f"/events/{event.slug}/").content.decode()
    assert "</script><script>window.__pwned" not in html
    (document,) = json_ld(html)
    assert document["@graph"][0]["name"] == "</script><script>window.__pwned=1</script>"


def test_source_pages_carry_a_news_article(client):
    (article,) = json_ld(client.get("/sources/forbes-japan-20240801/").content.decode())
    assert article["@type"] == "NewsArticle"
    assert article["author"] == {"@type": "Person", "name": "David Axe"}
    assert article["datePublished"] == "2024-08-01"


def test_timelinejs_export(client):
    response = client.get("/export/timelinejs.json")
    data = json.loads(b"".join(response.streaming_content))
    assert data["title"]["text"]["headline"] == "北朝鮮のロシア派兵"
    slides = {slide["unique_id"]: slide for slide in data["events"]}
    assert len(slides) == Event.objects.count() + TroopEstimate.objects.count()
    offer = slides["event-2024-08-offer-of-100000"]["start_date"]
    assert offer == {"year": "2024", "month": "8", "display_date": "2024年8月頃"}  # no day 1
    capture = slides["event-2025-01-09-two-soldiers-captured"]
    assert capture["start_date"]["day"] == "9"
    assert "<li><a href=" in capture["text"]["text"]
    for slide in data["events"]:
        assert set(slide) >= {"unique_id", "start_date", "text", "display_date"}
        assert set(slide["text"]) == {"headline", "text"}


def test_a_vague_figure_is_an_order_with_its_bounds(en):
    estimate = TroopEstimate.objects.get(slug="hundreds-sent-healey-2024-10-22")
    estimate.figure, estimate.figure_high = 150, None
    with pytest.raises(ValidationError) as refused:
        estimate.full_clean()
    assert "figure" in refused.value.message_dict
    estimate.figure = 1000
    estimate.full_clean()  # 数千: the bounds follow from the order
    assert (estimate.figure_high, estimate.figure_display) == (9999, "several thousand")
    with pytest.raises(IntegrityError), transaction.atomic():
        TroopEstimate.objects.filter(pk=estimate.pk).update(figure_high=500)


def test_an_editors_inference_gives_its_reason_and_readers_see_it_as_one(client, en):
    estimate = TroopEstimate.objects.get(slug="13000-total-south-korea")
    estimate.claim_inferred = True
    with pytest.raises(ValidationError) as refused:
        estimate.full_clean()
    assert "claim_note" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        TroopEstimate.objects.filter(pk=estimate.pk).update(claim_inferred=True)
    TroopEstimate.objects.filter(pk=estimate.pk).update(
        claim_inferred=True, claim_rank="preferred", claim_note="韓国の最新の推定と判断"
    )
    html = client.get("/?kind=estimate", HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    item = html.split('id="estimate-13000-total-south-korea"')[1].split("</li>")[0]
    assert "編集者の判断" in item and "韓国の最新の推定と判断" in item
