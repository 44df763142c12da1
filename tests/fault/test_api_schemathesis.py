"""schemathesis against the JSON API's own OpenAPI schema (issue 9 point 6):
every operation at /api/v1/openapi.json gets requests generated from its
schema — valid and invalid — in-process through the WSGI application, on the
demo installation, and no answer may be a server error (`not_a_server_error`).

The API has no authentication today (it publishes public data and takes
applications with an Idempotency-Key); an operation that later needs a token
gets it here. GONGKAI_FUZZ_EXAMPLES raises the number of requests per operation.
"""

from __future__ import annotations

import pytest
import schemathesis
from schemathesis.checks import not_a_server_error

from tests.fault.fuzz import FUZZ


def _schema():
    from gongkai.wsgi import application  # Django is set up by pytest-django by now

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


schema = _schema()


@pytest.fixture
def installation(demo, settings):
    """The demo data, limits out of the way, and the test's connection kept open:
    schemathesis calls the WSGI handler itself, which closes the connection at
    each request's end (Django's own test client switches that off, as here)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    settings.GONGKAI_APPLY_LIMIT = 1_000_000  # reach the write function, not the 429
    settings.GONGKAI_TRACK_LIMIT = 1_000_000
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@FUZZ
def test_no_operation_answers_with_a_server_error(installation, case):
    case.call_and_validate(checks=[not_a_server_error])


def test_the_schema_lists_the_operations_tested(client, demo):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/applications/{slug}" in paths and "/api/v1/documents" in paths
