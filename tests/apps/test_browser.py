"""The home page served by `civic demo`, loaded in a real headless Chromium through selenium."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REQUIRED = os.environ.get("CIVIC_REQUIRE_BROWSER") == "1"

pytestmark = pytest.mark.browser


def _have_browser() -> bool:
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


@pytest.fixture
def served_demo(civic_demo):
    """The demo's URL; the ``civic_demo`` fixture stops it and its Streamlit child afterwards."""
    return civic_demo.url


def test_home_page_title_in_headless_chromium(served_demo, tmp_path):
    if not _have_browser():
        if REQUIRED:
            pytest.fail(
                "chromium and chromium-driver are required (CIVIC_REQUIRE_BROWSER=1) but not installed"
            )
        pytest.skip("Debian's chromium / chromium-driver not installed")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        driver.get(served_demo)
        WebDriverWait(driver, 60).until(ec.presence_of_element_located((By.CSS_SELECTOR, "h1")))
        WebDriverWait(driver, 30).until(
            lambda d: "공공행정 AI 모델 모음" in d.find_element(By.TAG_NAME, "h1").text
        )
        assert driver.title == "civic-ai-suite"
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "교통 흐름 예측" in body
        # The suite's own navigation (titles in the chosen language), not a pages-folder listing of file names.
        links = [a.text for a in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]')]
        assert any("대시보드" in t for t in links) and any("재난 위험 예측" in t for t in links), links
        assert not any(t.strip() in ("Home", "traffic", "civil affairs") for t in links), links
        driver.save_screenshot(str(tmp_path / "home.png"))
        if os.environ.get("CIVIC_SCREENSHOT_DIR"):
            shutil.copy(tmp_path / "home.png", os.path.join(os.environ["CIVIC_SCREENSHOT_DIR"], "home.png"))
    finally:
        driver.quit()
