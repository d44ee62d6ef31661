"""The editorial pages pass axe-core (WCAG 2.1 A/AA) and raise no console error under the CSP."""

import json

import pytest
from django.urls import reverse

from tests.moderation.changesets import report_development

from .conftest import axe_violations, editorial_team, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editorial_pages_have_no_accessibility_violation(site, page):
    from apps.events.models import Event
    from apps.moderation import services
    from apps.moderation.roles import EDITORS
    from tests.conftest import make_user, propose

    editor, reviewer = editorial_team()
    event = Event.objects.get(slug="2024-10-18-training-camp-video")  # three citations
    change = propose(event, editor, "見出しの修正", title="ウクライナ当局、訓練施設の動画を公開")
    # A second change to another event that the entry moved on from: its page and its merge.
    other = Event.objects.get(slug="2024-10-21-peskov-contradictory")
    stale = propose(other, editor, "見出しの修正", title="ペスコフ報道官、「矛盾が多い」")
    published = propose(other, make_user("chrome-carol", EDITORS), "別案", title="別の見出し")
    services.change_approve(change=published, reviewer=reviewer, revision=1)
    changeset, *_ = report_development(editor)  # a draft: a new source, event and figure
    log_in(page, site, "chrome-editor")
    pages = {
        "admin index": "/admin/",
        "entry list": "/admin/events/event/",
        "change form": f"/admin/events/event/{event.pk}/change/",
        "change page": change.get_absolute_url(),
        "history": f"/admin/events/event/{event.pk}/history/",
        "change page with a conflict": stale.get_absolute_url(),
        "merge page": reverse("admin:moderation_changerequest_merge", args=[stale.pk]),
        "revise form": f"/admin/events/event/{other.pk}/change/?revise={stale.pk}",
        "queue": "/admin/moderation/changerequest/",
        "changeset page": changeset.get_absolute_url(),
        "changeset preview": reverse("admin:moderation_changeset_preview", args=[changeset.pk]),
        "changesets": "/admin/moderation/changeset/?status=all",
        "form in a changeset": f"/admin/events/event/add/?changeset={changeset.pk}",
    }
    found, problems = {}, {}
    for name, url in pages.items():
        page.goto(site + url)
        if page.problems:
            problems[name], page.problems[:] = list(page.problems), []
        violations = axe_violations(page)
        if page.problems:
            problems[f"{name} (axe)"], page.problems[:] = list(page.problems), []
        if violations:
            found[name] = violations
        screenshot(page, f"admin-a11y-{name.replace(' ', '-')}")
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
    assert problems == {}, problems  # CSP violations included
