"""Real-browser fixtures: Playwright driving Debian's Chromium against pytest-django's live server.

No browser is ever downloaded: Playwright launches the system Chromium (``CHROMIUM`` or
``/usr/bin/chromium``). Without it the browser tests are skipped with a message saying how to
enable them; ``.ci/run`` installs it, so CI always runs them.

``tests/conftest.py`` registers these fixtures for every test module (and seeds the
migration-seeded rows again after each live-server test's flush)::

    def test_something(live_server, browser_page, screenshot):
        browser_page.goto(live_server.url + "/admin/")
        screenshot("login")
"""

import os
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
# Screenshots of every browser test step land here (README: "Browser tests").
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", Path(__file__).resolve().parent.parent / "var" / "screenshots"))

# The flags that keep Chromium off the network on a closed machine and let it run as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

requires_chromium = pytest.mark.skipif(
    not Path(CHROMIUM).exists(),
    reason="Chromium not found: install Debian's chromium (apt-get install chromium chromium-driver) "
    "or set CHROMIUM=/path/to/chromium to run the real-browser tests",
)


@pytest.fixture(scope="session")
def chromium_browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(requires_chromium.kwargs["reason"])
    # Playwright's sync API runs an event loop; Django must allow ORM calls from the test
    # thread all the same (pytest-django's live server runs in its own thread).
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_context(chromium_browser):
    """A fresh browser profile (no cookies) at a laptop's 1366 x 768."""
    context = chromium_browser.new_context(viewport={"width": 1366, "height": 768}, locale="en-US")
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def browser_page(browser_context):
    return browser_context.new_page()


@pytest.fixture
def screenshot(request, browser_page):
    """``screenshot("step-name")`` saves the page to var/screenshots/<test>/NN-step-name.png."""
    folder = SCREENSHOT_DIR / re.sub(r"[^\w.-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    counter = iter(range(1, 1000))

    def take(name: str, page=None, full_page: bool = True) -> Path:
        slug = re.sub(r"[^\w.-]+", "_", name)
        path = folder / f"{next(counter):02d}-{slug}.png"
        (page or browser_page).screenshot(path=str(path), full_page=full_page)
        return path

    return take


def drag_select(page, text):
    """Select ``text`` in the admin reading view's article body with the mouse, as an editor
    would, across whatever highlights it crosses."""
    box = page.evaluate(
        """(text) => {
            const body = document.getElementById("article-body");
            const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
            const nodes = [];
            let all = "";
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                nodes.push([node, all.length]);
                all += node.data;
            }
            const at = all.indexOf(text);
            if (at < 0) return null;
            const point = (i, end) => nodes.find(([node, base]) =>
                i >= base && (i < base + node.data.length || (end && i === base + node.data.length)));
            const [startNode, startBase] = point(at, false);
            const [endNode, endBase] = point(at + text.length, true);
            const range = document.createRange();
            range.setStart(startNode, at - startBase);
            range.setEnd(endNode, at + text.length - endBase);
            startNode.parentElement.scrollIntoView({block: "center"});
            const rects = range.getClientRects();
            const first = rects[0], last = rects[rects.length - 1];
            return {x1: first.left + 1, y1: first.top + first.height / 2,
                    x2: last.right - 1, y2: last.top + last.height / 2};
        }""",
        text,
    )
    assert box, f"{text!r} is not in the article body"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()
