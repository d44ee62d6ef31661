"""What a researcher and a reader of corrections see in Chromium: the API's documentation
page working under the strict CSP, and a correction followed to the page as it read
before and back; axe-core finds nothing on these pages."""

import re

import pytest

from .conftest import axe_violations, editorial_team, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "2024-10-18-nis-1500-to-vladivostok"
NOTE = "派遣規模を約1500人としていましたが、約3000人の誤りでした。"


def test_the_api_documentation_works_under_the_strict_csp(site, page):
    response = page.goto(site + "/api/v1/docs")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() >= 23  # a list and a detail a kind, the changes
    page.locator(".opblock-summary", has_text="/api/v1/changes/").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    page.locator(".response .microlight", has_text='"next_cursor"').first.wait_for()
    external = page.evaluate(
        "[...document.querySelectorAll('[src],link[href]')].map(e => e.src || e.href)"
        ".filter(u => !u.startsWith(location.origin))"
    )
    assert external == []
    screenshot(page, "api-docs")
    assert page.problems == []


def test_a_reader_follows_a_correction_to_the_page_as_it_read_before(site, page):
    from apps.events.models import TroopEstimate
    from apps.moderation import services
    from tests.conftest import propose

    editor, reviewer = editorial_team()
    estimate = TroopEstimate.objects.get(slug="1500-sent-nis-2024-10-18")
    change = propose(estimate, editor, "人数の訂正", figure=3000, statement="約3000人")
    services.change_approve(
        change=change, reviewer=reviewer, revision=change.revision, correction=NOTE
    )
    page.goto(site + "/corrections/")
    assert NOTE in page.locator(".correction-list").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "corrections")
    page.goto(site + f"/events/{SLUG}/")
    assert NOTE in page.locator("section.corrections").inner_text()
    assert "3,000" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.locator("a.previous-version").click()
    page.wait_for_url(re.compile(r"as_of="))
    banner = page.locator(".as-of-banner")
    assert banner.is_visible() and "時点の公開内容 — " in banner.inner_text()
    main = page.locator("main").inner_text()
    assert "1,500" in main and "3,000" not in main and NOTE not in main
    assert axe_violations(page) == []
    screenshot(page, "event-as-it-read-before")
    with page.expect_navigation():
        banner.get_by_role("link").click()
    assert page.url == site + f"/events/{SLUG}/"
    assert "3,000" in page.locator("main").inner_text()
    assert page.problems == []
