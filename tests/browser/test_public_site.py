"""What a reader sees in Debian's Chromium, driven by Playwright."""

import re

import pytest

from .conftest import screenshot

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_timeline_renders_and_a_footnote_lands_on_its_reference(site, page):
    page.goto(site + "/")
    assert page.locator("h1").inner_text().startswith("北朝鮮のロシア派兵")
    assert page.locator("li.entry").count() == 24  # 20 events, 4 estimates stated in none
    marker = page.locator("#event-2024-10-18-nis-1500-to-vladivostok sup.fn a").first
    number = marker.inner_text().strip("[]")
    marker.click()
    page.wait_for_url(re.compile(f"#cite-note-{number}$"))
    target = page.locator(f"#cite-note-{number}")
    assert page.evaluate("document.querySelector(':target').id") == f"cite-note-{number}"
    assert target.is_visible()
    box = target.bounding_box()
    assert 0 <= box["y"] < 900
    highlight = target.evaluate("e => getComputedStyle(e).backgroundColor")
    assert highlight not in ("rgba(0, 0, 0, 0)", "transparent")
    assert "国家情報院" in target.inner_text() or "Q&A" in target.inner_text()

    target.locator(".backlinks a").first.click()
    assert page.evaluate("document.querySelector(':target').id").startswith(f"cite-ref-{number}-")
    screenshot(page, "timeline-footnote")
    assert page.problems == []


def test_the_filter_narrows_the_list_without_javascript_help(site, page):
    page.goto(site + "/")
    page.select_option("#id_kind", "capture")
    with page.expect_navigation():
        page.get_by_role("button", name="絞り込む").click()
    page.wait_for_url(re.compile(r"kind=capture"))
    assert page.locator("li.entry").count() == 1
    assert "負傷した北朝鮮兵2人" in page.locator("li.entry").inner_text()
    assert page.locator(".references li").count() == 2  # the capture and its confirmation
    page.fill("#id_q", "存在しない語句")
    with page.expect_navigation():
        page.get_by_role("button", name="絞り込む").click()
    page.locator("p.empty").wait_for()
    screenshot(page, "timeline-filtered-empty")


def test_the_chart_is_present_with_a_point_per_estimate(site, page):
    page.goto(site + "/")
    chart = page.locator("svg.chart-svg")
    chart.scroll_into_view_if_needed()
    assert chart.is_visible()
    # 14 estimates: 12 of the deployment are marks; the 6 killed and 2 captured are rows only.
    assert chart.locator("a.point").count() == 12
    assert chart.locator("a.point line.band").count() == 1  # 数百: 100 to 999
    assert page.locator("table.chart-table tbody tr").count() == 14
    chart.locator("a.point").first.click()
    page.wait_for_url(re.compile(r"/sources/[a-z0-9-]+/$"))  # each mark leads to its source
    assert page.locator("h1").inner_text()
    page.go_back()
    page.locator("section.chart").screenshot(path=str(_artifact("chart")))


def test_references_sit_beside_on_wide_screens_and_below_on_narrow(site, browser):
    for width, beside in ((1366, True), (390, False)):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="ja-JP")
        page = context.new_page()
        page.goto(site + "/")
        main = page.locator(".main-column").bounding_box()
        aside = page.locator(".references-column").bounding_box()
        assert (aside["x"] > main["x"] + main["width"] - 1) is beside
        assert (aside["y"] >= main["y"] + main["height"] - 1) is not beside
        screenshot(page, f"timeline-{width}px")
        context.close()


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("timeline", "/"),
        ("event", "/events/2024-10-18-training-camp-video/"),
        ("reactions", "/reactions/"),
        ("weapons", "/weapons/"),
        ("sources", "/sources/"),
        ("article", "/article/"),
        ("bad-filter", "/?kind=rumour&date_after=2024-13-01"),
        ("not-found", "/events/no-such-event/"),
    ],
)
def test_every_page_renders_with_local_assets_only(site, page, name, path):
    response = page.goto(site + path)
    assert response.status in (200, 400, 404)
    assert page.locator("main h1").count() >= 1
    assert page.evaluate("getComputedStyle(document.body).fontFamily")  # the stylesheet loaded
    external = page.evaluate(
        "[...document.querySelectorAll('[src],link[href]')].map(e => e.src || e.href)"
        ".filter(u => !u.startsWith(location.origin))"
    )
    assert external == []
    screenshot(page, name)
    expected = f"status of {response.status}" if response.status != 200 else None
    assert [p for p in page.problems if not (expected and expected in p)] == []


def test_english_interface_keeps_japanese_content(site, page):
    page.goto(site + "/")
    page.select_option("#language-select", "en")
    with page.expect_navigation():
        page.get_by_role("button", name="切り替え").click()
    page.wait_for_load_state()
    assert page.locator("nav a[aria-current=page]").inner_text() == "Timeline"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("li.entry article").first.get_attribute("lang") == "ja"
    screenshot(page, "timeline-en")


def _artifact(name):
    from .conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"
