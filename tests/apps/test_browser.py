"""The suite in a real headless Chromium: every page in both languages, as a visitor would see it.

One `civic demo` server serves the whole module. A module fixture visits every page (the dashboard and
each section of ``apps/sections.py``) in Korean on the fresh server (cold), in English, and in Korean
again (warm); it waits for Streamlit to finish rendering, saves a screenshot per page and language
under ``test-artefacts/browser/`` and prints each page's load times. The tests then check what was
seen: no exception box, no error box, no "nan"/"None" text, no English column header in Korean mode,
and a load within a generous bound (the issue's targets, 3 s warm and 8 s cold, are printed, not
asserted: CI machines are noisy). The dashboard is also shot at phone width (390 x 844) and its title
must not break inside a word. On every sector page the tour also drives the main control: it picks
another option in the page's first select box (the customer, household, seeker, sensor, basin or
sample complaint) and checks that the page changed without an exception or error box
(screenshots ``<page>-<lang>-driven.png``).

Pairs of (page, check) that fail on today's sector pages are marked ``xfail(strict=False)`` in
``KNOWN_FAILURES`` with the reason, so they can be removed once the pages are fixed.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from apps.sections import SECTIONS

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
REQUIRED = os.environ.get("CIVIC_REQUIRE_BROWSER") == "1"
ARTEFACTS = Path(
    os.environ.get("CIVIC_ARTEFACTS_DIR", Path(__file__).resolve().parents[2] / "test-artefacts")
)
RENDER_TIMEOUT_S = 180  # a cold page may train a small model on a busy CI machine
LOAD_BOUND_S = 60.0  # generous: CI is noisy; the targets (3 s warm, 8 s cold) are printed
COLD_BOUND_S = 120.0  # the first visit of a page on a fresh server, while the dashboard's lists compute
PENDING = ("계산 중", "Computing…")  # the dashboard's lists still being computed in the background
SETTLE_S = 1.0  # Streamlit counts as finished when nothing has run for this long

pytestmark = pytest.mark.browser

#: (page, check) -> why it fails today; the lead removes an entry once the page is fixed.
KNOWN_FAILURES: dict[tuple[str, str], str] = {}

PAGES = [("dashboard", "")] + [(s.key, s.url) for s in SECTIONS]
CHECKS = ("no_exception", "no_error_box", "no_nan_none", "korean_headers", "loads_in_time", "main_control")

# Headers made only of codes and units read the same in both languages (ID, KRW, km/h, %, O*NET).
NEUTRAL_HEADER = re.compile(r"^[\sA-Z0-9*/%().,:#·+\-]*(km/h|mm|kt|km|ms)?[\sA-Z0-9*/%().,:#·+\-]*$")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
NAN_NONE = re.compile(r"(?<![\w.])(nan|NaN|None)(?![\w.])")

RUNNING_JS = """
return Boolean(
  document.querySelector('[data-testid="stStatusWidget"] [data-testid="stStatusWidgetRunningIcon"]') ||
  document.querySelector('[data-testid="stStatusWidgetRunningManIcon"]') ||
  document.querySelector('[data-testid="stSpinner"]') ||
  document.querySelector('[data-testid="stSkeleton"]') ||
  document.querySelector('[data-testid="stAppSkeleton"]')
) || !document.querySelector('[data-testid="stMain"] h1, [data-testid="stMain"] h2');
"""

CELLS_JS = """
const out = [];
document.querySelectorAll('[data-testid="stDataFrame"] [role="gridcell"], [data-testid="stTable"] td')
  .forEach(e => { const t = (e.innerText || e.textContent || '').trim(); if (t) out.push(t); });
return out;
"""

HEADERS_JS = """
const out = [];
document.querySelectorAll('[data-testid="stDataFrame"] [role="columnheader"], [data-testid="stTable"] th')
  .forEach(e => { const t = (e.innerText || e.textContent || '').trim(); if (t) out.push(t); });
return out;
"""

# Pairs of letters or digits between which a line of the page's text wraps (a break inside a word).
MID_WORD_BREAKS_JS = """
const bad = [];
const blocks = document.querySelectorAll(
  '[data-testid="stMain"] h1, [data-testid="stMain"] h2, [data-testid="stMain"] h3, ' +
  '[data-testid="stMain"] p, [data-testid="stMain"] [data-testid="stCaptionContainer"]');
const word = /[\\p{L}\\p{N}]/u;
blocks.forEach(block => {
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let prev = null;
  while (walker.nextNode()) {
    const n = walker.currentNode;
    for (let i = 0; i < n.length; i++) {
      const ch = n.data[i];
      if (/\\s/.test(ch)) { if (prev) prev.ch = ' '; continue; }
      const r = document.createRange(); r.setStart(n, i); r.setEnd(n, i + 1);
      const rect = r.getBoundingClientRect();
      if (rect.width === 0) continue;
      if (prev && rect.top > prev.top + 2 && word.test(prev.ch) && word.test(ch)) bad.push(prev.ch + ch);
      prev = {top: rect.top, ch: ch};
    }
  }
});
return bad;
"""


@dataclass
class Visit:
    """What one page showed in one language."""

    page: str
    lang: str
    seconds: float
    text: str = ""
    exceptions: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    nav: list[str] = field(default_factory=list)
    title: str = ""
    driven: dict[str, object] = field(default_factory=dict)


def _have_browser() -> bool:
    return os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)


def _driver(profile: Path, width: int = 1400, height: int = 2000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

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
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)


def _wait_rendered(driver) -> float:
    """Wait until Streamlit has drawn a heading and nothing has run for SETTLE_S; return when it settled."""
    start = time.monotonic()
    quiet_since = None
    while time.monotonic() - start < RENDER_TIMEOUT_S:
        if driver.execute_script(RUNNING_JS):
            quiet_since = None
        elif quiet_since is None:
            quiet_since = time.monotonic()
        elif time.monotonic() - quiet_since >= SETTLE_S:
            return quiet_since
        time.sleep(0.1)
    raise TimeoutError(f"{driver.current_url} did not finish rendering in {RENDER_TIMEOUT_S} s")


def _visit(driver, base: str, page: str, path: str, lang: str, shot: Path | None) -> Visit:
    from selenium.webdriver.common.by import By

    t0 = time.monotonic()
    driver.get(f"{base}/{path}?lang={lang}")
    settled = _wait_rendered(driver)
    visit = Visit(page, lang, settled - t0)
    deadline = time.monotonic() + RENDER_TIMEOUT_S
    while any(p in driver.find_element(By.CSS_SELECTOR, '[data-testid="stMain"]').text for p in PENDING):
        if time.monotonic() > deadline:  # the lists never arrived: leave the text for the checks to see
            break
        time.sleep(0.5)
        _wait_rendered(driver)
    main = driver.find_element(By.CSS_SELECTOR, '[data-testid="stMain"]')
    visit.text = "\n".join([main.text, *driver.execute_script(CELLS_JS)])
    visit.exceptions = [
        e.text[:300] for e in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
    ]
    visit.errors = [
        e.text[:300] for e in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stAlertContentError"]')
    ]
    visit.headers = driver.execute_script(HEADERS_JS)
    visit.nav = [a.text for a in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stSidebarNavLink"]')]
    visit.title = driver.title
    if shot is not None:
        driver.save_screenshot(str(shot))
    return visit


OPEN_SELECT_JS = """
const box = document.querySelectorAll('[data-testid="stMain"] [data-testid="stSelectbox"]')[arguments[0]];
if (!box) return null;
const input = box.querySelector('input[role="combobox"]');
const opener = box.querySelector('button[aria-haspopup="listbox"]') || input;
if (!opener) return null;
opener.click();
return input ? input.value : (box.innerText || '').trim();
"""


def _drive_main_control(driver) -> dict[str, object]:
    """Choose another option in the page's first select box (its main control); report what changed."""
    from selenium.webdriver.common.by import By

    main = driver.find_element(By.CSS_SELECTOR, '[data-testid="stMain"]')
    boxes = main.find_elements(By.CSS_SELECTOR, '[data-testid="stSelectbox"]')
    if not boxes:
        return {"control": None}
    before = main.text
    current = driver.execute_script(OPEN_SELECT_JS, 0)
    time.sleep(0.5)
    options = [o for o in driver.find_elements(By.CSS_SELECTOR, '[role="option"]') if o.text.strip()]
    others = [o for o in options if o.text.strip() != (current or "").strip()]
    if not others:
        return {"control": current, "options": len(options), "changed": False}
    chosen = others[-1].text.strip()
    others[-1].click()
    t0 = time.monotonic()
    settled = _wait_rendered(driver)
    main = driver.find_element(By.CSS_SELECTOR, '[data-testid="stMain"]')
    return {
        "control": current,
        "chosen": chosen,
        "changed": main.text != before,
        "seconds": settled - t0,
        "exceptions": [
            e.text[:300] for e in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stException"]')
        ],
        "errors": [
            e.text[:300] for e in driver.find_elements(By.CSS_SELECTOR, '[data-testid="stAlertContentError"]')
        ],
    }


@pytest.fixture(scope="module")
def tour(request):
    """Visit every page (Korean cold, English, Korean warm) on one fresh server; the visits by (page, lang)."""
    if not _have_browser():
        if REQUIRED:
            pytest.fail(
                "chromium and chromium-driver are required (CIVIC_REQUIRE_BROWSER=1) but not installed"
            )
        pytest.skip("Debian's chromium / chromium-driver not installed")
    demo = request.getfixturevalue("civic_demo_module")
    shots = ARTEFACTS / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    visits: dict[tuple[str, str], Visit] = {}
    cold: dict[str, float] = {}
    driver = _driver(shots / ".chromium-profile")
    try:
        for page, path in PAGES:
            first = _visit(driver, demo.url, page, path, "ko", shots / f"{page}-ko.png")
            cold[page] = first.seconds
            visits[(page, "en")] = _visit(driver, demo.url, page, path, "en", shots / f"{page}-en.png")
            visits[(page, "ko")] = _visit(driver, demo.url, page, path, "ko", None)  # warm
            visits[(page, "ko")].text, visits[(page, "ko")].headers = first.text, first.headers
            visits[(page, "ko")].exceptions = first.exceptions + visits[(page, "ko")].exceptions
            visits[(page, "ko")].errors = first.errors + visits[(page, "ko")].errors
            for lang in (
                "ko",
                "en",
            ):  # drive the main control last, so the checks above saw the page as opened
                if lang == "en":
                    _visit(driver, demo.url, page, path, "en", None)
                visits[(page, lang)].driven = _drive_main_control(driver)
                if visits[(page, lang)].driven.get("control") is not None:
                    driver.save_screenshot(str(shots / f"{page}-{lang}-driven.png"))
    finally:
        driver.quit()
    print("\npage load (s): cold = first Korean visit on a fresh server, warm = the Korean revisit")
    print(f"{'page':<12} {'cold':>7} {'warm':>7} {'english':>8}")
    for page, _ in PAGES:
        print(
            f"{page:<12} {cold[page]:7.1f} {visits[(page, 'ko')].seconds:7.1f} {visits[(page, 'en')].seconds:8.1f}"
        )
    return {"visits": visits, "cold": cold, "url": demo.url}


def _params():
    for page, _ in PAGES:
        for lang in ("ko", "en"):
            for check in CHECKS:
                if check == "korean_headers" and lang == "en":
                    continue
                reason = KNOWN_FAILURES.get((page, check))
                marks = [pytest.mark.xfail(strict=False, reason=reason)] if reason else []
                yield pytest.param(page, lang, check, marks=marks, id=f"{page}-{lang}-{check}")


@pytest.mark.parametrize(("page", "lang", "check"), list(_params()))
def test_page_in_chromium(tour, page, lang, check):
    visit: Visit = tour["visits"][(page, lang)]
    if check == "no_exception":
        assert not visit.exceptions, visit.exceptions
    elif check == "no_error_box":
        assert not visit.errors, visit.errors
    elif check == "no_nan_none":
        found = sorted({m.group(0) for m in NAN_NONE.finditer(visit.text)})
        lines = [line for line in visit.text.splitlines() if NAN_NONE.search(line)][:5]
        assert not found, lines
    elif check == "korean_headers":
        english = [h for h in visit.headers if not HANGUL.search(h) and not NEUTRAL_HEADER.match(h)]
        assert not english, english
    elif check == "main_control":
        driven = visit.driven
        if page == "dashboard":  # the dashboard has no selection of its own: nothing to drive
            assert driven.get("control") is None or not driven.get("exceptions"), driven
            return
        assert driven.get("control") is not None, f"{page} has no select box to drive"
        assert driven.get("chosen"), driven
        assert driven["changed"], f"choosing {driven['chosen']!r} changed nothing on the page"
        assert not driven["exceptions"] and not driven["errors"], driven
    elif check == "loads_in_time":
        assert visit.seconds < LOAD_BOUND_S
        assert tour["cold"][page] < COLD_BOUND_S


def test_dashboard_at_phone_width(civic_demo_module, tmp_path):
    """At 390 x 844 the dashboard wraps its text between words only, and nothing is wider than the screen."""
    if not _have_browser():
        if REQUIRED:
            pytest.fail(
                "chromium and chromium-driver are required (CIVIC_REQUIRE_BROWSER=1) but not installed"
            )
        pytest.skip("Debian's chromium / chromium-driver not installed")
    shots = ARTEFACTS / "browser"
    shots.mkdir(parents=True, exist_ok=True)
    driver = _driver(tmp_path / "phone-profile", 390, 844)
    try:
        for lang in ("ko", "en"):
            _visit(
                driver, civic_demo_module.url, "dashboard", "", lang, shots / f"dashboard-{lang}-phone.png"
            )
            assert driver.execute_script(MID_WORD_BREAKS_JS) == [], lang
            overflow = driver.execute_script(
                "const m = document.querySelector('[data-testid=stMain]');"
                "return m.scrollWidth - m.clientWidth;"
            )
            assert overflow <= 1, (lang, overflow)
    finally:
        driver.quit()


def test_navigation_is_the_suites_own(tour):
    """The sidebar lists the suite's pages by their titles, not a pages folder's file names."""
    ko = tour["visits"][("dashboard", "ko")]
    assert "공공행정 AI 모델 모음" in ko.text and ko.title == "civic-ai-suite"
    assert any("대시보드" in t for t in ko.nav) and any("재난 위험 예측" in t for t in ko.nav), ko.nav
    assert not any(t.strip() in ("Home", "traffic", "civil affairs") for t in ko.nav), ko.nav
    en = tour["visits"][("dashboard", "en")]
    assert any("Dashboard" in t for t in en.nav) and any("Traffic" in t for t in en.nav), en.nav
