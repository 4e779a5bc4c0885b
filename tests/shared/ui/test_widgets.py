"""The Streamlit widgets of shared.ui, drawn inside a real (test) Streamlit run."""

from streamlit.testing.v1 import AppTest


def _ranked_list_app():
    import pandas as pd

    from shared.ui import show_ranked_list

    items = pd.DataFrame(
        {
            "title": ["기초연금", "에너지바우처"],
            "score": [0.91, 0.42],
            "reasons": [["만 65세 이상", "소득인정액 기준 이하"], ["수급자"]],
        }
    )
    show_ranked_list(items)


def _model_card_app():
    from shared.ui import show_model_card

    show_model_card({"kind": "demo.kind", "version": 1, "parameters": {"lr": 0.1}, "metrics": {"mae": 3.2}})
    show_model_card(None, title="empty")


def test_ranked_list_shows_rank_title_score_and_reasons():
    at = AppTest.from_function(_ranked_list_app).run()
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert "**1. 기초연금**" in texts and "**2. 에너지바우처**" in texts
    assert "`0.910`" in texts
    assert at.caption[0].value == "만 65세 이상 · 소득인정액 기준 이하"


def test_model_card_panel_shows_fields_metrics_and_untrained_state():
    at = AppTest.from_function(_model_card_app).run()
    assert not at.exception
    assert len(at.dataframe) == 2  # fields, metrics
    assert at.info[0].value == "아직 학습되지 않았습니다."
