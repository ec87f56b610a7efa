"""End to end in a real browser: Debian's Chromium driven by Playwright, never a downloaded one.

The page as a Vietnamese editor uses it: Vietnamese by default and English on the switch,
readable in light and dark mode and at phone width, the summary copied and exported without
chip numbers, an honest page state (stale marker, disabled button, confirmation), and articles
fetched from addresses served by a local web server.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("gradio")
sync_api = pytest.importorskip("playwright.sync_api")
docx = pytest.importorskip("docx")

from summarizer_demo.i18n import t  # noqa: E402
from summarizer_demo.service import DemoService, Limits  # noqa: E402

import summarizer  # noqa: E402
from tests.demo_server import running_demo  # noqa: E402
from tests.helpers import seed_texts  # noqa: E402
from tests.web_server import (  # noqa: E402
    CLOSING_PAGE,
    GAZA_PAGE,
    serving_pages,
    silent_server,
)

pytestmark = pytest.mark.browser
expect = sync_api.expect

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
FETCH_TIMEOUT_S = 2.0
SEEDS = [s.strip() for s in seed_texts()]
GAZA_TITLE = "Tổng Bí thư Tô Lâm sẽ dự cuộc họp Hội đồng Hòa bình về Gaza tại Mỹ"
# WCAG 2 AA for body text.
MIN_CONTRAST = 4.5

# Contrast of each element's text against what is really behind it: the background colours
# of its ancestors composited up to the first opaque one, all read from computed styles (a
# canvas turns any CSS colour syntax into RGBA).
CONTRAST_JS = """
(selector) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 1;
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  const rgba = (color) => {
    ctx.clearRect(0, 0, 1, 1);
    ctx.fillStyle = "rgba(0, 0, 0, 0)";
    ctx.fillStyle = color;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b, a] = ctx.getImageData(0, 0, 1, 1).data;
    return [r, g, b, a / 255];
  };
  const over = (top, bottom) => {
    const a = top[3] + bottom[3] * (1 - top[3]);
    const mix = (i) => (top[i] * top[3] + bottom[i] * bottom[3] * (1 - top[3])) / a;
    return [mix(0), mix(1), mix(2), a];
  };
  const behind = (element) => {
    const layers = [];
    for (let node = element; node; node = node.parentElement) {
      const colour = rgba(getComputedStyle(node).backgroundColor);
      if (colour[3] > 0) layers.push(colour);
      if (colour[3] >= 1) break;
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
  };
  const luminance = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  return [...document.querySelectorAll(selector)]
    .filter((element) => element.getClientRects().length > 0)
    .map((element) => {
      const background = behind(element);
      const text = over(rgba(getComputedStyle(element).color), background);
      const [light, dark] = [luminance(text), luminance(background)].sort((a, b) => b - a);
      return { text: element.innerText.slice(0, 40), ratio: (light + 0.05) / (dark + 0.05) };
    });
}
"""
# The summary text and everything printed on a coloured surface.
CONTRAST_SELECTORS = (
    ".sd-merged .sd-sent, .sd-article-summary .sd-sent, .sd-article-summary .sd-title, "
    ".sd-article-summary .sd-details, .sd-article-summary small, .sd-copy, .sd-legend li, "
    ".sd-chip, .sd-notice, .sd-method h3, .sd-merged h4"
)
# Records whether the Summarize button was ever disabled (set before a click).
WATCH_RUN_BUTTON = """
() => {
  window.sdRunWasDisabled = false;
  const button = document.querySelector("#run");
  new MutationObserver(() => {
    if (button.disabled) window.sdRunWasDisabled = true;
  }).observe(button, { attributes: true });
}
"""
SELECT_MERGED = """
() => {
  const paragraph = document.querySelector(".sd-merged .sd-text");
  const range = document.createRange();
  range.selectNodeContents(paragraph);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return selection.toString();
}
"""


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    missing = tmp_path_factory.mktemp("models") / "no-such-checkpoint"
    service = DemoService(
        Limits(max_articles=6, max_total_chars=60_000), str(missing), fetch_timeout=FETCH_TIMEOUT_S
    )
    service.preload_vit5().join(timeout=30)  # the page should say ViT5 is missing on load
    with running_demo(service) as url:
        yield url


@pytest.fixture(scope="module")
def pages_url() -> Iterator[str]:
    with serving_pages() as url:
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
def open_page(browser: Any, demo_url: str, pages_url: str) -> Iterator[Callable[..., Any]]:
    """Opens the demo in a fresh browser context; fails the test if the page fetched anything
    from outside the demo server."""
    contexts: list[Any] = []
    requested: list[str] = []

    def open_(query: str = "", **context_options: Any) -> Any:
        context_options.setdefault("viewport", {"width": 1400, "height": 1000})
        context = browser.new_context(locale="vi-VN", accept_downloads=True, **context_options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("request", lambda request: requested.append(request.url))
        page.goto(demo_url + query)
        expect(page.locator("#model-notice .sd-notice")).to_be_visible()  # the page has loaded
        return page

    yield open_
    for context in contexts:
        context.close()
    outside = [u for u in requested if not u.startswith((demo_url, "data:", "blob:"))]
    assert not outside, f"the page fetched from outside the server: {outside}"


def summarize_example(page: Any) -> None:
    page.locator("#example").click()
    expect(page.locator("#input-info")).to_contain_text("5 bài")
    page.locator("#run").click()
    expect(page.locator(".sd-merged .sd-text")).to_be_visible()
    expect(page.locator("#run")).to_be_enabled()


def expected_summary() -> summarizer.ClusterSummary:
    """What the page must show for the example cluster at the default lengths."""
    return summarizer.summarize(SEEDS, max_words=150, article_max_words=60)


def clipboard(page: Any) -> str:
    return str(page.evaluate("navigator.clipboard.readText()"))


def test_page_speaks_vietnamese_by_default_and_english_on_the_switch(
    open_page: Callable[..., Any], demo_url: str
) -> None:
    page = open_page()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert page.title() == "Tóm tắt cụm tin tức tiếng Việt"
    expect(page.locator("#run")).to_have_text("Tóm tắt")
    expect(page.locator("#model-notice")).to_have_text("⚠ " + t("vi", "vit5_unavailable_notice"))
    assert page.locator("#method label").all_inner_texts() == ["Trích xuất"]  # no ViT5 here
    summarize_example(page)
    page.get_by_text("Những gì bộ lọc đã loại bỏ").click()
    expect(page.locator("#removed")).to_contain_text("tin liên quan khác chủ đề")
    page.get_by_text("Dùng từ script").click()
    expect(page.locator("#api-help")).to_contain_text(f'Client("{demo_url}")')
    body = page.locator("body").inner_text()
    for english in ("Summarize", "Upload", "Drop File", "Use via API", "Article 1", "Merged"):
        assert english not in body, english
    assert "off-topic-teaser" not in body
    assert "no-such-checkpoint" not in page.content() and "hf download" not in page.content()
    assert GAZA_TITLE in page.locator(".sd-legend").inner_text()  # labels are titles

    page.get_by_label("English").check()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#run")).to_have_text("Summarize")
    expect(page.locator(".sd-merged h4")).to_contain_text("Merged summary")
    expect(page.locator("#removed")).to_contain_text("unrelated news teaser")
    assert "lang=en" in page.url

    english_page = open_page("?lang=en")
    expect(english_page.locator("html")).to_have_attribute("lang", "en")
    expect(english_page.locator("#run")).to_have_text("Summarize")
    assert english_page.title() == "Vietnamese news cluster summarizer"


def test_summary_is_copied_without_chip_numbers_and_the_edited_text_is_what_gets_copied(
    open_page: Callable[..., Any],
) -> None:
    page = open_page()
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.evaluate(WATCH_RUN_BUTTON)
    summarize_example(page)
    assert page.evaluate("window.sdRunWasDisabled") is True
    top = page.evaluate("document.getElementById('results').getBoundingClientRect().top")
    assert page.evaluate("window.scrollY") > 0 and -2 <= top < 200  # scrolled to the results

    expected = expected_summary()
    editor = page.locator("#summary-edit textarea")
    expect(editor).to_have_value(expected.merged.text)
    assert re.sub(r"\s+", " ", page.evaluate(SELECT_MERGED)).strip() == expected.merged.text
    page.locator("#copy-merged").click()
    expect(page.locator("#sd-toast")).to_have_text("Đã sao chép")
    assert clipboard(page) == expected.merged.text  # the library's text: no "…về Gaza.1245"

    page.locator(".sd-article-summary .sd-copy").nth(1).click()
    expect(page.locator("#sd-toast")).to_be_visible()
    assert clipboard(page) == expected.per_article[1].text

    edited = expected.merged.text + " Biên tập viên bổ sung câu này."
    editor.fill(edited)
    page.locator("#copy-merged").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).includes('bổ sung')")
    assert clipboard(page) == edited


def test_exports_open_with_the_edited_summary_and_its_sources(
    open_page: Callable[..., Any], tmp_path: Path
) -> None:
    page = open_page()
    summarize_example(page)
    edited = "Tổng Bí thư Tô Lâm dự họp Hội đồng Hòa bình về Gaza tại Mỹ từ 18 đến 20/2."
    page.locator("#summary-edit textarea").fill(edited)
    files = {}
    for fmt in ("txt", "md", "docx"):
        with page.expect_download() as download:
            page.locator(f"#export-{fmt}").click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.name.startswith("tom-tat-") and path.suffix == f".{fmt}"
        files[fmt] = path

    text = files["txt"].read_text(encoding="utf-8")
    assert text.startswith("Bản tóm tắt tổng hợp (đã biên tập)\nPhương pháp: Trích xuất · 5 bài")
    assert f"\n{edited}\n" in text
    sources = re.escape("\nNguồn\n1. Bài 1") + r"( — [^\n]+)?\n" + re.escape(f"2. {GAZA_TITLE}")
    assert re.search(sources, text), text
    assert "\nTóm tắt từng bài\n" in text and expected_summary().per_article[4].text in text
    markdown = files["md"].read_text(encoding="utf-8")
    assert markdown.startswith("# Bản tóm tắt tổng hợp \\(đã biên tập\\)") or markdown.startswith(
        "# Bản tóm tắt tổng hợp (đã biên tập)"
    )
    assert f"\n{edited}\n" in markdown and "\n## Nguồn\n" in markdown
    paragraphs = [p.text for p in docx.Document(str(files["docx"])).paragraphs]
    assert paragraphs[0] == "Bản tóm tắt tổng hợp (đã biên tập)"
    assert edited in paragraphs and "Nguồn" in paragraphs
    assert any(p.startswith(GAZA_TITLE) for p in paragraphs[paragraphs.index("Nguồn") :])
    assert "Tóm tắt từng bài" in paragraphs


def test_page_state_is_honest_stale_marker_and_confirmation_before_replacing(
    open_page: Callable[..., Any],
) -> None:
    page = open_page()
    typed = "Bão số 3 đổ bộ vào miền Trung, gây mưa lớn ở nhiều tỉnh từ Quảng Bình đến Huế."
    text = page.locator("#articles textarea")
    text.fill(typed)
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.locator("#example").click()
    expect(page.locator("#input-info")).to_contain_text("1 bài")
    expect(text).to_have_value(typed)
    messages: list[str] = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    page.locator("#example").click()
    expect(page.locator("#input-info")).to_contain_text("5 bài")
    assert messages == [t("vi", "confirm_replace")]

    page.locator("#run").click()
    expect(page.locator(".sd-merged .sd-text")).to_be_visible()
    expect(page.locator("#stale .sd-stale-note")).to_have_count(0)
    length = page.locator("#max-words input[type=number]")
    length.fill("100")
    length.press("Enter")
    expect(page.locator("#stale .sd-stale-note")).to_have_text("⟳ " + t("vi", "stale"))
    length.fill("150")
    length.press("Enter")
    expect(page.locator("#stale .sd-stale-note")).to_have_count(0)  # same inputs as the result
    text.press("End")
    text.type(" Thêm.")
    expect(page.locator("#stale .sd-stale-note")).to_be_visible()
    page.locator("#run").click()
    expect(page.locator("#stale .sd-stale-note")).to_have_count(0)


def test_articles_are_fetched_from_addresses_and_a_silent_one_is_named(
    open_page: Callable[..., Any], pages_url: str
) -> None:
    page = open_page()
    page.locator("#urls textarea").fill(f"{pages_url}{GAZA_PAGE}\n{pages_url}{CLOSING_PAGE}")
    expect(page.locator("#input-info")).to_contain_text("2 địa chỉ URL")
    page.locator("#run").click()
    expect(page.locator(".sd-article-summary")).to_have_count(2)
    first = page.locator(".sd-article-summary").first
    expect(first.locator(".sd-title")).to_have_text(GAZA_TITLE)
    expect(first.locator(".sd-details")).to_have_text("Báo Tin Nhanh · 17/02/2026 13:23")
    results = page.locator("#results").inner_text()
    assert "Tô Lâm" in results
    for noise in ("Quảng cáo", "Mua ngay", "Giá vàng", "Tin liên quan", "Đọc nhiều"):
        assert noise not in results, noise

    with silent_server() as url:
        page.locator("#urls textarea").fill(url)
        started = time.monotonic()
        page.locator("#run").click()
        message = f"Không tải được {url}: không có phản hồi sau 2 giây."
        expect(page.get_by_text(message)).to_be_visible()
        assert time.monotonic() - started < 20
    expect(page.locator("#run")).to_be_enabled()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_summary_text_is_readable_in_light_and_dark_mode(
    open_page: Callable[..., Any], scheme: str, tmp_path: Path
) -> None:
    page = open_page(color_scheme=scheme)
    assert page.evaluate("document.body.classList.contains('dark')") == (scheme == "dark")
    summarize_example(page)
    measured = page.evaluate(CONTRAST_JS, CONTRAST_SELECTORS)
    assert len(measured) > 40  # sentences, titles, chips, legend, notice: all were measured
    poor = [m for m in measured if m["ratio"] < MIN_CONTRAST]
    assert not poor, poor
    shot = tmp_path / f"demo-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 50_000


def test_phone_width_has_no_horizontal_overflow(
    open_page: Callable[..., Any], tmp_path: Path
) -> None:
    page = open_page(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    long_url = "https://baochinhphu.example/" + "thong-cao-bao-chi-ve-chuyen-cong-tac-" * 5 + ".htm"
    article = (
        f"Bộ Ngoại giao đăng toàn văn thông cáo về chuyến công tác tại {long_url} sáng 17/2. "
        "Tổng Bí thư Tô Lâm sẽ dự cuộc họp khai mạc Hội đồng Hòa bình về Gaza tại Mỹ."
    )
    noise = "\n\nhoa-ky-21226-23-17716382167401673418282.jpg\nẢNH: TTXVN\n0:00 / 0:00"
    page.locator("#articles textarea").fill("Chính trị\n\n" + article + noise)
    page.locator("#run").click()
    expect(page.locator(".sd-merged .sd-text")).to_be_visible()
    assert long_url in page.locator(".sd-merged .sd-text").inner_text()
    page.get_by_text("Những gì bộ lọc đã loại bỏ").click()
    expect(page.locator(".sd-removed-table").first).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page is {width} px wide at a 390 px viewport"
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('#results *, #removed *')]"
        ".map((e) => e.getBoundingClientRect().right))"
    )
    assert widest <= 390
    shot = tmp_path / "demo-phone.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 20_000


def test_bad_input_shows_a_clear_message_in_the_page(
    open_page: Callable[..., Any], tmp_path: Path
) -> None:
    page = open_page()
    page.locator("#run").click()
    expect(page.get_by_text("Chưa có bài nào: dán bài báo").first).to_be_visible()

    page.locator("#articles textarea").fill("\n===\n".join(["Hà Nội mưa to."] * 7))
    expect(page.locator("#input-info")).to_contain_text("vượt giới hạn")
    page.locator("#run").click()
    expect(page.get_by_text("Quá nhiều bài: 7 bài, giới hạn là 6.").first).to_be_visible()

    legacy = tmp_path / "cu.txt"
    legacy.write_bytes("Tổng Bí thư thăm Mỹ".encode("cp1258", errors="replace"))
    page.locator("#articles textarea").fill("")
    page.locator("input[type=file]").set_input_files(str(legacy))
    expect(page.locator("#input-info")).to_contain_text("cu.txt không phải tệp văn bản UTF-8")
    page.locator("#run").click()
    expect(page.get_by_text("cu.txt không phải tệp văn bản UTF-8").nth(1)).to_be_visible()

    # Over Gradio's old byte cap (4 bytes a character): refused by characters, in Vietnamese.
    page.locator("#clear-uploads").click()
    expect(page.locator("#uploads-list")).to_contain_text("Chưa tải tệp nào.")
    big = tmp_path / "bai-dai.txt"
    big.write_text((SEEDS[2] + "\n\n") * 40, encoding="utf-8")
    assert big.stat().st_size > 60_000 * 4
    page.locator("input[type=file]").set_input_files(str(big))
    expect(page.locator("#uploads-list")).to_contain_text("bai-dai.txt")
    expect(page.locator("#input-info")).to_contain_text("vượt giới hạn")
    page.locator("#run").click()
    expect(
        page.get_by_text(
            re.compile(r"Văn bản quá dài: tổng cộng [\d.]+ ký tự, giới hạn là 60\.000")
        )
    ).to_be_visible()
    content = page.content()
    assert "Traceback" not in content and "exceeds" not in content.lower()
