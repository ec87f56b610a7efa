"""Fuzzing the REST API from its own OpenAPI schema: no input may cause a 5xx.

schemathesis generates valid and invalid requests for every operation (bodies, types,
missing fields, odd Unicode) and sends them to the real server on a loopback port. Each
answer must be below 500, and a 2xx answer must match the documented response model.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, settings  # noqa: E402
from schemathesis.checks import not_a_server_error, response_schema_conformance  # noqa: E402

from tests.service_server import running_service  # noqa: E402


@pytest.fixture(scope="module")
def api_schema() -> Iterator[object]:
    # Small limits so generated bodies also reach the 413 paths; two waiting slots.
    with running_service(
        "--no-ui", "--max-articles", "6", "--max-chars", "20000", "--queue-size", "4"
    ) as url:
        yield schemathesis.openapi.from_url(url + "/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_generated_request_causes_a_server_error(case: schemathesis.Case) -> None:
    response = case.call(timeout=30)
    case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])
