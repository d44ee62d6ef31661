"""Building a changeset the way an editor reports a new development: a new article, the
event it reports, and the figure it gives, through the moderation services."""

from apps.events.models import Event, TroopEstimate
from apps.moderation import services
from apps.moderation.publishing import provisional_id
from apps.moderation.state import state_of
from apps.sources.models import Source

NEW_TITLE = "北朝鮮兵、新たな前線に展開か"
NEW_EVENT_TITLE = "北朝鮮兵の新たな展開が報じられる"
NEW_TEXT = "韓国国家情報院は、北朝鮮兵約3000人が新たに前線へ展開したと明らかにした。"


def source_state(**fields):
    state = state_of(Source.objects.get(slug="nhk-20241021"))
    state["fields"].update(
        {
            "slug": "",
            "title": NEW_TITLE,
            "url": "https://www3.nhk.or.jp/news/html/20241201/k10014600000000.html",
            "published_on": "2024-12-01",
            "accessed_on": "2024-12-02",
            "archive_url": "",
            "archive_date": None,
            **fields,
        }
    )
    return state


def event_state(source_id, **fields):
    state = state_of(Event.objects.get(slug="2024-10-21-peskov-contradictory"))
    state["fields"].update(
        {
            "slug": "",
            "title": NEW_EVENT_TITLE,
            "text": NEW_TEXT,
            "date": "2024-12-01",
            "date_precision": "day",
            "date_end": None,
            "date_relative": "",
            "date_relative_to": None,
            "claim_status": "",
            "claim_note": "",
            **fields,
        }
    )
    state["citations"] = [
        {"source": source_id, "via": None, "via_note": "", "anchors": "", "editor_note": ""}
    ]
    return state


def estimate_state(source_id, event_id, **fields):
    template = TroopEstimate.objects.filter(claimant__isnull=False).order_by("pk").first()
    state = state_of(template)
    state["fields"].update(
        {
            "slug": "",
            "figure": 3000,
            "figure_high": None,
            "qualifier": "about",
            "statement": "約3000人",
            "date": "2024-12-01",
            "date_precision": "day",
            "date_end": None,
            "date_approximate": False,
            "event": event_id,
            "claim_status": "reported",
            "claim_rank": "normal",
            "claim_note": "",
            "claim_inferred": False,
            **fields,
        }
    )
    state["citations"] = [
        {"source": source_id, "via": None, "via_note": "", "anchors": "", "editor_note": ""}
    ]
    return state


def report_development(editor):
    """A draft changeset: a new source, an event citing it, and an estimate stated in
    both; returns (changeset, source change, event change, estimate change)."""
    source = services.change_propose(
        author=editor, model=Source, summary="新しい記事", state=source_state(), in_draft=True
    )
    changeset = source.changeset
    event = services.change_propose(
        author=editor,
        model=Event,
        summary="新しい展開",
        state=event_state(provisional_id(source)),
        changeset=changeset,
    )
    estimate = services.change_propose(
        author=editor,
        model=TroopEstimate,
        summary="推計3000人",
        state=estimate_state(provisional_id(source), provisional_id(event)),
        changeset=changeset,
    )
    changeset.refresh_from_db()
    return changeset, source, event, estimate


def submitted_development(editor):
    changeset, *changes = report_development(editor)
    changeset = services.changeset_submit(
        changeset=changeset, author=editor, summary="12月1日の新しい展開を追加"
    )
    return changeset, *changes
