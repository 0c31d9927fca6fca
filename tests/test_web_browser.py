"""The workbench in a real browser: Debian's chromium, headless, driven by Playwright (no browser
is downloaded). A person's path: search → entity page → a saved query's form → run → download CSV
→ switch to Chinese; and the SPARQL editor. No console errors, no request leaves 127.0.0.1.

Screenshots go to a temporary folder, or to ``CELLTX_KG_SCREENSHOTS`` (docs/images to refresh the
ones the documentation shows)."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from celltx_kg.web.server import Workbench

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).is_file() and not os.environ.get("CI"):
        pytest.skip(f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def web():
    with Workbench() as server:
        yield server


@pytest.fixture
def page(browser, web):
    """A page that records console errors, page errors and any request to another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))

    def outside(request):
        host = urlsplit(request.url).hostname
        if request.url.startswith(("http:", "https:")) and host not in ("127.0.0.1", "localhost"):
            page.problems.append(f"request to another host: {request.url}")
    page.on("request", outside)
    yield page
    context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    target = os.environ.get("CELLTX_KG_SCREENSHOTS")
    folder = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_search_entity_form_download_and_chinese(page, web, shots, tmp_path):
    page.goto(web.base_url + "/")
    assert page.title() == "celltx-kg workbench"
    assert page.locator(".area h2").count() >= 5  # the saved queries grouped by area of the review
    page.screenshot(path=str(shots / "web-home.png"))

    # search as you type → the entity page
    page.fill("#search", "Kymri")
    page.locator("ul.suggestions a", has_text="Kymriah").first.click()
    page.wait_for_url("**/id/kymriah")
    assert page.inner_text("#entity-title") == "Kymriah"
    facts = page.inner_text("#facts")
    assert "Novartis" in facts and "tisagenlecleucel" in facts
    assert "Kymriah" in page.inner_text("#evidence") or page.locator("#evidence tr").count() > 1
    page.screenshot(path=str(shots / "web-entity.png"), full_page=False)

    # a saved query's form: its example (target BCMA, agency NMPA) is filled in; a suggestion replaces a value
    page.goto(web.base_url + "/")
    page.click("a[href='/queries/approved-products']")
    target = page.locator("#p-target")
    assert (target.input_value(), page.locator("#p-agency").input_value()) == ("BCMA", "NMPA")
    target.fill("CD1")
    page.locator(".field ul.suggestions a", has_text="CD19").first.click()
    assert target.input_value() == "CD19"
    target.fill("BCMA")
    page.click("#run")
    page.wait_for_url("**run=1**")
    rows = page.locator("table.results tbody tr").all_inner_texts()
    # Table 2: the NMPA approvals of BCMA products
    assert sorted((r.split("\t")[1], r.split("\t")[5]) for r in rows) == [
        ("Ciltacabtagene Autoleucel", "2024"), ("Equecabtagene Autoleucel", "2023"), ("Zevorcabtagene Autoleucel", "2024")]
    page.screenshot(path=str(shots / "web-query.png"), full_page=True)

    # download CSV: the same three approvals
    with page.expect_download() as info:
        page.click("a.download[data-format='csv']")
    saved = tmp_path / "approved.csv"
    info.value.save_as(saved)
    rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert sorted((r["productName"], r["approvalYear"]) for r in rows) == [
        ("Ciltacabtagene Autoleucel", "2024"), ("Equecabtagene Autoleucel", "2023"), ("Zevorcabtagene Autoleucel", "2024")]

    # switch to Chinese: the same form and results, in Chinese
    page.click("#lang-switch")
    page.wait_for_selector("table.results")
    assert page.inner_text("h1") == "按靶点、监管机构、适应证、研发机构和年份查询获批产品"
    assert page.locator("#run").inner_text() == "运行"
    assert page.locator("table.results tbody tr").count() == 3
    page.goto(web.base_url + "/")  # the choice is kept
    assert page.inner_text("#queries") == "预设查询"
    assert page.problems == []


def test_sparql_editor_runs_a_saved_example_on_the_local_endpoint(page, web, shots):
    page.goto(web.base_url + "/editor?lang=en")
    page.wait_for_selector(".yasqe")
    page.select_option("#examples", "products-by-year")
    page.locator(".yasqe_queryButton").click()
    page.wait_for_selector(".yasr .dataTable tbody tr, .yasr table tbody tr", timeout=30000)
    text = page.inner_text(".yasr")
    assert "Kymriah" in text or "Abecma" in text
    page.screenshot(path=str(shots / "web-editor.png"))
    # a project IRI in the results opens this server's entity page
    page.locator(".yasr a.iri", has_text="abecma").first.click()
    page.wait_for_url("**/id/abecma")
    assert page.inner_text("#entity-title") == "Abecma"
    assert page.problems == []

