"""Time pages with the Django test client: medians, 95th percentiles, queries and bytes."""

import statistics
import time
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


@dataclass
class Measure:
    page: str
    scale: int
    median_ms: float
    p95_ms: float
    queries: int
    bytes: int
    cached_median_ms: float | None = None

    def as_json(self):
        return {k: v for k, v in asdict(self).items() if v is not None}


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def _request(client, method, url, data):
    response = client.post(url, data) if method == "POST" else client.get(url)
    body = _body(response)
    if response.status_code >= 400:
        raise RuntimeError(f"{method} {url} answered {response.status_code}")
    return body


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def measure_get(client, page, url, scale, repeat, with_cache=True) -> Measure:
    """Uncached timings (cache cleared before each request), then cached ones."""
    _request(client, "GET", url, None)  # warm up imports and templates
    timings = []
    for _ in range(repeat):
        cache.clear()
        start = time.perf_counter()
        body = _request(client, "GET", url, None)
        timings.append((time.perf_counter() - start) * 1000)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        body = _request(client, "GET", url, None)
    queries = len(captured)  # now: the next request resets the connection's query log
    cached = None
    if with_cache:
        hits = []
        for _ in range(repeat):
            start = time.perf_counter()
            _request(client, "GET", url, None)
            hits.append((time.perf_counter() - start) * 1000)
        cached = round(statistics.median(hits), 2)
    return Measure(
        page,
        scale,
        round(statistics.median(timings), 2),
        round(percentile(timings, 0.95), 2),
        queries,
        len(body),
        cached,
    )


def _reference_work():
    total = 0
    for number in range(1_000_000):
        total += number * number
    return total


def reference_loop(scale, repeat=5) -> Measure:
    """The speed of the machine itself: a fixed pure-Python loop, no I/O.

    Timings of the pages only compare between runs whose reference loops agree:
    on the 2-core machines these figures were taken on, it varied by a factor of
    two within an hour.
    """
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        _reference_work()
        timings.append((time.perf_counter() - start) * 1000)
    return Measure(
        "reference loop",
        scale,
        round(statistics.median(timings), 2),
        round(percentile(timings, 0.95), 2),
        0,
        0,
    )


def measure_posts(client, page, requests, scale) -> Measure:
    """Each (url, data) is posted once: approvals cannot be repeated."""
    timings, queries, size = [], [], 0
    for index, (url, data) in enumerate(requests):
        if index == len(requests) - 1:
            with CaptureQueriesContext(connection) as captured:
                size = len(_request(client, "POST", url, data))
            queries.append(len(captured))
            continue
        start = time.perf_counter()
        _request(client, "POST", url, data)
        timings.append((time.perf_counter() - start) * 1000)
    return Measure(
        page,
        scale,
        round(statistics.median(timings), 2),
        round(percentile(timings, 0.95), 2),
        queries[-1],
        size,
    )
