"""The Medical tab of the Welfare page: a person's timeline, services, risk and notice; another person, other results."""

from streamlit.testing.v1 import AppTest

from apps.sections import by_key

PAGE = str(by_key("welfare").page_path)
TIMEOUT = 300


def _medical(at: AppTest) -> tuple[str, str]:
    texts = " ".join(m.value for m in at.markdown)
    captions = " ".join(c.value for c in at.caption)
    return texts, captions


def test_medical_tab_renders_and_follows_the_chosen_person(tmp_path, monkeypatch):
    monkeypatch.setenv("CIVIC_LLM_AUDIT", str(tmp_path / "audit.jsonl"))
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT).run()
    assert not at.exception, at.exception
    assert any("모의 의료 기록" in w.value and "미국식" in w.value for w in at.warning)
    box = at.selectbox(key="m_person")
    assert len(box.options) >= 5
    first = _medical(at)
    assert "받을 수 있는 공공 보건 서비스" in [s.value for s in at.subheader]
    assert any(m.label == "모형의 위험 예측" for m in at.metric) or "18세 이상" in " ".join(
        i.value for i in at.info
    )
    assert at.get("plotly_chart")  # the timeline

    changed = None
    for option in box.options[1:]:
        at.selectbox(key="m_person").set_value(option).run()
        assert not at.exception, at.exception
        if _medical(at) != first:
            changed = option
            break
    assert changed is not None, "another person should show other services or reasons"

    at.button(key="m_notice").click().run()
    assert not at.exception, at.exception
    letter = " ".join(t.value for t in at.text)
    assert "[수신인]" in letter and "[1]" in letter
    assert (tmp_path / "audit.jsonl").exists()


def test_medical_tab_in_english():
    at = AppTest.from_file(PAGE, default_timeout=TIMEOUT)
    at.session_state["civic_lang"] = "en"
    at.run()
    assert not at.exception, at.exception
    assert any("Synthetic records" in w.value and "US-flavoured" in w.value for w in at.warning)
    assert "Public health services due" in [s.value for s in at.subheader]
