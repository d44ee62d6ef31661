"""The pages the benchmark times, in the order of the issue."""

import random
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from apps.core.models import TEXT_LIMIT
from apps.events.models import Event, TroopEstimate
from apps.history.models import Publication
from apps.moderation import services
from apps.moderation.diff import CHAR_DIFF_LIMIT
from apps.moderation.models import ChangeRequest, Changeset
from apps.moderation.publishing import provisional_id
from apps.moderation.roles import EDITORS, REVIEWERS
from apps.moderation.state import citation_row, state_of
from apps.sources.models import Source

from ...timing import measure_get, measure_posts, reference_loop


def run(made, scale, repeat):
    client = Client(raise_request_exception=True)
    events = made["events"]
    late_page = max(1, len(events) // 200)
    public = [
        ("timeline", "/"),
        ("filtered timeline", "/?kind=statement&date_after=2023-01-01&q=本文"),
        ("late timeline page", f"/?page={late_page}"),
        ("event detail", f"/events/{events[len(events) // 2].slug}/"),
        ("reactions", "/reactions/"),
        ("weapons", "/weapons/"),
        ("sources", "/sources/"),
        ("feed", "/feed/"),
        # Every synthetic event's text has 本文; one has this number (whole numbers only).
        ("search common", "/search/?q=本文"),
        ("search rare", f"/search/?q=出来事{len(events) // 2}"),
        ("timeline hierarchy", "/?actor=south-korea&place=russia"),
    ]
    public += _data(client, events)
    results = [reference_loop(scale)]
    results += [measure_get(client, name, url, scale, repeat) for name, url in public]
    exports = [("json export", "/export/timeline.json"), ("csv export", "/export/timeline.csv")]
    results += [
        measure_get(client, name, url, scale, max(3, repeat // 5), with_cache=False)
        for name, url in exports
    ]

    reviewer = get_user_model().objects.create_user("syn-reviewer", is_staff=True)
    reviewer.groups.add(*Group.objects.filter(name__in=[EDITORS, REVIEWERS]))
    client.force_login(reviewer)
    pending = list(ChangeRequest.objects.pending().order_by("pk")[: repeat + 2])
    busiest = events[0]  # the synthetic history gives the first events the most versions
    admin = [
        ("admin queue", "/admin/moderation/changerequest/"),
        ("admin change diff", pending[0].get_absolute_url()),
        ("admin history", f"/admin/events/event/{busiest.pk}/history/"),
    ]
    author = get_user_model().objects.create_user("syn-long-writer", is_staff=True)
    author.groups.add(*Group.objects.filter(name=EDITORS))
    longest = CHAR_DIFF_LIMIT // 2  # the longest texts still compared character by character
    admin += [
        ("admin longest edit", _long_edit(events[-1], author, reviewer, TEXT_LIMIT)),
        ("admin char diff edit", _long_edit(events[-2], author, reviewer, longest)),
    ]
    results += [
        measure_get(client, name, url, scale, repeat, with_cache=False) for name, url in admin
    ]
    approvals = [
        (change.get_absolute_url(), {"_approve": "1", "revision": change.revision})
        for change in pending[1:]
    ]
    results.append(measure_posts(client, "approve", approvals, scale))
    approved = ChangeRequest.objects.filter(pk__in=[c.pk for c in pending[1:]], status="approved")
    changesets = _changesets(events[len(events) // 3], repeat + 1)
    queued = _queued_tasks()
    results.append(
        measure_posts(
            client,
            "approve changeset",
            [(c.get_absolute_url(), {"_approve": "1", "revision": c.revision}) for c in changesets],
            scale,
        )
    )
    results.append(reference_loop(scale))
    if approved.count() != len(approvals):
        raise RuntimeError("Not every approval was applied.")
    if Event.objects.filter(title__endswith="(修正案)").count() != len(approvals):
        raise RuntimeError("An approved change is not visible in the published entry.")
    _check_changesets(changesets, queued)
    return results


def _data(client, events):
    """The API's pages and the pages as they were (issue 18): the first page of events, a
    page half-way through by its cursor, the changes since the middle of the history, and
    the data as of that moment."""
    publications = Publication.objects.order_by("seq")
    middle = publications[publications.count() // 2]
    moment = quote(middle.published_at.isoformat(), safe="")
    url = "/api/v1/events/?limit=200"
    for _ in range(len(events) // 400):
        url = client.get(url).json()["next"]
    late = url.replace("limit=200", "limit=50")
    event = events[len(events) // 2]
    return [
        ("api events", "/api/v1/events/"),
        ("api late page", late),
        ("api event", f"/api/v1/events/{event.pk}/"),
        ("api changes", f"/api/v1/changes/?since={middle.seq}"),
        ("api events as of", f"/api/v1/events/?as_of={moment}"),
        ("api late page as of", f"{late}&as_of={moment}"),
        ("timeline as of", f"/?as_of={moment}"),
        ("event as of", f"/events/{event.slug}/?as_of={moment}"),
    ]


# A changeset as an editor reports a new development: a new article, the event it reports
# and the figure it gives, each entry citing the new article.
CHANGESET_SOURCE = "新しい記事{number}"
CHANGESET_EVENT = "新しい展開{number}"


def _changesets(template_event, count):
    """``count`` submitted changesets of three new entries each, by an author with an
    address, so that each approval has a mail to queue."""
    author = get_user_model().objects.create_user(
        "syn-reporter", "syn-reporter@example.org", is_staff=True
    )
    author.groups.add(*Group.objects.filter(name=EDITORS))
    source_template = state_of(Source.objects.order_by("pk").first())
    event_template = state_of(template_event)
    estimate_template = state_of(TroopEstimate.objects.filter(claimant__isnull=False).first())
    made = []
    for number in range(count):
        source = services.change_propose(
            author=author,
            model=Source,
            summary="新しい記事",
            state=_with(
                source_template,
                slug=f"syn-new-source-{number}",
                title=CHANGESET_SOURCE.format(number=number),
                url=f"https://example.org/new/{number}",
                published_on="2025-06-02",
                accessed_on="2025-06-03",
                archive_url="",
                archive_date=None,
            ),
            in_draft=True,
        )
        cites_source = [citation_row(provisional_id(source))]
        event = services.change_propose(
            author=author,
            model=Event,
            summary="新しい展開",
            state=_with(
                event_template,
                citations=cites_source,
                slug=f"syn-new-event-{number}",
                title=CHANGESET_EVENT.format(number=number),
                date="2025-06-01",
                date_precision="day",
                date_end=None,
                date_relative="",
                date_relative_to=None,
                claim_status="",
                claim_note="",
            ),
            changeset=source.changeset,
        )
        services.change_propose(
            author=author,
            model=TroopEstimate,
            summary="推計",
            state=_with(
                estimate_template,
                citations=cites_source,
                slug=f"syn-new-estimate-{number}",
                figure=3000 + number,
                figure_high=None,
                qualifier="about",
                statement=f"約{3000 + number}人",
                date="2025-06-01",
                date_precision="day",
                date_end=None,
                date_relative="",
                date_relative_to=None,
                event=provisional_id(event),
                claim_status="reported",
                claim_rank="normal",
                claim_note="",
                claim_inferred=False,
            ),
            changeset=source.changeset,
        )
        made.append(
            services.changeset_submit(
                changeset=source.changeset, author=author, summary=f"新しい展開{number}"
            )
        )
    return made


def _with(state, citations=None, **fields):
    copy = {**state, "fields": {**state["fields"], **fields}}
    if citations is not None:
        copy["citations"] = citations
    return copy


def _queued_tasks() -> int:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.count()


def _check_changesets(changesets, queued_before):
    """Every timed changeset published as a whole; with the database task backend (as in
    production, and as the benchmark sets it), each approval's mail was queued, not sent."""
    from django.core import mail

    published = Changeset.objects.filter(pk__in=[c.pk for c in changesets], status="approved")
    if published.count() != len(changesets):
        raise RuntimeError("Not every changeset approval was applied.")
    titles = [CHANGESET_EVENT.format(number=n) for n in range(len(changesets))]
    if Event.objects.filter(title__in=titles).count() != published.count():
        raise RuntimeError("An approved changeset is not visible in the published entries.")
    if "DatabaseBackend" in settings.TASKS["default"]["BACKEND"]:
        if _queued_tasks() - queued_before < published.count():
            raise RuntimeError("A changeset's approval did not queue the author's mail.")
        if getattr(mail, "outbox", []):
            raise RuntimeError("Mail was sent inline, during the approval.")


def _text(rng: random.Random, length: int) -> str:
    """Japanese-like sentences from a small alphabet: many chance matches, the hard case
    for a character diff."""
    alphabet = "北朝鮮兵士ロシア派遣クルスク州戦闘報道国防省発表によると約人がいた"
    words = []
    while sum(map(len, words)) < length:
        words.append("".join(rng.choices(alphabet, k=rng.randint(8, 40))) + "。")
    return "".join(words)[:length]


def _long_edit(event, author, reviewer, length) -> str:
    """A pending change rewriting the text of ``event`` from one text of ``length``
    characters, published first, to another: the review page of the largest edit."""
    rng = random.Random(length)  # noqa: S311 - repeatable test text, not a secret
    for text, approve in ((_text(rng, length), True), (_text(rng, length), False)):
        event.refresh_from_db()
        state = state_of(event)
        state["fields"]["text"] = text
        change = services.change_propose(
            author=author, model=Event, summary="長文の書き換え", state=state, target=event
        )
        if approve:
            services.change_approve(change=change, revision=change.revision, reviewer=reviewer)
    return change.get_absolute_url()
