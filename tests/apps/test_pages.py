"""Every page renders under Streamlit's AppTest without an exception, in both languages."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from apps import APP_DIR
from apps.sections import SECTIONS

TIMEOUT = 120


def test_home_dashboard_has_a_tile_per_section():
    at = AppTest.from_file(str(APP_DIR / "Home.py"), default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert at.title[0].value == "공공행정 AI 모델 모음"
    tiles = [s.value for s in at.subheader]
    for section in SECTIONS:
        assert any(section.ko in t for t in tiles), (section.ko, tiles)


def test_home_switches_to_english():
    at = AppTest.from_file(str(APP_DIR / "Home.py"), default_timeout=TIMEOUT).run()
    at.sidebar.radio(key="civic_lang").set_value("en").run()
    assert not at.exception
    assert at.title[0].value == "civic-ai-suite"
    assert any("Traffic" in s.value for s in at.subheader)


def test_untrained_sections_say_so(tmp_path, monkeypatch):
    import apps.sections as sections_mod

    monkeypatch.setattr(sections_mod, "RESULTS_DIR", tmp_path)  # no results at all
    from apps.dashboard import headline_of

    for section in SECTIONS:
        if not section.results_file.exists():
            assert headline_of(section) is None


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_page_renders(section, lang):
    at = AppTest.from_file(str(Path(section.page_path)), default_timeout=TIMEOUT)
    at.session_state["civic_lang"] = lang
    at.run()
    assert not at.exception, at.exception


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.key)
def test_navigation_reaches_every_page(section):
    at = AppTest.from_file(str(APP_DIR / "Home.py"), default_timeout=TIMEOUT).run()
    at.switch_page(str(Path(section.page_path).relative_to(APP_DIR))).run()
    assert not at.exception, at.exception
