"""The view in a real headless Chromium (Debian `chromium` + `chromium-driver`, via Selenium).

Screenshots go to the test's tmp dir; set BIOKG_VIEW_SCREENSHOT=docs/view.png to also refresh the
README's copy. Without chromium these tests skip with a reason; in CI (CI=true) they fail.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from biokg.queries.server import make_server
from biokg.queries.view import collect_view, render_html
from graph_fixture import CAR22, CD19, CD22, CD22_TRIAL_SENTENCES, TISA

pytestmark = pytest.mark.browser

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1400,900",
)


@pytest.fixture(scope="module")
def browser(tmp_path_factory) -> Iterator[object]:
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        reason = "Debian chromium and chromium-driver are not installed"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} (CI=true: this must not be skipped)")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def wait_ready(driver) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.body.getAttribute('data-ready') === 'true'")
    )


def wait_still(driver) -> None:
    """Until Cytoscape's fit animation ends, so rendered positions are final."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 10).until(
        lambda d: d.execute_script("return !window.biokg.cy.animated()")
    )


def click_edge(driver, edge_id: str, at: float = 0.3) -> None:
    """A real mouse click on the canvas, `at` of the way along the edge from its source."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    point = driver.execute_script(
        """const e = window.biokg.cy.getElementById(arguments[0]);
           const s = e.source().renderedPosition(), t = e.target().renderedPosition();
           const r = document.getElementById('cy').getBoundingClientRect();
           return [s.x + arguments[1] * (t.x - s.x) - r.width / 2,
                   s.y + arguments[1] * (t.y - s.y) - r.height / 2];""",
        edge_id,
        at,
    )
    canvas = driver.find_element(By.ID, "cy")
    x, y = round(point[0]), round(point[1])
    ActionChains(driver).move_to_element_with_offset(canvas, x, y).click().perform()


def test_search_cd22_click_targets_edge_read_evidence(car_t_store, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    page = tmp_path / "links.html"
    page.write_text(render_html(collect_view(car_t_store)), encoding="utf-8")
    browser.get(page.as_uri())
    wait_ready(browser)

    browser.find_element(By.ID, "search").send_keys("CD22")
    results = [li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li")]
    assert results[0].startswith("CD22 ") and "CD22 CAR T cells DRUG" in results
    node = "window.biokg.cy.getElementById(arguments[0])"
    assert browser.execute_script(f"return {node}.visible() && {node}.hasClass('match')", CAR22)
    wait_still(browser)

    targets = browser.execute_script(
        "return window.biokg.data.edges.filter(e => e.source === arguments[0] && "
        "e.target === arguments[1] && e.predicate === 'TARGETS').map(e => e.id)",
        CAR22,
        CD22,
    )
    assert len(targets) == 1
    click_edge(browser, targets[0])
    panel = browser.find_element(By.ID, "evidence-panel")
    WebDriverWait(browser, 10).until(lambda d: panel.is_displayed())
    body = browser.find_element(By.ID, "panel-body")
    assert body.get_attribute("data-edge") == targets[0]
    assert "CD22 CAR T cells —TARGETS→ CD22" in body.text
    assert CD22_TRIAL_SENTENCES[0] in body.text
    marks = {
        (m.get_attribute("class"), m.text) for m in body.find_elements(By.CSS_SELECTOR, "mark")
    }
    assert ("subject", "CD22 CAR T cells") in marks and ("object", "CD22") in marks
    link = body.find_element(By.CSS_SELECTOR, ".source a")
    assert link.get_attribute("href") == "https://pubmed.ncbi.nlm.nih.gov/29155426/"
    assert link.text == "CD22-targeted CAR T cells in B-ALL after CD19-directed therapy"

    shot = tmp_path / "view.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    if os.environ.get("BIOKG_VIEW_SCREENSHOT"):
        shutil.copyfile(shot, Path(os.environ["BIOKG_VIEW_SCREENSHOT"]))


def test_outcome_numbers_filters_and_csv_table(car_t_store, browser, tmp_path):
    from selenium.webdriver.common.by import By

    page = tmp_path / "links.html"
    page.write_text(render_html(collect_view(car_t_store, target="CD22")), encoding="utf-8")
    browser.get(page.as_uri())
    wait_ready(browser)
    outcome = browser.execute_script(
        "return window.biokg.data.edges.filter(e => e.predicate === 'HAS_OUTCOME')[0].id"
    )
    browser.execute_script("window.biokg.showEdge(arguments[0])", outcome)
    findings = browser.find_element(By.CSS_SELECTOR, "#panel-body table.findings").text
    assert "73%" in findings and "11/15" in findings and "1e6 cells/kg" in findings

    browser.find_element(By.ID, "tab-table").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "#links-table tbody tr")
    assert len(rows) == 3
    csv_text = unquote(
        browser.find_element(By.ID, "export-csv").get_attribute("href").split(",", 1)[1]
    )
    lines = csv_text.strip().split("\n")
    assert lines[0].startswith("source,predicate,target,target_type,confidence")
    assert any(line.startswith("CD22 CAR T cells,TARGETS,CD22,GENE,0.99,2,1") for line in lines)
    assert any("73% (11/15)" in line for line in lines)

    browser.find_element(By.CSS_SELECTOR, "#filter-predicates input[value='TARGETS']").click()
    remaining = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#links-table tbody tr")]
    assert len(remaining) == 2 and not any(" TARGETS " in r for r in remaining)
    browser.execute_script(
        "const s = document.getElementById('filter-confidence'); s.value = '0.9';"
        "s.dispatchEvent(new Event('input'));"
    )
    remaining = browser.find_elements(By.CSS_SELECTOR, "#links-table tbody tr")
    assert [r.find_elements(By.TAG_NAME, "td")[1].text for r in remaining] == ["TREATS"]


def test_served_page_loads_from_the_store(car_t_store, browser):
    server = make_server(car_t_store, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        assert host == "127.0.0.1"
        browser.get(f"http://{host}:{port}/?target=CD22")
        wait_ready(browser)
        edges = browser.execute_script("return window.biokg.data.edges.map(e => e.predicate)")
        assert sorted(edges) == ["HAS_OUTCOME", "TARGETS", "TREATS"]
        assert browser.execute_script("return document.forms[0].elements.target.value") == "CD22"
    finally:
        server.shutdown()
        server.server_close()


def test_served_page_past_its_limit_brings_in_the_rest_from_the_store(car_t_store, browser):
    """A graph with more links than the page holds: a search that the page cannot answer asks
    the store, and the entity found is brought in with its links from the store."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    server = make_server(car_t_store, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        browser.get(f"http://{host}:{port}/?limit=2")
        wait_ready(browser)
        assert browser.execute_script("return window.biokg.data.selection.truncated") is True
        held = browser.execute_script("return window.biokg.data.edges.length")
        assert held == 2
        missing = browser.execute_script(
            "return [arguments[0], arguments[1], arguments[2]].find(id => "
            "!window.biokg.data.nodes.some(n => n.id === id))",
            CD19,
            TISA,
            CD22,
        )
        assert missing, "the two most stated links left every probe in"
        name = {CD19: "CD19", TISA: "tisagenlecleucel", CD22: "CD22"}[missing]
        browser.find_element(By.ID, "search").send_keys(name)
        WebDriverWait(browser, 10).until(
            lambda d: d.find_elements(By.CSS_SELECTOR, f"#search-results li[data-id='{missing}']")
        )
        browser.find_element(By.CSS_SELECTOR, f"#search-results li[data-id='{missing}']").click()
        node = "window.biokg.cy.getElementById(arguments[0])"
        WebDriverWait(browser, 10).until(
            lambda d: d.execute_script(f"return {node}.length === 1 && {node}.selected()", missing)
        )
        wait_ready(browser)
        assert browser.execute_script("return window.biokg.data.edges.length") > held
        assert browser.execute_script(f"return {node}.connectedEdges().length", missing) > 0
    finally:
        server.shutdown()
        server.server_close()


def test_large_graph_opens_on_an_overview_search_expand_and_read_evidence(browser, tmp_path):
    """5,000 entities and 20,000 links: an overview of the top therapies, not all of it; a
    target found by search is brought in with its links; its edge's evidence reads."""
    from biokg.queries.synthetic_view import large_view
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    data = large_view(5000, 20000)
    page = tmp_path / "large.html"
    page.write_text(render_html(data), encoding="utf-8")
    browser.get(page.as_uri())
    wait_ready(browser)

    assert browser.execute_script("return window.biokg.overview") is True
    shown = browser.execute_script("return window.biokg.cy.nodes().length")
    assert 20 < shown <= 20 * 9, shown  # the 20 therapies, each with its 8 strongest links
    summary = browser.find_element(By.ID, "summary").text
    assert "of 5000 entities" in summary and "an overview" in summary

    # A target the overview left out, found by search and brought in with its links.
    target = browser.execute_script(
        "return window.biokg.data.nodes.find(n => n.role === 'target' && "
        "!window.biokg.cy.getElementById(n.id).length && "
        "window.biokg.data.edges.some(e => e.target === n.id)).name"
    )
    browser.find_element(By.ID, "search").send_keys(target)
    item = browser.find_element(By.CSS_SELECTOR, "#search-results li")
    assert item.text.startswith(target)
    item.click()
    target_id = item.get_attribute("data-id")
    node = "window.biokg.cy.getElementById(arguments[0])"
    assert browser.execute_script(f"return {node}.length === 1 && {node}.selected()", target_id)
    links = browser.execute_script(f"return {node}.connectedEdges().map(e => e.id())", target_id)
    assert links
    wait_still(browser)
    browser.execute_script("window.biokg.cy.getElementById(arguments[0]).emit('tap')", links[0])
    body = browser.find_element(By.ID, "panel-body")
    WebDriverWait(browser, 10).until(lambda d: body.get_attribute("data-edge") == links[0])
    sentence = data["evidence"][links[0]][0]["sentence"]
    assert sentence in body.text and target in body.text

    shot = tmp_path / "view-large.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    if os.environ.get("BIOKG_VIEW_LARGE_SCREENSHOT"):
        shutil.copyfile(shot, Path(os.environ["BIOKG_VIEW_LARGE_SCREENSHOT"]))

    # The table holds what is shown, and its CSV the same rows.
    browser.find_element(By.ID, "tab-table").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "#links-table tbody tr")
    edges = browser.execute_script("return window.biokg.cy.edges(':visible').length")
    assert len(rows) == edges
    assert browser.execute_script("return window.biokg.csv().split('\\n').length") == edges + 2

    def column(name: str) -> list[str]:
        return browser.execute_script(
            "const i = [...document.querySelectorAll('#links-table th')]"
            ".findIndex(th => th.dataset.column === arguments[0]);"
            "return [...document.querySelectorAll('#links-table tbody tr')]"
            ".map(tr => tr.children[i].textContent)",
            name,
        )

    header = browser.find_element(By.CSS_SELECTOR, "#links-table th[data-column='confidence']")
    header.click()  # sorted by confidence, highest first
    values = [float(v) for v in column("confidence")]
    assert values == sorted(values, reverse=True)
    browser.find_element(By.CSS_SELECTOR, "#links-table th[data-column='confidence']").click()
    values = [float(v) for v in column("confidence")]
    assert values == sorted(values)

    # Only links stated since a date: fewer, each last seen on or after it.
    browser.execute_script(
        "const f = document.getElementById('filter-since'); f.value = '2025-01-01';"
        "f.dispatchEvent(new Event('change'))"
    )
    recent = column("last_seen")
    assert 0 < len(recent) < len(rows) and all(day >= "2025-01-01" for day in recent)
