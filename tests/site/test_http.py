"""Language, conditional GET, static files, and templates a strict CSP can serve."""

import re
from pathlib import Path

import pytest

from apps.events.models import Event
from tests.conftest import make_user, publish

pytestmark = pytest.mark.django_db
PUBLIC = [
    "/",
    "/events/2024-10-21-peskov-contradictory/",
    "/reactions/",
    "/weapons/",
    "/sources/",
    "/article/",
    "/feed/",
]


def test_japanese_by_default_english_on_request_content_unchanged(client):
    ja = client.get("/").content.decode()
    assert '<html lang="ja">' in ja and ">年表</a>" in ja
    en = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in en and ">Timeline</a>" in en
    assert '<article lang="ja"' in en
    assert "プーチン大統領が訪朝" in en


def test_language_switch_needs_no_token_and_returns_to_the_page(client):
    client.handler.enforce_csrf_checks = True
    response = client.post("/language/", {"language": "en", "next": "/reactions/"})
    assert response.status_code == 302 and response["Location"] == "/reactions/"
    assert ">Reactions</a>" in client.get("/reactions/").content.decode()


@pytest.mark.parametrize("url", PUBLIC)
def test_conditional_get_answers_304_until_something_is_published(client, url):
    first = client.get(url)
    etag = first["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    editor, reviewer = make_user("e304", "Editors"), make_user("r304", "Editors", "Reviewers")
    publish(Event.objects.get(slug="2024-10-21-peskov-contradictory"), editor, reviewer, title="新")
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200 and again["ETag"] != etag


def test_etag_differs_by_language(client):
    assert client.get("/")["ETag"] != client.get("/", HTTP_ACCEPT_LANGUAGE="en")["ETag"]


def test_static_files_are_served_by_whitenoise(client):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert b"references-column" in b"".join(response.streaming_content)


TEMPLATES = Path(__file__).resolve().parents[2]
INLINE = [
    # JSON-LD is data, not code: browsers neither run it nor apply script-src to it.
    (
        re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/ld\+json\")[^>]*>", re.I),
        "inline <script>",
    ),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"<style", re.I), "<style> element"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event-handler attribute"),
    (re.compile(r"(?:src|href)=\"(?:https?:)?//", re.I), "external asset"),
]


def our_templates():
    for root in ["templates", "apps"]:
        yield from (TEMPLATES / root).rglob("*.html")


def test_no_inline_script_style_handler_or_external_asset_in_our_templates():
    problems = []
    for template in our_templates():
        text = template.read_text(encoding="utf-8")
        for pattern, what in INLINE:
            if pattern.search(text):
                problems.append(f"{template.relative_to(TEMPLATES)}: {what}")
    assert problems == []
    assert len(list(our_templates())) > 20


@pytest.mark.parametrize("url", PUBLIC)
def test_rendered_public_pages_have_no_inline_code(client, url):
    html = client.get(url).content.decode()
    for pattern, what in INLINE[:4]:
        assert not pattern.search(html), what
