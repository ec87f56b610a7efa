"""The demo served for real on 127.0.0.1: every API endpoint through gradio_client and HTTP,
and a bounded load test."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("gradio")
gradio_client = pytest.importorskip("gradio_client")

from gradio_client import Client  # noqa: E402
from gradio_client.exceptions import AppError  # noqa: E402
from summarizer_demo.service import DemoService, Limits  # noqa: E402

from tests.demo_server import running_demo  # noqa: E402
from tests.helpers import seed_paths, seed_texts  # noqa: E402
from tests.web_server import GAZA_PAGE, PAGES  # noqa: E402

SEEDS = seed_texts()
LIMITS = Limits(max_articles=6, max_total_chars=60_000)
# The message gradio_client raises for a request refused because the queue is full.
QUEUE_FULL = "Queue is full"


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    missing = tmp_path_factory.mktemp("models") / "no-such-checkpoint"
    service = DemoService(limits=LIMITS, vit5_model=str(missing))
    with running_demo(service) as url:
        yield url


@pytest.fixture(scope="module")
def client(demo_url: str) -> Client:
    return Client(demo_url, verbose=False)


def test_api_lists_the_named_endpoints(client: Client) -> None:
    endpoints = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
    assert {"/summarize", "/score", "/model_status"} <= set(endpoints)


def test_summarize_endpoint_returns_merged_and_per_article_summaries(client: Client) -> None:
    result = client.predict(SEEDS, "extractive", 120, 40, api_name="/summarize")
    extractive = result["results"]["extractive"]
    merged = extractive["merged"]
    assert 0 < merged["syllables"] <= 120
    assert "Tô Lâm" in merged["text"]
    for sentence in merged["sentences"]:
        source = sentence["sources"][0]
        assert 0 <= source["article"] < len(SEEDS)
        assert sentence["text"][-40:] in SEEDS[source["article"]]  # maybe less a connective
    assert [a["article"] for a in extractive["per_article"]] == [0, 1, 2, 3, 4]
    assert all(0 < a["syllables"] <= 40 for a in extractive["per_article"])
    assert len(extractive["removed"]) == len(SEEDS)
    assert extractive["timings_ms"]["total"] > 0
    assert result["unavailable"] == {}


def test_summarize_endpoint_keeps_the_names_given(client: Client) -> None:
    names = [f"bai-{i}.txt" for i in range(len(SEEDS))]
    result = client.predict(SEEDS, "extractive", 100, 30, names, api_name="/summarize")
    removed = result["results"]["extractive"]["removed"]
    assert [r["name"] for r in removed] == names


def test_both_methods_without_vit5_weights_still_return_extractive(client: Client) -> None:
    result = client.predict(SEEDS, "both", 150, 50, api_name="/summarize")
    assert list(result["results"]) == ["extractive"]
    status = client.predict(api_name="/model_status")
    assert status == {
        "state": "unavailable",
        "message": "ViT5 is not available on this server; extractive summaries work.",
    }
    # the operator's details (paths, download commands) stay in the server log
    assert "no-such-checkpoint" not in json.dumps(result) + json.dumps(status)


def test_vit5_without_weights_is_refused_with_a_short_message(client: Client) -> None:
    with pytest.raises(AppError) as caught:
        client.predict(SEEDS, "vit5", 150, 50, api_name="/summarize")
    assert str(caught.value) == "ViT5 is not available on this server. Choose Extractive."


def test_an_item_that_is_not_text_is_named_by_its_index(client: Client) -> None:
    with pytest.raises(AppError) as caught:
        client.predict([SEEDS[0], 3], "extractive", 150, 50, api_name="/summarize")
    assert str(caught.value) == "articles[1] must be a string (an article's text), got int."


def test_a_whole_web_page_among_the_articles_is_extracted(client: Client) -> None:
    page = (PAGES / GAZA_PAGE).read_text(encoding="utf-8")
    result = client.predict([page, SEEDS[2]], "extractive", 120, 40, api_name="/summarize")
    assert result["inputs"][0]["outlet"] == "Báo Tin Nhanh"
    assert result["inputs"][0]["title"].startswith("Tổng Bí thư Tô Lâm sẽ dự cuộc họp")
    summary = result["results"]["extractive"]["per_article"][0]["text"]
    assert "Tô Lâm" in summary and "Quảng cáo" not in summary and "<" not in summary


@pytest.mark.parametrize(
    ("articles", "message"),
    [
        (SEEDS + SEEDS[:2], "Too many articles: 7 given, the limit is 6."),
        ([SEEDS[0] * (60_000 // len(SEEDS[0]) + 1)], "characters in total, the limit is 60,000."),
        ([], "No documents given: give at least one article."),
        (["   ", "\n"], "No text to summarize: give at least one non-empty article."),
    ],
)
def test_bad_input_is_refused_with_a_one_line_message(
    client: Client, articles: list[str], message: str
) -> None:
    with pytest.raises(AppError) as caught:
        client.predict(articles, "extractive", 150, 50, api_name="/summarize")
    text = str(caught.value)
    assert message in text
    assert "\n" not in text and "Traceback" not in text


def test_score_endpoint_returns_rouge_and_its_signature(client: Client) -> None:
    summary = client.predict(SEEDS, "extractive", 60, 30, api_name="/summarize")
    prediction = summary["results"]["extractive"]["merged"]["text"]
    reference = "Tổng Bí thư Tô Lâm sang Mỹ dự cuộc họp của Hội đồng Hòa bình về Gaza."
    result = client.predict(prediction, [reference], "syllable", api_name="/score")
    assert 0.0 < result["rouge1"]["f1"] < 1.0
    assert result["rouge1"]["recall"] >= result["rouge2"]["recall"]
    assert result["signature"].startswith("rouge:1.2.L.Lsum|nrefs:1|agg:mean|tok:syllable")
    same = client.predict(reference, [reference], api_name="/score")
    assert same["rougeL"]["f1"] == pytest.approx(1.0)
    with pytest.raises(AppError, match="tokenizer must be one of"):
        client.predict(prediction, [reference], "letters", api_name="/score")


def _http_call(url: str, endpoint: str, data: list[object]) -> tuple[str, object]:
    """Gradio's HTTP API: POST starts a call, GET streams its events; returns the last one."""
    body = json.dumps({"data": data}).encode()
    request = urllib.request.Request(
        f"{url}gradio_api/call/{endpoint}", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        event_id = json.load(response)["event_id"]
    with urllib.request.urlopen(f"{url}gradio_api/call/{endpoint}/{event_id}", timeout=60) as sse:
        lines = sse.read().decode("utf-8").splitlines()
    events = [line.removeprefix("event: ") for line in lines if line.startswith("event: ")]
    payloads = [line.removeprefix("data: ") for line in lines if line.startswith("data: ")]
    return events[-1], json.loads(payloads[-1])


def test_summarize_and_score_over_plain_http(demo_url: str) -> None:
    event, data = _http_call(demo_url, "summarize", [SEEDS[:3], "extractive", 80, 30, None])
    assert event == "complete"
    assert isinstance(data, list)
    merged = data[0]["results"]["extractive"]["merged"]["text"]
    assert merged and merged.split()[0] in " ".join(SEEDS[:3])
    event, data = _http_call(demo_url, "score", [merged, [merged], "syllable"])
    assert event == "complete"
    assert isinstance(data, list) and data[0]["rouge1"]["f1"] == pytest.approx(1.0)


def test_http_error_event_carries_the_message(demo_url: str) -> None:
    event, data = _http_call(demo_url, "summarize", [SEEDS * 2, "extractive", 80, 30, None])
    assert event == "error"
    assert "Too many articles: 10 given, the limit is 6." in json.dumps(data)


def test_concurrent_clients_all_finish_or_are_refused_as_documented(
    tmp_path: Path,
) -> None:
    """12 clients × 3 requests against a queue of 4, on loopback, bounded by timeouts:
    each request is answered or refused with "Queue is full"; none hangs."""
    clients, requests, timeout_s = 12, 3, 90
    service = DemoService(limits=LIMITS, vit5_model=str(tmp_path / "no-model"))

    def one_client(url: str, number: int) -> list[str]:
        client = Client(url, verbose=False)
        outcomes = []
        for request in range(requests):
            articles = SEEDS[(number + request) % 5 :][:3]
            job = client.submit(articles, "extractive", 60, 20, api_name="/summarize")
            try:
                result = job.result(timeout=timeout_s)
            except Exception as exc:  # classified below; anything but "queue full" fails
                outcomes.append(f"{exc.__class__.__name__}: {exc}")
                continue
            merged = result["results"]["extractive"]["merged"]
            outcomes.append("ok" if merged["text"] and merged["syllables"] <= 60 else "empty")
        return outcomes

    with running_demo(service, queue_size=4) as url, ThreadPoolExecutor(clients) as pool:
        futures = [pool.submit(one_client, url, n) for n in range(clients)]
        outcomes = [o for f in futures for o in f.result(timeout=timeout_s * requests + 30)]
    assert len(outcomes) == clients * requests
    unexpected = [o for o in outcomes if o != "ok" and QUEUE_FULL not in o]
    assert not unexpected, unexpected
    assert outcomes.count("ok") >= 4


def test_upload_path_is_outside_the_checkout(demo_url: str) -> None:
    """The server serves the page; a path traversal request for a repo file is refused."""
    secret = Path(__file__).resolve().parents[1] / "pyproject.toml"
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{demo_url}gradio_api/file={secret}", timeout=10)


def test_client_example_prints_sources_and_scores(
    demo_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from summarizer_demo.client_example import main as client_main

    reference = tmp_path / "ref.txt"
    reference.write_text("Tổng Bí thư Tô Lâm dự họp Hội đồng Hòa bình về Gaza.", encoding="utf-8")
    files = [str(p) for p in seed_paths()]
    assert client_main([*files, "--url", demo_url, "--reference", str(reference)]) == 0
    out = capsys.readouterr().out
    assert "== extractive: merged summary" in out
    names = {p.name for p in seed_paths()}
    sources = [line.removeprefix("    from: ") for line in out.splitlines() if "from: " in line]
    assert sources and all(set(line.split(", ")) <= names for line in sources)
    assert out.count("\n-- ") == len(files)
    assert "ROUGE-1/2/L F1: 0." in out and "tok:syllable" in out
    assert client_main([*files, *files, "--url", demo_url]) == 1
    assert "Too many articles: 10 given" in capsys.readouterr().err
