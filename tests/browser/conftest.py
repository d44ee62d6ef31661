import os
import shutil
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="chromium is not installed (apt-get install chromium)"
)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the
    # tests make between page actions are plain synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            yield browser
            browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site(live_server, transactional_db):
    # Earlier transactional tests may have flushed the tables, content types included.
    ContentType.objects.clear_cache()
    call_command("migrate", verbosity=0, interactive=False)  # recreates content types
    call_command("loaddata", "seed", verbosity=0)
    yield live_server.url
    ContentType.objects.clear_cache()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    # A request the page cancels by navigating away (net::ERR_ABORTED) is not a failure.
    page.on(
        "requestfailed",
        lambda r: (
            "ERR_ABORTED" not in (r.failure or "")
            and page.problems.append(f"failed: {r.url} ({r.failure})")
        ),
    )
    page.on(
        "response",
        lambda r: (
            r.status >= 400
            and r.request.resource_type != "document"
            and page.problems.append(f"{r.status}: {r.url}")
        ),
    )
    yield page
    context.close()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def log_in(page, site, username, password="correct-horse-battery"):  # noqa: S107 - tests only
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("input[type=submit]")


def editorial_team():
    """An editor and a reviewer, with the groups the migrations made (flushed by earlier
    transactional tests, so made again)."""
    from django.apps import apps

    from apps.moderation.roles import EDITORS, REVIEWERS, sync_groups
    from tests.conftest import make_user

    sync_groups(apps)
    return make_user("chrome-editor", EDITORS), make_user("chrome-reviewer", EDITORS, REVIEWERS)


def axe_violations(page) -> list[dict]:
    """What axe-core finds on the page against WCAG 2.1 A and AA.

    The script is evaluated through the DevTools protocol, not injected as a <script>:
    the page's Content-Security-Policy stays as strict as for a person. Without
    ``preload``, axe does not copy the stylesheets into inline <style> elements (which
    the CSP would refuse, reported as console errors that are axe's, not the page's).
    """
    if not AXE.exists():
        pytest.skip("axe-core is not installed (make test runs npm ci)")
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, preload: false})",
        WCAG_21_AA,
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "nodes": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
