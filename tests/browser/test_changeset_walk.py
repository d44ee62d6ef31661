"""The newsroom's loop in Chromium: an editor reports a new development as one changeset
through the "+" popups, previews it and submits it; the reviewer is told, comments; the
author answers and revises; the reviewer approves; the public sees it; the author and a
watcher are told."""

import re

import pytest
from django.core import mail

from .conftest import editorial_team, log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_SOURCE = "北朝鮮兵、新たな前線に展開か"
NEW_EVENT = "北朝鮮兵の新たな展開が報じられる"
NEW_TEXT = "韓国国家情報院は、北朝鮮兵約3000人が新たに前線へ展開したと明らかにした。"
WATCHED = "2024-10-08-defence-minister-very-likely"


def choose(page, selector, term, option):
    """An autocomplete, as a person uses it: open, type, pick."""
    page.click(f"{selector} + .select2 .select2-selection")
    page.locator(".select2-container--open .select2-search__field").fill(term)
    page.locator(".select2-results__option", has_text=option).first.click()


def save(page):
    with page.expect_navigation():
        page.click("input[name=_save]")


def test_a_new_development_from_the_editor_to_the_public_page(site, browser, page):
    from apps.events.models import Event
    from apps.moderation import services
    from apps.moderation.models import Changeset
    from apps.moderation.roles import EDITORS
    from tests.conftest import make_user

    editor, reviewer = editorial_team()
    watcher = make_user("chrome-watcher", EDITORS)
    watched = Event.objects.get(slug=WATCHED)
    services.watch_start(user=watcher, model=Event, object_id=watched.pk)

    # --- the editor: a new source through the "+", the event citing it -------------------
    log_in(page, site, "chrome-editor")
    page.goto(site + "/admin/events/event/add/")
    with page.expect_popup() as opened:
        page.click("#add_id_citations-0-source")
    popup = opened.value
    popup.wait_for_load_state()
    popup.fill("#id_title", NEW_SOURCE)
    popup.fill("#id_work", "NHK")
    popup.fill("#id_published_on", "2024-12-01")
    popup.fill("#id_accessed_on", "2024-12-02")
    popup.fill("#id_edit_summary", "新しい記事")
    with popup.expect_event("close"):
        popup.click("input[name=_save]")
    chosen = page.eval_on_selector(
        "#id_citations-0-source", "e => [e.value, e.options[e.selectedIndex].text]"
    )
    assert chosen[0].startswith("-") and chosen[1].startswith(NEW_SOURCE)
    page.fill("#id_date", "2024-12-01")
    page.select_option("#id_kind", "deployment")
    page.fill("#id_title", NEW_EVENT)
    page.fill("#id_text", NEW_TEXT)
    page.fill("#id_edit_summary", "新しい展開")
    save(page)
    page.wait_for_url(re.compile(r"/admin/moderation/changeset/\d+/change/$"))
    changeset = Changeset.objects.get()

    # The figure it gives: the new event and the new source are found by the search.
    page.goto(site + "/admin/events/troopestimate/add/")
    page.fill("#id_date", "2024-12-01")
    choose(page, "#id_claimant", "韓国国家情報院", "韓国国家情報院")
    page.fill("#id_figure", "3000")
    page.select_option("#id_scope", "sent")
    page.fill("#id_statement", "約3000人")
    choose(page, "#id_event", "新たな展開", NEW_EVENT)
    page.select_option("#id_claim_status", "reported")
    choose(page, "#id_citations-0-source", "新たな前線", NEW_SOURCE)
    page.fill("#id_edit_summary", "推計3000人")
    save(page)
    assert page.url.endswith(changeset.get_absolute_url())

    # A published event the watcher follows cites the new article too.
    page.goto(site + f"/admin/events/event/{watched.pk}/change/")
    rows = page.locator("#citations-group tr.form-row:not(.empty-form)").count()
    choose(page, f"#id_citations-{rows - 1}-source", "新たな前線", NEW_SOURCE)
    page.fill("#id_edit_summary", "続報を出典に")
    save(page)
    assert page.url.endswith(changeset.get_absolute_url())
    assert page.locator(".changeset-entry").count() == 4
    screenshot(page, "changeset-draft")

    # --- the preview: the event's page, with its footnote, at two widths ----------------
    page.click("text=公開ページのプレビュー")
    page.locator(".preview-banner").wait_for()
    page.click(f".preview-links a:has-text('{NEW_EVENT}')")
    page.locator(".preview-banner").wait_for()
    assert NEW_TEXT in page.locator("main").inner_text()
    assert NEW_SOURCE in page.locator(".references").inner_text()
    assert page.locator("meta[name=robots]").get_attribute("content").startswith("noindex")
    screenshot(page, "preview-event-1366")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "preview-event-390")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.click(".preview-links a:has-text('年表とグラフ')")
    assert "3,000" in page.locator("main").inner_text()
    page.click(".preview-banner a:has-text('査読に戻る')")

    # --- submitted: the reviewer is told ------------------------------------------------
    page.fill("#id_edit_summary", "12月1日の新しい展開")
    with page.expect_navigation():
        page.click("input[value='査読に出す']")
    changeset.refresh_from_db()
    assert changeset.status == "pending"
    assert [m.to for m in mail.outbox] == [[reviewer.email]]

    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    review = context.new_page()
    log_in(review, site, "chrome-reviewer")
    assert "12月1日の新しい展開" in review.locator(".module.notifications").inner_text()
    assert "12月1日の新しい展開" in review.locator(".module.desk").last.inner_text()
    review.click(".module.notifications a:has-text('12月1日の新しい展開')")
    assert review.url.endswith(changeset.get_absolute_url())
    review.fill("#id_text", "@chrome-editor 見出しに発表者を入れてください。")
    about = review.locator("#id_about option").filter(has_text=NEW_EVENT)
    review.select_option("#id_about", about.filter(has_text="タイトル").get_attribute("value"))
    with review.expect_navigation():
        review.click(".comment-form input[type=submit]")
    screenshot(review, "changeset-review-commented")
    stale_page = context.new_page()  # opened now, before the author revises
    stale_page.goto(site + changeset.get_absolute_url())

    # --- the author answers and revises --------------------------------------------------
    page.goto(site + "/admin/")
    assert "chrome-reviewer" in page.locator(".module.notifications").inner_text()
    page.goto(site + changeset.get_absolute_url())
    page.fill("#id_text", "直しました。")
    with page.expect_navigation():
        page.click(".comment-form input[type=submit]")
    event_section = page.locator(".changeset-entry", has=page.locator("h2", has_text=NEW_EVENT))
    event_section.locator("a:has-text('修正')").click()
    page.fill("#id_title", "韓国国家情報院、北朝鮮兵の新たな展開を発表")
    page.fill("#id_edit_summary", "見出しに発表者")
    save(page)

    # --- the reviewer approves: not on the page opened before the revision -------------
    with stale_page.expect_navigation():
        stale_page.click("input[name=_approve]")
    assert "改訂" in stale_page.locator(".messagelist").inner_text()
    assert not Event.objects.filter(title__contains="新たな展開").exists()
    review.goto(site + changeset.get_absolute_url())
    with review.expect_navigation():
        review.click("input[name=_approve]")
    assert "公開" in review.locator(".messagelist").inner_text()
    context.close()

    # --- the public sees it; the author and the watcher are told -------------------------
    page.goto(site + "/?date_after=2024-12-01&date_before=2024-12-31")
    main = page.locator("main").inner_text()
    assert "韓国国家情報院、北朝鮮兵の新たな展開を発表" in main
    assert NEW_SOURCE in page.locator(".references").inner_text()
    screenshot(page, "timeline-after-changeset")
    page.goto(site + "/")
    assert "3,000" in page.locator("main").inner_text()
    told = {(m.to[0], m.subject) for m in mail.outbox}
    assert any(to == editor.email and "公開" in subject for to, subject in told), told
    assert any(to == watcher.email for to, _subject in told), told
    assert page.problems == [], page.problems
