"""Take docs/img/overview.png: the overview page on the Demostad demo, served by gunicorn, in headless Chromium.

Run after `make demo-data`: `.venv/bin/python docs/img/take_overview.py` (needs Debian's chromium).
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "data" / "demo-warehouse"
OUT = Path(__file__).with_name("overview.png")
URL_QUERY = "/?gemeente=GM9999&van=2023&tot=2025"


def main() -> None:
    port = random.randint(18000, 18999)
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = os.environ | {"WIJKWAARDE_HOME": str(HOME)}
    server = subprocess.Popen(
        [str(gunicorn), "--no-control-socket", "-c", "python:dashboard.gunicorn_conf", "-w", "1",
         "-b", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1280, "height": 1280}, locale="nl-NL")
            page.goto(url + URL_QUERY)
            page.wait_for_selector("#kpi-active .kpi-value", timeout=90_000)
            for chart in ("map", "trend"):
                page.wait_for_selector(
                    f"#overview-{chart} .js-plotly-plot:not(.dash-graph--pending)", timeout=90_000
                )
            time.sleep(3)  # the map's tiles and outlines drawn by software WebGL
            shot = page.screenshot()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=15)
    # a palette of 128 colours keeps the PNG small (the page is flat colours and text)
    image = Image.open(io.BytesIO(shot)).convert("RGB").quantize(colors=128, method=Image.Quantize.MEDIANCUT)
    image.save(OUT, optimize=True)
    print(f"{OUT}: {OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
