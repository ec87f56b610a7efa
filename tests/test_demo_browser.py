"""End to end in a real browser: Debian's Chromium driven by Playwright, never a downloaded one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("gradio")
sync_api = pytest.importorskip("playwright.sync_api")

from summarizer_demo.service import DemoService, Limits  # noqa: E402

from tests.demo_server import running_demo  # noqa: E402

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    missing = tmp_path_factory.mktemp("models") / "no-such-checkpoint"
    service = DemoService(Limits(max_articles=6, max_total_chars=60_000), str(missing))
    service.preload_vit5().join(timeout=30)  # the page should say ViT5 is missing on load
    with running_demo(service) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent: install Debian's Chromium (apt-get install chromium)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, demo_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(demo_url)
    yield page
    context.close()
    outside = [u for u in requested if not u.startswith((demo_url, "data:", "blob:"))]
    assert not outside, f"the page fetched from outside the server: {outside}"


def test_seed_example_summary_appears_with_sources_per_article_and_scores(
    page: Any, tmp_path: Path
) -> None:
    expect = sync_api.expect
    expect(page.locator("#model-notice")).to_contain_text("ViT5 is not available on this server")
    page.get_by_role("button", name="Load the example cluster").click()
    expect(page.locator("#input-info")).to_contain_text("5 articles")
    page.get_by_label("Both, side by side").check()
    page.locator("#run").click()

    merged = page.locator('.sd-merged[data-method="extractive"]')
    expect(merged).to_be_visible()
    sentences = merged.locator(".sd-sent")
    assert sentences.count() >= 2
    assert "Tô Lâm" in merged.inner_text()
    assert sentences.first.get_attribute("style").startswith("background:hsl(")
    expect(merged.locator(".sd-legend li")).to_have_count(5)
    cards = page.locator('.sd-method[data-method="extractive"] .sd-article-summary')
    expect(cards).to_have_count(5)
    for number in range(5):
        assert len(cards.nth(number).locator("p").inner_text().split()) >= 5
    expect(page.locator('.sd-unavailable[data-method="vit5"]')).to_contain_text("not available")
    expect(page.locator("#timings")).to_contain_text("Extractive")

    page.get_by_text("What the cleaner removed as noise").click()
    expect(page.locator("#removed")).to_contain_text("removed")

    page.get_by_text("Score against a reference summary (ROUGE)").click()
    page.locator("#reference textarea").fill(
        "Tổng Bí thư Tô Lâm sang Mỹ dự cuộc họp khai mạc Hội đồng Hòa bình về Gaza."
    )
    page.locator("#score").click()
    expect(page.locator("#scores")).to_contain_text("tok:syllable")
    expect(page.locator("#scores .sd-scores")).to_contain_text("Extractive")

    shot = tmp_path / "demo.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000


def test_bad_input_shows_a_clear_message_in_the_page(page: Any, tmp_path: Path) -> None:
    expect = sync_api.expect
    page.locator("#run").click()
    expect(page.get_by_text("No articles yet: paste articles").first).to_be_visible()

    page.locator("#articles textarea").fill("\n===\n".join(["Hà Nội mưa to."] * 7))
    expect(page.locator("#input-info")).to_contain_text("over the limit")
    page.locator("#run").click()
    expect(page.get_by_text("Too many articles: 7 given, the limit is 6.").first).to_be_visible()

    legacy = tmp_path / "cu.txt"
    legacy.write_bytes("Tổng Bí thư thăm Mỹ".encode("cp1258", errors="replace"))
    page.locator("#articles textarea").fill("")
    page.locator("#uploads input[type=file]").set_input_files(str(legacy))
    expect(page.locator("#input-info")).to_contain_text("cu.txt is not a UTF-8 text file")
    page.locator("#run").click()
    expect(page.get_by_text("cu.txt is not a UTF-8 text file").nth(1)).to_be_visible()
    assert "Traceback" not in page.content()
