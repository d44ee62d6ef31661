"""Script, HTML and attribute payloads published through the workflow never run in Chromium."""

import pytest

from tests.conftest import make_user
from tests.security.payloads import PAYLOAD, publish_payloads

from .conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/events/2024-10-21-peskov-contradictory/",
    "/reactions/",
    "/sources/nhk-20241022-russian-reaction/",
]


def test_payloads_show_as_typed_and_nothing_executes(site, page):
    from django.apps import apps

    from apps.moderation.roles import sync_groups

    sync_groups(apps)  # earlier transactional tests may have flushed the groups
    editor = make_user("hostile-editor", "Editors")
    reviewer = make_user("hostile-reviewer", "Editors", "Reviewers")
    publish_payloads(editor, reviewer)

    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in PAGES:
        page.goto(site + path)
        page.locator("main h1, main h4, main .entry-text").first.hover()  # mouseover payloads
        assert page.evaluate("window.__pwned") is None, path
        assert PAYLOAD in page.locator("main").inner_text(), path
        assert page.locator("main script").count() == 0
        assert page.locator("main img").count() == 0
        screenshot(page, "hostile-" + (path.strip("/").replace("/", "-") or "timeline"))
    assert dialogs == []
    assert page.problems == []
