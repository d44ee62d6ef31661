"""The pages the benchmark times, in the order of the issue."""

import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from apps.core.models import TEXT_LIMIT
from apps.events.models import Event
from apps.moderation import services
from apps.moderation.diff import CHAR_DIFF_LIMIT
from apps.moderation.models import ChangeRequest
from apps.moderation.roles import EDITORS, REVIEWERS
from apps.moderation.state import state_of

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
    ]
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
    results.append(reference_loop(scale))
    if approved.count() != len(approvals):
        raise RuntimeError("Not every approval was applied.")
    if Event.objects.filter(title__endswith="(修正案)").count() != len(approvals):
        raise RuntimeError("An approved change is not visible in the published entry.")
    return results


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
