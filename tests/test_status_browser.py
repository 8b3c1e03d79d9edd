"""The status page in a real browser (Debian's chromium, driven by selenium): what a person sees.

Each page is loaded against a store the daemon filled by crawling a local site; the test
checks the visible text, saves a screenshot (under $WIREWASH_TEST_ARTIFACTS, or the test's
temporary folder), and fails on a JavaScript error in the console or a link that does not
answer 200. WIREWASH_UPDATE_DOCS_SCREENSHOT=1 renews docs/status-page.png too. The browser
and its driver are the system's: nothing is downloaded. Without them the tests skip,
unless WIREWASH_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from status_store import HOSTILE_TITLE, CrawledDaemon, crawled_daemon

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
REPO = Path(__file__).resolve().parents[1]
DOCS_SCREENSHOT = REPO / "docs" / "status-page.png"

pytestmark = pytest.mark.slow


def _browser_problem() -> str | None:
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not path.is_file()]
    if missing:
        return f"no {' or '.join(missing)} (apt-get install chromium chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    problem = _browser_problem()
    if problem:
        if os.environ.get("WIREWASH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"WIREWASH_REQUIRE_BROWSER=1 but {problem}")
        pytest.skip(problem)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.add_argument("--window-size=1280,900")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver's path is given, so selenium-manager never looks for (or downloads) one.
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory, browser: object) -> Iterator[CrawledDaemon]:
    yield from crawled_daemon(tmp_path_factory)


@pytest.fixture(scope="module")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("WIREWASH_TEST_ARTIFACTS")
    path = Path(folder) / "status-page" if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def visit(  # type: ignore[no-untyped-def]
    driver, crawled: CrawledDaemon, path: str, artifacts: Path, name: str, status: int = 200
) -> str:
    """Load a page, save its screenshot, fail on console errors and broken links; its text.

    A page expected to answer an error `status` may log that one failed load, nothing else.
    """
    from selenium.webdriver.common.by import By

    driver.get(crawled.base + path)
    driver.save_screenshot(str(artifacts / f"{name}.png"))
    expected = (
        f"{crawled.base}{path} - Failed to load resource: "
        f"the server responded with a status of {status} "
    )
    errors = [
        entry
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE" and not entry["message"].startswith(expected)
    ]
    assert not errors, errors
    for link in driver.find_elements(By.TAG_NAME, "a"):
        target = urljoin(crawled.base + path, link.get_attribute("href"))
        if urlsplit(target).netloc != urlsplit(crawled.base).netloc:
            continue  # articles on the web: their sites, not ours
        with urllib.request.urlopen(target, timeout=10) as reply:
            assert reply.status == 200, target
    return str(driver.find_element(By.TAG_NAME, "body").text)


def test_the_sources_page_shows_each_source_and_the_degraded_one_in_red(
    browser, crawled: CrawledDaemon, artifacts: Path
):  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    text = visit(browser, crawled, "/", artifacts, "sources")
    assert "harbour" in text and "quayside" in text and "every 1h" in text
    badge = browser.find_element(By.CSS_SELECTOR, ".state.degraded")
    assert badge.text == "degraded"
    assert badge.value_of_css_property("background-color") == "rgba(179, 38, 30, 1)"
    assert "pages without an article" in text
    if os.environ.get("WIREWASH_UPDATE_DOCS_SCREENSHOT") == "1":
        browser.save_screenshot(str(DOCS_SCREENSHOT))  # the picture the docs link to


def test_a_source_page_shows_a_script_title_as_text_and_runs_nothing(
    browser, crawled: CrawledDaemon, artifacts: Path
):  # type: ignore[no-untyped-def]
    text = visit(browser, crawled, "/sources/harbour", artifacts, "source-harbour")
    assert HOSTILE_TITLE in text  # shown as the characters it holds
    assert (
        browser.execute_script("return window.owned === undefined && document.scripts.length") == 0
    )
    assert "Extraction health" in text and "Newest articles" in text and "Older →" not in text


def test_stories_and_spun_pages_read_as_a_person_expects(
    browser, crawled: CrawledDaemon, artifacts: Path
):  # type: ignore[no-untyped-def]
    stories = visit(browser, crawled, "/stories", artifacts, "stories")
    assert "canonical · Dock workers strike in a dozen countries" in stories
    spun = visit(browser, crawled, "/spun", artifacts, "spun")
    assert "Spun text" in spun and "Restored text" in spun
    assert "in accordance with the International" in spun
    assert "according to the International" in spun


def test_pages_fit_a_phone_screen(browser, crawled: CrawledDaemon, artifacts: Path):  # type: ignore[no-untyped-def]
    browser.set_window_size(390, 844)
    try:
        for name, path in (("phone-sources", "/"), ("phone-spun", "/spun")):
            visit(browser, crawled, path, artifacts, name)
            fits = "return document.documentElement.scrollWidth <= window.innerWidth"
            assert browser.execute_script(fits), path
    finally:
        browser.set_window_size(1280, 900)


def test_a_bad_parameter_reads_as_one_line_in_the_browser(
    browser, crawled: CrawledDaemon, artifacts: Path
):  # type: ignore[no-untyped-def]
    text = visit(browser, crawled, "/stories?before=abc", artifacts, "bad-request", status=400)
    assert "bad request: parameter 'before' must be a positive whole number, not 'abc'" in text
