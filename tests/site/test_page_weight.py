"""The timeline's first page stays light at scale: under 120 KB with a full page of entries,
their references, a full chart and the map (the benchmark reports the same at 10,000)."""

import pytest

from apps.events.selectors import CHART_LIMIT, PAGE_SIZE
from tests.factories import grow

pytestmark = pytest.mark.django_db

LIMIT = 120_000


def test_the_first_page_of_a_large_timeline_weighs_under_120_kb(client):
    grow(400, prefix="weight")
    page = client.get("/").content.decode()
    assert page.count('<li class="entry') == PAGE_SIZE
    table = page.split('<table class="chart-table">', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr") == CHART_LIMIT + 1  # and its header
    assert 'class="place-map"' in page
    assert len(page.encode()) < LIMIT, len(page.encode())
