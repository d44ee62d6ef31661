"""The benchmark command runs end to end at a tiny scale and reports every page."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from apps.benchmark.management.commands.benchmark import MAX_QUERIES, QUERY_BUDGETS

pytestmark = pytest.mark.django_db


def test_benchmark_reports_every_page_with_the_machine_speed():
    out = StringIO()
    sizes = ["--events", "40", "--sources", "20", "--reactions", "10", "--systems", "3"]
    sizes += ["--reports", "9", "--versions", "60", "--pending", "8", "--repeat", "2"]
    call_command("benchmark", "--inner", "--json", *sizes, stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    pages = [line["page"] for line in lines]
    assert pages[0] == pages[-1] == "reference loop"
    for page in ["timeline", "late timeline page", "weapons", "json export", "approve"]:
        assert page in pages
    for page in ["approve changeset", "api events", "api late page", "api changes"]:
        assert page in pages
    for page in ["api events as of", "timeline as of", "event as of"]:
        assert page in pages
    for line in lines:
        assert {"page", "scale", "median_ms", "p95_ms", "queries", "bytes"} <= set(line)
        if line["page"] not in ("approve", "approve changeset", "reference loop"):
            assert 0 < line["queries"] <= QUERY_BUDGETS.get(line["page"], MAX_QUERIES), line
            assert line["bytes"] > 0, line
