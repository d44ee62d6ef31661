"""An editor and a reviewer at work in Chromium, under the strict Content-Security-Policy."""

import re

import pytest

from .conftest import editorial_team, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose_source(page, row, source):
    """Pick a source in a citation row's autocomplete, as a person does: click, type, choose."""
    page.click(f"#citations-{row} .field-source .select2-selection")
    page.locator(".select2-container--open .select2-search__field").fill(source.slug)
    page.locator(".select2-results__option", has_text=source.title).click()


CORRECTION = "日付を21日としていましたが、出典では10月中のことでした。"


def test_two_citations_and_a_month_typed_in_japanese_reach_the_public_page(site, page, browser):
    from apps.events.models import Event
    from apps.moderation.models import ChangeRequest
    from apps.sources.models import Source

    editorial_team()
    event = Event.objects.get(slug="2024-10-21-peskov-contradictory")  # one citation
    added = [Source.objects.get(slug=s) for s in ("nhk-20241023", "nhk-20241024-kirby")]

    log_in(page, site, "chrome-editor")
    page.goto(site + f"/admin/events/event/{event.pk}/change/")
    page.fill("#id_date", "2024年10月")
    choose_source(page, 1, added[0])  # the blank row the form offers
    page.click("#citations-group .add-row a")  # "add another citation"
    assert page.input_value("#id_citations-2-position") == "3"  # the next position
    choose_source(page, 2, added[1])
    page.fill("#id_edit_summary", "出典を二つ追加し、日付を月単位に")
    screenshot(page, "admin-change-form-two-citations")
    with page.expect_navigation():
        page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/moderation/changerequest/\d+/change/$"))
    change = ChangeRequest.objects.get()
    proposed = change.proposed_state
    assert (proposed["fields"]["date"], proposed["fields"]["date_precision"]) == (
        "2024-10-01",
        "month",
    )
    assert [row["source"] for row in proposed["citations"]][1:] == [s.pk for s in added]
    assert page.problems == [], page.problems

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    reviewer = context.new_page()
    problems = []
    reviewer.on("console", lambda m: m.type == "error" and problems.append(m.text))
    log_in(reviewer, site, "chrome-reviewer")
    reviewer.goto(site + change.get_absolute_url())
    assert "出典を二つ追加し" in reviewer.locator("#content-main").inner_text()
    screenshot(reviewer, "admin-review-two-citations")
    # The date is changed: a correction for readers, asked for by the review form.
    assert "日付" in reviewer.locator(".correction-choice").inner_text()
    reviewer.fill("textarea[name=correction]", CORRECTION)
    with reviewer.expect_navigation():
        reviewer.click("input[name=_approve]")
    assert "承認" in reviewer.locator(".messagelist").inner_text()
    context.close()
    assert problems == [], problems

    page.goto(site + f"/events/{event.slug}/")
    body = page.locator("main").inner_text()
    assert "2024年10月" in body and "2024年10月21日" not in body
    references = page.locator(".references li")
    assert references.count() == 3
    text = references.all_inner_texts()
    for source in added:
        assert any(source.title in item for item in text), (source.title, text)
    assert CORRECTION in page.locator("section.corrections").inner_text()
    screenshot(page, "event-after-two-citations")
    assert page.problems == [], page.problems
