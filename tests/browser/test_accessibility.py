"""The editorial pages pass axe-core (WCAG 2.1 A/AA) and raise no console error under the CSP."""

import json

import pytest

from .conftest import axe_violations, editorial_team, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_editorial_pages_have_no_accessibility_violation(site, page):
    from apps.events.models import Event
    from tests.conftest import propose

    editor, _reviewer = editorial_team()
    event = Event.objects.get(slug="2024-10-18-training-camp-video")  # three citations
    change = propose(event, editor, "見出しの修正", title="ウクライナ当局、訓練施設の動画を公開")
    log_in(page, site, "chrome-editor")
    pages = {
        "admin index": "/admin/",
        "entry list": "/admin/events/event/",
        "change form": f"/admin/events/event/{event.pk}/change/",
        "change page": change.get_absolute_url(),
        "history": f"/admin/events/event/{event.pk}/history/",
        "queue": "/admin/moderation/changerequest/",
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
