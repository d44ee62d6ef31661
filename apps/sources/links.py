"""Checking that sources' links still answer, politely.

At most ``concurrency`` hosts are contacted at once, one request at a time per
host with a pause between them; every request has a timeout; a HEAD that the
server refuses is retried as a GET. A link is marked dead only after failing
on three different days without answering in between.
"""

import datetime
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.models import ContentVersion

from .models import LinkState, LinkStatus

USER_AGENT = "conflict-timeline-linkcheck/1.0 (+contact the editors of the site)"
HEAD_REFUSED = {400, 403, 405, 501}


@dataclass
class Outcome:
    url: str
    ok: bool
    status: int | None = None
    error: str = ""


def refusal(url: str) -> str | None:
    """Why the checker will not fetch ``url``, or None: only http(s), and only hosts whose
    every address is public. A source's link must never make this server reach its own
    network (loopback, private, link-local, multicast, reserved: the cloud's metadata
    address is link-local). ``LINK_CHECK_ALLOWED_HOSTS`` names hosts allowed anyway (the
    tests' local server)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return "not an http(s) URL"
    host = parts.hostname or ""
    if not host:
        return "no host"
    if host in settings.LINK_CHECK_ALLOWED_HOSTS:
        return None
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, parts.port or 80)}
    except (socket.gaierror, UnicodeError):
        return None  # the fetch fails on its own and says so
    for text in sorted(addresses):
        address = ipaddress.ip_address(text.split("%")[0])
        if address.is_multicast or not address.is_global:
            return f"refused: {host} is a non-public address ({address})"
    return None


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to a URL the checker would fetch itself."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        reason = refusal(newurl)
        if reason:
            raise urllib.error.URLError(f"redirect to {newurl}: {reason}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_opener = urllib.request.build_opener(_CheckedRedirects)


def _open(url, method, timeout):
    # probe() lets only http(s) URLs to public hosts through, and the opener only such
    # redirects.
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})  # noqa: S310
    with _opener.open(request, timeout=timeout) as response:
        if method == "GET":
            response.read(1024)
        return response.status


def probe(url: str, timeout: float) -> Outcome:
    """One link: HEAD, then GET if the server refuses HEAD. Redirects are followed, to
    public hosts only."""
    reason = refusal(url)
    if reason:
        return Outcome(url, False, error=reason)
    try:
        try:
            status = _open(url, "HEAD", timeout)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code not in HEAD_REFUSED:
                raise
            status = _open(url, "GET", timeout)
    except urllib.error.HTTPError as exc:
        exc.close()
        return Outcome(url, False, status=exc.code, error=f"HTTP {exc.code}")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Outcome(url, False, error=f"{type(reason).__name__}: {reason}"[:300])
    return Outcome(url, status < 400, status=status, error="" if status < 400 else f"HTTP {status}")


def probe_all(urls, *, timeout=10.0, concurrency=4, delay=1.0) -> dict[str, Outcome]:
    """Probe URLs, hosts in parallel (at most ``concurrency``), each host's URLs in turn."""
    by_host = defaultdict(list)
    for url in dict.fromkeys(urls):
        by_host[urlsplit(url).netloc].append(url)

    def visit(host_urls):
        outcomes = []
        for index, url in enumerate(host_urls):
            if index:
                time.sleep(delay)
            outcomes.append(probe(url, timeout))
        return outcomes

    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as pool:
        results = pool.map(visit, by_host.values())
    return {outcome.url: outcome for outcomes in results for outcome in outcomes}


@transaction.atomic
def record(source, outcome: Outcome, *, today: datetime.date | None = None) -> LinkStatus:
    """Store what a check found; dead only after failures on three different days."""
    today = today or timezone.localdate()
    now = timezone.now()
    status, _ = LinkStatus.objects.select_for_update().get_or_create(
        source=source, defaults={"checked_url": outcome.url}
    )
    if status.checked_url != outcome.url:  # a new URL starts afresh
        status.failure_days, status.state = [], LinkState.UNKNOWN
    status.checked_url = outcome.url
    status.last_checked_at = now
    status.last_status_code = outcome.status
    status.last_error = outcome.error
    if outcome.ok:
        status.state = LinkState.LIVE
        status.last_ok_at = now
        status.failure_days = []
    else:
        days = set(status.failure_days) | {today.isoformat()}
        status.failure_days = sorted(days)
        if len(days) >= LinkStatus.DEAD_AFTER_FAILED_DAYS:
            status.state = LinkState.DEAD
    status.save()
    return status


def check_sources(sources, *, timeout=10.0, concurrency=4, delay=1.0, today=None):
    """Check every source that has a URL; returns (source, status) pairs."""
    sources = [s for s in sources if s.url]
    outcomes = probe_all(
        [s.url for s in sources], timeout=timeout, concurrency=concurrency, delay=delay
    )
    before = dict(LinkStatus.objects.filter(source__in=sources).values_list("source_id", "state"))
    results = [(s, record(s, outcomes[s.url], today=today)) for s in sources]
    if any(before.get(s.pk, LinkState.UNKNOWN) != status.state for s, status in results):
        ContentVersion.bump()  # pages show dead links differently: refresh them
    return results
