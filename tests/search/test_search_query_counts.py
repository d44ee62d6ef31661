"""The search and the filters that follow the hierarchy run the same number of queries at
two data sizes, like every public page."""

import pytest

from apps.core.models import ContentVersion
from tests.factories import grow
from tests.site.test_query_counts import MAX_QUERIES, WITH_HIERARCHY, count

pytestmark = pytest.mark.django_db

URLS = {
    "search, common": "/search/?q=部隊",
    "search, rare": "/search/?q=出来事12",
    "search, one character": "/search/?q=の",
    "search, two characters, by kind and year": "/search/?q=合成&type=event&year=2022",
    "search, synonym-free late page": "/search/?q=合成&page=3",
    "search, nothing": "/search/?q=ゾゾゾ",  # a query fewer: no page of hits to read
    "timeline, folded text": "/?q=ｺﾞｳｾｲ",
    "timeline, actor with its members": "/?actor=south-korea",
    "timeline, place with what is in it": "/?place=russia",
    "timeline, outlet": "/?source=合成新聞",
    "api, actor with its members": "/api/v1/events/?actor=south-korea&q=合成",
}

HIERARCHICAL = {
    "timeline, actor with its members",
    "timeline, place with what is in it",
    "api, actor with its members",
}


def counts(client):
    return {name: count(client, url) for name, url in URLS.items()}


def test_search_and_hierarchical_filters_cost_the_same_at_two_sizes(client):
    grow(30, prefix="small")
    ContentVersion.bump()
    counts(client)  # warm the content-type cache
    small = counts(client)
    grow(450, prefix="large")
    large = counts(client)
    assert large == small
    for name, queries in large.items():
        budget = WITH_HIERARCHY if name in HIERARCHICAL else MAX_QUERIES
        assert queries <= budget, (name, queries)
