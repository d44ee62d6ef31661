"""The editorial admin works in Chromium under the strict Content-Security-Policy."""

import re

import pytest

from tests.conftest import make_user

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_proposes_a_change_in_chromium(site, page):
    from django.apps import apps

    from apps.events.models import Event
    from apps.moderation.models import ChangeRequest
    from apps.moderation.roles import sync_groups

    sync_groups(apps)
    make_user("chrome-editor", "Editors")
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")

    page.goto(site + "/admin/login/")
    page.fill("#id_username", "chrome-editor")
    page.fill("#id_password", "correct-horse-battery")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(site + f"/admin/events/event/{event.pk}/change/")
    assert page.locator(".select2-container").count() >= 2  # the admin's autocomplete ran
    page.fill("#id_title", "ブラウザから提案した見出し")
    page.fill("#id_edit_summary", "ブラウザで修正")
    screenshot(page, "admin-change-form")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/moderation/changerequest/\d+/change/$"))
    assert "ブラウザで修正" in page.locator("#content-main").inner_text()
    screenshot(page, "admin-proposed-change")
    assert (
        ChangeRequest.objects.get().proposed_state["fields"]["title"]
        == "ブラウザから提案した見出し"
    )
    assert page.problems == [], page.problems  # no CSP violation, no failed request
