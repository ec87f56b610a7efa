"""The REST service over real HTTP: uvicorn serving the FastAPI app on a loopback port."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")
httpx = pytest.importorskip("httpx")

from summarizer_service.config import exposure_warning  # noqa: E402
from summarizer_service.schemas import ClusterSummaryOut  # noqa: E402

import summarizer  # noqa: E402
from tests.helpers import seed_texts  # noqa: E402
from tests.service_server import running_service  # noqa: E402

LIMITS = ("--max-articles", "8", "--max-chars", "300000", "--max-body-bytes", "2000000")


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running_service("--no-ui", *LIMITS) as base:
        yield base


def post(url: str, path: str, body: object, **kwargs: object) -> httpx.Response:
    return httpx.post(url + path, json=body, timeout=60, **kwargs)


def assert_one_line_error(response: httpx.Response, status: int, kind: str) -> str:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and body["error"]["type"] == kind, body
    message = body["error"]["message"]
    assert message and "\n" not in message and "Traceback" not in response.text
    return message


def test_summary_over_http_is_exactly_the_library_to_dict(url: str) -> None:
    documents = seed_texts()
    names = [f"bài {i + 1}" for i in range(len(documents))]
    response = post(url, "/v1/summarize", {"documents": documents, "names": names,
                                           "max_words": 120, "article_max_words": 50})
    assert response.status_code == 200
    served = response.json()
    local = summarizer.Summarizer("extractive").summarize(
        documents, names=names, max_words=120, article_max_words=50
    ).to_dict()
    served.pop("timings_ms"), local.pop("timings_ms")
    assert served == local
    assert "Tổng Bí thư" in served["merged"]["text"]
    assert all(s["sources"] for s in served["merged"]["sentences"])
    assert [a["article"] for a in served["per_article"]] == list(range(len(documents)))
    assert served["removed"][0]["name"] == "bài 1"


def test_every_to_dict_field_is_documented_in_the_response_model() -> None:
    data = summarizer.summarize(seed_texts()).to_dict()
    missing = sorted(set(data) - set(ClusterSummaryOut.model_fields))
    assert not missing, f"document {missing} in service/schemas.py ClusterSummaryOut"
    ClusterSummaryOut.model_validate(data)


def test_openapi_schema_has_typed_models_and_docs_page(url: str) -> None:
    schema = httpx.get(url + "/openapi.json", timeout=10).json()
    paths = schema["paths"]
    for path in ("/v1/summarize", "/v1/score", "/v1/models", "/healthz", "/readyz", "/metrics"):
        assert path in paths
    operation = paths["/v1/summarize"]["post"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok["$ref"].endswith("/ClusterSummaryOut")
    for status in ("400", "413", "415", "422", "503"):
        assert operation["responses"][status]["content"]["application/json"]["schema"][
            "$ref"
        ].endswith("/ErrorResponse")
    request = schema["components"]["schemas"]["SummarizeRequest"]
    assert request["additionalProperties"] is False
    assert {"documents", "method", "max_words", "names"} <= set(request["properties"])
    docs = httpx.get(url + "/docs", timeout=10)
    assert docs.status_code == 200 and "swagger" in docs.text.lower()


def test_score_gives_rouge_with_its_signature(url: str) -> None:
    text = "Tổng Bí thư Tô Lâm rời Hà Nội, lên đường dự cuộc họp."
    response = post(url, "/v1/score", {"prediction": text, "references": [text, "Tô Lâm"]})
    assert response.status_code == 200
    body = response.json()
    assert body["signature"].startswith("rouge:1.2.L.Lsum|nrefs:2|")
    assert 0.5 < body["scores"]["rouge1"]["f1"] < 1.0
    one = post(url, "/v1/score", {"prediction": text, "references": [text]}).json()
    assert one["scores"]["rouge2"]["f1"] == pytest.approx(1.0)
    huge = post(url, "/v1/score", {"prediction": "chữ " * 30_000, "references": [text]})
    assert "prediction" in assert_one_line_error(huge, 422, "validation_error")


def test_models_health_and_readiness(url: str) -> None:
    models = httpx.get(url + "/v1/models", timeout=10).json()
    states = {m["method"]: m["state"] for m in models["models"]}
    assert states == {"extractive": "ready", "vit5": "disabled"}
    assert models["limits"]["max_articles"] == 8
    assert httpx.get(url + "/healthz", timeout=10).json()["status"] == "ok"
    ready = httpx.get(url + "/readyz", timeout=10)
    assert ready.status_code == 200 and ready.json()["ready"] is True


def test_a_method_the_server_does_not_run_is_refused_naming_the_choices(url: str) -> None:
    response = post(url, "/v1/summarize", {"documents": seed_texts()[:1], "method": "vit5"})
    assert "'extractive'" in assert_one_line_error(response, 422, "validation_error")


def test_vit5_that_cannot_load_is_503_with_the_reason_and_not_ready(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-checkpoint"
    with running_service("--no-ui", "--model", str(missing), ready_path="/healthz") as base:
        deadline = time.monotonic() + 120
        while True:
            models = httpx.get(base + "/v1/models", timeout=10).json()["models"]
            vit5 = next(m for m in models if m["method"] == "vit5")
            if vit5["state"] == "unavailable" or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert vit5["state"] == "unavailable" and vit5["message"]
        ready = httpx.get(base + "/readyz", timeout=10)
        assert ready.status_code == 503 and ready.json()["ready"] is False
        body = {"documents": seed_texts()[:2], "method": "vit5"}
        message = assert_one_line_error(post(base, "/v1/summarize", body), 503, "model_unavailable")
        assert message == vit5["message"]
        extractive = post(base, "/v1/summarize", {"documents": seed_texts()[:2]})
        assert extractive.status_code == 200


def test_vit5_checkpoint_is_served_over_http(tiny_vit5_dir: Path) -> None:
    pytest.importorskip("torch")
    with running_service("--no-ui", "--model", str(tiny_vit5_dir), timeout_s=180) as base:
        models = {m["method"]: m for m in httpx.get(base + "/v1/models").json()["models"]}
        body = {"documents": seed_texts()[:2], "method": "vit5", "max_words": 40}
        response = post(base, "/v1/summarize", body)
    assert models["vit5"]["state"] == "ready"
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["method"] == "vit5" and len(result["per_article"]) == 2


@pytest.mark.parametrize(
    ("body", "status", "kind", "words"),
    [
        ({"documents": "một bài báo"}, 422, "validation_error", "documents"),
        ({"documents": ["Bài một.", 7]}, 422, "validation_error", "documents[1]"),
        ({"documents": ["Bài một."], "colour": "red"}, 422, "validation_error", "colour"),
        ({"documents": []}, 422, "validation_error", "documents"),
        ({"documents": ["   ", ""]}, 422, "empty_input", "non-empty"),
        ({"documents": ["Bài một."], "max_words": 0}, 422, "validation_error", "max_words"),
        ({"documents": ["Bài một."], "max_words": "150"}, 422, "validation_error", "max_words"),
        ({"documents": ["Bài."], "names": ["a", "b"]}, 422, "invalid_option", "names"),
        ({"documents": ["Bài."], "method": "gpt"}, 422, "validation_error", "method"),
        ({"documents": ["Bài một."] * 10_000}, 413, "too_many_articles", "10,000"),
        ({"documents": ["ngày " * 70_000]}, 413, "too_much_text", "350,000"),
        ([1, 2], 422, "validation_error", "JSON object"),
    ],
)
def test_bad_summarize_input_gets_one_clear_error(
    url: str, body: object, status: int, kind: str, words: str
) -> None:
    message = assert_one_line_error(post(url, "/v1/summarize", body), status, kind)
    assert words in message


def test_malformed_json_wrong_content_type_and_lone_surrogates(url: str) -> None:
    headers = {"content-type": "application/json"}
    broken = httpx.post(url + "/v1/summarize", content=b'{"documents": [', headers=headers)
    assert "not valid JSON" in assert_one_line_error(broken, 400, "invalid_json")
    not_utf8 = httpx.post(url + "/v1/summarize", content='{"documents": ["Bài"]}'.encode(
        "cp1258"), headers=headers)
    assert_one_line_error(not_utf8, 400, "invalid_json")
    form = httpx.post(url + "/v1/summarize", data={"documents": "Bài một."})
    assert "application/json" in assert_one_line_error(form, 415, "unsupported_media_type")
    bare = httpx.post(url + "/v1/summarize", content=b'{"documents": ["a"]}')
    assert_one_line_error(bare, 415, "unsupported_media_type")
    surrogate = httpx.post(url + "/v1/summarize", content=b'{"documents": ["\\ud800 abc"]}',
                           headers=headers)
    assert "surrogate" in assert_one_line_error(surrogate, 422, "validation_error")


def test_a_50_mb_body_is_refused_before_it_is_read(url: str) -> None:
    body = b'{"documents": ["' + b"a" * (50 * 1024 * 1024) + b'"]}'
    declared = httpx.post(url + "/v1/summarize", content=body,
                          headers={"content-type": "application/json"}, timeout=60)
    assert "2,000,000" in assert_one_line_error(declared, 413, "body_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield b'{"documents": ["'
        for _ in range(50):
            yield b"a" * (1024 * 1024)
        yield b'"]}'

    try:
        streamed = httpx.post(url + "/v1/summarize", content=chunks(),
                              headers={"content-type": "application/json"}, timeout=60)
    except httpx.TransportError:  # the server may close before the client finishes sending
        return
    assert_one_line_error(streamed, 413, "body_too_large")


def test_unknown_route_and_method_keep_the_error_shape(url: str) -> None:
    assert_one_line_error(httpx.get(url + "/v2/summarize"), 404, "not_found")
    assert_one_line_error(httpx.get(url + "/v1/summarize"), 405, "method_not_allowed")


def test_metrics_count_requests_latencies_queue_and_errors(url: str) -> None:
    post(url, "/v1/summarize", {"documents": seed_texts()[:2]})
    httpx.post(url + "/v1/summarize", content=b"{", headers={"content-type": "application/json"})
    response = httpx.get(url + "/metrics", timeout=10)
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "text/plain"
    )
    text = response.text
    ok = 'summarizer_http_requests_total{method="POST",route="/v1/summarize",status="200"}'
    assert ok in text
    assert 'summarizer_errors_total{type="invalid_json"}' in text
    assert 'summarizer_http_request_duration_seconds_bucket{le="0.5",route="/v1/summarize"}' in text
    assert "summarizer_queue_depth 0.0" in text
    assert 'summarizer_summaries_total{method="extractive"}' in text


def test_full_queue_answers_503_with_retry_after() -> None:
    heavy = {"documents": ["\n\n".join(seed_texts()) * 12]}  # about a second of work
    with running_service("--no-ui", "--concurrency", "1", "--queue-size", "0",
                         "--max-chars", "2000000") as base, ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(lambda _: post(base, "/v1/summarize", heavy), range(6)))
    statuses = sorted(r.status_code for r in responses)
    assert 200 in statuses and 503 in statuses, statuses
    assert set(statuses) <= {200, 503}
    busy = next(r for r in responses if r.status_code == 503)
    assert int(busy.headers["retry-after"]) >= 1
    assert_one_line_error(busy, 503, "queue_full")


def test_api_keys_guard_the_api_but_not_the_probes() -> None:
    with running_service("--no-ui", "--api-key", "khoa-bi-mat",
                         env={"SUMMARIZER_API_KEYS": "second-key"}) as base:
        body = {"documents": seed_texts()[:2]}
        missing = post(base, "/v1/summarize", body)
        assert "Authorization: Bearer" in assert_one_line_error(missing, 401, "unauthorized")
        assert missing.headers["www-authenticate"] == "Bearer"
        wrong = post(base, "/v1/summarize", body, headers={"Authorization": "Bearer nope"})
        assert assert_one_line_error(wrong, 401, "unauthorized") == "Invalid API key."
        for key in ("khoa-bi-mat", "second-key"):
            ok = post(base, "/v1/summarize", body, headers={"Authorization": f"Bearer {key}"})
            assert ok.status_code == 200 and ok.json()["merged"]["text"]
        assert httpx.get(base + "/metrics").status_code == 401
        assert httpx.get(base + "/healthz").status_code == 200
        assert httpx.get(base + "/readyz").status_code == 200


def test_several_workers_report_one_set_of_metrics() -> None:
    with running_service("--no-ui", "--workers", "2") as base:
        for _ in range(6):
            assert post(base, "/v1/summarize", {"documents": seed_texts()[:2]}).status_code == 200
        text = httpx.get(base + "/metrics", timeout=10).text
    line = next(
        row for row in text.splitlines()
        if row.startswith("summarizer_http_requests_total{")
        and 'route="/v1/summarize"' in row and 'status="200"' in row
    )
    assert float(line.rsplit(" ", 1)[1]) == 6.0


def test_the_web_page_is_mounted_at_ui_behind_the_api_keys() -> None:
    pytest.importorskip("gradio")
    with running_service("--api-key", "khoa", timeout_s=120) as base:
        page = httpx.get(base + "/ui/", timeout=30, follow_redirects=True)
        config = httpx.get(base + "/ui/config", timeout=30)
        good = httpx.post(base + "/ui/login", data={"username": "ai", "password": "khoa"})
        bad = httpx.post(base + "/ui/login", data={"username": "ai", "password": "sai"})
        api = post(base, "/v1/summarize", {"documents": seed_texts()[:2]},
                   headers={"Authorization": "Bearer khoa"})
    assert page.status_code == 200 and "gradio" in page.text.lower()
    assert "API key" in config.text and config.status_code >= 400
    assert good.status_code == 200 and bad.status_code == 400
    assert api.status_code == 200


def test_exposure_warning_only_for_non_loopback_without_key() -> None:
    assert "without an API key" in (exposure_warning("0.0.0.0", ()) or "")
    assert exposure_warning("0.0.0.0", ("key",)) is None
    assert exposure_warning("127.0.0.1", ()) is None
    assert exposure_warning("localhost", ()) is None
    assert exposure_warning("::1", ()) is None


def test_serve_on_a_busy_port_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    from summarizer.cli import main

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        status = main(["serve", "--port", str(sock.getsockname()[1]), "--no-ui"])
    err = capsys.readouterr().err
    assert status == 2 and "port is in use" in err and len(err.strip().splitlines()) == 1


def test_request_examples_in_the_schema_are_accepted(url: str) -> None:
    schema = httpx.get(url + "/openapi.json", timeout=10).json()
    example = schema["components"]["schemas"]["SummarizeRequest"]["examples"][0]
    response = post(url, "/v1/summarize", example)
    assert response.status_code == 200, json.dumps(response.json(), ensure_ascii=False)
