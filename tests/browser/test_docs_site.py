"""`eltc docs` in a real browser: headless Chromium (Debian's package) driven
by Playwright opens the generated site from the file system, follows the
lineage from a target table to its sources, and takes a screenshot that
must show a rendered page.

The eltc binary is $ELTC_BIN, else target/debug/eltc; Chromium is
$ELTC_CHROMIUM, else /usr/bin/chromium (scripts/prerequisites installs the
`chromium` package). Playwright talks to it over the DevTools protocol, so
no browser is downloaded.
"""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]


def eltc_bin():
    if os.environ.get("ELTC_BIN"):
        return os.environ["ELTC_BIN"]
    built = ROOT / "target" / "debug" / "eltc"
    if not built.exists():
        pytest.fail("no eltc binary: run `cargo build` or set ELTC_BIN")
    return str(built)


def chromium_path():
    path = os.environ.get("ELTC_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("no Chromium: install the Debian package `chromium` (scripts/prerequisites does)")
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    subprocess.run([eltc_bin(), "docs", "-q", "--out", str(out)], cwd=ROOT, check=True)
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path())
        yield browser
        browser.close()


def fragment(page):
    return page.url.split("#", 1)[1] if "#" in page.url else ""


def in_viewport(page, selector):
    """Whether the element's top is on screen (scrolled to, as a click on a link to it does)."""
    return page.eval_on_selector(
        selector,
        "e => { const r = e.getBoundingClientRect();"
        " return r.top > -2 && r.top < window.innerHeight && r.height > 0; }",
    )


def test_a_target_table_leads_to_its_sources(site, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto((site / "index.html").as_uri())
    assert page.title() == "eltc docs"

    page.click("text=market_data >> nth=0")
    assert page.url.endswith("/pipelines/market_data.html")
    assert page.locator("h1").inner_text() == "market_data"

    # The lineage graph: the target table's node leads to its entry.
    page.click('svg.graph a.node.table[data-name="olap.market_data"]')
    assert fragment(page) == "l-olap.market_data"
    entry = page.locator("#l-olap\\.market_data")
    assert entry.evaluate("e => e.matches(':target')")
    assert in_viewport(page, "#l-olap\\.market_data")
    comes_from = entry.locator("ul.from").inner_text()
    assert "staging.eod_price" in comes_from and "staging.security_data" in comes_from

    # One table up, then to the source that loads it.
    entry.locator('ul.from a[href="#l-staging.eod_price"]').click()
    assert fragment(page) == "l-staging.eod_price"
    page.locator("#l-staging\\.eod_price ul.from").get_by_text("source eod_price").click()
    assert fragment(page) == "s-eod_price"
    assert in_viewport(page, "#s-eod_price")
    source = page.locator("#s-eod_price").inner_text()
    assert "DD-MON-YYYY" in source and "CSV" in source

    shot = Path(os.environ.get("ELTC_DOCS_SCREENSHOT", tmp_path / "source.png"))
    page.screenshot(path=str(shot))
    image = Image.open(io.BytesIO(shot.read_bytes())).convert("RGB")
    pixels = list(image.get_flattened_data())
    colours = len(set(pixels))
    not_white = sum(1 for p in pixels if p != (255, 255, 255)) / len(pixels)
    assert colours > 50, f"the screenshot has {colours} colours: a blank page?"
    assert not_white > 0.2, f"only {not_white:.0%} of the screenshot is not white"

    # Self-contained: every request stays on the file system.
    assert requested and all(url.startswith("file://") for url in requested), requested
    page.close()


def test_the_steps_show_the_sql_as_written_and_as_generated(site, browser):
    page = browser.new_page()
    page.goto((site / "pipelines" / "market_data.html").as_uri() + "#step-market_data")
    step = page.locator("#step-market_data")
    captions = step.locator("figcaption").all_inner_texts()
    assert captions[0].startswith("Oracle, as written") and captions[1] == "Redshift, as generated"
    written, generated = step.locator("pre").all_inner_texts()
    assert "SYSDATE" in written and "GETDATE()" in generated
    assert "DELETE FROM olap.market_data" in generated
    page.close()
