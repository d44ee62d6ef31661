"""The API answers every request as its OpenAPI document says: schemathesis generates
requests for every operation from the served schema (a few examples each, valid ones and
invalid ones), and every answer must be a documented status with a body valid against the
schema; never a 5xx."""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode, checks

pytestmark = pytest.mark.django_db

EXAMPLES = 6
# What the schema promises. Not "every schema-valid request is accepted": a well-formed key
# of an actor that does not exist is refused (400, naming the parameter), as documented.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
    checks.response_headers_conformance,
]


@pytest.fixture
def in_the_test_transaction():
    """Requests to the WSGI application itself, as Django's test client makes them: the
    end of a request must not close the connection that holds the test's transaction."""
    request_finished.disconnect(close_old_connections)
    request_started.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_its_schema_says(mode, in_the_test_transaction):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20
    for operation in operations:

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def answers_as_documented(case):
            case.call_and_validate(checks=CHECKS)

        answers_as_documented()
