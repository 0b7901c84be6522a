"""The view's first paint in Chromium: the demo-sized graph and a generated large one.

    python bench/view.py [--entities 5000] [--edges 20000]

Writes each page as `biokg view` would (everything inlined), opens it in headless Debian
`chromium` through `chromedriver` (Selenium), and prints the page size and the time from
navigation start to the view being drawn and ready (`data-ready`), median of 3 loads, with the
number of entities and links drawn. Prints figures; asserts nothing. Issue 17 asks for a first
paint within 3 s at 5,000 entities / 20,000 links.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path


def main() -> int:
    from biokg.queries.synthetic_view import large_view
    from biokg.queries.view import render_html
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.support.ui import WebDriverWait

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--entities", type=int, default=5000)
    ap.add_argument("--edges", type=int, default=20000)
    args = ap.parse_args()
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        print("needs Debian chromium and chromium-driver", file=sys.stderr)
        return 2
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,900"):  # fmt: skip
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            for label, data in (
                ("demo-sized (60 entities, 120 links)", large_view(60, 120)),
                (
                    f"{args.entities} entities, {args.edges} links",
                    large_view(args.entities, args.edges),
                ),
            ):
                page = Path(tmp) / "view.html"
                page.write_text(render_html(data), encoding="utf-8")
                times = []
                for _ in range(3):
                    driver.get(page.as_uri())
                    WebDriverWait(driver, 120).until(
                        lambda d: d.execute_script("return window.biokgReadyAt !== undefined")
                    )
                    times.append(driver.execute_script("return window.biokgReadyAt") / 1000)
                drawn = driver.execute_script(
                    "return [window.biokg.cy.nodes().length, window.biokg.cy.edges().length]"
                )
                runs = ", ".join(f"{t:.2f}" for t in times)
                print(
                    f"{label}: page {page.stat().st_size / 1e6:.1f} MB, first paint "
                    f"{statistics.median(times):.2f} s (runs {runs}), "
                    f"drawn {drawn[0]} entities / {drawn[1]} links"
                )
    finally:
        driver.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
