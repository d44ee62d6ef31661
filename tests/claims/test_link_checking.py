"""check_links against a local HTTP server: nothing reaches the internet."""

import datetime
import io
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from apps.sources.links import check_sources, probe, probe_all
from apps.sources.models import LinkState, LinkStatus, Source

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 11, 1)


class Handler(BaseHTTPRequestHandler):
    active = 0
    most_active = 0
    seen = []
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def _answer(self, with_body):
        cls = type(self)
        with cls.lock:
            cls.active += 1
            cls.most_active = max(cls.most_active, cls.active)
            cls.seen.append((self.command, self.path))
        try:
            if self.path.partition("?")[0] == "/slow":  # /slow?1, /slow?2 …
                time.sleep(1.5)
        finally:
            # Counted as done before answering: the client may send its next request as soon
            # as it reads the answer, and must not be seen as a second one at the same time.
            with cls.lock:
                cls.active -= 1
        if self.path == "/nohead" and self.command == "HEAD":
            return self._send(405)
        redirects = {
            "/moved": "/ok",
            "/to-metadata": "http://169.254.169.254/latest/meta-data/",
            "/to-localhost": "http://localhost:1/",
        }
        if self.path in redirects:
            self.send_response(301)
            self.send_header("Location", redirects[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        status = {"/missing": 404, "/broken": 500}.get(self.path, 200)
        return self._send(status, with_body)

    def _send(self, status, with_body=False):
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def do_HEAD(self):
        self._answer(with_body=False)

    def do_GET(self):
        self._answer(with_body=True)


@pytest.fixture
def server(settings):
    # The local test server is not a public address: allowed by name, as an operator would.
    settings.LINK_CHECK_ALLOWED_HOSTS = ["127.0.0.1"]
    Handler.seen, Handler.active, Handler.most_active = [], 0, 0
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def source(slug, url):
    return Source.objects.create(
        slug=slug,
        title=f"試験の記事 {slug}",
        work="試験新聞",
        url=url,
        published_on=DAY,
        accessed_on=DAY,
    )


@pytest.mark.parametrize(
    ("path", "ok", "status"),
    [
        ("/ok", True, 200),
        ("/missing", False, 404),
        ("/broken", False, 500),
        ("/moved", True, 200),
        ("/nohead", True, 200),
    ],
)
def test_probe_answers(server, path, ok, status):
    outcome = probe(server + path, timeout=2)
    assert (outcome.ok, outcome.status) == (ok, status)


def test_head_refused_falls_back_to_get(server):
    probe(server + "/nohead", timeout=2)
    assert Handler.seen == [("HEAD", "/nohead"), ("GET", "/nohead")]


def test_a_timeout_is_a_failure_not_a_hang(server):
    started = time.monotonic()
    outcome = probe(server + "/slow", timeout=0.3)
    assert not outcome.ok and "timed out" in outcome.error.lower()
    assert time.monotonic() - started < 1.4


def test_only_http_urls_are_fetched():
    assert probe("file:///etc/passwd", timeout=1).error == "not an http(s) URL"


def test_concurrency_is_limited_and_each_host_is_visited_in_turn(server):
    hosts = [server.replace("127.0.0.1", "localhost"), server]
    urls = [f"{host}/slow?{i}" for host in hosts for i in range(2)]
    probe_all(urls, timeout=3, concurrency=1, delay=0)
    assert Handler.most_active == 1


def test_dead_only_after_failures_on_three_different_days(server):
    broken = source("broken", server + "/missing")
    fine = source("fine", server + "/ok")
    for day, expected in [
        (DAY, LinkState.UNKNOWN),
        (DAY, LinkState.UNKNOWN),
        (DAY + datetime.timedelta(days=1), LinkState.UNKNOWN),
        (DAY + datetime.timedelta(days=3), LinkState.DEAD),
    ]:
        check_sources([broken, fine], timeout=2, delay=0, today=day)
        assert LinkStatus.objects.get(source=broken).state == expected
        assert LinkStatus.objects.get(source=fine).state == LinkState.LIVE
    status = LinkStatus.objects.get(source=broken)
    assert status.failure_days == ["2026-11-01", "2026-11-02", "2026-11-04"]
    assert status.last_status_code == 404


def test_an_answer_resets_the_count(server):
    flaky = source("flaky", server + "/missing")
    check_sources([flaky], timeout=2, delay=0, today=DAY)
    check_sources([flaky], timeout=2, delay=0, today=DAY + datetime.timedelta(days=1))
    flaky.url = server + "/ok"
    flaky.save()
    check_sources([flaky], timeout=2, delay=0, today=DAY + datetime.timedelta(days=2))
    status = LinkStatus.objects.get(source=flaky)
    assert (status.state, status.failure_days) == (LinkState.LIVE, [])


def test_a_dead_link_shows_its_archived_copy(client, server):
    gone = Source.objects.get(slug="nhk-20241021")
    gone.url = server + "/missing"
    gone.archive_url = "https://web.archive.org/web/2024/https://www3.nhk.or.jp/example"
    gone.save()
    for offset in range(3):
        check_sources([gone], timeout=2, delay=0, today=DAY + datetime.timedelta(days=offset))
    page = client.get("/events/2024-10-18-training-camp-video/").content.decode()
    assert gone.archive_url in page
    assert f'href="{server}/missing"' not in page  # no link to the dead original


def test_the_command_reports(server):
    source("ok-one", server + "/ok")
    source("missing-one", server + "/missing")
    out = io.StringIO()
    call_command(
        "check_links", "ok-one", "missing-one", "--delay", "0", "--timeout", "2", stdout=out
    )
    assert "Checked 2 link(s): live 1, dead 0, unknown 1" in out.getvalue()
    assert "missing-one: HTTP 404" in out.getvalue()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://localhost:8000/admin/",
        "http://[::1]/",
        "http://10.0.0.5/",
        "http://192.168.1.1/",
        "http://172.16.0.1/",
        "http://169.254.169.254/latest/meta-data/",  # the cloud's metadata service
        "http://224.0.0.1/",
        "http://0.0.0.0/",
        "http://[fe80::1]/",
    ],
)
def test_non_public_addresses_are_never_fetched(url):
    outcome = probe(url, timeout=1)
    assert not outcome.ok and outcome.error.startswith("refused: "), outcome


@pytest.mark.parametrize("path", ["/to-metadata", "/to-localhost"])
def test_a_redirect_to_a_non_public_address_is_not_followed(server, path):
    outcome = probe(server + path, timeout=2)
    assert not outcome.ok
    assert "redirect to http://" in outcome.error and "refused" in outcome.error
