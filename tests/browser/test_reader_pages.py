"""A reader on a phone and on a desk (390 and 1366 px wide): the filters, the first entry,
the chart's marks, the search, and no accessibility violation on any public page."""

import json
import re

import pytest

from .conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1366, "height": 900}


def open_page(browser, viewport, site, path):
    context = browser.new_context(viewport=viewport, locale="ja-JP")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.goto(site + path)
    return context, page


def test_on_a_phone_the_filters_fold_and_the_first_entry_is_in_the_first_screen(site, browser):
    context, page = open_page(browser, PHONE, site, "/")
    summary = page.locator("details.filters > summary")
    assert summary.is_visible()
    assert not page.locator("#id_actor").is_visible()
    first = page.locator("li.entry").first.bounding_box()
    assert first["y"] + 60 < PHONE["height"], first  # its date and title at least
    screenshot(page, "phone-timeline-first-screen")

    summary.click()
    page.fill("#id_actor", "韓国")
    with page.expect_navigation():
        page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"actor=%E9%9F%93%E5%9B%BD"))
    assert "韓国" in page.locator("details.filters > summary").inner_text()
    assert not page.locator("#id_actor").is_visible(), "folded again, its summary says why"
    assert page.locator("li.entry").count() > 1  # 韓国 and the agencies under it
    screenshot(page, "phone-timeline-filtered")

    page.goto(site + "/?date_after=2025-01-01&date_before=2024-10-01")
    assert page.locator("#id_date_after").is_visible(), "open when something is wrong"
    assert "2024-10-01" in page.locator("#date-errors").inner_text()
    context.close()


def test_on_a_desk_the_filters_are_open(site, browser):
    context, page = open_page(browser, DESK, site, "/")
    assert not page.locator("details.filters > summary").is_visible()
    assert page.locator("#id_actor").is_visible()
    assert page.locator("#source-outlets option").count() > 5
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["390", "1366"])
def test_chart_marks_can_be_tapped_and_superseded_ones_keep_their_colour(site, browser, viewport):
    context, page = open_page(browser, viewport, site, "/")
    marks = page.locator("svg.chart-svg a.point")
    assert marks.count() == 12
    sizes = marks.evaluate_all(
        "marks => marks.map(m => m.getBoundingClientRect()).map(box => [box.width, box.height])"
    )
    assert min(min(size) for size in sizes) >= 24, sizes
    colours = page.evaluate(
        """() => {
          const shape = a => a.querySelector(':scope > :not(title):not(.hit):not(.band)');
          const hollow = document.querySelector('a.point.superseded');
          const series = [...hollow.classList].find(c => c.startsWith('series-'));
          const full = document.querySelector(`a.point.${series}:not(.superseded)`);
          return [getComputedStyle(shape(hollow)).stroke, getComputedStyle(shape(full)).fill,
                  getComputedStyle(document.querySelector('a')).color];
        }"""
    )
    hollow, full, link = colours
    assert hollow == full, colours
    assert hollow != link or "series-0" in page.locator("a.point.superseded").get_attribute("class")
    page.locator("section.chart").scroll_into_view_if_needed()
    screenshot(page, f"chart-{viewport['width']}px")
    with page.expect_navigation():
        marks.last.click()
    assert re.search(r"/sources/[a-z0-9-]+/$", page.url)
    context.close()


def test_a_reader_searches_as_they_type(site, browser):
    context, page = open_page(browser, PHONE, site, "/search/")
    page.fill("#search-q", "ｷｰｳ")
    with page.expect_navigation():
        page.get_by_role("button", name="検索").last.click()
    assert page.locator("mark").first.inner_text() == "キーウ"
    assert "負傷した北朝鮮兵2人がウクライナの捕虜に" in page.locator(".search-hits").inner_text()
    screenshot(page, "phone-search")
    page.locator(".search-facets a", has_text="出来事").click()
    page.wait_for_url(re.compile(r"type=event"))
    assert page.locator(".search-hits > li").count() == 1
    context.close()


PUBLIC_PAGES = {
    "timeline": "/",
    "timeline filtered": "/?actor=south-korea&place=russia",
    "timeline with errors": "/?source=存在しない新聞&date_after=2025-01-01&date_before=2024-01-01",
    "timeline empty": "/?q=存在しない語句",
    "event": "/events/2025-01-09-two-soldiers-captured/",
    "article": "/article/",
    "reactions": "/reactions/",
    "weapons": "/weapons/",
    "sources": "/sources/",
    "source": "/sources/nhk-20241018/",
    "corrections": "/corrections/",
    "search": "/search/?q=北朝鮮",
    "search empty": "/search/",
    "search bad": "/search/?q=北&type=nothing",
    "not found": "/events/no-such-event/",
}


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["390", "1366"])
def test_no_public_page_has_an_accessibility_violation(site, browser, viewport):
    context = browser.new_context(viewport=viewport, locale="ja-JP")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    found = {}
    for name, path in PUBLIC_PAGES.items():
        page.goto(site + path)
        violations = axe_violations(page)
        if violations:
            found[name] = violations
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
    # Pages that answer 400 and 404 are logged as such; nothing else (no CSP refusal).
    assert [p for p in page.problems if "status of 40" not in p] == []
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESK], ids=["390", "1366"])
def test_the_map_marks_can_be_tapped_and_lead_to_their_place(site, browser, viewport):
    context, page = open_page(browser, viewport, site, "/?date_after=2024-10-01")
    section = page.locator("section.place-map")
    section.scroll_into_view_if_needed()
    image = page.locator("svg.map-svg image")
    assert image.evaluate("i => i.href.baseVal").endswith("/static/map/base.svg")
    marks = page.locator("svg.map-svg a.place-mark")
    assert marks.count() >= 5
    sizes = marks.evaluate_all(
        "marks => marks.map(m => m.querySelector('.hit').getBoundingClientRect())"
        ".map(box => [box.width, box.height])"
    )
    assert min(min(size) for size in sizes) >= 24, sizes
    listed = page.locator(".place-list a")
    assert listed.count() >= marks.count()  # the same places as a list, countries too
    section.screenshot(path=str(_shots() / f"map-{viewport['width']}px.png"))
    kursk = page.locator(
        "svg.map-svg a.place-mark", has=page.locator("title", has_text="クルスク州")
    )
    box = kursk.locator(".dot").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert "place=kursk-oblast" in page.url and "date_after=2024-10-01" in page.url
    assert page.problems == []
    context.close()


def _shots():
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
