"""Streamlit parts the apps share: language switch, URL state, page chrome, charts, offline maps, ranked lists, model cards.

Figure builders return plotly figures and never need a tile server; the ``show_*`` functions draw
with Streamlit.
"""

from shared.ui.cards import show_model_card
from shared.ui.charts import forecast_band_chart
from shared.ui.chrome import page_chrome
from shared.ui.i18n import get_language, language_switch, set_language, tr
from shared.ui.lists import reasons_text, show_ranked_list
from shared.ui.maps import grid_map, korea_boundaries, point_map, region_map
from shared.ui.url_state import url_choice, url_index

__all__ = [
    "forecast_band_chart",
    "get_language",
    "grid_map",
    "korea_boundaries",
    "page_chrome",
    "language_switch",
    "point_map",
    "reasons_text",
    "region_map",
    "set_language",
    "show_model_card",
    "show_ranked_list",
    "tr",
    "url_choice",
    "url_index",
]
