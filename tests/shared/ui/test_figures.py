import numpy as np
import pandas as pd
import pytest

from shared.ui import charts, maps
from shared.ui.cards import card_rows
from shared.ui.i18n import get_language, set_language, tr
from shared.ui.lists import reasons_text


def test_forecast_band_has_history_band_and_threshold():
    idx = pd.date_range("2024-01-01", periods=10, freq="5min")
    hist = pd.Series(np.arange(10.0), idx)
    fc = pd.Series([10.0, 11.0], idx[-2:] + pd.Timedelta("10min"))
    fig = charts.forecast_band_chart(hist, fc, fc - 1, fc + 1, threshold=12.0)
    assert [t.name for t in fig.data] == ["forecast band", "history", "forecast"]
    band = fig.data[0]
    assert band.fill == "toself" and band.mode == "lines" and band.line.width == 0  # no marker dots
    assert fig.data[2].line.dash == "dash" and fig.data[1].line.dash is None  # forecast vs observed
    assert any(s.type == "line" for s in fig.layout.shapes)
    assert fig.layout.legend.orientation == "h" and fig.layout.legend.y < 0  # below, never under the toolbar


def test_forecast_band_draws_what_came_after_as_distinct_markers():
    idx = pd.date_range("2024-01-01", periods=4, freq="h")
    fig = charts.forecast_band_chart(
        pd.Series([1.0, 2.0], idx[:2]),
        pd.Series([3.0, 4.0], idx[2:]),
        observed=pd.Series([3.5, 3.9], idx[2:]),
    )
    assert [t.mode for t in fig.data] == ["lines", "lines", "markers"]


def test_one_template_is_plotly_default_and_colours_are_fixed_by_category():
    import plotly.graph_objects as go
    import plotly.io as pio

    from shared.ui import theme

    assert pio.templates.default.endswith(theme.TEMPLATE_NAME)
    assert go.Figure().layout.template.layout.legend.y < 0
    assert theme.colour_map(["상담", "방문", "전화"]) == theme.colour_map(["전화", "상담", "방문"])
    assert len({theme.colour_for(c) for c in "abcdefgh"}) > 3


def test_network_map_draws_road_segments_hides_axes_and_rings_the_selection():
    fig = maps.network_map(
        [34.0, 34.1, 34.2],
        [-118.2, -118.3, -118.4],
        [(0, 1), (1, 2)],
        [60.0, 30.0, 10.0],
        labels=["a", "b", "c"],
        highlight=2,
    )
    lines = [t for t in fig.data if t.mode == "lines"]
    assert sum(list(t.x).count(None) for t in lines) == 2  # two segments
    assert fig.data[-1].text == ("c",)
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False


def test_point_map_over_korean_outline_needs_no_tiles():
    korea = maps.korea_boundaries()
    fig = maps.point_map(
        [37.56, 35.18], [126.97, 129.07], [55.0, 12.0], labels=["서울", "부산"], outline=korea["provinces"]
    )
    assert [t.type for t in fig.data] == ["scatter", "scatter"]
    assert fig.layout.yaxis.scaleanchor == "x"
    layout = {k for k in fig.to_dict()["layout"] if k != "template"}
    assert not layout & {"geo", "mapbox", "map"}


def test_us_states_outline_is_bundled_and_surrounds_the_camels_basins():
    states = maps.us_states()
    codes = {f["properties"]["code"] for f in states["features"]}
    assert len(codes) == 49 and {"ME", "NC", "MO", "CA", "DC"} <= codes and not codes & {"AK", "HI", "PR"}
    basins = {"01013500": (47.24, -68.58), "03439000": (35.16, -82.85), "07057500": (36.63, -92.25)}
    fig = maps.point_map(
        [lat for lat, _ in basins.values()],
        [lon for _, lon in basins.values()],
        labels=list(basins),
        outline=states,
        highlight=1,
    )
    outline = fig.data[0]
    xs = [x for x in outline.x if x is not None]
    ys = [y for y in outline.y if y is not None]
    assert outline.mode == "lines" and min(xs) < -124 and max(xs) > -67.5 and min(ys) < 25.5 and max(ys) > 49
    assert all(min(xs) < lon < max(xs) and min(ys) < lat < max(ys) for lat, lon in basins.values())


def test_grid_map_checks_shape():
    with pytest.raises(ValueError, match="do not match"):
        maps.grid_map([1, 2], [1, 2, 3], np.zeros((3, 2)))
    fig = maps.grid_map(
        np.arange(33, 39, 0.25), np.arange(124, 132, 0.25), np.random.default_rng(0).random((24, 32))
    )
    assert fig.data[0].type == "heatmap"


def test_region_map_colours_known_regions_and_greys_the_rest():
    provinces = maps.korea_boundaries()["provinces"]
    fig = maps.region_map(provinces, {"서울특별시": 10.0, "부산광역시": 0.0})
    fills = {t.name: t.fillcolor for t in fig.data if t.name}
    assert fills["제주특별자치도"] == "#dddddd"
    assert fills["서울특별시"] != fills["부산광역시"] != "#dddddd"
    assert len(fig.data) == 17 + 1


def test_language_switch_outside_streamlit():
    set_language("en")
    assert get_language() == "en" and tr("가", "A") == "A"
    set_language("ko")
    assert tr("가", "A") == "가"
    with pytest.raises(ValueError):
        set_language("fr")


def test_reasons_and_card_rows():
    assert reasons_text(None) == "" and reasons_text("x") == "x"
    assert reasons_text(["a", "", "b"]) == "a · b"
    rows = card_rows({"kind": "k", "parameters": {"lr": 0.1}, "metrics": {"m": 1}})
    assert rows["field"].tolist() == ["kind", "param: lr"]


def test_metric_bar_chart_highlights():
    frame = pd.DataFrame({"mae": [3.0, 4.0, 2.0]}, index=["a", "b", "ours"])
    fig = charts.metric_bar_chart(frame, "mae", highlight=["ours"])
    colours = dict(zip(fig.data[0].y, fig.data[0].marker.color, strict=True))
    assert colours["ours"] == charts.LINE_COLOUR and colours["a"] != charts.LINE_COLOUR
