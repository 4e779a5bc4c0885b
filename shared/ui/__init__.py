"""Streamlit parts the apps share: language switch, URL state, page chrome, charts, offline maps, ranked lists, model cards.

Figure builders return plotly figures and never need a tile server; the ``show_*`` functions draw
with Streamlit.
"""

from shared.ui.cards import show_model_card
from shared.ui.charts import forecast_band_chart
from shared.ui.chrome import page_chrome
from shared.ui.i18n import get_language, language_switch, set_language, tr
from shared.ui.lists import reasons_text, show_ranked_list
from shared.ui.maps import grid_map, korea_boundaries, network_map, point_map, region_map, us_states
from shared.ui.theme import colour_for, colour_map, register_template, style
from shared.ui.url_state import url_choice, url_index

register_template()  # one chart template for every page, and plotly's default

__all__ = [
    "colour_for",
    "colour_map",
    "forecast_band_chart",
    "get_language",
    "grid_map",
    "korea_boundaries",
    "page_chrome",
    "language_switch",
    "network_map",
    "point_map",
    "register_template",
    "reasons_text",
    "region_map",
    "set_language",
    "show_model_card",
    "show_ranked_list",
    "style",
    "tr",
    "url_choice",
    "url_index",
    "us_states",
]
